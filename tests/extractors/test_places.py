"""Provinces and districts named in the text, the event's province, and the administrative gazetteer."""

from __future__ import annotations

import pytest

from extractors.places import find_places, headline_span, names_local_unit
from gazetteer import loaders
from pipeline import resolve
from pipeline.errors import GazetteerError

CHAU_THANH = ["An Giang", "Bến Tre", "Hậu Giang", "Kiên Giang", "Long An", "Sóc Trăng", "Tiền Giang", "Trà Vinh", "Tây Ninh", "Đồng Tháp"]


def _found(text: str) -> list[tuple[str, list[str]]]:
    """(surface, provinces it may point to) for each place named, in order."""
    by_span: dict[tuple[int, int], tuple[str, list[str]]] = {}
    for m in find_places(text):
        surface, provinces = by_span.setdefault((m.char_start, m.char_end), (m.surface, []))
        provinces.append(m.province)
    return [(surface, sorted(provinces)) for surface, provinces in by_span.values()]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a unit word before the name
        ("UBND tỉnh Bạc Liêu tổ chức hội nghị", [("tỉnh Bạc Liêu", ["Bạc Liêu"])]),
        ("Tỉnh ủy Lạng Sơn tổng kết công tác năm", [("Tỉnh ủy Lạng Sơn", ["Lạng Sơn"])]),
        ("Thành ủy Hải Phòng phát động thi đua", [("Thành ủy Hải Phòng", ["Hải Phòng"])]),
        ("Tỉnh đoàn Bình Thuận trao Huy hiệu", [("Tỉnh đoàn Bình Thuận", ["Bình Thuận"])]),
        ("Chủ tịch UBND TP.Đà Nẵng phát biểu", [("TP.Đà Nẵng", ["Đà Nẵng"])]),
        ("Sở Nội vụ TP. Hồ Chí Minh công bố", [("TP. Hồ Chí Minh", ["Hồ Chí Minh"])]),
        ("thành phố Cần Thơ có 12 tập thể", [("thành phố Cần Thơ", ["Cần Thơ"])]),
        ("Bộ Chỉ huy BĐBP tỉnh Kiên Giang", [("tỉnh Kiên Giang", ["Kiên Giang"])]),
        ("Công an TP Hà Nội và Công an tỉnh Hòa Bình", [("TP Hà Nội", ["Hà Nội"]), ("tỉnh Hòa Bình", ["Hòa Bình"])]),
        ("Quyết định số 12/QĐ-UBND của UBND tỉnh Vĩnh Long", [("tỉnh Vĩnh Long", ["Vĩnh Long"])]),
        ("tỉnh Thanh Hóa và tỉnh Thanh Hoá", [("tỉnh Thanh Hóa", ["Thanh Hóa"]), ("tỉnh Thanh Hoá", ["Thanh Hóa"])]),
        # aliases
        ("Các đơn vị của TP.HCM được khen thưởng", [("TP.HCM", ["Hồ Chí Minh"])]),
        ("Đoàn công tác tỉnh Thừa Thiên Huế", [("tỉnh Thừa Thiên Huế", ["Huế"])]),
        ("Lễ đón nhận tại Thừa Thiên – Huế", [("Thừa Thiên – Huế", ["Huế"])]),
        ("Cán bộ Bà Rịa - Vũng Tàu nhận Bằng khen", [("Bà Rịa - Vũng Tàu", ["Bà Rịa - Vũng Tàu"])]),
        ("Nông dân Đăk Lắk sản xuất giỏi", [("Đăk Lắk", ["Đắk Lắk"])]),
        ("lễ kỷ niệm diễn ra tại Thủ đô Hà Nội", [("Thủ đô Hà Nội", ["Hà Nội"])]),
        # a bare name
        ("Hòa Bình đã có 12 tập thể được khen", [("Hòa Bình", ["Hòa Bình"])]),
        ("SƠN LA - Sáng 5/6, tỉnh tổ chức", [("SƠN LA", ["Sơn La"])]),
        ("Đài PT-TH Tiền Giang đưa tin", [("Tiền Giang", ["Tiền Giang"])]),
        ("Sở GD&ĐT Bắc Giang tổng kết năm học", [("Bắc Giang", ["Bắc Giang"])]),
        ("Tây Ninh và Long An (cũ) hợp nhất", [("Tây Ninh", ["Tây Ninh"]), ("Long An", ["Long An"])]),
        # a colon after the name ends it: the capitalised word after it is not part of the name
        ("Nông dân Lạng Sơn: Tích cực thi đua sản xuất", [("Lạng Sơn", ["Lạng Sơn"])]),
        # not places
        ("Huân chương Hồ Chí Minh được trao cho tỉnh", []),
        ("học tập và làm theo tư tưởng Hồ Chí Minh", []),
        ("Ông Nguyễn Thái Bình, Giám đốc Sở, phát biểu", []),
        ("bà Trần Thị Kim Ninh Bình nhận hoa", []),
        ("chị Hòa Bình đã nhận Bằng khen", []),
        ("đồng chí Cao Bằng phát biểu", []),
        ("khu vực châu Á - Thái Bình Dương", []),
        ("kỷ niệm chiến thắng Điện Biên Phủ", []),
        ("vì hòa bình và ổn định", []),
        ("UBND tỉnh bạc liêu tổ chức", []),
        ("Trường THPT Lê Quý Đôn tuyên dương học sinh", []),
        # districts, with the province they belong to
        ("huyện Quang Bình tổ chức lễ", [("huyện Quang Bình", ["Hà Giang"])]),
        ("tỉnh Quảng Bình tổ chức lễ", [("tỉnh Quảng Bình", ["Quảng Bình"])]),
        ("huyện Quảng Ninh và tỉnh Quảng Ninh", [("huyện Quảng Ninh", ["Quảng Bình"]), ("tỉnh Quảng Ninh", ["Quảng Ninh"])]),
        ("huyện Thạnh Hóa có 3 xã", [("huyện Thạnh Hóa", ["Long An"])]),
        ("nông dân huyện Châu Thành", [("huyện Châu Thành", CHAU_THANH)]),
        ("Huyện ủy Đức Trọng biểu dương", [("Huyện ủy Đức Trọng", ["Lâm Đồng"])]),
        ("Quận ủy Ninh Kiều phát động", [("Quận ủy Ninh Kiều", ["Cần Thơ"])]),
        ("tại phường 4, quận 7", [("quận 7", ["Hồ Chí Minh"])]),
        ("UBND TP. Bảo Lộc trao thưởng", [("TP. Bảo Lộc", ["Lâm Đồng"])]),
        ("thành phố Pleiku có 5 tập thể", [("thành phố Pleiku", ["Gia Lai"])]),
        ("thị xã Quảng Trị kỷ niệm", [("thị xã Quảng Trị", ["Quảng Trị"])]),
        ("huyện Mộc Châu và huyện Phú Mỹ", [("huyện Mộc Châu", ["Sơn La"]), ("huyện Phú Mỹ", ["Bà Rịa - Vũng Tàu"])]),
        ("Đức Trọng: Tổng kết phong trào thi đua", [("Đức Trọng", ["Lâm Đồng"])]),
        # two units of one name, told apart in the gazetteer by their type
        ("huyện Kỳ Anh và thị xã Kỳ Anh", [("huyện Kỳ Anh", ["Hà Tĩnh"]), ("thị xã Kỳ Anh", ["Hà Tĩnh"])]),
        ("huyện Anh Hùng được khen", []),
        # a web address names its province
        ("Tin: Minh Anh/baosoctrang.org.vn", [("baosoctrang.org.vn", ["Sóc Trăng"])]),
        ("Ảnh: thiduakhenthuong.camau.gov.vn", [("thiduakhenthuong.camau.gov.vn", ["Cà Mau"])]),
        ("Nguồn: vnexpress.net", []),
        # any white space between the unit word and the name, none after a full stop
        ("UBND tỉnh  Bạc Liêu", [("tỉnh  Bạc Liêu", ["Bạc Liêu"])]),
        ("UBND tỉnh\u00a0Bạc Liêu", [("tỉnh\u00a0Bạc Liêu", ["Bạc Liêu"])]),
        ("UBND TP.Cần Thơ", [("TP.Cần Thơ", ["Cần Thơ"])]),
        ("Bạc Liêu, tỉnh Bạc Liêu và BẠC LIÊU", [("Bạc Liêu", ["Bạc Liêu"]), ("tỉnh Bạc Liêu", ["Bạc Liêu"]), ("BẠC LIÊU", ["Bạc Liêu"])]),
    ],
)
def test_places_find_places(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text, typed, former",
    [
        ("tỉnh Cà Mau", True, False),
        ("Huyện ủy Đức Trọng", True, False),
        ("Cà Mau đạt nhiều thành tích", False, False),
        ("TP.HCM", True, False),
        ("Long An (cũ)", False, True),
        ("tỉnh Bắc Kạn trước đây", True, True),
    ],
)
def test_places_mention_flags(text, typed, former):
    (m,) = find_places(text)
    assert (m.typed, m.former) == (typed, former)


@pytest.mark.parametrize(
    "text, start_of_headline",
    [
        ("Aa\n\nBạc Liêu tổng kết phong trào thi đua năm 2021\nSáng 3/1", "Bạc Liêu tổng kết"),
        ("Skip to main content\nTuyên dương 20 điển hình tiên tiến", "Tuyên dương"),
        ("Trần Lân\nCà Mau trao Huân chương cho 4 cá nhân", "Cà Mau trao"),
        ("ngắn\nquá", None),
    ],
)
def test_places_headline_span(text, start_of_headline):
    span = headline_span(text)
    if start_of_headline is None:
        assert span is None
    else:
        assert text[span[0]:span[1]].startswith(start_of_headline)


def _province_of(text: str, title: str | None = None) -> tuple[str | None, str | None]:
    mentions = find_places(title, in_title=True) if title else []
    return resolve.province(mentions + find_places(text, offset=len(title or "") + 1))


@pytest.mark.parametrize(
    "title, text, expected",
    [
        (None, "UBND tỉnh Bạc Liêu tổ chức hội nghị. Bạc Liêu có 30 tập thể.", ("Bạc Liêu", "Cà Mau")),
        (None, "tỉnh Kon Tum tổng kết năm 2022", ("Kon Tum", "Quảng Ngãi")),
        (None, "Lãnh đạo tỉnh Bình Phước dự lễ", ("Bình Phước", "Đồng Nai")),
        (None, "Hội nghị tại Thừa Thiên Huế", ("Huế", "Huế")),
        # the headline beats the body, and breaks a tie
        ("Cà Mau tuyên dương 40 điển hình", "Đoàn tỉnh Sóc Trăng dự. Đoàn tỉnh Sóc Trăng tặng quà.", ("Cà Mau", "Cà Mau")),
        ("Cà Mau tuyên dương điển hình", "Đoàn tỉnh Sóc Trăng dự.", ("Cà Mau", "Cà Mau")),
        # a district named in several provinces: the rest of the article decides, else it does not vote
        (None, "Nông dân huyện Châu Thành, tỉnh Bến Tre được khen.", ("Bến Tre", "Vĩnh Long")),
        (None, "Nông dân huyện Châu Thành được khen.", (None, None)),
        (None, "huyện Quang Bình trao 20 Giấy khen", ("Hà Giang", "Tuyên Quang")),
        (None, "UBND huyện Đức Trọng và huyện Lâm Hà khen thưởng", ("Lâm Đồng", "Lâm Đồng")),
        # a national article naming one unit in each of several provinces
        (None, "Công an tỉnh Bắc Giang, Công an tỉnh Điện Biên và Công an tỉnh Sơn La được khen.", (None, None)),
        (None, "Bộ Giáo dục và Đào tạo trao danh hiệu Nhà giáo Ưu tú.", (None, None)),
        # two provinces tied: the host is named first
        (None, "UBND tỉnh Trà Vinh tiếp đoàn tỉnh Sóc Trăng.", ("Trà Vinh", "Vĩnh Long")),
        # after July 2025: the merged province is named directly, the former one marked "(cũ)"
        (None, "BĐBP tỉnh Tây Ninh trao Huân chương cho thủ trưởng BĐBP Long An (cũ) và Long An (cũ).", ("Tây Ninh", "Tây Ninh")),
        (None, "Ngày 8/9, xã Lệ Thủy, tỉnh Quảng Trị trao Bằng khen", ("Quảng Trị", "Quảng Trị")),
        # a person's name is no vote
        (None, "Ông Trần Thái Bình nhận Bằng khen của UBND tỉnh Vĩnh Phúc", ("Vĩnh Phúc", "Phú Thọ")),
    ],
)
def test_resolve_province(title, text, expected):
    assert _province_of(text, title) == expected


@pytest.mark.parametrize(
    "positions, article_province, expected",
    [
        (["Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"], "Bạc Liêu", "Bạc Liêu"),
        (["Chủ tịch UBND tỉnh Sóc Trăng"], "Cần Thơ", "Sóc Trăng"),
        (["Bí thư Huyện ủy, Chủ tịch HĐND huyện Đức Trọng"], "Bạc Liêu", "Lâm Đồng"),
        (["Giám đốc Công an tỉnh"], None, None),
        (["Bộ trưởng Bộ Quốc phòng"], "Cà Mau", None),
        (["Phó Chủ tịch nước"], "Cà Mau", None),
        ([], "Cà Mau", None),
    ],
)
def test_resolve_official_province(positions, article_province, expected):
    assert resolve.official_province(positions, article_province) == expected


@pytest.mark.parametrize("text, expected", [("Chủ tịch UBND tỉnh", True), ("Bí thư Thành ủy", True),
                                            ("Chủ tịch HĐND huyện", True), ("Thứ trưởng Bộ Nội vụ", False)])
def test_places_names_local_unit(text, expected):
    assert names_local_unit(text) is expected


def test_places_extractor_marks_headline_mentions(make_doc):
    from extractors.places import PlaceExtractor

    doc = PlaceExtractor()(make_doc("Aa\nCà Mau tuyên dương 40 điển hình tiên tiến\nĐoàn tỉnh Sóc Trăng dự lễ."))
    mentions = doc._.thidua_places
    assert [(m.province, m.in_title) for m in mentions] == [("Cà Mau", True), ("Sóc Trăng", False)]
    assert resolve.province(mentions) == ("Cà Mau", "Cà Mau")


def test_places_extractor_reads_the_url(settings):
    from extractors.places import PlaceExtractor
    from pipeline.clean import clean
    from pipeline.records import RawDocument
    from pipeline.tokenise import tokenise

    raw = RawDocument(source="a.json", text="Sáng 7/6, UBND tỉnh tổ chức hội nghị biểu dương điển hình.",
                      url="https://quangnam.gov.vn/tin-tuc/123")
    doc = PlaceExtractor()(tokenise(clean(raw, settings), settings))
    assert resolve.province(doc._.thidua_places) == ("Quảng Nam", "Đà Nẵng")


# --- the administrative gazetteer ---

def test_places_gazetteer_has_every_unit():
    levels = [u["level"] for u in loaders.admin_units()]
    assert (levels.count("province_pre2025"), levels.count("province_2025"), levels.count("district_pre2025")) == (63, 34, 696)
    new = {u["short"] for u in loaders.admin_units() if u["level"] == "province_2025"}
    assert set(loaders.province_2025_of().values()) == new


def test_places_gazetteer_agrees_with_underthesea():
    """The old → new mapping of every pre-2025 province is the one underthesea ships (Resolution 202/2025/QH15)."""
    from underthesea import convert_address

    for u in loaders.admin_units():
        if u["level"] == "province_pre2025":
            assert u["province_2025"] in str(convert_address(u["name"])), u["name"]


@pytest.mark.parametrize(
    "loader, file, rows, message",
    [
        (loaders.place_words, "place_words.csv", [{"label": "TOWN", "form": "thôn", "unit_type": ""}], "unknown label"),
        (loaders.place_words, "place_words.csv", [{"label": "DISTRICT_TYPE", "form": "xã", "unit_type": "xã"}], "unit_type"),
        (loaders.province_aliases, "province_aliases.csv", [{"form": "Hà Tây", "province": "Hà Tây"}], "no pre-2025 province"),
    ],
)
def test_places_loaders_refuse_bad_rows(monkeypatch, loader, file, rows, message):
    real = loaders.read_csv
    monkeypatch.setattr(loaders, "read_csv", lambda name, required=(): rows if name == file else real(name, required))
    loader.cache_clear()
    try:
        with pytest.raises(GazetteerError, match=message):
            loader()
    finally:
        loader.cache_clear()


# --- the sample and development articles end to end, scored by pipeline/evaluate.py

@pytest.mark.slow
@pytest.mark.parametrize("inputs, gold", [("seeds", "gold/seeds.jsonl"), ("dev/articles", "dev/gold.jsonl")])
def test_places_sample_article_fields(tmp_path, shared_dir, settings, inputs, gold):
    """province, province_2025 and event_date of every gold article that has them (accuracy 1.0)."""
    from pipeline.evaluate import evaluate
    from pipeline.run import run

    run(shared_dir / inputs, tmp_path, settings, progress=False)
    accuracies = evaluate(shared_dir / gold, tmp_path).accuracies
    for field in ("province", "province_2025", "event_date"):
        assert accuracies[field].wrong == [], field
        assert accuracies[field].total > 0


# --- the fast path finds what the plain patterns find ---

import dataclasses  # noqa: E402
import sys  # noqa: E402

import regex  # noqa: E402
from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402

from extractors import places as _places  # noqa: E402


def _plain_places(text):
    """`find_places` with every pattern run over the whole text (no automaton of names to say where)."""
    saved = _places._tables
    plain = dataclasses.replace(saved(), name_finder=None)
    _places._tables = lambda: plain
    try:
        return find_places(text)
    finally:
        _places._tables = saved


def test_places_string_classes_are_inside_the_pattern_classes():
    """What the fast path reads with `str` methods: `isalnum` ⊂ `[\\p{L}\\p{N}]`, `\\s` ⊂ `isspace`."""
    chars = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert regex.fullmatch(r"[\p{L}\p{N}]*", "".join(c for c in chars if c.isalnum()))
    assert all(c.isspace() for c in regex.findall(r"\s", chars))


def _real_lines(*folders):
    for folder in folders:
        for path in sorted(folder.iterdir()):
            text = path.read_text(encoding="utf-8", errors="replace")
            yield from text.splitlines()


def test_places_fast_path_on_real_lines(corpus_dir, shared_dir):
    lines = [x for x in _real_lines(corpus_dir, shared_dir / "dev" / "articles") if x.strip()]
    assert len(lines) > 100
    assert [x for x in lines if find_places(x) != _plain_places(x)] == []


_PIECES = ["tỉnh", "Tỉnh ủy", "TỈNH", "TP.", "TP", "thành phố", "quận", "Quận", "huyện", "Huyện ủy", "thị xã", "Hà Nội",
           "Hậu Giang", "HẬU GIANG", "Cần Thơ", "Long An", "Châu Thành", "Nguyễn", "3", "1", "12", "2023", "٣", "/", " ",
           "  ", "\u00a0", "\t", "\n", "\u001c", ".", ",", ":", "(cũ)", "trước đây", "x", "ǅ", "ſ", "K", "İ", "hagiang.gov.vn"]


@hsettings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_places_fast_path_on_crafted_strings(text):
    assert find_places(text) == _plain_places(text)
