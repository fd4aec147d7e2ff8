"""A finding a reviewer returned (退回修改) to a unit, and whom its letter goes to.

The letters (``pipelines.review.letters``) group returned findings by addressee: the
project's 实施单位; a form that leaves it blank (37 of the 100 forms of the shared
disclosures) goes to its 主管部门, else to the department whose budget disclosure printed
it, else to the sender of its file: never to a placeholder, which would put the forms of
unrelated departments in one letter that nobody receives.  Names are compared on one line
and without the characters XML cannot hold, the way the letter prints them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# Whom a project's findings are addressed to, in order of preference (Addressee.basis).
IMPLEMENTING_UNIT = "实施单位"
DEPARTMENT = "主管部门"
FILE_DEPARTMENT = "部门预算所属部门"
FILE_SENDER = "来源文件报送单位"

# Characters XML 1.0 cannot hold: C0 controls except tab/newline/return, lone surrogates,
# U+FFFE and U+FFFF.  lxml refuses them, so one stray byte in a comment would lose the letter.
XML_ILLEGAL_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class ReturnedFinding:
    """One finding a reviewer returned (退回修改) to the unit, with the reviewer's comment."""

    implementing_unit: str | None  # 实施单位: the addressee when filled (see addressee())
    department: str | None  # 主管部门
    fiscal_year: int | None
    project_id: str
    project_name: str | None
    source_file: str | None  # the form file the project came from
    source_line: int | None  # the form's row in the reader's grid (a text line in text files)
    finding_id: str
    rule_id: str  # for machines and ordering; the letter shows the rule's Chinese title
    severity: str  # error | warning | info
    message: str  # the finding text (Chinese), e.g. 指标「…」的指标值「及时」含模糊词…
    comment: str | None  # 审核意见: the reviewer's comment (may be None)
    reviewer: str | None  # 审核人
    decided_at: datetime
    file_department: str | None = None  # the one department-wide form's department in the file
    source_locator: str | None = None  # where the form starts (page 39 line 2, sheet S row 4)
    finding_locator: str | None = None  # where the finding is: its indicator or fund cell
    finding_line: int | None = None  # the grid row of finding_locator


@dataclass(frozen=True, slots=True)
class Addressee:
    """Whom a project's findings go to, and which field of the form named them."""

    name: str
    basis: str  # IMPLEMENTING_UNIT | DEPARTMENT | FILE_DEPARTMENT | FILE_SENDER


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot hold (python-docx escapes the rest)."""
    return XML_ILLEGAL_RE.sub("", value)


def addressee(finding: ReturnedFinding) -> Addressee:
    """Whom the finding's letter goes to: the 实施单位, else the 主管部门, else the department
    whose budget disclosure printed the form, else the sender of the form's file.

    A blank 实施单位 is common in whole-budget disclosures (the department reports its own
    projects); grouping such forms under one placeholder would mix departments in a letter
    nobody receives.  Names are shown on one line (whitespace collapsed, characters XML
    cannot hold dropped), and findings are grouped by that name, so spellings that differ
    only in spacing share one letter.
    """
    for basis, value in ((IMPLEMENTING_UNIT, finding.implementing_unit),
                         (DEPARTMENT, finding.department),
                         (FILE_DEPARTMENT, finding.file_department)):
        if name := one_line(value):
            return Addressee(name, basis)
    sender = one_line(Path(finding.source_file).name if finding.source_file else None)
    return Addressee(f"{sender or '项目 ' + finding.project_id} 的报送单位", FILE_SENDER)


def one_line(value: str | None) -> str:
    return " ".join(xml_text(value or "").split())
