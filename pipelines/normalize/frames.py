"""Parsed records -> polars frames shaped like the warehouse's ledger tables.

This is where file-level provenance (path, content hash) joins the per-row positions,
and where the stable ``project_id`` and department ``target_id`` are derived.  Frames
carry exact decimals; nothing here touches the database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal

import polars as pl

from pipelines.parse.messages import zh_reason
from pipelines.parse.parse_file import FileResult
from pipelines.parse.records import CategoryDeclaration, DepartmentForm, Form, Indicator
from pipelines.parse.vocabulary import squeeze
from pipelines.read.locators import place_label

AMOUNT = pl.Decimal(18, 2)
TARGET_VALUE = pl.Decimal(24, 6)


def project_key(fiscal_year: int, implementing_unit: str | None, project_name: str,
                occurrence: int = 1) -> str:
    """Stable project id: the same project keeps its id across runs and re-exports.

    Built from fiscal year, implementing unit (the department when a template has no
    implementing unit) and project name, with all whitespace removed so line breaks
    of PDF exports do not change the id.  ``occurrence`` numbers the forms of one file
    that share those three (烟台 prints three different 城建工作标准和导则编制 forms
    in one disclosure): forms of one document are distinct projects, never revisions of
    each other, so the second and later ones get their own id; the first keeps the
    three-part id, so ids of documents without repeats do not move.
    """
    parts = [str(fiscal_year), squeeze(implementing_unit or ""), squeeze(project_name)]
    return _key(parts, occurrence)


def department_key(fiscal_year: int, department: str, kind: str = "department",
                   occurrence: int = 1) -> str:
    """Stable id of a department-wide target (one 部门整体绩效目标表 per year).

    Fiscal year and department, whitespace removed, so a re-export or a corrected form
    keeps the id and BI joins on ``target_id`` survive.  Two parts instead of the
    project key's three, so a department id never equals a project id.  Another kind of
    department-wide form (a 专项资金整体绩效目标表) adds its kind: it never replaces the
    department's own targets; ``occurrence`` numbers repeats within one file.
    """
    parts = [str(fiscal_year), squeeze(department)]
    if kind != "department":
        parts.append(kind)
    return _key(parts, occurrence)


def _key(parts: list[str], occurrence: int) -> str:
    if occurrence > 1:
        parts = [*parts, f"#{occurrence}"]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _form_project_ids(forms: Iterable[Form]) -> list[str]:
    """The project id of each form of one file, repeats numbered in form order."""
    seen: dict[tuple[int, str, str], int] = {}
    ids = []
    for form in forms:
        assert form.fiscal_year is not None and form.project_name is not None
        unit = form.implementing_unit or form.department or ""
        base = (form.fiscal_year, squeeze(unit), squeeze(form.project_name))
        seen[base] = seen.get(base, 0) + 1
        ids.append(project_key(form.fiscal_year, unit, form.project_name, seen[base]))
    return ids


def _provenance(result: FileResult) -> dict[str, object]:
    return {"source_file": result.path, "source_sha256": result.sha256}


def _each_form(results: Iterable[FileResult]) -> Iterator[tuple[Form, dict[str, object]]]:
    """Every loaded form with the keys all its rows carry (project id computed once)."""
    for result in results:
        for form, project_id in zip(result.forms, _form_project_ids(result.forms),
                                    strict=True):
            keys = {
                "project_id": project_id,
                **_provenance(result),
                "form_seq": form.form_seq,
            }
            yield form, keys


def _form_target_ids(forms: Iterable[DepartmentForm]) -> list[str]:
    """The target id of each department-wide form of one file, repeats numbered."""
    seen: dict[tuple[int, str, str], int] = {}
    ids = []
    for form in forms:
        assert form.fiscal_year is not None and form.department is not None, (
            "the parser quarantines a department form without fiscal year or department")
        base = (form.fiscal_year, squeeze(form.department), form.kind)
        seen[base] = seen.get(base, 0) + 1
        ids.append(department_key(form.fiscal_year, form.department, form.kind, seen[base]))
    return ids


def _each_department(
    results: Iterable[FileResult],
) -> Iterator[tuple[DepartmentForm, dict[str, object]]]:
    """Every loaded department-wide form with the keys all its rows carry."""
    for result in results:
        for form, target_id in zip(result.departments, _form_target_ids(result.departments),
                                   strict=True):
            keys = {
                "target_id": target_id,
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
    return [
        {**keys, **_indicator_columns(ind)}
        for form, keys in _each_form(results)
        for ind in form.indicators
    ]


def _indicator_columns(ind: Indicator) -> dict[str, object]:
    """The columns one indicator row has, shared by project and department indicators."""
    target = ind.target
    return {
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
        for form, keys in _each_department(results)
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
        for form, keys in _each_department(results)
        for task in form.tasks
    ]


def department_indicator_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    """Indicators of department-wide forms, in the same columns as project indicators."""
    return [
        {**keys, **_indicator_columns(ind)}
        for form, keys in _each_department(results)
        for ind in form.indicators
    ]


def declaration_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    """Categories declared not applicable or left blank, of project and department forms.

    The owner (project or department target) is resolved here, where the ids are made,
    so the build only has to keep the rows of current forms.
    """
    owned: list[tuple[dict[str, object], list[CategoryDeclaration]]] = [
        (_owner("project", keys["project_id"], keys), form.declarations)
        for form, keys in _each_form(results)
    ]
    owned += [
        (_owner("department", keys["target_id"], keys), form.declarations)
        for form, keys in _each_department(results)
    ]
    return [
        _declaration_row(owner, seq, declaration)
        for owner, declarations in owned
        for seq, declaration in enumerate(declarations, start=1)
    ]


def _owner(kind: str, owner_id: object, keys: dict[str, object]) -> dict[str, object]:
    """Owner and provenance columns of a declaration; project_id only for a project."""
    return {
        "owner_kind": kind,
        "owner_id": owner_id,
        "project_id": owner_id if kind == "project" else None,
        "source_file": keys["source_file"],
        "source_sha256": keys["source_sha256"],
        "form_seq": keys["form_seq"],
    }


def _declaration_row(owner: dict[str, object], seq: int,
                     declaration: CategoryDeclaration) -> dict[str, object]:
    return {
        **owner,
        "seq": seq,
        "level1": declaration.level1,
        "level2": declaration.level2,
        "declaration": declaration.declaration,
        "text_as_written": declaration.text_as_written,
        "source_line": declaration.line,
        "source_locator": declaration.locator,
    }


def empty_form_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    """Forms that state they hold no data: kept so a reader sees the form was there."""
    return [
        {
            **_provenance(r),
            "form_seq": e.form_seq,
            "form_title": e.title,
            "statement": e.statement,
            "source_line": e.line,
            "source_locator": e.locator,
        }
        for r in results
        for e in r.empty_forms
    ]


def page_coverage_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    """What became of every page of a disclosure that prints a target table."""
    return [
        {
            **_provenance(r),
            "page": page.page,
            "outcome": page.outcome,
            "form_seq": page.form_seq,
            "reason_code": page.reason_code,
            "reason": page.reason,
        }
        for r in results
        for page in r.pages
    ]


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
            "forms_loaded": r.forms_loaded,
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
    """Quarantine rows (scope ``file`` or ``form``) and the parts of loaded forms left
    out (scope ``part``, the rows of ``left_out``), each reason Chinese first."""
    rows = []
    for r in results:
        if r.error is not None:
            rows.append(_problem(r, "file", None, None, None, r.error.code, r.error.message,
                                 r.error.excerpt or None))
        for p in r.problems:
            rows.append(_problem(r, "form", p.form_seq, p.line, p.locator, p.reason_code,
                                 p.reason, p.excerpt))
        for form_seq, note in r.left_out:
            place = f"{place_label(note.locator)}：" if note.locator else ""
            rows.append(_problem(r, "part", form_seq, None, note.locator, "part_left_out",
                                 place + note.text, None))
    return rows


def _problem(r: FileResult, scope: str, form_seq: int | None, line: int | None,
             locator: str | None, code: str, reason: str, excerpt: str | None
             ) -> dict[str, object]:
    return {
        **_provenance(r),
        "scope": scope,
        "form_seq": form_seq,
        "source_line": line,
        "source_locator": locator,
        "reason_code": code,
        "reason": zh_reason(code, reason, locator),
        "excerpt": excerpt,
    }


# every parsed row's provenance: the content it came from and its place in it
PROVENANCE: dict[str, pl.DataType] = {
    "source_file": pl.String,
    "source_sha256": pl.String,
    "source_line": pl.Int32,
    "source_locator": pl.String,
    "form_seq": pl.Int32,
}
INDICATOR_COLUMNS: dict[str, pl.DataType] = {
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
    "level1_inferred": pl.Boolean,
    "attributes": pl.String,
}

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
        "fiscal_year_source": pl.String,
        "department_source": pl.String,
        "project_name_source": pl.String,
        **PROVENANCE,
    },
    "funds": {
        "project_id": pl.String,
        "item": pl.String,
        "amount_yuan": AMOUNT,
        "unit_as_written": pl.String,
        "amount_as_written": pl.String,
        "label_as_written": pl.String,
        **PROVENANCE,
    },
    "indicators": {"project_id": pl.String, **INDICATOR_COLUMNS, **PROVENANCE},
    "department_forms": {
        "target_id": pl.String,
        "fiscal_year": pl.Int32,
        "department": pl.String,
        "department_code": pl.String,
        "budget_total_yuan": AMOUNT,
        "budget_total_as_written": pl.String,
        "amount_unit": pl.String,
        "annual_goal": pl.String,
        "form_title": pl.String,
        "fiscal_year_source": pl.String,
        "department_source": pl.String,
        **PROVENANCE,
        "target_kind": pl.String,
    },
    "department_tasks": {
        "target_id": pl.String,
        "seq": pl.Int32,
        "task_name": pl.String,
        "content": pl.String,
        "amount_yuan": AMOUNT,
        "fiscal_yuan": AMOUNT,
        "other_yuan": AMOUNT,
        "amount_as_written": pl.String,
        **PROVENANCE,
    },
    "department_indicators": {"target_id": pl.String, **INDICATOR_COLUMNS, **PROVENANCE},
    "declarations": {
        "owner_kind": pl.String,
        "owner_id": pl.String,
        "project_id": pl.String,
        "seq": pl.Int32,
        "level1": pl.String,
        "level2": pl.String,
        "declaration": pl.String,
        "text_as_written": pl.String,
        **PROVENANCE,
    },
    "empty_forms": {
        "form_title": pl.String,
        "statement": pl.String,
        **PROVENANCE,
    },
    "page_coverage": {
        "source_file": pl.String,
        "source_sha256": pl.String,
        "page": pl.Int32,
        "outcome": pl.String,
        "form_seq": pl.Int32,
        "reason_code": pl.String,
        "reason": pl.String,
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
        "department_forms": department_form_rows(results),
        "department_tasks": department_task_rows(results),
        "department_indicators": department_indicator_rows(results),
        "declarations": declaration_rows(results),
        "empty_forms": empty_form_rows(results),
        "page_coverage": page_coverage_rows(results),
    }
    return {name: pl.DataFrame(data, schema=SCHEMAS[name]) for name, data in rows.items()}
