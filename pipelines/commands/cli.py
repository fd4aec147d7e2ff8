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

from pipelines.commands.entry import (
    ERROR_PREFIX,
    EXIT_INCOMPLETE,
    EXIT_OK,
    EXIT_USAGE,
    REVIEW_HELP,
    guarded,
    require_warehouse,
)
from pipelines.commands.query import DEFAULT_SHOWN_ROWS, FORMATS
from pipelines.outputs.locations import exports_dir, report_path

if TYPE_CHECKING:
    from collections.abc import Sequence

DEFAULT_WAREHOUSE = "warehouse/forms.duckdb"
# argparse's own words in its error lines, as a person reads them here
ARGPARSE_WORDS = (("the following arguments are required: ", "缺少参数："),
                  ("unrecognized arguments: ", "无法识别的参数："),
                  ("invalid choice: ", "无效的选择："), ("choose from ", "可选 "),
                  ("expected one argument", "需要一个值"), ("invalid int value: ", "不是整数："),
                  ("argument ", "参数 "))


class ChineseParser(argparse.ArgumentParser):
    """argparse with its error line like every other command's: the usage, then one line
    starting with 错误： (exit 2), argparse's commonest words in Chinese."""

    def error(self, message: str) -> None:  # type: ignore[override]
        for english, chinese in ARGPARSE_WORDS:
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{ERROR_PREFIX}{message}\n")


def _parser(review: bool = True) -> argparse.ArgumentParser:
    """Every command; ``review=False`` puts a stand-in for ``review``, whose sub-commands
    import the decisions' code, so the other commands parse without it."""
    parser = ChineseParser(prog="python -m pipelines")
    sub = parser.add_subparsers(dest="command", required=True)
    ingest = sub.add_parser("ingest", help="把文件夹中的每张表载入仓库")
    ingest.add_argument("--raw", default="raw", help="存放表格文件的文件夹（默认 raw/）")
    ingest.add_argument("--review", default=None,
                        help="填好的审核工作簿所在的文件夹（默认 $FORMS_REVIEW_DIR 或 review/）")
    _warehouse_option(ingest, "要发布的 DuckDB 文件")
    query = sub.add_parser("query", help="在仓库上运行一条只读 SQL 语句")
    query.add_argument("sql", help='例如 "select * from project_scorecard limit 5"')
    query.add_argument("--format", choices=FORMATS, default="table",
                       help="table（对齐的表，前若干行）、csv、json（每行一个对象）或 parquet")
    query.add_argument("--out", type=Path, help="写入这个文件（其文件夹须已存在），而不是屏幕")
    query.add_argument("--max-rows", type=int, default=DEFAULT_SHOWN_ROWS,
                       help="--format table 显示的行数（默认 100）")
    _warehouse_option(query, "要读取的 DuckDB 文件")
    status = sub.add_parser("status", help="上次运行、隔离的内容、审核发现与决定")
    _warehouse_option(status, "要读取的 DuckDB 文件")
    export = sub.add_parser("export", help="导出 Parquet、CSV 和 Excel 工作簿")
    export.add_argument("--out", type=Path, help="文件夹（默认：仓库旁的 <仓库名>.exports/）")
    _warehouse_option(export, "要读取的 DuckDB 文件")
    report = sub.add_parser("report", help="写出独立的 HTML 报告")
    report.add_argument("--out", type=Path,
                        help="HTML 文件（默认：仓库旁的 <仓库名>.report.html）")
    report.add_argument("--raw", help="表格文件所在的文件夹，用于链接（默认：$FORMS_RAW_DIR，"
                        "否则仓库或其上级文件夹旁的 raw/）")
    _warehouse_option(report, "要读取的 DuckDB 文件")
    if review:
        from pipelines.commands.review import add_review_parser

        add_review_parser(sub, _warehouse_option)
    else:
        sub.add_parser("review", help=REVIEW_HELP, add_help=False)
    return parser


def _warehouse_option(parser: argparse.ArgumentParser, meaning: str) -> None:
    parser.add_argument("--warehouse", type=Path, default=Path(DEFAULT_WAREHOUSE),
                        help=f"{meaning}（默认 {DEFAULT_WAREHOUSE}）")


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
    ``pipelines.commands.ingest`` (with Dagster) and are still importable from here."""
    if name in {"run_ingest", "print_summary", "check_lines"}:
        from pipelines.commands import ingest as ingest_cli

        return getattr(ingest_cli, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _ingest(args: argparse.Namespace) -> int:
    from pipelines.commands.ingest import ingest_command

    return ingest_command(args)


def _query(args: argparse.Namespace) -> int:
    from pipelines.commands.query import query

    rows = query(args.warehouse, args.sql, args.format, args.out, args.max_rows)
    if args.out:
        print(f"已将 {rows:,} 行写入 {args.out}", file=sys.stderr)
    return EXIT_OK


def _status(args: argparse.Namespace) -> int:
    from pipelines.commands.status import status_lines

    if args.warehouse.exists():
        require_warehouse(args.warehouse)
    print("\n".join(status_lines(args.warehouse)))
    return EXIT_OK if args.warehouse.is_file() else EXIT_INCOMPLETE


def _export(args: argparse.Namespace) -> int:
    require_warehouse(args.warehouse)
    from pipelines.outputs.export.folder import export_warehouse  # openpyxl: only when exporting

    out = args.out or exports_dir(args.warehouse)
    summary = export_warehouse(args.warehouse, out)
    print(f"已导出 {len(summary.tables)} 个表和视图到 {out}：共 {summary.total_bytes:,} 字节")
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    require_warehouse(args.warehouse)
    from pipelines.outputs.report.write import write_report

    out = args.out or report_path(args.warehouse)
    summary = write_report(args.warehouse, out, Path(args.raw) if args.raw else None)
    print(f"已写出 {summary.path}：图表 {summary.charts} 个，需关注的项目列出 "
          f"{summary.attention_rows} 个（共 {summary.flagged_projects} 个）")
    return EXIT_OK


def _review(args: argparse.Namespace) -> int:
    from pipelines.commands.review import run_review

    return run_review(args)
