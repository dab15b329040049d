"""Load: find the input files, read their bytes, decode them into `RawDocument`s.

Whatever a path holds (nothing, an image, a link loop, a FIFO, bytes in an old
encoding), reading it yields documents or one rejected document with a reason:
`read_documents` never raises, so a bad file never stops a run.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

import regex

from . import encodings
from .encodings import repair_legacy
from .errors import InputError
from .records import RawDocument
from .settings import Settings

log = logging.getLogger(__name__)

# magic numbers of files that are certainly not articles, and what they are
_BINARY_MAGIC = (
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "zip archive (also .docx, .xlsx, .epub)"),
    (b"PK\x05\x06", "zip archive"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf", "7z archive"),
    (b"\xd0\xcf\x11\xe0", "old Office document (.doc, .xls)"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3", "SQLite database"),
)
_HEAD_BYTES = 4096
# control characters no text file has (tab, newlines, form feed and escape excepted)
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01
_SURROGATE = regex.compile(r"[\ud800-\udfff]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charsets(html: bytes) -> list[str]:
    """Charsets an HTML page declares in its first bytes (<meta charset> or http-equiv), in order."""
    return [m.decode("ascii").lower() for m in _META_CHARSET.findall(html[:4096])]


def decode_named(data: bytes, declared: Sequence[str] = ()) -> tuple[str, str]:
    """Bytes to (NFC text, the encoding used); see `pipeline.encodings.decode`. Never raises."""
    decoded = encodings.decode(data, declared)
    return decoded.text, decoded.encoding


def decode(data: bytes, declared: Sequence[str] = ()) -> str:
    """Bytes to NFC text (see `decode_named`)."""
    return decode_named(data, declared)[0]


def display_name(relative: str) -> str:
    """A file name as text: UTF-8 names as they are, other bytes written as \\xNN (never lone surrogates)."""
    raw = os.fsencode(relative)
    return raw.decode("utf-8", errors="backslashreplace")


def iter_input_files(input_path: Path) -> Iterator[tuple[Path, str]]:
    """(path, source) for every file under input_path, sorted, skipping dot-files and dot-folders.

    Dot-folders hold what tools put beside a corpus (the scraper's raw pages and manifest).
    Symlinked folders are followed once: a folder already walked (a link loop, two links
    to one folder) is not entered again. A folder that cannot be listed is yielded itself,
    so it gets an `articles` row saying so. Raises InputError when there is nothing at all.
    """
    input_path = Path(input_path)
    if not input_path.exists() and not input_path.is_symlink():
        raise InputError(f"{input_path} does not exist; give a folder of articles or one article file")
    if not input_path.is_dir():
        yield input_path, display_name(input_path.name)
        return
    found = False
    seen: set[tuple[int, int]] = set()
    stack = [input_path]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                log.warning("%s: folder already read (a link loop or a second link to it); not read again", folder)
                continue
            seen.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            if folder == input_path:
                raise InputError(f"cannot list {input_path}: {exc.strerror or exc}; check its permissions") from exc
            found = True
            yield folder, display_name(folder.relative_to(input_path).as_posix())
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False  # a link loop: read_documents says so
            if is_dir:
                subfolders.append(path)
            else:
                found = True
                yield path, display_name(path.relative_to(input_path).as_posix())
        stack.extend(reversed(subfolders))
    if not found:
        raise InputError(f"{input_path} holds no files to read; give a folder of articles (.txt, .html, .json, .jsonl)")


def looks_binary(head: bytes) -> str | None:
    """What kind of binary file these first bytes start, or None when they may be text."""
    for magic, kind in _BINARY_MAGIC:
        if head.startswith(magic):
            return kind
    if head[4:8] == b"ftyp":
        return "video or image (ISO media)"
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "image or media (RIFF)"
    if b"\x00" in head:
        # NULs are only text in UTF-16/32, where they fill every other (or every fourth) byte
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if not (even > len(head) // 4 or odd > len(head) // 4):
            return "binary data (NUL bytes)"
    return None


def _rejected(source: str, status: str, error: str) -> RawDocument:
    return RawDocument(source=source, status=status, error=error)


def _string(value) -> str | None:
    """A JSON field as text: only strings count; lone surrogates (broken \\ud83d escapes) become U+FFFD."""
    if not isinstance(value, str):
        return None
    return _SURROGATE.sub("\ufffd", value)


def _from_record(record: dict, source: str) -> RawDocument:
    from .resolve import parse_iso_date

    text, html = _string(record.get("text")), _string(record.get("html"))
    if text is None and html is None:
        return _rejected(source, "error", "invalid_json: record has neither 'text' nor 'html'")
    title = _string(record.get("title"))
    return RawDocument(
        source=source,
        text=repair_legacy(text)[0] if text is not None else None,
        html=repair_legacy(html)[0] if html is not None else None,
        url=_string(record.get("final_url")) or _string(record.get("url")),
        title=repair_legacy(title)[0] if title else None,
        published=parse_iso_date(record.get("published")),
    )


def _unreadable(exc: OSError) -> str:
    return f"unreadable: {exc.strerror or exc}" + (" (a symbolic link loop)" if exc.errno == errno.ELOOP else "")


def read_documents(path: Path, source: str, settings: Settings) -> list[RawDocument]:
    """The documents of one input file (a .jsonl file holds several); never raises."""
    try:
        return _read_documents(Path(path), source, settings)
    except Exception as exc:  # whatever went wrong, this file gets its row and the run goes on
        log.warning("%s: reading failed: %s", source, exc, exc_info=log.isEnabledFor(logging.DEBUG))
        return [_rejected(source, "error", f"unreadable: {type(exc).__name__}: {exc}")]


def _read_documents(path: Path, source: str, settings: Settings) -> list[RawDocument]:
    suffix = path.suffix.lower()
    try:
        info = path.stat()
    except OSError as exc:
        if path.is_symlink() and exc.errno != errno.ELOOP:
            return [_rejected(source, "error", f"unreadable: broken symbolic link ({exc.strerror or exc})")]
        return [_rejected(source, "error", _unreadable(exc))]
    if stat.S_ISDIR(info.st_mode):
        try:
            os.listdir(path)
            reason = "a folder that could not be listed"
        except OSError as exc:
            reason = f"cannot list folder: {exc.strerror or exc}"
        return [_rejected(source, "error", f"unreadable: {reason}")]
    if not stat.S_ISREG(info.st_mode):
        return [_rejected(source, "error", "unreadable: not a regular file (a FIFO, socket or device)")]
    if info.st_size > settings.max_bytes:
        return [_rejected(source, "error", f"too_large: file has {info.st_size:,} bytes, over max_bytes {settings.max_bytes:,} "
                                           "(raise [load] max_bytes with --config to read it)")]
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD_BYTES)
            kind = looks_binary(head)
            if kind is None and suffix in settings.suffixes:
                data = head + fh.read()
    except OSError as exc:
        return [_rejected(source, "error", _unreadable(exc))]
    if kind is not None:
        return [_rejected(source, "error", f"binary: {kind}, not text")]
    if suffix not in settings.suffixes:
        return [_rejected(source, "error", f"unsupported: file type {suffix or '(none)'}; thidua reads {', '.join(settings.suffixes)}")]
    if not data.strip():
        return [_rejected(source, "empty", "file is empty" if not data else "file holds only whitespace")]
    text, encoding = decode_named(data, declared_charsets(data) if suffix in (".html", ".htm") else ())
    if encoding != "utf-8":
        log.debug("%s: read as %s", source, encoding)
    head_text = text[:_HEAD_BYTES]
    if len(_CONTROL.findall(head_text)) > _MAX_CONTROL_SHARE * max(len(head_text), 1):
        return [_rejected(source, "error", "binary: control characters, not text")]
    if suffix in (".html", ".htm"):
        return [RawDocument(source=source, html=text)]
    if suffix == ".json":
        try:
            record = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            return [_rejected(source, "error", f"invalid_json: {getattr(exc, 'msg', 'nested too deeply')}"
                                               + (f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""))]
        if not isinstance(record, dict):
            return [_rejected(source, "error", "invalid_json: file does not hold one object")]
        return [_from_record(record, source)]
    if suffix == ".jsonl":
        docs = []
        for lineno, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            sub_source = f"{source}#{lineno}"
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                docs.append(_rejected(sub_source, "error", f"invalid_json: line does not parse ({getattr(exc, 'msg', 'nested too deeply')})"))
                continue
            docs.append(_from_record(record, sub_source) if isinstance(record, dict)
                        else _rejected(sub_source, "error", "invalid_json: line is not an object"))
        return docs or [_rejected(source, "empty", "JSON Lines file has no records")]
    return [RawDocument(source=source, text=text)]
