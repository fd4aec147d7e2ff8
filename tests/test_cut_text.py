"""Text cut apart by a form's layout is joined again, never lost unsaid.

A goal printed as several rows beside one merged label cell, and an indicator's cell
that a page break carried in part to the next page's head, are read whole; a piece that
cannot be joined is noted on the form.  The shared disclosures show each case end to end
(tests/test_unlabelled_pdfs.py); these tests pin each rule with the smallest input.
"""

from __future__ import annotations

import pytest

from pipelines.parse.forms import parse_grids
from pipelines.parse.indicators import IndicatorColumns
from pipelines.parse.labelled import read_goals, read_indicator_table
from pipelines.parse.records import DepartmentForm, Form
from pipelines.read.grid import Row
from pipelines.read.pdf import seat_on_baseline
from pipelines.read.pdf_layout import grid_rows
from pipelines.read.pdf_table import Table, TableRow
from tests.grids import grid

COLS = IndicatorColumns(level1=1, level2=2, name=3, target=4)
INDICATORS = ["年度绩效指标\t一级指标\t二级指标\t三级指标\t指标值",
              "\t产出指标\t数量指标\t检查次数\t≥2次"]


def row(*cells: str, line: int = 1, blank: frozenset[int] = frozenset(),
        continued: bool = False) -> Row:
    return Row(cells=cells, line=line, locator=f"line {line}", blank_cells=blank,
               continued=continued)


def _form() -> Form:
    return Form(template="labelled", form_seq=1, title="甲项目绩效目标表", fiscal_year=None,
                project_name="甲", line=1, locator="line 1")


# --- a goal over several rows under one merged label ------------------------------------


def test_goal_rows_under_an_empty_label_cell_are_one_goal() -> None:
    lines = ["2026年专项资金整体绩效目标表", "专项（项目）名称\t甲",
             "年度总体目标\t目标1：检查。", "\t目标2：培训。", "\t目标3：演练。", "\t目标4：宣传。",
             *INDICATORS]
    (form,) = parse_grids([grid(lines)])
    assert isinstance(form, Form)
    assert form.annual_goal == "目标1：检查。\n目标2：培训。\n目标3：演练。\n目标4：宣传。"


def test_goal_rows_end_at_the_next_label() -> None:
    form = _form()
    read_goals(form, [row("实施期总目标", "五年内完成。", line=1),
                      row("", "分期实施。", line=2),
                      row("年度目标", "当年完成一期。", line=3),
                      row("", "当年验收。", line=4)])
    assert (form.overall_goal, form.annual_goal) == (
        "五年内完成。\n分期实施。", "当年完成一期。\n当年验收。")


def test_a_blank_label_cell_with_its_own_border_ends_the_goal() -> None:
    form = _form()
    read_goals(form, [row("年度目标", "当年完成。", line=1),
                      row("", "另一段文字", line=2, blank=frozenset({0}))])
    assert form.annual_goal == "当年完成。"


def test_a_row_with_text_beside_the_goal_column_ends_the_goal() -> None:
    form = _form()
    read_goals(form, [row("", "年度目标", "当年完成。", line=1),
                      row("备注", "", "另一段文字", line=2)])
    assert form.annual_goal == "当年完成。"


def test_department_goal_rows_under_an_empty_label_cell_are_one_goal() -> None:
    lines = ["2026年部门整体支出绩效目标表", "部门（单位）名称\t甲局",
             "年度总体目标\t目标1：保障运转。", "\t目标2：开展检查。", *INDICATORS]
    (form,) = parse_grids([grid(lines)])
    assert isinstance(form, DepartmentForm)
    assert form.annual_goal == "目标1：保障运转。\n目标2：开展检查。"


# --- an indicator cell cut by a page break -----------------------------------------------


def test_target_cut_by_the_page_break_is_joined_to_its_indicator() -> None:
    rows = [row("", "效益指标", "社会效益指标", "治理能力", "构建社会治理新格", line=1),
            row("", "", "", "", "局", line=2, blank=frozenset({0, 1, 2, 3}), continued=True),
            row("", "满意度指标", "服务对象满意度指标", "满意度", "≥95%", line=3)]
    notes: list[str] = []
    indicators, _ = read_indicator_table(rows, COLS, notes)
    assert [(i.name, i.target.raw) for i in indicators] == [
        ("治理能力", "构建社会治理新格局"), ("满意度", "≥95%")]
    assert notes == []


def test_a_whole_indicator_at_the_page_head_stays_its_own() -> None:
    rows = [row("", "产出指标", "数量指标", "检查次数", "≥2次", line=1),
            row("", "", "", "培训人次", "≥250", line=2, continued=True)]
    indicators, _ = read_indicator_table(rows, COLS)
    assert [i.name for i in indicators] == ["检查次数", "培训人次"]


def test_a_cut_piece_nothing_takes_is_noted() -> None:
    rows = [row("", "产出指标", "数量指标", "检查次数", "", line=1),
            row("", "", "", "", "局", line=2, continued=True)]
    notes: list[str] = []
    read_indicator_table(rows, COLS, notes)
    assert len(notes) == 1 and "line 2" in notes[0] and "局" in notes[0]


# --- glyphs whose font declares no ascent ------------------------------------------------


def _char(text: str, top: float, size: float, baseline: float, height: float = 600.0
          ) -> dict:
    return {"text": text, "top": top, "bottom": top + size, "doctop": top,
            "y0": height - top - size, "y1": height - top, "upright": True,
            "matrix": (1.0, 0.0, 0.0, 1.0, 0.0, height - baseline)}


def test_a_glyph_hung_below_its_baseline_is_seated_on_its_line() -> None:
    digit = _char("5", top=100.3, size=10.3, baseline=100.0)  # box from the baseline down
    han = _char("于", top=92.6, size=10.3, baseline=100.0)  # an ordinary glyph on that line
    seat_on_baseline([digit, han], 600.0)
    assert digit["top"] < han["bottom"] and digit["bottom"] > han["top"]  # one line
    assert abs(digit["bottom"] - (100.0 + 0.2 * 10.3)) < 1e-6
    assert digit["y1"] == pytest.approx(600.0 - digit["top"])
    assert (han["top"], han["bottom"]) == (92.6, 92.6 + 10.3)  # left as it was


# --- a merged cell's piece outside every table --------------------------------------------


def test_a_dropped_merged_cell_fragment_is_named_in_the_notes() -> None:
    first = Table(page=1, top=10.0, rows=[TableRow(10.0, [(40, "项目名称"), (120, "甲")], [],
                                                     "page 1 table 1 row 1")])
    items = [(10.0, first, "page 1 table 1"), (700.0, "产出指标", "page 2 line 1")]
    notes: list[str] = []
    assert [r.cells for r in grid_rows(items, notes)] == [("项目名称", "甲")]
    assert len(notes) == 1 and notes[0].startswith("page 2: ") and notes[0].endswith("产出指标")
