"""``python -m pipelines ingest``: run the same asset graph as Dagster, in-process, and
summarise it.

Kept apart from ``pipelines.commands.cli`` because it imports Dagster (about 1.5 s): only the
ingest pays for it, and ``query`` and ``status`` start without it.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import dagster as dg

from pipelines.commands.entry import EXIT_INCOMPLETE, EXIT_OK, UserError, print_error
from pipelines.commands.status import findings_line, partial_lines
from pipelines.core import progress
from pipelines.core.id_labels import FILE_STATUS_LABELS, label
from pipelines.core.sql_files import read_sql
from pipelines.definitions import INGEST_JOB, build_definitions
from pipelines.defs.resources import warehouse_from_env
from pipelines.load.quiet_nights import quiet_runs
from pipelines.load.runs import last_run
from pipelines.load.warehouse import connect, count_rows, fetch_rows
from pipelines.parse.messages import reason_title

SUMMARY_TABLES = ("ingest_files", "projects", "funds", "indicators", "self_evaluations",
                  "self_evaluation_indicators", "quarantine", "review_findings")


def run_ingest(raw: Path, warehouse: Path, review: Path | None = None,
               fragments: str | None = None) -> dg.ExecuteInProcessResult:
    """Execute the ingest job in this process with an ephemeral Dagster instance.

    With ``fragments`` (a storage root of a partitioned parse) the run publishes from the
    partitions' Parquet fragments instead of reading ``raw``.  A failed run's build file
    is removed by the resource's teardown, not here.
    """
    resource = warehouse_from_env(str(raw), str(warehouse), str(review) if review else None,
                                  fragments_url=fragments)
    job = build_definitions(resource).resolve_job_def(INGEST_JOB)
    return job.execute_in_process(
        run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}},
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


_EXCEPTION_PREFIX = re.compile(r"^[\w.]+(Error|Exception|Busy): ")


def _root_message(error: object) -> str:
    """The innermost cause of a Dagster error: the message a person can act on."""
    while getattr(error, "cause", None) is not None:
        error = error.cause
    text = str(getattr(error, "message", error)).strip().splitlines()[-1]
    return _EXCEPTION_PREFIX.sub("", text)


def _failure_lines(result: dg.ExecuteInProcessResult) -> list[str]:
    lines: list[str] = []
    for event in result.all_events:
        data = event.event_specific_data
        if event.is_step_failure and event.step_key:
            lines.append(f"  步骤 {event.step_key}：{_root_message(data.error)}")
        elif event.event_type_value == "RESOURCE_INIT_FAILURE" and data and data.error:
            lines.append(f"  {_root_message(data.error)}")
        elif (event.event_type_value == "ASSET_CHECK_EVALUATION" and data
              and not data.passed and data.blocking):
            lines.append(f"  阻断检查未通过：{data.check_name}"
                         f"（{data.asset_key.to_user_string()}）")
    return list(dict.fromkeys(lines))


def check_lines(result: dg.ExecuteInProcessResult) -> list[str]:
    """How many asset checks passed, and which data-quality checks warned (by name)."""
    evaluations = [e.event_specific_data for e in result.all_events
                   if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    warned = sorted(ev.check_name for ev in evaluations if ev and not ev.passed)
    passed = sum(1 for ev in evaluations if ev and ev.passed)
    line = f"  检查：通过 {passed}，警告 {len(warned)}"
    return [line + (f"（{'、'.join(warned)}）" if warned else "")]


def summary_lines(warehouse: Path) -> list[str]:
    """The run summary, Chinese first: rows per table (the tables by their SQL names),
    money, files by status, quarantine reasons, this run, what was read only in part and
    the review findings."""
    with connect(warehouse, read_only=True) as con:
        counts = {t: count_rows(con, t) for t in SUMMARY_TABLES}
        total, annual = fetch_rows(con, read_sql("cli/total_funds.sql"))[0]
        statuses = fetch_rows(con, read_sql("cli/files_by_status.sql"))
        reasons = fetch_rows(con, read_sql("cli/quarantine_reasons.sql"))
        findings = dict(fetch_rows(con, read_sql("cli/findings_by_severity.sql")))
        run = last_run(con, warehouse)
        partial = partial_lines(con)
    width = max(map(len, counts)) + 2
    lines = [f"已发布 {warehouse}", *(f"  {table:<{width}}{n:>6}" for table, n in counts.items()),
             f"  资金（各年度相加）：项目资金总额 {total:,} 元，年度资金总额 {annual:,} 元"]
    if statuses:
        lines.append("  文件：" + "，".join(f"{label(FILE_STATUS_LABELS, s)} {n}"
                                          for s, n in statuses))
    lines += [f"  隔离：{reason_title(code)}（{code}）：{n} 项" for code, n in reasons]
    if run:
        quiet = run["run_id"] in quiet_runs(warehouse)["run_id"].to_list()
        lines.append(f"  本次运行：文件新增 {run['files_new']}，修改 {run['files_changed']}，"
                     f"删除 {run['files_removed']}；解析 {run['contents_parsed']} 份内容"
                     + ("；没有变化，保留了已发布的仓库" if quiet else ""))
    lines += [f"  {line}" for line in partial]
    if findings:
        lines.append(f"  {findings_line(findings)}")
    return lines


def print_summary(warehouse: Path, result: dg.ExecuteInProcessResult) -> None:
    """One screen: counts per table, files by status, quarantine reasons, review, checks."""
    print("\n".join([*summary_lines(warehouse), *check_lines(result)]))


def ingest_command(args: argparse.Namespace) -> int:
    """The ``ingest`` command: exit 0 when the run completed, 1 when it did not."""
    raw, warehouse = Path(args.raw), args.warehouse
    if not raw.is_dir():
        raise UserError(f"--raw {raw} 不是文件夹；请先创建它或指定另一个文件夹")
    with progress.reporting_to(progress.for_stream(sys.stderr)):
        result = run_ingest(raw, warehouse, args.review)
    if not result.success:
        print_error("这次运行没有完成，已发布的仓库保持原样；原因：")
        for line in _failure_lines(result):
            print(line, file=sys.stderr)
        return EXIT_INCOMPLETE
    print_summary(warehouse, result)
    return EXIT_OK
