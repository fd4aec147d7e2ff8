"""Which warehouse this code can use: the schema and parser versions, and migrations.

A build starts from a copy of the published warehouse.  A copy of an older schema version
with a migration is brought up to this one in place, keeping every row of history and the
reviewers' decisions; any other version starts a fresh warehouse.  A new parser version keeps
the pipeline state and parses every present content again (``prepare_build``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from pipelines.core.sql_files import STATE_SCHEMA, read_sql
from pipelines.load.review_tables import ensure_decision_tables
from pipelines.load.warehouse import connect, discard, fetch_rows

# Bump PARSER_VERSION when parsing would give different rows for the same bytes: every
# content is parsed again.  Bump SCHEMA_VERSION when sql/schema.sql or sql/pipeline_state.sql
# change shape, with a migration in MIGRATIONS (else the next run starts a fresh warehouse,
# history and reviewers' decisions included).
PARSER_VERSION = "7"
SCHEMA_VERSION = "11"
FORMER_STATE_SCHEMA = "ledger"  # schema versions 5 and before
# schema version -> the SQL files, in order, that bring a warehouse of that version to
# SCHEMA_VERSION (from 5, the public tables take version 7's shape first, then today's
# pipeline state is created from them by pipeline_state.sql and the old one moved into it)
FRESH_SQL = ("schema.sql", "history.sql", "pipeline_state.sql")
TO_11 = ("migrations/10_to_11_review.sql",)
TO_10 = ("migrations/9_to_10_public.sql", "migrations/9_to_10_state.sql", *TO_11)
MIGRATIONS = {
    "5": ("migrations/6_to_7_public.sql", "migrations/9_to_10_public.sql",
          "pipeline_state.sql", "migrations/5_to_6.sql", "migrations/7_to_8.sql", *TO_11),
    "6": ("migrations/6_to_7_public.sql", "migrations/6_to_7_state.sql",
          "migrations/7_to_8.sql", "migrations/8_to_9.sql", *TO_10),
    "7": ("migrations/7_to_8.sql", "migrations/8_to_9.sql", *TO_10),
    "8": ("migrations/8_to_9.sql", *TO_10),
    "9": TO_10,
    "10": TO_11,
}


def prepare_build(published: Path, build: Path) -> bool:
    """Start the build from the published warehouse; True when parsing starts over.

    The published file is copied (readers keep reading it meanwhile).  An older schema
    version with a migration is migrated in the copy; a missing file or another schema
    version means a fresh warehouse; another parser version keeps the pipeline state and its
    history, and every present content is parsed again.
    """
    discard(build)
    build.parent.mkdir(parents=True, exist_ok=True)
    versions: dict[str, str] = {}
    if published.exists():
        shutil.copyfile(published, build)
        versions = stored_versions(build)
        if versions.get("schema_version") in MIGRATIONS:
            migrate(build, versions["schema_version"], versions.get("parser_version", ""))
            versions = stored_versions(build)
        if versions.get("schema_version") != SCHEMA_VERSION:
            discard(build)
    fresh = not build.exists()
    with connect(build) as con:
        if fresh:
            create_tables(con)
        fetch_rows(con, read_sql("pipeline_state/set_versions.sql"),
                   [SCHEMA_VERSION, PARSER_VERSION])
        ensure_decision_tables(con)
    return fresh or versions.get("parser_version") != PARSER_VERSION


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The tables of a fresh warehouse: public (refilled by every full build), run history
    (kept by every build) and the pipeline state."""
    for name in FRESH_SQL:
        con.execute(read_sql(name))


def migrate(build: Path, from_version: str, parser_version: str) -> None:
    """Bring the pipeline state of ``build`` from ``from_version`` to ``SCHEMA_VERSION`` in one
    transaction, keeping every row of history and the parser version that parsed it (so
    an older parser's rows are still parsed again)."""
    with connect(build) as con:
        con.execute("begin transaction")
        for step in MIGRATIONS[from_version]:
            con.execute(read_sql(step))
        fetch_rows(con, read_sql("pipeline_state/set_versions.sql"),
                   [SCHEMA_VERSION, parser_version])
        con.execute("commit")


def stored_versions(path: Path) -> dict[str, str]:
    with connect(path, read_only=True) as con:
        if has_state(con):
            return dict(fetch_rows(con, read_sql("pipeline_state/versions.sql")))
        if has_state(con, FORMER_STATE_SCHEMA):
            return dict(fetch_rows(con, read_sql("migrations/former_versions.sql")))
        return {}


def has_state(con: duckdb.DuckDBPyConnection, schema: str = STATE_SCHEMA) -> bool:
    rows = fetch_rows(con, "select count(*) from duckdb_tables() "
                           "where schema_name = $1 and table_name = 'meta'", [schema])
    return rows[0][0] == 1


def meta_value(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    rows = fetch_rows(con, read_sql("pipeline_state/get_meta.sql"), [key])
    return rows[0][0] if rows else None
