"""Indicators written inline as coded text in one cell.

Some systems export the whole indicator table of a project into one cell:

    1、1－产出指标，11－数量指标，培训人次；实施周期指标值：≥300人次，年度指标值：≥100人次；
    2、1－产出指标，12－质量指标，培训合格率；实施周期指标值：≥95%，年度指标值：≥95%

Each entry carries its 一级 and 二级 with their codes, the 三级 name, and two targets:
the whole implementation period's and the year's.  The year's target is the indicator's
target (as with the 年度指标值 column of tabular forms); the period's is kept as
``period_target``.  An entry that does not follow the pattern is not guessed at: the
caller sees fewer indicators than entries and notes it.
"""

from __future__ import annotations

import re

from pipelines.grid import Row
from pipelines.parse.indicators import (
    IndicatorColumns,
    LevelState,
    apply_level_cell,
    build_indicator,
)
from pipelines.parse.records import CategoryDeclaration, Indicator

_DASH = r"[－\-—–]"
_SEP = r"[，,]"
_ENTRY = re.compile(
    rf"(?:^|(?<=[；;\n]))\s*(?:\d+\s*[、.．]\s*)?"
    rf"(?P<l1>\d+(?:\.\d+)?\s*{_DASH}\s*[^，,；;\n]+?)\s*{_SEP}\s*"
    rf"(?P<l2>\d+\s*{_DASH}\s*[^，,；;\n]+?)\s*{_SEP}\s*"
    rf"(?P<name>[^；;\n]+?)\s*[；;]\s*"
    rf"实施周期指标值\s*[:：]\s*(?P<period>[^；;\n]*?)\s*{_SEP}\s*"
    rf"年度指标值\s*[:：]\s*(?P<annual>[^；;\n]*?)\s*(?=[；;。]|$)",
    re.MULTILINE,
)
_ENTRY_START = re.compile(r"(?:^|[；;\n])\s*\d+\s*[、.．]?\s*\d*\s*[－\-—–]\s*[^，,]*指标")
# Columns of the synthetic row each entry becomes: levels, name, annual and period target.
_COLUMNS = IndicatorColumns(level1=0, level2=1, name=2, target=3,
                            extras=((4, "period_target"),))


def has_coded_indicators(text: str) -> bool:
    """True when a cell holds at least one coded indicator entry."""
    return "年度指标值" in text and _ENTRY.search(text) is not None


def count_entries(text: str) -> int:
    """How many entries the text starts (matched or not), to tell what was not read."""
    return len(_ENTRY_START.findall(text))


def read_coded_indicators(text: str, row: Row, col: int = 0
                          ) -> tuple[list[Indicator | CategoryDeclaration], int]:
    """Indicators of a coded cell, in order, and the number of entries not read."""
    state = LevelState()
    found: list[Indicator | CategoryDeclaration] = []
    for number, match in enumerate(_ENTRY.finditer(text), start=1):
        state.begin_row()
        apply_level_cell(state, 0, match.group("l1"), _COLUMNS, 0)
        apply_level_cell(state, 1, match.group("l2"), _COLUMNS, 0)
        cells = ("", "", match.group("name"), match.group("annual"), match.group("period"))
        entry = Row(cells=cells, line=row.line, locator=f"{row.cell_locator(col)}, entry {number}")
        seq = sum(1 for item in found if isinstance(item, Indicator)) + 1
        item = build_indicator(entry, _COLUMNS, state, seq)
        if item is not None:
            found.append(item)
    return found, max(count_entries(text) - len(found), 0)
