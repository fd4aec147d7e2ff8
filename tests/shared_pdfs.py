"""The real disclosures of ../shared/forms, each parsed once per test session.

Several test files read the same 39 PDFs (exact expectations, hand-checked forms, the
invariants over every document, the review's findings); parsing each once keeps the
suite within its time on two cores.  Tests only read the results.

Under `make test-all` two xdist workers run these files; the first to need a PDF parses
it and leaves the result in the run's folder (``PDF_CACHE``, set by tests/conftest.py for
the workers), the other waits for it and reads it back, so each PDF is parsed once per run.
"""

from __future__ import annotations

import fcntl
import os
import pickle
from functools import cache
from pathlib import Path

from pipelines.parse.parse_file import FileResult, process_file
from tests.conftest import SHARED

FOLDERS = (SHARED / "forms" / "pdf", SHARED / "forms" / "pdf-unlabelled")
MISSING = "../shared/forms is not beside the repo: the real disclosures are not here"


def all_pdfs() -> list[Path]:
    """Every shared disclosure, labelled ones first, each folder in name order."""
    return [p for folder in FOLDERS if folder.is_dir() for p in sorted(folder.glob("*.pdf"))]


PDF_CACHE = "FORMS_TESTS_PDF_CACHE"


@cache
def parsed(path: Path) -> FileResult:
    """The file parsed as the ingest does (its path relative to its own folder)."""
    if PDF_CACHE not in os.environ:
        return process_file(path, path.parent)
    folder = Path(os.environ[PDF_CACHE])
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"{path.parent.name}--{path.name}.pickle"
    with open(stored.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits while this one parses
        if stored.exists():
            return pickle.loads(stored.read_bytes())
        result = process_file(path, path.parent)
        stored.with_suffix(".part").write_bytes(pickle.dumps(result))
        stored.with_suffix(".part").replace(stored)
        return result
