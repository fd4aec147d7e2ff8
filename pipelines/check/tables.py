"""The warehouse's blocking checks, declared once, beside the table each one guards.

A table's generic checks (a key that occurs once, rows that belong to a parent row, values
every row needs) are one line each here; their SQL is a parameterised template under
``sql/checks/generic/`` filled in with the declared names.  Checks no template covers
(counts that add up, quarantine rows that match) name their own query under ``sql/checks/``.
Everything else is derived from this list: the checks that run
(``pipelines.check.integrity``), the Dagster asset checks and their table
(``pipelines.defs.checks``), and the README's table of checks (a test compares them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SOURCE_COLUMNS = ("source_file", "source_sha256")  # where every loaded row came from
SOURCE_LINE = "source_line"
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


@dataclass(frozen=True, slots=True)
class Unique:
    """``columns`` together occur once in the table (a check where a primary key's index
    would not fit DuckDB's memory limit at a national review's size, or could be lost by
    a rebuild)."""

    name: str
    columns: tuple[str, ...]
    why: str = ""  # said after the guarantee, for a key others rely on


@dataclass(frozen=True, slots=True)
class BelongsTo:
    """Every row's ``key`` is a row of ``parent``; a failing row shows ``shown``."""

    name: str
    key: str
    parent: str
    shown: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Required:
    """Values every row needs: ``text`` columns not blank, ``values`` not null.  A failing
    row is named by ``key`` (its key columns)."""

    key: tuple[str, ...]
    text: tuple[str, ...] = SOURCE_COLUMNS
    values: tuple[str, ...] = (SOURCE_LINE,)


@dataclass(frozen=True, slots=True)
class Own:
    """A check with its own query, ``sql/checks/<name>.sql``."""

    name: str
    description: str


@dataclass(frozen=True, slots=True)
class TableChecks:
    """What one table promises."""

    table: str
    unique: tuple[Unique, ...] = ()
    belongs_to: tuple[BelongsTo, ...] = ()
    required: Required | None = None
    own: tuple[Own, ...] = ()


# The check that gathers every table's ``required`` values, reported on the first table.
REQUIRED_COLUMNS = "required_columns"

TABLE_CHECKS: tuple[TableChecks, ...] = (
    TableChecks(
        "projects",
        unique=(Unique("project_id_unique", ("project_id",)),),
        required=Required(("project_id",), text=("project_name", *SOURCE_COLUMNS),
                          values=("fiscal_year", SOURCE_LINE)),
    ),
    TableChecks(
        "funds",
        unique=(Unique("fund_item_unique", ("project_id", "item")),),
        belongs_to=(BelongsTo("funds_have_project", "project_id", "projects",
                              ("project_id", "item", "amount_yuan", "source_file",
                               SOURCE_LINE)),),
        required=Required(("project_id", "item")),
        own=(Own("funds_amount_exact", "funds.amount_yuan is never null and is an exact "
                                       "decimal with at most 2 places."),),
    ),
    TableChecks(
        "indicators",
        unique=(Unique("indicator_seq_unique", ("project_id", "seq")),),
        belongs_to=(BelongsTo("indicators_have_project", "project_id", "projects",
                              ("project_id", "seq", "name", "source_file", SOURCE_LINE)),),
        required=Required(("project_id", "seq")),
    ),
    TableChecks(
        "department_targets",
        unique=(Unique("department_target_id_unique", ("target_id",)),),
    ),
    TableChecks(
        "department_tasks",
        belongs_to=(BelongsTo("department_tasks_have_target", "target_id",
                              "department_targets",
                              ("target_id", "seq", "task_name", "source_file", SOURCE_LINE)),),
    ),
    TableChecks(
        "department_indicators",
        belongs_to=(BelongsTo("department_indicators_have_target", "target_id",
                              "department_targets",
                              ("target_id", "seq", "name", "source_file", SOURCE_LINE)),),
    ),
    TableChecks(
        "self_evaluations",
        unique=(Unique("self_evaluation_id_unique", ("evaluation_id",)),),
        required=Required(("evaluation_id",), text=("project_name", *SOURCE_COLUMNS),
                          values=("fiscal_year", SOURCE_LINE)),
    ),
    TableChecks(
        "self_evaluation_funds",
        unique=(Unique("self_evaluation_fund_unique", ("evaluation_id", "item")),),
        belongs_to=(BelongsTo("self_evaluation_funds_have_evaluation", "evaluation_id",
                              "self_evaluations",
                              ("evaluation_id", "item", "source_file", SOURCE_LINE)),),
        required=Required(("evaluation_id", "item")),
    ),
    TableChecks(
        "self_evaluation_indicators",
        unique=(Unique("self_evaluation_indicator_unique", ("evaluation_id", "seq")),),
        belongs_to=(BelongsTo("self_evaluation_indicators_have_evaluation", "evaluation_id",
                              "self_evaluations",
                              ("evaluation_id", "seq", "name", "source_file", SOURCE_LINE)),),
        required=Required(("evaluation_id", "seq")),
    ),
    TableChecks(
        "department_self_evaluations",
        unique=(Unique("department_self_evaluation_id_unique", ("evaluation_id",)),),
        required=Required(("evaluation_id",), text=("department", *SOURCE_COLUMNS),
                          values=("fiscal_year", SOURCE_LINE)),
    ),
    TableChecks(
        "department_self_evaluation_tasks",
        unique=(Unique("department_self_evaluation_task_unique", ("evaluation_id", "seq")),),
        belongs_to=(BelongsTo("department_self_evaluation_tasks_have_evaluation",
                              "evaluation_id", "department_self_evaluations",
                              ("evaluation_id", "seq", "task_name", "source_file",
                               SOURCE_LINE)),),
        required=Required(("evaluation_id", "seq")),
    ),
    TableChecks(
        "department_self_evaluation_indicators",
        unique=(Unique("department_self_evaluation_indicator_unique",
                       ("evaluation_id", "seq")),),
        belongs_to=(BelongsTo("department_self_evaluation_indicators_have_evaluation",
                              "evaluation_id", "department_self_evaluations",
                              ("evaluation_id", "seq", "name", "source_file", SOURCE_LINE)),),
        required=Required(("evaluation_id", "seq")),
    ),
    TableChecks(
        "ingest_files",
        unique=(Unique("ingest_path_unique", ("path",)),),
        own=(Own("ingest_counts_add_up",
                 "For every file, forms_found = forms_loaded + forms_quarantined."),),
    ),
    TableChecks(
        "quarantine",
        own=(Own("quarantine_rows_present", "Each quarantined form has quarantine rows; a "
                                            "file rejected whole has a scope='file' row."),
             Own("quarantine_scope_valid", "Quarantine scope is file (form_seq null) or form "
                                           "(form_seq set), for a listed file.")),
    ),
    TableChecks(
        "review_findings",
        unique=(Unique("finding_id_unique", ("finding_id",),
                       why="so a decision names exactly one finding"),),
    ),
)


def identifier(name: str) -> str:
    """``name`` checked to be a plain lowercase SQL name before it is put into a template
    (the names come from this module, never from data)."""
    if not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"not a plain SQL name: {name!r}")
    return name
