"""Row dicts kept per content rather than per form: what parsing a file's bytes gave
(status, counts), its quarantine, its empty forms and what became of each page."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pipelines.normalize.ids import provenance
from pipelines.parse.messages import zh_reason
from pipelines.parse.parse_file import FileResult
from pipelines.read.locators import place_label


def empty_form_rows(results: Iterable[FileResult]) -> list[dict[str, object]]:
    """Forms that state they hold no data: kept so a reader sees the form was there."""
    return [
        {
            **provenance(r),
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
            **provenance(r),
            "page": page.page,
            "outcome": page.outcome,
            "form_seq": page.form_seq,
            "reason_code": page.reason_code,
            "reason": page.reason,
        }
        for r in results
        for page in r.pages
    ]


def content_rows(results: Iterable[FileResult], run_id: str, at: datetime) -> list[dict]:
    """One parsed rows per parsed content (a file's bytes, keyed by hash)."""
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
        **provenance(r),
        "scope": scope,
        "form_seq": form_seq,
        "source_line": line,
        "source_locator": locator,
        "reason_code": code,
        "reason": zh_reason(code, reason, locator),
        "excerpt": excerpt,
    }
