"""Near-duplicates: syndicated copies of a story are duplicates, independent reports of the same ceremony are not."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.dedup import NearDuplicateIndex, signature, similarity

NUM_PERM, SHINGLE = 64, 5

# one ceremony, told by a provincial portal (the original), …
ORIGINAL = (
    "Ngày 12/3, UBND tỉnh Quảng Trị tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024 và phát động "
    "phong trào thi đua năm 2025. Dự hội nghị có đồng chí Võ Văn Hưng, Chủ tịch UBND tỉnh. "
    "Năm qua, các cấp, các ngành trong tỉnh đã tổ chức nhiều phong trào thi đua thiết thực, gắn với nhiệm vụ phát "
    "triển kinh tế - xã hội, bảo đảm quốc phòng, an ninh; nhiều mô hình hay, cách làm sáng tạo được nhân rộng. "
    "Công tác khen thưởng được thực hiện kịp thời, chính xác, công khai, chú trọng khen thưởng người lao động trực "
    "tiếp, công nhân, nông dân. Tại hội nghị, Chủ tịch UBND tỉnh trao Bằng khen của Thủ tướng Chính phủ cho 3 tập thể "
    "và 5 cá nhân; trao Cờ thi đua của UBND tỉnh cho 12 tập thể dẫn đầu các khối thi đua. "
    "Phát biểu chỉ đạo, đồng chí Chủ tịch UBND tỉnh đề nghị các sở, ngành, địa phương tiếp tục đổi mới nội dung, "
    "hình thức tổ chức các phong trào thi đua, phát hiện, bồi dưỡng và nhân rộng các điển hình tiên tiến."
)
# … the same story syndicated by another outlet: its own header and tail around the same body
SYNDICATED = (
    "Báo Quảng Trị điện tử - Thời sự - Chính trị\n\n"
    "(QTO) - " + ORIGINAL + "\n\nPV Minh Anh (tổng hợp)\n\nTin liên quan: Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 20"
)
# … and the same ceremony written up independently by a reporter who was there
INDEPENDENT = (
    "Sáng 12/3, tỉnh Quảng Trị tổng kết thi đua, khen thưởng năm 2024. Chủ tịch UBND tỉnh Võ Văn Hưng dự và chỉ đạo "
    "hội nghị. Theo báo cáo, phong trào thi đua năm 2024 được triển khai rộng khắp ở các cơ quan, đơn vị, địa "
    "phương, góp phần để tỉnh hoàn thành 20 trên 22 chỉ tiêu chủ yếu. Dịp này, 3 tập thể và 5 cá nhân được tặng "
    "Bằng khen của Thủ tướng Chính phủ; 12 tập thể nhận Cờ thi đua của UBND tỉnh vì dẫn đầu khối thi đua. "
    "Ông Võ Văn Hưng yêu cầu năm 2025 các ngành, các cấp bám sát nhiệm vụ chính trị, chọn nội dung thi đua cụ thể, "
    "dễ làm, dễ kiểm tra và kịp thời biểu dương những gương người tốt, việc tốt."
)


def _sig(text: str):
    return signature(text, NUM_PERM, SHINGLE)


@pytest.mark.parametrize("text, expected", [
    (SYNDICATED, True),
    (ORIGINAL.replace("Ngày 12/3", "Hôm 12/3"), True),
    (INDEPENDENT, False),
])
def test_dedup_copy_of_an_earlier_story(text, expected):
    index = NearDuplicateIndex(threshold=0.5, num_perm=NUM_PERM)
    assert index.check("original", _sig(ORIGINAL)) is None
    hit = index.check("later", _sig(text))
    assert (hit is not None and hit[0] == "original") is expected


@pytest.mark.parametrize("text, expected", [(ORIGINAL, ORIGINAL)])
def test_dedup_signature_same_text_same_signature(text, expected):
    assert similarity(_sig(text), _sig(expected)) == 1.0
    assert _sig(text).dtype.name == "uint32" and len(_sig(text)) == NUM_PERM


@pytest.mark.parametrize("order, expected", [
    (["a", "b", "c"], {"b": "a", "c": "a"}),   # a copy of a copy points to the first original
])
def test_dedup_points_to_the_earliest_original(order, expected):
    texts = {"a": ORIGINAL, "b": SYNDICATED, "c": SYNDICATED + " Bình luận (0)"}
    index = NearDuplicateIndex(threshold=0.5, num_perm=NUM_PERM)
    found = {}
    for key in order:
        hit = index.check(key, _sig(texts[key]))
        if hit:
            found[key] = hit[0]
    assert found == expected


@pytest.mark.parametrize("groups, expected", [
    ((1, 1), "original"),   # the same group: a copy
    ((1, 2), None),         # another group (other award counts): a new original
])
def test_dedup_copy_only_within_its_group(groups, expected):
    index = NearDuplicateIndex(threshold=0.5, num_perm=NUM_PERM)
    assert index.check("original", _sig(ORIGINAL), group=groups[0]) is None
    hit = index.check("later", _sig(SYNDICATED), group=groups[1])
    assert (hit[0] if hit else None) == expected


@pytest.mark.parametrize("files, expected", [
    ({"1_original.txt": ORIGINAL, "2_copy.txt": SYNDICATED, "3_report.txt": INDEPENDENT,
      # the same text with other counts (a correction, a template reused) reports new facts
      "4_recount.txt": SYNDICATED.replace("cho 3 tập thể", "cho 4 tập thể")},
     {"1_original.txt": "ok", "2_copy.txt": "duplicate", "3_report.txt": "ok", "4_recount.txt": "ok"}),
])
def test_dedup_run_marks_later_copies(tmp_path, settings, files, expected):
    from pipeline.run import run

    src = tmp_path / "in"
    src.mkdir()
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    run(src, tmp_path / "out", settings, progress=False)
    articles = pd.read_parquet(tmp_path / "out" / "articles.parquet").set_index("source")
    assert articles["status"].to_dict() == expected
    copy = articles.loc["2_copy.txt"]
    assert copy["duplicate_of"] == articles.loc["1_original.txt", "article_id"]
    awards = pd.read_parquet(tmp_path / "out" / "awards.parquet")
    assert copy["article_id"] not in set(awards["article_id"])   # a copy's awards are not counted twice
    assert articles.loc["3_report.txt", "article_id"] in set(awards["article_id"])


def test_dedup_sample_articles_are_not_copies(corpus_outputs):
    # five real articles, three of them about one province's emulation work: none copies another
    articles = pd.read_parquet(corpus_outputs / "articles.parquet")
    assert set(articles["status"]) == {"ok"}
    assert articles["duplicate_of"].isna().all()


_ODD_WORDS = ["Hà", "NỘI", "12", "1.500", "٣٤", "१२", "²", "Ⅻ", "ǅa", "e\u0301", "\u0301", "ß", "İ", "ﬁ", "x_y", "a-b",
              "“Dân", "vận”", "(TTXVN)", "😀", "-", "", "\u200b", "Σ", "ς"]
_ODD_GAPS = [" ", " ", "  ", "\t", "\n", "\u00a0", "\x1c", "\x1f", "\u3000", "\u2028", "", ",", "."]


def _plain_shingles(text: str, size: int) -> set[bytes]:
    import regex

    words = regex.findall(r"[\p{L}\p{N}]+", text.casefold())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def test_dedup_shingles_by_chunks_equal_the_plain_reading(repo_root, shared_dir, settings, monkeypatch):
    """The shingles of every sample text (raw and cleaned) and of thousands of odd strings are those of
    one `[\\p{L}\\p{N}]+` scan over the case-folded text, also when the chunk cache is emptied while reading."""
    import random

    from pipeline import dedup
    from pipeline.clean import clean
    from pipeline.load import read_documents

    texts = [ORIGINAL, SYNDICATED, INDEPENDENT, ""]
    for path in sorted([*(repo_root / "corpus").iterdir(), *(shared_dir / "dev" / "articles").iterdir()]):
        for raw in read_documents(path, path.name, settings):
            texts += [raw.text or "", clean(raw, settings.with_(min_letters=0, min_vietnamese_ratio=0.0)).text]
    rng = random.Random(5)
    texts += ["".join(rng.choice(_ODD_WORDS) + rng.choice(_ODD_GAPS) for _ in range(rng.randint(0, 12)))
              for _ in range(3000)]
    for size in (1, SHINGLE):
        for text in texts:
            assert dedup.shingles(text, size) == _plain_shingles(text, size), text
    monkeypatch.setattr(dedup._CHUNK_WORDS, "max_size", 3)
    for text in texts[::5]:
        assert dedup.shingles(text, SHINGLE) == _plain_shingles(text, SHINGLE), text
