"""The page's headline sections: the last ingest run, the overview with each fiscal year's
money apart, and the department-wide targets."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from pipelines.outputs.report.data import Row
from pipelines.outputs.report.formatting import esc, money, num, percent, source_cell, yuan

TARGET_KIND_NAMES = {"department": "部门整体", "special_fund": "专项资金整体"}
RUN_FIELDS = (("files_seen", "看到的文件"), ("files_new", "新增"), ("files_changed", "变更"),
              ("files_removed", "移除"), ("files_unchanged", "未变"),
              ("contents_parsed", "解析的内容"))


def _when(value: object) -> str:
    """A timestamp to the second (runs store microseconds nobody reads)."""
    return value.isoformat(sep=" ", timespec="seconds") if isinstance(value, datetime) else "—"


def run_section(run: Row | None) -> str:
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


def overview_section(overview: Row, years: list[Row]) -> str:
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


def departments_section(rows: list[Row], raw: Path, report_dir: Path) -> str:
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
        f"{source_cell(row, raw, report_dir)}</tr>" for row in rows)
    return (f'<section id="departments"><h2>部门整体绩效目标</h2><p class="caption">'
            f"共 {num(total)} 份部门整体（或专项资金整体）绩效目标表，显示 {num(shown)} 份；"
            "预算按表上所写，各年度分列。</p>"
            '<table class="departments"><thead><tr><th>预算年度</th><th>部门</th><th>类型</th>'
            "<th>预算总额</th><th>预算总额（元）</th><th>任务</th><th>指标</th><th>来源</th>"
            f"</tr></thead><tbody>{body}</tbody></table></section>")
