"""The parser's and the text reader's shortcuts give what the long way gives.

Issue 22 took per-cell work off the parse (a whitespace squeeze without a regex, a
printable cell joined by a strip, one search per tab-separated line instead of one per
cell, the indicator header's cheap test).  Each shortcut claims to be exact; these
properties check the claim against the plain definition on any text, including the
line breaks, wide spaces, tags and control characters the readers meet.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pipelines.parse.indicators import find_indicator_header
from pipelines.parse.vocabulary import join_wrapped, squeeze
from pipelines.read.grid import Row
from pipelines.read.text import clean_cell, tsv_cells

# what cells are made of: CJK and ASCII words, every kind of space and line break, tags,
# entities and tabs, so that every branch of the shortcuts is met
_PIECES = st.sampled_from([
    "指标", "名称", "三级", "内容", "目标值", "a", "B1", "90", "%", " ", "  ", "\t", "\n", "\r\n",
    "\r", "\u3000", "\u00a0", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\u2028",
    "\u2029", "<br>", "<p>x</p>", "&amp;", "&", "<", "\x00",
])
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=12).map("".join)
_WHITESPACE = re.compile(r"\s+")


def _join_wrapped_by_lines(text: str) -> str:
    """``join_wrapped`` as first written: line by line, whatever the text."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    joined = lines[0]
    for line in lines[1:]:
        ascii_gap = re.match(r"[A-Za-z0-9]", joined[-1]) and re.match(r"[A-Za-z0-9]", line[0])
        joined += (" " if ascii_gap else "") + line
    return joined


@given(_TEXT)
def test_squeeze_removes_what_a_whitespace_regex_removes(text: str) -> None:
    assert squeeze(text) == _WHITESPACE.sub("", text)


@given(_TEXT)
def test_join_wrapped_of_a_printable_cell_is_its_line_by_line_join(text: str) -> None:
    assert join_wrapped(text) == _join_wrapped_by_lines(text)


@given(_TEXT)
def test_a_tab_separated_line_is_cleaned_as_its_cells_one_by_one(line: str) -> None:
    assert tsv_cells(line) == tuple(clean_cell(cell) for cell in line.split("\t"))


@given(st.lists(_TEXT, min_size=1, max_size=6))
def test_the_header_test_finds_no_header_where_no_cell_holds_a_hint(cells: list[str]) -> None:
    """The cheap test joins the cells; a hint may never be found across two of them."""
    row = Row(cells=tuple(cells), line=1, locator="line 1")
    if not any(hint in cell for cell in cells for hint in ("三级", "名称", "内容")):
        assert find_indicator_header(row) is None


def test_a_header_row_is_still_found() -> None:
    """The cheap test lets a real header through (the other side of the property above)."""
    row = Row(cells=("一级指标", "二级指标", "三级指标", "指标值"), line=1, locator="line 1")
    cols = find_indicator_header(row)
    assert cols is not None and (cols.level1, cols.level2, cols.name, cols.target) == (0, 1, 2, 3)
