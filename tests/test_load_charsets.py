"""Decoding: BOMs, UTF-8 whatever the label says, declared charsets and windows-1258 chosen by what they decode to."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.load import declared_charsets, decode_named

TEXT = "Chủ tịch nước tặng Huân chương Lao động hạng Ba cho ông Nguyễn Văn Bường, huyện Đức Thọ"
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _cp1258(text: str) -> bytes:
    """windows-1258 as Vietnamese pages write it: base letters precomposed (ư, ơ, â…), tone marks combining."""
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        out.append((base + "".join(c for c in decomposed if c in _TONES)).encode("cp1258"))
    return b"".join(out)


@pytest.mark.parametrize("data, declared, expected", [
    (TEXT.encode("utf-8"), ["iso-8859-1"], "utf-8"),          # valid UTF-8 labelled latin-1 is UTF-8
    (_cp1258(TEXT), [], "cp1258"),
    (_cp1258(TEXT), ["iso-8859-1"], "cp1258"),               # mislabelled: windows-1252 would give "õÌ" for "ờ"
    (_cp1258(TEXT), ["utf-8"], "cp1258"),
    (_cp1258(TEXT), ["windows-1258"], "cp1258"),
    (_cp1258(TEXT), ["no-such-charset"], "cp1258"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), ["cp1258"], "utf-8-sig"),
])
def test_load_decode_named_picks_the_charset_that_reads_vietnamese(data, declared, expected):
    text, encoding = decode_named(data, declared)
    assert encoding == expected
    assert unicodedata.normalize("NFC", text) == TEXT


@pytest.mark.parametrize("html, expected", [
    (b'<html><head><meta charset="windows-1258"></head>', ["windows-1258"]),
    (b'<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">', ["utf-8"]),
    (b"<html><head><title>x</title></head>", []),
])
def test_load_declared_charsets(html, expected):
    assert declared_charsets(html) == expected
