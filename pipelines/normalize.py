"""Parsed records -> polars frames shaped like the warehouse's ledger tables.

This is where file-level provenance (path, content hash) joins the per-row positions,
and where the stable ``project_id`` is derived.  Frames carry exact decimals; nothing
here touches the database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal

import polars as pl

from pipelines.ingest import FileResult
from pipelines.parse.records import Form
from pipelines.parse.vocabulary import squeeze

AMOUNT = pl.Decimal(18, 2)
TARGET_VALUE = pl.Decimal(24, 6)


def project_key(fiscal_year: int, implementing_unit: str | None, project_name: str) -> str:
    """Stable project id: the same project keeps its id across runs and re-exports.

    Built from fiscal year, implementing unit (the department when a template has no
    implementing unit) and project name, with all whitespace removed so line breaks
    of PDF exports do not change the id.
    """
    parts = [str(fiscal_year), squeeze(implementing_unit or ""), squeeze(project_name)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _form_project_id(form: Form) -> str:
    assert form.fiscal_year is not None and form.project_name is not None
    return project_key(
        form.fiscal_year, form.implementing_unit or form.department, form.project_name
    )


def _provenance(result: FileResult) -> dict[str, object]:
    return {"source_file": result.path, "source_sha256": result.sha256}


def _each_form(results: Iterable[FileResult]) -> Iterator[tuple[Form, dict[str, object]]]:
    """Every loaded form with the keys all its rows carry (project id computed once)."""
    for result in results:
        for form in result.forms:
            keys = {
                "project_id": _form_project_id(form),
                **_provenance(result),
                "form_seq": form.form_seq,
            }
            yield form, keys


def form_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    rows = []
    for form, keys in _each_form(results):
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
                "source_line": form.line,
                "source_locator": form.locator,
            }
        )
    return rows


def fund_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    rows = []
    for form, keys in _each_form(results):
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


_EXTRA_KEYS = (
    "weight",
    "explanation",
    "value_content",
    "scoring_standard",
    "remark",
    "period_target",
)


def indicator_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    rows = []
    for form, keys in _each_form(results):
        for ind in form.indicators:
            target = ind.target
            rows.append(
                {
                    **keys,
                    "seq": ind.seq,
                    "level1": ind.level1,
                    "level2": ind.level2,
                    "name": ind.name,
                    "target_raw": target.raw if target else None,
                    "target_op": target.op if target else None,
                    "target_value": _target_value(target.value if target else None),
                    "target_unit": target.unit if target else None,
                    "is_quantitative": bool(target and target.is_quantitative),
                    "level1_as_written": ind.level1_as_written,
                    "level2_as_written": ind.level2_as_written,
                    **{key: ind.extras.get(key) for key in _EXTRA_KEYS},
                    "source_line": ind.line,
                    "source_locator": ind.locator,
                }
            )
    return rows


def _target_value(value: Decimal | None) -> Decimal | None:
    """Target numbers beyond DECIMAL(24,6) stay NULL rather than being rounded."""
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    if (isinstance(exponent, int) and exponent < -6) or abs(value) >= Decimal(10) ** 18:
        return None
    return value


def content_rows(results: Iterable[FileResult], run_id: str, at: datetime) -> list[dict]:
    """One ledger row per parsed content (a file's bytes, keyed by hash)."""
    return [
        {
            "sha256": r.sha256,
            "size_bytes": r.size_bytes,
            "format": r.format,
            "status": r.status,
            "forms_found": r.forms_found,
            "forms_loaded": len(r.forms),
            "forms_quarantined": len(r.problems),
            "message": r.message,
            "first_seen_at": at,
            "last_path": r.path,
            "parsed_run_id": run_id,
            "parsed_at": at,
        }
        for r in results
    ]


def problem_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    rows = []
    for r in results:
        if r.error is not None:
            rows.append(
                {
                    **_provenance(r),
                    "scope": "file",
                    "form_seq": None,
                    "source_line": None,
                    "source_locator": None,
                    "reason_code": r.error.code,
                    "reason": r.error.message,
                    "excerpt": r.error.excerpt or None,
                }
            )
        for p in r.problems:
            rows.append(
                {
                    **_provenance(r),
                    "scope": "form",
                    "form_seq": p.form_seq,
                    "source_line": p.line,
                    "source_locator": p.locator,
                    "reason_code": p.reason_code,
                    "reason": p.reason,
                    "excerpt": p.excerpt,
                }
            )
    return rows


SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "forms": {
        "project_id": pl.String,
        "fiscal_year": pl.Int32,
        "project_name": pl.String,
        "project_nature": pl.String,
        "project_category": pl.String,
        "department": pl.String,
        "department_code": pl.String,
        "implementing_unit": pl.String,
        "planned_start": pl.Date,
        "planned_end": pl.Date,
        "overall_goal": pl.String,
        "annual_goal": pl.String,
        "template": pl.String,
        "form_title": pl.String,
        "amount_unit": pl.String,
        "source_file": pl.String,
        "source_sha256": pl.String,
        "source_line": pl.Int32,
        "source_locator": pl.String,
        "form_seq": pl.Int32,
    },
    "funds": {
        "project_id": pl.String,
        "item": pl.String,
        "amount_yuan": AMOUNT,
        "unit_as_written": pl.String,
        "amount_as_written": pl.String,
        "label_as_written": pl.String,
        "source_file": pl.String,
        "source_sha256": pl.String,
        "source_line": pl.Int32,
        "source_locator": pl.String,
        "form_seq": pl.Int32,
    },
    "indicators": {
        "project_id": pl.String,
        "seq": pl.Int32,
        "level1": pl.String,
        "level2": pl.String,
        "name": pl.String,
        "target_raw": pl.String,
        "target_op": pl.String,
        "target_value": TARGET_VALUE,
        "target_unit": pl.String,
        "is_quantitative": pl.Boolean,
        "level1_as_written": pl.String,
        "level2_as_written": pl.String,
        **{key: pl.String for key in _EXTRA_KEYS},
        "source_file": pl.String,
        "source_sha256": pl.String,
        "source_line": pl.Int32,
        "source_locator": pl.String,
        "form_seq": pl.Int32,
    },
    "contents": {
        "sha256": pl.String,
        "size_bytes": pl.Int64,
        "format": pl.String,
        "status": pl.String,
        "forms_found": pl.Int32,
        "forms_loaded": pl.Int32,
        "forms_quarantined": pl.Int32,
        "message": pl.String,
        "first_seen_at": pl.Datetime("us"),
        "last_path": pl.String,
        "parsed_run_id": pl.String,
        "parsed_at": pl.Datetime("us"),
    },
    "problems": {
        "source_file": pl.String,
        "source_sha256": pl.String,
        "scope": pl.String,
        "form_seq": pl.Int32,
        "source_line": pl.Int32,
        "source_locator": pl.String,
        "reason_code": pl.String,
        "reason": pl.String,
        "excerpt": pl.String,
    },
}


def ledger_frames(results: list[FileResult], run_id: str, at: datetime) -> dict[str, pl.DataFrame]:
    """One frame per ledger table for a batch of parsed contents."""
    rows = {
        "contents": content_rows(results, run_id, at),
        "forms": form_rows(results),
        "funds": fund_rows(results),
        "indicators": indicator_rows(results),
        "problems": problem_rows(results),
    }
    return {name: pl.DataFrame(data, schema=SCHEMAS[name]) for name, data in rows.items()}
