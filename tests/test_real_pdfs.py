"""Whole budget-disclosure PDFs load exactly as hand-checked in tests/expected/pdf/*.json.

The twelve disclosures live in ../shared/forms/pdf/ (public documents, not copied here).
Each expectation was written from the parser's output only after every project,
amount, goal and indicator had been compared with an independent transcription of the
printed pages (rendered page images checked by eye where cells wrap, merge or cross a
page break); where the two disagreed the printed page decided.  Nothing may come from
the other tables of a disclosure, and every target form, project or department-wide,
must be there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SHARED
from tests.pdf_summary import summarize
from tests.shared_pdfs import parsed

PDFS = SHARED / "forms" / "pdf"
EXPECTED = Path(__file__).parent / "expected" / "pdf"


def _pdfs() -> list[Path]:
    return sorted(PDFS.glob("*.pdf")) if PDFS.is_dir() else []


@pytest.fixture(scope="module", params=_pdfs(), ids=lambda p: p.stem)
def loaded(request: pytest.FixtureRequest) -> tuple[dict, dict]:
    path: Path = request.param
    expected = json.loads((EXPECTED / f"{path.stem}.json").read_text(encoding="utf-8"))
    return expected, summarize(parsed(path))


def test_every_disclosure_has_an_expectation() -> None:
    if not PDFS.is_dir():
        pytest.skip("../shared/forms/pdf is not beside the repo: the disclosures are not here")
    assert len(_pdfs()) == 12
    assert {p.stem for p in _pdfs()} == {p.stem for p in EXPECTED.glob("*.json")}


def test_projects_load_exactly(loaded: tuple[dict, dict]) -> None:
    expected, actual = loaded
    assert [p["project_name"] for p in actual["projects"]] == [
        p["project_name"] for p in expected["projects"]]
    for want, got in zip(expected["projects"], actual["projects"], strict=True):
        assert got == want, want["project_name"]


def test_department_forms_load_exactly(loaded: tuple[dict, dict]) -> None:
    expected, actual = loaded
    assert actual["departments"] == expected["departments"]


def test_nothing_else_is_loaded_or_lost(loaded: tuple[dict, dict]) -> None:
    expected, actual = loaded
    assert actual["status"] == expected["status"]
    assert actual["empty_forms"] == expected["empty_forms"]
    assert actual["problems"] == expected["problems"] == []
