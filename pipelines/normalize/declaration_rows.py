"""Row dicts of categories a project or department form declares not applicable or blank."""

from __future__ import annotations

from collections.abc import Iterable

from pipelines.normalize.ids import each_department, each_form
from pipelines.parse.parse_file import FileResult
from pipelines.parse.records import CategoryDeclaration


def declaration_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    """Categories declared not applicable or left blank, of project and department forms.

    The owner (project or department target) is resolved here, where the ids are made,
    so the build only has to keep the rows of current forms.
    """
    owned: list[tuple[dict[str, object], list[CategoryDeclaration]]] = [
        (_owner("project", keys["project_id"], keys), form.declarations)
        for form, keys in each_form(results)
    ]
    owned += [
        (_owner("department", keys["target_id"], keys), form.declarations)
        for form, keys in each_department(results)
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
