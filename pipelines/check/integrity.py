"""Blocking integrity checks of the warehouse.

Each check is a query under ``sql/checks/`` that returns the rows breaking one promise of
the warehouse (unique ids, rows that join, provenance filled in, counts that add up); an
empty result means the check passes.  They guard what the loader is supposed to
guarantee, so a failure means "stop and fix the loader", unlike review findings, which
are about what the forms say.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from pipelines.load.warehouse import fetch_rows, query_frame, read_sql

CHECKS_SQL = "checks"
MISSING_FILES_SQL = "files_not_ingested.sql"


@dataclass(frozen=True, slots=True)
class Check:
    """One blocking check: its name, what it guarantees, and the query for failing rows."""

    name: str
    description: str
    sql_file: str

    def sql(self) -> str:
        """The check's query, read at run time so edits to the .sql file need no reload."""
        return read_sql(f"{CHECKS_SQL}/{self.sql_file}")


INTEGRITY_CHECKS: tuple[Check, ...] = (
    Check(
        "project_id_unique",
        "Each project_id occurs once in projects.",
        "project_id_unique.sql",
    ),
    Check(
        "fund_item_unique",
        "Each (project_id, item) occurs once in funds.",
        "fund_item_unique.sql",
    ),
    Check(
        "indicator_seq_unique",
        "Each (project_id, seq) occurs once in indicators.",
        "indicator_seq_unique.sql",
    ),
    Check(
        "indicators_have_project",
        "Every indicators row belongs to a row of projects.",
        "indicators_have_project.sql",
    ),
    Check(
        "funds_have_project",
        "Every funds row belongs to a row of projects.",
        "funds_have_project.sql",
    ),
    Check(
        "required_columns",
        "project_name, fiscal_year and source_file/source_sha256/source_line are filled in.",
        "required_columns.sql",
    ),
    Check(
        "funds_amount_exact",
        "funds.amount_yuan is never null and is an exact decimal with at most 2 places.",
        "funds_amount_exact.sql",
    ),
    Check(
        "ingest_counts_add_up",
        "For every file, forms_found = forms_loaded + forms_quarantined.",
        "ingest_counts_add_up.sql",
    ),
    Check(
        "quarantine_rows_present",
        "Each quarantined form has quarantine rows; a file rejected whole has a scope='file' row.",
        "quarantine_rows_present.sql",
    ),
    Check(
        "quarantine_scope_valid",
        "Quarantine scope is file (form_seq null) or form (form_seq set), for a listed file.",
        "quarantine_scope_valid.sql",
    ),
    Check(
        "ingest_path_unique",
        "Each path occurs once in ingest_files.",
        "ingest_path_unique.sql",
    ),
    Check(
        "finding_id_unique",
        "Each finding_id occurs once in review_findings (decisions name one finding).",
        "finding_id_unique.sql",
    ),
    Check(
        "department_target_id_unique",
        "Each target_id occurs once in department_targets.",
        "department_target_id_unique.sql",
    ),
    Check(
        "department_tasks_have_target",
        "Every department_tasks row belongs to a row of department_targets.",
        "department_tasks_have_target.sql",
    ),
    Check(
        "department_indicators_have_target",
        "Every department_indicators row belongs to a row of department_targets.",
        "department_indicators_have_target.sql",
    ),
)


def run_integrity_check(con: duckdb.DuckDBPyConnection, check: Check) -> pl.DataFrame:
    """The rows failing ``check``; an empty frame means it passes."""
    return query_frame(con, check.sql())


def failed_checks(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    """Failing rows of every check that fails, by check name; empty when all pass."""
    results = {check.name: run_integrity_check(con, check) for check in INTEGRITY_CHECKS}
    return {name: rows for name, rows in results.items() if rows.height}


def missing_files(con: duckdb.DuckDBPyConnection, paths: list[str]) -> list[str]:
    """Paths from a raw-folder listing with no ingest_files row, sorted.

    The listing is passed as one list parameter, so paths are compared exactly as given:
    list them the way the loader writes ingest_files.path.
    """
    sql = read_sql(f"{CHECKS_SQL}/{MISSING_FILES_SQL}")
    return [row[0] for row in fetch_rows(con, sql, {"paths": list(paths)})]
