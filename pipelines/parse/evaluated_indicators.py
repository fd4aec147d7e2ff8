"""The indicator table of a self-evaluation (绩效自评表): target, actual, scores, met.

The national template prints 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 |
得分 | 偏差原因分析及改进措施; variants add 指标解释 (or another column) or name the
indicator 指标内容 (the department-wide form).  Columns are found by their header words,
never by position, so a variant with one column more or less reads the same.  一级 and
二级 cells span rows (a merged cell prints its text once) and carry their score share
(「产出指标（50分）」), which is kept as written and dropped from the level's name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from pipelines.parse.records import EvaluatedIndicator
from pipelines.parse.targets import Target, parse_target, with_unit_from_name
from pipelines.parse.vocabulary import join_wrapped, normalize_level, squeeze
from pipelines.read.grid import Row

# 「（50分）」, or 「50」 with no bracket (产出指标50): the level's share of the 100 points
_SCORE_SHARE = re.compile(r"(?:[（(]\s*\d+(?:\.\d+)?\s*分?\s*[)）]|\d+(?:\.\d+)?分?)$")
_NOT_PRINTED = frozenset({"", "—", "－", "-", "–", "/", "／", "——"})
TOTAL_LABEL = "总分"


@dataclass(frozen=True, slots=True)
class EvaluationColumns:
    """Where each column of a self-evaluation's indicator table stands."""

    level1: int | None
    level2: int | None
    name: int
    target: int
    actual: int
    max_score: int | None
    score: int | None
    deviation: int | None
    attributes: tuple[tuple[int, str], ...] = field(default_factory=tuple)


def _header_role(text: str) -> str | None:
    """The field a header cell names, ``attribute`` for another column, None for none."""
    word = squeeze(text).replace("(", "（").replace(")", "）")
    roles = (("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"),
             ("指标内容", "name"), ("指标名称", "name"), ("实际完成值", "actual"),
             ("实际值", "actual"), ("完成值", "actual"), ("指标值", "target"),
             ("分值", "max_score"), ("得分", "score"), ("偏差原因", "deviation"))
    for key, role in roles:
        if word.startswith(key) or (role == "target" and word.endswith(key)):
            return role
    return "attribute" if word else None


def find_evaluation_header(row: Row) -> EvaluationColumns | None:
    """The columns of an indicator header with both 指标值 and 实际完成值, else None."""
    found: dict[str, int] = {}
    extra: list[tuple[int, str]] = []
    for col, text in row.filled():
        role = _header_role(text)
        if role == "attribute":
            extra.append((col, squeeze(text)))
        elif role is not None and role not in found:
            found[role] = col
    if not {"name", "target", "actual"} <= found.keys():
        return None
    first = min(found.values())
    return EvaluationColumns(
        level1=found.get("level1"), level2=found.get("level2"), name=found["name"],
        target=found["target"], actual=found["actual"], max_score=found.get("max_score"),
        score=found.get("score"), deviation=found.get("deviation"),
        attributes=tuple((col, key) for col, key in extra if col > first))


def is_total_row(row: Row) -> bool:
    """The 总分 row closing the table."""
    return any(squeeze(text) == TOTAL_LABEL for _, text in row.filled())


def score_of(text: str) -> Decimal | None:
    """A score or 分值 as printed (「12.5」); None when not printed (「—」, blank).  A cell
    that is no number raises ValueError, which the caller turns into a quarantine."""
    flat = squeeze(text)
    if flat in _NOT_PRINTED:
        return None
    try:
        return Decimal(flat.replace(",", ""))
    except InvalidOperation as err:
        raise ValueError(f"score {text.strip()!r} is not a number") from err


def percent_of(text: str) -> Decimal | None:
    """执行率 as printed, in percent (「100.00%」 → 100.00); None when not printed."""
    flat = squeeze(text).rstrip("%％")
    return score_of(flat)


def level_name(text: str) -> str:
    """「产出指标（50分）」 → 产出指标: the level's name without its score share."""
    return normalize_level(_SCORE_SHARE.sub("", squeeze(text)))


def met(target: Target | None, actual: Target | None) -> bool | None:
    """Whether the actual meets the target, or None where that cannot be decided.

    The same text meets (全年 / 全年, ≥90% / ≥90%).  Otherwise both must be one number
    in the same unit, the actual stated exactly (an actual 「≥90%」 against 「≥95%」 says
    too little): ≥ needs actual ≥ value, ≤ actual ≤ value, > and < strictly, = equal.
    """
    if target is None or actual is None:
        return None
    if squeeze(target.raw) == squeeze(actual.raw):
        return True
    if not (target.is_quantitative and actual.is_quantitative) or actual.op != "=":
        return None
    if target.unit != actual.unit or target.value is None or actual.value is None:
        return None
    compare = {">=": actual.value >= target.value, "<=": actual.value <= target.value,
               ">": actual.value > target.value, "<": actual.value < target.value,
               "=": actual.value == target.value}
    return compare.get(target.op or "")


@dataclass(slots=True)
class _Levels:
    level1: str | None = None
    level2: str | None = None
    level1_written: str | None = None
    level2_written: str | None = None

    def read(self, row: Row, cols: EvaluationColumns) -> None:
        """Levels printed in the row; a blank level cell continues the one above (merged)."""
        one = row.cell(cols.level1).strip() if cols.level1 is not None else ""
        two = row.cell(cols.level2).strip() if cols.level2 is not None else ""
        if one:
            self.level1, self.level1_written = level_name(one), join_wrapped(one)
            self.level2 = self.level2_written = None
        if two:
            self.level2, self.level2_written = level_name(two), join_wrapped(two)


def _cell(row: Row, col: int | None) -> str:
    return join_wrapped(row.cell(col)) if col is not None else ""


def evaluated_indicator(row: Row, cols: EvaluationColumns, levels: _Levels, seq: int
                        ) -> EvaluatedIndicator:
    """One indicator row, the levels carried in ``levels``."""
    name = _cell(row, cols.name)
    target = with_unit_from_name(parse_target(_cell(row, cols.target) or None), name)
    actual = with_unit_from_name(parse_target(_cell(row, cols.actual) or None), name)
    attributes = {key: text for col, key in cols.attributes
                  if (text := row.cell(col).strip())}
    return EvaluatedIndicator(
        seq=seq, level1=levels.level1, level2=levels.level2, name=name,
        target=target, actual=actual,
        max_score=score_of(row.cell(cols.max_score)) if cols.max_score is not None else None,
        score=score_of(row.cell(cols.score)) if cols.score is not None else None,
        deviation_reason=_cell(row, cols.deviation) or None,
        met=met(target, actual),
        level1_as_written=levels.level1_written, level2_as_written=levels.level2_written,
        line=row.line, locator=row.locator, attributes=attributes)


def _finishes_previous(row: Row, cols: EvaluationColumns) -> bool:
    """The first row of a page whose indicator row the page break cut: no name, no score,
    only the rest of the cells above (a wrapped target, actual or reason)."""
    return (row.continued and not _cell(row, cols.name)
            and not _cell(row, cols.score) and not _cell(row, cols.max_score))


def _joined(previous: EvaluatedIndicator, row: Row, cols: EvaluationColumns
            ) -> EvaluatedIndicator:
    """The indicator cut by a page break, its cells joined with the page's first row."""
    cells = list(previous_cells(previous, cols))
    for col, text in row.filled():
        while len(cells) <= col:
            cells.append("")
        cells[col] = cells[col] + text
    merged = Row(tuple(cells), previous.line, previous.locator)
    levels = _Levels(previous.level1, previous.level2, previous.level1_as_written,
                     previous.level2_as_written)
    return evaluated_indicator(merged, cols, levels, previous.seq)


def previous_cells(ind: EvaluatedIndicator, cols: EvaluationColumns) -> list[str]:
    """The printed cells of an indicator, placed back in their columns."""
    width = 1 + max(c for c in (cols.name, cols.target, cols.actual, cols.max_score,
                                cols.score, cols.deviation, *[a for a, _ in cols.attributes])
                    if c is not None)
    cells = [""] * width
    values = {cols.name: ind.name, cols.target: ind.target.raw if ind.target else "",
              cols.actual: ind.actual.raw if ind.actual else "",
              cols.max_score: _text(ind.max_score), cols.score: _text(ind.score),
              cols.deviation: ind.deviation_reason or ""}
    values.update({col: ind.attributes.get(key, "") for col, key in cols.attributes})
    for col, text in values.items():
        if col is not None:
            cells[col] = text
    return cells


def _text(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def read_evaluated_indicators(rows: Sequence[Row], cols: EvaluationColumns
                              ) -> tuple[list[EvaluatedIndicator], Row | None]:
    """The indicators under the header and the 总分 row (None when not printed).

    A header repeated at the top of the next page is skipped; a row the page break cut
    is joined to the indicator above it."""
    indicators: list[EvaluatedIndicator] = []
    levels = _Levels()
    for row in rows:
        if is_total_row(row):
            return indicators, row
        if row.is_blank or find_evaluation_header(row) is not None:
            continue
        if indicators and _finishes_previous(row, cols):
            indicators[-1] = _joined(indicators[-1], row, cols)
            continue
        levels.read(row, cols)
        if _cell(row, cols.name):
            indicators.append(evaluated_indicator(row, cols, levels, len(indicators) + 1))
    return indicators, None
