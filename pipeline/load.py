"""Load: find the input files, read their bytes, decode them into `RawDocument`s."""

from __future__ import annotations

import codecs
import json
import logging
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

from .errors import InputError
from .records import RawDocument
from .settings import Settings

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# magic numbers of files that are certainly not articles
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")


def iter_input_files(input_path: Path) -> Iterator[tuple[Path, str]]:
    """(path, source) for every file under input_path, sorted, skipping dot-files and dot-folders.

    Dot-folders hold what tools put beside a corpus (the scraper's raw pages and manifest).
    Symlinked folders are not followed, so a link loop cannot trap the walk.
    """
    input_path = Path(input_path)
    if not input_path.exists():
        raise InputError(f"{input_path} does not exist; give a folder of articles or one article file")
    if input_path.is_file():
        yield input_path, input_path.name
        return
    for dirpath, dirnames, filenames in os.walk(input_path, followlinks=False, onerror=lambda e: log.warning("cannot list %s: %s", e.filename, e)):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            yield path, path.relative_to(input_path).as_posix()


def declared_charsets(html: bytes) -> list[str]:
    """Charsets an HTML page declares in its first bytes (<meta charset> or http-equiv), in order."""
    return [m.decode("ascii").lower() for m in _META_CHARSET.findall(html[:4096])]


def decode(data: bytes, declared: Sequence[str] = ()) -> str:
    """Bytes to text (see `decode_named`)."""
    return decode_named(data, declared)[0]


def decode_named(data: bytes, declared: Sequence[str] = ()) -> tuple[str, str]:
    """Bytes to (text, the encoding used).

    1. a BOM; 2. strict UTF-8 (a page labelled iso-8859-1 that is valid UTF-8 is UTF-8);
    3. UTF-16 without BOM; 4. the best of the declared charsets (HTTP header, <meta>),
    charset-normalizer's guess and windows-1258 (Vietnamese legacy pages): among those that
    decode strictly, the one giving most Vietnamese letters, the earliest on a tie (windows-1258
    mislabelled windows-1252 decodes, but to "õÌ" where it means "ờ").

    Raises UnicodeDecodeError when nothing fits.
    """
    for bom, encoding in _BOMS:  # 1.
        if data.startswith(bom):
            return data.decode(encoding), encoding
    try:  # 2.
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # 3. every other byte NUL in mostly-ASCII text
    if len(data) >= 4 and data[1::2].count(0) > len(data) // 4:
        return data.decode("utf-16-le"), "utf-16-le"
    if len(data) >= 4 and data[0::2].count(0) > len(data) // 4:
        return data.decode("utf-16-be"), "utf-16-be"
    import charset_normalizer

    from .clean import vietnamese_letters

    candidates = [c for c in declared if c and not c.replace("-", "").replace("_", "").startswith("utf8")]  # 4.
    guess = charset_normalizer.from_bytes(data[:200_000]).best()
    candidates += [guess.encoding] if guess is not None else []
    best, best_score = None, -1
    for name in [*candidates, "cp1258"]:
        try:
            text = data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
        score = vietnamese_letters(unicodedata.normalize("NFC", text))
        if score > best_score:
            best, best_score = (text, codecs.lookup(name).name), score
    if best is None:
        data.decode("cp1258")  # raises with the reason
    return best


def looks_binary(data: bytes) -> bool:
    head = data[:1024]
    if head.startswith(_BINARY_MAGIC):
        return True
    if b"\x00" in head and not (head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4):
        return True
    return False


def _rejected(source: str, status: str, error: str) -> RawDocument:
    return RawDocument(source=source, status=status, error=error)


def _from_record(record: dict, source: str) -> RawDocument:
    from .resolve import parse_iso_date

    text, html = record.get("text"), record.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        return _rejected(source, "error", "JSON record has neither 'text' nor 'html'")
    return RawDocument(
        source=source,
        text=text if isinstance(text, str) else None,
        html=html if isinstance(html, str) else None,
        url=record.get("final_url") or record.get("url"),
        title=record.get("title"),
        published=parse_iso_date(record.get("published")),
    )


def read_documents(path: Path, source: str, settings: Settings) -> list[RawDocument]:
    """The documents of one input file (a .jsonl file holds several); never raises."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            return [_rejected(source, "error", f"file too large ({size:,} bytes > max_bytes {settings.max_bytes:,})")]
        data = path.read_bytes()
    except OSError as exc:
        return [_rejected(source, "error", f"cannot read file: {exc.strerror or exc}")]
    if suffix not in settings.suffixes:
        return [_rejected(source, "error", f"unsupported file type {suffix or '(none)'}; thidua reads {', '.join(settings.suffixes)}")]
    if not data.strip():
        return [_rejected(source, "empty", "file is empty")]
    if looks_binary(data):
        return [_rejected(source, "error", "binary file, not text")]
    try:
        text = decode(data, declared_charsets(data) if suffix in (".html", ".htm") else ())
    except UnicodeDecodeError as exc:
        return [_rejected(source, "error", f"cannot decode text: {exc.reason}")]
    if suffix in (".html", ".htm"):
        return [RawDocument(source=source, html=text)]
    if suffix == ".json":
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            return [_rejected(source, "error", f"invalid JSON: {exc.msg} at line {exc.lineno}")]
        if not isinstance(record, dict):
            return [_rejected(source, "error", "JSON file does not hold one object")]
        return [_from_record(record, source)]
    if suffix == ".jsonl":
        docs = []
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            sub_source = f"{source}#{lineno}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                docs.append(_rejected(sub_source, "error", f"invalid JSON line: {exc.msg}"))
                continue
            docs.append(_from_record(record, sub_source) if isinstance(record, dict) else _rejected(sub_source, "error", "JSON line is not an object"))
        return docs or [_rejected(source, "empty", "JSON Lines file has no records")]
    return [RawDocument(source=source, text=text)]
