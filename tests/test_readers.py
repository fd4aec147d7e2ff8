"""Readers: every format round-trips the seed forms, real forms read as published, and
broken files fail with a ReadError code instead of a traceback.

The seed TSV is the ground truth; tests/fixtures_render.py renders it into each format.
Real forms are read from ../shared/forms (public documents, not copied into the repo);
tests needing them skip when that folder is absent.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import fixtures_render as fr
import pytest

from pipelines.read import ReadError, read_grids, sniff_format
from pipelines.read.csv_reader import read_csv
from pipelines.read.docx_reader import read_docx
from pipelines.read.grid import Grid, Row
from pipelines.read.html_table import read_html
from pipelines.read.markdown import read_markdown
from pipelines.read.pdf import is_page_number, read_pdf
from pipelines.read.xlsx import format_value, read_xlsx

FORMS = fr.SHARED / "forms"
TEXT = FORMS / "text"
YANTAI_PDF = FORMS / "pdf" / "025_烟台__2026年烟台市大数据局部门预算.pdf"
XIAN_PDF = FORMS / "pdf" / "020_西安__2026年西安市审计局部门预算.pdf"


def shared_file(path: Path) -> bytes:
    if not path.exists():
        pytest.skip(f"shared sample {path.name} not present")
    return path.read_bytes()


def row_at(grid: Grid, locator: str) -> Row:
    return next(r for r in grid.rows if r.locator == locator)


# --- round trips of the seed -------------------------------------------------------------

# name -> (renderer, file name, reader kind, comparison)
Render = Callable[[Grid], bytes]


def _xls(grid: Grid) -> bytes:
    pytest.importorskip("xlwt")
    return fr.render_xls(grid)


def _pdf(grid: Grid) -> bytes:
    pytest.importorskip("reportlab")
    return fr.render_pdf(grid)


ROUND_TRIPS: dict[str, tuple[Render, str, str, str]] = {
    "xlsx_sheet_per_form": (fr.render_xlsx, "forms.xlsx", "xlsx", "number"),
    "xlsx_one_sheet": (lambda g: fr.render_xlsx(g, one_sheet=True), "forms.xlsx", "xlsx", "number"),
    "xlsx_typed_cells": (lambda g: fr.render_xlsx(g, typed=True), "forms.xlsx", "xlsx", "number"),
    "xls_legacy": (_xls, "forms.xls", "xls", "number"),
    "html_spans": (fr.render_html, "forms.html", "html", "exact"),
    "markdown": (fr.render_markdown, "forms.md", "markdown", "exact"),
    "csv": (fr.render_csv, "forms.csv", "csv", "exact"),
    "csv_gb18030": (lambda g: fr.render_csv(g, "gb18030"), "forms.csv", "csv", "exact"),
    "docx_merged": (fr.render_docx, "forms.docx", "docx", "exact"),
    "pdf_text_layer": (_pdf, "forms.pdf", "pdf", "pdf"),
    "tsv_gb18030_crlf": (
        lambda g: fr.render_tsv(g, "gb18030", "\r\n"), "forms.txt", "tsv", "exact"),
    "tsv_utf8_bom": (lambda g: fr.render_tsv(g, bom=True), "forms.txt", "tsv", "exact"),
}


_RENDERED: dict[str, bytes] = {}


def rendered(case: str, seed: Grid) -> bytes:
    """A seed rendering, made once per test session (Word merges are slow to build)."""
    if case not in _RENDERED:
        _RENDERED[case] = ROUND_TRIPS[case][0](seed)
    return _RENDERED[case]


def _compare(kind: str, expected: Grid, grids: list[Grid]) -> tuple[list, list]:
    """Expected and actual rows after the documented per-format normalisation."""
    got = [texts for g in grids for texts in fr.cell_texts(g)]
    want = fr.cell_texts(expected)
    if kind == "number":
        return ([tuple(map(fr.normalise_number, t)) for t in want],
                [tuple(map(fr.normalise_number, t)) for t in got])
    if kind == "pdf":
        assert len(grids) == 1
        return fr.pdf_expected(expected), fr.pdf_actual(grids[0])
    return want, got


@pytest.mark.parametrize("case", ROUND_TRIPS)
def test_round_trip_keeps_every_cell(seed: Grid, case: str) -> None:
    _, name, kind, comparison = ROUND_TRIPS[case]
    data = rendered(case, seed)
    assert sniff_format(data, name) == kind
    assert sniff_format(data, "upload") == kind  # content decides, not the suffix
    want, got = _compare(comparison, seed, read_grids(data, name))
    assert got == want


def test_xlsx_has_one_grid_per_sheet_with_real_merges(seed: Grid) -> None:
    import openpyxl

    data = rendered("xlsx_sheet_per_form", seed)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert all(sheet.merged_cells.ranges for sheet in book.worksheets)
    grids = read_xlsx(data, "forms.xlsx")
    assert [g.part for g in grids] == ["表1", "表2", "表3", "表4", "表5"]
    first = grids[0].rows[0]
    assert first.locator == "sheet 表1 row 1" and first.cells[0] == "财政项目支出绩效目标申报表"
    assert set(first.cells[1:]) == {""}  # the merged title row: text only top-left
    assert first.cell_locator(0) == "sheet 表1 row 1, col 1"


def test_xlsx_typed_cells_read_as_displayed(seed: Grid) -> None:
    grids = read_xlsx(rendered("xlsx_typed_cells", seed), "forms.xlsx")
    cells = {t for g in grids for r in g.rows for t in r.cells}
    assert {"11043.84", "2023-01-01", "2023-12-31", "100%", "0", "1188400"} <= cells
    assert "=100.00(%)" in cells  # a string that looks like a formula stays text
    assert not any(t.endswith(".0") or "E+" in t for t in cells)


def test_xlsx_trims_trailing_empty_rows_and_columns() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "S"
    sheet["B2"] = "x"
    sheet["D9"] = ""
    sheet["E12"].number_format = "0.00"  # formatted but empty: not content
    out = io.BytesIO()
    book.save(out)
    (grid,) = read_xlsx(out.getvalue(), "s.xlsx")
    assert [r.cells for r in grid.rows] == [("", ""), ("", "x")]
    assert grid.rows[1].locator == "sheet S row 2"


def test_xlsx_stray_far_cell_is_refused_not_expanded() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active["B2"] = "项目名称"
    book.active["XFD1048576"] = "stray"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ReadError) as err:
        read_xlsx(out.getvalue(), "s.xlsx")
    assert err.value.code == "sheet_too_large"


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (11043.84, "#,##0.00", "11043.84"),
        (11043.840000000002, "General", "11043.84"),
        (2200.0, "General", "2200"),
        (2200, "0.00", "2200"),
        (0.1 + 0.2, "General", "0.3"),
        (0.95, "0%", "95%"),
        (0.075, "0.0%", "7.5%"),
        (0.95, '"%"0.00', "0.95"),  # a quoted percent sign is decoration, not a format
        (1e20, "General", "100000000000000000000"),
        (None, "General", ""),
        (True, "General", "TRUE"),
        ("  a \r\n b ", "@", "a\nb"),
    ],
)
def test_format_value(value: object, number_format: str, text: str) -> None:
    assert format_value(value, number_format) == text


def test_format_value_dates() -> None:
    import datetime as dt

    assert format_value(dt.datetime(2023, 1, 1)) == "2023-01-01"
    assert format_value(dt.date(2023, 12, 31)) == "2023-12-31"
    assert format_value(dt.datetime(2023, 1, 1, 8, 30)) == "2023-01-01 08:30:00"


def test_xls_merges_follow_top_left_rule(seed: Grid) -> None:
    grids = read_xlsx(rendered("xls_legacy", seed), "forms.xls")
    assert len(grids) == 5
    title = grids[0].rows[0]
    assert title.cells[0] == "财政项目支出绩效目标申报表" and set(title.cells[1:]) == {""}


def test_html_rendering_uses_spans(seed: Grid) -> None:
    data = rendered("html_spans", seed)
    assert "rowspan='2'" in data.decode() and "colspan='2'" in data.decode()
    grid = read_html(data, "forms.html")[0]
    assert grid.rows[0].locator == "paragraph 1"
    assert grid.rows[0].cells == ("财政项目支出绩效目标申报表",)
    assert grid.rows[2].locator == "table 1 row 1"
    assert [r.line for r in grid.rows] == list(range(1, len(grid.rows) + 1))


def test_docx_rendering_has_real_merges(seed: Grid) -> None:
    data = rendered("docx_merged", seed)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "w:vMerge" in xml and "w:gridSpan" in xml
    grid = read_docx(data, "forms.docx")[0]
    assert grid.rows[0].cells == ("财政项目支出绩效目标申报表",)
    assert grid.rows[0].locator == "paragraph 1"
    money = next(r for r in grid.rows if r.cells[0] == "项目资金 (元)")
    assert money.locator == "table 1 row 4"
    below = grid.rows[grid.rows.index(money) + 1]
    assert below.cells[:2] == ("", "其中：财政资金")  # vertically merged label: "" below


def test_pdf_form_continues_across_pages(seed: Grid) -> None:
    grid = read_pdf(rendered("pdf_text_layer", seed), "forms.pdf")[0]
    pages = {r.locator.split()[1] for r in grid.rows}
    assert len(pages) > 1
    assert [r.line for r in grid.rows] == list(range(1, len(grid.rows) + 1))
    assert grid.rows[0].locator == "page 1 line 1"
    assert grid.rows[2].locator == "page 1 table 1 row 1"


def test_pdf_pages_parameter_reads_only_those_pages(seed: Grid) -> None:
    grid = read_pdf(rendered("pdf_text_layer", seed), "forms.pdf", pages=[2])[0]
    assert grid.rows and all(r.locator.startswith("page 2 ") for r in grid.rows)


# --- reader details ----------------------------------------------------------------------


def test_csv_keeps_quoted_commas_and_line_breaks() -> None:
    data = '项目名称,"11,043.84"\n\n"多行\r\n目标",x\nlast,"a ""q"""\n'.encode()
    grid = read_csv(data, "t.csv")[0]
    assert [(r.line, r.cells) for r in grid.rows] == [
        (1, ("项目名称", "11,043.84")),
        (2, ("",)),
        (3, ("多行\n目标", "x")),
        (5, ("last", 'a "q"')),
    ]


def test_markdown_escaped_pipes_headings_and_rule() -> None:
    text = "# **项目支出绩效目标表**\n单位：万元\n\n| a | b |\n|:---|---:|\n| x \\| y | 1<br>2 |\n"
    grid = read_markdown(text.encode(), "t.md")[0]
    assert [(r.line, r.cells) for r in grid.rows] == [
        (1, ("项目支出绩效目标表",)),
        (2, ("单位：万元",)),
        (3, ("",)),
        (4, ("a", "b")),
        (6, ("x | y", "1\n2")),
        (7, ("",)),
    ]


def test_html_text_outside_tables_whitespace_and_entities() -> None:
    page = (
        "<?xml version='1.0' encoding='utf-8'?><html><body>单位：万元"
        "<div>标题\n续<br>二行<table><thead><tr><th>a</th><th colspan=2>b &amp;amp; c"
        "<p>p1</p><p>p2</p></th></tr></thead><tbody><tr><td rowspan=5>d</td>"
        "<td>&gt;=1</td></tr></tbody></table>尾注</div><script>x=1</script></body></html>"
    )
    grid = read_html(page.encode(), "t.html")[0]
    assert [(r.locator, r.cells) for r in grid.rows] == [
        ("paragraph 1", ("单位：万元",)),
        ("paragraph 2", ("标题 续\n二行",)),
        ("table 1 row 1", ("a", "b &amp; c\np1\np2", "")),
        ("table 1 row 2", ("d", ">=1", "")),  # rowspan past the last row is clipped
        ("paragraph 3", ("尾注",)),
    ]


def test_html_caption_is_a_title_row_before_the_table() -> None:
    grid = read_html("<table><caption>绩效目标表</caption><tr><td>a</td></tr></table>".encode(),
                     "t.html")[0]
    assert [r.cells for r in grid.rows] == [("绩效目标表",), ("a",)]


def test_docx_paragraphs_and_tables_in_body_order() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("项目支出绩效目标表")
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "项目资金"
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).text = "合计"
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(1, 1).text = "其中"
    document.add_paragraph("单位：万元")
    out = io.BytesIO()
    document.save(out)
    grid = read_docx(out.getvalue(), "t.docx")[0]
    assert [(r.line, r.locator, r.cells) for r in grid.rows] == [
        (1, "paragraph 1", ("项目支出绩效目标表",)),
        (2, "table 1 row 1", ("项目资金", "合计", "")),
        (3, "table 1 row 2", ("", "其中", "")),
        (4, "paragraph 3", ("单位：万元",)),
    ]


@pytest.mark.parametrize(
    ("text", "top", "dropped"),
    [("— 29 —", 100, True), ("—29—", 800, True), ("- 3 -", 800, True), ("第 3 页", 400, True),
     ("12", 800, True), ("12", 300, False), ("(2026年度)", 800, False), ("2026年", 800, False)],
)
def test_pdf_page_numbers(text: str, top: float, dropped: bool) -> None:
    assert is_page_number(text, top, 842) is dropped


# --- real published forms ----------------------------------------------------------------


def test_real_markdown_form() -> None:
    data = shared_file(TEXT / "009_yantai_shenji_yewujingfei_2026_markdown.txt")
    assert sniff_format(data, "009.txt") == "markdown"
    grid = read_grids(data, "009.txt")[0]
    by_line = {r.line: r.cells for r in grid.rows}
    assert by_line[1] == ("政策和项目预算绩效目标表",)
    assert by_line[2] == ("(2026年度)",)
    assert by_line[4] == ("项目名称", "", "", "审计业务经费", "", "")
    assert 5 not in by_line  # the |---| rule
    assert by_line[7] == ("项目资金\n（万元）", "", "", "年度预算资金总额：", "31.00", "")
    assert by_line[14][3:5] == ("审计（专项审计调查）单位\n个数", "≥1个")
    assert by_line[21] == ("绩效指标", "满意度指标", "服务对象满意度\n指标", "被审计单位满意度",
                           "≥95%", "")


def test_real_html_form_with_rowspans() -> None:
    data = shared_file(TEXT / "010_yantai_shangwu_huizhanye_2026_html.txt")
    assert sniff_format(data, "010.txt") == "html"
    grid = read_grids(data, "010.txt")[0]
    assert grid.rows[0].cells == ("项目支出绩效目标表（2026）",)
    assert grid.rows[-1].cells == ("— 36 —",)
    assert row_at(grid, "table 1 row 3").cells == (
        "项目资金（万元）", "", "", "年度资金总额", "2200", "", "")
    assert row_at(grid, "table 1 row 4").cells == ("", "", "", "其中：财政拨款", "2200", "", "")
    assert row_at(grid, "table 1 row 7").cells == (
        "绩\n效\n指\n标", "一级指标", "二级指标", "三级指标", "", "", "指标值")
    assert row_at(grid, "table 1 row 9").cells == (
        "", "", "", "重点会展活动举办分项成本", "", "", "≤1300万元")
    assert row_at(grid, "table 1 row 11").cells[:4] == ("", "产出指标", "数量指标", "奖励对象数量")
    assert row_at(grid, "table 1 row 24").cells[:4] == (
        "", "满意度\n指标", "服务对象满意\n度指标", "受益单位满意度")
    assert row_at(grid, "table 1 row 25").cells == (
        "", "", "", "参展参会人员满意度", "", "", "≥90%")


def test_real_html_form_with_entities_and_projects() -> None:
    data = shared_file(TEXT / "021_changchun_xinfang_xiangmubiao_2026_html.txt")
    grid = read_grids(data, "021.txt")[0]
    assert len(grid.rows) == 19 and grid.width == 10
    assert grid.rows[0].cells[0] == "长春市信访局2026年项目支出绩效目标表预算表（预算表11）"
    assert grid.rows[1].is_blank
    first = row_at(grid, "table 1 row 4").cells
    assert first[0] == "105001\n长春市\n信访局"
    assert first[1:3] == ("2026年信\n访专项经\n费", "30.00")
    assert first[8:] == (">=2次", "40")
    assert row_at(grid, "table 1 row 5").cells == (
        "", "", "", "", "成本指标", "经济成本指\n标", "信访信息系统运维\n成本",
        "信访信息系统运维成本", "<=17万\n元", "20")
    assert row_at(grid, "table 1 row 8").cells[:3] == ("", "2026年信\n访接待中\n心运行费", "116.00")


def test_real_tsv_form() -> None:
    data = shared_file(TEXT / "019_changsha_jiaoyu_shuidianqi_2026_tsv.txt")
    assert sniff_format(data, "019.txt") == "tsv"
    grid = read_grids(data, "019.txt")[0]
    assert grid.rows[1].cells == ("单位名称：长沙职业教育基地综合协调办公室 单位：万元",)
    water = grid.rows[6].cells
    assert water[:3] == ("201056", "经常性运转经费（水电气）", "270.00")
    assert water[6:8] == ("水费", "120") and water[10:] == ("万元", "＝", "7")


def test_real_pdf_yantai_target_pages() -> None:
    data = shared_file(YANTAI_PDF)
    grid = read_pdf(data, YANTAI_PDF.name, pages=[30, 31])[0]
    texts = [r.cells for r in grid.rows]
    # the section heading overprinted by a stamped title is split, not interleaved
    assert ("（三）部门预算项目绩效目标表",) in texts
    assert texts.count(("政策和项目预算绩效目标表",)) == 4  # 2 per page, one under a white image
    assert ("(2026年度)",) in texts
    assert not any("29" in c[0] and len(c) == 1 for c in texts)  # "— 29 —" dropped
    header = row_at(grid, "page 30 table 1 row 7")
    assert header.cells == ("", "一级指标", "二级指标", "三级指标", "指标值", "")
    assert row_at(grid, "page 30 table 1 row 3").cells[:5] == (
        "项目资金\n（万元）", "", "", "年度预算资金总额：", "6000.00")
    assert row_at(grid, "page 30 table 1 row 4").cells[:5] == (
        "", "", "", "其中：财政拨款", "6000.00")
    assert row_at(grid, "page 31 table 1 row 1").cells[3] == "实施公车统管费用"
    assert row_at(grid, "page 31 table 1 row 13").cells[3:5] == ("出行便捷率", "保障程度")
    title = texts.index(("政策和项目预算绩效目标表",))
    assert title < texts.index(header.cells)  # title rows come before the table rows


def test_real_pdf_merged_cell_cut_by_page_break_keeps_its_text() -> None:
    """A level cell merged over the page break has no closed border on either page;
    its text (「效益指」 at the foot of p.37, 「标」 at the head of p.38) goes to the row
    where the merged cell starts, joined, instead of being lost."""
    data = shared_file(XIAN_PDF)
    grid = read_pdf(data, XIAN_PDF.name, pages=[37, 38])[0]
    assert row_at(grid, "page 37 table 1 row 1").cells[3] == "购买中介机构审计服务"
    assert row_at(grid, "page 37 table 1 row 19").cells[1:4] == (
        "效益指标", "经济效益指标", "避免财政资金损失浪费")
    continued = row_at(grid, "page 38 table 1 row 1")
    assert continued.continued
    assert continued.cells[1:4] == ("", "社会效益指标", "带动就业与人才培养")
    assert grid.notes == ()


def test_real_pdf_merged_cell_drawn_on_both_pages_is_not_doubled() -> None:
    data = shared_file(XIAN_PDF)
    grid = read_pdf(data, XIAN_PDF.name, pages=[42, 43])[0]
    assert row_at(grid, "page 42 table 1 row 20").cells[1:4] == (
        "产出指标", "数量指标", "提交审计报告和信息（篇）")
    assert row_at(grid, "page 43 table 1 row 1").cells[1:3] == ("", "")


# --- broken files ------------------------------------------------------------------------


def test_truncated_xlsx(seed: Grid) -> None:
    data = rendered("xlsx_sheet_per_form", seed)
    with pytest.raises(ReadError) as err:
        read_grids(data[: len(data) // 2], "forms.xlsx")
    assert err.value.code == "unreadable_workbook"
    assert "corrupt" in err.value.message


def test_png_renamed_xlsx() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    with pytest.raises(ReadError) as err:
        read_grids(png, "forms.xlsx")
    assert err.value.code == "unsupported_format"
    with pytest.raises(ReadError) as err:
        read_xlsx(png, "forms.xlsx")  # the reader alone also refuses cleanly
    assert err.value.code == "unreadable_workbook"


def test_corrupt_xls() -> None:
    with pytest.raises(ReadError) as err:
        read_grids(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "forms.xls")
    assert err.value.code == "unreadable_workbook"


@pytest.mark.parametrize("data", [b"", b"  \r\n"])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(ReadError) as err:
        read_grids(data, "forms.xlsx")
    assert err.value.code == "empty_file"


def test_pdf_without_text_layer() -> None:
    pytest.importorskip("reportlab")
    with pytest.raises(ReadError) as err:
        read_grids(fr.render_pdf_without_text(), "scan.pdf")
    assert err.value.code == "no_text_layer"
    assert "OCR" in err.value.message


def test_encrypted_pdf() -> None:
    pytest.importorskip("reportlab")
    with pytest.raises(ReadError) as err:
        read_grids(fr.render_pdf_encrypted(), "locked.pdf")
    assert err.value.code == "encrypted_pdf"


@pytest.mark.parametrize("data", [b"%PDF-1.4\nnot really a pdf\n", b"%PDF-1.7\n" + b"\x00" * 100])
def test_corrupt_pdf(data: bytes) -> None:
    with pytest.raises(ReadError) as err:
        read_grids(data, "broken.pdf")
    assert err.value.code == "unreadable_pdf"


def test_corrupt_docx(seed: Grid) -> None:
    data = rendered("docx_merged", seed)
    with pytest.raises(ReadError) as err:
        read_grids(data[:2000], "forms.docx")
    assert err.value.code == "unreadable_document"
