"""The indicator table: locate its header, read rows, repair shifted rows.

One home for what every template shares: the header words (三级指标 / 指标名称 /
指标内容, 指标值 / 目标值, operator and unit columns, weights and score columns), the
一级/二级 carried down over merged cells, the target text joined from its columns, and
the rows that declare a category not applicable instead of naming an indicator.

Exports of merged cells often shift a row left by one or two cells (a 二级 name lands in
the 一级 column, a 三级 name two cells left of its usual place).  A row is repaired by
structure, not by one file's positions: the 三级 name and the target keep their
distance from each other, so the shift that puts a filled cell under the 三级 column
and the next one under the 指标值 column is the row's shift; cells left of the name
are level names, recognised by the framework's vocabulary first and position second.

Flat lists (指标名称 / 指标性质 / 指标值 / 计量单位 / 指标权重, no 一级/二级 columns)
are read by the same code with the level columns absent; their levels stay NULL.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pipelines.parse.amounts import AmountError, parse_amount
from pipelines.parse.labels import is_fund_label
from pipelines.parse.records import CategoryDeclaration, FormError, Indicator, LeftOut
from pipelines.parse.targets import OPERATORS, join_target, parse_target, with_unit_from_name
from pipelines.parse.vocabulary import (
    LEVEL2_NAMES,
    LEVEL2_PARENT,
    NOT_APPLICABLE,
    is_block_marker,
    join_wrapped,
    level_kind,
    normalize_level,
    squeeze,
)
from pipelines.read.grid import Row

_SHIFTS = (0, -1, -2, 1, 2)
_PAGE_NUMBER = re.compile(r"^[—\-－–\s]*\d{1,4}[—\-－–\s]*$|^第\s*\d+\s*页")
_FOOTER_LABELS = ("填报人", "联系电话", "审核人", "单位负责人", "填表人", "负责人")

LEVEL_HEADERS = {"一级指标": "level1", "二级指标": "level2"}
NAME_HEADERS = frozenset({"三级指标", "三级指标名称", "指标名称", "指标内容"})
# Name headers that may stand without level columns (a flat list).
FLAT_NAME_HEADERS = frozenset({"指标名称", "三级指标名称", "指标内容"})
TARGET_HEADERS = frozenset({"目标值", "指标目标值"})  # and every header ending in 指标值
OPERATOR_HEADERS = frozenset(
    {"指标值类型", "指标性质", "计算符号", "运算符号", "运算符", "比较符号", "符号"})
UNIT_HEADERS = frozenset({"度量单位", "计量单位", "指标单位", "指标值单位", "单位(计量)"})
EXTRA_COLUMNS: dict[str, str] = {
    "权重": "weight",
    "分值": "weight",
    "分值权重": "weight",
    "指标权重": "weight",
    "指标解释": "explanation",
    "指标说明": "explanation",
    "指标值内容": "value_content",
    "评(扣)分标准": "scoring_standard",
    "评分标准": "scoring_standard",
    "备注": "remark",
}
# 指标值类型 sometimes says what kind of target it is, not how to compare.
# Pieces of every name header, found even in a header wrapped inside its cell.
_NAME_HINTS = ("三级", "名称", "内容")
_NAME_HINT = re.compile("|".join(_NAME_HINTS))
_TARGET_KINDS = frozenset({"定量", "定性", "定量指标", "定性指标"})
_BRACKETS = str.maketrans("（）", "()")
# "(90分)", "(%)", "( )%" after a header word: a qualifier, not part of the word.
_QUALIFIER = re.compile(r"\([^()]*\)%?$|%$")
# Digits a text layer overprinted on a header cell (「35 100<br>指标名称」).
_OVERPRINT = re.compile(r"^[\d.,，]+(?=\D)")
# Rows that declare a category not applicable rather than naming an indicator.
_DECLARES = re.compile(r"^(?:不适用|不直接产生|不涉及|不产生|无)")


@functools.lru_cache(maxsize=4096)
def header_word(text: str) -> str:
    """``评（扣）分<br>标准`` -> ``评(扣)分标准``; ``分值权重（90分）`` -> ``分值权重``."""
    word = _OVERPRINT.sub("", squeeze(text).translate(_BRACKETS).replace("。", ""))
    stripped = _QUALIFIER.sub("", word)
    return stripped if stripped else word


@dataclass(frozen=True, slots=True)
class IndicatorColumns:
    """Column positions of an indicator header row; level columns absent in flat lists."""

    level1: int | None
    level2: int | None
    name: int
    target: int
    extras: tuple[tuple[int, str], ...] = ()
    operator: int | None = None
    measure_unit: int | None = None
    # columns the parser has no field for: (column, header as printed)
    attributes: tuple[tuple[int, str], ...] = ()
    # the extra, operator and unit columns (unshifted), which may stand between the name
    # and the target: set once here, for every row's shift is tested against them
    side_columns: frozenset[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        side = {col for col, _ in self.extras}
        side.update(c for c in (self.operator, self.measure_unit) if c is not None)
        object.__setattr__(self, "side_columns", frozenset(side))  # derived, not a change

    @property
    def flat(self) -> bool:
        return self.level1 is None and self.level2 is None

    @property
    def level_columns(self) -> tuple[int, ...]:
        return tuple(c for c in (self.level1, self.level2) if c is not None)


@dataclass(slots=True)
class _HeaderWords:
    levels: dict[str, int] = field(default_factory=dict)
    names: list[tuple[int, str]] = field(default_factory=list)
    targets: list[tuple[int, str]] = field(default_factory=list)
    operator: int | None = None
    unit: int | None = None
    extras: list[tuple[int, str]] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)


def _header_words(row: Row) -> _HeaderWords:
    words = _HeaderWords()
    for col, text in row.filled():
        word = header_word(text)
        if word in LEVEL_HEADERS:
            words.levels.setdefault(LEVEL_HEADERS[word], col)
        elif word in NAME_HEADERS:
            words.names.append((col, word))
        elif word.endswith("指标值") or word in TARGET_HEADERS:
            words.targets.append((col, word))
        elif word in OPERATOR_HEADERS and words.operator is None:
            words.operator = col
        elif word in UNIT_HEADERS and words.unit is None:
            words.unit = col
        elif word in EXTRA_COLUMNS:
            words.extras.append((col, EXTRA_COLUMNS[word]))
        elif not is_block_marker(text):
            words.unknown.append((col, join_wrapped(text)))
    return words


def find_indicator_header(row: Row) -> IndicatorColumns | None:
    """Columns of an indicator header row: 一级/二级/三级 and 指标值, or a flat list.

    A cheap test first, for it is asked of every row of every form several times: a
    row with no piece of a name header in any cell is none (the cells joined at a
    character no hint holds, so one search looks at them all, and no row is hashed).
    """
    if _NAME_HINT.search("\0".join(row.cells)) is None:
        return None
    return _indicator_header(row)


@functools.lru_cache(maxsize=1024)
def _indicator_header(row: Row) -> IndicatorColumns | None:
    """``find_indicator_header`` of a row that passed the cheap test.

    Cached: a form's rows are asked about many times (splitting, wide or labelled,
    repeated headers), and rows are immutable.
    """
    words = _header_words(row)
    if not words.names or not words.targets:
        return None
    name_col, name_word = words.names[0]
    levels = _with_unnamed_level1(words.levels, row)
    if len(levels) == 1 or (not levels and name_word not in FLAT_NAME_HEADERS):
        return None
    target_col = _annual_target(words.targets)
    extras = [*words.extras, *((c, "period_target") for c, _ in words.targets if c != target_col)]
    first = min([name_col, *levels.values()])
    return IndicatorColumns(
        level1=levels.get("level1"),
        level2=levels.get("level2"),
        name=name_col,
        target=target_col,
        extras=tuple(extras),
        operator=words.operator,
        measure_unit=words.unit,
        attributes=tuple((c, h) for c, h in words.unknown if c > first),
    )


def headerless_columns(rows: Sequence[Row]) -> tuple[int, IndicatorColumns] | None:
    """(index, columns) of an indicator table printed without its header row.

    A form may go from its goal straight to the indicator rows (「产出指标 | 数量指标 |
    指标：… | 7375人」, no 「一级指标 | 二级指标 | 指标内容 | 指标值」 above them).  Its
    first row names a 一级 and, right of it, a 二级 category of the framework, then
    exactly two more cells: the indicator's name and its value.  Any other first row
    is no table recognised, so nothing is guessed; nor is a table whose header row is
    printed but not recognised (its words cut apart): its columns are not these.
    """
    if any(_header_words(row).names or _header_words(row).targets for row in rows):
        return None
    for i, row in enumerate(rows):
        filled = row.filled()
        level1 = next((c for c, t in filled if level_kind(t) == 1), None)
        if level1 is None:
            continue
        level2 = next((c for c, t in filled if c > level1 and level_kind(t) == 2), None)
        rest = [c for c, _ in filled if level2 is not None and c > level2]
        if level2 is None or len(rest) != 2:
            return None
        return i, IndicatorColumns(level1=level1, level2=level2, name=rest[0], target=rest[1])
    return None


def _with_unnamed_level1(levels: dict[str, int], row: Row) -> dict[str, int]:
    """The level columns, with a 一级 column whose header cell is drawn but left blank.

    Some department-wide forms head the indicator block 「（blank） | 二级指标 | 指标内容 |
    指标值」 and print the 一级 names (产出指标 …) under the blank cell; the bordered
    blank cell just left of 二级指标 is that column (a column that is not drawn, or is
    covered by a merged cell, is no column and is not taken)."""
    level2 = levels.get("level2")
    if "level1" in levels or level2 is None or level2 - 1 not in row.blank_cells:
        return levels
    return {**levels, "level1": level2 - 1}


def _annual_target(targets: list[tuple[int, str]]) -> int:
    """The 年度指标值 column when a form gives both 实施周期 and 年度 targets, else the first."""
    annual = [col for col, name in targets if "年度" in name]
    return annual[0] if annual else targets[0][0]


def is_noise_row(row: Row) -> bool:
    """Page numbers, footers and marker-only rows: not data, not an error."""
    return is_noise(list(row_cells(row).values()))


def is_noise(tokens: Sequence[str]) -> bool:
    """``is_noise_row`` of a row's filled cells other than block markers, left to right."""
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
    level1_inferred: bool = False
    level1_in_row: bool = False

    def begin_row(self) -> None:
        self.level1_in_row = False

    def set_level1(self, name: str, written: str) -> None:
        if name != self.level1:
            self.level2 = self.level2_written = None
        self.level1, self.level1_written = name, written
        self.level1_inferred, self.level1_in_row = False, True

    def set_level2(self, name: str, written: str) -> None:
        """A framework 二级 under another 一级 than the one carried down, with the 一级
        cell of its row blank, takes its framework 一级 (the merged 一级 cell was cut by
        a page break or never drawn); the row says so through ``level1_inferred``."""
        self.level2, self.level2_written = name, written
        parent = LEVEL2_PARENT.get(name)
        if parent and parent != self.level1 and not self.level1_in_row:
            self.level1, self.level1_written, self.level1_inferred = parent, None, True

    def clear(self, level: str) -> None:
        """A blank level cell drawn with its own border: nothing carries over it."""
        if level == "level1":
            self.level1 = self.level1_written = None
            self.level1_inferred = False
        self.level2 = self.level2_written = None


def row_cells(row: Row) -> dict[int, str]:
    """Column -> text of the row's filled cells other than block markers."""
    return {c: t for c, t in row.filled() if not is_block_marker(t)}


def _find_shift(cells: dict[int, str], cols: IndicatorColumns) -> int | None:
    """The shift that puts a name under 三级 and its target under 指标值, with nothing
    between them but the table's own side columns, if any."""
    side = cols.side_columns
    for shift in _SHIFTS:
        name_col, target_col = cols.name + shift, cols.target + shift
        if name_col not in cells or target_col not in cells:
            continue
        if any(name_col < c < target_col and c - shift not in side for c in cells):
            continue
        if level_kind(cells[target_col]) is None:  # a category name is never a target
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


def apply_level_cell(state: LevelState, col: int, text: str, cols: IndicatorColumns,
                     shift: int) -> None:
    """Carry one level cell: the framework's vocabulary decides, then the column."""
    name = normalize_level(text)
    kind = level_kind(text)
    text = join_wrapped(text)
    level2_col = cols.level2 if cols.level2 is not None else cols.name
    old_cost = kind == 1 and name == "成本指标" and state.level1 == "产出指标"
    if old_cost and col >= level2_col + shift:
        state.set_level2(name, text)  # older templates: 成本指标 as a 二级 under 产出指标
    elif kind == 1:
        state.set_level1(name, text)
    elif kind == 2:
        state.set_level2(name, text)
    elif cols.level1 is not None and col <= cols.level1 + shift:
        state.set_level1(name, text)
    else:
        state.set_level2(name, text)


def _clear_blank_levels(row: Row, cols: IndicatorColumns, state: LevelState) -> None:
    """Blank level cells with their own border end the level above (not the first row
    of a page, whose blank cells finish a merged cell the page break cut)."""
    if row.continued:
        return
    for level in ("level1", "level2"):
        col = getattr(cols, level)
        if col is not None and col in row.blank_cells:
            state.clear(level)
            return


def target_text(row: Row, cols: IndicatorColumns, shift: int = 0) -> str:
    """指标值, with the operator and unit columns joined on when the table has them."""
    value = join_wrapped(row.cell(cols.target + shift))
    if cols.operator is None and cols.measure_unit is None:
        return value
    if squeeze(value) in NOT_APPLICABLE:
        return value
    op = squeeze(row.cell(cols.operator + shift)) if cols.operator is not None else ""
    if op in _TARGET_KINDS:
        op = ""
    elif op and op not in OPERATORS:
        # An unknown word is kept in the text: the target then stays qualitative rather
        # than being read with a guessed operator.
        op = join_wrapped(row.cell(cols.operator + shift))
    unit = ""
    if cols.measure_unit is not None:
        unit = join_wrapped(row.cell(cols.measure_unit + shift))
    if squeeze(unit) in NOT_APPLICABLE:
        unit = ""
    return join_target(op, value, unit)


def declared_category(name: str, target: str, state: LevelState) -> str | None:
    """The 二级 a row declares not applicable (「不适用生态效益指标 | 无」), else None.

    The category is the one named in the text, else the 二级 the row stands under.
    """
    flat_name, flat_target = squeeze(name), squeeze(target)
    says_none = flat_name in NOT_APPLICABLE or _DECLARES.match(flat_name) is not None
    if not says_none and not (flat_target in NOT_APPLICABLE and flat_target and (
            _DECLARES.match(flat_name) or flat_name in LEVEL2_NAMES)):
        return None
    named = next((level for level in sorted(LEVEL2_NAMES, key=len, reverse=True)
                  if level.removesuffix("指标") in flat_name), None)
    return named or state.level2 or ""


def build_indicator(row: Row, cols: IndicatorColumns, state: LevelState, seq: int,
                    shift: int = 0) -> Indicator | CategoryDeclaration | None:
    """The indicator (or not-applicable declaration) of a row whose levels are applied."""
    name = join_wrapped(row.cell(cols.name + shift))
    if not name:
        return None
    target = target_text(row, cols, shift)
    category = declared_category(name, target, state)
    if category is not None:
        return CategoryDeclaration(
            level1=LEVEL2_PARENT.get(category, state.level1), level2=category or None,
            declaration="not_applicable",
            text_as_written=" | ".join(t for t in (name, target) if t),
            line=row.line, locator=row.locator)
    return Indicator(
        seq=seq,
        level1=state.level1,
        level2=state.level2,
        name=name,
        target=with_unit_from_name(parse_target(target or None), name),
        level1_as_written=state.level1_written,
        level2_as_written=state.level2_written,
        line=row.line,
        locator=row.locator,
        extras=_column_values(row, cols.extras, shift),
        attributes=_column_values(row, cols.attributes, shift),
        level1_inferred=state.level1_inferred,
    )


def _column_values(row: Row, columns: Iterable[tuple[int, str]], shift: int) -> dict[str, str]:
    values: dict[str, str] = {}
    for col, key in columns:
        text = row.cell(col + shift).strip()
        if text:
            values[key] = text
    return values


def read_indicator_row(row: Row, cols: IndicatorColumns, state: LevelState, seq: int,
                       cells: dict[int, str] | None = None
                       ) -> Indicator | CategoryDeclaration | None:
    """One indicator from a data row, or None for a row that only sets levels.

    ``cells``: the row's ``row_cells`` when the caller has them already."""
    cells = row_cells(row) if cells is None else cells
    state.begin_row()
    if not cells:
        return None
    shift = _find_shift(cells, cols)
    if shift is None:
        shift = _name_only_shift(cells, cols)
    if shift in (0, None):
        _clear_blank_levels(row, cols, state)
    name_col = cols.name + shift if shift is not None else None
    for col in sorted(cells):
        if name_col is not None and col >= name_col:
            break
        if name_col is None and level_kind(cells[col]) is None:
            continue  # a row without an indicator only sets framework levels
        if cols.flat:
            continue  # a flat list has no level columns: a stray cell is no level
        apply_level_cell(state, col, cells[col], cols, shift or 0)
    if shift is None:
        return None
    return build_indicator(row, cols, state, seq, shift)


def join_cut_levels(rows: Sequence[Row], cols: IndicatorColumns) -> list[Row]:
    """Rows with a vertical level cell the page break cut in two read as one cell.

    A merged 一级/二级 cell whose text runs over a page break is printed in two parts
    (「效」 at one page's foot, 「益指标」 at the next page's head).  Neither part is a
    level of its own: a head part that completes the level cell above it into a
    framework name is joined to it; a head part that is only a piece of the level name
    carried down (or a lone character of one) continues that level and is dropped.
    """
    out = list(rows)
    for i, row in enumerate(out):
        if not row.continued:
            continue
        for col in cols.level_columns:
            head = squeeze(row.cell(col))
            if not head or level_kind(head) is not None or is_block_marker(head):
                continue
            above = _level_cell_above(out, i, col)
            if above is None:
                continue
            foot = squeeze(out[above].cell(col))
            if level_kind(foot) is None and level_kind(foot + head) is not None:
                out[above] = _with_cell(out[above], col, foot + head)
                out[i] = _with_cell(out[i], col, "")
            elif level_kind(foot) is not None and head in normalize_level(foot):
                out[i] = _with_cell(out[i], col, "")
    return out


def join_cut_cells(rows: Sequence[Row], cols: IndicatorColumns) -> list[Row]:
    """Rows with an indicator row the page break cut in two joined again.

    When a tall indicator row runs over a page break, the generator goes on with its
    text in a row of its own at the next page's head (泉州: a 目标值 ending 「…新格」
    on one page, 「局」 alone on the next, every other cell of that row drawn blank).
    Such a row is no indicator: it is the first row of a continued page, names no level,
    lacks the 三级 name or the target, and fills only cells its row above fills; its
    text finishes those cells.
    """
    out: list[Row] = []
    for row in rows:
        if out and _finishes_row_above(row, out[-1], cols):
            cells = list(out[-1].cells)
            for col, text in row.filled():
                cells[col] = cells[col] + text
            out[-1] = dataclasses.replace(out[-1], cells=tuple(cells))
        else:
            out.append(row)
    return out


def _finishes_row_above(row: Row, above: Row, cols: IndicatorColumns) -> bool:
    """Whether a continued page's first row only finishes the cells of the row above."""
    filled = row.filled()
    if not (row.continued and filled):
        return False
    if any(col in cols.level_columns for col, _ in filled):
        return False
    if row.cell(cols.name).strip() and row.cell(cols.target).strip():
        return False  # a whole indicator of its own
    return all(above.cell(col).strip() for col, _ in filled)


def _level_cell_above(rows: Sequence[Row], index: int, col: int) -> int | None:
    """The nearest row above ``index`` with text in level column ``col``."""
    for k in range(index - 1, -1, -1):
        if rows[k].cell(col).strip():
            return k
    return None


def _with_cell(row: Row, col: int, text: str) -> Row:
    cells = list(row.cells)
    cells[col] = text
    return dataclasses.replace(row, cells=tuple(cells))


@dataclass(slots=True)
class IndicatorTable:
    """Indicators and category declarations of one form, collected row by row.

    A 二级 row the template prints with no indicator under it (长沙: 社会成本指标 with
    blank cells) becomes a ``listed_empty`` declaration when no indicator or
    declaration of that category follows.
    """

    cols: IndicatorColumns
    indicators: list[Indicator] = field(default_factory=list)
    declarations: list[CategoryDeclaration] = field(default_factory=list)
    listed: list[CategoryDeclaration] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def next_seq(self) -> int:
        return len(self.indicators) + 1

    def add(self, row: Row, item: Indicator | CategoryDeclaration | None,
            state: LevelState, level2_before: str | None) -> None:
        if isinstance(item, Indicator):
            if self._continues_previous(row, item):
                return
            self.indicators.append(item)
        elif isinstance(item, CategoryDeclaration):
            self.declarations.append(item)
        elif self._is_lost_fragment(row):
            self.notes.append(LeftOut(
                f"{row.locator}: 续页第一行既不是指标也不接续上一行，其文字未载入 / the first "
                "row of a continued page gives no indicator and finishes no row above; its "
                f"text was not loaded: {' | '.join(t for _, t in row.filled())}"))
        elif state.level2 and state.level2 != level2_before:
            self.listed.append(CategoryDeclaration(
                level1=state.level1, level2=state.level2, declaration="listed_empty",
                text_as_written=state.level2_written or state.level2,
                line=row.line, locator=row.locator))

    def _is_lost_fragment(self, row: Row) -> bool:
        """A continued page's first row that gives no indicator yet holds text beside
        the level columns: a cut cell's rest that nothing took (never dropped unsaid)."""
        return row.continued and any(
            col not in self.cols.level_columns for col, _ in row.filled())

    def _continues_previous(self, row: Row, item: Indicator) -> bool:
        """The first row of a page that only finishes the name the page break cut."""
        if not (row.continued and self.indicators and item.target is None):
            return False
        if {col for col, _ in row.filled()} != {self.cols.name}:
            return False
        previous = self.indicators[-1]
        self.indicators[-1] = dataclasses.replace(previous, name=previous.name + item.name)
        return True

    def finish(self) -> tuple[list[Indicator], list[CategoryDeclaration]]:
        covered = {(i.level1, i.level2) for i in self.indicators}
        covered |= {(d.level1, d.level2) for d in self.declarations}
        empty = [d for d in self.listed if (d.level1, d.level2) not in covered]
        return self.indicators, self.declarations + empty


def is_fund_row(row: Row) -> bool:
    """A form's money row (「专项资金情况（万元） | 资金总额： | 237.50」, 「其他资金 |」).

    A fund label followed by an amount or by nothing; a header row naming a money
    column (「项目名称 | 资金总额 | 绩效目标」) is not one.  Such a row is never an
    indicator: met inside an indicator table, it is the next form's header.
    """
    if not any(map(is_fund_label, row.cells)):
        return False  # most rows: one pass in C over the cached test (a blank cell is none)
    filled = row.filled()
    first = next((i for i, (_, text) in enumerate(filled) if is_fund_label(text)), None)
    if first is None or find_indicator_header(row) is not None:
        return False
    after = [t for _, t in filled[first + 1:] if not is_fund_label(t)]
    return not after or _is_amount(after[0])


def _is_amount(text: str) -> bool:
    try:
        return parse_amount(text) is not None
    except AmountError:
        return False


def refuse_fund_row(row: Row) -> None:
    """Raise for a money row met among indicators: the rows below belong to a form whose
    title was missed, and stored as indicators they would be silently misfiled."""
    label = next(text for _, text in row.filled() if is_fund_label(text))
    raise FormError(
        "fund_row_in_indicators",
        f"{row.locator}: a fund row ({label.strip()}) follows the indicator table, so "
        "another form starts there whose title was not recognised; this form is not "
        "loaded rather than take that form's rows as indicators",
        row.line,
    )
