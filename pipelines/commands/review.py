"""``python -m pipelines review …``: the reviewer's commands.

- ``review import FILE.xlsx``: record the decisions filled into an exported workbook;
- ``review decide FINDING_ID 接受|不采纳|退回修改 --comment … --reviewer …`` (or the ids
  accepted, dismissed, returned; any other word is refused): records one decision and
  echoes the finding, its project and the decision that stands;
- ``review list [--open] [--unit U]``: current findings with their current decision, rule,
  severity and decision in Chinese first and their ids after them;
- ``review letters``: one DOCX 审核意见 per unit (实施单位, else 主管部门) with its returned
  findings.

A command that records decisions changes the warehouse the way a night does: it holds
the writer lock (so it never races a nightly run), copies the published file, records
in the copy and publishes it by rename, so BI readers are never blocked and never see
half a batch.  Nothing is published when nothing was recorded.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from pipelines.commands.entry import REVIEW_HELP, print_error
from pipelines.commands.query import FORMATS, QueryError, Statement, open_read_only, write_result
from pipelines.core.id_labels import SEVERITY_LABELS, with_id
from pipelines.core.sql_files import read_sql
from pipelines.load.rebuild import built_by_this_code
from pipelines.load.review_tables import ensure_decision_tables
from pipelines.load.warehouse import build_path_for, connect, discard, fetch_rows, publish
from pipelines.publish.lock import WarehouseBusy, WriterLock
from pipelines.review.decisions import (
    DECISION_CHOICES,
    DECISION_LABELS,
    DecisionError,
    decide,
    finding_and_decision,
    returned_rows,
)
from pipelines.review.workbook_import import WorkbookImport, import_workbook

if TYPE_CHECKING:
    from pipelines.review.letters import LetterFile

LETTERS_DIR = "letters"


def add_review_parser(sub: argparse._SubParsersAction, warehouse_option: object) -> None:
    """The ``review`` command and its sub-commands."""
    review = sub.add_parser("review", help=REVIEW_HELP)
    actions = review.add_subparsers(dest="action", required=True)
    imp = actions.add_parser("import", help="记录填入工作簿的审核决定")
    imp.add_argument("workbook", type=Path, help="导出并填好的 forms.xlsx")
    imp.add_argument("--reviewer", help="审核人为空的行记为此审核人")
    listing = actions.add_parser("list", help="列出审核发现及其当前决定")
    listing.add_argument("--open", action="store_true", help="只列尚未决定的审核发现")
    listing.add_argument("--unit", help="只列这个实施单位")
    listing.add_argument("--format", choices=FORMATS, default="table")
    listing.add_argument("--out", type=Path, help="写入这个文件，而不是屏幕")
    listing.add_argument("--max-rows", type=int, default=100, help="表格显示的行数")
    choice = actions.add_parser("decide", help="记录一条审核决定")
    choice.add_argument("finding_id", help="审核发现的 id（或唯一的、至少 6 个字符的前缀）")
    choice.add_argument("decision", help=f"{DECISION_CHOICES}；其他词一律不接受")
    choice.add_argument("--comment", help="审核意见：单位须修改什么，或为何不采纳")
    choice.add_argument("--reviewer", help="审核人")
    letters = actions.add_parser("letters",
                                 help="每个单位一份审核意见书（DOCX），列出退回修改的审核发现")
    letters.add_argument("--out", type=Path,
                         help=f"文件夹（默认：仓库旁的 {LETTERS_DIR}/）")
    for parser in (imp, listing, choice, letters):
        warehouse_option(parser, "DuckDB 文件")  # type: ignore[operator]


def run_review(args: argparse.Namespace) -> int:
    """Run one review sub-command; errors are one line and exit 2.  A reader that stops
    reading (``review list | head``) ends the listing quietly, as it would ``cat``."""
    actions = {"import": _import, "list": _list, "decide": _decide, "letters": _letters}
    try:
        code = actions[args.action](args)
        sys.stdout.flush()  # a reader gone shows here (entry.guarded: exit 141, quietly)
        return code
    except (DecisionError, QueryError) as err:
        print_error(str(err))
        return 2


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@contextmanager
def recording(published: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a copy of the published warehouse that replaces it afterwards,
    under the writer lock; published only when the block changed the decisions."""
    if not published.is_file():
        raise DecisionError(f"没有仓库文件 {published}；请先运行 `python -m pipelines ingest`")
    lock = WriterLock(published)
    try:
        lock.acquire()
    except WarehouseBusy as err:
        raise DecisionError(f"{err}；请等它结束后再试") from None
    run_id = f"review-{uuid.uuid4().hex[:12]}"
    build = build_path_for(published, run_id)
    try:
        shutil.copyfile(published, build)
        with connect(build) as con:
            require_this_version(con, published)
            ensure_decision_tables(con)
            before = _decision_state(con)
            yield con
            changed = _decision_state(con) != before
        if changed:
            publish(build, published, run_id, now())
    finally:
        discard(build)
        lock.release()


def require_this_version(con: duckdb.DuckDBPyConnection, warehouse: Path) -> None:
    """Refuse a warehouse whose findings another version of the program made: their ids
    may differ from the ones this version gives, and its views may be missing."""
    if not built_by_this_code(con):
        raise DecisionError(f"{warehouse} 由本程序的另一个版本生成；请先运行 "
                            "`python -m pipelines ingest`，它会重建审核发现")


def _decision_state(con: duckdb.DuckDBPyConnection) -> tuple:
    return tuple(fetch_rows(con, read_sql("decisions/state.sql"))[0])


def _import(args: argparse.Namespace) -> int:
    book: Path = args.workbook
    if not book.is_file():
        raise DecisionError(f"{book} 不是文件")
    with recording(args.warehouse) as con:
        done = import_workbook(con, book, decided_at=now(), default_reviewer=args.reviewer)
    print(import_lines(done))
    return 1 if done.recorded.rejected else 0


def import_lines(done: WorkbookImport) -> str:
    """What an import did, with each rejected row on its own line."""
    if done.already_imported:
        return f"{done.path.name} 已导入过（内容相同）；没有变化"
    lines = [f"{done.path.name}：{done.recorded.summary()}"]
    lines += [f"  {rejected.line()}" for rejected in done.recorded.rejected]
    return "\n".join(lines)


def _decide(args: argparse.Namespace) -> int:
    with recording(args.warehouse) as con:
        done = decide(con, args.finding_id, args.decision, comment=args.comment,
                      reviewer=args.reviewer, decided_at=now())
        standing = finding_and_decision(con, done.finding_id)
    if done.recorded.rejected:
        print_error(done.recorded.rejected[0].reason)
        return 2
    print("\n".join(decision_echo(standing, recorded=bool(done.recorded.recorded))))
    return 0


def decision_echo(row: dict, *, recorded: bool) -> list[str]:
    """What ``decide`` tells the reviewer: the decision that stands, the finding (its rule's
    Chinese name, severity and message) and the project, so a mistyped id shows at once."""
    from pipelines.review.rules import RULE_TITLES  # 0.07 s, only for the echo

    decision = with_id(DECISION_LABELS, row["decision"])
    if row["reviewer"]:
        decision += f"，审核人 {row['reviewer']}"
    if row["comment"]:
        decision += f"，审核意见「{row['comment']}」"
    verb = "已记录" if recorded else "未变（该审核发现已是这个决定）"
    rule = RULE_TITLES.get(row["rule_id"], row["rule_id"])
    severity = SEVERITY_LABELS.get(row["severity"], row["severity"])
    return [f"{verb}：{decision}",
            f"  审核发现 {row['finding_id']}：{rule}（{severity}）{row['message']}",
            f"  项目：{_project_of(row)}"]


def _project_of(row: dict) -> str:
    """The project as a reviewer knows it: name, year, and the unit it goes back to."""
    year = f"{row['fiscal_year']}年度" if row["fiscal_year"] is not None else "年度未填写"
    return f"{row['project_name'] or '（项目名称未填写）'}，{year}，{_unit_of(row)}"


def _unit_of(row: dict) -> str:
    """The unit a finding goes to: the 实施单位, else the 主管部门 with the gap said."""
    if row["implementing_unit"]:
        return f"实施单位 {row['implementing_unit']}"
    if row["department"]:
        return f"主管部门 {row['department']}（实施单位未填写）"
    return "实施单位、主管部门均未填写"


def _list(args: argparse.Namespace) -> int:
    from pipelines.review.labels import create_label_table  # loads pipelines.review.rules: 0.07 s

    con = open_read_only(args.warehouse)
    try:
        require_this_version(con, args.warehouse)
        create_label_table(con)
        listed = Statement(con, read_sql("decisions/list.sql"),
                           {"open_only": args.open, "unit": args.unit})
        rows = write_result(listed, args.format, args.out, args.max_rows)
    except duckdb.Error as err:
        raise DecisionError(f"无法列出审核发现：{str(err).splitlines()[0]}") from None
    finally:
        con.close()
    if args.out:
        print(f"已将 {rows:,} 条审核发现写入 {args.out}", file=sys.stderr)
    return 0


def _letters(args: argparse.Namespace) -> int:
    out = args.out or args.warehouse.with_name(LETTERS_DIR)
    letters = letters_for(args.warehouse, out, date.today())
    findings = sum(letter.findings for letter in letters)
    print(f"已写出审核意见书 {len(letters)} 份，含退回修改的审核发现 {findings} 条，在 {out}")
    for letter in letters:
        blank = f"（其中 {letter.without_unit} 个未填实施单位）" if letter.without_unit else ""
        print(f"  {letter.path.name}：项目 {letter.projects} 个{blank}，"
              f"审核发现 {letter.findings} 条")
    return 0


def letters_for(warehouse: Path, out: Path, issued: date) -> list[LetterFile]:
    """Write the units' letters from the published warehouse (read-only)."""
    from pipelines.review.letters import write_letters  # python-docx: 0.1 s to load
    from pipelines.review.returned import ReturnedFinding

    con = open_read_only(warehouse)
    try:
        require_this_version(con, warehouse)
        findings = [ReturnedFinding(**row) for row in returned_rows(con)]
    except duckdb.Error as err:
        raise DecisionError(f"无法读取审核决定：{str(err).splitlines()[0]}") from None
    finally:
        con.close()
    return write_letters(findings, out, issued)
