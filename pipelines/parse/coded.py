"""Indicators written inline as coded text in one cell.

Some systems export the whole indicator table of a project into one cell:

    1、1－产出指标，11－数量指标，培训人次；实施周期指标值：≥300人次，年度指标值：≥100人次；
    2、1－产出指标，12－质量指标，培训合格率；实施周期指标值：≥95%，年度指标值：≥95%

Each entry carries its 一级 and 二级 with their codes, the 三级 name, and two targets:
the whole implementation period's and the year's.  The year's target is the indicator's
target (as with the 年度指标值 column of tabular forms); the period's is kept as
``period_target``.  An entry that does not follow the pattern is not guessed at: the
caller sees fewer indicators than entries and notes it.

Generators differ in punctuation, never in the order of the parts: 广州's budget tables
write the parts with full-width semicolons (「1、1-产出指标；11-数量指标；道路养护长度；
实施周期指标值:47.1公里；年度指标值:47.1公里。2、…」), end an entry with 。 and end a
name with ：or 。 (「…清单：实施周期指标值：…」).  Every separator is therefore one of a
small set, but the two keywords 实施周期指标值 and 年度指标值 anchor each entry, so a name
or a target holding a comma is still read whole.
"""

from __future__ import annotations

import re

from pipelines.parse.indicators import (
    IndicatorColumns,
    LevelState,
    apply_level_cell,
    build_indicator,
)
from pipelines.parse.records import CategoryDeclaration, Indicator
from pipelines.read.grid import Row

_DASH = r"[－\-—–]"
_SEP = r"[，,；;]"  # between the 一级, the 二级 and the name
_NAME_END = r"[，,；;：:。]"  # before 实施周期指标值
_PERIOD_END = r"[，,；;。]"  # between the two targets
# The next entry: its number, a one-digit 一级 code and its name, after a separator or
# straight after a blank target (「年度指标值：7、2－效益指标，…」).  A name or a target
# may hold semicolons (「系统维护；数据整合、对接」, 「1份《…》；1份《…》」): the keywords
# anchor them, so they only must not run into the next entry.
_NEXT_ENTRY = (rf"(?:[；;。]\s*)?(?:\d+\s*[、.．]\s*)?\d\s*{_DASH}\s*[^，,；;。\n]*?指标"
               rf"\s*{_SEP}")
_IN_ENTRY = rf"(?:(?!{_NEXT_ENTRY})[^\n])"
# The annual target ends before the next numbered item (an entry or not) or at the end.
_ANNUAL_END = (rf"(?=\s*[；;。]\s*\d+\s*[、.．]\s*(?:\D|\d\s*{_DASH})|\s*{_NEXT_ENTRY}"
               r"|\s*[；;。]?\s*$)")
_ENTRY = re.compile(
    rf"(?:^|(?<=[；;。\n：:]))\s*(?:\d+\s*[、.．]\s*)?"
    rf"(?P<l1>\d+(?:\.\d+)?\s*{_DASH}\s*[^，,；;。\n]+?)\s*{_SEP}\s*"
    rf"(?P<l2>\d+\s*{_DASH}\s*[^，,；;。\n]+?)\s*{_SEP}\s*"
    rf"(?P<name>{_IN_ENTRY}+?)\s*{_NAME_END}\s*"
    rf"实施周期指标值\s*[:：]\s*(?P<period>{_IN_ENTRY}*?)\s*{_PERIOD_END}\s*"
    rf"年度指标值\s*[:：]\s*(?P<annual>{_IN_ENTRY}*?){_ANNUAL_END}",
    re.MULTILINE,
)
# An entry starts with its number and its one-digit 一级 code (「2、1－产出指标」, 「1－…」);
# a 二级 code has two digits (「；11-数量指标」 is no entry start).
_ENTRY_START = re.compile(
    r"(?:^|[；;。\n：:])\s*(?:\d+\s*[、.．]\s*)?\d\s*[－\-—–]\s*[^，,；;。\n]*?指标")
# A wrapped line that starts the next entry (「2、1－产出指标」) after a line that does not
# end with a separator: the line break was the separator.
_LINE_STARTS_ENTRY = re.compile(rf"^\d+\s*[、.．]\s*\d+(?:\.\d+)?\s*{_DASH}")
_SEPARATORS = "；;。，,"
_TRAILING = "。，,"
_LEAD_PUNCTUATION = " \n：:，,；;。"
# Columns of the synthetic row each entry becomes: levels, name, annual and period target.
_COLUMNS = IndicatorColumns(level1=0, level2=1, name=2, target=3,
                            extras=((4, "period_target"),))


def has_coded_indicators(text: str) -> bool:
    """True when a cell holds at least one coded indicator entry."""
    return "年度指标值" in text and _ENTRY.search(text) is not None


def count_entries(text: str) -> int:
    """How many entries the text holds (matched or not), to tell what was not read.

    An entry is counted by its coded start or by its 年度指标值, whichever finds more, so
    an entry whose levels lost their codes is still counted as not read.
    """
    return max(len(_ENTRY_START.findall(text)), text.count("年度指标值"))


def unwrap(text: str) -> str:
    """A coded cell whose lines a PDF wrapped mid-word (「年度指标⏎值」, 「4、1⏎－产出」)
    as one line; a line break before the next entry's number stands for a separator."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    joined = lines[0] if lines else ""
    for line in lines[1:]:
        starts = _LINE_STARTS_ENTRY.match(line) and joined[-1] not in _SEPARATORS
        joined += ("；" if starts else "") + line
    return joined


def read_coded_indicators(text: str, row: Row, col: int = 0
                          ) -> tuple[list[Indicator | CategoryDeclaration], int]:
    """Indicators of a coded cell, in order, and the number of entries not read."""
    state = LevelState()
    found: list[Indicator | CategoryDeclaration] = []
    for number, match in enumerate(_ENTRY.finditer(text), start=1):
        state.begin_row()
        apply_level_cell(state, 0, match.group("l1"), _COLUMNS, 0)
        apply_level_cell(state, 1, match.group("l2"), _COLUMNS, 0)
        cells = ("", "", match.group("name"), match.group("annual").rstrip(_TRAILING),
                 match.group("period").rstrip(_TRAILING))
        entry = Row(cells=cells, line=row.line, locator=f"{row.cell_locator(col)}, entry {number}")
        seq = sum(1 for item in found if isinstance(item, Indicator)) + 1
        item = build_indicator(entry, _COLUMNS, state, seq)
        if item is not None:
            found.append(item)
    return found, max(count_entries(text) - len(found), 0)


def split_goal(text: str) -> tuple[str | None, str]:
    """(the goal written before the first coded entry, or None; the entries).

    A goal cell may lead into its indicators (「主要达到如下目标：1、1-产出指标；…」); the
    lead is the goal, the rest is read as indicators.
    """
    start = _ENTRY_START.search(text)
    if start is None:
        return None, text
    lead = text[: start.start()].strip(_LEAD_PUNCTUATION)
    return lead or None, text[start.start():].lstrip(_LEAD_PUNCTUATION)


def first_unread_entry(text: str) -> str | None:
    """The text of the first entry the pattern did not read, to quote it to a person."""
    read_until = [match.span() for match in _ENTRY.finditer(text)]
    for start in _ENTRY_START.finditer(text):
        if not any(a <= start.end() - 1 < b for a, b in read_until):
            following = _ENTRY_START.search(text, start.end())
            end = following.start() if following else len(text)
            return text[start.start():end].strip(_LEAD_PUNCTUATION)
    return text_outside_entries(text)


def text_outside_entries(text: str) -> str | None:
    """The first text no entry read (separators aside), or None when every word was read.

    An entry whose levels lost their codes is neither matched nor counted; this is how
    such text is still noticed rather than dropped.
    """
    rest = text
    for a, b in reversed([match.span() for match in _ENTRY.finditer(text)]):
        rest = rest[:a] + "\n" + rest[b:]
    left = [part.strip(_LEAD_PUNCTUATION) for part in rest.split("\n")]
    return next((part for part in left if part), None)
