"""Command line: the dispatcher of ``python -m pipelines``.

This module is on the path of every command, so it imports only what parsing needs and
each command imports its own work when it runs: ``query`` and ``status`` start without
Dagster, polars, openpyxl or the parser (under half a second, ``make bench``), and only
``ingest`` loads the asset graph.  Every command runs inside ``entry.guarded``: a mistake
a person can make is one line on stderr and a documented exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.entry import EXIT_INCOMPLETE, EXIT_OK, guarded, require_warehouse
from pipelines.query import DEFAULT_SHOWN_ROWS, FORMATS

if TYPE_CHECKING:
    from collections.abc import Sequence

DEFAULT_WAREHOUSE = "warehouse/forms.duckdb"
REVIEW_HELP = "reviewers' decisions: import, list, decide, letters"


def _parser(review: bool = True) -> argparse.ArgumentParser:
    """Every command; ``review=False`` puts a stand-in for ``review``, whose sub-commands
    import the decisions' code, so the other commands parse without it."""
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
    query.add_argument("--out", type=Path, help="write to this file (its folder must exist) "
                                                "instead of the screen")
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
    if review:
        from pipelines.review_cli import add_review_parser

        add_review_parser(sub, _warehouse_option)
    else:
        sub.add_parser("review", help=REVIEW_HELP, add_help=False)
    return parser


def _warehouse_option(parser: argparse.ArgumentParser, meaning: str) -> None:
    parser.add_argument("--warehouse", type=Path, default=Path(DEFAULT_WAREHOUSE),
                        help=f"{meaning} (default {DEFAULT_WAREHOUSE})")


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The arguments, parsed with the ``review`` sub-commands only when it is ``review``."""
    light = _parser(review=False)
    first, _ = light.parse_known_args(argv)
    return (_parser() if first.command == "review" else light).parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else list(argv))
    command = {"ingest": _ingest, "query": _query, "status": _status, "export": _export,
               "report": _report, "review": _review}[args.command]
    return guarded(lambda: command(args))


def __getattr__(name: str) -> object:
    """``run_ingest``, ``print_summary`` and ``check_lines`` live in
    ``pipelines.ingest_cli`` (with Dagster) and are still importable from here."""
    if name in {"run_ingest", "print_summary", "check_lines"}:
        from pipelines import ingest_cli

        return getattr(ingest_cli, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _ingest(args: argparse.Namespace) -> int:
    from pipelines.ingest_cli import ingest_command

    return ingest_command(args)


def _query(args: argparse.Namespace) -> int:
    from pipelines.query import query

    rows = query(args.warehouse, args.sql, args.format, args.out, args.max_rows)
    if args.out:
        print(f"wrote {rows:,} rows to {args.out}", file=sys.stderr)
    return EXIT_OK


def _status(args: argparse.Namespace) -> int:
    from pipelines.status import status_lines

    if args.warehouse.exists():
        require_warehouse(args.warehouse)
    print("\n".join(status_lines(args.warehouse)))
    return EXIT_OK if args.warehouse.is_file() else EXIT_INCOMPLETE


def _export(args: argparse.Namespace) -> int:
    require_warehouse(args.warehouse)
    from pipelines.export import export_warehouse  # openpyxl: only when exporting

    out = args.out or args.warehouse.with_name("exports")
    summary = export_warehouse(args.warehouse, out)
    print(f"exported {len(summary.tables)} tables and views to {out}: "
          f"{summary.total_bytes:,} bytes")
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    require_warehouse(args.warehouse)
    from pipelines.report import write_report

    out = args.out or args.warehouse.with_name("report.html")
    summary = write_report(args.warehouse, out, Path(args.raw) if args.raw else None)
    print(f"wrote {summary.path}: {summary.charts} charts, {summary.attention_rows} of "
          f"{summary.flagged_projects} flagged projects listed")
    return EXIT_OK


def _review(args: argparse.Namespace) -> int:
    from pipelines.review_cli import run_review

    return run_review(args)
