"""``python -m pipelines ingest``: run the same asset graph as Dagster, in-process, and
summarise it.

Kept apart from ``pipelines.cli`` because it imports Dagster (about 1.5 s): only the
ingest pays for it, and ``query`` and ``status`` start without it.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import dagster as dg

from pipelines import progress
from pipelines.definitions import INGEST_JOB, build_definitions
from pipelines.defs.resources import warehouse_from_env
from pipelines.entry import EXIT_INCOMPLETE, EXIT_OK, UserError, print_error
from pipelines.ledger import last_run, quiet_runs
from pipelines.status import partial_lines
from pipelines.warehouse import connect, count_rows, fetch_rows, read_sql

SUMMARY_TABLES = ("ingest_files", "projects", "funds", "indicators", "quarantine",
                  "review_findings")


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
            lines.append(f"  step {event.step_key}: {_root_message(data.error)}")
        elif event.event_type_value == "RESOURCE_INIT_FAILURE" and data and data.error:
            lines.append(f"  {_root_message(data.error)}")
        elif (event.event_type_value == "ASSET_CHECK_EVALUATION" and data
              and not data.passed and data.blocking):
            lines.append(f"  blocking check failed: {data.check_name} "
                         f"on {data.asset_key.to_user_string()}")
    return list(dict.fromkeys(lines))


def check_lines(result: dg.ExecuteInProcessResult) -> list[str]:
    """How many asset checks passed, and which data-quality checks warned."""
    evaluations = [e.event_specific_data for e in result.all_events
                   if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    warned = sorted(ev.check_name for ev in evaluations if ev and not ev.passed)
    passed = sum(1 for ev in evaluations if ev and ev.passed)
    line = f"  checks: {passed} passed, {len(warned)} warned"
    return [line + (f" ({', '.join(warned)})" if warned else "")]


def print_summary(warehouse: Path, result: dg.ExecuteInProcessResult) -> None:
    """One screen: counts per table, files by status, quarantine reasons, review."""
    with connect(warehouse, read_only=True) as con:
        counts = {t: count_rows(con, t) for t in SUMMARY_TABLES}
        total, annual = fetch_rows(con, read_sql("cli/total_funds.sql"))[0]
        statuses = fetch_rows(con, read_sql("cli/files_by_status.sql"))
        reasons = fetch_rows(con, read_sql("cli/quarantine_reasons.sql"))
        findings = fetch_rows(con, read_sql("cli/findings_by_severity.sql"))
        run = last_run(con, warehouse)
        partial = partial_lines(con)
    print(f"published {warehouse}")
    for table, n in counts.items():
        print(f"  {table:<14}{n:>8}")
    print(f"  funds: total {total:,} 元, annual_total {annual:,} 元")
    if statuses:
        print("  files: " + ", ".join(f"{s} {n}" for s, n in statuses))
    for code, n in reasons:
        print(f"  quarantined: {code} x{n}")
    if run:
        print(f"  this run: {run['files_new']} new, {run['files_changed']} changed, "
              f"{run['files_removed']} removed files; {run['contents_parsed']} parsed"
              + ("; nothing changed, the published warehouse was kept"
                 if run["run_id"] in quiet_runs(warehouse)["run_id"].to_list() else ""))
    for line in partial:
        print(f"  {line}")
    if findings:
        print("  review findings: " + ", ".join(f"{s} {n}" for s, n in sorted(findings)))
    for line in check_lines(result):
        print(line)


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
