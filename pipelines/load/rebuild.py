"""Whether and how a run rebuilds the public tables: none, incremental or full.

The public tables are rebuilt only when something they are made from changed: a file
event, a content parsed, or the code that builds them (``build_fingerprint``).  An
unchanged night keeps the tables it copied from the published file, so its cost is the
folder scan and the publish, not the size of the warehouse.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from pipelines.core.sql_files import SQL_DIR, read_sql
from pipelines.load import versions
from pipelines.load.plan import RunPlan
from pipelines.load.versions import has_state, meta_value
from pipelines.load.warehouse import fetch_rows
from pipelines.normalize.schemas import BUILT_TABLES

# What a full build drops: the tables sql/schema.sql creates (and refills), and the review's
# findings, made again from them.
REFILLED_TABLES = (*BUILT_TABLES, "review_findings")
# Code whose change alters the public tables without any input changing.
BUILD_CODE = (Path(__file__).parents[1] / "review" / "rules.py",
                Path(__file__).parents[1] / "review" / "findings.py",
                Path(__file__).with_name("views.py"))
# SQL that shapes the public tables (not the checks, commands or exports that read them).
BUILD_SQL = ("*.sql", "build/*.sql", "review/*.sql", "views/*.sql", "pipeline_state/*.sql")
# Past this share of contents touched, emptying and refilling the tables beats deleting
# and re-inserting the touched projects' rows.
MAX_INCREMENTAL = 0.25


def built_by_this_code(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse's tables were built by this program's parser, SQL and rules
    (a reviewer's command must not record against findings of another version)."""
    return has_state(con) and same_code(con)


def same_code(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse was built by this schema, parser and build code.

    The versions are read from ``versions`` at call time, not imported, so a release (or a
    test) that changes ``PARSER_VERSION`` is seen here and by ``prepare_build`` alike."""
    stored = dict(fetch_rows(con, read_sql("pipeline_state/versions.sql")))
    return (stored == {"schema_version": versions.SCHEMA_VERSION,
                       "parser_version": versions.PARSER_VERSION}
            and meta_value(con, "build_fingerprint") == build_fingerprint())


def build_fingerprint() -> str:
    """Hash of everything that shapes the public tables besides the parsed rows: the SQL
    files, the review rules and views, and the parser version."""
    digest = hashlib.sha256(f"{versions.SCHEMA_VERSION}/{versions.PARSER_VERSION}".encode())
    sql = sorted(path for pattern in BUILD_SQL for path in SQL_DIR.glob(pattern))
    for path in sql + list(BUILD_CODE):
        digest.update(path.relative_to(path.parent.parent).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def start_public_build(con: duckdb.DuckDBPyConnection, plan: RunPlan, run_id: str) -> str:
    """Decide how this run rebuilds the public tables, and prepare it: the mode.

    - ``none``: no file event, no parse, same code: the published tables stay as they are;
    - ``incremental``: the projects of the contents this night touched (new, changed,
      removed, renamed) are rebuilt; ``pipeline_state.build_scope`` lists them, and every build
      file deletes and re-inserts just those (small tables are rebuilt whole);
    - ``full``: the code changed, every content was parsed again, or so much changed
      that dropping and refilling is cheaper: tables are emptied and the scope is every
      project.

    Called after parsing (the scope needs the projects of new contents).  History
    (ingest_runs, ingest_file_events) and the pipeline state always survive.  The run that
    rebuilds is recorded in pipeline_state.meta, where the table assets look it up.
    """
    fingerprint = build_fingerprint()
    same_code = meta_value(con, "build_fingerprint") == fingerprint
    if not plan.changes_tables and same_code:
        return "none"
    touched = plan.touched_contents()
    present = {sha for _, sha in plan.present.values() if sha}
    if same_code and not plan.full_reparse and len(touched) <= MAX_INCREMENTAL * len(present):
        fetch_rows(con, read_sql("pipeline_state/scope_of_contents.sql"), {"shas": sorted(touched)})
        mode = "incremental"
    else:
        for table in REFILLED_TABLES:
            con.execute(f"drop table if exists main.{table}")
        con.execute(read_sql("schema.sql"))
        fetch_rows(con, read_sql("pipeline_state/scope_all.sql"))
        mode = "full"
    for key, value in (("build_fingerprint", fingerprint), ("build_run_id", run_id),
                       ("build_mode", mode)):
        fetch_rows(con, read_sql("pipeline_state/set_meta.sql"), [key, value])
    return mode


def rebuilds_tables(con: duckdb.DuckDBPyConnection, run_id: str) -> bool:
    """Whether run ``run_id`` rebuilds the public tables (decided by ``start_public_build``)."""
    return meta_value(con, "build_run_id") == run_id


def rebuild_mode(con: duckdb.DuckDBPyConnection, run_id: str) -> str:
    """``none``, ``incremental`` or ``full``: how run ``run_id`` builds the public tables."""
    if not rebuilds_tables(con, run_id):
        return "none"
    return meta_value(con, "build_mode") or "full"
