"""Summary views over the warehouse and the comments that document every table and view.

Views are plain SQL files under ``sql/views/``, run in ``VIEW_FILES`` order because
later views read earlier ones (the funds_by_* views read project_funds).  Each view file
carries its own COMMENT statements; table comments live in ``sql/comments.sql``.
Dashboards read these views, so their names and columns are a contract like the tables.
"""

from __future__ import annotations

import duckdb

from pipelines.decisions import ensure_decision_tables
from pipelines.review import ensure_review_findings
from pipelines.warehouse import read_sql

VIEW_FILES: tuple[str, ...] = (
    "project_funds.sql",
    "funds_by_unit.sql",
    "funds_by_year.sql",
    "funds_by_department.sql",
    "indicator_mix_by_project.sql",
    "indicator_mix_by_unit.sql",
    "current_decisions.sql",
    "open_findings.sql",
    "project_scorecard.sql",
    "numeric_targets.sql",
    "file_history.sql",
    "department_scorecard.sql",
)


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create every summary view with its comments.

    review_findings and review_decisions are created first if missing, because the
    scorecard and the decision views read them and DuckDB binds a view's tables when the
    view is created.
    """
    ensure_review_findings(con)
    ensure_decision_tables(con)
    for name in VIEW_FILES:
        con.execute(read_sql(f"views/{name}"))


def apply_comments(con: duckdb.DuckDBPyConnection) -> None:
    """Comment every warehouse table and column (including review_findings)."""
    ensure_review_findings(con)
    ensure_decision_tables(con)
    con.execute(read_sql("comments.sql"))
