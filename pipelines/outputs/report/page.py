"""The HTML document around the sections: its header, its style and a Content-Security-Policy
under which nothing may load or run."""

from __future__ import annotations

from pathlib import Path

from pipelines.outputs.report.data import ReportData
from pipelines.outputs.report.formatting import esc
from pipelines.outputs.report.sections import overview_section, run_section
from pipelines.outputs.report.svg import Chart

TITLE = "绩效目标表仓库报告"


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
        f"{run_section(data.last_run)}{overview_section(data.overview, data.years)}{body}"
        "</main></body></html>\n")
