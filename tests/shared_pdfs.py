"""The real disclosures of ../shared/forms, each parsed once per test session.

Several test files read the same 39 PDFs (exact expectations, hand-checked forms, the
invariants over every document, the review's findings); parsing each once keeps the
suite within its time on two cores.  Tests only read the results.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pipelines.parse.parse_file import FileResult, process_file
from tests.conftest import SHARED

FOLDERS = (SHARED / "forms" / "pdf", SHARED / "forms" / "pdf-unlabelled")
MISSING = "../shared/forms is not beside the repo: the real disclosures are not here"


def all_pdfs() -> list[Path]:
    """Every shared disclosure, labelled ones first, each folder in name order."""
    return [p for folder in FOLDERS if folder.is_dir() for p in sorted(folder.glob("*.pdf"))]


@cache
def parsed(path: Path) -> FileResult:
    """The file parsed as the ingest does (its path relative to its own folder)."""
    return process_file(path, path.parent)
