"""The form parser on small grids: each tricky row of the seed, by itself."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pipelines.parse.dates import parse_date
from pipelines.parse.forms import parse_grids, split_forms
from pipelines.parse.indicators import (
    IndicatorColumns,
    LevelState,
    find_indicator_header,
    read_indicator_row,
)
from pipelines.parse.records import (
    CategoryDeclaration,
    DepartmentForm,
    EmptyForm,
    Form,
    FormProblem,
)
from pipelines.parse.vocabulary import normalize_level
from pipelines.read.text import read_tsv

TITLE = ["财政项目支出绩效目标申报表", "(2023年度)"]
HEADER = [
    "项目名称\t测试项目\t\t项目性质\t经常性项目\t项目类别\t特定目标类",
    "主管部门\t某区教育局\t\t实施单位\t某中心\t\t",
    "计划开始日期\t2023-01-01\t\t计划完成日期\t2023-12-31\t\t",
]
IND_HEADER = "\t一级指标\t二级指标\t三级指标\t\t年度(/项目)指标值\t"
COLS = IndicatorColumns(level1=1, level2=2, name=3, target=5)


def grid(lines: list[str]):
    """A text export of ``lines``, ending with a line break as exports do (a file that
    ends without one after a short row looks cut off: tests/test_cutoff.py)."""
    return read_tsv(("\n".join(lines) + "\n").encode("utf-8"), "t.txt")[0]


IND_ROW = "绩效指标\t产出指标\t数量指标\t培训人数\t\t=240.00(人次)\t"


def one_form(lines: list[str], indicators: bool = True) -> Form:
    """The single form of ``lines``, with a minimal indicator block appended."""
    block = [IND_HEADER, IND_ROW] if indicators else []
    results = parse_grids([grid([*lines, *block])])
    assert len(results) == 1
    assert isinstance(results[0], Form), results[0]
    return results[0]


def indicator(line: str, state: LevelState | None = None):
    row = grid([line]).rows[0]
    return read_indicator_row(row, COLS, state or LevelState(), seq=1)


def test_header_fields_by_label() -> None:
    form = one_form([*TITLE, *HEADER])
    assert form.project_name == "测试项目"
    assert form.project_nature == "经常性项目"
    assert form.project_category == "特定目标类"
    assert form.department == "某区教育局"
    assert form.implementing_unit == "某中心"
    assert form.planned_start == date(2023, 1, 1)
    assert form.planned_end == date(2023, 12, 31)
    assert form.fiscal_year == 2023
    assert form.line == 1


def test_title_and_year_in_one_cell() -> None:
    merged = ['<p style="text-align: center;">财政项目支出绩效目标申报表</p> <p>(2024年度)</p>']
    form = one_form([*merged, *HEADER])
    assert form.fiscal_year == 2024
    assert form.title == "财政项目支出绩效目标申报表"


def test_form_without_indicator_table_is_not_loaded() -> None:
    (result,) = parse_grids([grid([*TITLE, *HEADER])])
    assert isinstance(result, FormProblem)
    assert result.reason_code == "no_indicator_table"


def test_untitled_text_before_the_first_form_is_not_a_form() -> None:
    lines = ["（三）部门预算项目绩效目标表", "说明文字\t另一列",
             *TITLE, *HEADER, IND_HEADER, IND_ROW]
    results = parse_grids([grid(lines)])
    assert [type(r).__name__ for r in results] == ["Form"]


def test_department_wide_target_table_is_not_a_project() -> None:
    lines = ["2026年部门整体绩效目标表", "单位名称\t某局", "年度总体目标\t保障运转",
             IND_HEADER, IND_ROW, *TITLE, *HEADER, IND_HEADER, IND_ROW]
    department, project = parse_grids([grid(lines)])
    assert isinstance(department, DepartmentForm) and isinstance(project, Form)
    assert (department.department, department.fiscal_year) == ("某局", 2026)
    assert department.annual_goal == "保障运转"
    assert [i.name for i in department.indicators] == [i.name for i in project.indicators]


def test_department_form_without_indicator_table_is_quarantined() -> None:
    (result,) = parse_grids([grid(["2026年部门整体绩效目标表", "单位名称\t某局"])])
    assert isinstance(result, FormProblem) and result.reason_code == "no_indicator_table"


def test_department_form_without_year_or_department_is_quarantined() -> None:
    no_year = ["部门整体绩效目标表", "单位名称\t某局", IND_HEADER, IND_ROW]
    no_department = ["2026年部门整体绩效目标表", IND_HEADER, IND_ROW]
    codes = [parse_grids([grid(lines)])[0].reason_code for lines in (no_year, no_department)]
    assert codes == ["missing_fiscal_year", "missing_department"]


def test_form_stating_no_data_is_recorded_not_loaded() -> None:
    lines = ["2026年市级重点专项资金绩效目标表", "项目名称\t\t主管部门\t", IND_HEADER,
             "备注：本单位主管无市级财力安排的重点专项资金，故此表无数据"]
    (result,) = parse_grids([grid(lines)])
    assert isinstance(result, EmptyForm) and "故此表无数据" in result.statement


def test_a_filled_form_mentioning_no_data_elsewhere_still_loads() -> None:
    lines = [*TITLE, *HEADER, IND_HEADER, IND_ROW, "备注\t本单位无此项目以外的其他支出"]
    (result,) = parse_grids([grid(lines)])
    assert isinstance(result, Form) and result.indicators


def test_forms_split_at_each_title() -> None:
    lines = [*TITLE, *HEADER, "", *TITLE, *HEADER]
    assert len(list(split_forms(grid(lines)))) == 2


@pytest.mark.parametrize(
    "label", ["其中：财政资金", "其中: 财政资金", "其中:财政资金", "其中 ： 财政资金"]
)
def test_fund_label_spellings(label: str) -> None:
    form = one_form([*TITLE, *HEADER, "项目资金 (元)\t项目资金总额\t\t100.00",
                     f"\t{label}\t\t60.50"])
    assert {f.item: f.amount_yuan for f in form.funds} == {
        "total": Decimal("100.00"),
        "fiscal": Decimal("60.50"),
    }


def test_value_one_or_two_cells_right_and_shared_other_label() -> None:
    form = one_form([
        *TITLE, *HEADER,
        "项目资金 (元)\t项目资金总额\t599,280.00\t年度资金申请总额\t599,280.00\t\t",
        "\t其中: 财政资金\t599,280.00\t其中: 当年财政拨款\t599,280.00\t\t",
        "\t其他资金\t\t上年结转资金\t0.00\t\t",
        "\t其他资金\t\t其他资金\t0.00\t\t",
    ])
    funds = {f.item: str(f.amount_yuan) for f in form.funds}
    assert funds == {
        "total": "599280.00",
        "fiscal": "599280.00",
        "annual_total": "599280.00",
        "annual_appropriation": "599280.00",
        "carryover": "0.00",
        "annual_other": "0.00",
    }
    assert "other" not in funds  # blank means not filled


def test_right_block_other_funds_nearer_the_right_labels() -> None:
    form = one_form([
        *TITLE, *HEADER,
        "项目资金 (元)\t项目资金总额\t\t44,000.00\t年度资金申请总额\t\t44,000.00",
        "\t其他资金\t\t\t上年结转资金\t\t0.00",
        "\t\t\t其他资金\t\t5.00\t",
    ])
    funds = {f.item: f for f in form.funds}
    assert funds["annual_other"].amount_yuan == Decimal("5.00")
    assert funds["annual_other"].locator == "line 8, col 6"
    assert "other" not in funds


def test_amounts_in_wan_yuan_are_converted_exactly() -> None:
    form = one_form([*TITLE, *HEADER, "项目资金（万元）\t项目资金总额\t1.104384"])
    (fund,) = form.funds
    assert fund.amount_yuan == Decimal("11043.84")
    assert fund.unit_as_written == "万元"
    assert fund.amount_as_written == "1.104384"


def test_goals_under_their_labels_keep_paragraphs() -> None:
    form = one_form([
        *TITLE, *HEADER,
        "项目 绩效 目标\t项目总目标 (2023年 -2023年)\t\t年度总体目标\t\t\t",
        "\t<p>第一段</p> <p>第二段</p>\t\t年度目标文字\t\t\t",
    ])
    assert form.overall_goal == "第一段\n第二段"
    assert form.annual_goal == "年度目标文字"


def test_normal_row_and_carry_down() -> None:
    state = LevelState()
    first = indicator("绩效指标\t产出指标\t数量指标\t残保金缴纳完成率\t\t100%\t", state)
    second = indicator("\t\t质量指标\t残保金缴纳准确率\t\t100%\t", state)
    third = indicator("\t\t\t另一个准确率\t\t=100.00(%)\t", state)
    assert (first.level1, first.level2, first.name) == ("产出指标", "数量指标", "残保金缴纳完成率")
    assert (second.level1, second.level2) == ("产出指标", "质量指标")
    assert (third.level1, third.level2) == ("产出指标", "质量指标")
    assert third.target.value == Decimal("100.00")


def test_level2_name_in_level1_column_with_name_in_level2_column() -> None:
    # seed form 2 line 43: 满意度指标 | 服务对象满意度指标 | 服务对象满意度指标 | | ≥90.00(%)
    row = indicator("满意度指标\t服务对象满意度指标\t服务对象满意度指标\t\t≥90.00(%)\t\t")
    assert (row.level1, row.level2, row.name) == ("满意度指标", "服务对象满意度指标",
                                                  "服务对象满意度指标")
    assert row.target.raw == "≥90.00(%)"


def test_level2_in_level1_column_keeps_level1_from_above() -> None:
    # seed form 2 line 42: | 可持续影响指标 | 长效管理机制健全性 | | 建立健全
    state = LevelState(level1="效益指标", level2="社会效益指标")
    row = indicator("\t可持续影响指标\t长效管理机制健全性\t\t建立健全\t\t", state)
    assert (row.level1, row.level2, row.name, row.target.raw) == (
        "效益指标", "可持续影响指标", "长效管理机制健全性", "建立健全")


def test_name_in_level1_column_with_target_two_cells_right() -> None:
    # seed form 3 line 61: | 维护工作完成及时性 | | 及时
    state = LevelState(level1="产出指标", level2="时效指标")
    row = indicator("\t维护工作完成及时性\t\t及时\t\t\t", state)
    assert (row.level1, row.level2, row.name, row.target.raw) == (
        "产出指标", "时效指标", "维护工作完成及时性", "及时")


def test_level1_in_marker_column() -> None:
    # seed form 1 line 22: 满意度指标 | 服务对象满意度指标 | | 主管部门满意度 | | ≥90%
    state = LevelState(level1="效益指标", level2="可持续影响指标")
    row = indicator("满意度指标\t服务对象满意度指标\t\t主管部门满意度\t\t≥90%\t", state)
    assert (row.level1, row.level2, row.name) == ("满意度指标", "服务对象满意度指标",
                                                  "主管部门满意度")


def test_new_level1_resets_level2() -> None:
    state = LevelState(level1="产出指标", level2="时效指标")
    row = indicator("\t效益指标\t\t某效益\t\t提升\t", state)
    assert (row.level1, row.level2) == ("效益指标", None)


def test_unused_category_row_is_not_an_indicator() -> None:
    state = LevelState(level1="成本指标", level2="经济成本指标")
    assert indicator("\t\t社会成本指标\t\t\t\t", state) is None
    assert state.level2 == "社会成本指标"


def test_older_template_cost_under_output_is_kept_as_written() -> None:
    state = LevelState(level1="产出指标", level2="时效指标")
    row = indicator("\t\t成本指标\t人均成本\t\t≤500元\t", state)
    assert (row.level1, row.level2) == ("产出指标", "成本指标")


def test_not_applicable_rows_are_declarations_not_indicators() -> None:
    state = LevelState(level1="成本指标", level2="社会成本指标")
    declared = indicator("\t\t\t无\t\t无\t", state)
    assert isinstance(declared, CategoryDeclaration)
    assert (declared.level2, declared.declaration) == ("社会成本指标", "not_applicable")
    named = indicator("\t效益指标\t\t不适用生态效益指标\t\t无\t", LevelState())
    assert isinstance(named, CategoryDeclaration)
    assert (named.level1, named.level2) == ("效益指标", "生态效益指标")


def test_name_without_target_is_kept_with_null_target() -> None:
    row = indicator("\t产出指标\t数量指标\t培训人数\t\t\t")
    assert row.name == "培训人数"
    assert row.target is None


@pytest.mark.parametrize(
    ("written", "full"),
    [
        ("服务对象满意度", "服务对象满意度指标"),
        ("服务对象满\n意度指标", "服务对象满意度指标"),
        ("可持续影响", "可持续影响指标"),
        ("经济成本", "经济成本指标"),
        ("1－产出指标", "产出指标"),
        ("11 数量指标", "数量指标"),
        ("满意度\n指标", "满意度指标"),
        ("某自定义类别", "某自定义类别"),
    ],
)
def test_level_names_are_stored_in_full_form(written: str, full: str) -> None:
    assert normalize_level(written) == full


def test_indicator_header_needs_all_four_columns() -> None:
    assert find_indicator_header(grid([IND_HEADER]).rows[0]) == COLS
    assert find_indicator_header(grid(["\t一级指标\t二级指标\t\t"]).rows[0]) is None


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        (TITLE, "empty_form"),
        ([*TITLE, "主管部门\t某局"], "missing_project_name"),
        (["财政项目支出绩效目标申报表", *HEADER, IND_HEADER, IND_ROW], "missing_fiscal_year"),
        ([*TITLE, *HEADER, "项目资金 (元)\t项目资金总额\t壹万元"], "bad_amount"),
        ([*TITLE, *HEADER[:2], "计划开始日期\t明年\t\t计划完成日期\t2023-12-31"], "bad_date"),
    ],
)
def test_unloadable_forms_become_problems(lines: list[str], code: str) -> None:
    (result,) = parse_grids([grid(lines)])
    assert isinstance(result, FormProblem)
    assert result.reason_code == code
    assert result.reason
    assert result.line >= 1


def test_a_bad_form_does_not_stop_the_next_one() -> None:
    lines = [*TITLE, *HEADER, "项目资金 (元)\t项目资金总额\t-12.3.4", "", *TITLE, *HEADER,
             IND_HEADER, IND_ROW]
    results = parse_grids([grid(lines)])
    assert [type(r).__name__ for r in results] == ["FormProblem", "Form"]
    assert [r.form_seq for r in results] == [1, 2]


def test_page_numbers_and_footers_are_not_indicators() -> None:
    form = one_form([*TITLE, *HEADER, IND_HEADER, IND_ROW,
                     "—29—", "填报人：张三\t\t联系电话：123"], indicators=False)
    assert [i.name for i in form.indicators] == ["培训人数"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-01-01", date(2023, 1, 1)),
        ("2023/1/1", date(2023, 1, 1)),
        ("2023.01.01", date(2023, 1, 1)),
        ("2023年1月1日", date(2023, 1, 1)),
        ("2023-12-31 00:00:00", date(2023, 12, 31)),
        ("2023年6月", date(2023, 6, 1)),
    ],
)
def test_planned_date_spellings(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["明年", "2023-13-01", "2023-02-30", "2023-01-01 08:30"])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date(text)


def test_a_form_continued_under_a_repeated_title_is_joined() -> None:
    page_two = [*TITLE, IND_HEADER, "\t\t质量指标\t合格率\t\t≥95%\t", "— 2 —"]
    form = one_form([*TITLE, *HEADER, IND_HEADER, IND_ROW, "— 1 —", *page_two],
                    indicators=False)
    assert [(i.level1, i.level2, i.name) for i in form.indicators] == [
        ("产出指标", "数量指标", "培训人数"), ("产出指标", "质量指标", "合格率")]


def test_a_repeated_title_with_a_new_project_starts_a_new_form() -> None:
    lines = [*TITLE, *HEADER, IND_HEADER, IND_ROW, *TITLE,
             *[h.replace("测试项目", "第二个项目") for h in HEADER], IND_HEADER, IND_ROW]
    assert [f.project_name for f in parse_grids([grid(lines)])] == ["测试项目", "第二个项目"]


def test_annual_target_is_chosen_when_a_period_target_is_given_too() -> None:
    header = "\t一级指标\t二级指标\t三级指标\t实施周期指标值\t年度指标值"
    cols = find_indicator_header(grid([header]).rows[0])
    assert (cols.name, cols.target, cols.extras) == (3, 5, ((4, "period_target"),))
    row = grid(["\t产出指标\t数量指标\t培训人数\t≥1000人次\t≥240人次"]).rows[0]
    found = read_indicator_row(row, cols, LevelState(), seq=1)
    assert found.target.value == Decimal("240")
    assert found.extras == {"period_target": "≥1000人次"}


def test_unit_in_the_indicator_name_fills_a_missing_unit() -> None:
    row = indicator("\t成本指标\t经济成本指标\tPAD采购成本（元/台）\t\t≤1500\t")
    assert (row.target.raw, row.target.unit, row.target.value) == ("≤1500", "元/台",
                                                                   Decimal("1500"))
    dated = indicator("\t产出指标\t时效指标\t完成时间（2023年）\t\t≤12\t")
    assert dated.target.unit is None


def test_one_year_table_fund_labels_map_to_the_annual_items() -> None:
    form = one_form([*TITLE, *HEADER, "专项资金情况（万元）\t资金总额\t\t118.00",
                     "\t财政拨款\t\t118.00", "\t其他资金\t\t0.00"])
    assert {f.item: str(f.amount_yuan) for f in form.funds} == {
        "annual_total": "1180000.00", "annual_appropriation": "1180000.00",
        "annual_other": "0.00"}
