"""The tokeniser: one Doc whose text is exactly the cleaned text, sentences per line, words realigned."""

from __future__ import annotations

import pytest

from pipeline.tokenise import split_sentences, word_tokens

TEXTS = [
    "Chiều 6/4, tỉnh Sóc Trăng tổng kết. Đồng chí Lâm Văn Mẫn trao Bằng khen cho 12 tập thể, 30 cá nhân.",
    "Tiêu đề không dấu chấm\nẢnh: Đồng chí Trần Văn Lâu trao Cờ thi đua   cho 05 đơn vị\n\nĐoạn cuối.",
    "Hơn 2.065 cá nhân được khen thưởng; 13,94% tăng trưởng… “Dân vận khéo” – phong trào!",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("mode", ["gated", "all", "none"])
def test_tokenise_doc_text_is_the_cleaned_text(make_doc, settings, text, mode):
    from pipeline.clean import clean
    from pipeline.records import RawDocument
    from pipeline.tokenise import tokenise

    s = settings.with_(min_letters=0, min_vietnamese_ratio=0.0, word_segmentation=mode)
    article = clean(RawDocument(source="t.txt", text=text), s)
    doc = tokenise(article, s)
    assert doc.text == article.text
    for sent in doc.sents:
        assert "\n" not in sent.text.strip()


def test_tokenise_sentences_follow_lines_and_stops():
    text = TEXTS[1]
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans][:2] == ["Tiêu đề không dấu chấm", "Ảnh: Đồng chí Trần Văn Lâu trao Cờ thi đua   cho 05 đơn vị"]


def test_tokenise_words_realign_to_the_text():
    text = "Đồng chí Lâm Văn Mẫn trao Bằng khen của Thủ tướng Chính phủ"
    spans = word_tokens(text, 0, len(text))
    assert all(text[s:e].strip() == text[s:e] for s, e in spans)
    assert "Bằng khen" in [text[s:e] for s, e in spans] or "Bằng" in [text[s:e] for s, e in spans]


@pytest.mark.parametrize("line", [
    "Tiêu đề không dấu chấm",
    "  Ảnh: Đồng chí Trần Văn Lâu trao Cờ thi đua   cho 05 đơn vị ",
    "Hà Nội, ngày 12/5/2024; 30 cá nhân được khen… “Dân vận khéo” – phong trào",
])
def test_tokenise_line_without_stop_is_one_sentence(line):
    """split_sentences skips underthesea on lines without ".", "?" or "!": it must read them as one sentence."""
    from underthesea import sent_tokenize

    assert sent_tokenize(line) == [line.strip()]
