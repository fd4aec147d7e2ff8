"""The three-level indicator table: locate its header, read rows, repair shifted rows.

Exports of merged cells often shift a row left by one or two cells (a 二级 name lands in
the 一级 column, a 三级 name two cells left of its usual place).  A row is repaired by
structure, not by one file's positions: the 三级 name and the target keep their
distance from each other, so the shift that puts a filled cell under the 三级 column
and the next one under the 指标值 column is the row's shift; cells left of the name
are level names, recognised by the framework's vocabulary first and position second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.grid import Row
from pipelines.parse.records import Indicator
from pipelines.parse.targets import parse_target, with_unit_from_name
from pipelines.parse.vocabulary import (
    LEVEL2_PARENT,
    NOT_APPLICABLE,
    is_block_marker,
    join_wrapped,
    level_kind,
    normalize_level,
    squeeze,
)

_SHIFTS = (0, -1, -2, 1, 2)
_PAGE_NUMBER = re.compile(r"^[—\-－–\s]*\d{1,4}[—\-－–\s]*$|^第\s*\d+\s*页")
_FOOTER_LABELS = ("填报人", "联系电话", "审核人", "单位负责人", "填表人", "负责人")

EXTRA_COLUMNS: dict[str, str] = {
    "权重": "weight",
    "分值": "weight",
    "指标解释": "explanation",
    "指标说明": "explanation",
    "指标值内容": "value_content",
    "评（扣）分标准": "scoring_standard",
    "评(扣)分标准": "scoring_standard",
    "评分标准": "scoring_standard",
    "备注": "remark",
}


@dataclass(frozen=True, slots=True)
class IndicatorColumns:
    """Column positions of an indicator header row."""

    level1: int
    level2: int
    name: int
    target: int
    extras: tuple[tuple[int, str], ...] = ()


def find_indicator_header(row: Row) -> IndicatorColumns | None:
    """Columns of 一级/二级/三级/指标值 when ``row`` is an indicator header row."""
    found: dict[str, int] = {}
    extras: list[tuple[int, str]] = []
    targets: list[tuple[int, str]] = []
    for col, text in row.filled():
        name = squeeze(text)
        if name in ("一级指标", "二级指标", "三级指标"):
            found.setdefault(name, col)
        elif name.endswith("指标值"):
            targets.append((col, name))
        elif name in EXTRA_COLUMNS:
            extras.append((col, EXTRA_COLUMNS[name]))
    if targets:
        target_col = _annual_target(targets)
        found["target"] = target_col
        extras += [(col, "period_target") for col, _ in targets if col != target_col]
    if len(found) < 4:
        return None
    return IndicatorColumns(
        level1=found["一级指标"],
        level2=found["二级指标"],
        name=found["三级指标"],
        target=found["target"],
        extras=tuple(extras),
    )


def _annual_target(targets: list[tuple[int, str]]) -> int:
    """The 年度指标值 column when a form gives both 实施周期 and 年度 targets, else the first."""
    annual = [col for col, name in targets if "年度" in name]
    return annual[0] if annual else targets[0][0]


def is_noise_row(row: Row) -> bool:
    """Page numbers, footers and marker-only rows: not data, not an error."""
    tokens = [t for _, t in row.filled() if not is_block_marker(t)]
    if not tokens:
        return True
    if len(tokens) == 1 and _PAGE_NUMBER.match(tokens[0].strip()):
        return True
    return squeeze(tokens[0]).startswith(_FOOTER_LABELS)


@dataclass(slots=True)
class LevelState:
    """一级/二级 carried down from the rows above."""

    level1: str | None = None
    level2: str | None = None
    level1_written: str | None = None
    level2_written: str | None = None

    def set_level1(self, name: str, written: str) -> None:
        if name != self.level1:
            self.level2 = self.level2_written = None
        self.level1, self.level1_written = name, written

    def set_level2(self, name: str, written: str) -> None:
        self.level2, self.level2_written = name, written
        parent = LEVEL2_PARENT.get(name)
        if self.level1 is None and parent:
            self.level1, self.level1_written = parent, None


def _cells(row: Row) -> dict[int, str]:
    return {c: t for c, t in row.filled() if not is_block_marker(t)}


def _find_shift(cells: dict[int, str], cols: IndicatorColumns) -> int | None:
    """The shift that puts a name under 三级 and its target under 指标值, if any."""
    for shift in _SHIFTS:
        name_col, target_col = cols.name + shift, cols.target + shift
        extra_cols = {col + shift for col, _ in cols.extras}
        between = [c for c in cells if name_col < c < target_col and c not in extra_cols]
        if name_col in cells and target_col in cells and not between:
            return shift
    return None


def _name_only_shift(cells: dict[int, str], cols: IndicatorColumns) -> int | None:
    """A row ending under 三级 with nothing under 指标值: a name whose target is blank.

    Only the unshifted position counts, and a framework level name there is a level
    row (e.g. an unused 社会成本指标), not an indicator.
    """
    rightmost = max(cells)
    if rightmost == cols.name and level_kind(cells[rightmost]) is None:
        return 0
    return None


def _apply_level_cell(state: LevelState, col: int, text: str, cols: IndicatorColumns,
                      shift: int) -> None:
    name = normalize_level(text)
    kind = level_kind(text)
    text = join_wrapped(text)
    old_cost = kind == 1 and name == "成本指标" and state.level1 == "产出指标"
    if old_cost and col >= cols.level2 + shift:
        state.set_level2(name, text)  # older templates: 成本指标 as a 二级 under 产出指标
    elif kind == 1:
        state.set_level1(name, text)
    elif kind == 2:
        state.set_level2(name, text)
    elif col <= cols.level1 + shift:
        state.set_level1(name, text)
    else:
        state.set_level2(name, text)


def read_indicator_row(row: Row, cols: IndicatorColumns, state: LevelState,
                       seq: int) -> Indicator | None:
    """One indicator from a data row, or None for a row that only sets levels."""
    cells = _cells(row)
    if not cells:
        return None
    shift = _find_shift(cells, cols)
    has_target = shift is not None
    if shift is None:
        shift = _name_only_shift(cells, cols)
    name_col = cols.name + shift if shift is not None else None
    for col in sorted(cells):
        if name_col is not None and col >= name_col:
            break
        if name_col is None and level_kind(cells[col]) is None:
            continue  # a row without an indicator only sets framework levels
        _apply_level_cell(state, col, cells[col], cols, shift or 0)
    if name_col is None:
        return None
    name = join_wrapped(cells[name_col])
    if squeeze(name) in NOT_APPLICABLE:
        return None
    target_text = join_wrapped(cells[cols.target + shift]) if has_target else None
    extras = {
        key: cells[col + shift].strip() for col, key in cols.extras if col + shift in cells
    }
    return Indicator(
        seq=seq,
        level1=state.level1,
        level2=state.level2,
        name=name,
        target=with_unit_from_name(parse_target(target_text), name),
        level1_as_written=state.level1_written,
        level2_as_written=state.level2_written,
        line=row.line,
        locator=row.locator,
        extras=extras,
    )
