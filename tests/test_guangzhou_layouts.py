"""The two 广州 layouts whose indicators are coded text, each rule with the smallest grid.

1. 项目支出绩效目标表（含转移支付项目）: one row per project, 项目名称（资金使用单位） | 总计： |
   财政拨款 | 财政专户拨款 | 其他资金 | 绩效目标 | 绩效指标, unit rows (a unit's name with its
   total) above their projects, the indicators as coded text in the 绩效指标 cell.
2. A 项目 / 预算数（单位：万元） / 绩效目标 table whose 绩效目标 cell holds the coded
   indicators instead of a goal, beside rows whose cell is a goal only.

The real documents are checked end to end in tests/expected/pdf-unlabelled/.
"""

from __future__ import annotations

from decimal import Decimal

from pipelines.parse.coded import (
    count_entries,
    first_unread_entry,
    read_coded_indicators,
    split_goal,
    unwrap,
)
from pipelines.parse.forms import parse_grids
from pipelines.parse.records import Form, FormProblem
from pipelines.parse.wide import find_wide_header
from pipelines.read.grid import DocumentFacts, Grid, Row

TITLE = "某局2026年项目支出绩效目标表（含转移支付项目）"
HEADER = ("项目名称（资金使用单位）", "总计：", "财政拨款", "财政专户拨款", "其他资金",
          "绩效目标", "绩效指标")
CODED = ("1.1－产出指标，11－数量指标，培训人次；实施周期指标值：≥300人次，年度指标值：≥100人次；"
         "2、3－满意度指标，31－服务对象满意度，学员满意度；实施周期指标值：≥90%，年度指标值：≥95%;")


def row(*cells: str, line: int = 1) -> Row:
    return Row(cells=cells, line=line, locator=f"line {line}")


def rows(*cell_rows: tuple[str, ...]) -> Grid:
    built = tuple(row(*cells, line=n) for n, cells in enumerate(cell_rows, start=1))
    return Grid(source="g.pdf", rows=built, document=DocumentFacts(2026, "某局"))


def coded_table(*projects: tuple[str, ...]) -> Grid:
    return rows((TITLE,), ("部门名称：某局 单位：万元",), HEADER,
                ("合计：", "30.00", "20.00", "5.00", "5.00", "", ""),
                ("某局", "30.00", "20.00", "5.00", "5.00", "", ""), *projects)


def indicators(form: Form) -> list[tuple]:
    return [(i.level1, i.level2, i.name, i.target.raw if i.target else None,
             i.extras.get("period_target")) for i in form.indicators]


# --- coded text ------------------------------------------------------------------------


def test_semicolon_separated_parts_and_entries_ended_by_a_full_stop() -> None:
    text = ("1、1-产出指标；11-数量指标；道路养护长度；实施周期指标值:47.1公里；"
            "年度指标值:47.1公里。2、1-产出指标；13-时效指标；应急抢险及时率；实施周期指标值:及时率为100%。；"
            "年度指标值:及时率为100%。")
    items, missed = read_coded_indicators(text, row(text), 0)
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in items] == [
        ("产出指标", "数量指标", "道路养护长度", "47.1公里"),
        ("产出指标", "时效指标", "应急抢险及时率", "及时率为100%")]
    assert missed == 0


def test_names_and_targets_may_hold_semicolons_and_commas() -> None:
    text = ("1、1－产出指标，12－质量指标，系统维护；数据整合；"
            "实施周期指标值：考察是否合规，合规得满分。年度指标值：1份《方案》；1份《报告》；2、2－效益指标，22－社会效益，投诉办结率；"
            "实施周期指标值：≥90%，年度指标值：≥90%")
    items, missed = read_coded_indicators(text, row(text), 0)
    assert [(i.name, i.target.raw, i.extras["period_target"]) for i in items] == [
        ("系统维护；数据整合", "1份《方案》；1份《报告》", "考察是否合规，合规得满分"),
        ("投诉办结率", "≥90%", "≥90%")]
    assert missed == 0


def test_a_two_digit_level2_code_is_not_counted_as_an_entry() -> None:
    text = "1、1-产出指标；11-数量指标；长度；实施周期指标值:1公里；年度指标值:1公里。"
    assert count_entries(text) == 1


def test_an_entry_without_its_separator_is_counted_and_quoted() -> None:
    text = ("1、1－产出指标，11－数量指标，车辆；实施周期指标值：≥5辆，年度指标值："
            "2、2－效益指标，23－生态效益，浓度；实施周期指标2.5值：≤30，年度指标值：≤30；")
    items, missed = read_coded_indicators(text, row(text), 0)
    assert [(i.name, i.target) for i in items] == [("车辆", None)]  # its target is blank
    assert missed == 1
    assert first_unread_entry(text) == ("2、2－效益指标，23－生态效益，浓度；实施周期指标2.5值："
                                        "≤30，年度指标值：≤30")


def test_wrapped_lines_join_and_a_break_before_an_entry_number_separates() -> None:
    assert unwrap("1、1－产出指标，11－数量指标，人\n数；实施周期指标值：≥\n1人") == (
        "1、1－产出指标，11－数量指标，人数；实施周期指标值：≥1人")
    assert unwrap("年度指标值：≥1人\n2、1－产出指标") == "年度指标值：≥1人；2、1－产出指标"


def test_a_goal_leading_into_its_indicators_is_split_off() -> None:
    assert split_goal("主要达到如下目标：1、1-产出指标；11-数量指标；长度") == (
        "主要达到如下目标", "1、1-产出指标；11-数量指标；长度")
    assert split_goal("1、1-产出指标；11-数量指标；长度")[0] is None


# --- layout 1: 绩效指标 column, money parts, unit rows ------------------------------------


def test_coded_indicator_column_makes_a_wide_table() -> None:
    cols = find_wide_header(coded_table().rows)
    assert cols is not None and cols.indicators is None
    assert (cols.project, cols.amount, cols.goal, cols.coded) == (0, 1, 5, 6)
    assert cols.money == ((2, "annual_appropriation", "财政拨款"),
                          (3, "annual_special_account", "财政专户拨款"),
                          (4, "annual_other", "其他资金"))


def test_each_project_row_loads_with_every_printed_money_item_in_yuan() -> None:
    (form,) = parse_grids([coded_table(("培训项目", "30.00", "20.00", "5.00", "5.00", "办好培训",
                                        CODED))])
    assert isinstance(form, Form)
    assert (form.project_name, form.implementing_unit, form.department) == (
        "培训项目", "某局", "某局")
    assert (form.fiscal_year, form.amount_unit, form.annual_goal) == (2026, "万元", "办好培训")
    assert {f.item: f.amount_yuan for f in form.funds} == {
        "annual_total": Decimal("300000.00"), "annual_appropriation": Decimal("200000.00"),
        "annual_special_account": Decimal("50000.00"), "annual_other": Decimal("50000.00")}
    assert indicators(form) == [
        ("产出指标", "数量指标", "培训人次", "≥100人次", "≥300人次"),
        ("满意度指标", "服务对象满意度指标", "学员满意度", "≥95%", "≥90%")]


def test_same_project_name_under_two_unit_rows_is_two_projects() -> None:
    grid = coded_table(("机构运行经费", "10.00", "10.00", "", "", "目标甲", CODED),
                       ("某局分局", "20.00", "20.00", "", "", "", ""),
                       ("机构运行经费", "20.00", "20.00", "", "", "目标乙", CODED))
    first, second = parse_grids([grid])
    assert isinstance(first, Form) and isinstance(second, Form)
    assert [(f.implementing_unit, f.funds[0].amount_yuan) for f in (first, second)] == [
        ("某局", Decimal("100000.00")), ("某局分局", Decimal("200000.00"))]


def test_an_entry_not_following_the_pattern_quarantines_its_project_only() -> None:
    broken = "1、1－产出指标，13－时效指标，执行率；实施周期指标值》90%，年度指标值》90%"
    good, bad = parse_grids([coded_table(("甲项目", "10.00", "10.00", "", "", "目标", CODED),
                                         ("乙项目", "20.00", "20.00", "", "", "目标", broken))])
    assert isinstance(good, Form)
    assert isinstance(bad, FormProblem) and bad.reason_code == "unreadable_indicators"
    assert "执行率；实施周期指标值》90%" in bad.reason and bad.locator == "line 7"


def test_an_empty_indicator_cell_loads_the_project_with_a_note() -> None:
    (form,) = parse_grids([coded_table(("甲项目", "10.00", "10.00", "", "", "目标", ""),
                                       ("乙项目", "10.00", "10.00", "", "", "目标", CODED))])[:1]
    assert isinstance(form, Form) and form.indicators == []
    assert "no indicators in this project's 绩效指标 cell" in form.notes


# --- layout 2: indicators inside the 绩效目标 cell --------------------------------------


GOAL_TABLE = ("项目", "预算数（单位：万元）", "绩效目标")
IN_GOAL = ("1、1-产出指标；11-数量指标；道路养护长度；实施周期指标值:47.1公里；年度指标值:\n"
           "47.1公里。")


def test_a_goal_column_holding_coded_entries_makes_an_untitled_form() -> None:
    grid = rows(GOAL_TABLE, ("道路养护项目", "6,833.64", IN_GOAL),
                ("桥梁维护项目", "750", "完成维护。"))
    form, problem = parse_grids([grid])
    assert isinstance(form, Form)
    assert (form.project_name, form.annual_goal, form.title) == ("道路养护项目", None, None)
    assert (form.fiscal_year, form.fiscal_year_source, form.department) == (
        2026, "document", "某局")
    assert [(f.item, f.amount_yuan, f.unit_as_written) for f in form.funds] == [
        ("annual_total", Decimal("68336400.00"), "万元")]
    assert indicators(form) == [("产出指标", "数量指标", "道路养护长度", "47.1公里", "47.1公里")]
    assert isinstance(problem, FormProblem) and problem.reason_code == "no_indicator_table"
    assert "holds a goal but no indicators" in problem.reason


def test_a_goal_column_without_coded_entries_is_no_target_table() -> None:
    grid = rows(GOAL_TABLE, ("桥梁维护项目", "750", "完成维护，合格率100%。"))
    assert find_wide_header(grid.rows) is None
    assert parse_grids([grid]) == []


def test_text_outside_any_entry_quarantines_rather_than_being_dropped() -> None:
    uncoded = "培训人次不少于100人次；" + CODED  # an entry that lost its codes
    good, bad = parse_grids([coded_table(("甲项目", "10.00", "10.00", "", "", "目标", CODED),
                                         ("乙项目", "20.00", "20.00", "", "", "目标", uncoded))])
    assert isinstance(good, Form)
    assert isinstance(bad, FormProblem) and bad.reason_code == "unreadable_indicators"
    assert "培训人次不少于100人次" in bad.reason
