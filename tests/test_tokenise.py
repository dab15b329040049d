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


# --- syllable tokens read chunk by chunk (the fast path of _DocWords.add_syllables) ---

_ODD = [
    "a", "Hà", "Nội", "12", "1.500.000", "12/5/2024", "13,94%", "Pa-Ri", "X-Quang", "Y-Bih", "-", "–", "…", "...",
    "“Dân", "vận”", "(TTXVN)", "\u00a0", "\t", "\x1c", "\x1d", "\x1e", "\x1f", "\u200b", "\u3000", "\u2028", "\r",
    "e\u0301", "\u0301", "\u0301a", "٣٤", "१२", "²", "Ⅻ", "ǅa", "😀", "A.", "B;", ":", "", " ", "  ", "x\ty", "3-A",
]


def _odd_strings(n: int = 1500) -> list[str]:
    import random

    rng = random.Random(6)
    out = []
    for _ in range(n):
        pieces = [rng.choice(_ODD) for _ in range(rng.randint(1, 12))]
        out.append("".join(p + rng.choice([" ", " ", " ", "", "  ", "\t", "\u00a0"]) for p in pieces))
    return out


def _texts_of_the_samples(repo_root, shared_dir, settings) -> list[str]:
    from pipeline.clean import clean
    from pipeline.load import read_documents

    texts = []
    folders = [repo_root / "corpus", shared_dir / "dev" / "articles"]
    for path in sorted(p for folder in folders for p in folder.iterdir() if p.is_file()):
        for raw in read_documents(path, path.name, settings):
            texts.append(raw.text or "")
            texts.append(clean(raw, settings.with_(min_letters=0, min_vietnamese_ratio=0.0)).text)
    return texts


def _syllable_docs(text: str, sentences: list[tuple[int, int]]) -> tuple[bytes, bytes]:
    """The Doc of `text` built by add_syllables and by the plain definition (add_spans of syllable_tokens)."""
    from pipeline.tokenise import _DocWords, syllable_tokens

    fast, plain = _DocWords(text), _DocWords(text)
    for s, e in sentences:
        fast.add_syllables(s, e)
        plain.add_spans(syllable_tokens(text, s, e), s)
    return fast.doc().to_bytes(exclude=["user_data"]), plain.doc().to_bytes(exclude=["user_data"])


def test_tokenise_syllables_by_chunks_equal_the_pattern(repo_root, shared_dir, settings, monkeypatch):
    """Every sentence of the samples (raw and cleaned) and thousands of odd strings: the same tokens,
    spaces and sentence starts as `syllable_tokens`, also when the chunk cache is emptied while reading."""
    from pipeline.tokenise import _chunk_tokens, bound_sentences, split_sentences, vocab

    cases = [(t, bound_sentences(t, split_sentences(t), settings.max_sentence_chars))
             for t in _texts_of_the_samples(repo_root, shared_dir, settings)]
    cases += [(t, [(0, len(t))] if t else []) for t in _odd_strings()]
    cases += [(t, split_sentences(t)) for t in _odd_strings()]
    for text, sentences in cases:
        fast, plain = _syllable_docs(text, sentences)
        assert fast == plain, (text, sentences)
    monkeypatch.setattr(_chunk_tokens(vocab()), "max_size", 3)
    for text, sentences in cases[:: 7]:
        fast, plain = _syllable_docs(text, sentences)
        assert fast == plain, (text, sentences)


# --- sentence spans without underthesea's character loop (_punkt_spans) ---

_LINE_PIECES = [
    "Hà Nội", "ngày 12.5.2024", "1.500.000 đồng", "TP.HCM", "Tp.", "tp. Hà Tĩnh", "TS.", "ThS. Lê", "e.g.", "A.", "b.",
    "Mr.", "...", "....", "…", "..", ".", "?", "!", "?!", "!.", "...Ông", "... ông", "...\tAnh", "Đ.", "đ.c", "3.",
    ".5", "v.v.", "U.N.C.L.E.", "“Dân vận khéo”.", "(TTXVN).", "\u00a0", "\t", "\r", " ", "  ", "\x1c", "\u3000",
    "Ả", "ư", "٣.٤", "x.١", "ǅ.", "É...", "k.l.", "</i.", "ve….", "2.", "12/5.", "a", "Z",
]


def _odd_lines(n: int = 3000) -> list[str]:
    import random

    rng = random.Random(11)
    return ["".join(rng.choice(_LINE_PIECES) + rng.choice(["", " ", " ", "  ", "\t"]) for _ in range(rng.randint(1, 14)))
            for _ in range(n)]


def test_tokenise_sentence_spans_equal_underthesea(repo_root, shared_dir, settings):
    """Every line of the samples (raw and cleaned) and thousands of crafted lines: the sentences of
    `_punkt_spans` are underthesea's `sent_tokenize`, one for one."""
    from underthesea import sent_tokenize

    from pipeline.tokenise import _LINE, _punkt_abbreviations, _punkt_spans

    abbreviations = _punkt_abbreviations()
    if abbreviations is None:
        pytest.skip("another underthesea version: split_sentences calls it itself")
    lines = [m.group(0) for t in _texts_of_the_samples(repo_root, shared_dir, settings) for m in _LINE.finditer(t)]
    for line in lines + _odd_lines():
        assert [line[s:e] for s, e in _punkt_spans(line, abbreviations)] == sent_tokenize(line), line


def test_tokenise_split_sentences_same_without_the_mirror(repo_root, shared_dir, settings, monkeypatch):
    """split_sentences gives the same spans through `_punkt_spans` as through underthesea itself."""
    from pipeline import tokenise

    texts = _texts_of_the_samples(repo_root, shared_dir, settings) + ["\n".join(_odd_lines(400))]
    fast = [tokenise.split_sentences(t) for t in texts]
    monkeypatch.setattr(tokenise, "_punkt_abbreviations", lambda: None)
    assert [tokenise.split_sentences(t) for t in texts] == fast
