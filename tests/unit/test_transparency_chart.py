"""The transparency report's chart has a text alternative: an image with a title and the chart in
words for assistive technology, and the same words under it on the page."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

from rtcc_desktop.footage.transparency import TransparencyReport, chart_text, to_html


class Svg(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attrs: dict[str, str | None] = {}
        self.texts: dict[str, str] = {}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.attrs = dict(attrs)
        if tag in ("title", "desc", "figcaption"):
            self._in = dict(attrs).get("id") or tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.texts[self._in] = self.texts.get(self._in, "") + data


def test_the_chart_says_every_bar_in_words() -> None:
    report = TransparencyReport(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC),
                                requests_by_status={"fulfilled": 7, "pending_owner": 3, "denied": 1},
                                requests_total=11)
    page = to_html(report)
    svg = Svg()
    svg.feed(page)
    assert svg.attrs.get("role") == "img"
    labelled = (svg.attrs.get("aria-labelledby") or "").split()
    assert [svg.texts.get(i) for i in labelled] == ["Footage requests by outcome", chart_text(report)]
    assert svg.texts["figcaption"] == chart_text(report)
    words = chart_text(report)
    for status, n in (("fulfilled", 7), ("pending owner", 3), ("denied", 1)):
        assert f"{status}: {n}" in words
    assert "11 in all" in words


def test_an_empty_period_still_says_so() -> None:
    report = TransparencyReport(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
    assert re.search(r"0 in all: none: 0\.", chart_text(report))
    assert "<desc id=\"chart-desc\">" in to_html(report)
