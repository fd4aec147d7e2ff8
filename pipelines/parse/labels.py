"""Header, fund and goal labels of the forms, normalised so spelling variants match.

``其中：财政资金`` and ``其中: 财政资金`` are the same label; ``项目资金 (元)`` is the
funds section marker with its money unit; ``项目总目标 (2023年-2023年)`` is the goal label
with its period.  Normalisation removes spaces, colons, the 其中 prefix and
parenthesised qualifiers, then looks the result up in the tables below.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipelines.parse.vocabulary import squeeze

# Every way a form labels the project it is about, as normalised (qualifiers in brackets
# dropped: 专项（项目）名称 -> 专项名称): 专项资金 forms name a fund, not a project, but the
# field is the same.  One vocabulary, so a new spelling is one entry, never a special case.
PROJECT_NAME_LABELS: frozenset[str] = frozenset(
    {"项目名称", "专项名称", "专项资金名称", "专项项目名称"})

HEADER_LABELS: dict[str, str] = {
    **{label: "project_name" for label in PROJECT_NAME_LABELS},
    "项目性质": "project_nature",
    "项目类别": "project_category",
    "项目类型": "project_category",
    "主管部门": "department",
    "主管部门及代码": "department",
    "主管单位": "department",
    "实施单位": "implementing_unit",
    "计划开始日期": "planned_start",
    "计划完成日期": "planned_end",
    "计划结束日期": "planned_end",
}

LEFT_FUND_LABELS: dict[str, str] = {
    "项目资金总额": "total",
    "实施期资金总额": "total",
    "财政资金": "fiscal",
}
RIGHT_FUND_LABELS: dict[str, str] = {
    "年度资金申请总额": "annual_total",
    "年度资金总额": "annual_total",
    "年度预算资金总额": "annual_total",
    "年度预算总额": "annual_total",
    "资金总额": "annual_total",  # 专项资金情况（万元）| 资金总额 in one-year target tables
    "当年财政拨款": "annual_appropriation",
    "财政拨款": "annual_appropriation",
    "当年预算": "annual_total",  # 重庆 重点专项资金: 当年预算 | 市级支出 / 补助区县
    "市级支出": "annual_city_spending",
    "补助区县": "annual_district_subsidy",
    "上年结转资金": "carryover",
    "上年结转": "carryover",
}
OTHER_FUNDS = "其他资金"
# Labels both fund blocks use (专项资金总体绩效目标表: 实施期 | 年度 side by side): the
# block whose total label stands nearer decides which item they are.
SHARED_FUND_LABELS: dict[str, tuple[str, str]] = {
    OTHER_FUNDS: ("other", "annual_other"),
    "财政拨款": ("fiscal", "annual_appropriation"),
}

GOAL_LABELS: dict[str, str] = {
    "项目总目标": "overall_goal",
    "总体目标": "overall_goal",
    "实施期总目标": "overall_goal",
    "项目实施期目标": "overall_goal",
    "年度总目标": "annual_goal",
    "当年绩效目标": "annual_goal",
    "年度总体目标": "annual_goal",
    "年度目标": "annual_goal",
    "年度绩效目标": "annual_goal",
    "绩效目标": "annual_goal",
}

SECTION_MARKERS: frozenset[str] = frozenset(
    {"项目资金", "项目绩效目标", "绩效指标", "资金情况"}
)
# The merged cell that opens a form's money rows (「专项资金情况（万元）」, 「项目资金（万元）」).
FUND_SECTIONS: frozenset[str] = frozenset({"项目资金", "资金情况", "专项资金情况", "资金金额"})

_PARENTHESISED = re.compile(r"[（(][^（）()]*[）)]")
_COLONS = re.compile(r"[:：]")


@lru_cache(maxsize=1 << 16)
def normalize_label(text: str) -> str:
    """``其中： 财政资金`` -> ``财政资金``; ``项目资金 (元)`` -> ``项目资金``; a label its
    cell clipped (``总体目``) -> the label it is the start or end of (``总体目标``)."""
    name = _PARENTHESISED.sub("", squeeze(text))
    name = _COLONS.sub("", name)
    name = name.removeprefix("其中")
    return name if name in ALL_LABELS else _unclipped(name) or name


# Fewer characters than this are too common inside values to be taken for a clipped label.
_MIN_CLIPPED = 3


def _unclipped(name: str) -> str | None:
    """The one label ``name`` is the beginning or the end of, when exactly one is.

    A narrow cell cuts a vertical or long label (「总\n体\n目」 + 「标」 in the next row):
    the part left is still that label when no other label of the vocabulary starts or
    ends the same way; otherwise it is left as written, never guessed.
    """
    if len(name) < _MIN_CLIPPED:
        return None
    found = {label for label in ALL_LABELS
             if len(label) > len(name) and (label.startswith(name) or label.endswith(name))}
    return found.pop() if len(found) == 1 else None


# Labels recognised so they are never read as a value, but not loaded.
OTHER_LABELS: frozenset[str] = frozenset(
    {"实施期限", "执行率分值", "项目概况"})

ALL_LABELS: frozenset[str] = frozenset(
    {*HEADER_LABELS, *LEFT_FUND_LABELS, *RIGHT_FUND_LABELS, OTHER_FUNDS, *GOAL_LABELS,
     *OTHER_LABELS}
)


@lru_cache(maxsize=1 << 16)
def is_label(text: str) -> bool:
    """True when a cell is one of the known labels (so it is never taken as a value)."""
    return normalize_label(text) in ALL_LABELS


@lru_cache(maxsize=1 << 16)
def is_project_name_label(text: str) -> bool:
    """True for a cell labelling the form's project (项目名称, 专项（项目）名称 …): the
    label that starts a form.  Cached, as ``is_label``: asked of every cell of every row."""
    return normalize_label(text) in PROJECT_NAME_LABELS


# The fund vocabulary, one list: every label of a form's money rows.  Such a row is a
# form's header, never an indicator (see ``is_fund_row``).
FUND_LABELS: frozenset[str] = frozenset(
    {*LEFT_FUND_LABELS, *RIGHT_FUND_LABELS, OTHER_FUNDS, *FUND_SECTIONS})


@lru_cache(maxsize=1 << 16)
def is_fund_label(text: str) -> bool:
    """True for a cell naming a fund row or section (资金总额, 其中：财政拨款, 其他资金 …).
    Cached, as ``is_label``: asked of every cell of every row."""
    return normalize_label(text) in FUND_LABELS


_PARTED = re.compile(r"[\s:：]")
# A header label longer than this (with brackets and a colon) is no label a cell starts with.
_LONGEST_PREFIX = 16


@lru_cache(maxsize=1 << 16)
def split_label_cell(text: str) -> tuple[str, str] | None:
    """(label, value) of a cell printing a header label and its value together.

    A form drawn without the rule between a label and its value puts both in one cell
    (「专项（项目）名称 伯乐奖」, 「主管部门 XX局」): the longest start of the cell that is
    exactly a header label (never a clipped one) is the label, the rest its value.  The
    two are parted by a space, a line break or a colon: without one the label's words
    run on into a longer name (「主管部门满意度」 is an indicator).  A cell that is a label
    as a whole, or whose rest is empty or another label, is None.
    """
    stripped = text.strip()
    if not stripped or is_label(stripped):
        return None
    for end in range(min(len(stripped) - 1, _LONGEST_PREFIX), 1, -1):
        head = stripped[:end]
        if _exact_label(head) not in HEADER_LABELS or not _PARTED.match(stripped[end:]):
            continue
        value = stripped[end:].strip().lstrip(":：").strip()
        return (head.strip(), value) if value and not is_label(value) else None
    return None


def _exact_label(text: str) -> str:
    """``normalize_label`` without taking a clipped word for the label it starts."""
    return _COLONS.sub("", _PARENTHESISED.sub("", squeeze(text))).removeprefix("其中")
