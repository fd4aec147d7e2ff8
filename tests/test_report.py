"""Tests of the HTML report (pipelines/outputs/report/) on warehouses built by the real pipeline.

Numbers on the page are checked against SQL on the same warehouse, form text with markup
must show as text, an empty warehouse must still give a page, and headless Chromium must
render the file offline without a console error.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
import signal
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import duckdb
import lxml.html
import pytest
from PIL import Image

from pipelines.commands.cli import main as cli_main
from pipelines.outputs.report.charts import QUANT_COLOUR, SEVERITY_COLOURS
from pipelines.outputs.report.data import ReportLimits
from pipelines.outputs.report.formatting import money, yuan
from pipelines.outputs.report.write import ReportSummary, write_report
from pipelines.read.locators import place_label
from pipelines.review.rules import RULE_TITLES, RULES
from tests.warehouse_helpers import ingest, make_raw, table

REPO = Path(__file__).resolve().parents[1]
REAL_FORMS = REPO.parent / "shared" / "forms" / "text"
SAMPLE = REPO / "raw" / "000_3205439470554c78.txt"
CHROMIUM = Path("/usr/bin/chromium")
SCRIPT = "<script>alert(1)</script>"
SCRIPT_AS_WRITTEN = "&lt;script&gt;alert(1)&lt;/script&gt;"  # the text reader decodes entities
EVIL_FILE = "恶意 <b>#1.txt"
NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=timezone(timedelta(hours=8)))
CHARTS = {"funds", "indicator-mix", "quantitative-share", "findings"}  # funds: one per year


@dataclass(frozen=True)
class Built:
    """A warehouse, the raw folder it came from, and its report."""

    warehouse: Path
    raw: Path
    out: Path
    summary: ReportSummary

    def page(self) -> str:
        return self.out.read_text(encoding="utf-8")

    def doc(self) -> lxml.html.HtmlElement:
        return lxml.html.fromstring(self.page())


def _report(warehouse: Path, raw: Path, out: Path,
            limits: ReportLimits | None = None) -> Built:
    summary = write_report(warehouse, out, raw, limits or ReportLimits(), now=NOW)
    return Built(warehouse, raw, out, summary)


def _evil_copy(raw: Path) -> None:
    """The sample with a script tag in a unit name, a project name and a goal (as entities,
    which the text reader turns into the characters), in a file whose name needs escaping."""
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("上海市闵行区托育服务指导中心", f"{SCRIPT_AS_WRITTEN}托育中心")
    text = text.replace("残疾人就业保障金", f"残疾人{SCRIPT_AS_WRITTEN}保障金", 1)
    text = text.replace("根据《残疾人保障法》", f"{SCRIPT_AS_WRITTEN}根据《残疾人保障法》", 2)
    text = text.replace("(2023年度)", "(2024年度)")
    (raw / EVIL_FILE).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def sample(seed_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The report of the seed warehouse (the five sample projects)."""
    out = tmp_path_factory.mktemp("sample_report") / "report.html"
    return _report(seed_warehouse, seed_warehouse.parent / "raw", out)


@pytest.fixture(scope="module")
def mixed_warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample, its script-laden copy and the real forms of ../shared/forms/text."""
    if not REAL_FORMS.is_dir():
        pytest.skip("../shared/forms/text is not beside the repo")
    tmp = tmp_path_factory.mktemp("mixed")
    raw = make_raw(tmp, SAMPLE, *sorted(REAL_FORMS.glob("*.txt")))
    _evil_copy(raw)
    warehouse = tmp / "forms.duckdb"
    ingest(raw, warehouse)
    return warehouse, raw


@pytest.fixture(scope="module")
def mixed(mixed_warehouse: tuple[Path, Path]) -> Built:
    warehouse, raw = mixed_warehouse
    return _report(warehouse, raw, warehouse.parent / "site" / "report.html")


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The report of a warehouse whose run found no file."""
    tmp = tmp_path_factory.mktemp("empty")
    raw = tmp / "raw"
    raw.mkdir()
    ingest(raw, tmp / "forms.duckdb")
    return _report(tmp / "forms.duckdb", raw, tmp / "report.html")


def _svg(chart: str) -> str:
    """The charts of one kind: ``funds`` is one chart per fiscal year (``funds-2023``)."""
    if chart == "funds":
        return '//svg[starts-with(@data-chart, "funds-")]'
    return f'//svg[@data-chart="{chart}"]'


def _kinds(doc: lxml.html.HtmlElement) -> set[str]:
    return {re.sub(r"^funds-\d+$", "funds", svg.get("data-chart")) for svg in doc.xpath("//svg")}


def _rects(doc: lxml.html.HtmlElement, chart: str) -> list[lxml.html.HtmlElement]:
    return doc.xpath(f'{_svg(chart)}//rect[@class="bar"]')


def _rows(doc: lxml.html.HtmlElement, chart: str) -> list[lxml.html.HtmlElement]:
    return doc.xpath(f'{_svg(chart)}/g[@class="row"]')


def _row_label(row: lxml.html.HtmlElement) -> str:
    """A row's full label: the tooltip of its label text, up to the first colon."""
    return row.xpath('./text[contains(@class, "label")]/title')[0].text_content().split("：")[0]


# ---------------------------------------------------------------- (a) contents match SQL


def test_sample_report_has_every_chart_title_time_and_last_run(sample: Built) -> None:
    doc = sample.doc()
    assert sample.out.stat().st_size == sample.summary.bytes
    assert _kinds(doc) == CHARTS
    assert sample.summary.charts == 4
    assert doc.xpath("//title")[0].text_content() == "绩效目标表仓库报告"
    assert NOW.isoformat() in doc.xpath('//p[@class="generated"]')[0].text_content()
    (run,) = table(sample.warehouse, "select * from ingest_runs")
    cells = [td.text_content() for td in doc.xpath('//section[@id="last-run"]//td')]
    assert cells == [str(run[key]) for key in ("files_seen", "files_new", "files_changed",
                                               "files_removed", "files_unchanged",
                                               "contents_parsed")]
    assert run["run_id"] in doc.xpath('//section[@id="last-run"]')[0].text_content()


def test_sample_funds_are_the_exact_readme_total(sample: Built) -> None:
    """The bar says 万元, the table under it and the year's line print the exact 元."""
    doc = sample.doc()
    (rect,) = _rects(doc, "funds")
    assert Decimal(rect.get("data-amount")) == Decimal("2248723.84")
    assert "224.87 万元" in _rows(doc, "funds")[0].text_content()
    (cell,) = doc.xpath('//section[@id="chart-funds-2023"]//table[@class="funds"]'
                        '//td[contains(@class, "exact")]')
    assert cell.text_content() == "2,248,723.84"
    (year,) = doc.xpath('//table[@class="years"]/tbody/tr')
    assert year.get("data-year") == "2023" and "2,248,723.84" in year.text_content()


def test_fund_amounts_match_sql_per_unit_and_year(mixed: Built) -> None:
    doc = mixed.doc()
    by_unit = {(row["fiscal_year"], row["unit"]): row["amount"] for row in table(
        mixed.warehouse, """select fiscal_year, unit, sum(annual_total) as amount
                            from funds_by_unit group by all having count(annual_total) > 0""")}
    shown = {}
    for row in _rows(doc, "funds"):
        (rect,) = row.xpath('.//rect[@class="bar"]')
        amount = Decimal(rect.get("data-amount"))
        shown[(int(rect.get("data-year")), _row_label(row).split(" · ")[0])] = amount
        assert money(amount) in row.text_content()
    assert shown == by_unit
    exact = [td.text_content()
             for td in doc.xpath('//table[@class="funds"]//td[@class="amount exact"]')]
    assert sorted(exact) == sorted(yuan(amount) for amount in by_unit.values())


def test_small_units_fold_into_one_bucket_and_old_years_into_the_table(
        mixed_warehouse: tuple[Path, Path], tmp_path: Path) -> None:
    warehouse, raw = mixed_warehouse
    built = _report(warehouse, raw, tmp_path / "r.html", ReportLimits(top_units=2, max_years=1))
    doc = built.doc()
    (latest,) = table(warehouse, "select max(fiscal_year) as y, count(distinct unit) as n "
                                 "from project_funds where fiscal_year = (select max(fiscal_year) "
                                 "from project_funds)")
    assert {r.get("data-year") for r in _rects(doc, "funds")} == {str(latest["y"])}
    labels = [_row_label(row).split(" · ")[0] for row in _rows(doc, "funds")]
    assert len(labels) == 3 and labels[-1] == f"其他 {latest['n'] - 2} 个单位"
    (units,) = table(warehouse, """select count(distinct coalesce(implementing_unit, department))
                                   as n from projects""")
    labels = [_row_label(row) for row in _rows(doc, "quantitative-share")]
    assert len(labels) == 3
    assert labels[-1] == f"其他 {units['n'] - 2} 个单位"
    amounts = [Decimal(r.get("data-amount")) for r in _rects(doc, "funds")]
    (total,) = table(warehouse, "select sum(annual_total) as t from project_funds "
                                "where fiscal_year = $1", [latest["y"]])
    assert sum(amounts, Decimal(0)) == total["t"]
    years = table(warehouse, "select distinct fiscal_year from projects")
    assert len(doc.xpath('//table[@class="years"]/tbody/tr')) == len(years)  # all, in the table
    counts = [int(r.get("data-count")) for r in _rects(doc, "quantitative-share")]
    assert sum(counts) == table(warehouse, "select count(*) as n from indicators")[0]["n"]


def test_indicator_mix_counts_match_sql(mixed: Built) -> None:
    doc = mixed.doc()
    expected = {(row["level1"], row["level2"]): (row["n"], row["q"]) for row in table(
        mixed.warehouse, """select level1, level2, count(*) as n,
                            count_if(is_quantitative) as q from indicators group by all""")}
    shown: dict[tuple[str, str], tuple[int, int]] = {}
    level1 = ""
    for row in _rows(doc, "indicator-mix"):
        label = _row_label(row)
        rect = row.xpath('.//rect[@data-count]')[0]
        counts = (int(rect.get("data-count")), int(rect.get("data-quantitative")))
        if row.xpath('./text[contains(@class, "main")]'):
            level1 = label
        else:
            shown[(level1, label)] = counts
    assert shown == expected


def test_quantitative_share_matches_sql(mixed: Built) -> None:
    doc = mixed.doc()
    expected = {row["unit"]: (row["n"], row["q"]) for row in table(mixed.warehouse, """
        select coalesce(p.implementing_unit, p.department) as unit, count(*) as n,
               count_if(i.is_quantitative) as q
        from indicators as i join projects as p using (project_id) group by all""")}
    shown = {}
    for row in _rows(doc, "quantitative-share"):
        rect = row.xpath('.//rect[@class="bar"]')[0]
        n, q = int(rect.get("data-count")), int(rect.get("data-quantitative"))
        shown[_row_label(row)] = (n, q)
        assert f"{q / n * 100:.1f}%（{q}/{n}）" in row.text_content()
    assert shown == expected
    shares = [q / n for n, q in shown.values()]
    assert shares == sorted(shares)  # lowest first
    assert _rows(doc, "quantitative-share")[0].getparent().xpath('.//line[@class="marker"]')


def test_findings_chart_matches_sql(mixed: Built) -> None:
    doc = mixed.doc()
    expected = Counter({(r["rule_id"], r["severity"]): r["n"] for r in table(
        mixed.warehouse, "select rule_id, severity, count(*) as n from review_findings "
                         "group by all")})
    shown = Counter({(r.get("data-rule"), r.get("data-severity")): int(r.get("data-count"))
                     for r in _rects(doc, "findings")})
    assert shown == expected


def test_attention_table_is_ordered_and_links_to_each_source(mixed: Built) -> None:
    doc = mixed.doc()
    rows = doc.xpath('//table[@class="attention"]/tbody/tr')
    assert len(rows) == mixed.summary.attention_rows
    flagged = table(mixed.warehouse, """
        select project_id, error_count, warning_count, finding_count from project_scorecard
        where finding_count > 0""")
    assert mixed.summary.flagged_projects == len(flagged) == len(rows)
    by_id = {row["project_id"]: row for row in flagged}
    keys = [by_id[tr.get("data-project")] for tr in rows]
    ranks = [(-k["error_count"], -k["warning_count"], -k["finding_count"]) for k in keys]
    assert ranks == sorted(ranks)
    sources = {row["project_id"]: row for row in table(
        mixed.warehouse, "select project_id, source_file, source_locator from projects")}
    for tr in rows:
        source = sources[tr.get("data-project")]
        (link,) = tr.xpath('.//td[@class="source"]/a')
        assert link.text_content() == source["source_file"]
        target = (mixed.out.parent / unquote(link.get("href"))).resolve()
        assert target == (mixed.raw / source["source_file"]).resolve() and target.is_file()
        where = tr.xpath('.//td[@class="source"]')[0].text_content()
        assert place_label(source["source_locator"]) in where and "line" not in where


def test_attention_table_is_capped(mixed: Built, tmp_path: Path) -> None:
    built = _report(mixed.warehouse, mixed.raw, tmp_path / "r.html",
                    ReportLimits(attention_rows=3))
    doc = built.doc()
    assert built.summary.attention_rows == 3 == len(
        doc.xpath('//table[@class="attention"]/tbody/tr'))
    caption = doc.xpath('//section[@id="attention"]/p')[0].text_content()
    assert f"显示 3 个，共 {mixed.summary.flagged_projects} 个" in caption


def test_empty_warehouse_still_gives_a_page(empty: Built) -> None:
    doc = empty.doc()
    assert (empty.summary.charts, empty.summary.attention_rows, empty.summary.projects) == (0, 0, 0)
    assert doc.xpath("//svg") == [] and doc.xpath("//h1")[0].text_content() == "绩效目标表仓库报告"
    assert "仓库里还没有项目" in doc.xpath('//section[@id="overview"]')[0].text_content()
    assert doc.xpath('//section[@id="last-run"]//td')  # the run that found nothing is shown


def test_many_units_and_projects_give_a_bounded_page(seed_warehouse: Path,
                                                    tmp_path: Path) -> None:
    """Twenty thousand projects in 2,000 units (copies of the seed's rows under new ids):
    the page keeps its size because every chart is capped in SQL."""
    warehouse = tmp_path / "big.duckdb"
    shutil.copy(seed_warehouse, warehouse)
    _multiply(warehouse, projects=20_000, units=2_000)
    started = time.monotonic()
    built = _report(warehouse, tmp_path / "raw", tmp_path / "report.html")
    assert time.monotonic() - started < 10
    doc = built.doc()
    assert built.summary.bytes < 400_000
    assert len(_rows(doc, "funds")) == len(_rows(doc, "quantitative-share")) == 21
    assert built.summary.attention_rows == 200
    amounts = [Decimal(r.get("data-amount")) for r in _rects(doc, "funds")]
    (total,) = table(warehouse, "select sum(annual_total) as t from project_funds")
    assert sum(amounts, Decimal(0)) == total["t"]


def _multiply(warehouse: Path, projects: int, units: int) -> None:
    """Add ``projects`` copies of the seed's projects, funds, indicators and findings."""
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("""create temp table copies as
            select i, 'copy' || i as pid, b.project_id as base_id
            from range($n) as t(i)
            join (select project_id, row_number() over (order by project_id) - 1 as k
                  from projects) as b on b.k = i % 5""", {"n": projects})
        con.execute("""insert into projects by name
            select c.pid as project_id, '单位 ' || (c.i % $units) as implementing_unit,
                   p.project_name || ' ' || c.i as project_name,
                   p.* exclude (project_id, implementing_unit, project_name)
            from copies as c join projects as p on p.project_id = c.base_id""",
                    {"units": units})
        for name in ("funds", "indicators", "review_findings"):
            con.execute(f"""insert into {name} by name
                select c.pid as project_id, x.* exclude (project_id)
                from copies as c join {name} as x on x.project_id = c.base_id""")
    finally:
        con.close()


# ---------------------------------------------------------------- (b) escaping


def test_form_text_with_a_script_tag_shows_as_text(mixed: Built) -> None:
    names = table(mixed.warehouse, "select project_name, implementing_unit, annual_goal "
                                   "from projects where source_file = $1", [EVIL_FILE])
    assert all(SCRIPT in row["implementing_unit"] for row in names)  # the input got through
    assert any(SCRIPT in row["project_name"] for row in names)
    assert any(SCRIPT in (row["annual_goal"] or "") for row in names)
    page = mixed.page()
    assert "<script" not in page.lower()
    assert page.count(html.escape(SCRIPT, quote=False)) >= 10  # labels, tooltips, cells
    doc = mixed.doc()
    assert doc.xpath("//script") == []
    attention = doc.xpath('//section[@id="attention"]')[0].text_content()
    assert f"残疾人{SCRIPT}保障金" in attention and f"{SCRIPT}根据《残疾人保障法》" in attention
    labels = [_row_label(row) for row in _rows(doc, "funds")]
    assert f"{SCRIPT}托育中心" in labels
    (link,) = {a.get("href") for a in doc.xpath('//a') if a.text_content() == EVIL_FILE}
    assert "<" not in link and "#" not in link and " " not in link
    assert (mixed.out.parent / unquote(link)).resolve() == (mixed.raw / EVIL_FILE).resolve()


def test_every_tag_in_the_page_is_one_the_report_writes(mixed: Built) -> None:
    """No markup from a form anywhere (the file name holds a <b>, names hold <script>)."""
    tags = set(re.findall(r"<([a-zA-Z!][a-zA-Z0-9-]*)", mixed.page()))
    allowed = {"!doctype", "html", "head", "meta", "title", "style", "body", "main", "header",
               "h1", "h2", "p", "section", "div", "table", "thead", "tbody", "tr", "th", "td",
               "span", "i", "b", "a", "code", "svg", "g", "text", "rect", "line", "caption"}
    assert tags <= allowed, tags - allowed
    assert not re.search(r"<b>#1", mixed.page())


# ---------------------------------------------------------------- (c) headless Chromium


@pytest.fixture(scope="module")
def chromium() -> Path:
    """The browser, or a skip that says why (pytest's -ra prints the reason)."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent: the rendering tests need "
                    "`apt-get install -y chromium`")
    return CHROMIUM


def run_chromium(chromium: Path, page: Path, work: Path,
                 timeout: float = 30) -> tuple[str, str, Path]:
    """Open ``page`` in headless Chromium: its DOM after load, its log, and a screenshot.

    Chromium runs in its own session (process group); the group is killed when the browser
    is done or hangs, so no helper process outlives the test.
    """
    shot = work / "shot.png"
    args = [str(chromium), "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
            "--disable-crash-reporter", "--disable-extensions", f"--user-data-dir={work / 'p'}",
            "--enable-logging=stderr", "--v=0", f"--screenshot={shot}", "--dump-dom",
            f"--window-size={SHOT[0]},{SHOT[1]}", page.resolve().as_uri()]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        dom, log = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc.pid)
        proc.communicate()
        pytest.fail(f"chromium did not finish within {timeout} s")
    finally:
        _kill_group(proc.pid)
    return dom, log, shot


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the whole group has already exited
        os.killpg(pgid, signal.SIGKILL)


# The screenshot's size: tall enough to reach the findings chart below the per-year money
# lines, funds charts and their tables of exact 元.
SHOT = (1280, 5000)


def console_lines(log: str) -> list[str]:
    """Console messages (errors, CSP refusals, uncaught exceptions) from Chromium's log."""
    return [line for line in log.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def test_console_capture_sees_a_broken_page(chromium: Path, tmp_path: Path) -> None:
    """The check below is only worth something if a console error does show up."""
    page = tmp_path / "broken.html"
    page.write_text("<!doctype html><p>x</p><script>console.error('boom'); nope();</script>",
                    encoding="utf-8")
    _, log, _ = run_chromium(chromium, page, tmp_path)
    lines = console_lines(log)
    assert any("boom" in line for line in lines) and any("Uncaught" in line for line in lines)


def test_chromium_renders_the_report_offline(chromium: Path, mixed: Built,
                                             tmp_path: Path) -> None:
    dom, log, shot = run_chromium(chromium, mixed.out, tmp_path)
    assert console_lines(log) == []
    rendered = lxml.html.fromstring(dom)
    assert _kinds(rendered) == CHARTS
    assert len(rendered.xpath('//rect[@class="bar"]')) == len(mixed.doc().xpath(
        '//rect[@class="bar"]')) > 20
    assert rendered.xpath("//script") == [] and SCRIPT in rendered.text_content()
    with Image.open(shot) as image:
        assert image.size == SHOT
        colours = {rgb: n for n, rgb in image.convert("RGB").getcolors(maxcolors=1 << 20)}
    assert len(colours) > 50  # text, bars in several colours, anti-aliasing
    assert max(colours.values()) < 0.95 * SHOT[0] * SHOT[1]  # not one flat colour
    assert colours.get(_rgb(QUANT_COLOUR), 0) > 2_000  # the bars were painted, not just text
    assert colours.get(_rgb(SEVERITY_COLOURS["warning"]), 0) > 500


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def test_chromium_renders_the_empty_report(chromium: Path, empty: Built, tmp_path: Path) -> None:
    dom, log, shot = run_chromium(chromium, empty.out, tmp_path)
    assert console_lines(log) == [] and "仓库里还没有项目" in dom and shot.is_file()



# ---------------------------------------------------------------- (d) what a finance reader needs

DISCLOSURES = ("015_长沙__公安局_2026年部门预算.pdf",      # 2025 money, department target
               "025_烟台__2026年烟台市大数据局部门预算.pdf",  # 2026 money
               "020_西安__国有资产监督管理委员会_2026年部门预算.pdf")  # 2022, 项目资金总额 only
BROKEN = "坏的表格.txt"


@pytest.fixture(scope="module")
def disclosures(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Three shared disclosures of three fiscal years and a file that cannot be read, the
    report written into a folder of its own."""
    pdfs = [REPO.parent / "shared" / "forms" / "pdf" / name for name in DISCLOSURES]
    if not all(pdf.is_file() for pdf in pdfs):
        pytest.skip("../shared/forms/pdf is not beside the repo: the disclosures are not here")
    tmp = tmp_path_factory.mktemp("disclosures")
    raw = make_raw(tmp, *pdfs)
    (raw / BROKEN).write_bytes(b"\x00\x01\x02 not a text export")
    ingest(raw, tmp / "forms.duckdb")
    return _report(tmp / "forms.duckdb", raw, tmp / "site" / "report.html")


def _visible_text(page: str) -> str:
    """What a reader sees: the text of the page without its style sheet, tags and
    attributes (tooltips count: they show on hover)."""
    doc = lxml.html.fromstring(page)
    for style in doc.xpath("//style"):
        style.drop_tree()
    return doc.text_content()


@pytest.mark.parametrize("fixture", ["mixed", "disclosures"])
def test_no_rule_id_or_english_severity_is_a_visible_label(
        fixture: str, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(fixture)
    text = _visible_text(built.page())
    assert [rule.rule_id for rule in RULES if rule.rule_id in text] == []
    assert re.findall(r"\b(?:error|warning|info|page|line|quarantined|partial)\b", text) == []
    shown = {rule for rule in RULE_TITLES if RULE_TITLES[rule] in text}
    (found,) = table(built.warehouse, "select count(distinct rule_id) as n from review_findings")
    assert len(shown) >= found["n"] > 0  # every rule found is named, by its Chinese title
    assert {r.get("data-rule") for r in built.doc().xpath('//span[@class="rule"]')} <= set(
        RULE_TITLES)  # the ids stay for machines


def test_each_fiscal_year_has_its_own_money(disclosures: Built) -> None:
    """Three years on three lines and two charts (2022 filled no 年度资金); no figure on the
    page adds different years together."""
    doc = disclosures.doc()
    years = {row["fiscal_year"]: row for row in table(disclosures.warehouse, """
        select fiscal_year, sum(annual_total) as annual, sum(total) as total
        from project_funds group by all""")}
    assert len(years) == 3
    lines = {int(tr.get("data-year")): tr.text_content()
             for tr in doc.xpath('//table[@class="years"]/tbody/tr')}
    assert set(lines) == set(years)
    for year, row in years.items():
        for amount in (row["annual"], row["total"]):
            if amount is not None:
                assert yuan(amount) in lines[year] and money(amount) in lines[year]
    charted = {int(r.get("data-year")) for r in _rects(doc, "funds")}
    assert charted == {year for year, row in years.items() if row["annual"] is not None}
    for year in charted:
        amounts = [Decimal(r.get("data-amount")) for r in doc.xpath(
            f'//svg[@data-chart="funds-{year}"]//rect[@class="bar"]')]
        assert sum(amounts, Decimal(0)) == years[year]["annual"]
    page = _visible_text(disclosures.page())
    across = sum((row["annual"] or Decimal(0) for row in years.values()), Decimal(0))
    assert yuan(across) not in page and money(across) not in page
    assert "亿元" in page and "万元" in page


def test_pdf_links_open_the_page_of_the_form(disclosures: Built) -> None:
    doc = disclosures.doc()
    links = [a for a in doc.xpath("//a") if a.text_content().endswith(".pdf")]
    assert links
    for link in links:
        href = link.get("href")
        path, _, anchor = href.partition("#")
        assert re.fullmatch(r"page=\d+", anchor), href
        where = link.getparent().text_content()
        assert f"第 {anchor.removeprefix('page=')} 页" in where
        target = (disclosures.out.parent / unquote(path)).resolve()
        assert target == (disclosures.raw / link.text_content()).resolve() and target.is_file()


def test_department_targets_are_shown(disclosures: Built) -> None:
    targets = table(disclosures.warehouse, "select target_id, department, budget_total_yuan "
                                           "from department_targets")
    assert targets
    rows = {tr.get("data-target"): tr.text_content()
            for tr in disclosures.doc().xpath('//section[@id="departments"]//tbody/tr')}
    assert set(rows) == {t["target_id"] for t in targets}
    for target in targets:
        assert target["department"] in rows[target["target_id"]]
        if target["budget_total_yuan"] is not None:
            assert yuan(target["budget_total_yuan"]) in rows[target["target_id"]]


def test_quarantined_files_are_listed_with_their_reason(disclosures: Built) -> None:
    (record,) = table(disclosures.warehouse, "select reason from quarantine "
                                             "where source_file = $1", [BROKEN])
    section = disclosures.doc().xpath('//section[@id="problems"]')[0]
    (row,) = section.xpath(".//tbody/tr")
    assert row.get("data-status") == "quarantined"
    assert BROKEN in row.text_content() and "已隔离" in row.text_content()
    assert record["reason"] in row.text_content()
    assert "1 个文件没有完整载入" in section.text_content()
    overview = disclosures.doc().xpath('//section[@id="overview"]')[0].text_content()
    assert "1隔离的文件" in overview


def test_links_resolve_from_the_report_folder_whatever_the_working_folder(
        mixed_warehouse: tuple[Path, Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``report`` run from elsewhere, without --raw: the links still reach raw/ beside the
    warehouse, relative to the folder the report is written to."""
    warehouse, raw = mixed_warehouse
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("FORMS_RAW_DIR", raising=False)
    out = tmp_path / "site" / "deep" / "report.html"
    assert cli_main(["report", "--warehouse", str(warehouse), "--out", str(out)]) == 0
    links = lxml.html.fromstring(out.read_text("utf-8")).xpath('//td[@class="source"]/a')
    assert links
    for link in links:
        href = link.get("href")
        assert not href.startswith("/")  # relative: the report and raw/ move together
        target = (out.parent / unquote(href.partition("#")[0])).resolve()
        assert target == (raw / link.text_content()).resolve() and target.is_file()
