"""The private APIs of other libraries the code relies on, one test each (ARCHITECTURE.md
lists them).  A release of the library that renames or removes one fails here, by name,
instead of as an AttributeError deep inside a night's run.  Each test uses the API the way
the code does, on a real object, not a stand-in.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import dagster as dg
import openpyxl

REPO = Path(__file__).resolve().parents[1]


def test_dagster_unresolved_asset_job_definition() -> None:
    """pipelines/defs/schedules.py and sensors.py type the job they get with it: what
    ``define_asset_job`` returns before Definitions resolve it."""
    from dagster._core.definitions.unresolved_asset_job_definition import (
        UnresolvedAssetJobDefinition,
    )

    assert isinstance(dg.define_asset_job("nightly", selection="*"),
                      UnresolvedAssetJobDefinition)


def test_dagster_instance_ref_from_dir(tmp_path: Path) -> None:
    """pipelines/scale/cluster.py opens the shared Dagster instance of the workers from its
    folder (``DAGSTER_HOME``) with ``InstanceRef.from_dir``."""
    from dagster._core.instance.ref import InstanceRef

    ref = InstanceRef.from_dir(str(tmp_path))
    with dg.DagsterInstance.from_ref(ref) as instance:
        assert instance.root_directory == str(tmp_path)


def test_openpyxl_worksheet_cells_holds_only_the_stored_cells() -> None:
    """pipelines/read/xlsx.py reads ``Worksheet._cells`` ((row, column) -> cell) so that one
    stray formatted cell far away does not make it walk a huge rectangle."""
    book = openpyxl.Workbook()
    book.active["C2"] = "目标"
    book.active["XFD1048576"].number_format = "0.00"
    saved = io.BytesIO()
    book.save(saved)
    sheet = openpyxl.load_workbook(io.BytesIO(saved.getvalue()), data_only=True).active
    texts = {key: cell.value for key, cell in sheet._cells.items() if cell.value}
    assert texts == {(2, 3): "目标"}


def test_xlsxwriter_constant_memory_row_file(tmp_path) -> None:
    """pipelines/outputs/export/sheet_rows.py writes a sheet's data rows as XML into
    XlsxWriter's constant-memory row file (``Worksheet.fh``) after flushing the header with
    ``_write_single_row``, records the rows with ``_check_dimensions`` and
    ``previous_row``, and styles cells by ``Format._get_xf_index``."""
    import xlsxwriter

    path = tmp_path / "rows.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    money = book.add_format({"num_format": "#,##0.00"})
    ws = book.add_worksheet("表")
    ws.write_string(0, 0, "金额")
    ws._write_single_row(1)
    ws.fh.write(f'<row r="2"><c r="A2" s="{money._get_xf_index()}"><v>1.5</v></c></row>')
    ws._check_dimensions(1, 0)
    ws.previous_row = 2
    ws.write_string(2, 0, "注")
    book.close()
    sheet = openpyxl.load_workbook(path)["表"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["金额"], [1.5], ["注"]]
    assert sheet["A2"].number_format == "#,##0.00"


def test_python_docx_table_xml_rows_and_cells() -> None:
    """pipelines/read/docx_reader.py walks a Word table on its layout grid through the table's
    XML (``_tbl.tr_lst``, ``grid_before``, ``tc_lst``, ``vMerge``, ``grid_span``) and reads
    a cell's text with ``docx.table._Cell``."""
    from docx import Document
    from docx.table import _Cell

    table = Document().add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "项目名称"
    rows = table._tbl.tr_lst
    assert len(rows) == 2 and rows[0].grid_before == 0
    first = rows[0].tc_lst
    assert [(tc.grid_span, tc.vMerge) for tc in first] == [(2, None)]
    assert _Cell(first[0], table).text == "项目名称"


def test_python_docx_run_properties_element() -> None:
    """pipelines/review/letters.py sets the East Asian font and language on run properties
    (``docx.oxml.text.font.CT_RPr``) and adds ``w:lang`` with ``OxmlElement``."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.oxml.text.font import CT_RPr

    rpr = Document().add_paragraph().add_run("审核意见")._r.get_or_add_rPr()
    assert isinstance(rpr, CT_RPr)
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    rpr.insert_element_before(OxmlElement("w:lang"), "w:eastAsianLayout")
    assert rpr.find(qn("w:lang")) is not None


def test_pdfplumber_page_fed_by_pdfium() -> None:
    """pipelines/read/pdfium_page.py builds a pdfplumber ``Page`` without pdfminer: it sets
    the attributes ``Page.__init__`` would and overrides ``objects``, relying on
    ``_get_textmap`` and the table finder reading only those."""
    import pypdfium2 as pdfium

    from pipelines.read.pdfium_page import PdfiumPage

    blank = pdfium.PdfDocument.new()
    blank.new_page(200, 100)
    saved = io.BytesIO()
    blank.save(saved)
    document = pdfium.PdfDocument(saved.getvalue())
    page = PdfiumPage(document[0], 1)
    assert page.extract_text() == "" and page.find_tables() == []
    assert page.extract_text_lines() == []


def test_pypdfium2_raw_functions_the_reader_calls() -> None:
    """pipelines/read/pdfium_page.py calls PDFium's C functions through ``pypdfium2.raw``
    (characters, fonts, paths, and the system font list it takes away)."""
    import pypdfium2.raw as raw

    source = (REPO / "pipelines" / "read" / "pdfium_page.py").read_text()
    used = set(re.findall(r"\braw\.(\w+)", source))
    assert {"FPDF_SetSystemFontInfo", "FPDFText_GetLooseCharBox"} <= used
    assert sorted(name for name in used if not hasattr(raw, name)) == []
