"""Places in the words people use: one translator for the report, messages and letters."""

from __future__ import annotations

import pytest

from pipelines.read.locators import place_label, where_label


@pytest.mark.parametrize(("locator", "line", "expected"), [
    ("page 39 table 1 row 2", None, "第 39 页 表 1 第 2 行"),
    ("page 30 line 2", None, "第 30 页 第 2 行"),
    ("line 12, col 4", None, "第 12 行第 4 列"),
    ("sheet 项目 row 3 表 row 5, col 3", None, "工作表「项目 row 3 表」第 5 行第 3 列"),
    ("table 2 row 5", None, "表 2 第 5 行"),
    ("paragraph 3", None, "第 3 段"),
    (None, 12, "第 12 行"),
    (None, None, ""),
])
def test_place_label_spells_out_the_whole_locator(locator: str | None, line: int | None,
                                                  expected: str) -> None:
    assert place_label(locator, line) == expected


def test_where_label_names_only_what_a_unit_looks_for() -> None:
    """A letter cites the page of a PDF, where the report names the row on it too."""
    assert where_label("page 39 table 1 row 2", 46) == "第 39 页"
    assert place_label("page 39 table 1 row 2", 46) == "第 39 页 表 1 第 2 行"
