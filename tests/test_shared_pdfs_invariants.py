"""What must hold for every real disclosure in ../shared/forms (pdf/ and pdf-unlabelled/).

Nobody labelled most of these documents, but some things hold for any of them: every
page that prints a target table is accounted for, no indicator row holds page furniture
or a fund label, and no two forms of one document are taken for revisions of each other.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipelines.normalize.department_rows import department_form_rows
from pipelines.normalize.project_rows import form_rows
from pipelines.parse.labels import is_fund_label
from pipelines.parse.parse_file import FileResult
from pipelines.parse.records import Indicator
from tests.shared_pdfs import MISSING, all_pdfs, parsed

# 「第 3 页，共 45 页」, 「— 29 —」: page furniture, never a cell's text
PAGE_FURNITURE = re.compile(r"第\s*\d+\s*页|共\s*\d+\s*页|^[—\-–]\s*\d+\s*[—\-–]$")


@pytest.fixture(scope="module", params=all_pdfs() or [None],
                ids=lambda p: p.stem if p is not None else "no-shared")
def result(request: pytest.FixtureRequest) -> FileResult:
    path: Path | None = request.param
    if path is None:
        pytest.skip(MISSING)
    return parsed(path)


def _indicators(result: FileResult) -> list[tuple[str, Indicator]]:
    forms = [*result.forms, *result.departments]
    return [(form.locator, ind) for form in forms for ind in form.indicators]


def test_every_page_with_a_target_table_is_accounted_for(result: FileResult) -> None:
    unaccounted = [(p.page, p.reason_code) for p in result.pages if p.outcome == "unaccounted"]
    assert unaccounted == []
    assert result.pages, "a disclosure with target tables reports its pages"


def test_no_indicator_holds_page_furniture(result: FileResult) -> None:
    furniture = [(where, ind.locator, text)
                 for where, ind in _indicators(result)
                 for text in (ind.level1, ind.level2, ind.name,
                              ind.target.raw if ind.target else None)
                 if text and PAGE_FURNITURE.search(text)]
    assert furniture == []


def test_no_fund_row_is_stored_as_an_indicator(result: FileResult) -> None:
    funds = [(where, ind.locator, text)
             for where, ind in _indicators(result)
             for text in (ind.level1, ind.level2, ind.name)
             if text and is_fund_label(text)]
    assert funds == []


def test_no_two_forms_of_one_document_are_revisions_of_each_other(result: FileResult) -> None:
    projects = [row["project_id"] for row in form_rows([result])]
    targets = [row["target_id"] for row in department_form_rows([result])]
    assert len(set(projects)) == len(projects)
    assert len(set(targets)) == len(targets)
