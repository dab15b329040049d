"""The evaluation rules of spec/evaluation.md, on hand-made outputs whose scores are known."""

from __future__ import annotations

import json

import pytest

from pipeline.evaluate import evaluate, format_table, normalise_position, normalise_text
from pipeline.records import ArticleResult, ArticleRow, Award, Official, Theme
from pipeline.write import write_outputs


def _write(tmp_path, results, formats=("parquet", "csv")):
    out = tmp_path / "out"
    write_outputs(results, out, formats, {"command": "test"})
    return out


def _gold(tmp_path, objects):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(o, ensure_ascii=False) for o in objects), encoding="utf-8")
    return path


def _article(source, **kw):
    return ArticleRow(article_id=f"id-{source}", source=source, **kw)


def _award(award_id, award_class=None, **kw):
    return Award(award_id=award_id, award_name=award_id, award_class=award_class, **kw)


def _gold_award(award_id, award_class=None, group=None, **kw):
    base = {"award_id": award_id, "award_class": award_class, "n_collectives": None, "n_individuals": None,
            "n_households": None, "n_mixed": None, "qualifier": "exact", "group": group, "status": "awarded",
            "recipients": []}
    return base | kw


def _scores(result):
    return result.to_dict()["scores"]


def test_evaluate_counts_exact_match_and_wrong_value(tmp_path):
    results = [ArticleResult(article=_article("a.txt"), awards=[
        _award("bang_khen_tinh", n_collectives=12, n_individuals=30),
        _award("co_thi_dua_tinh", n_collectives=7),
    ])]
    gold = [{"source": "a.txt", "awards": [
        _gold_award("bang_khen_tinh", n_collectives=12, n_individuals=31),
        _gold_award("co_thi_dua_tinh", n_collectives=7),
    ], "award_mentions": ["bang_khen_tinh", "co_thi_dua_tinh"]}]
    s = _scores(evaluate(_gold(tmp_path, gold), _write(tmp_path, results)))["count_facts"]
    assert (s["tp"], s["fp"], s["fn"]) == (2, 1, 1)
    assert s["f1"] == pytest.approx(2 / 3, abs=1e-4)


@pytest.mark.parametrize("field, pred, gold_value", [
    ("qualifier", "more_than", "exact"),
    ("status", "proposed", "awarded"),
])
def test_evaluate_counts_qualifier_and_status_must_match(tmp_path, field, pred, gold_value):
    results = [ArticleResult(article=_article("a.txt"), awards=[_award("bang_khen_thu_tuong", n_mixed=40, **{field: pred})])]
    gold = [{"source": "a.txt", "awards": [_gold_award("bang_khen_thu_tuong", n_mixed=40, **{field: gold_value})]}]
    s = _scores(evaluate(_gold(tmp_path, gold), _write(tmp_path, results)))["count_facts"]
    assert (s["tp"], s["fp"], s["fn"]) == (0, 1, 1)


def test_evaluate_counts_class_is_part_of_the_key(tmp_path):
    results = [ArticleResult(article=_article("a.txt"), awards=[_award("huan_chuong_lao_dong", "Nhì", n_individuals=2)])]
    gold = [{"source": "a.txt", "awards": [_gold_award("huan_chuong_lao_dong", "Ba", n_individuals=2)]}]
    s = _scores(evaluate(_gold(tmp_path, gold), _write(tmp_path, results)))["count_facts"]
    assert (s["tp"], s["fp"], s["fn"]) == (0, 1, 1)


def test_evaluate_counts_groups_key_on_all_members(tmp_path):
    shared = dict(n_mixed=11, group_id="x7")
    results = [ArticleResult(article=_article("a.txt"), awards=[
        _award("huan_chuong_lao_dong", "các hạng", **shared), _award("bang_khen_thu_tuong", **shared)])]
    gold = [{"source": "a.txt", "awards": [
        _gold_award("bang_khen_thu_tuong", group="g1", n_mixed=11),
        _gold_award("huan_chuong_lao_dong", "các hạng", group="g1", n_mixed=11)]}]
    s = _scores(evaluate(_gold(tmp_path, gold), _write(tmp_path, results)))["count_facts"]
    assert (s["tp"], s["fp"], s["fn"]) == (2, 0, 0)


def test_evaluate_counts_a_group_split_into_single_rows_does_not_match(tmp_path):
    results = [ArticleResult(article=_article("a.txt"), awards=[
        _award("huan_chuong_lao_dong", "các hạng", n_mixed=11), _award("bang_khen_thu_tuong", n_mixed=11)])]
    gold = [{"source": "a.txt", "awards": [
        _gold_award("bang_khen_thu_tuong", group="g1", n_mixed=11),
        _gold_award("huan_chuong_lao_dong", "các hạng", group="g1", n_mixed=11)]}]
    s = _scores(evaluate(_gold(tmp_path, gold), _write(tmp_path, results)))["count_facts"]
    assert (s["tp"], s["fp"], s["fn"]) == (0, 2, 2)


def test_evaluate_optional_items_neither_reward_nor_punish(tmp_path):
    results = [ArticleResult(article=_article("a.txt"), awards=[_award("khen_thuong_tinh", n_individuals=900)])]
    gold_found = [{"source": "a.txt", "awards": [_gold_award("khen_thuong_tinh", n_individuals=900, optional=True),
                                                 _gold_award("bang_khen_tinh", n_collectives=5)]}]
    s = _scores(evaluate(_gold(tmp_path, gold_found), _write(tmp_path, results)))["count_facts"]
    assert (s["tp"], s["fp"], s["fn"]) == (0, 0, 1)
    results = [ArticleResult(article=_article("a.txt"), awards=[_award("bang_khen_tinh", n_collectives=5)])]
    s = _scores(evaluate(_gold(tmp_path, gold_found), _write(tmp_path, results)))["count_facts"]
    assert (s["tp"], s["fp"], s["fn"]) == (1, 0, 0)


def test_evaluate_award_mentions_ignore_other_and_count_each_id_once(tmp_path):
    results = [ArticleResult(article=_article("a.txt"), awards=[
        _award("bang_khen_tinh", n_collectives=3), _award("bang_khen_tinh", n_individuals=4),
        _award("other", issuer="Liên đoàn Lao động tỉnh"), _award("giay_khen")])]
    gold = [{"source": "a.txt", "award_mentions": ["bang_khen_tinh", "huan_chuong_lao_dong", "other"]}]
    s = _scores(evaluate(_gold(tmp_path, gold), _write(tmp_path, results)))["award_mentions"]
    assert (s["tp"], s["fp"], s["fn"]) == (1, 1, 1)


def test_evaluate_recipients_compare_normalised_names(tmp_path):
    results = [ArticleResult(article=_article("a.txt"), awards=[
        _award("huan_chuong_lao_dong", "Nhì", recipients=["ông Lê Văn Hoà".split(" ", 1)[1], "Công ty X"])])]
    gold = [{"source": "a.txt", "awards": [_gold_award("huan_chuong_lao_dong", "Nhì", recipients=["Lê Văn Hòa"])]}]
    s = _scores(evaluate(_gold(tmp_path, gold), _write(tmp_path, results)))["recipients"]
    assert (s["tp"], s["fp"], s["fn"]) == (1, 1, 0)


def test_evaluate_officials_and_positions(tmp_path):
    results = [ArticleResult(article=_article("a.txt"), officials=[
        Official(name="Trần Thị Mai", positions=["Phó Chủ tịch UBND tỉnh Nam Định"]),
        Official(name="Lê Quốc Bảo", positions=["Bí thư Huyện ủy", "Chủ tịch HĐND huyện"]),
        Official(name="Vũ Minh", positions=[]),
    ])]
    gold = [{"source": "a.txt", "officials": [
        {"name": "Trần Thị Mai", "positions": ["Phó Chủ tịch Ủy ban nhân dân tỉnh"], "is_former": False},
        {"name": "Lê Quốc Bảo", "positions": ["Bí thư Huyện ủy"], "is_former": False},
        {"name": "Đặng Hữu Phúc", "positions": ["Giám đốc Sở Nội vụ"], "is_former": False},
        {"name": "Vũ Minh", "positions": [], "optional": True},
    ]}]
    s = _scores(evaluate(_gold(tmp_path, gold), _write(tmp_path, results)))
    assert (s["officials"]["tp"], s["officials"]["fp"], s["officials"]["fn"]) == (2, 0, 1)
    assert (s["positions"]["tp"], s["positions"]["fp"], s["positions"]["fn"]) == (2, 1, 0)


@pytest.mark.parametrize("a, b", [
    ("Chủ tịch UBND tỉnh Hà Giang", "Chủ tịch Ủy ban nhân dân tỉnh"),
    ("Ủy viên BTV Tỉnh ủy Bắc Kạn", "Ủy viên Ban Thường vụ Tỉnh ủy"),
    ("Ủy viên Trung ương Đảng", "Ủy viên Ban Chấp hành Trung ương Đảng"),
    ("Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", "Chủ tịch Ủy ban Mặt trận Tổ quốc tỉnh"),
    ("Phó Chủ tịch Thường trực HĐND thành phố Cần Thơ", "Phó Chủ tịch Thường trực Hội đồng nhân dân thành phố"),
    ("Bí thư Thành ủy Đà Nẵng", "bí thư thành ủy"),
    ("“Chủ tịch LĐLĐ tỉnh”", "Chủ tịch Liên đoàn Lao động tỉnh"),
])
def test_evaluate_positions_normalise_alike(a, b):
    assert normalise_position(a) == normalise_position(b)


@pytest.mark.parametrize("a, b", [
    ("Thuỷ lợi  hoà bình.", "thủy lợi hòa bình"),
    ("\u201cDân vận khéo\u201d", "dân vận khéo"),
    ("Ð\u00f4ng", "đông"),
])
def test_evaluate_normalise_text(a, b):
    assert normalise_text(a) == normalise_text(b)


def test_evaluate_themes_similarity_and_one_to_one(tmp_path):
    results = [ArticleResult(article=_article("a.txt"), themes=[
        Theme(text="Thi đua dạy tốt, học tốt", kind="phong trào"),
        Theme(text="Thi đua dạy tốt học tốt!", kind="phong trào"),      # a near copy cannot match twice
        Theme(text="Xanh, sạch, đẹp", kind="phong trào"),
        Theme(text="Năm kỷ cương", kind="chủ đề"),
    ])]
    gold = [{"source": "a.txt", "themes": [
        {"text": "Thi đua “Dạy tốt, học tốt”", "kind": "phong trào"},
        {"text": "Năm kỷ cương hành chính", "kind": "chủ đề"},
        {"text": "“Xanh, sạch, đẹp”", "kind": "phong trào", "optional": True},
    ]}]
    s = _scores(evaluate(_gold(tmp_path, gold), _write(tmp_path, results)))["themes"]
    # matched: the first; optional matched: neutral; spurious: the near copy; "Năm kỷ cương" is below 0.85
    assert (s["tp"], s["fp"], s["fn"]) == (1, 2, 1)


def test_evaluate_article_fields_accuracy_skips_null_gold(tmp_path):
    from datetime import date

    results = [
        ArticleResult(article=_article("a.txt", province="Hà Giang", province_2025="Tuyên Quang", event_date=date(2023, 12, 27))),
        ArticleResult(article=_article("b.txt", province="Hà Nam", province_2025="Ninh Bình")),
    ]
    gold = [
        {"source": "a.txt", "province": "Hà Giang", "province_2025": "Tuyên Quang", "event_date": "2023-12-27"},
        {"source": "b.txt", "province": "Nam Định", "province_2025": "Ninh Bình", "event_date": None},
    ]
    acc = evaluate(_gold(tmp_path, gold), _write(tmp_path, results)).to_dict()["accuracy"]
    assert acc["province"]["accuracy"] == 0.5
    assert acc["province_2025"]["accuracy"] == 1.0
    assert (acc["event_date"]["correct"], acc["event_date"]["total"]) == (1, 1)


def test_evaluate_reads_csv_when_parquet_is_absent(tmp_path):
    results = [ArticleResult(article=_article("a.txt"), awards=[
        _award("bang_khen_tinh", n_collectives=3, recipients=["Trường THCS Kim Đồng"])])]
    gold = [{"source": "a.txt", "awards": [_gold_award("bang_khen_tinh", n_collectives=3, recipients=["Trường THCS Kim Đồng"])],
             "award_mentions": ["bang_khen_tinh"]}]
    s = _scores(evaluate(_gold(tmp_path, gold), _write(tmp_path, results, formats=("csv",))))
    assert s["count_facts"]["f1"] == 1.0
    assert s["recipients"]["f1"] == 1.0


def test_evaluate_unmatched_gold_article_counts_as_missed(tmp_path):
    results = [ArticleResult(article=_article("a.txt"))]
    gold = [{"source": "zzz.txt", "awards": [_gold_award("bang_khen_tinh", n_collectives=3)]}]
    result = evaluate(_gold(tmp_path, gold), _write(tmp_path, results))
    assert result.unmatched_sources == ["zzz.txt"]
    assert result.scores["count_facts"].fn == 1
    assert "not found: zzz.txt" in format_table(result)


def test_evaluate_refuses_a_folder_without_tables(tmp_path):
    from pipeline.errors import EvaluationError

    with pytest.raises(EvaluationError, match="thidua run"):
        evaluate(_gold(tmp_path, [{"source": "a.txt"}]), tmp_path)


def test_evaluate_cli_table_json_and_details(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main

    results = [ArticleResult(article=_article("a.txt"), awards=[_award("bang_khen_tinh", n_collectives=4)])]
    gold = _gold(tmp_path, [{"source": "a.txt", "awards": [_gold_award("bang_khen_tinh", n_collectives=5)],
                             "award_mentions": ["bang_khen_tinh"]}])
    out = _write(tmp_path, results)
    table = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--outputs", str(out)])
    assert table.exit_code == 0 and "count_facts" in table.output and "award_mentions" in table.output
    as_json = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--outputs", str(out), "--json"])
    scores = json.loads(as_json.output)["scores"]
    assert scores["count_facts"]["f1"] == 0.0 and scores["award_mentions"]["f1"] == 1.0
    details = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--outputs", str(out), "--details"])
    assert "count_facts missed: a.txt" in details.output and "count_facts spurious: a.txt" in details.output
