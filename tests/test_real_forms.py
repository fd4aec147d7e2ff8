"""Real published forms load exactly as hand-checked in tests/expected/*.json.

The forms live in ../shared/forms/text/ (public documents, not copied into this repo).
Each expectation was written by reading the printed form, not by running the parser:
every project with its header fields, funds in 元 as exact decimal strings, and every
indicator with its levels, target parts and extra columns.  A form that cannot be read
exactly is expected as quarantined with a specific reason and nothing of it loaded.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.parse.parse_file import FileResult, process_file
from pipelines.parse.records import Form, Indicator
from tests.conftest import SHARED
from tests.warehouse_helpers import ingest, make_raw, table

FORMS = SHARED / "forms" / "text"
EXPECTED = Path(__file__).parent / "expected"
HEADER_FIELDS = (
    "form_seq", "line", "template", "title", "fiscal_year", "project_name", "project_nature",
    "project_category", "department", "department_code", "implementing_unit",
    "overall_goal", "annual_goal", "amount_unit",
)


def _form_files() -> list[Path]:
    return sorted(FORMS.glob("*.txt")) if FORMS.is_dir() else []


def _expected(path: Path) -> dict:
    return json.loads((EXPECTED / f"{path.stem}.json").read_text(encoding="utf-8"))


def _indicator(ind: Indicator) -> dict:
    target = ind.target
    return {
        "level1": ind.level1,
        "level2": ind.level2,
        "name": ind.name,
        "target_raw": target.raw if target else None,
        "target_op": target.op if target else None,
        "target_value": str(target.value) if target and target.value is not None else None,
        "target_unit": target.unit if target else None,
        "is_quantitative": bool(target and target.is_quantitative),
        "extras": dict(ind.extras),
    }


def _form(form: Form) -> dict:
    record: dict = {name: getattr(form, name) for name in HEADER_FIELDS}
    for name in ("planned_start", "planned_end"):
        value = getattr(form, name)
        record[name] = value.isoformat() if value else None
    record["funds"] = {
        f.item: {"amount_yuan": str(f.amount_yuan), "unit_as_written": f.unit_as_written,
                 "amount_as_written": f.amount_as_written}
        for f in form.funds
    }
    record["notes"] = list(form.notes)
    record["indicators"] = [_indicator(i) for i in form.indicators]
    return record


def _problems(result: FileResult) -> list[dict]:
    return [{"form_seq": p.form_seq, "reason_code": p.reason_code} for p in result.problems]


@pytest.fixture(params=_form_files(), ids=lambda p: p.stem)
def form_file(request: pytest.FixtureRequest) -> Path:
    return request.param


def test_every_real_form_has_an_expectation() -> None:
    if not _form_files():
        pytest.skip("../shared/forms/text is not beside the repo")
    missing = [p.name for p in _form_files() if not (EXPECTED / f"{p.stem}.json").exists()]
    assert missing == []


def test_real_form_loads_exactly_as_expected(form_file: Path) -> None:
    want = _expected(form_file)
    result = process_file(form_file, form_file.parent)
    assert result.error is None, result.error
    assert result.status == want["status"], result.message
    assert _problems(result) == want["problems"]
    got = [_form(f) for f in result.forms]
    assert [f["project_name"] for f in got] == [f["project_name"] for f in want["forms"]]
    for got_form, want_form in zip(got, want["forms"], strict=True):
        for key in want_form:
            assert got_form[key] == want_form[key], (want_form["project_name"], key)
        assert got_form == want_form
    if want["status"] == "quarantined":
        assert result.forms == []


def test_warehouse_holds_every_real_project(tmp_path: Path) -> None:
    """All real forms in one run: project ids stay unique, funds sum exactly."""
    files = _form_files()
    if not files:
        pytest.skip("../shared/forms/text is not beside the repo")
    wants = [_expected(p)["forms"] for p in files]
    warehouse = tmp_path / "w" / "forms.duckdb"
    ingest(make_raw(tmp_path, *files), warehouse)
    projects = table(warehouse, "select project_name from projects")
    assert len(projects) == sum(len(forms) for forms in wants)
    (total,) = table(warehouse, "select sum(amount_yuan) as s from funds "
                                "where item = 'annual_total'")
    want_total = sum(
        Decimal(f["funds"]["annual_total"]["amount_yuan"])
        for forms in wants for f in forms if "annual_total" in f["funds"]
    )
    assert total["s"] == want_total
    (count,) = table(warehouse, "select count(*) as n from indicators")
    assert count["n"] == sum(len(f["indicators"]) for forms in wants for f in forms)
