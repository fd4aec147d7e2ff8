"""Every rendering of the seed loads to exactly ../shared/seed_expected.json.

tests/fixtures_render.py writes the seed export (a TSV) as every supported format; each
rendering, saved under a realistic file name (and, for some, with no extension at all),
must parse through ``process_file`` to the same 5 projects, header fields, exact fund
amounts and 47 indicators as the text export.  The 万元 variants state the funds in
万元 and must convert back to the same 元 amounts.  The end-to-end test puts every
rendering in one raw folder and runs the real ingest job.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import fixtures_render as fr
import pytest

from pipelines.parse.parse_file import process_file
from pipelines.read.grid import Grid
from tests.seed_compare import assert_forms_match
from tests.warehouse_helpers import ingest, table

Render = Callable[[Grid], bytes]


@dataclass(frozen=True)
class Case:
    render: Render
    file_name: str
    format: str
    unit: str = "元"
    needs: str | None = None  # optional library the renderer imports
    copy_of: str | None = None  # the same bytes as that case, saved under another name


CASES: dict[str, Case] = {
    "tsv_utf8": Case(fr.render_tsv, "seed.txt", "tsv"),
    "tsv_gb18030_crlf": Case(
        lambda g: fr.render_tsv(g, "gb18030", "\r\n"), "seed_gb18030_crlf.txt", "tsv"
    ),
    "tsv_utf8_bom": Case(lambda g: fr.render_tsv(g, bom=True), "seed_bom.txt", "tsv"),
    "tsv_no_extension": Case(fr.render_tsv, "seed tsv export", "tsv", copy_of="tsv_utf8"),
    "csv": Case(fr.render_csv, "seed.csv", "csv"),
    "csv_gb18030": Case(lambda g: fr.render_csv(g, "gb18030"), "seed_gb18030.csv", "csv"),
    "csv_no_extension": Case(fr.render_csv, "seed csv export", "csv", copy_of="csv"),
    "markdown": Case(fr.render_markdown, "seed.md", "markdown"),
    "markdown_no_extension": Case(
        fr.render_markdown, "seed markdown", "markdown", copy_of="markdown"
    ),
    "html": Case(fr.render_html, "seed.html", "html"),
    "html_saved_as_xls": Case(fr.render_html, "seed_html_export.xls", "html", copy_of="html"),
    "html_no_extension": Case(fr.render_html, "seed web page", "html", copy_of="html"),
    "xlsx_sheet_per_form": Case(fr.render_xlsx, "seed.xlsx", "xlsx"),
    "xlsx_one_sheet": Case(
        lambda g: fr.render_xlsx(g, one_sheet=True), "seed one sheet.xlsx", "xlsx"
    ),
    "xlsx_typed": Case(lambda g: fr.render_xlsx(g, typed=True), "seed_typed.xlsx", "xlsx"),
    "xlsx_no_extension": Case(
        fr.render_xlsx, "seed workbook", "xlsx", copy_of="xlsx_sheet_per_form"
    ),
    "xls": Case(fr.render_xls, "seed.xls", "xls", needs="xlwt"),
    "xls_no_extension": Case(
        fr.render_xls, "seed legacy workbook", "xls", needs="xlwt", copy_of="xls"
    ),
    "docx": Case(fr.render_docx, "seed.docx", "docx"),
    "docx_no_extension": Case(fr.render_docx, "seed document", "docx", copy_of="docx"),
    "pdf": Case(fr.render_pdf, "seed.pdf", "pdf", needs="reportlab"),
    "pdf_no_extension": Case(
        fr.render_pdf, "seed printout", "pdf", needs="reportlab", copy_of="pdf"
    ),
    "wan_yuan_tsv": Case(
        lambda g: fr.render_tsv(fr.to_wan_yuan(g)), "seed_万元.txt", "tsv", unit="万元"
    ),
    "wan_yuan_xlsx": Case(
        lambda g: fr.render_xlsx(fr.to_wan_yuan(g)), "seed_万元.xlsx", "xlsx", unit="万元"
    ),
    "wan_yuan_xlsx_typed": Case(
        lambda g: fr.render_xlsx(fr.to_wan_yuan(g), typed=True),
        "seed_万元_typed.xlsx",
        "xlsx",
        unit="万元",
    ),
    "wan_yuan_html": Case(
        lambda g: fr.render_html(fr.to_wan_yuan(g)), "seed_万元.html", "html", unit="万元"
    ),
    "wan_yuan_pdf": Case(
        lambda g: fr.render_pdf(fr.to_wan_yuan(g)),
        "seed_万元.pdf",
        "pdf",
        unit="万元",
        needs="reportlab",
    ),
}

# case -> reason: renderings that cannot pass because of a known reader/parser bug.
KNOWN_BUGS: dict[str, str] = {}

SEED_TOTAL_YUAN = Decimal("2248723.84")


def _params() -> list[object]:
    return [
        pytest.param(name, id=name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[name]))
        if name in KNOWN_BUGS
        else pytest.param(name, id=name)
        for name in CASES
    ]


@pytest.fixture(scope="module")
def renderings(seed: Grid) -> dict[str, bytes]:
    """Every case rendered once per module (Word merges and PDF layout are slow)."""
    out: dict[str, bytes] = {}
    for name, case in CASES.items():
        if case.needs is not None:
            try:
                importlib.import_module(case.needs)
            except ImportError:
                continue
        out[name] = out[case.copy_of] if case.copy_of else case.render(seed)
    return out


def _data(renderings: dict[str, bytes], name: str) -> bytes:
    if name not in renderings:
        pytest.skip(f"{CASES[name].needs} is not installed")
    return renderings[name]


@pytest.mark.parametrize("name", _params())
def test_rendering_loads_exactly_the_seed(
    name: str, renderings: dict[str, bytes], seed_expected: list[dict], tmp_path: Path
) -> None:
    case = CASES[name]
    path = tmp_path / case.file_name
    path.write_bytes(_data(renderings, name))
    result = process_file(path, tmp_path)
    assert result.error is None, result.message
    assert result.problems == [], result.message
    assert result.status == "loaded"
    assert result.format == case.format
    assert_forms_match(result.forms, seed_expected)
    units = {f.unit_as_written for form in result.forms for f in form.funds}
    assert units == {case.unit}
    assert {form.amount_unit for form in result.forms} == {case.unit}
    total = sum(f.amount_yuan for form in result.forms for f in form.funds if f.item == "total")
    assert total == SEED_TOTAL_YUAN


def test_wan_yuan_helper_divides_exactly(seed: Grid) -> None:
    wan = fr.to_wan_yuan(seed)
    first = next(r for r in wan.rows if "项目资金" in r.cell(0))
    assert first.cell(0) == "项目资金（万元）"
    assert "1.104384" in first.cells
    assert len(wan.rows) == len(seed.rows)
    changed = [
        (a, b)
        for r, s in zip(wan.rows, seed.rows, strict=True)
        for a, b in zip(r.cells, s.cells, strict=True)
        if a != b
    ]
    for wan_text, yuan_text in changed:
        if "项目资金" in yuan_text:
            continue
        assert Decimal(wan_text) * 10000 == Decimal(yuan_text.replace(",", ""))


def test_all_renderings_in_one_folder_load_each_project_once(
    renderings: dict[str, bytes], seed_expected: list[dict], tmp_path: Path
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, data in renderings.items():
        if name not in KNOWN_BUGS:
            (raw / CASES[name].file_name).write_bytes(data)
    warehouse = tmp_path / "w.duckdb"
    ingest(raw, warehouse)

    projects = table(warehouse, "select project_id, project_name from projects")
    assert sorted(p["project_name"] for p in projects) == sorted(
        e["project_name"] for e in seed_expected
    )

    files = {f["path"]: f for f in table(warehouse, "select * from ingest_files")}
    assert set(files) == {p.name for p in raw.iterdir()}
    by_name = {CASES[n].file_name: CASES[n] for n in renderings}
    for path, f in files.items():
        assert f["status"] in {"loaded", "duplicate"}, f
        assert f["format"] == by_name[path].format, f
        if f["status"] == "loaded":
            assert (f["forms_found"], f["forms_loaded"]) == (5, 5), f
        else:  # a byte-identical copy of a file that was loaded
            original = files[f["duplicate_of"]]
            assert original["status"] == "loaded", f
            assert original["sha256"] == f["sha256"], f
    duplicates = [f for f in files.values() if f["status"] == "duplicate"]
    assert len(duplicates) == len(files) - len({f["sha256"] for f in files.values()})

    revisions = table(warehouse, "select project_id, status from project_revisions")
    current = [r for r in revisions if r["status"] == "current"]
    assert len(current) == 5
    assert {r["project_id"] for r in current} == {p["project_id"] for p in projects}
    assert all(r["status"] == "superseded" for r in revisions if r["status"] != "current")
    loaded = sum(1 for f in files.values() if f["status"] == "loaded")
    assert len(revisions) == 5 * loaded

    (total,) = table(warehouse, "select sum(amount_yuan) as s from funds where item = 'total'")
    assert total["s"] == SEED_TOTAL_YUAN
