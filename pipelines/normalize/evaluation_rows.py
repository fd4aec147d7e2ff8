"""Row dicts of self-evaluations (绩效自评表): the project and department forms, their
项目资金 and 年度主要任务 rows, and their evaluated indicators."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from pipelines.normalize.ids import each_department_self_evaluation, each_self_evaluation
from pipelines.normalize.project_rows import attributes_json, target_value
from pipelines.parse.parse_file import FileResult
from pipelines.parse.records import EvaluatedIndicator, EvaluationFund, EvaluationTask
from pipelines.parse.targets import Target


def self_evaluation_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    """One row per project self-evaluation, the header fields of self_evaluations."""
    return [
        {
            **keys,
            "project_id": project_id,
            "fiscal_year": form.fiscal_year,
            "project_name": form.project_name,
            "department": form.department,
            "implementing_unit": form.implementing_unit,
            "goal_expected": form.goal_expected,
            "goal_achieved": form.goal_achieved,
            "max_score_total": form.max_score_total,
            "score_total": form.score_total,
            "amount_unit": form.amount_unit,
            "template": form.template,
            "form_title": form.title,
            "fiscal_year_source": form.fiscal_year_source,
            "source_line": form.line,
            "source_locator": form.locator,
        }
        for form, keys, project_id in each_self_evaluation(results)
    ]


def self_evaluation_fund_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    """One row per 项目资金 item printed on a project self-evaluation."""
    return [{**keys, **_fund_columns(fund)}
            for form, keys, _ in each_self_evaluation(results) for fund in form.funds]


def _fund_columns(fund: EvaluationFund) -> dict[str, object]:
    return {
        "item": fund.item,
        "initial_budget_yuan": fund.initial_budget_yuan,
        "budget_yuan": fund.budget_yuan,
        "executed_yuan": fund.executed_yuan,
        "max_score": fund.max_score,
        "execution_rate_pct": fund.execution_rate_pct,
        "score": fund.score,
        "unit_as_written": fund.unit_as_written,
        "label_as_written": fund.label_as_written,
        "amounts_as_written": fund.amounts_as_written,
        "source_line": fund.line,
        "source_locator": fund.locator,
    }


def self_evaluation_indicator_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    """One row per indicator of a project self-evaluation."""
    return [{**keys, **evaluated_indicator_columns(ind)}
            for form, keys, _ in each_self_evaluation(results) for ind in form.indicators]


def department_self_evaluation_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    """One row per department self-evaluation."""
    return [
        {
            **keys,
            "fiscal_year": form.fiscal_year,
            "department": form.department,
            "budget_yuan": form.budget_yuan,
            "executed_yuan": form.executed_yuan,
            "execution_rate_pct": form.execution_rate_pct,
            "max_score_total": form.max_score_total,
            "score_total": form.score_total,
            "goal_expected": form.goal_expected,
            "goal_achieved": form.goal_achieved,
            "amount_unit": form.amount_unit,
            "form_title": form.title,
            "fiscal_year_source": form.fiscal_year_source,
            "department_source": form.department_source,
            "source_line": form.line,
            "source_locator": form.locator,
        }
        for form, keys in each_department_self_evaluation(results)
    ]


def department_self_evaluation_task_rows(results: Iterable[FileResult]
                                         ) -> list[dict[str, object]]:
    """One row per 年度主要任务 of a department self-evaluation."""
    return [{**keys, **_task_columns(task)}
            for form, keys in each_department_self_evaluation(results) for task in form.tasks]


def _task_columns(task: EvaluationTask) -> dict[str, object]:
    return {
        "seq": task.seq,
        "task_name": task.task_name,
        "content": task.content,
        "completion": task.completion,
        "budget_yuan": task.budget_yuan,
        "budget_fiscal_yuan": task.budget_fiscal_yuan,
        "budget_other_yuan": task.budget_other_yuan,
        "executed_yuan": task.executed_yuan,
        "executed_fiscal_yuan": task.executed_fiscal_yuan,
        "executed_other_yuan": task.executed_other_yuan,
        "max_score": task.max_score,
        "execution_rate_pct": task.execution_rate_pct,
        "score": task.score,
        "amounts_as_written": task.amounts_as_written,
        "source_line": task.line,
        "source_locator": task.locator,
    }


def department_self_evaluation_indicator_rows(results: Iterable[FileResult]
                                              ) -> list[dict[str, object]]:
    """Indicators of department self-evaluations, in the project indicators' columns."""
    return [{**keys, **evaluated_indicator_columns(ind)}
            for form, keys in each_department_self_evaluation(results)
            for ind in form.indicators]


def evaluated_indicator_columns(ind: EvaluatedIndicator) -> dict[str, object]:
    """The columns one evaluated indicator has, shared by project and department forms."""
    return {
        "seq": ind.seq,
        "level1": ind.level1,
        "level2": ind.level2,
        "name": ind.name,
        **_parsed("target", ind.target),
        **_parsed("actual", ind.actual),
        "is_quantitative": bool(ind.target and ind.target.is_quantitative),
        "max_score": ind.max_score,
        "score": ind.score,
        "deviation_reason": ind.deviation_reason,
        "met": ind.met,
        "level1_as_written": ind.level1_as_written,
        "level2_as_written": ind.level2_as_written,
        "attributes": attributes_json(ind.attributes),
        "source_line": ind.line,
        "source_locator": ind.locator,
    }


def _parsed(prefix: str, value: Target | None) -> dict[str, object]:
    """raw / op / value / unit of a target or an actual, under ``prefix``."""
    number: Decimal | None = value.value if value else None
    return {
        f"{prefix}_raw": value.raw if value else None,
        f"{prefix}_op": value.op if value else None,
        f"{prefix}_value": target_value(number),
        f"{prefix}_unit": value.unit if value else None,
    }
