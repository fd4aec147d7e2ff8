"""Stable ids of projects and department targets, and the keys every parsed row carries.

This is where file-level provenance (path, content hash) joins the per-row positions, and
where the stable ``project_id`` and department ``target_id`` are derived.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from pipelines.parse.parse_file import FileResult
from pipelines.parse.records import (
    DepartmentForm,
    DepartmentSelfEvaluation,
    Form,
    SelfEvaluation,
)
from pipelines.parse.vocabulary import squeeze


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


def provenance(result: FileResult) -> dict[str, object]:
    return {"source_file": result.path, "source_sha256": result.sha256}


def each_form(results: Iterable[FileResult]) -> Iterator[tuple[Form, dict[str, object]]]:
    """Every loaded form with the keys all its rows carry (project id computed once)."""
    for result in results:
        for form, project_id in zip(result.forms, _form_project_ids(result.forms),
                                    strict=True):
            keys = {
                "project_id": project_id,
                **provenance(result),
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


def each_department(
    results: Iterable[FileResult],
) -> Iterator[tuple[DepartmentForm, dict[str, object]]]:
    """Every loaded department-wide form with the keys all its rows carry."""
    for result in results:
        for form, target_id in zip(result.departments, _form_target_ids(result.departments),
                                   strict=True):
            keys = {
                "target_id": target_id,
                **provenance(result),
                "form_seq": form.form_seq,
            }
            yield form, keys


SELF_EVALUATION_KIND = "self_evaluation"


def evaluation_key(fiscal_year: int, unit: str, name: str, occurrence: int = 1) -> str:
    """Stable id of a self-evaluation: the parts of the project (or department) key it
    reports on and its kind, so an evaluation id never equals a project or target id
    while a re-export of the same evaluation keeps its id."""
    parts = [str(fiscal_year), squeeze(unit), squeeze(name), SELF_EVALUATION_KIND]
    return _key([p for p in parts if p], occurrence)


def each_self_evaluation(results: Iterable[FileResult]
                         ) -> Iterator[tuple[SelfEvaluation, dict[str, object], str]]:
    """Every loaded project self-evaluation with the keys its rows carry, and the
    project_id a declared form of the same year, unit and name has."""
    for result in results:
        seen: dict[tuple[int, str, str], int] = {}
        for form in result.self_evaluations:
            assert form.fiscal_year is not None and form.project_name is not None
            unit = form.implementing_unit or form.department or ""
            base = (form.fiscal_year, squeeze(unit), squeeze(form.project_name))
            seen[base] = seen.get(base, 0) + 1
            keys = {"evaluation_id": evaluation_key(form.fiscal_year, unit, form.project_name,
                                                    seen[base]),
                    **provenance(result), "form_seq": form.form_seq}
            yield form, keys, project_key(form.fiscal_year, unit, form.project_name, seen[base])


def each_department_self_evaluation(results: Iterable[FileResult]
                                    ) -> Iterator[tuple[DepartmentSelfEvaluation,
                                                        dict[str, object]]]:
    """Every loaded department self-evaluation with the keys its rows carry."""
    for result in results:
        seen: dict[tuple[int, str], int] = {}
        for form in result.department_self_evaluations:
            assert form.fiscal_year is not None and form.department is not None
            base = (form.fiscal_year, squeeze(form.department))
            seen[base] = seen.get(base, 0) + 1
            keys = {"evaluation_id": evaluation_key(form.fiscal_year, form.department, "",
                                                    seen[base]),
                    **provenance(result), "form_seq": form.form_seq}
            yield form, keys
