"""The extractor pipeline: registered names, order of requirements, results on the Doc."""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language

import extractors  # noqa: F401
from pipeline.extract import build_nlp

REGISTERED = Path(__file__).with_name("registered_components.json")


def test_extract_registered_names_match_committed_list():
    names = sorted(n for n in Language.factories if n.startswith("thidua"))
    assert names == json.loads(REGISTERED.read_text(encoding="utf-8"))


def test_extract_default_components_have_no_unmet_requirements(settings):
    nlp = build_nlp(settings.components)
    analysis = nlp.analyze_pipes()
    assert not any(analysis["problems"].values()), analysis["problems"]


def test_extract_components_fill_doc_attributes(make_doc, settings):
    from pipeline.extract import extract

    doc = make_doc("Sáng 12/5/2024, đồng chí Lê Văn Tám, Chủ tịch UBND tỉnh Quảng Ngãi trao Bằng khen cho 5 tập thể.")
    doc = extract(doc, settings)
    for name in settings.components:
        assert isinstance(doc._.get(name), list), name
