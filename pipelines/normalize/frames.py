"""Parsed records -> polars frames shaped like the warehouse's pipeline_state table.

The rows come from ``project_rows``, ``department_rows``, ``evaluation_rows``,
``declaration_rows`` and ``file_rows``, their shapes from ``schemas``; nothing here touches
the database.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from pipelines.normalize.declaration_rows import declaration_rows
from pipelines.normalize.department_rows import (
    department_form_rows,
    department_indicator_rows,
    department_task_rows,
)
from pipelines.normalize.evaluation_rows import (
    department_self_evaluation_indicator_rows,
    department_self_evaluation_rows,
    department_self_evaluation_task_rows,
    self_evaluation_fund_rows,
    self_evaluation_indicator_rows,
    self_evaluation_rows,
)
from pipelines.normalize.file_rows import (
    content_rows,
    empty_form_rows,
    page_coverage_rows,
    problem_rows,
)
from pipelines.normalize.project_rows import form_rows, fund_rows, indicator_rows
from pipelines.normalize.schemas import SCHEMAS
from pipelines.parse.parse_file import FileResult


def state_frames(results: list[FileResult], run_id: str, at: datetime) -> dict[str, pl.DataFrame]:
    """One frame per pipeline_state table for a batch of parsed contents."""
    rows = {
        "contents": content_rows(results, run_id, at),
        "projects": form_rows(results),
        "funds": fund_rows(results),
        "indicators": indicator_rows(results),
        "quarantine": problem_rows(results),
        "department_targets": department_form_rows(results),
        "department_tasks": department_task_rows(results),
        "department_indicators": department_indicator_rows(results),
        "category_declarations": declaration_rows(results),
        "empty_forms": empty_form_rows(results),
        "page_coverage": page_coverage_rows(results),
        "self_evaluations": self_evaluation_rows(results),
        "self_evaluation_funds": self_evaluation_fund_rows(results),
        "self_evaluation_indicators": self_evaluation_indicator_rows(results),
        "department_self_evaluations": department_self_evaluation_rows(results),
        "department_self_evaluation_tasks": department_self_evaluation_task_rows(results),
        "department_self_evaluation_indicators":
            department_self_evaluation_indicator_rows(results),
    }
    return {name: table_frame(name, rows[name]) for name in SCHEMAS}


def table_frame(name: str, rows: list[dict[str, object]]) -> pl.DataFrame:
    """The rows as a frame of the table's shape.  polars would fill a missing key with null
    and drop an unknown one without a word, so a row builder that drifted from the table
    (sql/schema.sql is the one list of columns) stops here instead.  One row suffices: a
    builder makes every row from the same literal."""
    schema = SCHEMAS[name]
    if rows and rows[0].keys() != schema.keys():
        missing, unknown = set(schema) - set(rows[0]), set(rows[0]) - set(schema)
        raise ValueError(f"rows for {name} do not match the table: missing {sorted(missing)}, "
                         f"unknown {sorted(unknown)}")
    return pl.DataFrame(rows, schema=schema)
