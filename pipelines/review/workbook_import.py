"""Decisions filled into the exported workbook, read back and recorded.

Reviewers work in Excel: the findings sheet (审核发现) of ``forms.exports/forms.xlsx`` has the
columns 决定 (a drop-down of 接受 / 不采纳 / 退回修改), 审核意见 and 审核人, and the hidden
``finding_id`` and ``decision_seq``.  Columns are found by their headers, so a reviewer
may move, sort or filter them.  A filled row becomes a decision; a row with an unknown
id or a 决定 that is not exactly one of the three (接受 / 不采纳 / 退回修改, or their ids;
驳回 or 同意 are refused, not guessed) is listed with its row number and everything else
is kept.  A row whose 决定 and 审核意见 are what the workbook showed records nothing,
whoever imports it.

Each imported workbook is remembered by its content hash in
``pipeline_state.review_imports``: the nightly run imports each workbook dropped into
the review folder once, and the same file imported twice changes nothing.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from pipelines.core.sql_files import read_sql
from pipelines.load.warehouse import connect, fetch_rows
from pipelines.review.decisions import (
    COMMENT_HEADER,
    DECISION_HEADER,
    DECISION_LABELS,
    DECISION_SEQ_HEADER,
    FINDING_ID_HEADER,
    FINDINGS_SHEET,
    REVIEWER_HEADER,
    DecisionError,
    DecisionRow,
    Recorded,
    Rejected,
    clean_text,
    file_sha256,
    normalize_decision,
    not_a_decision,
    record_decisions,
    workbook_source,
)

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
CHOICES = " / ".join(DECISION_LABELS.values())


@dataclass(frozen=True, slots=True)
class FilledRow:
    """A workbook row with something in the reviewer's columns."""

    row: int
    finding_id: str | None
    decision: object
    comment: object
    reviewer: object
    exported_seq: int | None


@dataclass(frozen=True, slots=True)
class WorkbookImport:
    """What importing one workbook did."""

    path: Path
    sha256: str
    recorded: Recorded
    already_imported: bool = False


def read_decision_rows(path: Path, default_reviewer: str | None = None
                       ) -> tuple[list[DecisionRow], list[Rejected]]:
    """The decisions filled into a findings sheet, and the rows that are not decisions."""
    rows: list[DecisionRow] = []
    rejected: list[Rejected] = []
    for filled in _filled_rows(path):
        decision, problem = _decision_of(filled)
        if problem:
            rejected.append(Rejected(filled.row, filled.finding_id, problem))
            continue
        reviewer = clean_text(filled.reviewer) or clean_text(default_reviewer)
        rows.append(DecisionRow(filled.finding_id or "", decision or "",
                                clean_text(filled.comment), reviewer, filled.row,
                                filled.exported_seq))
    return rows, rejected


def _decision_of(filled: FilledRow) -> tuple[str | None, str | None]:
    """The decision code of a filled row, or why the row cannot be recorded."""
    if not filled.finding_id:
        return None, (f"没有 {FINDING_ID_HEADER}（隐藏列被清空，或此行是手工添加的）；"
                      "请在导出写出的行中做决定")
    if clean_text(filled.decision) is None:
        return None, (f"填了{COMMENT_HEADER}或{REVIEWER_HEADER}，但没有{DECISION_HEADER}；"
                      f"请选择 {CHOICES}")
    code = normalize_decision(filled.decision)
    if code is None:
        return None, f"{not_a_decision(filled.decision)}；此行未记录"
    return code, None


def _filled_rows(path: Path) -> Iterator[FilledRow]:
    """Rows of the findings sheet with a decision, comment or reviewer filled in."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as err:
        raise DecisionError(f"{path.name} 无法作为 Excel 工作簿读取：{err}") from None
    try:
        sheet, columns = _findings_sheet(book, path)
        for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            cells = {header: values[i] if i < len(values) else None
                     for header, i in columns.items()}
            if all(clean_text(cells.get(h)) is None
                   for h in (DECISION_HEADER, COMMENT_HEADER, REVIEWER_HEADER)):
                continue
            yield FilledRow(number, clean_text(cells[FINDING_ID_HEADER]),
                            cells[DECISION_HEADER], cells.get(COMMENT_HEADER),
                            cells.get(REVIEWER_HEADER), _seq(cells.get(DECISION_SEQ_HEADER)))
    finally:
        book.close()


def _findings_sheet(book: object, path: Path) -> tuple[object, dict[str, int]]:
    """The sheet with the decision columns (审核发现 first) and where its columns are."""
    titles = sorted(book.sheetnames, key=lambda title: title != FINDINGS_SHEET)  # type: ignore[attr-defined]
    for title in titles:
        sheet = book[title]  # type: ignore[index]
        header = next(sheet.iter_rows(max_row=1, values_only=True), ())
        columns = {str(v).strip(): i for i, v in enumerate(header) if v is not None}
        if FINDING_ID_HEADER in columns and DECISION_HEADER in columns:
            return sheet, columns
    raise DecisionError(
        f"{path.name} 中没有同时含 {FINDING_ID_HEADER} 和 {DECISION_HEADER} 两列的工作表；"
        f"请在导出的工作簿（python -m pipelines export）的「{FINDINGS_SHEET}」表中填写")


def _seq(value: object) -> int | None:
    try:
        return int(value) if value is not None and str(value).strip() else None  # type: ignore[arg-type]
    except ValueError:
        return None


def import_workbook(con: duckdb.DuckDBPyConnection, path: Path, *, decided_at: datetime,
                    default_reviewer: str | None = None,
                    sha: str | None = None) -> WorkbookImport:
    """Record the decisions of one workbook, once per content, and remember it
    (``sha``: its content hash, when the caller has it already)."""
    sha = sha or file_sha256(path)
    if fetch_rows(con, read_sql("decisions/imported.sql"), [sha]):
        return WorkbookImport(path, sha, Recorded(), already_imported=True)
    rows, rejected = read_decision_rows(path, default_reviewer)
    recorded = record_decisions(con, rows, source=workbook_source(path, sha),
                                decided_at=decided_at)
    recorded.rejected = sorted(rejected + recorded.rejected,
                               key=lambda r: (r.row is None, r.row or 0))
    fetch_rows(con, read_sql("decisions/remember_import.sql"), [
        sha, str(path), decided_at, recorded.recorded, recorded.unchanged,
        len(recorded.rejected), "\n".join(r.line() for r in recorded.rejected) or None,
    ])
    return WorkbookImport(path, sha, recorded)


def review_workbooks(folder: Path) -> list[Path]:
    """Workbooks in the review folder (Excel's lock files ~$… are skipped)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES
                  and not p.name.startswith(("~$", ".")))


Pending = list[tuple[Path, str]]  # workbooks not imported yet, with their content hashes


def pending_workbooks(con: duckdb.DuckDBPyConnection | None, folder: Path) -> Pending:
    """Workbooks of the review folder whose content ``con`` has not imported yet (every
    workbook without a warehouse), each hashed once."""
    books = [(path, file_sha256(path)) for path in review_workbooks(folder)]
    if not books or con is None:
        return books
    done: set[str] = set()
    if fetch_rows(con, read_sql("decisions/has_imports.sql"))[0][0]:
        done = {row[0] for row in fetch_rows(con, read_sql("decisions/imported_all.sql"))}
    return [(path, sha) for path, sha in books if sha not in done]


def pending_for(published: Path, folder: Path) -> Pending:
    """``pending_workbooks`` against the published warehouse (read-only, beside BI readers);
    an empty or missing folder is answered without opening it."""
    if not review_workbooks(folder):
        return []
    if not published.is_file():
        return pending_workbooks(None, folder)
    with connect(published, read_only=True) as con:
        return pending_workbooks(con, folder)


def import_pending(con: duckdb.DuckDBPyConnection, folder: Path,
                   decided_at: datetime) -> list[WorkbookImport]:
    """Import every workbook of the review folder not imported yet (the nightly run).

    A workbook that cannot be read is remembered with the reason as its rejected line, so
    it is reported once, not every night; a corrected copy is a new content and is read.
    """
    done = []
    for path, sha in pending_workbooks(con, folder):
        try:
            done.append(import_workbook(con, path, decided_at=decided_at, sha=sha))
        except DecisionError as err:
            done.append(_unreadable(con, path, sha, decided_at, str(err)))
    return done


def _unreadable(con: duckdb.DuckDBPyConnection, path: Path, sha: str, decided_at: datetime,
                reason: str) -> WorkbookImport:
    fetch_rows(con, read_sql("decisions/remember_import.sql"),
               [sha, str(path), decided_at, 0, 0, 1, reason])
    return WorkbookImport(path, sha, Recorded(rejected=[Rejected(None, None, reason)]))
