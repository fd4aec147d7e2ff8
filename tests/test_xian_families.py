"""The 西安 template families, each rule pinned by the smallest grid that shows it.

The disclosures themselves (../shared/forms/pdf-unlabelled/020_西安__*) are checked end
to end by tests/test_unlabelled_pdfs.py; these tests hold each rule on its own.
"""

from __future__ import annotations

from pipelines.parse.forms import parse_grids
from pipelines.parse.labels import is_project_name_label, normalize_label
from pipelines.parse.records import DepartmentForm, EmptyForm, Form, FormProblem
from pipelines.parse.vocabulary import is_placeholder
from pipelines.read.pdf_open_cells import _without_furniture
from pipelines.read.pdf_text import is_page_number
from tests.grids import grid

INDICATORS = [
    "一级指标\t二级指标\t指标内容\t指标值",
    "产出指标\t数量指标\t指标1：站点运行\t≥95%",
]


# --- project-name labels: one vocabulary ------------------------------------------------


def test_project_name_label_variants_are_one_vocabulary() -> None:
    for label in ("项目名称", "专项（项目）名称", "专项(项目)名称：", "专项资金名称", "专项名称"):
        assert is_project_name_label(label), label
    assert not is_project_name_label("任务名称")


def test_a_special_fund_form_names_its_project_by_its_label() -> None:
    (form,) = parse_grids([grid([
        "2022年部门预算专项业务经费绩效目标表",
        "专项（项目）名称\t其他履职经费",
        "主管部门\t西安市气象局",
        *INDICATORS,
    ])])
    assert isinstance(form, Form)
    assert form.project_name == "其他履职经费"


def test_forms_printed_under_one_title_are_split_at_each_name_label() -> None:
    results = parse_grids([grid([
        "2020年专项资金整体绩效目标表",
        "专项（项目）名称\t甲资金",
        *INDICATORS,
        "专项（项目）名称\t乙资金",
        *INDICATORS,
    ])])
    assert [type(r) for r in results] == [Form, Form]
    first, second = results
    assert isinstance(first, Form) and isinstance(second, Form)
    assert (first.project_name, second.project_name) == ("甲资金", "乙资金")
    assert second.title == first.title == "2020年专项资金整体绩效目标表"
    assert second.fiscal_year == 2020
    assert second.locator != first.locator
    assert len(first.indicators) == len(second.indicators) == 1


def test_a_whole_department_title_over_project_forms_is_not_department_wide() -> None:
    results = parse_grids([grid([
        "2020年专项资金整体绩效目标表",
        "专项（项目）名称\t甲资金",
        *INDICATORS,
    ])])
    assert not any(isinstance(r, DepartmentForm) for r in results)


def test_a_form_repeating_its_own_name_on_the_next_page_stays_one() -> None:
    results = parse_grids([grid([
        "项目支出绩效目标表（2026年）",
        "项目名称\t甲项目",
        *INDICATORS,
        "项目名称\t甲项目",
        "产出指标\t质量指标\t合格率\t100%",
    ])])
    assert len(results) == 1
    assert isinstance(results[0], Form) and results[0].project_name == "甲项目"


# --- templates printed blank with their numbered placeholders ----------------------------


def test_placeholders_are_recognised_and_content_is_not() -> None:
    for text in ("目标1：\n目标2：\n目标3：\n……", "目标 1： 目标 2： 目标 3：", "指标1：", "……"):
        assert is_placeholder(text), text
    for text in ("指标1：站点运行", "目标1：完成监测", "无", ""):
        assert not is_placeholder(text), text


PLACEHOLDER_TEMPLATE = [
    "2022年专项资金总体绩效目标表",
    "专项（项目）名称\t\t",
    "主管部门\t\t实施期限\t",
    "总体目标\t年度目标",
    "\t目标1：<br>目标2：<br>……",
    "一级指标\t二级指标\t指标内容\t指标值",
    "产出指标\t数量指标\t指标1：\t",
    "\t\t指标2：\t",
    "\t\t……\t",
]


def test_a_template_printed_with_placeholders_is_an_empty_form() -> None:
    (result,) = parse_grids([grid(PLACEHOLDER_TEMPLATE)])
    assert isinstance(result, EmptyForm)
    assert result.statement == "the form is printed blank: no field is filled"


def test_a_filled_value_under_a_placeholder_name_is_not_blank() -> None:
    lines = [*PLACEHOLDER_TEMPLATE]
    lines[6] = "产出指标\t数量指标\t指标1：\t≥95%"
    (result,) = parse_grids([grid(lines)])
    assert isinstance(result, FormProblem)
    assert result.reason_code == "missing_project_name"


# --- a note under a form is never a title -------------------------------------------------


def test_a_note_naming_the_table_is_not_a_title() -> None:
    results = parse_grids([grid([
        "2022年部门预算专项业务经费绩效目标表",
        "项目名称\t甲项目",
        *INDICATORS,
        "注：每一分项预算均需填报一个相应的绩效目标表",
        "2022年部门预算专项业务经费绩效目标表",
        "项目名称\t乙项目",
        *INDICATORS,
        "注：每一分项预算均需填报一个相应的绩效目标表",
    ])])
    assert [type(r) for r in results] == [Form, Form]
    assert [len(r.indicators) for r in results if isinstance(r, Form)] == [1, 1]


# --- labels clipped by their cell ---------------------------------------------------------


def test_a_clipped_label_is_the_one_label_it_starts_or_ends() -> None:
    assert normalize_label("总\n体\n目") == "总体目标"
    assert normalize_label("期资金总额：") == "实施期资金总额"
    assert normalize_label("年度资金") == "年度资金"  # starts two labels: left as written
    assert normalize_label("资金") == "资金"  # too short to tell


def test_a_goal_under_a_clipped_label_is_read() -> None:
    (form,) = parse_grids([grid([
        "2022年部门预算专项业务经费绩效目标表",
        "项目名称\t甲项目",
        "总<br>体<br>目\t按要求完成评审",
        *INDICATORS,
    ])])
    assert isinstance(form, Form)
    assert form.overall_goal == "按要求完成评审"


# --- page furniture never inside a cell ---------------------------------------------------


def test_page_x_of_n_footers_are_page_numbers() -> None:
    for text in ("第 6 页，共 45 页", "第6页 共45页", "第 6 页,共 45 页", "— 6 —"):
        assert is_page_number(text, 570, 595), text
    assert not is_page_number("第6页，共45质量指标", 570, 595)


def _char(text: str, x0: float, top: float) -> dict[str, object]:
    return {"text": text, "x0": x0, "x1": x0 + 9, "top": top, "bottom": top + 9}


class _Page:
    height = 595.0

    def __init__(self, chars: list[dict[str, object]]) -> None:
        self.chars = chars


class _Frame:
    bbox = (20.0, 14.0, 780.0, 572.7)


def test_an_open_cell_read_to_the_page_edge_leaves_the_footer_out() -> None:
    cell = [_char(c, 317 + 9 * i, 560) for i, c in enumerate("质量指标")]
    footer = [_char(c, 382 + 9 * i, 570.3) for i, c in enumerate("第6页，共45页")]
    kept = _without_furniture(cell + footer, _Page(cell + footer), _Frame())
    assert "".join(str(c["text"]) for c in kept) == "质量指标"


# --- an indicator table with its header and no rows ---------------------------------------


def test_a_project_form_with_an_indicator_header_and_no_rows_is_quarantined() -> None:
    (result,) = parse_grids([grid([
        "项目支出绩效目标表（2026年）", "项目名称\t甲项目", "一级指标\t二级指标\t三级指标\t指标值",
    ])])
    assert isinstance(result, FormProblem) and result.reason_code == "no_indicator_rows"


def test_a_department_form_with_an_indicator_header_and_no_rows_is_quarantined() -> None:
    (result,) = parse_grids([grid([
        "2026年部门整体支出绩效目标表", "部门（单位）名称\t甲局",
        "一级指标\t二级指标\t三级指标\t指标值",
    ])])
    assert isinstance(result, FormProblem) and result.reason_code == "no_indicator_rows"
