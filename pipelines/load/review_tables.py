"""The review's tables in the warehouse schema: the load creates them, the review fills them.

``review_findings`` is rebuilt from the forms every night; ``review_decisions`` (and the
record of imported workbooks) is what reviewers said and is only ever appended to.  Views
and comments refer to both before any review ran, so the load creates them when missing.
"""

from __future__ import annotations

import duckdb

from pipelines.core.sql_files import read_sql


def ensure_review_findings(con: duckdb.DuckDBPyConnection) -> None:
    """Create review_findings if missing; views and comments refer to it before any review."""
    con.execute(read_sql("review/_review_findings_table.sql"))


def ensure_decision_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create review_decisions and the record of imported workbooks (review_imports) when
    missing (older warehouses)."""
    con.execute(read_sql("review_decisions.sql"))
