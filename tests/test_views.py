"""Tests of the summary views and of the comments on every table, view and column."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import warehouse_rows

from pipelines.core.sql_files import SQL_DIR
from pipelines.load.views import VIEW_FILES, apply_comments, create_views
from pipelines.parse.records import FUND_ITEM_NAMES, FUND_ITEMS
from pipelines.review.findings import build_review_findings

UNIT = "上海市闵行区托育服务指导中心"
VIEWS = [name.removesuffix(".sql") for name in VIEW_FILES]


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The seed warehouse with comments, findings and views, as a full run leaves it."""
    connection = warehouse_rows.new_warehouse(tmp_path / "warehouse.duckdb")
    apply_comments(connection)
    create_views(connection)
    build_review_findings(connection)
    yield connection
    connection.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str, **params: object) -> list[dict]:
    return con.sql(sql, params=params).pl().to_dicts()


def seed_sum(item: str, year: int = 2023, unit: str = UNIT) -> Decimal:
    """Sum of one fund item straight from the JSON, the hand computation the views must match."""
    return sum(
        (
            Decimal(project["funds"][item])
            for project in warehouse_rows.load_seed()
            if project["fiscal_year"] == year
            and project["implementing_unit"] == unit
            and item in project["funds"]
        ),
        Decimal("0"),
    )


def test_every_view_file_is_created() -> None:
    on_disk = {path.name for path in (SQL_DIR / "views").glob("*.sql")}
    assert on_disk == set(VIEW_FILES)


def test_funds_by_unit_matches_the_json(con: duckdb.DuckDBPyConnection) -> None:
    (row,) = rows(
        con,
        "select * from funds_by_unit where fiscal_year = 2023 and implementing_unit = $unit",
        unit=UNIT,
    )
    assert row["total"] == seed_sum("total") == Decimal("2248723.84")
    assert row["annual_total"] == seed_sum("annual_total")
    assert row["carryover"] == Decimal("0.00")
    assert row["other"] is None  # no seed project has a 其他资金 amount
    assert row["project_count"] == 5


def test_funds_by_year_and_department_agree(con: duckdb.DuckDBPyConnection) -> None:
    (year,) = rows(con, "select * from funds_by_year")
    (department,) = rows(con, "select * from funds_by_department")
    assert year["total"] == department["total"] == seed_sum("total")
    assert year["project_count"] == department["project_count"] == 5
    assert (year["department_count"], year["unit_count"], department["unit_count"]) == (1, 1, 1)


def test_sums_are_exact_decimals(con: duckdb.DuckDBPyConnection) -> None:
    types = rows(
        con,
        """
        select data_type from duckdb_columns()
        where table_name in ('funds_by_unit', 'funds_by_year', 'funds_by_department')
            and column_name = 'total'
        """,
    )
    assert {row["data_type"] for row in types} == {"DECIMAL(38,2)"}


def test_project_without_funds_still_counts(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("delete from funds where project_id = (select min(project_id) from projects)")
    (row,) = rows(con, "select project_count, total from funds_by_unit")
    assert row["project_count"] == 5
    assert row["total"] < seed_sum("total")


def test_indicator_mix_by_project_counts_every_indicator(con: duckdb.DuckDBPyConnection) -> None:
    seed = warehouse_rows.load_seed()
    mix = rows(con, "select * from indicator_mix_by_project")
    assert sum(row["indicator_count"] for row in mix) == 47
    by_key = {(row["project_name"], row["level2"]): row for row in mix}
    first = seed[0]
    social = [i for i in first["indicators"] if i["level2"] == "社会效益指标"]
    row = by_key[(first["project_name"], "社会效益指标")]
    assert row["indicator_count"] == len(social) == 3
    assert row["quantitative_count"] == 1
    assert row["quantitative_share"] == pytest.approx(1 / 3, abs=1e-4)


def test_indicator_mix_by_unit_adds_up_projects(con: duckdb.DuckDBPyConnection) -> None:
    (row,) = rows(
        con,
        "select * from indicator_mix_by_unit where level2 = $level2 and implementing_unit = $unit",
        level2="可持续影响指标",
        unit=UNIT,
    )
    assert (row["project_count"], row["indicator_count"], row["quantitative_count"]) == (5, 5, 0)
    assert row["quantitative_share"] == 0


def test_scorecard_counts_findings_by_severity(con: duckdb.DuckDBPyConnection) -> None:
    card = {row["project_name"]: row for row in rows(con, "select * from project_scorecard")}
    assert len(card) == 5
    expected = rows(
        con,
        """
        select p.project_name, f.severity, count(*) as n
        from review_findings as f join projects as p using (project_id)
        group by all
        """,
    )
    for row in expected:
        assert card[row["project_name"]][f"{row['severity']}_count"] == row["n"]
    project = card["托育中心经费"]
    assert project["indicator_count"] == 14
    assert project["total"] == project["annual_total"] == Decimal("406000.00")
    assert project["finding_count"] == (
        project["error_count"] + project["warning_count"] + project["info_count"]
    )


def test_scorecard_shows_zero_findings_before_review(tmp_path: Path) -> None:
    con = warehouse_rows.new_warehouse(tmp_path / "fresh.duckdb", reviewed=False)
    create_views(con)
    counts = rows(con, "select distinct finding_count, error_count from project_scorecard")
    assert counts == [{"finding_count": 0, "error_count": 0}]


def test_numeric_targets_holds_the_parsed_targets(con: duckdb.DuckDBPyConnection) -> None:
    seed = warehouse_rows.load_seed()
    numeric = sum(
        1
        for project in seed
        for indicator in project["indicators"]
        if warehouse_rows.target_columns(indicator["target_raw"])["is_quantitative"]
    )
    targets = rows(con, "select * from numeric_targets order by project_name, seq")
    assert len(targets) == numeric == 26
    hours = [row for row in targets if row["target_unit"] == "小时"]
    assert [(row["name"], row["target_op"], row["target_value"]) for row in hours] == [
        ("发生问题相应时间", "=", Decimal("24.000000"))
    ]
    assert all(row["implementing_unit"] == UNIT for row in targets)


def test_views_can_be_created_again(con: duckdb.DuckDBPyConnection) -> None:
    create_views(con)
    apply_comments(con)
    assert rows(con, "select count(*) as n from project_scorecard") == [{"n": 5}]


def test_every_table_view_and_column_has_a_bilingual_comment(
    con: duckdb.DuckDBPyConnection,
) -> None:
    objects = rows(
        con,
        """
        select table_name as name, comment from duckdb_tables()
        where database_name = current_database() and schema_name = current_schema()
        union all
        select view_name, comment from duckdb_views()
        where not internal
            and database_name = current_database()
            and schema_name = current_schema()
        union all
        select table_name || '.' || column_name, comment from duckdb_columns()
        where not internal
            and database_name = current_database()
            and schema_name = current_schema()
        """,
    )
    names = {row["name"] for row in objects}
    assert {"review_findings", *VIEWS, "projects.project_id", "numeric_targets.seq"} <= names
    uncommented = [row["name"] for row in objects if not (row["comment"] or "").strip()]
    assert uncommented == []
    not_bilingual = [row["name"] for row in objects if " / " not in row["comment"]]
    assert not_bilingual == []


FUND_VIEWS = ("project_funds", "funds_by_unit", "funds_by_year", "funds_by_department")


def test_every_fund_item_of_the_parser_is_a_column_of_every_fund_view(
    con: duckdb.DuckDBPyConnection,
) -> None:
    """One list: an item the parser reads (重庆's 市级支出 / 补助区县, 广州's 财政专户拨款)
    is a column of project_funds and of every funds_by_* view, with its own comment."""
    assert set(FUND_ITEM_NAMES) == set(FUND_ITEMS)
    for view in FUND_VIEWS:
        columns = {row["column_name"]: row["comment"] for row in rows(
            con, "select column_name, comment from duckdb_columns() where table_name = $v",
            v=view)}
        assert set(FUND_ITEMS) <= set(columns), (view, set(FUND_ITEMS) - set(columns))
        for item, (name, _) in FUND_ITEM_NAMES.items():
            assert columns[item].startswith(name), (view, item, columns[item])


def test_an_item_only_the_new_columns_hold_reaches_the_sums(
    con: duckdb.DuckDBPyConnection,
) -> None:
    project = rows(con, "select min(project_id) as p from projects")[0]["p"]
    con.execute("""insert into funds by name
        select project_id, 'annual_city_spending' as item, 123.45 as amount_yuan,
               unit_as_written, amount_as_written, label_as_written, source_file,
               source_sha256, source_line, source_locator
        from funds where project_id = $p and item = 'total'""", {"p": project})
    for view in FUND_VIEWS:
        (row,) = rows(con, f"select sum(annual_city_spending) as s from {view}")
        assert row["s"] == Decimal("123.45"), view


def test_funds_by_unit_falls_back_to_the_department_and_says_so(
    con: duckdb.DuckDBPyConnection,
) -> None:
    """A blank 实施单位 leaves the money with the department the form prints, or else the
    document's department; implementing_unit keeps saying what the form wrote."""
    names = [r["project_name"] for r in rows(con, "select project_name from projects "
                                                   "order by project_name")]
    con.execute("update projects set implementing_unit = null, department = '甲局', "
                "department_source = 'form' where project_name = $n", {"n": names[0]})
    con.execute("update projects set implementing_unit = null, department = '乙局', "
                "department_source = 'document' where project_name = $n", {"n": names[1]})
    got = {(r["unit"], r["unit_source"], r["implementing_unit"], r["project_count"])
           for r in rows(con, "select * from funds_by_unit")}
    assert got == {("甲局", "department", None, 1), ("乙局", "document", None, 1),
                   (UNIT, "implementing_unit", UNIT, 3)}
    (total,) = rows(con, "select sum(total) as t from funds_by_unit where unit is not null")
    assert total["t"] == seed_sum("total")
