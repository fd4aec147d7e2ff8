"""The link between self-evaluations and declared targets, and the per-unit summary.

A seed project declared its targets (raw/ seed) and evaluates them: its self-evaluation is
constructed from the same seed entry with one target quietly changed, one actual short with a
reason and one short without.  Other self-evaluations miss their form or fit several.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import self_evaluation_rows
import warehouse_rows

from pipelines.load.views import apply_comments, create_views

SEED = warehouse_rows.load_seed()
P1, P2 = SEED[0], SEED[1]
UNIT = P1["implementing_unit"]


def evaluation(project: dict) -> str:
    return self_evaluation_rows.evaluation_id(project["fiscal_year"],
                                              project["implementing_unit"],
                                              project["project_name"])


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The seed, P1's self-evaluation changed as described above, and the views."""
    connection = warehouse_rows.new_warehouse(tmp_path / "warehouse.duckdb", reviewed=False)
    self_evaluation_rows.insert_evaluations(connection, P1, department=False)
    p1 = evaluation(P1)
    for statement in (
        "update self_evaluation_indicators set target_raw = '95%', target_value = 95 "
        "where evaluation_id = $e and seq = 2",
        "update self_evaluation_indicators set actual_raw = '90%', actual_value = 90, "
        "met = false, score = 9, deviation_reason = '部分单位延期缴纳' "
        "where evaluation_id = $e and seq = 1",
        "update self_evaluation_indicators set actual_raw = '部分及时', met = false, score = 5 "
        "where evaluation_id = $e and seq = 3",
        "update self_evaluation_funds set executed_yuan = 10000.00 where evaluation_id = $e",
    ):
        connection.execute(statement, {"e": p1})
    apply_comments(connection)
    create_views(connection)
    yield connection
    connection.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str, **params: object) -> list[dict]:
    return con.sql(sql, params=params).pl().to_dicts()


def test_the_seed_project_links_to_its_declared_form(con: duckdb.DuckDBPyConnection) -> None:
    (link,) = rows(con, "select * from self_evaluation_links")
    assert (link["link_status"], link["match_basis"], link["candidate_count"]) == (
        "matched", "project_id", 1)
    assert link["project_id"] == warehouse_rows.seed_id(P1)


def test_each_indicator_stands_beside_its_declared_target(
        con: duckdb.DuckDBPyConnection) -> None:
    by_seq = {r["seq"]: r for r in rows(con, "select * from self_evaluation_vs_targets")}
    assert len(by_seq) == len(P1["indicators"])
    assert {r["declared_match"] for r in by_seq.values()} == {"matched"}
    changed = by_seq[2]
    assert (changed["declared_target"], changed["evaluated_target"]) == ("100%", "95%")
    assert changed["target_changed"] is True
    assert [seq for seq, r in by_seq.items() if r["target_changed"]] == [2]
    short = by_seq[1]
    assert (short["actual"], short["met"], short["score"], short["max_score"]) == (
        "90%", False, Decimal("9.00"), Decimal("10.00"))
    assert by_seq[3]["declared_target"] == "及时" and by_seq[3]["target_changed"] is False


def test_the_shortfall_without_a_reason_is_a_finding_beside_it(
        con: duckdb.DuckDBPyConnection) -> None:
    from pipelines.review.findings import build_review_findings

    build_review_findings(con)
    reasons = rows(con, "select indicator_seq from review_findings "
                        "where rule_id = 'self_eval_short_without_reason'")
    assert reasons == [{"indicator_seq": 3}]


def test_a_self_evaluation_under_another_unit_is_a_near_miss_not_a_match(
        con: duckdb.DuckDBPyConnection) -> None:
    moved = {**P2, "implementing_unit": "另一个单位"}
    warehouse_rows.insert_frames(con, self_evaluation_rows.project_evaluation(moved, page=70))
    (link,) = rows(con, "select * from self_evaluation_links "
                        "where implementing_unit = '另一个单位'")
    assert (link["link_status"], link["project_id"], link["match_basis"]) == (
        "missing", None, "year_name")
    assert link["candidate_project_ids"] == warehouse_rows.seed_id(P2)
    targets = rows(con, "select distinct declared_match from self_evaluation_vs_targets "
                        "where implementing_unit = '另一个单位'")
    assert targets == [{"declared_match": "no_declared_form"}]


def test_a_name_declared_twice_in_the_unit_is_ambiguous(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("insert into projects select * replace ('other-form' as project_id) "
                "from projects where project_id = $p", {"p": warehouse_rows.seed_id(P1)})
    (link,) = rows(con, "select * from self_evaluation_links")
    assert (link["link_status"], link["project_id"], link["candidate_count"]) == (
        "ambiguous", None, 2)


def test_unmatched_indicator_names_are_reported(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("update self_evaluation_indicators set name = '新增指标' where seq = 4")
    (row,) = rows(con, "select * from self_evaluation_vs_targets where seq = 4")
    assert (row["declared_match"], row["declared_target"], row["target_changed"]) == (
        "no_declared_indicator", None, None)


def test_scorecard_per_unit_and_year(con: duckdb.DuckDBPyConnection) -> None:
    (card,) = rows(con, "select * from self_evaluation_scorecard")
    count = len(P1["indicators"])
    assert (card["fiscal_year"], card["unit"], card["evaluation_count"]) == (2023, UNIT, 1)
    assert (card["indicator_count"], card["decided_count"], card["met_count"]) == (
        count, count, count - 2)
    assert card["met_share"] == pytest.approx(round((count - 2) / count, 4))
    assert card["budget_yuan"] == Decimal(P1["funds"]["annual_total"])
    assert card["executed_yuan"] == Decimal("10000.00")
    assert card["execution_rate"] == pytest.approx(
        round(10000 / float(P1["funds"]["annual_total"]), 4))


def test_the_readme_query_names_the_units_below_80_percent(
        con: duckdb.DuckDBPyConnection) -> None:
    readme = (warehouse_rows.REPO / "README.md").read_text("utf-8")
    (query,) = [statement for block in re.findall(r"```sql\n(.*?)```", readme, re.S)
                for statement in block.split(";") if "met_share < 0.8" in statement]
    count = len(P1["indicators"])  # 8, of which the fixture leaves 6 met: 75%
    (unit,) = rows(con, query)
    assert (unit["unit"], unit["met_count"], unit["indicator_count"]) == (UNIT, count - 2, count)
    assert all(value is not None for value in unit.values())
    con.execute("update self_evaluation_indicators set met = true")
    assert rows(con, query) == []


def test_the_workbook_shows_the_summary_and_the_changed_target_first(
        con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from pipelines.outputs.export.workbook import write_workbook

    write_workbook(con, tmp_path / "forms.xlsx", 1_000)
    book = load_workbook(tmp_path / "forms.xlsx", read_only=True)
    summary = list(book["自评汇总"].iter_rows(values_only=True))
    assert len(summary) == 2 and UNIT in summary[1]
    compared = list(book["目标与自评"].iter_rows(values_only=True))
    header, first = compared[0], dict(zip(compared[0], compared[1], strict=True))
    assert len(compared) == 1 + len(P1["indicators"])
    assert "100%" in first.values() and "95%" in first.values()
    assert len(header) == len(set(header))


def test_the_report_has_a_self_evaluation_section(con: duckdb.DuckDBPyConnection,
                                                  tmp_path: Path) -> None:
    from pipelines.outputs.report.write import write_report

    warehouse = tmp_path / "warehouse.duckdb"
    con.close()
    write_report(warehouse, tmp_path / "report.html")
    page = (tmp_path / "report.html").read_text("utf-8")
    section = page.split('<section id="self-evaluations">', 1)[1].split("</section>", 1)[0]
    assert "<h2>绩效自评</h2>" in section and UNIT in section
    assert "75.0%" in section  # 6 of 8 indicators met
    assert "<td class=\"amount\">1</td></tr>" in section  # one target changed
