"""Forms of the unlabelled disclosures (../shared/forms/pdf-unlabelled/) load as hand-checked.

Nobody labelled these 27 documents as a whole; each file in
tests/expected/pdf-unlabelled/ holds the forms someone checked by hand against the
printed pages (one per template family fixed, at least), in the shape of
tests/pdf_summary.py.  A listed project or department form must be loaded exactly as
written there (found by its locator, the page and row where it starts); a listed
stated-empty form or problem must be reported.  ``counts``, when given, pins how many of
each the document yields, so a form merged into its neighbour or split in two shows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SHARED
from tests.pdf_summary import summarize
from tests.shared_pdfs import parsed

PDFS = SHARED / "forms" / "pdf-unlabelled"
EXPECTED = Path(__file__).parent / "expected" / "pdf-unlabelled"


def _expectations() -> list[Path]:
    return sorted(EXPECTED.glob("*.json"))


@pytest.fixture(scope="module", params=_expectations(), ids=lambda p: p.stem)
def loaded(request: pytest.FixtureRequest) -> tuple[dict, dict]:
    expected_path: Path = request.param
    pdf = PDFS / f"{expected_path.stem}.pdf"
    if not pdf.exists():
        pytest.skip(f"{pdf} is not there: ../shared/forms/pdf-unlabelled is not beside the repo")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    return expected, summarize(parsed(pdf))


def _by_locator(forms: list[dict]) -> dict[str, dict]:
    return {f["locator"]: f for f in forms}


def test_checked_projects_load_exactly(loaded: tuple[dict, dict]) -> None:
    expected, actual = loaded
    got = _by_locator(actual["projects"])
    for want in expected.get("projects", []):
        assert want["locator"] in got, f"no project starts at {want['locator']}"
        assert got[want["locator"]] == want, want["project_name"]


def test_checked_department_forms_load_exactly(loaded: tuple[dict, dict]) -> None:
    expected, actual = loaded
    got = _by_locator(actual["departments"])
    for want in expected.get("departments", []):
        assert want["locator"] in got, f"no department form starts at {want['locator']}"
        assert got[want["locator"]] == want, want["title"]


def test_checked_empty_forms_and_problems_are_reported(loaded: tuple[dict, dict]) -> None:
    expected, actual = loaded
    for empty in expected.get("empty_forms", []):
        assert empty in actual["empty_forms"]
    for problem in expected.get("problems", []):
        assert problem in actual["problems"]


def test_counts(loaded: tuple[dict, dict]) -> None:
    expected, actual = loaded
    counts = expected.get("counts")
    if counts is None:
        pytest.skip("this expectation pins no counts")
    assert {key: len(actual[key]) for key in counts} == counts
    if "status" in expected:
        assert actual["status"] == expected["status"]
