"""Blocking integrity checks of the warehouse.

The checks are declared once, table by table, in ``pipelines.check.tables``; each becomes
a query (a template of ``sql/checks/generic/``, or its own file under ``sql/checks/``) that
returns the rows breaking one promise of the warehouse (unique ids, rows that join,
provenance filled in, counts that add up); an empty result means the check passes.  They
guard what the loader is supposed to guarantee, so a failure means "stop and fix the
loader", unlike review findings, which are about what the forms say.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import duckdb
import polars as pl

from pipelines.check.tables import (
    REQUIRED_COLUMNS,
    TABLE_CHECKS,
    BelongsTo,
    Own,
    Required,
    TableChecks,
    Unique,
    identifier,
)
from pipelines.core.sql_files import read_sql
from pipelines.load.warehouse import fetch_rows, query_frame

CHECKS_SQL = "checks"
GENERIC_SQL = "generic"
MISSING_FILES_SQL = "files_not_ingested.sql"


@dataclass(frozen=True, slots=True)
class Check:
    """One blocking check: its name, the table it guards, what it guarantees, and how its
    query for failing rows is made (from a template, or its own file)."""

    name: str
    table: str
    description: str
    render: Callable[[], str] = field(repr=False, compare=False)

    def sql(self) -> str:
        """The check's query, read at run time so edits to the .sql file need no reload."""
        return self.render()


def _template(name: str, **names: str) -> str:
    return read_sql(f"{CHECKS_SQL}/{GENERIC_SQL}/{name}.sql").format(**names)


def _columns(columns: tuple[str, ...], prefix: str = "") -> str:
    return ", ".join(prefix + identifier(column) for column in columns)


def _unique(table: str, unique: Unique) -> Check:
    key = unique.columns[0] if len(unique.columns) == 1 else f"({', '.join(unique.columns)})"
    why = f", {unique.why}" if unique.why else ""
    return Check(unique.name, table, f"Each {key} occurs once in {table}{why}.",
                 partial(_template, "unique", table=identifier(table),
                         columns=_columns(unique.columns)))


def _belongs_to(table: str, link: BelongsTo) -> Check:
    return Check(link.name, table, f"Every {table} row belongs to a row of {link.parent}.",
                 partial(_template, "belongs_to", table=identifier(table),
                         parent=identifier(link.parent), key=identifier(link.key),
                         shown=_columns(link.shown, "child.")))


def _own(table: str, own: Own) -> Check:
    return Check(own.name, table, own.description,
                 partial(read_sql, f"{CHECKS_SQL}/{identifier(own.name)}.sql"))


def _required_sql(table: str, required: Required) -> str:
    """One table's part of the required-values check."""
    columns = required.text + required.values
    empty = [f"coalesce(trim({identifier(c)}), '') = ''" for c in required.text]
    empty += [f"{identifier(c)} is null" for c in required.values]
    return _template("required", table=identifier(table), key_columns=_columns(required.key),
                     cells=", ".join(f"{c}::varchar as {c}" for c in columns),
                     any_empty=" or ".join(empty), columns=_columns(columns))


def _required_columns(tables: tuple[TableChecks, ...]) -> Check:
    """Every table's required values as one check (one step, one name dashboards know)."""
    declared = [(t.table, t.required) for t in tables if t.required is not None]
    listed = "; ".join(f"{table}: {', '.join(required.text + required.values)}"
                       for table, required in declared)
    return Check(REQUIRED_COLUMNS, declared[0][0],
                 f"Values every row needs are filled in ({listed}).",
                 lambda: "\nunion all\n".join(f"select * from (\n{_required_sql(*pair)})"
                                               for pair in declared))


def _declared_checks(tables: tuple[TableChecks, ...]) -> tuple[Check, ...]:
    checks = [_required_columns(tables)]
    for declared in tables:
        checks += [_unique(declared.table, u) for u in declared.unique]
        checks += [_belongs_to(declared.table, b) for b in declared.belongs_to]
        checks += [_own(declared.table, o) for o in declared.own]
    return tuple(checks)


INTEGRITY_CHECKS: tuple[Check, ...] = _declared_checks(TABLE_CHECKS)
# Needs the raw folder's listing besides the warehouse: run by ``missing_files``.
RAW_FILES_ACCOUNTED = Check("raw_files_accounted", "ingest_files",
                            "Every file under raw/ appears in ingest_files.",
                            partial(read_sql, f"{CHECKS_SQL}/{MISSING_FILES_SQL}"))
BLOCKING_CHECKS: tuple[Check, ...] = (*INTEGRITY_CHECKS, RAW_FILES_ACCOUNTED)


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
    sql = RAW_FILES_ACCOUNTED.sql()
    return [row[0] for row in fetch_rows(con, sql, {"paths": list(paths)})]
