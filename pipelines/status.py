"""``python -m pipelines status``: what the last night did and what needs a person now.

One screen for the morning: the last run (when, which files were new, changed or removed,
how many forms it loaded), whether a run is writing right now, what is quarantined and
why, and the review findings by severity.  It reads the published warehouse read-only
(and the quiet-runs file beside it), so it works while a nightly run is writing.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.lock import WriterLock
from pipelines.runs import last_run
from pipelines.warehouse import connect, fetch_dicts, fetch_rows, read_sql

SEVERITY_ORDER = ("error", "warning", "info")
REASON_WIDTH = 100
SHOWN_PAGES = 10
SHOWN_PARTS = 10  # parts left out and rejected workbooks listed before "… and N more"


def status_lines(warehouse: Path) -> list[str]:
    """The status screen as lines of text."""
    if not warehouse.is_file():
        return [f"no warehouse at {warehouse} yet; run `python -m pipelines ingest`",
                *writing_now(warehouse)]
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
        f"{warehouse}: published {published[:19]} UTC",
        *writing_now(warehouse),
        *run_lines(run, forms),
        f"holds: {totals['projects']:,} projects, {totals['indicators']:,} indicators, "
        f"{totals['department_targets']:,} department targets from {totals['files']:,} files",
        *quarantine_lines(totals["quarantined"], reasons),
        *partial,
        *page_lines(pages, unaccounted),
        findings_line(findings),
        decisions_line(decisions),
    ]


def run_lines(run: dict | None, forms: dict) -> list[str]:
    if run is None:
        return ["last run: none recorded"]
    finished = run["finished_at"].isoformat(" ", "seconds") if run["finished_at"] else "—"
    what = (f"{run['files_new']:,} new, {run['files_changed']:,} changed, "
            f"{run['files_removed']:,} removed, {run['files_unchanged']:,} unchanged files")
    if run["contents_parsed"] == 0 and not (run["files_new"] or run["files_changed"]
                                            or run["files_removed"]):
        loaded = "nothing to load; the published warehouse was kept"
    else:
        loaded = (f"{run['contents_parsed']:,} contents parsed, {forms['forms_loaded']:,} forms "
                  f"loaded, {forms['forms_quarantined']:,} quarantined")
    return [f"last run: started {run['started_at'].isoformat(' ', 'seconds')} UTC, "
            f"finished {finished} (run {run['run_id']})", f"  files: {what}", f"  {loaded}"]


def quarantine_lines(total: int, reasons: list[dict]) -> list[str]:
    if not total:
        return ["quarantined: nothing"]
    lines = [f"quarantined: {total:,} (files or forms); fix the file and drop it in again:"]
    for row in reasons:
        reason = " ".join(str(row["example_reason"]).split())
        if len(reason) > REASON_WIDTH:
            reason = reason[:REASON_WIDTH - 1] + "…"
        lines.append(f"  {row['reason_code']} x{row['quarantined']:,} in {row['files']:,} "
                     f"file(s), e.g. {row['example_file']}: {reason}")
    return lines


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
    lines = [f"部分未载入 / left out: {len(rows):,} 处，{files:,} 个文件（状态 partial，"
             "表已载入但缺这些内容）:"]
    lines += [f"  {row['source_file']} 第 {row['form_seq']} 张表: {_short(row['reason'])}"
              for row in rows[:shown]]
    if len(rows) > shown:
        lines.append(f"  … 另有 {len(rows) - shown:,} 处: select * from left_out")
    return lines


def _rejected_lines(rows: list[dict], shown: int) -> list[str]:
    if not rows:
        return []
    total = sum(row["rows_rejected"] for row in rows)
    lines = [f"审核工作簿未记录的行 / review rows rejected: {total:,} 行，{len(rows):,} 个工作簿"
             "（改正后重新放入 review/）:"]
    for row in rows[:shown]:
        first = str(row["rejected"] or "").splitlines()[:1]
        example = f"; {_short(first[0])}" if first else ""
        lines.append(f"  {row['path']}: {row['rows_rejected']:,} 行未记录，"
                     f"{row['rows_recorded']:,} 行已记录{example}")
    return lines


def _short(text: object) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= REASON_WIDTH else line[:REASON_WIDTH - 1] + "…"


def page_lines(pages: dict, unaccounted: list[dict]) -> list[str]:
    """Pages of the disclosures that print a target table, and any nothing accounts for."""
    if not pages["pages"]:
        return []
    lines = [f"pages with a target table: {pages['pages']:,} in {pages['documents']:,} "
             f"document(s); {pages['quarantined']:,} quarantined, {pages['other_kind']:,} of "
             f"another kind (contents, prose), {pages['unaccounted']:,} unaccounted"]
    for row in unaccounted[:SHOWN_PAGES]:
        lines.append(f"  unaccounted: {row['source_file']} page {row['page']}: "
                     f"{row['reason_code']}")
    if len(unaccounted) > SHOWN_PAGES:
        lines.append(f"  … and {len(unaccounted) - SHOWN_PAGES:,} more: select * from "
                     "page_coverage where outcome = 'unaccounted'")
    return lines


def findings_line(findings: dict[str, int]) -> str:
    if not findings:
        return "review findings: none"
    ordered = [s for s in SEVERITY_ORDER if s in findings] + sorted(
        s for s in findings if s not in SEVERITY_ORDER)
    return "review findings: " + ", ".join(f"{s} {findings[s]:,}" for s in ordered)


def decisions_line(counts: dict[str, int]) -> str:
    """How far the review has got: what is still to decide, what was decided."""
    return (f"review decisions: {counts['open_findings']:,} findings open; decided and standing: "
            f"{counts['accepted']:,} accepted, {counts['dismissed']:,} dismissed, "
            f"{counts['returned']:,} returned; {counts['resolved']:,} resolved since decided")


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
    return [f"a run is writing now (pid {pid}, build {builds[-1].name}); the published "
            "warehouse stays as shown until it finishes"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
