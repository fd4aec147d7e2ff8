"""Running the review rules: each rule's findings into ``review_findings``, inside DuckDB.

``pipelines.review.rules`` says what the rules are (``RULES``: SQL file, severity,
parameters); this module runs them.  A night refills the table whole, or, when few files
changed, only for the projects in ``pipeline_state.build_scope`` (rules whose findings
depend on other projects, scope ``all``, run whole either way).  Findings never pass
through Python on the way to the table.
"""

from __future__ import annotations

import duckdb
import polars as pl
from duckdb import ColumnExpression, ConstantExpression
from duckdb.sqltypes import INTEGER, VARCHAR

from pipelines.core.sql_files import read_sql
from pipelines.load.review_tables import ensure_review_findings
from pipelines.review.rules import REVIEW_SQL, RULES, Rule

SCOPE_SQL_FILE = "_scope_inputs.sql"
FOUND_VIEW = "review_found_now"  # temp view of one rule's findings while they are inserted
UNSCOPE_SQL_FILE = "_unscope_inputs.sql"
# the temp view evaluated_indicators the self-evaluation rules read
EVALUATED_SQL_FILE = "_evaluated_indicators.sql"


def found_by_rule(con: duckdb.DuckDBPyConnection, rule: Rule) -> duckdb.DuckDBPyRelation:
    """The findings of one rule in the review_findings shape, as a lazy DuckDB relation.

    The rule's own SQL is bound with its parameters; the rule id and severity are added
    as constants, so nothing is pasted into SQL text.  A rule on the self-evaluations names
    the self-evaluation (``evaluation_id``); the others leave it null.
    """
    if rule.reviews == "self_evaluation":
        con.execute(read_sql(f"{REVIEW_SQL}/{EVALUATED_SQL_FILE}"))
    found = con.sql(rule.sql(), params=dict(rule.params))
    assert found is not None, f"{rule.sql_file} must return rows"
    evaluation = (ColumnExpression("evaluation_id") if rule.reviews == "self_evaluation"
                  else ConstantExpression(None))
    return found.select(
        ColumnExpression("project_id").cast(VARCHAR).alias("project_id"),
        ColumnExpression("indicator_seq").cast(INTEGER).alias("indicator_seq"),
        ConstantExpression(rule.rule_id).cast(VARCHAR).alias("rule_id"),
        ConstantExpression(rule.severity).cast(VARCHAR).alias("severity"),
        ColumnExpression("message").cast(VARCHAR).alias("message"),
        ColumnExpression("details").cast(VARCHAR).alias("details"),
        ColumnExpression("subject").cast(VARCHAR).alias("subject"),
        evaluation.cast(VARCHAR).alias("evaluation_id"),
    )


def run_rule(con: duckdb.DuckDBPyConnection, rule: Rule) -> pl.DataFrame:
    """Findings of one rule as a frame, without touching the warehouse (tests, debugging)."""
    frame = pl.from_arrow(found_by_rule(con, rule).to_arrow_table())
    assert isinstance(frame, pl.DataFrame)
    return frame


def write_findings(con: duckdb.DuckDBPyConnection, rules: tuple[Rule, ...]) -> None:
    """Insert the findings of ``rules`` into review_findings inside DuckDB.

    Findings never pass through Python: at a national review's size they are millions
    of rows of long messages, and a round trip would hold them all in memory twice.
    """
    for rule in rules:
        found_by_rule(con, rule).create_view(FOUND_VIEW, replace=True)
        try:
            con.execute(read_sql(f"{REVIEW_SQL}/_insert_found.sql"))
        finally:
            con.execute(f"drop view if exists {FOUND_VIEW}")


def write_findings_in_scope(con: duckdb.DuckDBPyConnection, rules: tuple[Rule, ...]) -> None:
    """Findings of the projects in ``pipeline_state.build_scope``: ``project`` rules read only
    their rows, ``all`` rules read every project (their findings may change anywhere)."""
    local = tuple(rule for rule in rules if rule.scope == "project")
    whole = tuple(rule for rule in rules if rule.scope == "all")
    con.execute(read_sql(f"{REVIEW_SQL}/{SCOPE_SQL_FILE}"))
    try:
        write_findings(con, local)
    finally:
        con.execute(read_sql(f"{REVIEW_SQL}/{UNSCOPE_SQL_FILE}"))
    write_findings(con, whole)


def build_review_findings(con: duckdb.DuckDBPyConnection, incremental: bool = False) -> int:
    """Refill review_findings in one transaction; returns its row count.

    The table is emptied and refilled rather than dropped, so its comments and the views
    that read it (project_scorecard) stay in place.  ``incremental`` replaces only the
    findings of the projects in ``pipeline_state.build_scope`` and those of ``all``-scope rules.
    """
    con.begin()
    try:
        ensure_review_findings(con)
        if incremental:
            con.execute(read_sql(f"{REVIEW_SQL}/_delete_in_scope.sql"),
                        {"whole_rules": [r.rule_id for r in RULES if r.scope == "all"]})
            write_findings_in_scope(con, RULES)
        else:
            con.execute("delete from review_findings")
            write_findings(con, RULES)
        con.execute(read_sql(f"{REVIEW_SQL}/_number_repeated.sql"))
        con.commit()
    except Exception:
        con.rollback()
        raise
    return con.execute("select count(*) from review_findings").fetchall()[0][0]
