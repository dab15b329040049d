"""Encodings: every way Vietnamese text reaches disk comes back as the same NFC text; valid UTF-8 is never touched."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from pipeline.encodings import decode, from_legacy, repair_legacy, syllable_share, to_cp1258, to_legacy

ARTICLE = (
    "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc. "
    "Chủ tịch UBND tỉnh tặng Bằng khen cho 25 tập thể và 40 cá nhân có thành tích xuất sắc "
    "trong phong trào thi đua yêu nước năm 2024; đồng chí Nguyễn Văn Sơn trao Cờ thi đua."
)

# hand-written pairs, as the national motto is typed in every legacy government document
KNOWN_PAIRS = [
    ("tcvn3", "Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("tcvn3", "§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("tcvn3", "Thñ t­íng ChÝnh phñ tÆng B»ng khen", "Thủ tướng Chính phủ tặng Bằng khen"),
    ("vni", "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("vni", "Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("vni", "Thuû töôùng Chính phuû taëng Baèng khen", "Thủ tướng Chính phủ tặng Bằng khen"),
]


@pytest.mark.parametrize("encoding,legacy,unicode_text", KNOWN_PAIRS)
def test_encodings_known_pairs_convert_both_ways(encoding, legacy, unicode_text):
    assert from_legacy(legacy, encoding) == unicode_text
    assert to_legacy(unicode_text, encoding) == legacy


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_encodings_legacy_bytes_detected_and_converted(encoding):
    legacy = to_legacy(ARTICLE, encoding)
    assert legacy != ARTICLE
    decoded = decode(legacy.encode("cp1252"))
    assert decoded.encoding == encoding
    assert decoded.text == ARTICLE


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_encodings_legacy_letters_inside_utf8_converted(encoding):
    """A page saved as UTF-8 but typed in a .VnTime or VNI-Times font."""
    decoded = decode(to_legacy(ARTICLE, encoding).encode("utf-8"))
    assert decoded.encoding == f"utf-8+{encoding}"
    assert decoded.text == ARTICLE


@pytest.mark.parametrize(
    "data,encoding",
    [
        (ARTICLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8-sig"),
        (ARTICLE.encode("utf-16"), "utf-16"),
        (ARTICLE.encode("utf-16-le"), "utf-16-le"),
        (ARTICLE.encode("utf-16-be"), "utf-16-be"),
        (ARTICLE.encode("utf-32"), "utf-32"),
        (to_cp1258(ARTICLE), "cp1258"),
        (unicodedata.normalize("NFD", ARTICLE).encode("utf-8"), "utf-8"),
    ],
)
def test_encodings_decode_every_unicode_and_windows_form(data, encoding):
    decoded = decode(data)
    assert decoded.encoding == encoding
    assert unicodedata.normalize("NFC", decoded.text) == ARTICLE


@pytest.mark.parametrize(
    "declared,expected",
    [([], "cp1258"), (["iso-8859-1"], "cp1258"), (["windows-1252"], "cp1258"), (["utf-8"], "cp1258"),
     (["windows-1258"], "cp1258"), (["no-such-charset"], "cp1258")],
)
def test_encodings_declared_charset_tried_but_what_reads_vietnamese_wins(declared, expected):
    decoded = decode(to_cp1258(ARTICLE), declared)
    assert decoded.encoding == expected and decoded.text == ARTICLE


def test_encodings_legacy_bytes_win_over_a_declared_charset():
    decoded = decode(to_legacy(ARTICLE, "tcvn3").encode("cp1252"), ["windows-1252"])
    assert decoded.encoding == "tcvn3" and decoded.text == ARTICLE


def test_encodings_cp1258_comes_back_composed():
    """Python's cp1258 codec gives decomposed tones; decode returns NFC."""
    decoded = decode(to_cp1258("Việt Nam"))
    assert decoded.text == "Việt Nam" and unicodedata.is_normalized("NFC", decoded.text)


@pytest.mark.parametrize(
    "text",
    [
        "L'hôpital général a été fermé. Déjà vu, très élégant, à côté de la forêt où ça dépend.",
        "Größere Änderungen für Übersetzer: Straße, Fußgänger, schön, süß.",
        "El niño comió piñata en España; ¿qué más? ¡Olé!",
        "© 2024 Báo Điện tử. Giá: 15.000đ · Liên hệ",
        "Cà phê sữa đá, bánh mì, phở bò",
        "Tổng cộng: 1.234 tập thể; 5,6 tỷ đồng — «Bằng khen» ± 10%",
    ],
)
def test_encodings_valid_utf8_left_as_it_is(text):
    assert decode(text.encode("utf-8")).text == text
    assert repair_legacy(text) == (text, None)


_VI_WORDS = ("Cộng", "hòa", "xã", "hội", "chủ", "nghĩa", "Việt", "Nam", "tặng", "Bằng", "khen", "cho", "tập", "thể",
             "cá", "nhân", "Huân", "chương", "Lao", "động", "hạng", "Nhì", "đồng", "chí", "Đảng", "ủy", "năm", "Ông",
             "Bà", "Quý", "Thủy", "phong", "trào", "thi", "đua", "Hà", "Nội", "Đà", "Nẵng", "Huế", "Phú", "Yên")
_ANY_WORD = st.one_of(st.sampled_from(_VI_WORDS), st.text(st.characters(codec="utf-8"), max_size=8),
                      st.sampled_from(("2024", "25", "©", "±", "«", "»", "·", "%", "-", ";", ":")))


@hsettings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_VI_WORDS), min_size=1, max_size=40), st.lists(_ANY_WORD, max_size=10))
def test_encodings_vietnamese_utf8_never_converted(words, noise):
    """Valid Vietnamese UTF-8, with any noise mixed in, decodes to itself."""
    text = " ".join(words + noise)
    assert decode(text.encode("utf-8")).text == text


@hsettings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_encodings_any_bytes_decode_without_error(data):
    decoded = decode(data)
    assert isinstance(decoded.text, str) and decoded.encoding


@pytest.mark.parametrize(
    "text,expected",
    [("Cộng hòa xã hội", (1.0, 4)), ("Céng hoµ x· héi", (0.25, 4)), ("Coäng hoøa xaõ hoäi", (0.25, 4)),
     ("« © · ±", (0.0, 0))],
)
def test_encodings_syllable_share_separates_unicode_from_legacy(text, expected):
    assert syllable_share(text) == expected


def _might_be_legacy_plain(text: str) -> bool:
    """The legacy-font suspicion read in one pass over the whole text."""
    import regex

    unicode_only = len(regex.findall(r"[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]", text))
    latin1 = len(regex.findall(r"[\u00a0-\u00ff]", text))
    return unicode_only <= 0.02 * len(text) and latin1 > 0 and unicode_only <= 0.02 * latin1


_MIXED = st.lists(st.one_of(st.sampled_from(_VI_WORDS), st.sampled_from([p[1] for p in KNOWN_PAIRS]),
                            st.sampled_from(("ă", "Ư", "ạ", "é", "µ", "\u00a0", " ", "2024"))), max_size=60)


@hsettings(max_examples=300, deadline=None)
@given(_MIXED, st.integers(0, 200))
def test_encodings_legacy_suspicion_by_pieces_equals_one_pass(words, padding):
    from pipeline.encodings import _might_be_legacy

    text = " ".join(words) + " x" * padding
    assert _might_be_legacy(text) == _might_be_legacy_plain(text)
    assert _might_be_legacy(text[::-1]) == _might_be_legacy_plain(text[::-1])  # Unicode letters late in the text
