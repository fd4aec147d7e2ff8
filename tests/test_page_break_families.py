"""Layouts broken by page breaks, each rule pinned by the smallest input that shows it.

The disclosures themselves (西安 工业和信息化局, 应急管理局 in
../shared/forms/pdf-unlabelled/) are checked end to end by tests/test_unlabelled_pdfs.py.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from pipelines.parse.forms import parse_grids
from pipelines.parse.indicators import find_indicator_header, join_cut_levels
from pipelines.parse.labelled import read_indicator_table
from pipelines.parse.records import DepartmentForm
from pipelines.read.grid import Grid, Row
from pipelines.read.pdf_open_cells import _open_rows
from pipelines.read.pdf_page import _header_over_table, _table
from pipelines.read.pdf_table import Table, TableRow


def row(*cells: str, line: int = 1, continued: bool = False,
        blanks: frozenset[int] = frozenset()) -> Row:
    return Row(cells=cells, line=line, locator=f"page 1 table 1 row {line}",
               continued=continued, blank_cells=blanks)


# --- the first row of a continued page drawn without its top border ------------------------


def test_a_frame_cell_merged_down_the_table_does_not_close_the_first_row() -> None:
    """The left frame column is one cell from the table's top to its foot; the first
    row's other cells have no top border.  That row is open in every other column."""
    frame = (35.0, 36.0, 74.0, 268.0)
    second = [(135.0, 72.0, 249.0, 135.0), (249.0, 72.0, 539.0, 135.0)]
    table = SimpleNamespace(
        bbox=(35.0, 36.0, 539.0, 268.0),
        cells=[frame, *second, (135.0, 135.0, 249.0, 268.0), (249.0, 135.0, 539.0, 268.0)],
        rows=[SimpleNamespace(bbox=frame), SimpleNamespace(bbox=(135.0, 72.0, 539.0, 135.0)),
              SimpleNamespace(bbox=(135.0, 135.0, 539.0, 268.0))],
    )
    assert _open_rows(table, (249.0, 539.0)) == [0]
    assert _open_rows(table, (35.0, 74.0)) == []


# --- a box drawn inside a cell ----------------------------------------------------------------


def test_a_box_drawn_inside_a_cell_is_no_column_of_its_own() -> None:
    """「≥99%」 framed by a box inside its cell: the few-point margins are no cells and
    the text starts where the cell does, in the same column as the rows above."""
    cells = [(249.0, 10.0, 497.0, 20.0), (497.0, 10.0, 502.0, 20.0),
             (502.0, 10.0, 697.0, 20.0), (697.0, 10.0, 702.0, 20.0)]
    found = SimpleNamespace(
        bbox=(249.0, 10.0, 702.0, 20.0), cells=cells,
        rows=[SimpleNamespace(bbox=(249.0, 10.0, 702.0, 20.0), cells=cells)],
        extract=lambda: [["指标1：校园卫生合格率", "", "≥99%", ""]],
    )
    (parsed,) = _table(found, 48, 1).rows
    assert parsed.cells == [(249.0, "指标1：校园卫生合格率"), (497.0, "≥99%")]
    assert parsed.blanks == []


# --- a vertical level cell cut by a page break ----------------------------------------------

HEADER = row("一级指标", "二级指标", "指标内容", "指标值")


def _indicators(rows: list[Row]) -> list[tuple[Any, ...]]:
    cols = find_indicator_header(HEADER)
    assert cols is not None
    indicators, _ = read_indicator_table(rows, cols)
    return [(i.level1, i.level2, i.name) for i in indicators]


def test_a_level_cell_cut_in_two_by_a_page_break_is_one_level() -> None:
    rows = [
        row("产出指标", "数量指标", "指标1：发布信息", "60期", line=2),
        row("效", "经济效益指标", "指标1：服务能力", "提升", line=3),
        row("益指标", "", "指标2：满意度", "提升", line=4, continued=True),
        row("", "社会效益指标", "指标1：影响力", "提高", line=5),
    ]
    assert _indicators(rows) == [
        ("产出指标", "数量指标", "指标1：发布信息"),
        ("效益指标", "经济效益指标", "指标1：服务能力"),
        ("效益指标", "经济效益指标", "指标2：满意度"),
        ("效益指标", "社会效益指标", "指标1：影响力"),
    ]


def test_a_piece_of_the_level_carried_down_continues_it() -> None:
    """The next page repeats the tail of the merged cell: no level of its own."""
    rows = [
        row("效益指标", "经济效益指标", "指标1：服务能力", "提升", line=2),
        row("益指标", "", "指标2：满意度", "提升", line=3, continued=True),
    ]
    assert [level1 for level1, _, _ in _indicators(rows)] == ["效益指标", "效益指标"]


def test_only_a_continued_row_joins_a_level_cell() -> None:
    rows = [row("效", "经济效益指标", "甲", "1", line=2), row("益指标", "", "乙", "2", line=3)]
    assert join_cut_levels(rows, find_indicator_header(HEADER)) == rows  # type: ignore[arg-type]


# --- an indicator header whose 一级 cell is drawn blank -------------------------------------


def test_a_blank_bordered_cell_left_of_the_level2_header_is_the_level1_column() -> None:
    header = row("", "", "二级指标", "指标内容", "指标值", blanks=frozenset({0, 1}))
    cols = find_indicator_header(header)
    assert cols is not None
    assert (cols.level1, cols.level2, cols.name, cols.target) == (1, 2, 3, 4)


def test_a_level2_header_alone_without_a_drawn_cell_beside_it_is_no_header() -> None:
    assert find_indicator_header(row("", "", "二级指标", "指标内容", "指标值")) is None


def test_a_department_form_whose_level1_header_is_blank_loads() -> None:
    rows = (
        Row(cells=("2022年部门整体支出绩效目标表",), line=1, locator="page 56 line 2"),
        row("部门（单位）名称", "", "甲局", "", "", line=2),
        row("年度总体目标", "目标1：甲", "", "", "", line=3),
        row("", "", "二级指标", "指标内容", "指标值", line=4, blanks=frozenset({0, 1})),
        row("", "产出指标", "数量指标", "指标1：人员工资支付率", "100%", line=5),
        row("", "", "", "指标2：评估报告", "13份", line=6, continued=True),
    )
    (form,) = parse_grids([Grid(source="x.pdf", rows=rows)])
    assert isinstance(form, DepartmentForm)
    assert [(i.level1, i.level2, i.name) for i in form.indicators] == [
        ("产出指标", "数量指标", "指标1：人员工资支付率"),
        ("产出指标", "数量指标", "指标2：评估报告"),
    ]


# --- a header row drawn without its top border ---------------------------------------------


def _line(words: list[tuple[float, str]], top: float = 29.0) -> dict[str, Any]:
    chars = [{"text": ch, "x0": x + 8 * i, "x1": x + 8 * (i + 1), "top": top,
              "bottom": top + 8} for x, word in words for i, ch in enumerate(word)]
    return {"chars": chars, "top": top, "bottom": top + 8}


RULES = [(x, 26.0, 342.0) for x in (46.0, 143.0, 326.0, 395.0, 546.0, 795.0)]


def _body() -> Table:
    table = Table(page=40, top=39.0)
    table.rows.append(TableRow(39.0, [(326.0, "数量指标"), (395.0, "指标1：检查"),
                                       (546.0, "≥80%")], [], "page 40 table 1 row 1"))
    return table


def test_a_header_line_over_the_table_columns_is_its_first_row() -> None:
    table = _body()
    line = _line([(219.0, "一级指标"), (346.0, "二级指标"), (455.0, "指标内容"),
                  (659.0, "指标值")])
    assert _header_over_table(line, RULES, [table], "page 40 line 1")
    assert table.rows[0].cells == [(143.0, "一级指标"), (326.0, "二级指标"),
                                   (395.0, "指标内容"), (546.0, "指标值")]
    assert table.rows[0].locator == "page 40 line 1"


def test_a_sentence_or_a_title_above_a_table_stays_a_line() -> None:
    title = _line([(300.0, "2019年专项资金整体支出绩效目标表")])
    assert not _header_over_table(title, RULES, [_body()], "page 40 line 1")
    sentence = _line([(400.0, "单位"), (430.0, "万元"), (460.0, "合计")])  # one column
    assert not _header_over_table(sentence, RULES, [_body()], "page 40 line 1")


def test_a_header_line_far_above_the_table_stays_a_line() -> None:
    line = _line([(219.0, "一级指标"), (346.0, "二级指标"), (455.0, "指标内容")], top=5.0)
    assert not _header_over_table(line, RULES, [_body()], "page 40 line 1")
