"""Wide 项目支出绩效目标表: many projects in one table, one row per indicator.

Budget disclosures often print every project of a unit in one table: project columns
(单位编码, 项目名称, 资金总额, 绩效目标) on the left, the indicator columns (一级/二级/
三级指标, 指标值 …) on the right, and each project's cells merged down over its indicator
rows.  Columns are found by their header words, never by position, so the same code reads
other cities' column orders.  Each project becomes its own Form; a project that cannot be
read becomes a FormProblem while the other projects of the table still load.

Some systems print one row per project and write its whole indicator table as coded text
in one cell (``coded.py``): a 绩效指标 column beside 绩效目标 (广州's 项目支出绩效目标表,
with 总计 / 财政拨款 / 财政专户拨款 / 其他资金 columns), or, with no indicator column at
all, inside the 绩效目标 cell itself.  Such a table is wide too; its indicators come from
that cell, and a cell that does not follow the coded pattern quarantines its project
rather than loading part of it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from pipelines.parse.amounts import AmountError, detect_money_unit, parse_amount, to_yuan
from pipelines.parse.coded import (
    count_entries,
    first_unread_entry,
    has_coded_indicators,
    read_coded_indicators,
    split_goal,
    text_outside_entries,
    unwrap,
)
from pipelines.parse.indicators import (
    IndicatorColumns,
    IndicatorTable,
    LevelState,
    apply_level_cell,
    build_indicator,
    find_indicator_header,
    is_noise_row,
)
from pipelines.parse.records import (
    CategoryDeclaration,
    Form,
    FormError,
    FormProblem,
    FundAmount,
    Indicator,
    LeftOut,
    problem_from,
)
from pipelines.parse.titles import TARGET_TABLE, fiscal_year_of, split_department, title_text
from pipelines.parse.vocabulary import NOT_APPLICABLE, is_block_marker, join_wrapped, squeeze
from pipelines.read.grid import DocumentFacts, Row

# Header words of the project-side columns, after ``_header_word`` normalisation.  Order
# matters for "project" only: the first word found wins (项目名称 over a bare 项目).
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "project": (
        "项目名称", "单位(项目)名称", "项目(单位)名称", "单位/项目名称", "二级项目名称",
        "项目全称", "项目名称(资金使用单位)", "项目",
    ),
    "unit_code": ("单位编码", "单位代码", "预算单位编码", "预算单位代码", "单位编号"),
    "unit_name": ("单位名称", "预算单位", "预算单位名称", "实施单位", "实施单位名称"),
    "department": ("主管部门", "主管部门名称", "部门名称"),
    "amount": (
        "当年财政拨款预算金额", "资金总额", "年度资金总额", "项目资金总额", "年度预算资金总额",
        "年度预算总额",
        "年度预算", "年度预算数", "年度预算金额", "年度预算资金", "预算数", "预算金额",
        "预算资金", "项目金额", "资金合计", "年度资金", "年度资金申请总额", "申报金额",
        "项目资金", "金额", "总计",
    ),
    "goal": (
        "当年绩效目标", "绩效目标", "年度绩效目标", "年度目标", "项目绩效目标", "年度总体目标",
        "项目年度绩效目标",
    ),
    # one cell per project holding its indicators as coded text (see coded.py)
    "coded": ("绩效指标", "项目绩效指标", "年度绩效指标"),
}
# Parts of the year's money printed in their own columns beside the total (广州: 总计 |
# 财政拨款 | 财政专户拨款 | 其他资金): each is a fund item of its own, never summed or guessed.
MONEY_PARTS: dict[str, str] = {
    "财政拨款": "annual_appropriation",
    "财政专户拨款": "annual_special_account",
    "其他资金": "annual_other",
}
# Columns that tell a wide table from a labelled form whose 项目名称 sits near the header.
_PROJECT_SIDE = ("amount", "goal", "unit_code", "unit_name")
# 合计 / 总计 / 小计 alone or followed by a bracket or colon ("合计（万元）"), so that a
# project name merely starting with these characters is not taken for a sum row.
_TOTAL = re.compile(r"^(?:合计|总计|小计)(?:$|[(（:：])")

_BRACKETS = str.maketrans("（）", "()")
_MONEY_PAREN = re.compile(r"\((?:单位[:：])?(?:人民币)?(?:万元|元)\)")
# "单位名称：某单位 单位：万元": label/value pairs of the lines under the title.
_PAIR = re.compile(r"([^\s:：]{1,10})\s*[:：]\s*(.*?)(?=\s+[^\s:：]{1,10}\s*[:：]|\s*$)", re.S)
_UNIT_LABELS = frozenset({"单位名称", "预算单位", "预算单位名称", "实施单位", "实施单位名称",
                          "填报单位", "单位"})
_DEPARTMENT_LABELS = frozenset({"主管部门", "主管部门名称", "部门名称", "资金主管部门"})
# Other labels of heading lines (编制单位, 金额单位, 填报日期 …): recognised, not loaded.
_OTHER_HEADING_LABELS = ("单位", "日期", "时间")
_MONEY_LINE_MAX = 12
_PREAMBLE_MAX_CELLS = 3
_EXCERPT_ROWS = 6
_EXCERPT_CHARS = 400


@dataclass(frozen=True, slots=True)
class WideColumns:
    """Column positions of a wide table, found by header words; None when absent."""

    indicators: IndicatorColumns | None
    project: int
    unit_code: int | None = None
    unit_name: int | None = None
    department: int | None = None
    amount: int | None = None
    goal: int | None = None
    amount_label: str = ""
    header_index: int = 0
    header_signatures: frozenset[tuple[str, ...]] = frozenset()
    # the column of coded indicator text when the table has no indicator columns
    coded: int | None = None
    # (column, fund item, header as printed) of the money parts beside the total
    money: tuple[tuple[int, str, str], ...] = ()

    @property
    def level_columns(self) -> tuple[int, ...]:
        cols = self.indicators
        if cols is None:
            return (self.coded,) if self.coded is not None else ()
        return (*cols.level_columns, cols.name, cols.target)

    @property
    def coded_in_goal(self) -> bool:
        """The indicators are written inside the 绩效目标 cell (no column of their own)."""
        return self.coded is not None and self.coded == self.goal

    @property
    def fund_columns(self) -> tuple[tuple[int, str, str], ...]:
        """(column, fund item, header) of every money column, the total first."""
        if self.amount is None:
            return self.money
        return ((self.amount, "annual_total", self.amount_label), *self.money)


# --- header -------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def _header_word(text: str) -> str:
    """``年度资<br>金总额<br>(万元)`` -> ``年度资金总额``: spacing, brackets, money unit and a
    trailing colon (``总计：``) off.  Cached: every segment's rows are searched for a wide
    header several times, and most cells are the same few words and values."""
    return _MONEY_PAREN.sub("", squeeze(text).translate(_BRACKETS)).rstrip(":：")


# header word -> (role, rank) of every role it names: one lookup per cell, for every row
# of every segment is asked whether it is a wide table's header
_ROLES_OF: dict[str, list[tuple[str, int]]] = {}
for _role, _words in ROLE_WORDS.items():
    for _rank, _word in enumerate(_words):
        _ROLES_OF.setdefault(_word, []).append((_role, _rank if _role == "project" else 0))


def _roles(row: Row) -> dict[str, int]:
    """Project-side role -> column of the header words in ``row`` (first column wins)."""
    found: dict[str, tuple[int, int]] = {}
    for col, text in row.filled():
        for role, rank in _ROLES_OF.get(_header_word(text), ()):
            if role not in found or rank < found[role][1]:
                found[role] = (col, rank)
    return {role: col for role, (col, _) in found.items()}


def _may_name_project(row: Row) -> bool:
    """Whether a cell of ``row`` may hold a project column's header: every such word has
    a 项 in it (``ROLE_WORDS["project"]``), which normalising a cell never adds.  A cheap
    test before the header words of every row of a segment are looked up."""
    return "项" in "\0".join(row.cells)


def _previous_filled(rows: Sequence[Row], index: int) -> Row | None:
    for row in reversed(rows[:index]):
        if not row.is_blank:
            return row
    return None


def _signature(row: Row) -> tuple[str, ...]:
    cells = [squeeze(c) for c in row.cells]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def _money_parts(row: Row) -> tuple[tuple[int, str, str], ...]:
    """(column, fund item, header as printed) of the money-part columns of a header row."""
    return tuple((col, MONEY_PARTS[_header_word(text)], join_wrapped(text))
                 for col, text in row.filled() if _header_word(text) in MONEY_PARTS)


def _columns_at(rows: Sequence[Row], index: int, cols: IndicatorColumns | None,
                coded: int | None = None) -> WideColumns | None:
    """Wide layout when the header row at ``index`` (and the row above it) name projects.

    A two-row header keeps the second row's columns; a first-row word counts only where
    the second row is blank under it (the word's cell spans both rows).
    """
    lower = rows[index]
    roles = _roles(lower)
    upper = _previous_filled(rows, index)
    signatures = {_signature(lower)}
    if upper is not None:
        upper_roles = {r: c for r, c in _roles(upper).items() if not lower.cell(c).strip()}
        if upper_roles:
            signatures.add(_signature(upper))
        roles = {**upper_roles, **roles}
    if "project" not in roles or not any(r in roles for r in _PROJECT_SIDE):
        return None
    amount_label = ""
    if "amount" in roles:
        source = lower if lower.cell(roles["amount"]).strip() else upper
        amount_label = join_wrapped(source.cell(roles["amount"])) if source else ""
    return WideColumns(
        indicators=cols,
        project=roles["project"],
        unit_code=roles.get("unit_code"),
        unit_name=roles.get("unit_name"),
        department=roles.get("department"),
        amount=roles.get("amount"),
        goal=roles.get("goal"),
        amount_label=amount_label,
        header_index=index,
        header_signatures=frozenset(signatures),
        coded=coded,
        money=_money_parts(lower),
    )


def find_wide_header(rows: Sequence[Row]) -> WideColumns | None:
    """Column layout of a wide multi-project table in ``rows``, or None.

    The header is the first row naming 一级/二级/三级指标 and 指标值 together with a
    project column (in that row or the row above) and at least one other project-side
    column (资金总额, 绩效目标, 单位…), which a labelled single form never has.  Without
    such a row, a table whose indicators are coded text in one cell per project is wide
    too (``find_coded_header``).
    """
    for index, row in enumerate(rows):
        cols = find_indicator_header(row)
        if cols is None:
            continue
        wide = _columns_at(rows, index, cols)
        if wide is not None:
            return wide
    return find_coded_header(rows)


def find_coded_header(rows: Sequence[Row]) -> WideColumns | None:
    """A one-row-per-project table whose indicators are coded text in one cell, or None.

    The header names the project, its money and a 绩效指标 column; or, lacking that
    column, a 绩效目标 column whose cells hold coded entries (「1、1-产出指标；11-数量
    指标；…；年度指标值:…」) in at least one row below, since a goal column alone is a
    budget table's, not a target table's.
    """
    for index, row in enumerate(rows):
        if not _may_name_project(row):
            continue
        roles = _roles(row)
        if "project" not in roles or not ("amount" in roles or _money_parts(row)):
            continue
        if "coded" in roles and roles["coded"] != roles["project"]:
            return _columns_at(rows, index, None, roles["coded"])
        goal = roles.get("goal")
        if goal is not None and any(has_coded_indicators(unwrap(r.cell(goal)))
                                    for r in rows[index + 1:]):
            return _columns_at(rows, index, None, goal)
    return None


# --- rows -> project blocks -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    """What the lines under the title (or a repeated page heading) declare."""

    unit_name: str | None = None
    department: str | None = None
    money_unit: str | None = None
    money_error: str | None = None


@dataclass(slots=True)
class _Block:
    """The rows of one project (or of indicator rows that precede any project)."""

    name: str | None
    unit_name: str | None
    department: str | None
    context: _Context
    rows: list[Row] = field(default_factory=list)


def _is_heading_label(label: str) -> bool:
    return label in _UNIT_LABELS or label in _DEPARTMENT_LABELS or label.endswith(
        _OTHER_HEADING_LABELS)


def _heading_cell(text: str) -> dict[str, str | None] | None:
    """Fields of one ``单位名称：… 单位：万元`` cell, or None for any other text."""
    stripped = text.strip()
    pairs = [(squeeze(m.group(1)), m.group(2).strip(), m.start()) for m in _PAIR.finditer(stripped)]
    labelled = bool(pairs) and pairs[0][2] == 0 and all(_is_heading_label(p[0]) for p in pairs)
    try:
        money = detect_money_unit(stripped)
    except AmountError as err:
        return {"money_error": str(err)} if labelled else None
    ends_with_unit = money is not None and squeeze(stripped).endswith(money)
    if not labelled and (money is None or (len(squeeze(stripped)) > _MONEY_LINE_MAX
                                           and not ends_with_unit)):
        return None
    fields: dict[str, str | None] = {"money_unit": money} if money else {}
    for label, value, _ in pairs:
        if label in _UNIT_LABELS and value and value not in ("元", "万元"):
            fields["unit_name"] = value
        elif label in _DEPARTMENT_LABELS and value:
            fields["department"] = value
    return fields


def _preamble_fields(row: Row) -> dict[str, str | None] | None:
    """Fields of a heading line such as ``单位名称：某单位 单位：万元``; None for other rows."""
    filled = row.filled()
    if not filled or len(filled) > _PREAMBLE_MAX_CELLS:
        return None
    fields: dict[str, str | None] = {}
    for _, text in filled:
        cell = _heading_cell(text)
        if cell is None:
            return None
        fields.update(cell)
    return fields


def _is_header_row(row: Row, cols: WideColumns) -> bool:
    return _signature(row) in cols.header_signatures or find_indicator_header(row) is not None


def _is_total_row(row: Row, cols: WideColumns) -> bool:
    """合计/总计/小计 in a project-side column: a sum over projects, not a project."""
    side = (cols.unit_code, cols.unit_name, cols.department, cols.project)
    return any(_TOTAL.match(squeeze(row.cell(c))) for c in side if c is not None)


def _has_indicator_content(row: Row, cols: WideColumns) -> bool:
    if cols.indicators is None:
        return _has_coded_content(row, cols)
    return any(
        row.cell(c).strip() and not is_block_marker(row.cell(c)) for c in cols.level_columns
    )


def _has_coded_content(row: Row, cols: WideColumns) -> bool:
    """A filled coded-indicator cell; in a goal cell, only one that holds coded entries."""
    text = row.cell(cols.coded).strip() if cols.coded is not None else ""
    if cols.coded_in_goal:
        return bool(text) and count_entries(unwrap(text)) > 0
    return bool(text)


def _is_note_row(row: Row, cols: WideColumns) -> bool:
    """One lone cell outside the project and indicator columns: a note, not data."""
    filled = row.filled()
    return len(filled) == 1 and filled[0][0] not in (cols.project, *cols.level_columns)


def _unit_cell(row: Row, cols: WideColumns) -> str | None:
    """The unit named in the 单位名称 column (``105001<br>某局`` -> ``某局``), if any."""
    if cols.unit_name is None or not row.cell(cols.unit_name).strip():
        return None
    name, _code = split_department(row.cell(cols.unit_name))
    return join_wrapped(name)


def _department_cell(row: Row, cols: WideColumns) -> str | None:
    if cols.department is None or not row.cell(cols.department).strip():
        return None
    return row.cell(cols.department).strip()


class _Splitter:
    """Cuts the data rows into project blocks, carrying merged project cells down."""

    def __init__(self, cols: WideColumns) -> None:
        self.cols = cols
        self.blocks: list[_Block] = []
        self.by_key: dict[tuple[str, str, str, str], _Block] = {}
        self.current: _Block | None = None
        self.context = _Context()
        self.unit_code = ""
        self.unit_name: str | None = None
        self.department: str | None = None
        self.row_unit = ""  # the latest unit row (a name with its total, no goal)

    def feed(self, index: int, row: Row) -> None:
        cols = self.cols
        if row.is_blank or _is_header_row(row, cols):
            return
        fields = _preamble_fields(row)
        if fields is not None:
            self.context = dataclasses.replace(self.context, **fields)
            return
        if index < cols.header_index or is_noise_row(row) or _is_note_row(row, cols):
            return
        if _is_total_row(row, cols):
            self.current = None
            return
        self._carry(row)
        name = join_wrapped(row.cell(cols.project))
        if name:
            self._start(name)
        elif self.current is None:
            if not _has_indicator_content(row, cols):
                return
            self.current = _Block(None, self.unit_name, self.department, self.context)
            self.blocks.append(self.current)
        assert self.current is not None
        self.current.rows.append(row)

    def _carry(self, row: Row) -> None:
        """Unit and department cells merged down over the rows below them."""
        if self.cols.unit_code is not None and row.cell(self.cols.unit_code).strip():
            self.unit_code = squeeze(row.cell(self.cols.unit_code))
        self.unit_name = _unit_cell(row, self.cols) or self.unit_name
        self.department = _department_cell(row, self.cols) or self.department

    def _start(self, name: str) -> None:
        """A named row: the same project again (next page, repeated cells) or a new one.

        Projects of the same name under different unit rows (「机构运行辅助经费」 of each
        branch) are different projects.
        """
        if self.current is not None and _is_unit_like(self.current, self.cols):
            self.row_unit = squeeze(self.current.name or "")
        key = (self.unit_code, squeeze(self.unit_name or ""), self.row_unit, squeeze(name))
        block = self.by_key.get(key)
        if block is None:
            block = _Block(name, self.unit_name, self.department, self.context)
            self.by_key[key] = block
            self.blocks.append(block)
        self.current = block


def split_blocks(rows: Sequence[Row], cols: WideColumns) -> list[_Block]:
    """Project blocks in table order; 合计, header, heading and page-number rows dropped."""
    splitter = _Splitter(cols)
    for index, row in enumerate(rows):
        splitter.feed(index, row)
    return splitter.blocks


# --- block -> Form ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Table:
    """Table-wide facts every project form shares."""

    title: str | None
    title_row: Row | None
    fiscal_year: int | None
    cols: WideColumns
    fiscal_year_source: str = "form"


def _goal(block: _Block, cols: WideColumns) -> tuple[str | None, list[str]]:
    """The block's 绩效目标 (first filled cell) and notes on differing repeats."""
    if cols.goal is None:
        return None, []
    goal, notes = None, []
    for row in block.rows:
        text = row.cell(cols.goal).strip()
        if cols.coded_in_goal:  # only what precedes the coded entries is a goal
            text = split_goal(unwrap(text))[0] if count_entries(unwrap(text)) else text
        if not text:
            continue
        if goal is None:
            goal = text
        elif squeeze(text) != squeeze(goal):
            notes.append(LeftOut(f"{row.cell_locator(cols.goal)}: 同一项目的第二个、内容不同的"
                                 "绩效目标未载入 / a second, different 绩效目标 for this "
                                 "project was not loaded"))
    return goal, notes


def _money_unit(block: _Block, cols: WideColumns) -> tuple[str, str | None]:
    """Money unit of the amount column and a note when it had to be assumed."""
    first = block.rows[0]
    if block.context.money_error:
        raise FormError("ambiguous_unit", block.context.money_error, first.line)
    try:
        header_unit = detect_money_unit(cols.amount_label)
    except AmountError as err:
        raise FormError("ambiguous_unit", f"header {cols.amount_label!r}: {err}",
                        first.line) from err
    line_unit = block.context.money_unit
    if header_unit and line_unit and header_unit != line_unit:
        raise FormError(
            "ambiguous_unit",
            f"the header {cols.amount_label!r} says {header_unit} but the line above the "
            f"table says 单位：{line_unit}; keep one money unit per table",
            first.line,
        )
    unit = header_unit or line_unit
    if unit:
        return unit, None
    return "元", (f"no money unit stated for {cols.amount_label or 'the amount column'} "
                 "(no '(万元)' in the header, no '单位：万元' line); amounts read as 元")


def _funds(block: _Block, cols: WideColumns, unit: str) -> list[FundAmount]:
    """The project's annual total from the amount column and the money parts printed
    beside it, each under its own item; a blank cell is not filled."""
    found = [_column_fund(block, column, unit) for column in cols.fund_columns]
    return [amount for amount in found if amount is not None]


def _column_fund(block: _Block, column: tuple[int, str, str], unit: str) -> FundAmount | None:
    """One money column's amount for the project; repeats must agree."""
    found: FundAmount | None = None
    for row in block.rows:
        text = row.cell(column[0]).strip()
        amount = _fund_amount(row, column, text, unit) if text else None
        if amount is None:
            continue
        if found is None:
            found = amount
        elif found.amount_yuan != amount.amount_yuan:
            raise FormError(
                "conflicting_amounts",
                f"{column[2]} is given twice with different amounts "
                f"({found.amount_as_written} at {found.locator}, {amount.amount_as_written} "
                f"at {amount.locator}); correct the table",
                row.line,
            )
    return found


def _fund_amount(row: Row, column: tuple[int, str, str], text: str, unit: str
                 ) -> FundAmount | None:
    col, item, label = column
    locator = row.cell_locator(col)
    try:
        number = parse_amount(text)
        yuan: Decimal | None = to_yuan(number, unit) if number is not None else None
    except AmountError as err:
        raise FormError("bad_amount", f"{locator}: {err}", row.line) from err
    if yuan is None:
        return None
    return FundAmount(
        item=item,
        amount_yuan=yuan,
        unit_as_written=unit,
        amount_as_written=text,
        label_as_written=label,
        line=row.line,
        locator=locator,
    )


def _apply_levels(row: Row, cols: WideColumns, state: LevelState) -> None:
    icols = cols.indicators
    state.begin_row()
    for col in icols.level_columns:
        text = row.cell(col).strip()
        if text and not is_block_marker(text) and squeeze(text) not in NOT_APPLICABLE:
            apply_level_cell(state, col, text, icols, 0)


def _indicators(block: _Block, cols: WideColumns
                ) -> tuple[list[Indicator], list[CategoryDeclaration], list[str]]:
    if cols.indicators is None:
        return _coded_indicators(block, cols)
    notes: list[str] = []
    state = LevelState()
    table = IndicatorTable(cols.indicators)
    for row in block.rows:
        level2_before = state.level2
        _apply_levels(row, cols, state)
        item = build_indicator(row, cols.indicators, state, seq=table.next_seq)
        table.add(row, item, state, level2_before)
        if item is None and row.cell(cols.indicators.target).strip():
            notes.append(LeftOut(f"{row.locator}: 没有三级指标名称的指标值未载入 / a 指标值 "
                                 "without a 三级指标 name was not loaded"))
    indicators, declarations = table.finish()
    if not indicators:
        notes.append("no indicators in this project's rows")
    return indicators, declarations, notes


_CODED_PATTERN = "「1、1－产出指标，11－数量指标，三级指标名称；实施周期指标值：…，年度指标值：…」"


def _coded_indicators(block: _Block, cols: WideColumns
                      ) -> tuple[list[Indicator], list[CategoryDeclaration], list[str]]:
    """The indicators of the project's coded cell (its parts over a page break joined).

    Every entry must be read: a project whose text holds an entry that does not follow
    the pattern is quarantined, as is a goal cell with no entry in a table whose other
    goal cells hold them (a goal is not an indicator table).
    """
    assert cols.coded is not None
    rows = [row for row in block.rows if row.cell(cols.coded).strip()]
    header = "绩效目标" if cols.coded_in_goal else "绩效指标"
    text = unwrap("\n".join(row.cell(cols.coded) for row in rows))
    if cols.coded_in_goal and (not rows or count_entries(text) == 0):
        raise FormError(
            "no_indicator_table",
            f"the {header} cell of this project holds a goal but no indicators, while other "
            f"rows of the table write theirs there as {_CODED_PATTERN}; write its "
            "indicators the same way or as a table; nothing of it is loaded",
            block.rows[0].line,
        )
    if not rows:
        return [], [], [f"no indicators in this project's {header} cell"]
    entries = split_goal(text)[1] if cols.coded_in_goal else text
    items, missed = read_coded_indicators(entries, rows[0], cols.coded)
    if missed or not items or text_outside_entries(entries) is not None:
        raise _unreadable(rows[0], cols.coded, header, entries, missed)
    indicators = [i for i in items if isinstance(i, Indicator)]
    declarations = [i for i in items if isinstance(i, CategoryDeclaration)]
    return indicators, declarations, []


def _unreadable(row: Row, col: int, header: str, text: str, missed: int) -> FormError:
    """Why a coded cell cannot be loaded, quoting the first entry not read."""
    entry = first_unread_entry(text) or text
    return FormError(
        "unreadable_indicators",
        f"{row.cell_locator(col)}: the {header} cell writes the indicators as text, and "
        f"{_how_many(missed)} {_CODED_PATTERN} (first: {entry[:80]!r}); "
        "correct it or enter the indicators as a table; nothing of this project is loaded",
        row.line,
    )


def _how_many(missed: int) -> str:
    """The subject of the reason: entries counted as not read, or text outside any entry."""
    if missed > 1:
        return f"{missed} of its entries do not follow"
    return "one of its entries does not follow" if missed else "some of its text does not follow"


def _department(block: _Block) -> tuple[str | None, str | None]:
    """(department, its code) from a 主管部门 column or heading line; none otherwise."""
    written = block.department or block.context.department
    if not written:
        return None, None
    name, code = split_department(written)
    return join_wrapped(name), code


def _build_form(block: _Block, table: _Table, seq: int, unit: str | None) -> Form:
    first = block.rows[0]
    if block.name is None:
        raise FormError(
            "missing_project_name",
            f"indicator rows from {first.locator} come before any project name in the "
            "项目名称 column; fill in the project name of their first row",
            first.line,
        )
    if table.fiscal_year is None:
        raise FormError(
            "missing_fiscal_year",
            "no fiscal year in the table title (e.g. 2026年项目支出绩效目标表); add it to "
            "the title",
            first.line,
        )
    form = Form(template=TARGET_TABLE, form_seq=seq, title=table.title,
                fiscal_year=table.fiscal_year, project_name=block.name,
                line=first.line, locator=first.locator)
    cols = table.cols
    form.implementing_unit = unit
    form.fiscal_year_source = table.fiscal_year_source
    form.department, form.department_code = _department(block)
    form.annual_goal, goal_notes = _goal(block, cols)
    if cols.fund_columns:
        form.amount_unit, unit_note = _money_unit(block, cols)
        form.funds = _funds(block, cols, form.amount_unit)
        goal_notes += [unit_note] if unit_note else []
    form.indicators, form.declarations, indicator_notes = _indicators(block, cols)
    form.notes.extend(goal_notes + indicator_notes)
    return form


def _excerpt(table: _Table, block: _Block) -> str:
    rows = ([table.title_row] if table.title_row else []) + block.rows[:_EXCERPT_ROWS]
    text = "\n".join(" | ".join(t for _, t in r.filled()) for r in rows)
    return text[:_EXCERPT_CHARS]


def _result(block: _Block, table: _Table, seq: int, unit: str | None) -> Form | FormProblem:
    """The block's Form, or the problem that keeps this one project out."""
    try:
        return _build_form(block, table, seq, unit)
    except FormError as err:
        return _problem(block, table, seq, err)
    except Exception as err:  # a parser bug quarantines this project only, with its cause
        error = FormError("parser_failed", f"internal parser error: {type(err).__name__}: {err}")
        return _problem(block, table, seq, error)


def _problem(block: _Block, table: _Table, seq: int, err: FormError) -> FormProblem:
    first = block.rows[0] if block.rows else table.title_row
    return problem_from(err, seq, first, _excerpt(table, block))


def _is_unit_block(block: _Block, cols: WideColumns, unit: str | None) -> bool:
    """A row of the unit itself (or a subtotal): no indicators, and no goal or the unit's name."""
    if block.name is None or any(_has_indicator_content(r, cols) for r in block.rows):
        return False
    names_unit = unit is not None and squeeze(block.name) == squeeze(unit)
    return names_unit or not _has_goal(block, cols)


def _has_goal(block: _Block, cols: WideColumns) -> bool:
    return cols.goal is not None and any(r.cell(cols.goal).strip() for r in block.rows)


def _is_unit_like(block: _Block, cols: WideColumns) -> bool:
    """A named block with neither indicators nor a goal: a unit row with its total."""
    return (block.name is not None and not _has_goal(block, cols)
            and not any(_has_indicator_content(r, cols) for r in block.rows))


def _table(title: Row | None, body: Sequence[Row], cols: WideColumns,
           document: DocumentFacts | None) -> _Table:
    title_str = title_text(title) if title is not None else None
    heading = [
        r.filled()[0][1] for r in body[: cols.header_index] if len(r.filled()) == 1
    ]
    year = fiscal_year_of(([title_str] if title_str else []) + heading)
    source = "form"
    if year is None and document is not None and document.fiscal_year is not None:
        year, source = document.fiscal_year, "document"
    return _Table(
        title=squeeze(title_str) if title_str else None,
        title_row=title,
        fiscal_year=year,
        cols=cols,
        fiscal_year_source=source,
    )


def parse_wide_table(title: Row | None, body: Sequence[Row], first_seq: int,
                     document: DocumentFacts | None = None,
                     cols: WideColumns | None = None) -> list[Form | FormProblem]:
    """Every project of a wide table, numbered from ``first_seq``, in table order.

    The implementing unit is the 单位名称 column, else the latest unit row of the table
    (a row naming the unit with its total), else the ``单位名称：`` line above the table.
    ``cols``: the table's columns when the caller found them already.
    """
    cols = cols or find_wide_header(body)
    if cols is None:
        raise ValueError("parse_wide_table called on rows without a wide header")
    table = _table(title, body, cols, document)
    try:
        blocks = split_blocks(body, cols)
    except Exception as err:  # a parser bug quarantines this table only, with its cause
        whole = _Block(None, None, None, _Context(), [r for r in body if not r.is_blank])
        error = FormError("parser_failed", f"internal parser error: {type(err).__name__}: {err}")
        return [_problem(whole, table, first_seq, error)]
    results: list[Form | FormProblem] = []
    row_unit: str | None = None
    heading_unit: str | None = None
    for block in blocks:
        if block.context.unit_name != heading_unit:  # a new heading names a new unit
            heading_unit, row_unit = block.context.unit_name, None
        unit = block.unit_name or row_unit or heading_unit
        if _is_unit_block(block, cols, unit):
            if cols.unit_name is None:
                row_unit = block.name
            continue
        results.append(_result(block, table, first_seq + len(results), unit))
    return results
