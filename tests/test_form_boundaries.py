"""Forms never run into the form before them, and money rows never become indicators.

Each rule with the smallest input that shows it: a title wrapped over several lines or
overprinted is one title (the PDF layout), a project name in a title is whole, money
rows after an indicator table start another form (quarantined when its title was
missed, never stored as the form before's indicators).  The last test holds the
invariant over every real disclosure in ../shared/forms.
"""

from __future__ import annotations

from typing import Any

import pytest

from pipelines.parse.forms import parse_grids
from pipelines.parse.indicators import find_indicator_header, is_fund_row
from pipelines.parse.labelled import read_indicator_table
from pipelines.parse.labels import is_fund_label
from pipelines.parse.records import Form, FormError, FormProblem
from pipelines.parse.titles import project_name_in_title, title_line, unit_in_title_name
from pipelines.read.grid import DocumentFacts, Grid, Row
from pipelines.read.pdf_text import join_wrapped_titles, split_overlaid
from tests.grids import grid


def _char(text: str, x0: float, top: float, size: float = 18.0) -> dict[str, Any]:
    return {"text": text, "x0": x0, "x1": x0 + size, "top": top, "bottom": top + size,
            "size": size, "fontname": "F", "upright": True, "width": size, "height": size,
            "doctop": top, "y0": 800 - top - size, "y1": 800 - top}


def _line(text: str, top: float, size: float = 18.0, x0: float = 90.0) -> dict[str, Any]:
    chars = [_char(c, x0 + i * size, top, size) for i, c in enumerate(text)]
    return {"text": text, "chars": chars, "top": top, "bottom": top + size,
            "x0": x0, "x1": x0 + len(text) * size}


def _texts(lines: list[dict[str, Any]]) -> list[str]:
    return [text for line in lines for text in split_overlaid(line["chars"])]


# --- titles over several lines, overprinted titles ------------------------------------


def test_title_wrapped_over_two_lines_is_one_line() -> None:
    lines = [_line("301007_某某分局_机场公安综", 79.0), _line("合修缮改造项目绩效目标表", 110.0)]
    assert _texts(join_wrapped_titles(lines)) == [
        "301007_某某分局_机场公安综\n合修缮改造项目绩效目标表"]


def test_title_wrapped_over_three_lines_even_mid_word() -> None:
    lines = [_line("某某某某某某某某某某", 79.0), _line("某某某某项目绩效目", 110.0),
             _line("标表", 141.0)]
    assert len(join_wrapped_titles(lines)) == 1


@pytest.mark.parametrize(
    ("upper", "why"),
    [
        (_line("的要求，编制绩效目标并公开。", 79.0), "a sentence ends"),
        (_line("（二）绩效目标表及说明", 79.0), "a heading that names a table itself"),
        (_line("1.部门预算项目", 79.0), "a numbered heading"),
        (_line("某某某某某某某某某某", 79.0, size=15.8), "another size"),
        (_line("某某某某某某某某某某", 40.0), "more than a line above"),
    ],
)
def test_lines_that_are_not_a_wrapped_title_stay_apart(upper: dict[str, Any], why: str) -> None:
    lines = [upper, _line("某某项目绩效目标表", 110.0)]
    assert len(join_wrapped_titles(lines)) == 2, why


def test_paragraph_above_a_title_is_not_joined_to_it() -> None:
    prose = [_line("某" * 24, 20.0 + 31 * i) for i in range(3)]
    lines = [*prose, _line("某某项目绩效目标表", 20.0 + 31 * 3)]
    assert len(join_wrapped_titles(lines)) == 4  # its last lines do not start a block


def test_overprinted_title_reads_once() -> None:
    text = "政策和项目预算绩效目标表"
    first = [_char(c, 215.8 + 14 * i, 29.9, 14.0) for i, c in enumerate(text)]
    again = [_char(c, 286.0 + 14 * i, 30.1, 14.0) for i, c in enumerate(text[5:])]
    assert split_overlaid(first + again) == [text]


def test_a_character_printed_twice_on_purpose_stays_twice() -> None:
    chars = [_char(c, 90.0 + 18 * i, 79.0) for i, c in enumerate("看看项目绩效目标表")]
    assert split_overlaid(chars) == ["看看项目绩效目标表"]


# --- the project name a title carries ------------------------------------------------


def test_name_in_title_keeps_its_inner_brackets() -> None:
    title = "泉州市看守所（泉州市女子看守所）相关设施建设项\n目绩效目标表"
    assert project_name_in_title(title) == "泉州市看守所（泉州市女子看守所）相关设施建设"
    assert project_name_in_title("某某改造项目绩效目标表（2026年度）") == "某某改造"


def test_wrapped_title_line_opening_with_a_bracket_is_kept() -> None:
    wrapped = "某某改造\n（一期）项目绩效目标表\n(2026年度)"
    assert title_line(wrapped) == "某某改造（一期）项目绩效目标表"


def test_unit_code_and_unit_before_the_project_are_not_its_name() -> None:
    assert unit_in_title_name("301007_某某公安分局_机场公安综合修缮改造") == (
        "某某公安分局", "机场公安综合修缮改造")
    assert unit_in_title_name("96196电梯应急处置服务平台") == (None, "96196电梯应急处置服务平台")


def test_title_only_form_takes_its_unit_from_the_title() -> None:
    (form,) = parse_grids([_grid([
        "301007_某某公安分局_机场公安综合修缮改造项目绩效目标表",
        *_QZ_FORM,
    ])])
    assert isinstance(form, Form)
    assert (form.project_name, form.implementing_unit) == ("机场公安综合修缮改造", "某某公安分局")


# --- money rows never become indicators ----------------------------------------------

_QZ_FORM = [
    "专项资金情况（万元）\t资金总额：\t57.00",
    "\t财政拨款：\t57.00",
    "\t其他资金：\t0.00",
    "项目实施期目标\t完成改造",
    "绩效目标指标\t一级指标\t二级指标\t三级指标\t目标值",
    "\t产出指标\t数量指标\t改造面积\t100%",
    "\t满意度指标\t服务对象满意度指标\t满意度\t≥95%",
]


def _grid(lines: list[str]) -> Grid:
    return grid(lines, DocumentFacts(fiscal_year=2026, department="某某局"))


def _row(*cells: str) -> Row:
    return Row(cells=cells, line=1, locator="line 1")


def test_fund_vocabulary_is_one_list() -> None:
    for label in ("资金总额：", "其中：财政拨款", "其他资金", "专项资金情况（万元）",
                  "年度资金总额", "项目资金（万元）", "实施期资金总额："):
        assert is_fund_label(label), label
    assert not is_fund_label("资金使用率")


def test_money_row_and_money_column_header() -> None:
    assert is_fund_row(_row("专项资金情况（万元）", "资金总额：", "237.50"))
    assert is_fund_row(_row("", "其他资金", ""))
    assert not is_fund_row(_row("项目名称", "资金总额", "绩效目标"))  # a wide table's header
    assert not is_fund_row(_row("", "产出指标", "数量指标", "资金使用率", "100%"))


def test_indicator_reader_refuses_a_money_row() -> None:
    cols = find_indicator_header(_row("", "一级指标", "二级指标", "三级指标", "目标值"))
    assert cols is not None
    rows = [_row("", "产出指标", "数量指标", "改造面积", "100%"),
            _row("专项资金情况（万元）", "资金总额：", "237.50")]
    with pytest.raises(FormError) as err:
        read_indicator_table(rows, cols)
    assert err.value.code == "fund_row_in_indicators"


def test_money_rows_after_the_indicators_start_a_form_whose_title_was_missed() -> None:
    parsed = parse_grids([_grid([
        "机场公安综合修缮改造项目绩效目标表", *_QZ_FORM,
        "某某分局_科技兴警绩效",  # a title not recognised as one
        *_QZ_FORM,
    ])])
    first, second = parsed
    assert isinstance(first, Form) and first.project_name == "机场公安综合修缮改造"
    assert [i.name for i in first.indicators] == ["改造面积", "满意度"]
    assert isinstance(second, FormProblem) and second.reason_code == "untitled_form"
    assert second.line == 9  # the unrecognised title line goes with its form


def test_header_rows_above_the_money_rows_go_with_the_next_form() -> None:
    yantai = ["项目名称\t\t公租房运管",
              "项目资金（万元）\t年度预算资金总额：\t600.00",
              "\t其中：财政拨款\t570.00",
              "\t其他资金\t30.00",
              "\t一级指标\t二级指标\t三级指标\t指标值",
              "绩效指标\t产出指标\t数量指标\t管理数量\t=3118套"]
    first, second = parse_grids([_grid(["政策和项目预算绩效目标表", *yantai, *yantai])])
    assert isinstance(first, Form) and len(first.indicators) == 1
    assert isinstance(second, FormProblem) and second.reason_code == "untitled_form"
    assert second.line == 8  # from its 项目名称 row: nothing of it stays with the first
