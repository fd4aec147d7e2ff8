"""Command line: run the same asset graph as Dagster, in-process, and summarise it."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import dagster as dg

from pipelines import progress
from pipelines.definitions import INGEST_JOB, build_definitions
from pipelines.defs.resources import warehouse_from_env
from pipelines.export import export_warehouse
from pipelines.ledger import last_run, quiet_runs
from pipelines.query import DEFAULT_SHOWN_ROWS, FORMATS, QueryError, query
from pipelines.report import write_report
from pipelines.review_cli import add_review_parser, run_review
from pipelines.status import partial_lines, status_lines
from pipelines.warehouse import connect, count_rows, fetch_rows, read_sql

SUMMARY_TABLES = ("ingest_files", "projects", "funds", "indicators", "quarantine",
                  "review_findings")


DEFAULT_WAREHOUSE = "warehouse/forms.duckdb"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipelines")
    sub = parser.add_subparsers(dest="command", required=True)
    ingest = sub.add_parser("ingest", help="load every form of a folder into the warehouse")
    ingest.add_argument("--raw", default="raw", help="folder of input forms (default raw/)")
    ingest.add_argument("--review", default=None,
                        help="folder of filled-in review workbooks to record "
                             "(default $FORMS_REVIEW_DIR or review/)")
    _warehouse_option(ingest, "DuckDB file to publish")
    query = sub.add_parser("query", help="run one read-only SQL statement on the warehouse")
    query.add_argument("sql", help='for example "select * from project_scorecard limit 5"')
    query.add_argument("--format", choices=FORMATS, default="table",
                       help="table (aligned, first rows), csv, json (lines) or parquet")
    query.add_argument("--out", type=Path, help="write to this file instead of the screen")
    query.add_argument("--max-rows", type=int, default=DEFAULT_SHOWN_ROWS,
                       help="rows shown by --format table (default 100)")
    _warehouse_option(query, "DuckDB file to read")
    status = sub.add_parser("status", help="the last run, what is quarantined, the findings")
    _warehouse_option(status, "DuckDB file to read")
    export = sub.add_parser("export", help="write Parquet, CSV and the Excel workbook")
    export.add_argument("--out", type=Path, help="folder (default: exports/ beside the warehouse)")
    _warehouse_option(export, "DuckDB file to read")
    report = sub.add_parser("report", help="write the self-contained HTML report")
    report.add_argument("--out", type=Path,
                        help="HTML file (default: report.html beside the warehouse)")
    report.add_argument("--raw", help="folder the forms came from, for links (default: "
                        "$FORMS_RAW_DIR, else raw/ beside the warehouse or its folder)")
    _warehouse_option(report, "DuckDB file to read")
    add_review_parser(sub, _warehouse_option)
    return parser


def _warehouse_option(parser: argparse.ArgumentParser, meaning: str) -> None:
    parser.add_argument("--warehouse", type=Path, default=Path(DEFAULT_WAREHOUSE),
                        help=f"{meaning} (default {DEFAULT_WAREHOUSE})")


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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = {"ingest": _ingest, "query": _query, "status": _status, "export": _export,
               "report": _report, "review": run_review}[args.command]
    return command(args)


def _ingest(args: argparse.Namespace) -> int:
    raw, warehouse = Path(args.raw), args.warehouse
    if not raw.is_dir():
        print(f"error: --raw {raw} is not a folder; create it or name another", file=sys.stderr)
        return 2
    with progress.reporting_to(progress.for_stream(sys.stderr)):
        result = run_ingest(raw, warehouse, args.review)
    if not result.success:
        print("error: the run did not complete; the published warehouse was left as it was",
              file=sys.stderr)
        for line in _failure_lines(result):
            print(line, file=sys.stderr)
        return 1
    print_summary(warehouse, result)
    return 0


def _query(args: argparse.Namespace) -> int:
    try:
        rows = query(args.warehouse, args.sql, args.format, args.out, args.max_rows)
    except QueryError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.out:
        print(f"wrote {rows:,} rows to {args.out}", file=sys.stderr)
    return 0


def _status(args: argparse.Namespace) -> int:
    print("\n".join(status_lines(args.warehouse)))
    return 0 if args.warehouse.is_file() else 1


def _missing(warehouse: Path) -> bool:
    if warehouse.is_file():
        return False
    print(f"error: no warehouse at {warehouse}; run `python -m pipelines ingest` first",
          file=sys.stderr)
    return True


def _export(args: argparse.Namespace) -> int:
    if _missing(args.warehouse):
        return 2
    out = args.out or args.warehouse.with_name("exports")
    summary = export_warehouse(args.warehouse, out)
    print(f"exported {len(summary.tables)} tables and views to {out}: "
          f"{summary.total_bytes:,} bytes")
    return 0


def _report(args: argparse.Namespace) -> int:
    if _missing(args.warehouse):
        return 2
    out = args.out or args.warehouse.with_name("report.html")
    summary = write_report(args.warehouse, out, Path(args.raw) if args.raw else None)
    print(f"wrote {summary.path}: {summary.charts} charts, {summary.attention_rows} of "
          f"{summary.flagged_projects} flagged projects listed")
    return 0
