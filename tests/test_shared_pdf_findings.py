"""The review on the 39 shared disclosures: every error it raises is true to the page.

Half of the error findings once seen on these documents were caused by extraction (a
dropped continuation page, a clipped label, a split cell), not by the forms.  The
warehouse is built by the real pipeline state, build SQL and review from the parsed documents
(each parsed once per session, tests/shared_pdfs.py); tests/expected/error_findings.json
lists every error finding, each checked against the printed page.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from tests.shared_pdfs import MISSING, all_pdfs, parsed
from tests.warehouse_helpers import load, table

EXPECTED = Path(__file__).parent / "expected" / "error_findings.json"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdfs = all_pdfs()
    if not pdfs:
        pytest.skip(MISSING)
    tmp = tmp_path_factory.mktemp("shared_findings")
    raw = tmp / "raw"
    raw.mkdir()
    for pdf in pdfs:  # one folder: each parsed path is its name
        shutil.copyfile(pdf, raw / pdf.name)
    target = tmp / "forms.duckdb"
    load(raw, target, [parsed(pdf) for pdf in pdfs], datetime(2026, 12, 3, 2, 0))
    return target


def test_every_error_finding_is_true_to_the_printed_form(warehouse: Path) -> None:
    found = table(warehouse, """
        select p.source_file, p.source_locator, f.rule_id, p.project_name
        from review_findings as f
        join projects as p using (project_id)
        where f.severity = 'error'
        order by all""")
    expected = json.loads(EXPECTED.read_text("utf-8"))["findings"]
    assert found == [{k: f[k] for k in ("source_file", "source_locator", "rule_id",
                                         "project_name")} for f in expected]


def test_every_page_of_the_loaded_disclosures_is_accounted_for(warehouse: Path) -> None:
    assert table(warehouse, "select * from page_coverage where outcome = 'unaccounted'") == []
    documents = table(warehouse, "select count(distinct source_file) as n from page_coverage")
    assert documents == [{"n": len(all_pdfs())}]
