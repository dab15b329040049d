"""The cleaning rules of the foundation: furniture out, other stories cut, captions kept, offsets true."""

from __future__ import annotations

import pytest

from pipeline.clean import clean
from pipeline.records import RawDocument

BODY = (
    "Sáng ngày 12/01/2024, UBND tỉnh Lạng Sơn tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2023.\n"
    "Đồng chí Hoàng Văn Nghiệm trao Bằng khen của Thủ tướng Chính phủ cho 3 tập thể."
)


def _clean(text, settings):
    return clean(RawDocument(source="t.txt", text=text), settings)


@pytest.mark.parametrize("furniture", [
    "Skip Ribbon Commands", "Skip to main content", "Aa", "Lên đầu trang", "Top", "DSC_2231.jpg",
    "Lạng Sơn tổng kết công tác thi đua năm 2023- Ảnh 2.",
])
def test_clean_drops_furniture_lines(settings, furniture):
    article = _clean(f"{furniture}\n{BODY}\n{furniture}", settings)
    assert furniture not in article.text
    assert "Hoàng Văn Nghiệm" in article.text


@pytest.mark.parametrize("placeholder", ["[image: ]", "[image: hội nghị]", "[bookmark: _GoBack]"])
def test_clean_drops_inline_placeholders(settings, placeholder):
    article = _clean(BODY.replace("Đồng chí", placeholder + "Đồng chí"), settings)
    assert "[" not in article.text and "Đồng chí Hoàng Văn Nghiệm" in article.text


@pytest.mark.parametrize("header", [
    "Tin liên quan", "Xem thêm", "Các tin khác", "Có thể bạn quan tâm", "Đọc thêm", "Ý kiến của bạn",
    "Phản hồi", "Chủ đề bạn có thể quan tâm",
])
def test_clean_cuts_the_stories_after_a_related_news_header(settings, header):
    other = "Chiều 5/3, tỉnh Cao Bằng trao Huân chương Lao động hạng Ba cho 2 tập thể."
    article = _clean(f"{BODY}\n{BODY}\n{header}\n{other}", settings)
    assert "Cao Bằng" not in article.text
    assert article.text.endswith("cho 3 tập thể.")


def test_clean_keeps_captions(settings):
    caption = "Đồng chí Lương Trọng Quỳnh trao Cờ thi đua của UBND tỉnh cho các tập thể (Ảnh: Minh Hà)"
    article = _clean(f"{BODY}\n[image: ]{caption}\n{BODY}", settings)
    assert "Lương Trọng Quỳnh trao Cờ thi đua" in article.text


def test_clean_sample_with_a_second_story_after_xem_them(settings, corpus_dir):
    path = corpus_dir / "002_321594b5d133b9b1.txt"
    text = path.read_text(encoding="utf-8")
    article = _clean(text, settings)
    assert "Xem thêm" in text
    cut = text.index("Xem thêm")
    assert len(article.text) < cut
    assert "Xem thêm" not in article.text


@pytest.mark.parametrize("raw, cleaned", [
    ("Thuỷ lợi hoà bình", "Thủy lợi hòa bình"),
    ("Ðồng chí", "Đồng chí"),
    ("ca\u0301 nhân", "cá nhân"),                  # decomposed tone mark
    ("tập\u00a0thể", "tập thể"),                    # no-break space
    ("khen\u200b thưởng", "khen thưởng"),           # zero-width space
])
def test_clean_normalises_unicode(settings, raw, cleaned):
    article = _clean(f"{BODY}\n{raw}", settings)
    assert article.text.endswith(cleaned)


def test_clean_offsets_map_back_to_the_source(settings):
    source = "Skip to main content\n[image: ]Chiều 8/3, hoà   giải viên Ðinh Thị Hoà nhận Bằng khen.\n" + BODY
    article = _clean(source, settings)
    assert len(article.offsets) == len(article.text) + 1
    for word in ("Chiều", "Bằng khen", "Hoàng Văn Nghiệm", "giải viên"):
        start = article.text.index(word)
        s, e = article.source_span(start, start + len(word))
        assert source[s:e] == word
    start = article.text.index("hòa")
    s, e = article.source_span(start, start + 3)
    assert source[s:e] == "hoà"


def test_clean_gazetteer_csv_refuses_a_row_split_by_an_unquoted_comma(monkeypatch, tmp_path):
    from gazetteer import loaders
    from pipeline.errors import GazetteerError

    bad = tmp_path / "bad.csv"
    bad.write_text("kind,pattern,note\nline,^.{0,300}$,a note\n", encoding="utf-8")
    monkeypatch.setattr(loaders, "_path", lambda name: bad)
    with pytest.raises(GazetteerError, match="bad.csv line 2: more fields"):
        loaders.read_csv("bad.csv")
