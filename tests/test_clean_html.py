"""HTML extraction: blocks of other stories and comments are dropped wherever the page puts them."""

from __future__ import annotations

import pytest

from pipeline.clean import html_to_text

ARTICLE = "".join(f"<p>{p}</p>" for p in (
    "Sáng 12/3, UBND tỉnh tổ chức hội nghị tổng kết công tác thi đua, khen thưởng năm 2024 với sự tham dự của lãnh đạo các sở, ngành.",
    "Năm 2024, phong trào thi đua yêu nước được triển khai sâu rộng, gắn với nhiệm vụ chính trị của từng cơ quan, đơn vị.",
))
AFTER = "<p>Dịp này, Chủ tịch UBND tỉnh tặng Bằng khen cho 20 tập thể và 25 cá nhân có thành tích xuất sắc trong năm 2024.</p>"
OTHER = "Thủ tướng tặng Bằng khen cho 61 tập thể của tỉnh bạn"


@pytest.mark.parametrize("block", [
    f'<div class="relate-news"><div class="title">Tin liên quan</div><ul><li><a href="/a">{OTHER}</a></li></ul></div>',
    f'<section><h3>Đọc thêm</h3><div><a href="/a">Tin khác</a><p>{OTHER}.</p></div></section>',
    f'<h3>Tin liên quan:</h3><ul><li><a href="/a">{OTHER}</a></li></ul>',
    f'<div class="comments"><b>Bình luận</b><div>Bạn đọc: {OTHER}</div></div>',
])
def test_clean_html_to_text_drops_other_stories_in_the_middle(block):
    html = f"<html><body><article><h1>Tổng kết thi đua</h1>{ARTICLE}{block}{AFTER}</article></body></html>"
    text, _ = html_to_text(html)
    assert "61 tập thể" not in text
    assert "20 tập thể và 25 cá nhân" in text and "phong trào thi đua yêu nước" in text


def test_clean_html_to_text_keeps_an_article_that_starts_with_a_header_word():
    html = f"<html><body><div><p>Đọc thêm</p>{ARTICLE}{AFTER}</div></body></html>"
    text, _ = html_to_text(html)
    assert "20 tập thể và 25 cá nhân" in text
