"""The README documents every command, and the commands it shows exist."""

from __future__ import annotations

import re

import click
import pytest

from pipeline.cli import main

README = (__import__("pathlib").Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        out.append(full)
        if isinstance(cmd, click.Group):
            out.extend(_commands(cmd, full + " "))
    return out


@pytest.mark.parametrize("command", _commands(main))
def test_docs_every_command_has_a_readme_section(command):
    top = command.split()[0]
    assert re.search(rf"^### `thidua {re.escape(top)}", README, re.MULTILINE), f"README has no section for thidua {top}"
    assert f"thidua {command}" in README


def test_docs_readme_starts_with_the_two_commands():
    first_block = README.split("```bash", 1)[1].split("```", 1)[0]
    assert "thidua run corpus/ -o outputs/" in first_block
    assert "pytest" in first_block


def test_docs_ci_runs_the_readme_test_command(repo_root):
    ci = (repo_root / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q -e '.[test,dask]'" in ci and "pytest" in ci
    assert "pip install -e '.[test,dask]'" in README
