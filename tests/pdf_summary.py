"""A whole disclosure's parse as plain JSON-able data, for the hand-checked expectations.

Shared by tests/test_real_pdfs.py and by whoever writes a new expectation: the summary
keeps every project, amount, indicator (levels, name, target as printed), department
form, task, declaration, stated-empty form and problem, and nothing that depends on
the machine.
"""

from __future__ import annotations

from pipelines.parse.parse_file import FileResult
from pipelines.parse.records import CategoryDeclaration, Indicator


def _indicator(ind: Indicator) -> list:
    return [ind.level1, ind.level2, ind.name, ind.target.raw if ind.target else None,
            ind.level1_inferred]


def _declaration(d: CategoryDeclaration) -> list:
    return [d.level1, d.level2, d.declaration, d.text_as_written]


def summarize(result: FileResult) -> dict:
    """Everything loaded from one PDF, in file order."""
    return {
        "status": result.status,
        "projects": [
            {
                "locator": f.locator,
                "title": f.title,
                "fiscal_year": f.fiscal_year,
                "fiscal_year_source": f.fiscal_year_source,
                "project_name": f.project_name,
                "project_name_source": f.project_name_source,
                "department": f.department,
                "implementing_unit": f.implementing_unit,
                "amount_unit": f.amount_unit,
                "funds": {x.item: str(x.amount_yuan) for x in f.funds},
                "overall_goal": f.overall_goal,
                "annual_goal": f.annual_goal,
                "indicators": [_indicator(i) for i in f.indicators],
                "declarations": [_declaration(d) for d in f.declarations],
            }
            for f in result.forms
        ],
        "departments": [
            {
                "locator": d.locator,
                "title": d.title,
                "fiscal_year": d.fiscal_year,
                "fiscal_year_source": d.fiscal_year_source,
                "department": d.department,
                "department_code": d.department_code,
                "budget_total_yuan": str(d.budget_total_yuan) if d.budget_total_yuan else None,
                "annual_goal": d.annual_goal,
                "tasks": [[t.task_name, str(t.amount_yuan) if t.amount_yuan is not None
                           else None] for t in d.tasks],
                "indicators": [_indicator(i) for i in d.indicators],
                "declarations": [_declaration(x) for x in d.declarations],
            }
            for d in result.departments
        ],
        "empty_forms": [[e.locator, e.statement] for e in result.empty_forms],
        "problems": [[p.locator, p.reason_code] for p in result.problems],
    }
