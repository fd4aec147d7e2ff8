"""Summary views over the warehouse and the comments that document every table and view.

Views are plain SQL files under ``sql/views/``, run in ``VIEW_FILES`` order because
later views read earlier ones (the funds_by_* views read project_funds).  Each view file
carries its own COMMENT statements; table comments live in ``sql/comments.sql``.
Dashboards read these views, so their names and columns are a contract like the tables.

The fund views have one column per fund item.  Column names cannot be query parameters, and a
PIVOT would name its columns after the data (an item nobody filled would be missing), so the
files mark the per-item lines instead (``-- each fund item``) and :func:`expand_lists`
writes each such line once per item of the parser's own list, ``FUND_ITEMS``: the list is
kept in one place and the SQL stays in ``.sql`` files that read as SQL.  The scorecard's
count per severity is written the same way from ``SEVERITIES`` (``-- each severity``).
"""

from __future__ import annotations

import duckdb

from pipelines.core.id_labels import SEVERITIES, SEVERITY_LABELS
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


# A line ending in one of these markers is written once per entry of the list it names:
# the list's own module is its one source, the SQL names the line.  Each entry gives the
# placeholder for the id, and per id its Chinese name and English gloss.
EACH: dict[str, tuple[str, tuple[str, ...], dict[str, tuple[str, str]]]] = {
    "-- each fund item": ("{item}", FUND_ITEMS, FUND_ITEM_NAMES),
    "-- each severity": ("{severity}", SEVERITIES,
                         {key: (SEVERITY_LABELS[key], key) for key in SEVERITIES}),
}


def expand_lists(sql: str) -> str:
    """Write every line that ends in an ``EACH`` marker once per entry of its list.

    The id placeholder (``{item}``, ``{severity}``) becomes the entry's id (an identifier
    from our own list, never form text), ``{name}`` and ``{gloss}`` its Chinese name and
    English gloss (quotes doubled for a SQL string).  A select-list line is joined with
    commas and keeps its own trailing comma only on the last copy; a statement (ending in
    ``;``) is repeated whole.
    """
    out = []
    for line in sql.splitlines():
        marker = next((m for m in EACH if line.rstrip().endswith(m)), None)
        if marker is None:
            out.append(line)
            continue
        body = line.rstrip().removesuffix(marker).rstrip()
        placeholder, keys, names = EACH[marker]
        if body.endswith(";"):
            out.extend(_fill(body, placeholder, key, names[key]) for key in keys)
            continue
        comma = body.endswith(",")
        copies = [_fill(body.removesuffix(","), placeholder, key, names[key]) for key in keys]
        out.append(",\n".join(copies) + ("," if comma else ""))
    return "\n".join(out) + "\n"


def _fill(template: str, placeholder: str, key: str, name_gloss: tuple[str, str]) -> str:
    name, gloss = name_gloss
    return (template.replace(placeholder, key).replace("{name}", name.replace("'", "''"))
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
        con.execute(expand_lists(read_sql(f"views/{name}")))


def apply_comments(con: duckdb.DuckDBPyConnection) -> None:
    """Comment every warehouse table and column (including review_findings)."""
    ensure_review_findings(con)
    ensure_decision_tables(con)
    con.execute(read_sql("comments.sql"))
