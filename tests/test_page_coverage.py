"""Page coverage: every page of a disclosure that prints a target table is accounted for.

The rules on the smallest inputs (a grid with page locators, the records a parser would
give), the page signals from page texts, and the table, check, status and report on a
real ingest of the seed rendered as a PDF.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import tests.fixtures_render as fr
from pipelines.commands.status import status_lines
from pipelines.outputs.report.write import write_report
from pipelines.parse.coverage import page_coverage
from pipelines.parse.parse_file import process_file
from pipelines.parse.records import EmptyForm, Form, FormProblem
from pipelines.read.grid import DocumentFacts, Grid, PageSignal, Row
from pipelines.read.pdf import page_signals
from tests.warehouse_helpers import ingest, table


def row(page: int, line: int, *cells: str) -> Row:
    return Row(cells=cells or ("x",), line=line, locator=f"page {page} table 1 row {line}")


def form(seq: int, page: int, line: int) -> Form:
    return Form(template="项目支出绩效目标表", form_seq=seq, title="项目支出绩效目标表",
                fiscal_year=2026, project_name=f"项目{seq}", line=line,
                locator=f"page {page} table 1 row {line}")


def paged(rows: list[Row], *signals: PageSignal) -> Grid:
    return Grid(source="d.pdf", rows=tuple(rows), document=DocumentFacts(page_signals=signals))


def outcomes(grid: Grid, records: list) -> list[tuple[int, str, int | None, str | None]]:
    return [(o.page, o.outcome, o.form_seq, o.reason_code) for o in page_coverage(grid, records)]


def test_each_page_says_which_form_started_or_continued_there() -> None:
    grid = paged([row(2, 1), row(2, 2), row(3, 3), row(3, 4), row(4, 5)],
                 PageSignal(2, True), PageSignal(3, True), PageSignal(4, True))
    records = [form(1, 2, 1), form(2, 3, 4)]
    assert outcomes(grid, records) == [
        (2, "form_started", 1, None),
        (3, "form_continued", 1, None),   # row 3 still belongs to form 1
        (3, "form_started", 2, None),
        (4, "form_continued", 2, None),   # a continuation page with no title
    ]


def test_quarantined_and_stated_empty_forms_account_for_their_pages() -> None:
    grid = paged([row(5, 1), row(5, 2), row(6, 3), row(6, 4)],
                 PageSignal(5, True), PageSignal(6, True))
    problem = FormProblem(1, 2, "page 5 table 1 row 1", "bad_amount", "amount '壹万元'", "")
    empty = EmptyForm(2, "部门整体绩效目标表", "故此表无数据", 3, "page 6 table 1 row 3")
    assert outcomes(grid, [problem, empty]) == [
        (5, "quarantined", 1, "bad_amount"),
        (6, "stated_empty", 2, None),
    ]


def test_a_quarantined_form_owns_its_rows_from_its_title_not_from_the_bad_cell() -> None:
    """A problem's line is the bad cell's; its locator is the form's start."""
    grid = paged([row(7, 1), row(8, 2), row(8, 3)], PageSignal(7, True), PageSignal(8, True))
    problem = FormProblem(1, 3, "page 7 table 1 row 1", "bad_amount", "x", "")
    assert outcomes(grid, [problem]) == [(7, "quarantined", 1, "bad_amount"),
                                         (8, "quarantined", 1, "bad_amount")]


def test_signal_pages_nothing_explains_are_unaccounted() -> None:
    grid = paged([row(2, 1), row(3, 2)],
                 PageSignal(2, True), PageSignal(3, True), PageSignal(4, True))
    assert outcomes(grid, [form(1, 3, 2)]) == [
        (2, "unaccounted", None, "rows_outside_forms"),  # rows before the first title
        (3, "form_started", 1, None),
        (4, "unaccounted", None, "no_table_found"),     # read, but no table came of it
    ]


def test_pages_of_another_kind_are_named() -> None:
    grid = paged([row(9, 1)], PageSignal(2, False, "contents"), PageSignal(3, False, "prose"),
                 PageSignal(9, True))
    assert outcomes(grid, [form(1, 9, 1)]) == [
        (2, "other_kind", None, "contents"),
        (3, "other_kind", None, "prose"),
        (9, "form_started", 1, None),
    ]


def test_grids_without_pages_have_no_coverage() -> None:
    grid = Grid(source="a.txt", rows=(Row(("项目名称", "甲"), 1, "line 1"),))
    assert page_coverage(grid, [form(1, 1, 1)]) == []


def test_page_signals_from_the_page_texts() -> None:
    texts = [
        "目录 一、部门收支总表 十、项目支出绩效目标表",           # 1: contents
        "部门收支总表 收入 支出",                                # 2: no signal
        "九、绩效目标情况说明 本部门编制了项目支出绩效目标表。",    # 3: prose
        "项目支出绩效目标表 一级指标 二级指标 三级指标 指标值",     # 4: a target table
        "报表 是否空表 表13 项目支出绩效目标表 否",               # 5: list of tables
        "项目支出绩效自评表 年度指标值 实际完成值 三级指标 绩效指标",  # 6: self-evaluation
    ]
    assert [(s.page, s.table, s.other_kind) for s in page_signals(texts)] == [
        (1, False, "contents"), (3, False, "prose"), (4, True, None), (5, False, "contents"),
        (6, True, "self_evaluation")]


@pytest.fixture(scope="module")
def pdf_warehouse(tmp_path_factory: pytest.TempPathFactory, seed) -> Path:
    """The seed rendered as a PDF (five forms over several pages), ingested for real."""
    tmp = tmp_path_factory.mktemp("coverage")
    raw = tmp / "raw"
    raw.mkdir()
    (raw / "seed.pdf").write_bytes(fr.render_pdf(seed))
    warehouse = tmp / "forms.duckdb"
    ingest(raw, warehouse)
    return warehouse


def test_the_ingest_records_every_page_of_the_pdf(pdf_warehouse: Path, seed) -> None:
    pages = table(pdf_warehouse, "select page, outcome, form_seq from page_coverage "
                                 "order by page, form_seq")
    result = process_file(pdf_warehouse.parent / "raw" / "seed.pdf", pdf_warehouse.parent / "raw")
    assert [(p.page, p.outcome, p.form_seq) for p in result.pages] == [
        tuple(p.values()) for p in pages]
    assert {p["outcome"] for p in pages} <= {"form_started", "form_continued"}
    assert sorted(p["form_seq"] for p in pages if p["outcome"] == "form_started") == [
        1, 2, 3, 4, 5]


def test_status_shows_the_pages_and_the_unaccounted_ones(pdf_warehouse: Path,
                                                          tmp_path: Path) -> None:
    lines = status_lines(pdf_warehouse)
    (line,) = [x for x in lines if x.startswith("印有绩效目标表的页：")]
    assert line.endswith("无着落 0 页")
    copy = tmp_path / "forms.duckdb"
    copy.write_bytes(pdf_warehouse.read_bytes())
    with duckdb.connect(str(copy)) as con:
        con.execute("insert into page_coverage values ('lost.pdf', 'ab', 7, 'unaccounted', "
                    "null, 'no_table_found', 'x')")
    lines = status_lines(copy)
    assert any(x.endswith("无着落 1 页") for x in lines)
    assert "  无着落：lost.pdf 第 7 页：x（no_table_found）" in lines


def test_the_report_lists_unaccounted_pages_linked_to_the_page(pdf_warehouse: Path,
                                                               tmp_path: Path) -> None:
    copy = tmp_path / "forms.duckdb"
    copy.write_bytes(pdf_warehouse.read_bytes())
    with duckdb.connect(str(copy)) as con:
        con.execute("insert into page_coverage values ('lost.pdf', 'ab', 7, 'unaccounted', "
                    "null, 'no_table_found', '本页未读出表格')")
    out = tmp_path / "report" / "report.html"
    write_report(copy, out, raw=tmp_path / "raw")
    html = out.read_text("utf-8")
    assert '<section id="pages">' in html and "<b>1 页无着落</b>" in html
    assert 'href="../raw/lost.pdf#page=7"' in html and "本页未读出表格" in html


def test_a_project_title_with_no_form_under_it_is_a_merged_form() -> None:
    """泉州 printed 「…综合修缮改造项目绩效目标表」 over a form the reader did not start:
    the form ran into the one before.  The page's own text names the title, so the page
    says so; generic titles, section headings and a wrapped title's second line do not."""
    signal = PageSignal(26, True, None, (
        "市看守所综合修缮改造项目绩效目标表",    # the form read here
        "机场公安科技兴警项目绩效目标表",        # printed, but merged into the one above
        "项目支出绩效目标表",                  # generic: a running title or a heading
        "（三）部门预算项目绩效目标表",          # a section heading
        "警务辅助补助）项目绩效目标表",          # second line of a wrapped title
    ))
    grid = paged([row(26, 1), row(26, 2), row(26, 3)], signal)
    first = form(1, 26, 1)
    first.title = "市看守所综合修缮改造项目绩效目标表"
    wrapped = form(2, 26, 3)
    wrapped.title = "2026年市公安局（警务辅助补助）项目绩效目标表"
    outcomes_ = page_coverage(grid, [first, wrapped])
    assert [(o.outcome, o.reason_code) for o in outcomes_] == [
        ("form_started", None), ("form_started", None),
        ("unaccounted", "title_without_form")]
    assert "机场公安科技兴警项目绩效目标表" in (outcomes_[-1].reason or "")


def test_title_lines_of_a_page_leave_notes_and_prose_out() -> None:
    texts = ["市行政中心保安服务项目绩效目标表\r\n项目名称 保安服务\r\n一级指标 三级指标 指标值\r\n"
             "注：每一分项预算均需填报一个相应的绩效目标表\r\n本部门编制了项目支出绩效目标表，详见下表。"]
    (signal,) = page_signals(texts)
    assert signal.titles == ("市行政中心保安服务项目绩效目标表",)
