"""Summary views over the warehouse and the comments that document every table and view.

Views are plain SQL files under ``sql/views/``, run in ``VIEW_FILES`` order because
later views read earlier ones (the funds_by_* views read project_funds).  Each view file
carries its own COMMENT statements; table comments live in ``sql/comments.sql``.
Dashboards read these views, so their names and columns are a contract like the tables.

The fund views have one column per fund item.  Column names cannot be query parameters, and a
PIVOT would name its columns after the data (an item nobody filled would be missing), so the
files mark the per-item lines instead (``-- each fund item``) and :func:`expand_fund_items`
writes each such line once per item of the parser's own list, ``FUND_ITEMS``: the list is
kept in one place and the SQL stays in ``.sql`` files that read as SQL.
"""

from __future__ import annotations

import duckdb

from pipelines.core.sql_files import read_sql
from pipelines.load.review_tables import ensure_decision_tables, ensure_review_findings
from pipelines.parse.records import FUND_ITEM_NAMES, FUND_ITEMS

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
    "self_evaluation_links.sql",
    "self_evaluation_vs_targets.sql",
    "self_evaluation_scorecard.sql",
)


ITEM_MARKER = "-- each fund item"


def expand_fund_items(sql: str) -> str:
    """Write every line that ends in ``-- each fund item`` once per fund item.

    ``{item}`` becomes the item's name (an identifier from our own list, never form text),
    ``{name}`` and ``{gloss}`` its Chinese label and English gloss (quotes doubled for a
    SQL string).  A select-list line is joined with commas and keeps its own trailing comma
    only on the last copy; a statement (ending in ``;``) is repeated whole.
    """
    out = []
    for line in sql.splitlines():
        if not line.rstrip().endswith(ITEM_MARKER):
            out.append(line)
            continue
        body = line.rstrip().removesuffix(ITEM_MARKER).rstrip()
        if body.endswith(";"):
            out.extend(_fill(body, item) for item in FUND_ITEMS)
            continue
        comma = body.endswith(",")
        copies = [_fill(body.removesuffix(","), item) for item in FUND_ITEMS]
        out.append(",\n".join(copies) + ("," if comma else ""))
    return "\n".join(out) + "\n"


def _fill(template: str, item: str) -> str:
    name, gloss = FUND_ITEM_NAMES[item]
    return (template.replace("{item}", item).replace("{name}", name.replace("'", "''"))
            .replace("{gloss}", gloss.replace("'", "''")))


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create every summary view with its comments.

    review_findings and review_decisions are created first if missing, because the
    scorecard and the decision views read them and DuckDB binds a view's tables when the
    view is created.
    """
    ensure_review_findings(con)
    ensure_decision_tables(con)
    for name in VIEW_FILES:
        con.execute(expand_fund_items(read_sql(f"views/{name}")))


def apply_comments(con: duckdb.DuckDBPyConnection) -> None:
    """Comment every warehouse table and column (including review_findings)."""
    ensure_review_findings(con)
    ensure_decision_tables(con)
    con.execute(read_sql("comments.sql"))
