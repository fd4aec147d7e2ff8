"""A visual report of the published warehouse: one self-contained HTML file.

People who will never open a SQL client (a bureau's reviewers, the units themselves) still
need to see where the money goes, how the indicators are made up and which forms need a
second look.  This module reads the published warehouse read-only and writes one HTML file
with the charts drawn as inline SVG in Python: no script, no CDN, no web font, so it opens
offline, from an e-mail attachment or a file share, and a Content-Security-Policy forbids the
page from loading anything at all.

Everything a form wrote (unit and project names, goals, rule messages, file paths) is
HTML-escaped before it reaches the page.  Every query lives in ``sql/report/*.sql``, aggregates
in DuckDB and is capped (top units with an 其他 row, at most ``attention_rows`` projects), so
the page has the same size for a hundred forms or a million.  No Dagster import: an asset or
a command calls :func:`write_report`.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from itertools import groupby
from pathlib import Path
from typing import Any
from urllib.parse import quote

import duckdb

from pipelines.core.files import write_atomically
from pipelines.core.id_labels import FILE_STATUS_LABELS, SEVERITIES, SEVERITY_LABELS
from pipelines.load.ledger import last_run
from pipelines.load.warehouse import connect, fetch_rows, query_frame, read_sql
from pipelines.read.grid import page_of
from pipelines.read.locators import place_label
from pipelines.review.rules import RULE_RATIONALES, RULE_TITLES, RULES

Row = dict[str, Any]

TITLE = "绩效目标表仓库报告"
DEFAULT_RAW = Path("raw")
CHART_WIDTH = 960
LABEL_WIDTH = 290
VALUE_WIDTH = 230
ROW_HEIGHT = 26
SUB_ROW_HEIGHT = 22
FONT_SIZE = 13
YEAR_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
                "#edc948", "#b07aa1", "#ff9da7", "#9c755f")
EARLIER_COLOUR = "#bab0ac"
QUANT_COLOUR, QUAL_COLOUR, TRACK_COLOUR = "#4e79a7", "#a0cbe8", "#e8e8e8"
SEVERITY_COLOURS = {"error": "#d62728", "warning": "#f0a30a", "info": "#5b8fd1"}
SEVERITY_NAMES = SEVERITY_LABELS
RULE_RATIONALE = RULE_RATIONALES
# ingest_files.status where a person reads it; the ids stay in data- attributes
FILE_STATUS_NAMES = FILE_STATUS_LABELS  # one list of the statuses' names (id_labels)
UNIT_SOURCE_NAMES = {True: "实施单位", False: "主管部门（实施单位未填）"}
TARGET_KIND_NAMES = {"department": "部门整体", "special_fund": "专项资金整体"}


def _share_threshold() -> float:
    """The review's own threshold, so the chart's line and the rule never disagree."""
    rule = next(rule for rule in RULES if rule.rule_id == "quantitative_share_low")
    return float(str(rule.params["min_share"]))


SHARE_THRESHOLD = _share_threshold()


@dataclass(frozen=True, slots=True)
class ReportLimits:
    """Caps that keep the page small however big the warehouse is."""

    top_units: int = 20        # units named in the unit charts; the rest are one 其他 row
    max_years: int = 8         # latest fiscal years with a funds chart; older ones only in the
                               # per-year table (years are never added together)
    max_level1: int = 6        # 一级 categories shown apart (the framework has four)
    max_level2: int = 8        # 二级 categories per 一级 shown apart
    max_rules: int = 40        # rule × severity rows (there are about twenty rules)
    attention_rows: int = 200  # projects listed in the attention table


DEFAULT_LIMITS = ReportLimits()


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """What was written, for a Dagster asset's metadata or a command's last line."""

    path: Path
    bytes: int
    charts: int
    attention_rows: int
    flagged_projects: int
    projects: int
    generated_at: str
    # the report's two tables in brief, for the Dagster UI: findings by rule and severity,
    # and the first projects needing attention
    findings: tuple[dict, ...] = ()
    attention: tuple[dict, ...] = ()

    def as_metadata(self) -> dict[str, str | int]:
        """Plain values (no Dagster types) that ``MaterializeResult(metadata=...)`` accepts."""
        return {"path": str(self.path), "bytes": self.bytes, "charts": self.charts,
                "attention_rows": self.attention_rows,
                "flagged_projects": self.flagged_projects, "projects": self.projects,
                "generated_at": self.generated_at}


@dataclass(frozen=True, slots=True)
class ReportData:
    """Every query result the page is drawn from (lists of row dicts, already capped)."""

    overview: Row
    last_run: Row | None
    funds: list[Row]
    mix: list[Row]
    share: list[Row]
    findings: list[Row]
    attention: list[Row]
    pages: Row | None = None  # page coverage of the disclosures (sql/status/pages.sql)
    unaccounted_pages: list[Row] = field(default_factory=list)
    years: list[Row] = field(default_factory=list)  # the money of each fiscal year apart
    problems: list[Row] = field(default_factory=list)  # quarantined and partial files
    departments: list[Row] = field(default_factory=list)  # department-wide targets


@dataclass(frozen=True, slots=True)
class Segment:
    """One coloured piece of a bar; ``data`` becomes ``data-*`` attributes tests can read."""

    value: float
    fill: str
    tip: str
    data: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BarRow:
    """One row of a horizontal bar chart; ``sub`` rows are indented under the row above."""

    label: str
    tip: str
    segments: tuple[Segment, ...]
    value_label: str
    sub: bool = False
    track: bool = False


@dataclass(frozen=True, slots=True)
class Chart:
    """A titled figure: its SVG and an optional HTML legend."""

    key: str
    title: str
    caption: str
    svg: str
    legend: str = ""
    table: str = ""  # the chart's numbers printed exactly, under it


def default_raw(warehouse: Path) -> Path:
    """The folder the forms came from when no one says: ``$FORMS_RAW_DIR``, else ``raw/``
    beside the warehouse or beside its folder (``make run`` makes ``raw/`` and
    ``warehouse/forms.duckdb``), found from the warehouse and never from where the command
    happens to run."""
    if os.environ.get("FORMS_RAW_DIR"):
        return Path(os.environ["FORMS_RAW_DIR"]).resolve()
    here = warehouse.resolve().parent
    beside = here / "raw"
    return beside if beside.is_dir() else here.parent / DEFAULT_RAW


def write_report(warehouse: Path, out: Path, raw: Path | None = None,
                 limits: ReportLimits = DEFAULT_LIMITS,
                 now: datetime | None = None) -> ReportSummary:
    """Write the HTML report of ``warehouse`` to ``out`` and say what was written.

    ``raw`` is the folder the warehouse was ingested from (:func:`default_raw` when not
    given): source links point at ``raw/<source_file>``, relative to the report's own folder,
    so they work wherever the command ran and keep working when the report and raw/ are
    moved or served together.  The file is written beside ``out`` and renamed into place, so
    a reader never sees half a report.
    """
    raw = default_raw(warehouse) if raw is None else raw
    if not warehouse.is_file():
        raise FileNotFoundError(f"no warehouse at {warehouse}; run the ingest first")
    generated = (now or datetime.now().astimezone()).isoformat(timespec="seconds")
    with connect(warehouse, read_only=True) as con:
        data = load_report_data(con, warehouse, limits)
        partial = load_partial(con, limits.attention_rows)
    charts = build_charts(data, limits)
    page = render_page(data, charts, warehouse, generated,
                       _attention_section(data.attention, raw, out.parent)
                       + _departments_section(data.departments, raw, out.parent)
                       + _problems_section(data.problems, raw, out.parent)
                       + _pages_section(data, raw, out.parent)
                       + partial_section(partial, raw, out.parent))
    size = write_atomically(out, page.encode("utf-8"))  # a browser never sees half a page
    flagged = int(data.attention[0]["flagged_total"]) if data.attention else 0
    return ReportSummary(path=out, bytes=size, charts=len(charts),
                         attention_rows=len(data.attention), flagged_projects=flagged,
                         projects=int(data.overview["project_count"]), generated_at=generated,
                         findings=tuple(_brief_finding(row) for row in data.findings),
                         attention=tuple(_brief_attention(row)
                                         for row in data.attention[:BRIEF_ROWS]))


BRIEF_ROWS = 10


def _brief_finding(row: Row) -> dict:
    return {"rule": row["rule_id"], "title": RULE_TITLES.get(row["rule_id"], row["rule_id"]),
            "severity": row["severity"],
            "findings": int(row["finding_count"]), "projects": int(row["project_count"])}


def _brief_attention(row: Row) -> dict:
    return {"project": row["project_name"], "unit": row["implementing_unit"],
            "errors": int(row["error_count"]), "warnings": int(row["warning_count"]),
            "worst": row["worst_message"], "source": row["source_file"]}


def load_report_data(con: duckdb.DuckDBPyConnection, warehouse: Path,
                     limits: ReportLimits = DEFAULT_LIMITS) -> ReportData:
    """Run every ``sql/report`` query with its caps as parameters; the last run comes from
    the ledger, which also knows the quiet nights not yet folded into ingest_runs."""
    params = {"top_units": limits.top_units, "max_years": limits.max_years,
              "max_level1": limits.max_level1, "max_level2": limits.max_level2,
              "max_rules": limits.max_rules, "row_limit": limits.attention_rows,
              "severities": list(SEVERITIES)}
    rows = {name: _report_rows(con, name, params) for name in (
        "overview", "years", "funds_by_unit_year", "indicator_mix",
        "quantitative_share_by_unit", "findings_by_rule", "attention", "problem_files",
        "department_targets")}
    pages = query_frame(con, read_sql("status/pages.sql")).row(0, named=True)
    unaccounted = query_frame(con, read_sql("status/unaccounted_pages.sql"))
    return ReportData(overview=rows["overview"][0], pages=pages,
                      unaccounted_pages=unaccounted.head(limits.attention_rows).to_dicts(),
                      last_run=last_run(con, warehouse),
                      funds=rows["funds_by_unit_year"], mix=rows["indicator_mix"],
                      share=rows["quantitative_share_by_unit"],
                      findings=rows["findings_by_rule"], attention=rows["attention"],
                      years=rows["years"], problems=rows["problem_files"],
                      departments=rows["department_targets"])


def _report_rows(con: duckdb.DuckDBPyConnection, name: str,
                 params: dict[str, object]) -> list[Row]:
    """One report query's rows; only the parameters the file names are passed (DuckDB
    refuses unused ones)."""
    sql = read_sql(f"report/{name}.sql")
    used = {key: value for key, value in params.items() if f"${key}" in sql}
    return query_frame(con, sql, used or None).to_dicts()


def build_charts(data: ReportData, limits: ReportLimits = DEFAULT_LIMITS) -> list[Chart]:
    """The charts there is something to draw for (none for an empty warehouse)."""
    candidates = (*funds_charts(data.funds, limits), mix_chart(data.mix),
                  share_chart(data.share, limits), findings_chart(data.findings))
    return [chart for chart in candidates if chart is not None]


# ---------------------------------------------------------------- formatting


def esc(value: object) -> str:
    """HTML-escape any value, quotes included, so form text can sit in text and attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def yuan(amount: Decimal | None) -> str:
    """An exact amount in 元 with thousands separators (``2,248,723.84``)."""
    return f"{(amount or Decimal(0)):,.2f}"


WAN, YI = Decimal(10_000), Decimal(100_000_000)


def money(amount: Decimal | None) -> str:
    """An amount as a finance reader says it: 亿元 from a hundred million, else 万元, two
    decimals (``224.87 万元``, ``83.89 亿元``); the exact 元 are printed beside it in tables."""
    value = amount or Decimal(0)
    if abs(value) >= YI:
        return f"{value / YI:,.2f} 亿元"
    return f"{value / WAN:,.2f} 万元"


def num(count: int | Decimal) -> str:
    """A count with thousands separators (``1,000,012``)."""
    return f"{int(count):,}"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def _text_width(text: str, size: float = FONT_SIZE) -> float:
    """Rough rendered width: CJK glyphs are about one em, Latin about 0.6 em."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.6 for ch in text)


def fit(text: str, width: float, size: float = FONT_SIZE) -> str:
    """Cut ``text`` to about ``width`` pixels with an ellipsis (SVG text never wraps)."""
    if _text_width(text, size) <= width:
        return text
    while text and _text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def _unit_label(row: Row, top: int) -> str:
    if row["is_other_unit"]:
        return f"其他 {int(row['unit_total']) - top} 个单位"
    return row["unit"] if row["unit"] is not None else "（未填单位）"


# ---------------------------------------------------------------- SVG


def _data_attrs(data: dict[str, str]) -> str:
    return "".join(f' data-{key}="{esc(value)}"' for key, value in data.items())


def _segments_svg(row: BarRow, y: float, height: float, scale: float,
                  bar_width: float) -> tuple[str, float]:
    """The rects of one row, left to right, each with its own tooltip; and where they end.

    A row longer than ``scale`` (the 其他 bucket of ten thousand units) is squeezed to the
    full width and drawn with a break mark, so it does not flatten every other bar.
    """
    parts, x = [], float(LABEL_WIDTH)
    if row.track:
        parts.append(f'<rect class="track" x="{x}" y="{y:.1f}" width="{bar_width:.1f}" '
                     f'height="{height:.1f}" fill="{TRACK_COLOUR}"></rect>')
    total = sum(seg.value for seg in row.segments)
    full = max(scale, total)
    for seg in row.segments:
        width = bar_width * seg.value / full if full > 0 else 0.0
        parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
                     f'height="{height:.1f}" fill="{seg.fill}"{_data_attrs(seg.data)}>'
                     f"<title>{esc(seg.tip)}</title></rect>")
        x += width
    if total > scale * 1.000001:
        parts.append(_break_mark(x - 14, y, height))
    return "".join(parts), x


def _bar_total(row: BarRow) -> float:
    return sum(seg.value for seg in row.segments)


def _break_mark(x: float, y: float, height: float) -> str:
    """Two white slashes across a bar: "not to scale"."""
    return "".join(f'<line class="break" x1="{x + dx:.1f}" y1="{y + height + 2:.1f}" '
                   f'x2="{x + dx + 6:.1f}" y2="{y - 2:.1f}" stroke="#fff" stroke-width="2.5">'
                   "</line>" for dx in (0, 5))


def _label_svg(row: BarRow, middle: float, nested: bool) -> str:
    """Labels sit right-aligned beside their bars; in a nested chart a main row's label is
    flush left and bold, so the hierarchy reads at a glance."""
    if nested and not row.sub:
        x, anchor, css = 4, "start", "label main"
    else:
        x, anchor, css = LABEL_WIDTH - 8, "end", "label"
    text = fit(row.label, LABEL_WIDTH - 14)
    return (f'<text class="{css}" x="{x}" y="{middle:.1f}" text-anchor="{anchor}" '
            f'dominant-baseline="middle"><title>{esc(row.tip)}</title>{esc(text)}</text>')


def _row_svg(row: BarRow, top: float, scale: float, bar_width: float, nested: bool) -> str:
    """Label, bars and value text of one row (``nested``: the chart has sub rows)."""
    height = (SUB_ROW_HEIGHT if row.sub else ROW_HEIGHT) - 6
    middle = top + height / 2 + 3
    rects, end = _segments_svg(row, top + 3, height, scale, bar_width)
    value_x = (LABEL_WIDTH + bar_width if row.track else end) + 6
    return (f'<g class="row">{_label_svg(row, middle, nested)}{rects}'
            f'<text class="value" x="{value_x:.1f}" y="{middle:.1f}" '
            f'dominant-baseline="middle">{esc(row.value_label)}</text></g>')


def bars_svg(key: str, title: str, rows: Sequence[BarRow], scale: float,
             marker: tuple[float, str] | None = None) -> str:
    """A horizontal bar chart as inline SVG; ``marker`` draws a dashed line at a value."""
    bar_width = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    nested = any(row.sub for row in rows)
    parts, top = [], 4.0
    for row in rows:
        parts.append(_row_svg(row, top, scale, bar_width, nested))
        top += SUB_ROW_HEIGHT if row.sub else ROW_HEIGHT
    if marker is not None:
        x = LABEL_WIDTH + bar_width * marker[0] / scale
        parts.append(f'<line class="marker" x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{top:.1f}" '
                     f'stroke="#333" stroke-dasharray="4 3"></line>'
                     f'<text x="{x + 4:.1f}" y="{top + 12:.1f}" class="marker-label">'
                     f"{esc(marker[1])}</text>")
        top += 16
    height = top + 6
    return (f'<svg class="chart" data-chart="{esc(key)}" role="img" aria-label="{esc(title)}" '
            f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH} {height:.0f}" '
            f'width="{CHART_WIDTH}" height="{height:.0f}" font-size="{FONT_SIZE}">'
            f"<title>{esc(title)}</title>{''.join(parts)}</svg>")


def legend(items: Iterable[tuple[str, str]]) -> str:
    """Colour swatches with their names, as HTML above a chart."""
    spans = "".join(f'<span><i style="background:{colour}"></i>{esc(name)}</span>'
                    for name, colour in items)
    return f'<p class="legend">{spans}</p>'


# ---------------------------------------------------------------- chart 1: funds


def _fund_row(row: Row, top: int, colour: str) -> BarRow:
    """One unit's 年度资金 in one year: the bar and its label in 万元/亿元, exact 元 on hover
    and in the table under the chart."""
    unit = _unit_label(row, top)
    amount = row["annual_total"] or Decimal(0)
    tip = (f"{unit}：{row['fiscal_year']}年度 年度资金 {yuan(amount)} 元 · "
           f"{num(row['project_count'])} 个项目")
    missing = int(row["project_count"]) - int(row["annual_count"])
    if missing:
        tip += f" · {num(missing)} 个项目未填年度资金"
    segment = Segment(float(amount), colour, tip,
                      {"amount": str(amount), "projects": str(row["project_count"]),
                       "year": str(row["fiscal_year"])})
    return BarRow(unit, tip, (segment,), money(amount))


def _unit_source(row: Row) -> str:
    return "—" if row["is_other_unit"] else UNIT_SOURCE_NAMES[bool(row["is_implementing_unit"])]


def _funds_table(rows: list[Row], top: int) -> str:
    """The chart's rows with their exact 元, printed (a reader copies them into a letter)."""
    body = "".join(
        f'<tr><td>{esc(_unit_label(row, top))}</td><td>{esc(_unit_source(row))}</td>'
        f'<td class="amount">{num(row["project_count"])}</td>'
        f'<td class="amount">{esc(money(row["annual_total"]))}</td>'
        f'<td class="amount exact">{yuan(row["annual_total"])}</td></tr>' for row in rows)
    return ('<table class="funds"><thead><tr><th>单位</th><th>单位来源</th><th>项目</th>'
            "<th>年度资金</th><th>年度资金（元）</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _year_funds_chart(year: object, rows: list[Row], colour: str,
                      limits: ReportLimits) -> Chart | None:
    """One year's 年度资金 per unit; None when no form of that year filled the amount."""
    if not any(row["annual_count"] for row in rows):
        return None
    bars = [_fund_row(row, limits.top_units, colour) for row in rows]
    named = [bar for bar, row in zip(bars, rows, strict=True) if not row["is_other_unit"]]
    scale = max(_bar_total(bar) for bar in named or bars) or 1.0
    total = sum((row["annual_total"] or Decimal(0) for row in rows), Decimal(0))
    missing = sum(int(row["project_count"]) - int(row["annual_count"]) for row in rows)
    caption = (f"{year}年度的年度资金申请总额，按单位（实施单位，未填时为主管部门）；合计 "
               f"{money(total)}（{yuan(total)} 元）。金额最大的 {limits.top_units} 个单位单列，"
               "其余并入「其他」；精确到元的金额见图下的表。")
    if _bar_total(bars[-1]) > scale:
        caption += "「其他」一行超出比例，已截断（双斜线）。"
    if missing:
        caption += f" {num(missing)} 个项目未填年度资金，不计入。"
    title = f"{year}年度 各单位年度资金"
    return Chart(f"funds-{year}", title, caption,
                 bars_svg(f"funds-{year}", title, bars, scale),
                 table=_funds_table(rows, limits.top_units))


def funds_charts(rows: list[Row], limits: ReportLimits = DEFAULT_LIMITS) -> list[Chart]:
    """Chart 1: 年度资金 per unit, one chart per fiscal year (newest first): budgets of
    different years are never added into one bar or one total."""
    charts = []
    for index, (year, group) in enumerate(groupby(rows, key=lambda row: row["fiscal_year"])):
        chart = _year_funds_chart(year, list(group), YEAR_COLOURS[index % len(YEAR_COLOURS)],
                                  limits)
        if chart is not None:
            charts.append(chart)
    return charts


# ---------------------------------------------------------------- chart 2: indicator mix


def _mix_segments(label: str, indicators: int, quantitative: int) -> tuple[Segment, ...]:
    """Quantitative then qualitative part of one category's indicators."""
    data = {"count": str(indicators), "quantitative": str(quantitative)}
    return (Segment(float(quantitative), QUANT_COLOUR,
                    f"{label}：定量 {num(quantitative)} / {num(indicators)} 个", data),
            Segment(float(indicators - quantitative), QUAL_COLOUR,
                    f"{label}：定性 {num(indicators - quantitative)} / {num(indicators)} 个"))


def _mix_row(label: str, indicators: int, quantitative: int, sub: bool) -> BarRow:
    share = percent(quantitative / indicators)
    tip = f"{label}：{num(indicators)} 个指标，定量 {num(quantitative)} 个（{share}）"
    return BarRow(label, tip, _mix_segments(label, indicators, quantitative),
                  f"{num(indicators)} 个 · 定量 {num(quantitative)}", sub=sub)


def _level1_name(row: Row) -> str:
    if row["is_other_level1"]:
        return "其他一级类别"
    return row["level1"] if row["level1"] is not None else "（未分一级）"


def _level2_name(row: Row) -> str:
    if row["is_other_level1"]:
        return f"（{row['category_count']} 个类别）"
    if row["is_other_level2"]:
        return f"其他 {row['category_count']} 个二级类别"
    return row["level2"] if row["level2"] is not None else "（未分二级）"


def _mix_group(rows: list[Row]) -> list[BarRow]:
    """A 一级 row with its 二级 rows under it."""
    name = _level1_name(rows[0])
    indicators = sum(int(row["indicator_count"]) for row in rows)
    quantitative = sum(int(row["quantitative_count"]) for row in rows)
    subs = [_mix_row(_level2_name(row), int(row["indicator_count"]),
                     int(row["quantitative_count"]), sub=True) for row in rows]
    return [_mix_row(name, indicators, quantitative, sub=False), *subs]


def mix_chart(rows: list[Row]) -> Chart | None:
    """Chart 2: indicators by 一级 and 二级 category, the numeric part darker."""
    if not rows:
        return None
    bars = [bar for _, group in groupby(rows, key=lambda row: row["level1_rank"])
            for bar in _mix_group(list(group))]
    scale = max(_bar_total(bar) for bar in bars)
    total = sum(int(row["indicator_count"]) for row in rows)
    title = "指标构成（一级 / 二级）"
    caption = (f"共 {num(total)} 个三级指标，按一级（成本、产出、效益、满意度）与二级类别计数；"
               "深色为有数值目标的定量指标。")
    return Chart("indicator-mix", title, caption, bars_svg("indicator-mix", title, bars, scale),
                 legend((("定量（有数值）", QUANT_COLOUR), ("定性", QUAL_COLOUR))))


# ---------------------------------------------------------------- chart 3: numeric share


def _share_row(row: Row, top: int) -> BarRow:
    unit = _unit_label(row, top)
    count, quant = int(row["indicator_count"]), int(row["quantitative_count"])
    share = float(row["quantitative_share"] or 0.0)
    text = f"{percent(share)}（{num(quant)}/{num(count)}）"
    segment = Segment(share, QUANT_COLOUR, f"{unit}：定量指标 {text}",
                      {"count": str(count), "quantitative": str(quant)})
    return BarRow(unit, f"{unit}：定量指标 {text}", (segment,), text, track=True)


def share_chart(rows: list[Row], limits: ReportLimits = DEFAULT_LIMITS) -> Chart | None:
    """Chart 3: share of indicators with a numeric target per unit, lowest first."""
    if not rows:
        return None
    bars = [_share_row(row, limits.top_units) for row in rows]
    title = "各单位定量指标占比"
    caption = (f"有数值目标的指标占全部指标的比例；指标最多的 {limits.top_units} 个单位单列，"
               f"其余并入「其他」；占比低的在上。虚线为审核规则"
               f"「{RULE_TITLES['quantitative_share_low']}」的 {percent(SHARE_THRESHOLD)}。")
    marker = (SHARE_THRESHOLD, f"审核线 {percent(SHARE_THRESHOLD)}")
    return Chart("quantitative-share", title, caption,
                 bars_svg("quantitative-share", title, bars, 1.0, marker))


# ---------------------------------------------------------------- chart 4: findings


def _finding_row(row: Row) -> BarRow:
    severity = row["severity"]
    count, projects = int(row["finding_count"]), int(row["project_count"])
    rationale = RULE_RATIONALE.get(row["rule_id"], "")
    title = RULE_TITLES.get(row["rule_id"], row["rule_id"])
    severity_name = SEVERITY_NAMES.get(severity, severity)
    tip = (f"{title}（{severity_name}）：{num(count)} 条，"
           f"{num(projects)} 个项目。{rationale} 例：{row['example']}")
    colour = SEVERITY_COLOURS.get(severity, "#888")
    segment = Segment(float(count), colour, tip,
                      {"count": str(count), "rule": row["rule_id"], "severity": severity})
    return BarRow(f"{title}（{severity_name}）", tip, (segment,),
                  f"{num(count)} 条 · {num(projects)} 个项目")


def findings_chart(rows: list[Row]) -> Chart | None:
    """Chart 4: review findings per rule, coloured by severity."""
    if not rows:
        return None
    bars = [_finding_row(row) for row in rows]
    scale = max(bar.segments[0].value for bar in bars)
    total = sum(int(row["finding_count"]) for row in rows)
    title = "审核发现（按规则与严重程度）"
    caption = f"共 {num(total)} 条审核发现；悬停看规则的理由和一条示例。"
    return Chart("findings", title, caption, bars_svg("findings", title, bars, scale),
                 legend((SEVERITY_NAMES[s], SEVERITY_COLOURS[s]) for s in SEVERITIES))


# ---------------------------------------------------------------- attention table


def source_href(source_file: str, raw: Path, report_dir: Path) -> str:
    """A link from the report's folder to ``raw/<source_file>``, percent-encoded.

    Relative, so it works from file:// and over HTTP alike; encoding every ``:`` and ``#``
    means a stored path can never become a ``javascript:`` URL or lose its tail.
    """
    target = os.path.abspath(raw / source_file)
    relative = os.path.relpath(target, os.path.abspath(report_dir))
    return quote(Path(relative).as_posix(), safe="/")


def _severity_badges(row: Row) -> str:
    counts = ((sev, row[f"{sev}_count"]) for sev in SEVERITIES)
    return "".join(f'<span class="badge {sev}">{SEVERITY_NAMES[sev]} {num(n)}</span>'
                   for sev, n in counts if n)


def _project_cell(row: Row) -> str:
    unit = row["implementing_unit"] or row["department"] or "（未填单位）"
    goal = row["goal_excerpt"]
    goal_html = f'<div class="goal">{esc(goal)}</div>' if goal else ""
    return (f'<td><div class="name">{esc(row["project_name"])}</div>'
            f'<div class="meta">{esc(row["fiscal_year"])}年 · {esc(unit)}</div>{goal_html}</td>')


def source_link(source_file: str, locator: str | None, raw: Path, report_dir: Path) -> str:
    """``source_href`` with ``#page=N`` for a PDF whose locator names the page, so the
    browser's viewer opens the form itself."""
    href = source_href(source_file, raw, report_dir)
    page = page_of(locator or "") if source_file.lower().endswith(".pdf") else None
    return href if page is None else f"{href}#page={page}"


def _finding_cell(row: Row) -> str:
    rules = " ".join(f'<span class="rule" data-rule="{esc(rule)}">'
                     f"{esc(RULE_TITLES.get(rule, rule))}</span>" for rule in row["rule_ids"] or [])
    return (f'<td><div class="{esc(row["worst_severity"])}">{esc(row["worst_message"])}</div>'
            f'<div class="rules">{rules}</div></td>')


def _source_cell(row: Row, raw: Path, report_dir: Path) -> str:
    href = source_link(row["source_file"], row["source_locator"], raw, report_dir)
    where = place_label(row["source_locator"], row["source_line"])
    return (f'<td class="source"><a href="{esc(href)}">{esc(row["source_file"])}</a>'
            f'<div class="meta">{esc(where)}</div></td>')


def _attention_row(index: int, row: Row, raw: Path, report_dir: Path) -> str:
    return (f'<tr data-project="{esc(row["project_id"])}"><td class="num">{index}</td>'
            f"<td>{_severity_badges(row)}</td>{_project_cell(row)}{_finding_cell(row)}"
            f"{_source_cell(row, raw, report_dir)}</tr>")


def _attention_section(rows: list[Row], raw: Path, report_dir: Path) -> str:
    """Chart 5: the projects with the most severe findings, linked to their forms."""
    if not rows:
        return ('<section id="attention"><h2>需要关注的项目</h2>'
                '<p class="empty">没有审核发现。</p></section>')
    shown, total = len(rows), int(rows[0]["flagged_total"])
    body = "".join(_attention_row(i, row, raw, report_dir) for i, row in enumerate(rows, 1))
    return (f'<section id="attention"><h2>需要关注的项目</h2>'
            f'<p class="caption">错误最多的在前，其次警告、全部发现；显示 {num(shown)} 个，'
            f"共 {num(total)} 个项目有审核发现。来源链接指向 raw/ 中的文件"
            "（PDF 打开到表所在的页），位置写在链接下。</p>"
            '<table class="attention"><thead><tr><th>#</th><th>审核</th><th>项目</th>'
            "<th>最严重的发现</th><th>来源</th></tr></thead>"
            f"<tbody>{body}</tbody></table></section>")


def _pages_section(data: ReportData, raw: Path, report_dir: Path) -> str:
    """Page coverage: how many pages of the disclosures print a target table, and every
    page nothing accounts for (a form may have been lost there), linked to the page."""
    pages = data.pages
    if not pages or not pages["pages"]:
        return ""
    summary = (f'{num(pages["documents"])} 份文档中 {num(pages["pages"])} 页印有绩效目标表：'
               f'{num(pages["quarantined"])} 页的表被隔离，{num(pages["other_kind"])} 页是目录或'
               f'说明文字，<b>{num(pages["unaccounted"])} 页无着落</b>。')
    if not data.unaccounted_pages:
        return (f'<section id="pages"><h2>页面覆盖</h2><p class="caption">{summary}'
                "每一页都有去向。</p></section>")
    body = "".join(
        f'<tr><td class="source"><a href="{esc(source_href(row["source_file"], raw, report_dir))}'
        f'#page={int(row["page"])}">{esc(row["source_file"])}</a></td>'
        f'<td class="num">{int(row["page"])}</td><td>{esc(row["reason"])}</td></tr>'
        for row in data.unaccounted_pages)
    return (f'<section id="pages"><h2>页面覆盖</h2><p class="caption">{summary}'
            "下列页面印有绩效目标表的字样，但没有读出表格，也不是目录或说明：请打开核对。</p>"
            '<table class="pages"><thead><tr><th>文件</th><th>页</th><th>原因</th></tr></thead>'
            f"<tbody>{body}</tbody></table></section>")


@dataclass(frozen=True, slots=True)
class PartialLoads:
    """What was read only in part: parts of loaded forms left out, forms of cut files,
    and review workbooks from review/ with rows not recorded."""

    parts: list[Row]
    rejected: list[Row]


def load_partial(con: duckdb.DuckDBPyConnection, row_limit: int) -> PartialLoads:
    parts = query_frame(con, read_sql("report/partial_loads.sql"),
                        {"row_limit": row_limit}).to_dicts()
    has_imports = fetch_rows(con, read_sql("decisions/has_imports.sql"))[0][0]
    rejected = (query_frame(con, read_sql("status/review_rejected.sql")).to_dicts()
                if has_imports else [])
    return PartialLoads(parts=parts, rejected=rejected)


PARTIAL_KINDS = {"left_out": "表已载入，此部分未载入", "cut_off": "文件被截断，此表未载入"}


def partial_section(partial: PartialLoads, raw: Path, report_dir: Path) -> str:
    """The section a person checks after every run: nothing read in part is silent."""
    if not partial.parts and not partial.rejected:
        return ('<section id="partial"><h2>部分载入</h2>'
                '<p class="empty">没有部分载入的文件，也没有未记录的审核行。</p></section>')
    parts = _parts_table(partial.parts, raw, report_dir)
    return (f'<section id="partial"><h2>部分载入</h2>{parts}'
            f"{_rejected_table(partial.rejected)}</section>")


def _parts_table(rows: list[Row], raw: Path, report_dir: Path) -> str:
    if not rows:
        return ""
    body = "".join(
        f'<tr><td class="source"><a href="'
        f'{esc(source_link(row["source_file"], row["source_locator"], raw, report_dir))}">'
        f'{esc(row["source_file"])}</a>'
        f'<div class="meta">{esc(place_label(row["source_locator"]))}</div></td>'
        f'<td class="num">{esc(row["form_seq"] or "")}</td>'
        f'<td>{esc(PARTIAL_KINDS[row["kind"]])}</td><td>{esc(row["reason"])}</td></tr>'
        for row in rows)
    return ('<p class="caption">下列文件只载入了一部分：请核对原文件，'
            '补全或重新导出后放回 raw/。</p>'
            '<table class="partial"><thead><tr><th>文件与位置</th><th>表</th><th>情况</th>'
            f"<th>说明</th></tr></thead><tbody>{body}</tbody></table>")


def _lines(text: object) -> str:
    return "<br>".join(esc(line) for line in str(text or "").splitlines())


def _rejected_table(rows: list[Row]) -> str:
    if not rows:
        return ""
    body = "".join(
        f'<tr><td>{esc(row["path"])}</td><td class="num">{num(int(row["rows_rejected"]))}</td>'
        f'<td class="num">{num(int(row["rows_recorded"]))}</td>'
        f'<td>{_lines(row["rejected"])}</td></tr>' for row in rows)
    return ('<p class="caption">审核工作簿中下列行未被记录：改正后重新放入 review/。</p>'
            '<table class="rejected"><thead><tr><th>工作簿</th><th>未记录</th><th>已记录</th>'
            f"<th>行与原因</th></tr></thead><tbody>{body}</tbody></table>")


# ---------------------------------------------------------------- page


RUN_FIELDS = (("files_seen", "看到的文件"), ("files_new", "新增"), ("files_changed", "变更"),
              ("files_removed", "移除"), ("files_unchanged", "未变"),
              ("contents_parsed", "解析的内容"))


def _when(value: object) -> str:
    """A timestamp to the second (runs store microseconds nobody reads)."""
    return value.isoformat(sep=" ", timespec="seconds") if isinstance(value, datetime) else "—"


def _run_section(run: Row | None) -> str:
    """The last ingest run: when, and what it saw."""
    if run is None:
        return '<section id="last-run"><h2>最近一次运行</h2><p>没有运行记录。</p></section>'
    head = "".join(f"<th>{name}</th>" for _, name in RUN_FIELDS)
    cells = "".join(f"<td>{esc(run[key])}</td>" for key, _ in RUN_FIELDS)
    mode = "全部重新解析" if run["full_reparse"] else "增量"
    return (f'<section id="last-run"><h2>最近一次运行</h2>'
            f'<p class="caption">开始 {_when(run["started_at"])} · 结束 '
            f'{_when(run["finished_at"])} · {mode} · 运行 {esc(run["run_id"])}</p>'
            f'<table class="counts"><tr>{head}</tr><tr>{cells}</tr></table></section>')


def _overview_section(overview: Row, years: list[Row]) -> str:
    """Headline numbers, then the money of each fiscal year on its own line; for an empty
    warehouse, a plain sentence that there is nothing yet."""
    if not overview["project_count"]:
        return ('<section id="overview"><h2>概览</h2><p class="empty">仓库里还没有项目'
                f'（已登记 {esc(overview["file_count"])} 个文件，隔离 '
                f'{esc(overview["quarantine_count"])} 条）。把表格放进 raw/ 并运行导入后，'
                "这里会显示图表。</p></section>")
    quant = int(overview["quantitative_count"])
    indicators = int(overview["indicator_count"])
    cards = (("项目", num(overview["project_count"])), ("单位", num(overview["unit_count"])),
             *((f"{row['fiscal_year']}年度资金", money(row["annual_total"]))
               for row in years[:3] if row["annual_count"]),
             ("指标", num(indicators)),
             ("定量占比", percent(quant / indicators if indicators else None)),
             ("审核发现", num(overview["finding_count"])),
             ("有发现的项目", num(overview["flagged_project_count"])),
             ("部门整体目标", num(overview["department_target_count"])),
             ("文件", num(overview["file_count"])),
             ("隔离的文件", num(overview["quarantined_file_count"])),
             ("部分载入的文件", num(overview["partial_file_count"])))
    body = "".join(f'<div class="card"><b>{esc(value)}</b><span>{name}</span></div>'
                   for name, value in cards)
    return (f'<section id="overview"><h2>概览</h2><div class="cards">{body}</div>'
            f"{_years_table(years)}</section>")


def _amount_cells(amount: Decimal | None, filled: int, projects: int) -> str:
    """An amount in 万元/亿元 and in exact 元, or a dash when no form filled it."""
    if not filled:
        return '<td class="amount">—</td><td class="amount exact">—</td>'
    note = "" if filled == projects else f'<div class="meta">{num(filled)} 个项目填写</div>'
    return (f'<td class="amount">{esc(money(amount))}{note}</td>'
            f'<td class="amount exact">{yuan(amount)}</td>')


def _years_table(years: list[Row]) -> str:
    """Each fiscal year's money apart: budgets of different years are never one figure."""
    body = "".join(
        f'<tr data-year="{esc(row["fiscal_year"])}"><td>{esc(row["fiscal_year"])}年度</td>'
        f'<td class="amount">{num(row["project_count"])}</td>'
        f'<td class="amount">{num(row["unit_count"])}</td>'
        + _amount_cells(row["annual_total"], int(row["annual_count"]), int(row["project_count"]))
        + _amount_cells(row["total"], int(row["total_count"]), int(row["project_count"]))
        + "</tr>" for row in years)
    return ('<table class="years"><caption>各年度资金（不同年度的预算不相加）</caption><thead><tr>'
            "<th>预算年度</th><th>项目</th><th>单位</th><th>年度资金</th><th>年度资金（元）</th>"
            "<th>项目资金总额</th><th>项目资金总额（元）</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _departments_section(rows: list[Row], raw: Path, report_dir: Path) -> str:
    """The department-wide targets (部门整体绩效目标表): each department's budget of the
    year, with its tasks and indicators, linked to the form."""
    if not rows:
        return ""
    shown, total = len(rows), int(rows[0]["target_total"])
    body = "".join(
        f'<tr data-target="{esc(row["target_id"])}"><td>{esc(row["fiscal_year"])}年度</td>'
        f'<td>{esc(row["department"])}</td>'
        f'<td>{esc(TARGET_KIND_NAMES.get(row["target_kind"], row["target_kind"]))}</td>'
        + _amount_cells(row["budget_total_yuan"], int(row["budget_total_yuan"] is not None), 1)
        + f'<td class="amount">{num(row["task_count"])}</td>'
        f'<td class="amount">{num(row["indicator_count"])}</td>'
        f"{_source_cell(row, raw, report_dir)}</tr>" for row in rows)
    return (f'<section id="departments"><h2>部门整体绩效目标</h2><p class="caption">'
            f"共 {num(total)} 份部门整体（或专项资金整体）绩效目标表，显示 {num(shown)} 份；"
            "预算按表上所写，各年度分列。</p>"
            '<table class="departments"><thead><tr><th>预算年度</th><th>部门</th><th>类型</th>'
            "<th>预算总额</th><th>预算总额（元）</th><th>任务</th><th>指标</th><th>来源</th>"
            f"</tr></thead><tbody>{body}</tbody></table></section>")


def _problem_row(row: Row, raw: Path, report_dir: Path) -> str:
    status = row["file_status"]
    where = place_label(row["source_locator"], row["source_line"])
    scope = "整个文件" if row["scope"] in (None, "file") else f"第 {esc(row['form_seq'])} 张表"
    href = source_link(row["source_file"], row["source_locator"], raw, report_dir)
    return (f'<tr data-status="{esc(status)}" data-reason="{esc(row["reason_code"] or "")}">'
            f'<td class="source"><a href="{esc(href)}">{esc(row["source_file"])}</a>'
            f'<div class="meta">{esc(where)}</div></td>'
            f"<td>{esc(FILE_STATUS_NAMES.get(status, status))}</td><td>{scope}</td>"
            f'<td>{esc(row["reason"] or "")}</td></tr>')


def _problems_section(rows: list[Row], raw: Path, report_dir: Path) -> str:
    """Files and forms that did not load whole, each with its reason: a reader must see
    what is missing from the figures above, not only what is there."""
    if not rows:
        return ('<section id="problems"><h2>隔离与部分载入</h2>'
                '<p class="caption">没有被隔离或只载入一部分的文件。</p></section>')
    shown, files = len(rows), int(rows[0]["file_total"])
    body = "".join(_problem_row(row, raw, report_dir) for row in rows)
    return (f'<section id="problems"><h2>隔离与部分载入</h2><p class="caption">'
            f"{num(files)} 个文件没有完整载入，共 {num(rows[0]['row_total'])} 条记录"
            f"（显示 {num(shown)} 条）；上面的图表不含这些表。请按原因修改后重新放入 raw/。</p>"
            '<table class="problems"><thead><tr><th>文件</th><th>状态</th><th>范围</th>'
            f"<th>原因</th></tr></thead><tbody>{body}</tbody></table></section>")


def _chart_section(chart: Chart) -> str:
    return (f'<section class="figure" id="chart-{esc(chart.key)}"><h2>{esc(chart.title)}</h2>'
            f'<p class="caption">{esc(chart.caption)}</p>{chart.legend}'
            f'<div class="scroll">{chart.svg}</div>{chart.table}</section>')


STYLE = """
body{font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",
"WenQuanYi Micro Hei",sans-serif;margin:0;background:#f6f7f9;color:#222}
main{max-width:1000px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:0 0 8px}
section{background:#fff;border-radius:8px;padding:16px 20px;margin:16px 0;
box-shadow:0 1px 3px rgba(0,0,0,.08)}
.caption,.meta,.generated{color:#555;font-size:13px}.empty{font-size:16px;color:#555}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{flex:1 0 140px;background:#f0f4f8;border-radius:6px;padding:10px 12px}
.card b{display:block;font-size:20px}.card span{color:#555;font-size:13px}
.legend span{margin-right:14px;font-size:13px}
.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
.scroll{overflow-x:auto}svg.chart{max-width:100%;height:auto}
svg text{fill:#222}svg text.main{font-weight:700}svg text.value{fill:#444}
svg text.marker-label{fill:#333;font-size:12px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e3e3e3;padding:6px;text-align:left;vertical-align:top}
table.counts{width:auto}table.counts td,table.counts th{text-align:right;min-width:70px}
td.num{color:#777}.name{font-weight:600}.goal{color:#666;font-size:12px;margin-top:2px}
.badge{display:inline-block;border-radius:4px;padding:1px 6px;margin:0 4px 4px 0;
color:#fff;white-space:nowrap}
.badge.error{background:#d62728}.badge.warning{background:#c98500}.badge.info{background:#5b8fd1}
div.error{color:#b00}.rules span.rule{font-size:11px;background:#f0f0f0;padding:0 3px;
margin-right:4px;display:inline-block}td.source{word-break:break-all;min-width:180px;max-width:260px}
td.amount{text-align:right;white-space:nowrap}td.exact{font-variant-numeric:tabular-nums}
table.funds,table.years{margin-top:10px}caption{text-align:left;font-weight:600;padding:8px 0 4px}
"""

# nothing may load or run: the page is complete as written, and a form text that slipped
# past escaping still could not execute
CSP = "default-src 'none'; style-src 'unsafe-inline'"


def render_page(data: ReportData, charts: list[Chart], warehouse: Path, generated: str,
                attention: str) -> str:
    """The whole document: header, last run, overview, charts, attention table."""
    if data.overview["project_count"]:
        body = "".join(_chart_section(chart) for chart in charts) + attention
    else:
        body = ""
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{TITLE}</title><style>{STYLE}</style></head><body><main>"
        f'<header><h1>{TITLE}</h1><p class="generated">生成时间 {esc(generated)} · '
        f"仓库 {esc(warehouse.name)}</p></header>"
        f"{_run_section(data.last_run)}{_overview_section(data.overview, data.years)}{body}"
        "</main></body></html>\n")
