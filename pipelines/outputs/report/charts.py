"""The report's four charts, each from its query's rows: 年度资金 per unit (one chart per
fiscal year), indicators by category, the numeric share per unit and findings per rule."""

from __future__ import annotations

from decimal import Decimal
from itertools import groupby

from pipelines.core.id_labels import SEVERITIES, SEVERITY_LABELS
from pipelines.outputs.report.data import DEFAULT_LIMITS, ReportData, ReportLimits, Row
from pipelines.outputs.report.formatting import esc, money, num, percent, yuan
from pipelines.outputs.report.svg import BarRow, Chart, Segment, bar_total, bars_svg, legend
from pipelines.review.rules import RULE_RATIONALES, RULE_TITLES, RULES

YEAR_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
                "#edc948", "#b07aa1", "#ff9da7", "#9c755f")
QUANT_COLOUR, QUAL_COLOUR = "#4e79a7", "#a0cbe8"
SEVERITY_COLOURS = {"error": "#d62728", "warning": "#f0a30a", "info": "#5b8fd1"}
UNIT_SOURCE_NAMES = {True: "实施单位", False: "主管部门（实施单位未填）"}


def _share_threshold() -> float:
    """The review's own threshold, so the chart's line and the rule never disagree."""
    rule = next(rule for rule in RULES if rule.rule_id == "quantitative_share_low")
    return float(str(rule.params["min_share"]))


SHARE_THRESHOLD = _share_threshold()


def build_charts(data: ReportData, limits: ReportLimits = DEFAULT_LIMITS) -> list[Chart]:
    """The charts there is something to draw for (none for an empty warehouse)."""
    candidates = (*funds_charts(data.funds, limits), mix_chart(data.mix),
                  share_chart(data.share, limits), findings_chart(data.findings))
    return [chart for chart in candidates if chart is not None]


def _unit_label(row: Row, top: int) -> str:
    if row["is_other_unit"]:
        return f"其他 {int(row['unit_total']) - top} 个单位"
    return row["unit"] if row["unit"] is not None else "（未填单位）"


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
    scale = max(bar_total(bar) for bar in named or bars) or 1.0
    total = sum((row["annual_total"] or Decimal(0) for row in rows), Decimal(0))
    missing = sum(int(row["project_count"]) - int(row["annual_count"]) for row in rows)
    caption = (f"{year}年度的年度资金申请总额，按单位（实施单位，未填时为主管部门）；合计 "
               f"{money(total)}（{yuan(total)} 元）。金额最大的 {limits.top_units} 个单位单列，"
               "其余并入「其他」；精确到元的金额见图下的表。")
    if bar_total(bars[-1]) > scale:
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
    scale = max(bar_total(bar) for bar in bars)
    total = sum(int(row["indicator_count"]) for row in rows)
    title = "指标构成（一级 / 二级）"
    caption = (f"共 {num(total)} 个三级指标，按一级（成本、产出、效益、满意度）与二级类别计数；"
               "深色为有数值目标的定量指标。")
    return Chart("indicator-mix", title, caption, bars_svg("indicator-mix", title, bars, scale),
                 legend((("定量（有数值）", QUANT_COLOUR), ("定性", QUAL_COLOUR))))


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


def _finding_row(row: Row) -> BarRow:
    severity = row["severity"]
    count, projects = int(row["finding_count"]), int(row["project_count"])
    rationale = RULE_RATIONALES.get(row["rule_id"], "")
    title = RULE_TITLES.get(row["rule_id"], row["rule_id"])
    severity_name = SEVERITY_LABELS.get(severity, severity)
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
                 legend((SEVERITY_LABELS[s], SEVERITY_COLOURS[s]) for s in SEVERITIES))
