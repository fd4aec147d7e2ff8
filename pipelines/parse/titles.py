"""Form titles, fiscal years and department names: what every template reader shares.

A form starts at its title row (``财政项目支出绩效目标申报表``, ``项目支出绩效目标表（2026）``
…; the title and ``(2023年度)`` may share a cell).  Kept apart from the readers of the
templates so that none of them imports another.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipelines.parse.vocabulary import squeeze
from pipelines.read.grid import Row

# a target form's title; a self-evaluation's (项目支出绩效自评表, 部门整体支出绩效自评表) too,
# so that each starts a form of its own (recorded as a self-evaluation, see forms.py)
_TITLE = re.compile(r"绩效目标(申报)?表|绩效目标申报表|绩效自评表")
SELF_EVALUATION = "自评"
_YEAR = re.compile(r"(20\d{2})\s*年|[（(]\s*(20\d{2})\s*[)）]")
_MAX_TITLE_LEN = 60
# "（三）部门预算项目绩效目标表": a section heading of a disclosure, not a form's title.
_SECTION_HEADING = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])")
# 「注：每一分项预算均需填报一个相应的绩效目标表」: a note printed under a form names
# the table too, but a note (注：, 备注：, 说明：, 填表说明) is never a title.
_NOTE = re.compile(r"^(?:注|备注|说明|填表说明|注释)\d*[:：]")
_DEPT_CODE = re.compile(r"^\[?(\d{2,})\]?\s*[_\-－—\s]\s*(.+)$", re.DOTALL)
# What a title says around a project's name: 「市行政中心保安服务项目绩效目标表」.
_NAME_IN_TITLE = re.compile(r"^(?:(?:20\d{2})\s*年度?)?(?P<name>.+?)绩效目标(?:申报)?表$")
_GENERIC_TITLE_WORDS = frozenset({
    "项目", "项目支出", "财政项目支出", "政策和项目", "政策和项目预算", "部门预算项目",
    "专项资金", "专项资金总体", "部门专项业务经费", "部门预算专项业务经费",
    "市级重点专项资金", "市级一般性项目", "部门整体", "部门整体支出",
})
DECLARATION = "绩效目标申报表"
TARGET_TABLE = "项目支出绩效目标表"
WHOLE_DEPARTMENT = "整体"


def is_section_heading(text: str) -> bool:
    """「（三）部门预算项目绩效目标表」: a numbered heading of a disclosure, not a form's title."""
    return _SECTION_HEADING.match(squeeze(text)) is not None


def title_text(row: Row) -> str | None:
    """The title when ``row`` is a form title row (one filled cell naming the form)."""
    filled = row.filled()
    if len(filled) != 1:
        return None
    text = filled[0][1].strip()
    first_line = squeeze(text) if text else ""
    if is_section_heading(first_line) or _NOTE.match(first_line):
        return None
    if len(first_line) <= _MAX_TITLE_LEN and _TITLE.search(first_line):
        return text
    return None


# 「2026年政府采购预算明细表」, 「表9 部门综合预算政府性基金收支表」: another table's title.
_OTHER_TITLE = re.compile(
    r"^(?:表[\d一二三四五六七八九十\-－]*)?(?:20\d{2}年度?)?[^，。；：:,;]{2,30}表$")


def other_table_title(row: Row) -> bool:
    """A lone line naming a table that is not a target table (a disclosure's other tables).

    It ends the form before it: the rows under it are never read as that form's rows.
    """
    filled = row.filled()
    if len(filled) != 1:
        return False
    text = squeeze(filled[0][1])
    return "绩效" not in text and _OTHER_TITLE.match(text) is not None


# The year line under a title (「(2024年度)」, 「2024年」): a wrapped title's next line may
# open with a bracket too (「（一期）项目绩效目标表」), so only a year ends the title.
_YEAR_LINE = re.compile(r"^\s*[（(]?\s*20\d{2}")


def title_line(text: str) -> str:
    """A title as one line: the PDF wraps long titles inside their cell (or over
    several lines, joined by the reader); a year line under it is not part of it."""
    lines = [line for line in text.splitlines() if line.strip()]
    kept = lines[:1]
    for line in lines[1:]:
        if _YEAR_LINE.match(line):
            break
        kept.append(line)
    return squeeze("".join(kept))


def lines_under_title(rows: Sequence[Row]) -> list[str]:
    """Single-cell lines right under the title, such as ``(2023年度)``."""
    texts = []
    for row in rows:
        filled = row.filled()
        if row.is_blank:
            continue
        if len(filled) != 1:
            break
        texts.append(filled[0][1])
    return texts


def fiscal_year_of(texts: Sequence[str]) -> int | None:
    """The first year named in the title or the lines right under it."""
    for text in texts:
        match = _YEAR.search(text)
        if match:
            return int(match.group(1) or match.group(2))
    return None


# What a title adds in brackets that is not the project's: a trailing qualifier
# (「…绩效目标表（一级项目）」) or a year (「（2026年度）」); a bracket inside the name
# (「泉州市看守所（泉州市女子看守所）相关设施建设」) is part of it.
_QUALIFIERS = re.compile(r"[（(][^（）()]*[)）]\s*$|[（(][^（）()]*20\d{2}[^（）()]*[)）]")


def project_name_in_title(title: str) -> str | None:
    """The project a title names (「市行政中心保安服务项目绩效目标表」), or None.

    Generic titles (项目支出绩效目标表, 2026年部门专项业务经费绩效目标表) name no project.
    """
    flat = _QUALIFIERS.sub("", title_line(title))
    flat = re.sub(r"^表[\d\-－]+", "", flat)
    match = _NAME_IN_TITLE.match(flat)
    if not match:
        return None
    rest = match.group("name").strip()
    if not rest or rest in _GENERIC_TITLE_WORDS or rest.endswith(("预算", "项目支出")):
        return None
    name = rest.removesuffix("项目")
    return name if name and name not in _GENERIC_TITLE_WORDS else None


# 「301007_泉州市公安局晋江国际机场分局_机场公安综合修缮改造」: unit code, unit, project.
_UNIT_PREFIX = re.compile(r"^(?P<code>\d{3,})[_＿](?P<unit>[^_＿]+)[_＿](?P<name>.+)$")


def unit_in_title_name(name: str) -> tuple[str | None, str]:
    """(implementing unit, project) of a name taken from a title; some generators put
    the unit's code and name before the project (``301007_XX分局_XX改造``), which is
    not part of the project's name."""
    match = _UNIT_PREFIX.match(name)
    if not match:
        return None, name
    return match.group("unit"), match.group("name")


def is_self_evaluation_title(title: str) -> bool:
    """项目支出绩效自评表 / 部门整体支出绩效自评表: results against targets, not targets."""
    return SELF_EVALUATION in title_line(title)


def is_department_title(title: str) -> bool:
    """部门整体绩效目标表 / 部门整体支出绩效目标表: the whole department's targets."""
    return WHOLE_DEPARTMENT in title_line(title)


# 专项资金整体绩效目标表: one fund's targets across the department, not the department's own
_SPECIAL_FUND_MARK = "专项"


def department_form_kind(title: str) -> str:
    """``department`` for 部门整体（支出）绩效目标表, ``special_fund`` for a 专项资金整体
    form: both are department-wide, but one never stands for (or replaces) the other."""
    return "special_fund" if _SPECIAL_FUND_MARK in title_line(title) else "department"


def split_department(text: str) -> tuple[str, str | None]:
    """``231_烟台市审计局`` -> (``烟台市审计局``, ``231``); plain names pass unchanged."""
    match = _DEPT_CODE.match(text.strip())
    if match:
        return match.group(2).strip(), match.group(1)
    return text.strip(), None
