"""Reviewers' decisions on review findings (审核决定): recorded, kept across nights, sent back.

A finance bureau reviews every declared target: a reviewer accepts a finding (the unit
must fix it), dismisses it as a false alarm, or returns the form to its unit with a
comment.  Findings are rebuilt every night, so a decision is tied to the finding's
``finding_id`` (a hash of the project, the rule and what the finding is about; see
``sql/review/_insert_found.sql``), never to a row: while the form says the same, the
finding keeps its id and its decision; when the unit changes what the finding is about,
the finding gets a new id and is open again, and the old decision shows as resolved.

``review_decisions`` is append-only and not derived from the forms: every build copies it
from the published file, full rebuilds and parser upgrades leave it alone.  The latest
decision per finding is current (view ``current_decisions``); ``open_findings`` lists
findings with no decision.

Decisions come from the findings sheet of the exported workbook (决定 / 审核意见 / 审核人
beside the hidden ``finding_id``), imported by ``python -m pipelines review import`` or by
the nightly run from the ``review/`` folder, and from ``review decide``.  Only the three
decisions are taken, by label or id; a word that resembles one (驳回, 同意) is refused,
never guessed.  A row whose decision and comment repeat the finding's current decision,
or the decision the workbook showed, records nothing, whoever imports it: importing a
workbook twice, or someone else importing it as it was exported, changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from pipelines.core.id_labels import DECISION_LABELS, with_id
from pipelines.core.sql_files import read_sql
from pipelines.load.warehouse import fetch_rows, query_frame, query_frame_with, rows_with_frame

DECISIONS = ("accepted", "dismissed", "returned")
# What the workbook's drop-down shows for each decision (and what reviewers type):
# DECISION_LABELS, one list in pipelines.core.id_labels.
# Exactly the three decisions, by label or id, and nothing that resembles them: 驳回 may
# mean "the finding is wrong" (不采纳) or "the form goes back" (退回修改), 同意 may agree
# with the finding or with the form; a guess recorded against the reviewer's meaning
# drops a finding from the letters, so any other word is refused with its row.
_SPELLINGS = {
    **{code: code for code in DECISIONS},
    **{label: code for code, label in DECISION_LABELS.items()},
}
# The three decisions as error messages and help texts name them.
DECISION_CHOICES = "、".join(with_id(DECISION_LABELS, code) for code in DECISIONS)
# Headers of the findings sheet's decision columns: the export writes them, the import
# finds the columns by them (wherever a reviewer moved them).
FINDING_ID_HEADER = "finding_id"
DECISION_HEADER = "决定"
COMMENT_HEADER = "审核意见"
REVIEWER_HEADER = "审核人"
DECISION_SEQ_HEADER = "decision_seq"
FINDINGS_SHEET = "审核发现"
COMMAND_LINE = "command line"
MIN_PREFIX = 6  # shortest finding-id prefix ``review decide`` accepts
MAX_TEXT = 2000  # a comment or reviewer name longer than this is cut (a pasted document)

RECORD_COLUMNS = {"source_row": pl.Int32, "finding_id": pl.String, "decision": pl.String,
                  "comment": pl.String, "reviewer": pl.String, "exported_seq": pl.Int64}


class DecisionError(Exception):
    """A decision that cannot be recorded, with the one line that says why."""


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """One decision as a reviewer wrote it: the finding, what was decided, by whom."""

    finding_id: str
    decision: str  # one of DECISIONS
    comment: str | None
    reviewer: str | None
    source_row: int | None = None
    exported_seq: int | None = None  # the decision the workbook showed in this row, if any


@dataclass(frozen=True, slots=True)
class Rejected:
    """A row that was not recorded and why, by its row number in the workbook."""

    row: int | None
    finding_id: str | None
    reason: str

    def line(self) -> str:
        return f"第 {self.row} 行：{self.reason}" if self.row is not None else self.reason


@dataclass(slots=True)
class Recorded:
    """What recording a set of decisions did."""

    recorded: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    def summary(self) -> str:
        return (f"已记录决定 {self.recorded} 条，未变 {self.unchanged} 条，"
                f"未记录的行 {len(self.rejected)} 行")


def normalize_decision(text: object) -> str | None:
    """The decision code a cell or argument means (接受 -> accepted), or None."""
    if text is None:
        return None
    return _SPELLINGS.get(str(text).strip().lower())


def not_a_decision(text: object) -> str:
    """Why a word is refused as a decision, naming the three there are."""
    return f"决定「{str(text).strip()}」不是这三种之一：{DECISION_CHOICES}"


def clean_text(value: object) -> str | None:
    """A comment or name as stored: stripped, None when empty, cut at ``MAX_TEXT``."""
    if value is None:
        return None
    text = str(value).strip()
    return text[:MAX_TEXT] or None


def record_decisions(con: duckdb.DuckDBPyConnection, rows: Iterable[DecisionRow], *,
                     source: str, decided_at: datetime) -> Recorded:
    """Append the decisions that change something; reject ids that are not findings now.

    Set-based: the rows are one frame checked against review_findings and the current
    decisions in SQL.  A finding decided twice in one batch is rejected (which one the
    reviewer meant cannot be known), the rest is recorded.
    """
    batch = list(rows)
    result = Recorded(rejected=_repeated_ids(batch))
    repeated = {r.finding_id for r in result.rejected}
    frame = pl.DataFrame(
        [{"source_row": r.source_row, "finding_id": r.finding_id, "decision": r.decision,
          "comment": r.comment, "reviewer": r.reviewer, "exported_seq": r.exported_seq}
         for r in batch if r.finding_id not in repeated],
        schema=RECORD_COLUMNS,
    )
    unknown = query_frame_with(con, read_sql("decisions/unknown_findings.sql"), frame)
    result.rejected += [
        Rejected(row["source_row"], row["finding_id"],
                 f"审核发现 {row['finding_id']} 不在当前的审核发现中（表已改正或删除，"
                 "或 finding_id 被改动）；未记录")
        for row in unknown.iter_rows(named=True)
    ]
    written = rows_with_frame(con, read_sql("decisions/record.sql"), frame.with_columns(
        pl.lit(source).alias("source"), pl.lit(decided_at).alias("decided_at")))
    result.recorded = len(written)
    result.unchanged = frame.height - unknown.height - result.recorded
    result.rejected.sort(key=lambda r: (r.row is None, r.row or 0))
    return result


def _repeated_ids(rows: list[DecisionRow]) -> list[Rejected]:
    """Rows whose finding is decided again further down the same batch."""
    seen: dict[str, list[DecisionRow]] = {}
    for row in rows:
        seen.setdefault(row.finding_id, []).append(row)
    rejected = []
    for finding_id, same in seen.items():
        if len(same) > 1:
            where = "、".join(str(r.source_row) for r in same)
            rejected += [Rejected(r.source_row, finding_id,
                                  f"审核发现 {finding_id} 在多行中都有决定（第 {where} 行）；"
                                  "只保留其中一行") for r in same]
    return rejected


def resolve_finding_id(con: duckdb.DuckDBPyConnection, given: str) -> str:
    """The full id of a current finding from an id or a unique prefix of one."""
    prefix = given.strip().lower()
    if len(prefix) < MIN_PREFIX:
        raise DecisionError(f"请至少给出审核发现 id（finding_id）的前 {MIN_PREFIX} 个字符")
    matches = [row[0] for row in fetch_rows(con, read_sql("decisions/findings_with_prefix.sql"),
                                            {"prefix": prefix})]
    if not matches:
        raise DecisionError(f"没有以「{prefix}」开头的当前审核发现；"
                            "见 `python -m pipelines review list`")
    if len(matches) > 1:
        raise DecisionError(f"有 {len(matches)} 条审核发现以「{prefix}」开头；请多给出几个字符")
    return matches[0]


@dataclass(frozen=True, slots=True)
class Decided:
    """What ``review decide`` did: the finding it resolved the given id to, and the result."""

    finding_id: str
    recorded: Recorded


def decide(con: duckdb.DuckDBPyConnection, finding: str, decision: str, *,
           comment: str | None, reviewer: str | None, decided_at: datetime) -> Decided:
    """Record one decision from the command line (``review decide``).

    The word is checked before the id, so a refused word never depends on the warehouse.
    """
    code = normalize_decision(decision)
    if code is None:
        raise DecisionError(f"{not_a_decision(decision)}；未记录")
    row = DecisionRow(resolve_finding_id(con, finding), code, clean_text(comment),
                      clean_text(reviewer))
    recorded = record_decisions(con, [row], source=COMMAND_LINE, decided_at=decided_at)
    return Decided(row.finding_id, recorded)


def finding_and_decision(con: duckdb.DuckDBPyConnection, finding_id: str) -> dict:
    """A current finding with its project and current decision (``decide``'s echo)."""
    frame = query_frame(con, read_sql("decisions/echo.sql"), {"finding_id": finding_id})
    return frame.row(0, named=True)


def workbook_source(path: Path, sha256: str) -> str:
    """How decisions from a workbook name where they came from: its name and content."""
    return f"{path.name} (sha256 {sha256[:12]})"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def returned_rows(con: duckdb.DuckDBPyConnection) -> Iterator[dict]:
    """Standing findings whose current decision is ``returned``, with their project, the
    department of its file and where each finding sits in the form (for the letters)."""
    from pipelines.review.rules import RULE_FUND_ITEMS  # the review's rules: only letters need them

    fund_items = [{"rule_id": rule, "item": item} for rule, item in RULE_FUND_ITEMS.items()]
    frame = query_frame(con, read_sql("decisions/returned.sql"), {"fund_items": fund_items})
    yield from frame.iter_rows(named=True)
