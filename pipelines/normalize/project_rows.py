"""Row dicts of project forms: the form itself, its funds and its indicators."""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal

from pipelines.normalize.ids import each_form
from pipelines.normalize.schemas import EXTRA_KEYS
from pipelines.parse.parse_file import FileResult
from pipelines.parse.records import Indicator


def form_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    rows = []
    for form, keys in each_form(results):
        rows.append(
            {
                **keys,
                "fiscal_year": form.fiscal_year,
                "project_name": form.project_name,
                "project_nature": form.project_nature,
                "project_category": form.project_category,
                "department": form.department,
                "department_code": form.department_code,
                "implementing_unit": form.implementing_unit,
                "planned_start": form.planned_start,
                "planned_end": form.planned_end,
                "overall_goal": form.overall_goal,
                "annual_goal": form.annual_goal,
                "template": form.template,
                "form_title": form.title,
                "amount_unit": form.amount_unit,
                "fiscal_year_source": form.fiscal_year_source,
                "department_source": form.department_source,
                "project_name_source": form.project_name_source,
                "source_line": form.line,
                "source_locator": form.locator,
            }
        )
    return rows


def fund_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    rows = []
    for form, keys in each_form(results):
        for fund in form.funds:
            rows.append(
                {
                    **keys,
                    "item": fund.item,
                    "amount_yuan": fund.amount_yuan,
                    "unit_as_written": fund.unit_as_written,
                    "amount_as_written": fund.amount_as_written,
                    "label_as_written": fund.label_as_written,
                    "source_line": fund.line,
                    "source_locator": fund.locator,
                }
            )
    return rows


def indicator_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    return [
        {**keys, **indicator_columns(ind)}
        for form, keys in each_form(results)
        for ind in form.indicators
    ]


def indicator_columns(ind: Indicator) -> dict[str, object]:
    """The columns one indicator row has, shared by project and department indicators."""
    target = ind.target
    return {
        "seq": ind.seq,
        "level1": ind.level1,
        "level2": ind.level2,
        "name": ind.name,
        "target_raw": target.raw if target else None,
        "target_op": target.op if target else None,
        "target_value": target_value(target.value if target else None),
        "target_unit": target.unit if target else None,
        "is_quantitative": bool(target and target.is_quantitative),
        "level1_as_written": ind.level1_as_written,
        "level2_as_written": ind.level2_as_written,
        **{key: ind.extras.get(key) for key in EXTRA_KEYS},
        "level1_inferred": ind.level1_inferred,
        "attributes": attributes_json(ind.attributes),
        "source_line": ind.line,
        "source_locator": ind.locator,
    }


def attributes_json(attributes: dict[str, str]) -> str | None:
    """Columns the parser has no field for, as one JSON object (NULL when there are none).

    Keys sorted and Chinese kept readable, so the same form always gives the same text
    and an unchanged re-run leaves the table identical.
    """
    if not attributes:
        return None
    return json.dumps(attributes, ensure_ascii=False, sort_keys=True)


def target_value(value: Decimal | None) -> Decimal | None:
    """Target numbers beyond DECIMAL(24,6) stay NULL rather than being rounded."""
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    if (isinstance(exponent, int) and exponent < -6) or abs(value) >= Decimal(10) ** 18:
        return None
    return value
