"""Wide multi-project tables on small synthetic grids: one rule per test."""

from __future__ import annotations

from decimal import Decimal

from pipelines.parse.forms import parse_grids
from pipelines.parse.records import Form, FormProblem
from pipelines.parse.wide import find_wide_header
from pipelines.read.text import read_tsv

TITLE = "2026年项目支出绩效目标表"
HEADER = ["项目名称", "资金总额(万元)", "年度绩效目标", "一级指标", "二级指标", "三级指标",
          "指标值", "权重"]


def tsv(*rows: list[str] | str) -> list[str]:
    return [r if isinstance(r, str) else "\t".join(r) for r in rows]


def parse(lines: list[str]) -> list[Form | FormProblem]:
    grid = read_tsv("\n".join(lines).encode("utf-8"), "t.txt")[0]
    return parse_grids([grid])


def forms_of(lines: list[str]) -> list[Form]:
    results = parse(lines)
    assert all(isinstance(r, Form) for r in results), results
    return [r for r in results if isinstance(r, Form)]


def names(form: Form) -> list[str]:
    return [i.name for i in form.indicators]


TWO_PROJECTS = tsv(
    TITLE,
    HEADER,
    ["甲项目", "10.50", "目标甲", "产出指标", "数量指标", "培训人数", "≥100人", "40"],
    ["", "", "", "", "质量指标", "合格率", "≥95%", "30"],
    ["", "", "", "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "30"],
    ["乙项目", "2", "目标乙", "成本指标", "经济成本指标", "总成本", "≤2万元", "50"],
    ["", "", "", "", "", "单价", "≤1万元", "50"],
)


def test_wide_header_is_found_by_words_not_positions() -> None:
    grid = read_tsv("\n".join(tsv(HEADER)).encode("utf-8"), "t.txt")[0]
    cols = find_wide_header(grid.rows)
    assert cols is not None
    assert (cols.project, cols.amount, cols.goal) == (0, 1, 2)
    assert (cols.indicators.level1, cols.indicators.name, cols.indicators.target) == (3, 5, 6)
    assert cols.indicators.extras == ((7, "weight"),)


def test_labelled_indicator_header_is_not_wide() -> None:
    lines = tsv(["项目名称", "某项目", "", ""], ["", "一级指标", "二级指标", "三级指标", "指标值"])
    grid = read_tsv("\n".join(lines).encode("utf-8"), "t.txt")[0]
    assert find_wide_header(grid.rows) is None


def test_two_projects_in_table_order_with_carried_cells() -> None:
    first, second = forms_of(TWO_PROJECTS)
    assert (first.project_name, second.project_name) == ("甲项目", "乙项目")
    assert (first.form_seq, second.form_seq) == (1, 2)
    assert (first.line, first.locator, second.line) == (3, "line 3", 6)
    assert first.annual_goal == "目标甲"
    assert first.fiscal_year == 2026
    assert first.template == "项目支出绩效目标表"
    assert names(first) == ["培训人数", "合格率", "满意度"]
    assert [(i.level1, i.level2) for i in first.indicators] == [
        ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("满意度指标", "服务对象满意度指标")]
    assert [i.extras for i in second.indicators] == [{"weight": "50"}, {"weight": "50"}]
    assert [(i.level1, i.level2) for i in second.indicators] == [("成本指标", "经济成本指标")] * 2


def test_funds_are_the_annual_total_in_yuan() -> None:
    first, second = forms_of(TWO_PROJECTS)
    (fund,) = first.funds
    assert (fund.item, fund.amount_yuan, fund.unit_as_written) == (
        "annual_total", Decimal("105000.00"), "万元")
    assert (fund.amount_as_written, fund.label_as_written, fund.locator) == (
        "10.50", "资金总额(万元)", "line 3, col 2")
    assert second.funds[0].amount_yuan == Decimal("20000.00")
    assert first.amount_unit == "万元" and first.notes == []


def test_levels_do_not_leak_into_the_next_project() -> None:
    lines = tsv(
        TITLE, HEADER,
        ["甲项目", "1", "目标", "产出指标", "数量指标", "人数", "10人", ""],
        ["乙项目", "1", "目标", "", "", "未写层级", "10人", ""],
    )
    _, second = forms_of(lines)
    assert (second.indicators[0].level1, second.indicators[0].level2) == (None, None)


def test_other_column_order_and_operator_and_unit_columns() -> None:
    lines = tsv(
        TITLE,
        "单位：万元",
        ["三级指标", "二级指标", "一级指标", "计量单位", "指标值", "计算符号", "项目名称",
         "绩效目标", "年度预算"],
        ["用水量", "数量指标", "产出指标", "万吨", "92.32", "＝", "水电项目", "保障运转", "270"],
        ["及时率", "时效指标", "", "%", "90", "≥", "", "", ""],
        ["满意度", "服务对象满意度指标", "满意度指标", "%", "≥90", "≥", "", "", ""],
        ["完成情况", "质量指标", "产出指标", "", "按期完成", "", "", "", ""],
    )
    (form,) = forms_of(lines)
    assert [i.target.raw for i in form.indicators if i.target] == [
        "＝92.32万吨", "≥90%", "≥90%", "按期完成"]
    water = form.indicators[0].target
    assert water is not None
    assert (water.op, water.value, water.unit) == ("=", Decimal("92.32"), "万吨")
    assert (form.indicators[1].level1, form.indicators[1].level2) == ("产出指标", "时效指标")
    assert form.funds[0].amount_yuan == Decimal("2700000.00")
    assert form.funds[0].unit_as_written == "万元"


def test_target_kind_in_the_operator_column_is_not_an_operator() -> None:
    lines = tsv(
        TITLE,
        ["项目名称", "资金总额(元)", "一级指标", "二级指标", "三级指标", "指标值", "度量单位",
         "指标值类型"],
        ["项目", "100", "产出指标", "数量指标", "人数", "10", "人", "定量"],
    )
    (form,) = forms_of(lines)
    target = form.indicators[0].target
    assert target is not None
    assert (target.raw, target.op, target.value) == ("10人", "=", Decimal("10"))


def test_total_and_unit_rows_are_not_projects() -> None:
    lines = tsv(
        TITLE,
        "单位名称：某某中心 单位：万元",
        ["单位编码", "单位（项目）名称", "资金总额", "绩效目标", "绩效指标", "", "", ""],
        ["", "", "", "", "一级指标", "二级指标", "三级指标", "指标值"],
        ["合计", "", "30.00", "", "", "", "", ""],
        ["101", "某某中心", "30.00", "", "", "", "", ""],
        ["101", "办公经费", "30.00", "保障运转", "产出指标", "数量指标", "保障人数", "≥10人"],
    )
    (form,) = forms_of(lines)
    assert form.project_name == "办公经费"
    assert form.implementing_unit == "某某中心"
    assert form.department is None and form.department_code is None
    assert form.funds[0].amount_yuan == Decimal("300000.00")


def test_unit_row_names_the_unit_when_no_heading_does() -> None:
    lines = tsv(
        TITLE,
        ["单位编码", "单位（项目）名称", "资金总额(万元)", "绩效目标", "一级指标", "二级指标",
         "三级指标", "指标值"],
        ["101", "甲中心", "1", "", "", "", "", ""],
        ["101", "甲经费", "1", "目标", "产出指标", "数量指标", "人数", "1人"],
        ["102", "乙中心", "2", "", "", "", "", ""],
        ["102", "乙经费", "2", "目标", "产出指标", "数量指标", "人数", "2人"],
    )
    forms = forms_of(lines)
    assert [(f.project_name, f.implementing_unit) for f in forms] == [
        ("甲经费", "甲中心"), ("乙经费", "乙中心")]


def test_unit_column_with_code_and_wrapped_names() -> None:
    lines = tsv(
        TITLE,
        ["单位名称", "项目名称", "年度资金总额<br>(万元)", "年度绩效目标", "一级指标",
         "二级指标", "三级指标", "指标值"],
        ["105001<br>长春市<br>某局", "2026年某<br>项目", "30.00", "目标", "产出指标",
         "数量指标", "专家<br>评审", "&gt;=2次"],
    )
    (form,) = forms_of(lines)
    assert (form.project_name, form.implementing_unit) == ("2026年某项目", "长春市某局")
    assert form.indicators[0].name == "专家评审"
    assert form.indicators[0].target is not None
    assert form.indicators[0].target.raw == ">=2次"


def test_continued_page_with_repeated_title_and_header() -> None:
    header = [
        ["单位编码", "单位（项目）名称", "资金总额", "绩效目标", "绩效指标", "", "", "", ""],
        ["", "", "", "", "一级指标", "二级指标", "三级指标", "指标值", "度量单位"],
    ]
    lines = tsv(
        TITLE, "单位名称：某中心 单位：万元", *header,
        ["101", "水电经费", "270.00", "保障运转", "成本指标", "经济成本指标", "水费", "120",
         "万元"],
        ["", "", "", "", "", "社会成本指标", "", "", ""],
        "— 1 —",
        TITLE, "单位名称：某中心 单位：万元", *header,
        ["101", "水电经费", "270.00", "保障运转", "产出指标", "质量指标", "安全率", "100", "%"],
    )
    results = parse(lines)
    assert len(results) == 1
    (form,) = results
    assert isinstance(form, Form)
    assert names(form) == ["水费", "安全率"]
    assert [i.target.raw for i in form.indicators if i.target] == ["120万元", "100%"]
    assert [i.line for i in form.indicators] == [5, 12]
    assert len(form.funds) == 1


def test_not_applicable_and_level_only_rows_are_not_indicators() -> None:
    lines = tsv(
        TITLE, HEADER,
        ["项目", "1", "目标", "成本指标", "经济成本指标", "总成本", "≤1万元", ""],
        ["", "", "", "", "社会成本指标", "", "", ""],
        ["", "", "", "", "生态环境成本指标", "无", "无", ""],
        ["", "", "", "效益指标", "社会效益指标", "不适用", "", ""],
        ["", "", "", "", "", "受益人数", "≥10人", ""],
    )
    (form,) = forms_of(lines)
    assert names(form) == ["总成本", "受益人数"]
    assert (form.indicators[1].level1, form.indicators[1].level2) == ("效益指标", "社会效益指标")


def test_bad_amount_quarantines_only_that_project() -> None:
    lines = list(TWO_PROJECTS)
    lines[5] = lines[5].replace("\t2\t", "\t二万\t")
    first, second = parse(lines)
    assert isinstance(first, Form)
    assert isinstance(second, FormProblem)
    assert (second.form_seq, second.reason_code, second.line) == (2, "bad_amount", 6)
    assert "line 6, col 2" in second.reason and "digits" in second.reason
    assert "乙项目" in second.excerpt


def test_conflicting_repeated_amount_is_a_problem() -> None:
    lines = tsv(
        TITLE, HEADER,
        ["项目", "1", "目标", "产出指标", "数量指标", "人数", "1人", ""],
        ["项目", "2", "目标", "产出指标", "数量指标", "次数", "1次", ""],
    )
    (problem,) = parse(lines)
    assert isinstance(problem, FormProblem)
    assert problem.reason_code == "conflicting_amounts"


def test_missing_year_quarantines_every_project() -> None:
    lines = ["项目支出绩效目标表", *TWO_PROJECTS[1:]]
    results = parse(lines)
    assert [(r.form_seq, r.reason_code) for r in results if isinstance(r, FormProblem)] == [
        (1, "missing_fiscal_year"), (2, "missing_fiscal_year")]


def test_indicator_rows_before_any_project_are_a_problem() -> None:
    lines = tsv(
        TITLE, HEADER,
        ["", "", "", "产出指标", "数量指标", "人数", "1人", ""],
        ["项目", "1", "目标", "产出指标", "数量指标", "次数", "1次", ""],
    )
    problem, form = parse(lines)
    assert isinstance(problem, FormProblem) and problem.reason_code == "missing_project_name"
    assert isinstance(form, Form) and form.form_seq == 2


def test_money_unit_defaults_to_yuan_with_a_note() -> None:
    lines = tsv(
        TITLE,
        ["项目名称", "资金总额", "一级指标", "二级指标", "三级指标", "指标值"],
        ["项目", "1,000.5", "产出指标", "数量指标", "人数", "1人"],
    )
    (form,) = forms_of(lines)
    assert form.funds[0].amount_yuan == Decimal("1000.50")
    assert form.amount_unit == "元"
    assert any("amounts read as 元" in note for note in form.notes)


def test_header_and_heading_disagreeing_on_money_unit_is_a_problem() -> None:
    lines = tsv(
        TITLE, "单位：元",
        ["项目名称", "资金总额（万元）", "一级指标", "二级指标", "三级指标", "指标值"],
        ["项目", "1", "产出指标", "数量指标", "人数", "1人"],
    )
    (problem,) = parse(lines)
    assert isinstance(problem, FormProblem) and problem.reason_code == "ambiguous_unit"


def test_department_from_a_heading_line() -> None:
    lines = tsv(
        TITLE, "主管部门：231_某市审计局",
        ["项目名称", "资金总额(万元)", "一级指标", "二级指标", "三级指标", "指标值"],
        ["项目", "1", "产出指标", "数量指标", "人数", "1人"],
    )
    (form,) = forms_of(lines)
    assert (form.department, form.department_code) == ("某市审计局", "231")


def test_a_name_starting_with_he_ji_is_still_a_project() -> None:
    lines = tsv(
        TITLE, HEADER,
        ["合计（万元）", "3", "", "", "", "", "", ""],
        ["合计划项目", "3", "目标", "产出指标", "数量指标", "人数", "1人", ""],
    )
    (form,) = forms_of(lines)
    assert form.project_name == "合计划项目"


def test_heading_lines_between_pages_are_not_data() -> None:
    lines = tsv(
        TITLE, HEADER,
        ["项目", "1", "目标", "产出指标", "数量指标", "人数", "1人", ""],
        "编制单位：某局    金额单位：万元",
        ["", "", "", "", "", "次数", "2次", ""],
    )
    (form,) = forms_of(lines)
    assert names(form) == ["人数", "次数"]
