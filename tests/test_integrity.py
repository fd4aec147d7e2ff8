"""Tests of the blocking integrity checks: all pass on the seed, each fails on its breakage."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import warehouse_rows

from pipelines.check.integrity import (
    BLOCKING_CHECKS,
    CHECKS_SQL,
    INTEGRITY_CHECKS,
    MISSING_FILES_SQL,
    RAW_FILES_ACCOUNTED,
    failed_checks,
    missing_files,
    run_integrity_check,
)
from pipelines.check.tables import TABLE_CHECKS, identifier
from pipelines.core.sql_files import SQL_DIR


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A warehouse holding the seed; every test gets its own file."""
    connection = warehouse_rows.new_warehouse(tmp_path / "warehouse.duckdb")
    yield connection
    connection.close()


def drop_constraints(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Rebuild ``table`` without its primary key, as a careless CTAS rebuild would."""
    con.execute(f"create table {table}_copy as select * from {table}")
    con.execute(f"drop table {table}")
    con.execute(f"alter table {table}_copy rename to {table}")


def failing(con: duckdb.DuckDBPyConnection) -> set[str]:
    return set(failed_checks(con))


def test_check_names_are_unique_and_every_own_query_is_declared() -> None:
    names = [check.name for check in BLOCKING_CHECKS]
    assert len(names) == len(set(names))
    files = {path.name for path in (SQL_DIR / CHECKS_SQL).glob("*.sql")}
    own = {o.name for declared in TABLE_CHECKS for o in declared.own}
    assert files == {f"{name}.sql" for name in own} | {MISSING_FILES_SQL}


def test_every_declared_check_is_a_query_duckdb_can_plan(
        con: duckdb.DuckDBPyConnection) -> None:
    """A template filled with a wrong name fails here, not on the first night that needs it."""
    for check in BLOCKING_CHECKS:
        params = {"paths": []} if check is RAW_FILES_ACCOUNTED else None
        con.execute(f"explain {check.sql()}", params)


def test_a_name_that_is_not_plain_never_reaches_a_template() -> None:
    with pytest.raises(ValueError, match="not a plain SQL name"):
        identifier("projects; drop table projects")


def test_seed_passes_every_check(con: duckdb.DuckDBPyConnection) -> None:
    for check in INTEGRITY_CHECKS:
        assert run_integrity_check(con, check).is_empty(), check.name


def test_empty_warehouse_passes_every_check(tmp_path: Path) -> None:
    con = warehouse_rows.new_warehouse(tmp_path / "empty.duckdb", with_seed=False)
    assert failing(con) == set()


def test_duplicated_project_id_fails(con: duckdb.DuckDBPyConnection) -> None:
    drop_constraints(con, "projects")
    con.execute("insert into projects select * from projects limit 1")
    failed = failed_checks(con)
    assert set(failed) == {"project_id_unique"}
    assert failed["project_id_unique"]["row_count"].to_list() == [2]


def test_orphan_indicator_fails(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        insert into indicators
        select * replace ('no-such-project' as project_id)
        from indicators
        limit 1
        """
    )
    failed = failed_checks(con)
    assert set(failed) == {"indicators_have_project"}
    assert failed["indicators_have_project"]["project_id"].to_list() == ["no-such-project"]


def test_orphan_funds_row_fails(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("delete from projects where project_name = '托育中心经费'")
    con.execute("delete from indicators where project_id not in (select project_id from projects)")
    failed = failed_checks(con)
    assert set(failed) == {"funds_have_project"}
    assert failed["funds_have_project"].height == 6


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("projects", "project_name"),
        ("projects", "source_sha256"),
        ("funds", "source_file"),
        ("indicators", "source_sha256"),
    ],
)
def test_blank_required_column_fails(
    con: duckdb.DuckDBPyConnection, table: str, column: str
) -> None:
    con.execute(f"update {table} set {column} = ' ' where rowid = 0")
    failed = failed_checks(con)
    assert set(failed) == {"required_columns"}
    rows = failed["required_columns"].to_dicts()
    assert [(row["table_name"], row["column_name"]) for row in rows] == [(table, column)]


def test_amount_with_more_than_two_decimals_fails(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("alter table funds alter amount_yuan type decimal(18, 4)")
    con.execute("update funds set amount_yuan = 1.2345 where item = 'total' and rowid = 0")
    rows = failed_checks(con)["funds_amount_exact"]
    assert set(rows["problem"]) == {"column", "scale"}
    assert rows.filter(rows["problem"] == "scale")["detail"].to_list() == ["1.2345"]


def test_amount_as_float_column_fails(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("alter table funds alter amount_yuan type double")
    rows = failed_checks(con)["funds_amount_exact"]
    assert rows["problem"].to_list() == ["column"]


def test_form_counts_that_do_not_add_up_fail(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("update ingest_files set forms_found = forms_found + 1")
    assert failing(con) == {"ingest_counts_add_up"}


def test_quarantined_form_without_quarantine_row_fails(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "update ingest_files set status = 'partial', forms_found = 6, forms_quarantined = 1"
    )
    assert failing(con) == {"quarantine_rows_present"}
    con.execute(
        """
        insert into quarantine (source_file, scope, form_seq, reason_code, reason, run_id)
        select path, 'form', 6, 'no_project_name', '项目名称为空', 'test-run'
        from ingest_files
        """
    )
    assert failing(con) == set()


def test_file_rejected_whole_needs_a_file_row(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        insert into ingest_files by name
        select * replace (
            'raw/broken.pdf' as path,
            'quarantined' as status,
            0 as forms_found,
            0 as forms_loaded,
            0 as forms_quarantined
        )
        from ingest_files
        """
    )
    assert failing(con) == {"quarantine_rows_present"}
    con.execute(
        """
        insert into quarantine (source_file, scope, reason_code, reason, run_id)
        values ('raw/broken.pdf', 'file', 'unreadable', '文件无法读取', 'test-run')
        """
    )
    assert failing(con) == set()


def test_file_scope_row_with_form_seq_fails(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        insert into quarantine (source_file, scope, form_seq, reason_code, reason, run_id)
        values ('raw/000_seed.txt', 'file', 2, 'unreadable', '文件无法读取', 'test-run')
        """
    )
    failed = failed_checks(con)
    assert set(failed) == {"quarantine_scope_valid"}
    assert failed["quarantine_scope_valid"]["problem"].to_list() == ["file row with form_seq"]


def test_quarantine_row_for_unknown_file_fails(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        insert into quarantine (source_file, scope, reason_code, reason, run_id)
        values ('raw/elsewhere.txt', 'file', 'unreadable', '文件无法读取', 'test-run')
        """
    )
    failed = failed_checks(con)
    assert failed["quarantine_scope_valid"]["problem"].to_list() == ["file not in ingest_files"]


def test_path_listed_twice_fails(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("insert into ingest_files select * from ingest_files")
    assert "ingest_path_unique" in failing(con)


def test_missing_files_lists_paths_without_ingest_row(con: duckdb.DuckDBPyConnection) -> None:
    listing = ["raw/b.txt", warehouse_rows.SEED_FILE, "raw/a.txt", "raw/a.txt"]
    assert missing_files(con, listing) == ["raw/a.txt", "raw/b.txt"]
    assert missing_files(con, [warehouse_rows.SEED_FILE]) == []
    assert missing_files(con, []) == []


def test_missing_files_takes_paths_as_data(con: duckdb.DuckDBPyConnection) -> None:
    odd = "raw/it's a ';drop table projects;--.txt"
    assert missing_files(con, [odd]) == [odd]
    assert con.sql("select count(*) from projects").fetchall() == [(5,)]


@pytest.mark.parametrize(("table", "check", "key"), [
    ("funds", "fund_item_unique", "item"),
    ("indicators", "indicator_seq_unique", "seq"),
])
def test_duplicated_row_key_fails(con: duckdb.DuckDBPyConnection, table: str, check: str,
                                  key: str) -> None:
    """funds and indicators keep their keys unique by check: a primary key's index would
    have to fit in DuckDB's memory limit, which millions of rows do not."""
    con.execute(f"insert into {table} select * from {table} limit 1")
    failed = failed_checks(con)
    assert set(failed) == {check}
    assert failed[check]["row_count"].to_list() == [2]
    assert failed[check][key].len() == 1


def test_duplicated_finding_id_fails(con: duckdb.DuckDBPyConnection) -> None:
    """A decision names one finding: two findings with one id would both take it."""
    assert run_integrity_check(con, next(c for c in INTEGRITY_CHECKS
                                         if c.name == "finding_id_unique")).is_empty()
    con.execute("insert into review_findings select * from review_findings limit 1")
    failed = failed_checks(con)
    assert set(failed) == {"finding_id_unique"}
    assert failed["finding_id_unique"]["row_count"].to_list() == [2]
