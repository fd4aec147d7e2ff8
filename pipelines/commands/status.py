"""``python -m pipelines status``: what the last night did and what needs a person now.

One screen for the morning: the last run (when, which files were new, changed or removed,
how many forms it loaded), whether a run is writing right now, what is quarantined and
why, and the review findings by severity.  It reads the published warehouse read-only
(and the quiet-runs file beside it), so it works while a nightly run is writing.

The people who read it read Chinese: every line is Chinese first, names of severities,
decisions and quarantine reasons come from their one list each (``pipelines.core.id_labels``,
``pipelines.parse.messages.REASON_TITLES``), and a code a script or a bug report needs follows
in parentheses.  Of a reason written ``中文 / English`` only the Chinese is shown; the whole
reason stays in the table the line names.  Imports stay light (no polars, no parser):
``status`` answers in about 0.2 s.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.core.id_labels import DECISION_LABELS, SEVERITIES, SEVERITY_LABELS, label
from pipelines.core.sql_files import read_sql
from pipelines.load.runs import last_run
from pipelines.load.warehouse import connect, fetch_dicts, fetch_rows
from pipelines.parse.messages import chinese_part, form_label, reason_title
from pipelines.publish.lock import WriterLock

REASON_WIDTH = 100
SHOWN_PAGES = 10
SHOWN_PARTS = 10  # parts left out and rejected workbooks listed before "… 另有 N 处"
INGEST_COMMAND = "python -m pipelines ingest"


def status_lines(warehouse: Path) -> list[str]:
    """The status screen as lines of text, Chinese first (ids and codes in parentheses)."""
    if not warehouse.is_file():
        return [f"还没有仓库 {warehouse}；请先运行 `{INGEST_COMMAND}`", *writing_now(warehouse)]
    with connect(warehouse, read_only=True) as con:
        run = last_run(con, warehouse)
        forms = fetch_dicts(con, read_sql("status/run_forms.sql"),
                            {"run_id": run["run_id"] if run else ""})[0]
        totals = fetch_dicts(con, read_sql("status/totals.sql"))[0]
        reasons = fetch_dicts(con, read_sql("status/quarantine_reasons.sql"))
        findings = dict(fetch_rows(con, read_sql("cli/findings_by_severity.sql")))
        decisions = fetch_dicts(con, read_sql("status/decisions.sql"))[0]
        pages = fetch_dicts(con, read_sql("status/pages.sql"))[0]
        unaccounted = fetch_dicts(con, read_sql("status/unaccounted_pages.sql"))
        partial = partial_lines(con)
    published = datetime.fromtimestamp(warehouse.stat().st_mtime, UTC).isoformat(" ", "seconds")
    return [
        f"{warehouse}：发布于 {published[:19]} UTC",
        *writing_now(warehouse),
        *run_lines(run, forms),
        f"仓库现有：项目 {totals['projects']:,} 个，指标 {totals['indicators']:,} 条，"
        f"部门整体目标 {totals['department_targets']:,} 个，"
        f"绩效自评表 {totals['self_evaluations']:,} 张，来自 {totals['files']:,} 个文件",
        *quarantine_lines(totals["quarantined"], reasons),
        *partial,
        *page_lines(pages, unaccounted),
        findings_line(findings),
        decisions_line(decisions),
    ]


def run_lines(run: dict | None, forms: dict) -> list[str]:
    if run is None:
        return ["上次运行：没有记录"]
    finished = f"{run['finished_at'].isoformat(' ', 'seconds')} UTC" if run["finished_at"] \
        else "未结束"
    what = (f"新增 {run['files_new']:,}，修改 {run['files_changed']:,}，"
            f"删除 {run['files_removed']:,}，未变 {run['files_unchanged']:,}")
    if run["contents_parsed"] == 0 and not (run["files_new"] or run["files_changed"]
                                            or run["files_removed"]):
        loaded = "没有要载入的内容，保留了已发布的仓库"
    else:
        loaded = (f"解析 {run['contents_parsed']:,} 份内容，载入表 {forms['forms_loaded']:,} 张，"
                  f"隔离 {forms['forms_quarantined']:,} 张")
    return [f"上次运行：开始 {run['started_at'].isoformat(' ', 'seconds')} UTC，"
            f"结束 {finished}（运行 {run['run_id']}）", f"  文件：{what}", f"  {loaded}"]


def quarantine_lines(total: int, reasons: list[dict]) -> list[str]:
    """What is quarantined, one line per reason: its Chinese title, the code for machines,
    and one file with its reason as an example (the title not repeated)."""
    if not total:
        return ["隔离：无"]
    lines = [f"隔离：{total:,} 项（文件或表）；改正文件后重新放入 raw/："]
    for row in reasons:
        code = row["reason_code"]
        example = _without_title(str(row["example_reason"]), reason_title(code))
        lines.append(f"  {reason_title(code)}（{code}）：{row['quarantined']:,} 项，"
                     f"{row['files']:,} 个文件；例 {row['example_file']}"
                     + (f"：{_short(example)}" if example else ""))
    return lines


def _without_title(reason: str, title: str) -> str:
    """The Chinese part of a reason without the title its line already printed
    (``文件为空 / the file is empty`` -> nothing)."""
    text = chinese_part(reason)
    return text[len(title):].lstrip("：；，（） ") if text.startswith(title) else text


def partial_lines(con: duckdb.DuckDBPyConnection, shown: int = SHOWN_PARTS) -> list[str]:
    """What was read only in part: parts of loaded forms left out (the file is
    ``partial``) and rows of review workbooks from review/ that were not recorded.  Shared
    by ``status`` and the run summary, so both say it the same way."""
    left_out = fetch_dicts(con, read_sql("status/left_out.sql"))
    rejected = (fetch_dicts(con, read_sql("status/review_rejected.sql"))
                if fetch_rows(con, read_sql("decisions/has_imports.sql"))[0][0] else [])
    return [*_left_out_lines(left_out, shown), *_rejected_lines(rejected, shown)]


def _left_out_lines(rows: list[dict], shown: int) -> list[str]:
    if not rows:
        return []
    files = len({row["source_file"] for row in rows})
    lines = [f"部分未载入：{len(rows):,} 处，{files:,} 个文件（状态 partial：表已载入，"
             "但缺这些内容）："]
    lines += [f"  {row['source_file']} {form_label(row['form_seq'])}："
              f"{_short(chinese_part(row['reason']))}" for row in rows[:shown]]
    if len(rows) > shown:
        lines.append(f"  … 另有 {len(rows) - shown:,} 处：select * from left_out")
    return lines


def _rejected_lines(rows: list[dict], shown: int) -> list[str]:
    if not rows:
        return []
    total = sum(row["rows_rejected"] for row in rows)
    lines = [f"审核工作簿未记录的行：{total:,} 行，{len(rows):,} 个工作簿"
             "（改正后重新放入 review/）："]
    for row in rows[:shown]:
        first = str(row["rejected"] or "").splitlines()[:1]
        example = f"；{_short(first[0])}" if first else ""
        lines.append(f"  {row['path']}：{row['rows_rejected']:,} 行未记录，"
                     f"{row['rows_recorded']:,} 行已记录{example}")
    if len(rows) > shown:
        lines.append(f"  … 另有 {len(rows) - shown:,} 个工作簿："
                     "select * from pipeline_state.review_imports where rows_rejected > 0")
    return lines


def _short(text: object) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= REASON_WIDTH else line[:REASON_WIDTH - 1] + "…"


def page_lines(pages: dict, unaccounted: list[dict]) -> list[str]:
    """Pages of the disclosures that print a target table, and any nothing accounts for."""
    if not pages["pages"]:
        return []
    lines = [f"印有绩效目标表的页：{pages['pages']:,} 页，{pages['documents']:,} 份文档；"
             f"其中隔离 {pages['quarantined']:,} 页，其他类型（目录、说明文字）"
             f"{pages['other_kind']:,} 页，无着落 {pages['unaccounted']:,} 页"]
    for row in unaccounted[:SHOWN_PAGES]:
        lines.append(f"  无着落：{row['source_file']} 第 {row['page']} 页："
                     f"{_short(chinese_part(row['reason']))}（{row['reason_code']}）")
    if len(unaccounted) > SHOWN_PAGES:
        lines.append(f"  … 另有 {len(unaccounted) - SHOWN_PAGES:,} 页：select * from "
                     "page_coverage where outcome = 'unaccounted'")
    return lines


def findings_line(findings: dict[str, int]) -> str:
    """The review findings by severity, errors first, in Chinese (the ids in the data)."""
    if not findings:
        return "审核发现：无"
    ordered = [s for s in SEVERITIES if s in findings] + sorted(
        s for s in findings if s not in SEVERITIES)
    return "审核发现：" + "，".join(f"{label(SEVERITY_LABELS, s)} {findings[s]:,}"
                                   for s in ordered)


def decisions_line(counts: dict[str, int]) -> str:
    """How far the review has got: what is still to decide, what was decided."""
    standing = "，".join(f"{label(DECISION_LABELS, code)} {counts[code]:,}"
                        for code in DECISION_LABELS)
    return (f"审核决定：待决定 {counts['open_findings']:,} 条；已决定且仍成立：{standing}；"
            f"决定后已改正 {counts['resolved']:,} 条")


def writing_now(warehouse: Path) -> list[str]:
    """A line when a run holds the writer lock and has a build beside the warehouse.

    The lock is not taken to find out (a status call must never make a starting run
    fail as busy): the holder's pid is read from the lock file and checked for life.
    """
    lock = WriterLock(warehouse).path
    builds = sorted(warehouse.parent.glob(warehouse.name + ".build-*")) \
        if warehouse.parent.is_dir() else []
    if not lock.exists() or not builds:
        return []
    holder = lock.read_text("utf-8", "replace").strip()
    pid = int(holder.split()[-1]) if holder.startswith("pid ") and holder.split()[-1].isdigit() \
        else None
    if pid is None or not _alive(pid):
        return []
    return [f"正在运行：pid {pid} 正在写入 {builds[-1].name}；它结束前，已发布的仓库保持如上"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
