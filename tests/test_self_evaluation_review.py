"""The review rules of the self-evaluations (绩效自评表), each branch on constructed rows.

A seed project's self-evaluation as a unit that met every target would print it, and a
department-wide one, are loaded into a real warehouse file; each case changes cells with an
UPDATE and says whether the rule fires.  Edges within rounding are cases of their own: a
score printed as a whole number stands for half a point either side.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest
import self_evaluation_rows
import warehouse_rows

from pipelines.load.review_tables import ensure_decision_tables
from pipelines.load.views import create_views
from pipelines.review.decisions import decide, returned_rows
from pipelines.review.findings import build_review_findings, write_findings
from pipelines.review.rules import RULES
from pipelines.review.self_evaluation_rules import SELF_EVALUATION_RULES

SEED = warehouse_rows.load_seed()
P1 = SEED[0]  # 残疾人就业保障金: seq 1 残保金缴纳完成率 100%, seq 3 及时性 及时 (qualitative)
EVALUATION = self_evaluation_rows.evaluation_id(P1["fiscal_year"], P1["implementing_unit"],
                                                P1["project_name"])
DEPARTMENT = self_evaluation_rows.DEPARTMENT_EVALUATION
SELF_RULES = {rule.rule_id for rule in SELF_EVALUATION_RULES}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed warehouse with P1's self-evaluation and the department one, all in order."""
    path = tmp_path_factory.mktemp("self_evaluations") / "template.duckdb"
    connection = warehouse_rows.new_warehouse(path, reviewed=False)
    self_evaluation_rows.insert_evaluations(connection, P1)
    connection.close()
    return path


@pytest.fixture
def con(template: Path, tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A copy of the template for one test to change."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(template, path)
    connection = duckdb.connect(str(path))
    yield connection
    connection.close()


def self_findings(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Only the self-evaluation rules' findings, written as a build writes them (the others
    would cost most of the time and are tested in test_review.py)."""
    con.execute("delete from review_findings")
    write_findings(con, SELF_EVALUATION_RULES)
    return con.sql("select * from review_findings where evaluation_id is not null "
                   "order by rule_id, project_id, indicator_seq").pl()


def indicator(seq: int, **values: object) -> str:
    """An UPDATE of P1's evaluated indicator ``seq`` (values bound by name: see ``ind``)."""
    sets = ", ".join(f"{column} = ${column}" for column in values)
    return f"update self_evaluation_indicators set {sets} where seq = {seq}"


def apply(con: duckdb.DuckDBPyConnection, steps: list[tuple[str, dict[str, object]]]) -> None:
    for statement, params in steps:
        con.execute(statement, params)


def ind(seq: int, **values: object) -> list[tuple[str, dict[str, object]]]:
    return [(indicator(seq, **values), values)]


def sql(statement: str) -> list[tuple[str, dict[str, object]]]:
    return [(statement, {})]


def shortfall(seq: int, actual: str, value: str | None, score: str,
              reason: str | None = "受疫情影响，下年改进") -> list[tuple[str, dict[str, object]]]:
    return ind(seq, actual_raw=actual, actual_value=value, score=score,
               deviation_reason=reason, met=False)


# (rule, cells changed, fires, where: the evaluation it is about)
CASES: list[tuple[str, list[tuple[str, dict[str, object]]], bool, str]] = [
    # score = min(B/A, 1) x 分值, at the printed precision
    ("self_eval_fund_score", [], False, EVALUATION),
    ("self_eval_fund_score", sql("update self_evaluation_funds set executed_yuan = "
                                 "budget_yuan * 0.9"), True, EVALUATION),
    ("self_eval_fund_score", sql("update self_evaluation_funds set executed_yuan = "
                                 "budget_yuan * 0.985, score = 9.85"), False, EVALUATION),
    ("self_eval_fund_score", sql("update self_evaluation_funds set executed_yuan = "
                                 "budget_yuan * 0.985, score = 10"), False, EVALUATION),
    ("self_eval_fund_score", sql("update self_evaluation_funds set executed_yuan = "
                                 "budget_yuan * 0.985, score = 9.9"), False, EVALUATION),
    ("self_eval_fund_score", sql("update self_evaluation_funds set executed_yuan = "
                                 "budget_yuan * 0.985, score = 9.7"), True, EVALUATION),
    ("self_eval_fund_score", sql("update self_evaluation_funds set executed_yuan = "
                                 "budget_yuan * 0.985, score = 9"), True, EVALUATION),
    ("self_eval_fund_score", sql("update self_evaluation_funds set executed_yuan = "
                                 "budget_yuan * 1.2"), False, EVALUATION),
    ("self_eval_fund_score", sql("update department_self_evaluation_tasks set score = 5"),
     True, DEPARTMENT),
    # 执行率 over 100%
    ("self_eval_execution_over_100", [], False, EVALUATION),
    ("self_eval_execution_over_100", sql("update self_evaluation_funds set executed_yuan = "
                                         "budget_yuan + 0.01"), True, EVALUATION),
    ("self_eval_execution_over_100", sql("update self_evaluation_funds set "
                                         "execution_rate_pct = 100.5"), True, EVALUATION),
    ("self_eval_execution_over_100", sql("update department_self_evaluations set "
                                         "executed_yuan = budget_yuan * 2"), True, DEPARTMENT),
    # a score above its 分值
    ("self_eval_score_over_max", [], False, EVALUATION),
    ("self_eval_score_over_max", ind(1, score="10.5"), True, EVALUATION),
    ("self_eval_score_over_max", sql("update self_evaluations set score_total = 101, "
                                     "max_score_total = 100"), True, EVALUATION),
    ("self_eval_score_over_max", sql("update department_self_evaluation_tasks set score = 12"),
     True, DEPARTMENT),
    # met: full marks
    ("self_eval_met_not_full", [], False, EVALUATION),
    ("self_eval_met_not_full", ind(1, score="8"), True, EVALUATION),
    ("self_eval_met_not_full", shortfall(1, "80%", "80", "8"), False, EVALUATION),
    ("self_eval_met_not_full", sql("update department_self_evaluation_indicators set score = 9 "
                                   "where seq = 2"), True, DEPARTMENT),
    # short: less than full, no more than its share for a number
    ("self_eval_short_scored_high", shortfall(1, "90%", "90", "10"), True, EVALUATION),
    ("self_eval_short_scored_high", shortfall(1, "90%", "90", "9"), False, EVALUATION),
    ("self_eval_short_scored_high", shortfall(1, "90%", "90", "9.04"), True, EVALUATION),
    ("self_eval_short_scored_high", shortfall(1, "90%", "90", "9.5"), True, EVALUATION),
    ("self_eval_short_scored_high", shortfall(1, "90%", "90", "8"), False, EVALUATION),
    ("self_eval_short_scored_high", shortfall(3, "部分延迟", None, "10"), True, EVALUATION),
    ("self_eval_short_scored_high", shortfall(3, "部分延迟", None, "6"), False, EVALUATION),
    ("self_eval_short_scored_high",
     ind(1, target_raw="≤5天", target_op="<=", target_value="5", target_unit="天",
         actual_raw="10天", actual_value="10", score="5", met=False), False, EVALUATION),
    ("self_eval_short_scored_high",
     ind(1, target_raw="≤5天", target_op="<=", target_value="5", target_unit="天",
         actual_raw="10天", actual_value="10", score="6", met=False), True, EVALUATION),
    # short: a reason
    ("self_eval_short_without_reason", shortfall(1, "90%", "90", "9", None), True, EVALUATION),
    ("self_eval_short_without_reason", shortfall(1, "90%", "90", "9", " 无 "), True, EVALUATION),
    ("self_eval_short_without_reason", shortfall(1, "90%", "90", "9"), False, EVALUATION),
    ("self_eval_short_without_reason", ind(1, met=None, deviation_reason=None), False, EVALUATION),
    # total = sum of the scores
    ("self_eval_total_mismatch", [], False, EVALUATION),
    ("self_eval_total_mismatch", sql("update self_evaluations set score_total = 85"),
     True, EVALUATION),
    ("self_eval_total_mismatch", ind(1, score="9.6"), False, EVALUATION),  # 89.6 printed as 90
    ("self_eval_total_mismatch", ind(1, score="9.4"), True, EVALUATION),  # 89.4 is not 90
    ("self_eval_total_mismatch", sql("update department_self_evaluations set score_total = 25"),
     True, DEPARTMENT),
    # 完成 for a number
    ("self_eval_actual_word_for_number", [], False, EVALUATION),
    ("self_eval_actual_word_for_number", ind(1, actual_raw="已完成", actual_value=None),
     True, EVALUATION),
    ("self_eval_actual_word_for_number", ind(3, actual_raw="已完成"), False, EVALUATION),
    # a qualitative full score with no evidence
    ("self_eval_full_without_evidence", ind(3, actual_raw="完成"), True, EVALUATION),
    ("self_eval_full_without_evidence", ind(3, actual_raw=None), True, EVALUATION),
    ("self_eval_full_without_evidence", ind(3, actual_raw="全年按期缴纳 12 次"), False, EVALUATION),
    ("self_eval_full_without_evidence", ind(3, actual_raw="完成", score="8", met=False,
                                            deviation_reason="延迟一次"), False, EVALUATION),
]


def test_every_self_evaluation_rule_has_a_case_that_fires_and_one_that_stays_quiet() -> None:
    assert {case[0] for case in CASES if case[2]} == SELF_RULES
    assert {case[0] for case in CASES if not case[2]} == SELF_RULES
    assert {rule.rule_id for rule in RULES} >= SELF_RULES


def test_the_constructed_evaluations_have_no_findings(con: duckdb.DuckDBPyConnection) -> None:
    assert self_findings(con)["message"].to_list() == []


@pytest.mark.parametrize(("rule_id", "steps", "fires", "about"), CASES,
                         ids=[f"{case[0]}-{n}" for n, case in enumerate(CASES)])
def test_rule_case(con: duckdb.DuckDBPyConnection, rule_id: str,
                   steps: list[tuple[str, dict[str, object]]], fires: bool, about: str) -> None:
    apply(con, steps)
    found = self_findings(con)
    hits = found.filter(pl.col("rule_id") == rule_id)
    if not fires:
        assert hits["message"].to_list() == []
        return
    assert hits.height == 1, found.select("rule_id", "message").to_dicts()
    hit = hits.row(0, named=True)
    assert hit["evaluation_id"] == about
    assert hit["severity"] == next(r.severity for r in RULES if r.rule_id == rule_id)
    expected_project = warehouse_rows.seed_id(P1) if about == EVALUATION else DEPARTMENT
    assert hit["project_id"] == expected_project
    assert ("项目「残疾人就业保障金」" if about == EVALUATION else "部门整体自评") in hit["message"]


def test_indicator_findings_point_at_the_indicator_and_keep_their_id(
        con: duckdb.DuckDBPyConnection) -> None:
    apply(con, shortfall(1, "90%", "90", "10", None))
    first = self_findings(con).filter(pl.col("rule_id") == "self_eval_short_without_reason")
    assert first["indicator_seq"].to_list() == [1]
    assert json.loads(first["details"][0])["actual_raw"] == "90%"
    again = self_findings(con).filter(pl.col("rule_id") == "self_eval_short_without_reason")
    assert again["finding_id"].to_list() == first["finding_id"].to_list()
    apply(con, ind(1, actual_raw="85%", actual_value="85"))
    changed = self_findings(con).filter(pl.col("rule_id") == "self_eval_short_without_reason")
    assert changed["finding_id"].to_list() != first["finding_id"].to_list()


def test_declared_findings_name_no_evaluation(con: duckdb.DuckDBPyConnection) -> None:
    build_review_findings(con)
    declared = con.sql("select count(*), count(evaluation_id) from review_findings "
                       "where not starts_with(rule_id, 'self_eval_')").fetchall()
    assert declared[0][0] > 0 and declared[0][1] == 0


def test_a_returned_finding_goes_to_the_evaluating_unit_and_cites_its_page(
        con: duckdb.DuckDBPyConnection) -> None:
    apply(con, shortfall(1, "90%", "90", "9", None))
    apply(con, sql("update self_evaluations set implementing_unit = '评价单位'"))
    apply(con, sql("update department_self_evaluations set score_total = 25"))
    build_review_findings(con)
    ensure_decision_tables(con)
    create_views(con)
    for rule_id, about in (("self_eval_short_without_reason", EVALUATION),
                           ("self_eval_total_mismatch", DEPARTMENT)):
        (finding_id,) = con.execute("select finding_id from review_findings "
                                    "where rule_id = $r and evaluation_id = $e",
                                    {"r": rule_id, "e": about}).fetchone()
        decide(con, finding_id, "returned", comment="请补充", reviewer="审核人",
               decided_at=datetime(2024, 3, 1, 9, 0))
    by_rule = {row["rule_id"]: row for row in returned_rows(con)}
    indicator_row = by_rule["self_eval_short_without_reason"]
    assert (indicator_row["implementing_unit"], indicator_row["project_name"]) == (
        "评价单位", P1["project_name"])
    assert indicator_row["finding_locator"] == "page 55 table 1 row 11"  # seq 1's row
    assert indicator_row["source_file"] == self_evaluation_rows.EVALUATION_FILE
    department_row = by_rule["self_eval_total_mismatch"]
    assert (department_row["implementing_unit"], department_row["department"]) == (
        None, self_evaluation_rows.DEPARTMENT)
    assert department_row["finding_locator"] == "page 30 table 1 row 1"
