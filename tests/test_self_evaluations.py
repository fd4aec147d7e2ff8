"""Self-evaluations (绩效自评表): the real 决算 loads as hand-checked, and the parser reads
each variant of the template from a small grid.

The expectation in tests/expected/self_evaluations/ was written from pdfplumber's own table
finder (not the pipeline's reader) and read against the printed pages; it holds every
value as printed, and this test derives the 元 amounts from them.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.parse.evaluated_indicators import met
from pipelines.parse.forms import parse_grids
from pipelines.parse.records import (
    DepartmentSelfEvaluation,
    FormProblem,
    SelfEvaluation,
)
from pipelines.parse.targets import parse_target
from pipelines.read import read_grids
from pipelines.read.grid import Grid, Row
from tests.conftest import SHARED
from tests.grids import grid
from tests.warehouse_helpers import ingest, make_raw, table

DOCUMENT = "020_西安__卫生健康委员会_2022年部门决算_p1-100.pdf"
PDF = SHARED / "forms" / "pdf-unlabelled" / DOCUMENT
EXPECTED = Path(__file__).parent / "expected" / "self_evaluations" / f"{Path(DOCUMENT).stem}.json"
WAN = Decimal(10000)


def _flat(text: object) -> str:
    return "".join(str(text or "").split())


def _number(printed: str) -> Decimal | None:
    """A printed score as the DECIMAL(12,4) the table holds (「—」 and blanks: NULL)."""
    return None if printed in ("", "—") else Decimal(printed)


def _yuan(printed: str) -> Decimal | None:
    """A printed 万元 amount in 元 (「—」, 「-」 and blanks are not printed)."""
    flat = printed.replace(",", "")
    return None if flat in ("", "—", "-") else Decimal(flat) * WAN


def _rate(printed: str) -> Decimal | None:
    return None if printed in ("", "—") else Decimal(printed.rstrip("%"))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not PDF.exists():
        pytest.skip(f"{PDF} is not there: ../shared/forms/pdf-unlabelled is not beside the repo")
    tmp = tmp_path_factory.mktemp("selfeval")
    path = tmp / "forms.duckdb"
    ingest(make_raw(tmp, PDF), path)
    return path


def test_every_project_self_evaluation_loads_as_checked(warehouse: Path) -> None:
    expected = json.loads(EXPECTED.read_text("utf-8"))["projects"]
    forms = table(warehouse, "select * from self_evaluations order by source_line")
    assert [int(f["source_locator"].split()[1]) for f in forms] == [e["page"] for e in expected]
    for want, got in zip(expected, forms, strict=True):
        assert (_flat(got["project_name"]), _flat(got["department"]),
                _flat(got["implementing_unit"])) == (
            want["project_name"], want["department"], want["implementing_unit"]), want["page"]
        assert (got["fiscal_year"], got["amount_unit"]) == (2022, "万元")
        assert (got["max_score_total"], got["score_total"]) == (
            _number(want["max_score_total"]), _number(want["score_total"])), want["page"]
        _check_funds(warehouse, got["evaluation_id"], want)
        _check_indicators(warehouse, "self_evaluation_indicators", got["evaluation_id"],
                          want["indicators"], want["page"])


def _check_funds(warehouse: Path, evaluation_id: str, want: dict) -> None:
    funds = table(warehouse, "select * from self_evaluation_funds where evaluation_id = ? "
                             "order by source_line", [evaluation_id])
    assert [_flat(f["label_as_written"]) for f in funds] == [f["label"] for f in want["funds"]]
    for got, printed in zip(funds, want["funds"], strict=True):
        assert (got["initial_budget_yuan"], got["budget_yuan"], got["executed_yuan"]) == (
            _yuan(printed.get("initial", "")), _yuan(printed["budget"]),
            _yuan(printed["executed"])), (want["page"], printed)
        assert got["execution_rate_pct"] == _rate(printed["rate"]), (want["page"], printed)
        assert (got["max_score"], got["score"]) == (
            _number(printed["max"]), _number(printed["score"])), (want["page"], printed)


def _check_indicators(warehouse: Path, name: str, evaluation_id: str, want: list[dict],
                      page: object) -> None:
    rows = table(warehouse, f"select * from {name} where evaluation_id = ? order by seq",
                 [evaluation_id])
    got = [{"level1": _flat(r["level1_as_written"]), "level2": _flat(r["level2_as_written"]),
            "name": _flat(r["name"]), "target": _flat(r["target_raw"]),
            "actual": _flat(r["actual_raw"]), "max": r["max_score"],
            "score": r["score"], "deviation": _flat(r["deviation_reason"])}
           for r in rows]
    assert got == [{"deviation": "", **w, "max": _number(w["max"]), "score": _number(w["score"])}
                   for w in want], page


def test_the_department_self_evaluation_loads_as_checked(warehouse: Path) -> None:
    want = json.loads(EXPECTED.read_text("utf-8"))["department"]
    (got,) = table(warehouse, "select * from department_self_evaluations")
    assert (got["department"], got["fiscal_year"], got["source_locator"]) == (
        want["department"], 2022, "page 30 line 1")
    total = want["total"]
    assert (got["budget_yuan"], got["executed_yuan"], got["execution_rate_pct"]) == (
        _yuan(total["amounts"][0]), _yuan(total["amounts"][3]), _rate(total["rate"]))
    assert (got["max_score_total"], got["score_total"]) == (
        _number(want["max_score_total"]), _number(want["score_total"]))
    tasks = table(warehouse, "select * from department_self_evaluation_tasks order by seq")
    assert [_flat(t["task_name"]) for t in tasks] == [t["task_name"] for t in want["tasks"]]
    for got_task, printed in zip(tasks, want["tasks"], strict=True):
        amounts = [got_task[k] for k in ("budget_yuan", "budget_fiscal_yuan", "budget_other_yuan",
                                         "executed_yuan", "executed_fiscal_yuan",
                                         "executed_other_yuan")]
        assert amounts == [_yuan(a) for a in printed["amounts"]], printed["task_name"]
        assert (_flat(got_task["content"]), got_task["completion"], got_task["max_score"],
                got_task["execution_rate_pct"], got_task["score"]) == (
            printed["content"], printed["completion"], _number(printed["max"]),
            _rate(printed["rate"]), _number(printed["score"]))
    _check_indicators(warehouse, "department_self_evaluation_indicators", got["evaluation_id"],
                      want["indicators"], "department")


def test_the_written_summaries_are_accounted_for_and_no_page_is_lost(warehouse: Path) -> None:
    pages = table(warehouse, "select page, outcome, reason_code from page_coverage")
    assert not [p for p in pages if p["outcome"] == "unaccounted"]
    summaries = {p["page"] for p in pages if p["reason_code"] == "self_evaluation_summary"}
    assert summaries == set(range(32, 55))
    started = {p["page"] for p in pages if p["outcome"] == "form_started"}
    assert started == {30, *range(55, 101)}
    (listing,) = table(warehouse, "select status, forms_loaded from ingest_files")
    assert listing == {"status": "loaded", "forms_loaded": 47}
    # p72 prints an 执行率 of 「100.005」: held exactly (DECIMAL(12,4)), never rounded
    rates = table(warehouse, "select execution_rate_pct from self_evaluation_funds "
                             "where source_locator = 'page 72 table 1 row 5'")
    assert rates == [{"execution_rate_pct": Decimal("100.0050")}]
    assert table(warehouse, "select * from left_out") == []


# --- the parser on constructed grids ------------------------------------------------------

TITLE = ["XX市级病媒防制项目绩效自评表", "（2022年度）", "项目名称\t\t病媒防制",
         "主管部门\t\tXX卫生健康委员会\t\t实施单位\t\tXX疾控中心"]
FUNDS = ["项目资金（万元）\t\t年初预算数\t全年预算数（A）\t全年执行数（B）\t分值\t"
         "执行率（B/A）\t得分",
         "\t年度资金总额\t240\t229.19\t229.19\t10\t100.00%\t10",
         "\t其中：当年财政拨款\t240\t229.19\t229.19\t—\t\t—",
         "\t上年结转资金\t\t\t\t—\t\t—",
         "\t其他资金\t—\t—\t—\t—\t\t—"]
GOALS = ["年度总体目标\t预期目标（年初设定）\t\t实际完成情况", "\t控制病媒密度\t\t已控制"]
HEADER = ("绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t"
          "偏差原因分析及改进措施")
INDICATORS = ["\t产出指标（50分）\t数量指标\t消杀覆盖区县数量\t16个\t16个\t25\t25",
              "\t\t质量指标\t达标率\t≥95%\t90%\t25\t20\t部分区县未达标",
              "\t效益指标（50分）\t社会效益指标\t减少传播疾病\t全年\t全年\t50\t50",
              "总分\t\t\t\t\t\t100\t95"]


def _one(lines: list[str]) -> SelfEvaluation | DepartmentSelfEvaluation | FormProblem:
    (parsed,) = parse_grids([grid(lines)])
    return parsed


def test_the_national_template_from_a_text_export() -> None:
    form = _one([*TITLE, *FUNDS, *GOALS, HEADER, *INDICATORS])
    assert isinstance(form, SelfEvaluation)
    assert (form.project_name, form.department, form.implementing_unit, form.fiscal_year) == (
        "病媒防制", "XX卫生健康委员会", "XX疾控中心", 2022)
    assert (form.goal_expected, form.goal_achieved) == ("控制病媒密度", "已控制")
    total, fiscal, carryover, other = form.funds
    assert (total.item, total.initial_budget_yuan, total.budget_yuan, total.executed_yuan) == (
        "annual_total", Decimal("2400000.00"), Decimal("2291900.00"), Decimal("2291900.00"))
    assert (total.max_score, total.execution_rate_pct, total.score) == (
        Decimal(10), Decimal("100.00"), Decimal(10))
    assert (fiscal.item, fiscal.max_score, fiscal.score) == ("annual_appropriation", None, None)
    assert (carryover.item, carryover.budget_yuan) == ("carryover", None)
    assert (other.item, other.budget_yuan, other.executed_yuan) == ("annual_other", None, None)
    assert [(i.level1, i.level1_as_written, i.level2, i.met) for i in form.indicators] == [
        ("产出指标", "产出指标（50分）", "数量指标", True),
        ("产出指标", "产出指标（50分）", "质量指标", False),
        ("效益指标", "效益指标（50分）", "社会效益指标", True)]
    assert form.indicators[1].deviation_reason == "部分区县未达标"
    assert (form.max_score_total, form.score_total) == (Decimal(100), Decimal(95))


def test_scores_are_held_as_printed_to_four_places_and_a_finer_one_is_left_out() -> None:
    """「100.005」 fits DECIMAL(12,4) and is kept; 「33.33333」 does not and is never rounded:
    None, and a note that makes the file partial."""
    funds = [FUNDS[0], "\t年度资金总额\t240\t229.19\t229.19\t10\t100.005%\t10", *FUNDS[2:]]
    rows = ["\t产出指标（50分）\t数量指标\t消杀覆盖区县数量\t16个\t16个\t33.33333\t33.33333",
            *INDICATORS[1:]]
    form = _one([*TITLE, *funds, *GOALS, HEADER, *rows])
    assert isinstance(form, SelfEvaluation)
    assert form.funds[0].execution_rate_pct == Decimal("100.005")
    assert (form.indicators[0].max_score, form.indicators[0].score) == (None, None)
    assert [note for note in form.notes if "33.33333" in note and "0.0001" in note] != []
    assert len(form.notes) == 2


def test_without_initial_budget_and_with_an_explanation_column_read_by_header() -> None:
    funds = ["项目资金（元）\t\t全年预算数（A）\t全年执行数（B）\t分值\t执行率（B/A）\t得分",
             "\t年度资金总额\t1,000.50\t800\t10\t79.96%\t8"]
    header = ("绩效指标\t一级指标\t二级指标\t三级指标\t指标解释\t年度指标值\t实际完成值\t"
              "分值\t得分\t偏差原因分析及改进措施")
    rows = ["\t产出指标\t数量指标\t培训人数\t参训人次\t≥100人\t120人\t50\t50",
            "总分\t\t\t\t\t\t\t50\t50"]
    form = _one([*TITLE, *funds, header, *rows])
    assert isinstance(form, SelfEvaluation)
    (total,) = form.funds
    assert (total.initial_budget_yuan, total.budget_yuan, total.executed_yuan, total.unit_as_written
            ) == (None, Decimal("1000.50"), Decimal("800.00"), "元")
    (indicator,) = form.indicators
    assert indicator.attributes == {"指标解释": "参训人次"}
    assert (indicator.target.raw, indicator.actual.raw, indicator.met) == ("≥100人", "120人", True)


def test_an_indicator_row_cut_by_a_page_break_is_joined() -> None:
    def row(cells: tuple[str, ...], n: int, continued: bool = False) -> Row:
        return Row(cells, n, f"page {1 + (n > 8)} table 1 row {n}", continued=continued)

    rows = [row(("XX项目绩效自评表（2022年度）",), 1), row(("项目名称", "病媒防制"), 2),
            row(("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                 "偏差原因分析及改进措施"), 3),
            row(("产出指标", "数量指标", "消杀区县数", "16个", "15个", "50", "40", "一个区县"), 4),
            row(("", "", "", "", "", "", "", "延期"), 9, continued=True),
            row(("效益指标", "社会效益指标", "减少疾病", "全年", "全年", "50", "50", ""), 10),
            row(("总分", "", "", "", "", "100", "90", ""), 11)]
    (form,) = parse_grids([Grid(source="x.pdf", rows=tuple(rows))])
    assert isinstance(form, SelfEvaluation)
    assert [(i.name, i.deviation_reason, i.met) for i in form.indicators] == [
        ("消杀区县数", "一个区县延期", False), ("减少疾病", None, True)]
    assert form.score_total == Decimal(90)


def test_the_department_wide_form_with_its_split_amounts() -> None:
    lines = ["XX局部门整体支出绩效自评表", "（2022年度）", "部门（单位）名称\t\tXX局",
             "年度主要任务\t任务名称\t主要内容\t完成情况\t全年预算数（万元）\t\t\t全年执行数（万元）"
             "\t\t\t分值\t执行率\t得分",
             "\t\t\t\t总额\t财政拨款\t其他资金\t总额\t财政拨款\t其他资金",
             "\t公共卫生\t防疫\t完成\t100\t90\t10\t80\t80\t0\t5\t80.00%\t4",
             "\t金额合计\t\t\t100\t90\t10\t80\t80\t0\t5\t80.00%\t4",
             "年度总体目标\t预期目标（年初设定）\t\t目标实际完成情况", "\t防疫\t\t已防疫",
             "年度绩效指标\t一级指标\t二级指标\t指标内容\t年度指标值\t实际完成值\t分值\t得分",
             "\t满意度指标（10分）\t服务对象满意度指标\t群众满意率\t≥80%\t85%\t95\t95",
             "总分\t\t\t\t\t\t100\t99"]
    form = _one(lines)
    assert isinstance(form, DepartmentSelfEvaluation)
    assert (form.department, form.budget_yuan, form.executed_yuan, form.execution_rate_pct) == (
        "XX局", Decimal("1000000.00"), Decimal("800000.00"), Decimal("80.00"))
    (task,) = form.tasks
    assert (task.task_name, task.budget_fiscal_yuan, task.budget_other_yuan,
            task.executed_other_yuan, task.score) == (
        "公共卫生", Decimal("900000.00"), Decimal("100000.00"), Decimal("0.00"), Decimal(4))
    assert [(i.level1, i.name, i.met) for i in form.indicators] == [
        ("满意度指标", "群众满意率", True)]
    assert (form.goal_expected, form.goal_achieved, form.score_total) == (
        "防疫", "已防疫", Decimal(99))


def test_a_form_without_a_money_unit_is_quarantined_with_its_reason() -> None:
    funds = ["项目资金\t\t全年预算数（A）\t全年执行数（B）", "\t年度资金总额\t1\t1"]
    form = _one([*TITLE, *funds, HEADER, *INDICATORS])
    assert isinstance(form, FormProblem)
    assert form.reason_code == "missing_money_unit"


@pytest.mark.parametrize(("target", "actual", "expected"), [
    ("≥90%", "95%", True), ("≥90%", "85%", False), ("≤16万元", "15万元", True),
    ("≤16万元", "17万元", False), ("16个", "16个", True), ("240万元", "229.19万元", False),
    ("全年", "全年", True), ("≥90%", "≥90%", True), ("满意", "基本满意", None),
    ("≥800万人次", "2484人次", None), ("≥95%", "≥93%", None), ("100%", "完成", None),
    ("100%", None, None),
])
def test_met_is_decided_only_when_it_can_be(target: str, actual: str | None,
                                            expected: bool | None) -> None:
    assert met(parse_target(target), parse_target(actual)) is expected


def test_the_reader_gives_the_same_grid_from_a_tsv_export() -> None:
    data = "\n".join([*TITLE, *FUNDS, *GOALS, HEADER, *INDICATORS]).encode()
    (read,) = read_grids(data, "自评表.tsv")
    (form,) = parse_grids([read])
    assert isinstance(form, SelfEvaluation) and len(form.indicators) == 3
