"""What people read for the review's ids, as a temporary table SQL can join.

Rule ids, severities and decisions stay ids in the warehouse (dashboards and scripts filter
on them); a reviewer reads their Chinese names.  Each name list has one source
(``RULE_TITLES`` in ``pipelines.review.rules``, ``SEVERITY_LABELS`` and ``DECISION_LABELS`` in
``pipelines.core.id_labels``); this module hands them to a session as the temporary table
``review_labels`` (kind, id, label, rank), so a query joins them instead of repeating them in a
CASE that would drift from the lists.
"""

from __future__ import annotations

import duckdb

from pipelines.core.id_labels import DECISION_LABELS, SEVERITY_LABELS
from pipelines.core.sql_files import read_sql
from pipelines.review.rules import RULE_TITLES

LABEL_KINDS: dict[str, dict[str, str]] = {
    "rule": RULE_TITLES,
    "severity": SEVERITY_LABELS,
    "decision": DECISION_LABELS,
}


def label_rows() -> list[dict[str, str]]:
    """Every (kind, id, label, rank) of ``LABEL_KINDS``, as the SQL's ``$labels`` list; rank
    is the id's place in its list (1 first), which orders findings by severity."""
    return [{"kind": kind, "id": key, "label": label, "rank": rank}
            for kind, labels in LABEL_KINDS.items()
            for rank, (key, label) in enumerate(labels.items(), start=1)]


def create_label_table(con: duckdb.DuckDBPyConnection) -> None:
    """Create (or refresh) the session's ``review_labels``; works on read-only files."""
    con.execute(read_sql("labels/review_labels.sql"), {"labels": label_rows()})
