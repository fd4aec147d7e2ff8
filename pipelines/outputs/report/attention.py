"""What a person should look at, each row linked to its form: the projects with the most
severe findings, files that did not load whole, pages nothing accounts for, and review
workbook rows not recorded.  A reader must see what is missing from the charts, not only
what is there."""

from __future__ import annotations

from pathlib import Path

from pipelines.core.id_labels import FILE_STATUS_LABELS, SEVERITIES, SEVERITY_LABELS
from pipelines.outputs.report.data import PartialLoads, ReportData, Row
from pipelines.outputs.report.formatting import esc, num, source_cell, source_href, source_link
from pipelines.read.locators import place_label
from pipelines.review.rules import RULE_TITLES


def _severity_badges(row: Row) -> str:
    counts = ((sev, row[f"{sev}_count"]) for sev in SEVERITIES)
    return "".join(f'<span class="badge {sev}">{SEVERITY_LABELS[sev]} {num(n)}</span>'
                   for sev, n in counts if n)


def _project_cell(row: Row) -> str:
    unit = row["implementing_unit"] or row["department"] or "（未填单位）"
    goal = row["goal_excerpt"]
    goal_html = f'<div class="goal">{esc(goal)}</div>' if goal else ""
    return (f'<td><div class="name">{esc(row["project_name"])}</div>'
            f'<div class="meta">{esc(row["fiscal_year"])}年 · {esc(unit)}</div>{goal_html}</td>')


def _finding_cell(row: Row) -> str:
    rules = " ".join(f'<span class="rule" data-rule="{esc(rule)}">'
                     f"{esc(RULE_TITLES.get(rule, rule))}</span>" for rule in row["rule_ids"] or [])
    return (f'<td><div class="{esc(row["worst_severity"])}">{esc(row["worst_message"])}</div>'
            f'<div class="rules">{rules}</div></td>')


def _attention_row(index: int, row: Row, raw: Path, report_dir: Path) -> str:
    return (f'<tr data-project="{esc(row["project_id"])}"><td class="num">{index}</td>'
            f"<td>{_severity_badges(row)}</td>{_project_cell(row)}{_finding_cell(row)}"
            f"{source_cell(row, raw, report_dir)}</tr>")


def attention_section(rows: list[Row], raw: Path, report_dir: Path) -> str:
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


def pages_section(data: ReportData, raw: Path, report_dir: Path) -> str:
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


def _problem_row(row: Row, raw: Path, report_dir: Path) -> str:
    status = row["file_status"]
    where = place_label(row["source_locator"], row["source_line"])
    scope = "整个文件" if row["scope"] in (None, "file") else f"第 {esc(row['form_seq'])} 张表"
    href = source_link(row["source_file"], row["source_locator"], raw, report_dir)
    return (f'<tr data-status="{esc(status)}" data-reason="{esc(row["reason_code"] or "")}">'
            f'<td class="source"><a href="{esc(href)}">{esc(row["source_file"])}</a>'
            f'<div class="meta">{esc(where)}</div></td>'
            f"<td>{esc(FILE_STATUS_LABELS.get(status, status))}</td><td>{scope}</td>"
            f'<td>{esc(row["reason"] or "")}</td></tr>')


def problems_section(rows: list[Row], raw: Path, report_dir: Path) -> str:
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
