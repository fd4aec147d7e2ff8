"""Row dicts of department-wide forms: the form, its 年度主要任务 and its indicators."""

from __future__ import annotations

from collections.abc import Iterable

from pipelines.normalize.ids import each_department
from pipelines.normalize.project_rows import indicator_columns
from pipelines.parse.parse_file import FileResult


def department_form_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    """One row per department-wide form, the header fields of department_targets."""
    return [
        {
            **keys,
            "fiscal_year": form.fiscal_year,
            "department": form.department,
            "department_code": form.department_code,
            "budget_total_yuan": form.budget_total_yuan,
            "budget_total_as_written": form.budget_total_as_written,
            "amount_unit": form.amount_unit,
            "annual_goal": form.annual_goal,
            "form_title": form.title,
            "fiscal_year_source": form.fiscal_year_source,
            "department_source": form.department_source,
            "target_kind": form.kind,
            "source_line": form.line,
            "source_locator": form.locator,
        }
        for form, keys in each_department(results)
    ]


def department_task_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    """One row per 年度主要任务 of a department-wide form."""
    return [
        {
            **keys,
            "seq": task.seq,
            "task_name": task.task_name,
            "content": task.content,
            "amount_yuan": task.amount_yuan,
            "fiscal_yuan": task.fiscal_yuan,
            "other_yuan": task.other_yuan,
            "amount_as_written": task.amount_as_written,
            "source_line": task.line,
            "source_locator": task.locator,
        }
        for form, keys in each_department(results)
        for task in form.tasks
    ]


def department_indicator_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    """Indicators of department-wide forms, in the same columns as project indicators."""
    return [
        {**keys, **indicator_columns(ind)}
        for form, keys in each_department(results)
        for ind in form.indicators
    ]
