"""Parse one label-based form: 财政项目支出绩效目标申报表 and single-project 目标表.

Header fields, funds and goals are found by their labels wherever they sit; the value
of a label is the next filled cell to its right (funds: within two cells, or further
when no other label's column lies between), or for
goals the text under the label in the next row.  Only the indicator block is read by
columns (see ``indicators``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from pipelines.parse.amounts import AmountError, detect_money_unit, parse_amount, to_yuan
from pipelines.parse.coded import has_coded_indicators, read_coded_indicators
from pipelines.parse.dates import parse_date
from pipelines.parse.indicators import (
    IndicatorColumns,
    IndicatorTable,
    LevelState,
    find_indicator_header,
    headerless_columns,
    is_fund_row,
    is_noise,
    join_cut_cells,
    join_cut_levels,
    read_indicator_row,
    refuse_fund_row,
    row_cells,
)
from pipelines.parse.labels import (
    GOAL_LABELS,
    HEADER_LABELS,
    LEFT_FUND_LABELS,
    OTHER_FUNDS,
    RIGHT_FUND_LABELS,
    SHARED_FUND_LABELS,
    is_label,
    normalize_label,
    split_label_cell,
)
from pipelines.parse.records import (
    CategoryDeclaration,
    Form,
    FormError,
    FundAmount,
    Indicator,
    LeftOut,
)
from pipelines.parse.titles import split_department
from pipelines.parse.vocabulary import join_wrapped
from pipelines.read.grid import Row

_FUND_VALUE_REACH = 2
# (row, column, normalised label) of the label cells of a form's header rows
LabelCells = list[tuple[Row, int, str]]


def _value_right_of(row: Row, col: int, reach: int | None = None) -> tuple[int, str] | None:
    """First filled, non-label cell right of ``col`` (stopping at the next label)."""
    last = len(row.cells) if reach is None else min(len(row.cells), col + reach + 1)
    for c in range(col + 1, last):
        text = row.cell(c).strip()
        if not text:
            continue
        if is_label(text):
            return None
        return c, text
    return None


def split_label_cells(row: Row) -> Row:
    """``row`` with each cell holding a header label and its value split in two.

    The value goes to the empty cell right of the label (the label's merged span), else
    into a cell inserted there: either way it is the label's next filled cell, where
    every label finds its value.  A line of text (one cell) is left as written.
    """
    if len(row.cells) < 2 or not any(map(split_label_cell, row.cells)):
        return row  # every cell asked (a blank one holds no label): one pass in C
    cells = list(row.cells)
    for col in reversed([c for c, t in row.filled() if split_label_cell(t)]):
        label, value = split_label_cell(cells[col]) or ("", "")
        cells[col] = label
        if col + 1 < len(cells) and not cells[col + 1].strip():
            cells[col + 1] = value
        else:
            cells.insert(col + 1, value)
    return dataclasses.replace(row, cells=tuple(cells))


def _labelled_cells(rows: Sequence[Row]) -> LabelCells:
    """(row, column, normalised label) of every label cell, in reading order."""
    return [
        (row, col, normalize_label(text))
        for row in rows
        for col, text in row.filled()
        if is_label(text)
    ]


def read_header(form: Form, rows: Sequence[Row], labelled: LabelCells | None = None) -> None:
    """Fill the header fields of ``form`` from label cells (``labelled``: the rows'
    ``_labelled_cells`` when the caller has them already, as for the two readers below)."""
    for row, col, label in _labelled_cells(rows) if labelled is None else labelled:
        field = HEADER_LABELS.get(label)
        if field is None or getattr(form, field) is not None:
            continue
        found = _value_right_of(row, col)
        if found is None:
            continue
        value = join_wrapped(found[1])
        if field in ("planned_start", "planned_end"):
            setattr(form, field, _date_or_error(value, row))
        elif field == "department":
            form.department, form.department_code = split_department(value)
        else:
            setattr(form, field, value)


def _date_or_error(text: str, row: Row) -> date:
    try:
        return parse_date(text)
    except ValueError as err:
        raise FormError("bad_date", f"{row.locator}: {err}", row.line) from err


def read_goals(form: Form, rows: Sequence[Row], labelled: LabelCells | None = None) -> None:
    """Goal texts: right of the label, else under it in the next row."""
    labelled = _labelled_cells(rows) if labelled is None else labelled
    labels = [(r, c, lab) for r, c, lab in labelled if lab in GOAL_LABELS]
    index = {id(r): i for i, r in enumerate(rows)}
    for row, col, label in labels:
        field = GOAL_LABELS[label]
        if getattr(form, field) is not None:
            continue
        found = _value_right_of(row, col)
        if found:
            stop = _next_label_col(labels, row, col)
            text = join_goal_rows(found[1], rows[index[id(row)] + 1:], col, found[0], stop)
        else:
            text = _text_below(rows, index[id(row)], col, labels)
        if text:
            setattr(form, field, text)


def _next_label_col(labels: list, row: Row, col: int) -> int | None:
    """The column of the next goal label right of ``col`` in the same row, if any."""
    same_row = sorted(c for r, c, _ in labels if r is row and c > col)
    return same_row[0] if same_row else None


def join_goal_rows(text: str, below: Sequence[Row], label_col: int, value_col: int,
                   stop: int | None = None) -> str:
    """A goal with the rows that go on under its label's merged cell joined to it.

    A long goal is often printed as several rows (西安: 目标1–5, 目标6–10, 目标11–14, each
    row its own bordered box) beside one label cell merged over all of them; read one
    value per label, every row after the first would be lost.  A row continues the goal
    while its label column is empty and not a blank cell of its own border (a merged
    cell goes on), it holds no label, and it has text between the value's column and
    the next label's; each row's text is a paragraph of its own.
    """
    parts = [text]
    for row in below:
        filled = row.filled()
        if (not filled or row.cell(label_col).strip() or label_col in row.blank_cells
                or any(is_label(t) for _, t in filled)):
            break
        inside = [t for c, t in filled if c >= value_col and (stop is None or c < stop)]
        if not inside or len(inside) != len(filled):
            break
        parts.extend(inside)
    return "\n".join(parts)


def _text_below(rows: Sequence[Row], at: int, col: int, labels: list) -> str | None:
    """Text in the next row from ``col`` up to the next goal label's column."""
    if at + 1 >= len(rows):
        return None
    stop = _next_label_col(labels, rows[at], col)
    below = rows[at + 1]
    for c, text in below.filled():
        if c >= col and (stop is None or c < stop) and not is_label(text):
            return text
    return None


def money_unit_in(rows: Sequence[Row]) -> str | None:
    """The money unit named in the header part (``项目资金 (元)``, ``单位：万元``)."""
    for row in rows:
        for col, text in row.filled():
            try:
                unit = detect_money_unit(text)
            except AmountError as err:
                raise FormError("ambiguous_unit", f"{row.cell_locator(col)}: {err}",
                                row.line) from err
            if unit:
                return unit
    return None


def _shared_item(label: str, col: int, row: Row, left_cols: list[int],
                 right_cols: list[int]) -> str:
    """Which block a label both blocks use belongs to: the nearer block's column decides."""
    left_item, right_item = SHARED_FUND_LABELS[label]
    if label != OTHER_FUNDS and not right_cols:
        return left_item if left_cols else right_item
    if not left_cols:
        return right_item
    if not right_cols:
        return left_item
    same_left = [c for c, t in row.filled() if c < col and normalize_label(t) == label]
    if same_left:
        return right_item
    left, right = min(left_cols), min(right_cols)
    return left_item if abs(col - left) <= abs(col - right) else right_item


def read_funds(form: Form, rows: Sequence[Row], labelled: LabelCells | None = None) -> None:
    """Fund amounts by label, converted to 元 (unit from the section label)."""
    cells = _labelled_cells(rows) if labelled is None else labelled
    left_cols = [c for _, c, lab in cells if lab in LEFT_FUND_LABELS]
    right_cols = [c for _, c, lab in cells
                  if lab in RIGHT_FUND_LABELS and lab not in SHARED_FUND_LABELS]
    label_cols = frozenset(c for _, c, _ in cells)
    unit = money_unit_in(rows) or "元"
    form.amount_unit = unit
    seen: dict[str, FundAmount] = {}
    for row, col, label in cells:
        if label in SHARED_FUND_LABELS:
            item = _shared_item(label, col, row, left_cols, right_cols)
        else:
            item = LEFT_FUND_LABELS.get(label) or RIGHT_FUND_LABELS.get(label)
        if item is None:
            continue
        amount = _fund_amount(item, row, col, unit, label_cols)
        if amount is None:
            continue
        previous = seen.get(item)
        if previous and previous.amount_yuan != amount.amount_yuan:
            raise FormError(
                "conflicting_amounts",
                f"{item} is given twice with different amounts "
                f"({previous.amount_as_written} at {previous.locator}, "
                f"{amount.amount_as_written} at {amount.locator}); correct the form",
                row.line,
            )
        seen.setdefault(item, amount)
    form.funds = list(seen.values())


def amount_in_yuan(text: str, unit: str, row: Row, locator: str) -> Decimal | None:
    """An amount cell in 元 (None when not filled); a FormError names the cell."""
    try:
        number = parse_amount(text)
        return to_yuan(number, unit) if number is not None else None
    except AmountError as err:
        raise FormError("bad_amount", f"{locator}: {err}", row.line) from err


def _fund_value(row: Row, col: int, label_cols: frozenset[int]) -> tuple[int, str] | None:
    """The amount of the fund label at ``col``: within two cells, or further right when
    the cells between are empty (the label's merged span) and no other label of the
    form stands in a column between, whose value it would be (实施期 | 年度 blocks)."""
    found = _value_right_of(row, col)
    if found is None:
        return None
    if found[0] - col <= _FUND_VALUE_REACH:
        return found
    if any(col < c < found[0] for c in label_cols):
        return None
    return found


def _fund_amount(item: str, row: Row, col: int, unit: str,
                 label_cols: frozenset[int] = frozenset()) -> FundAmount | None:
    found = _fund_value(row, col, label_cols)
    if found is None:
        return None
    value_col, text = found
    yuan = amount_in_yuan(text, unit, row, row.cell_locator(value_col))
    if yuan is None:
        return None
    return FundAmount(
        item=item,
        amount_yuan=yuan,
        unit_as_written=unit,
        amount_as_written=text,
        label_as_written=row.cell(col).strip(),
        line=row.line,
        locator=row.cell_locator(value_col),
    )


def read_indicators(form: Form, rows: Sequence[Row], cols: IndicatorColumns) -> None:
    """Indicators and category declarations of the rows after the header row."""
    form.indicators, form.declarations = read_indicator_table(rows, cols, form.notes)


def read_indicator_table(rows: Sequence[Row], cols: IndicatorColumns,
                         notes: list[str] | None = None
                         ) -> tuple[list[Indicator], list[CategoryDeclaration]]:
    """Indicators in form order and the categories declared or left blank; text that
    could not be placed is reported in ``notes`` (the form's), never dropped unsaid."""
    state = LevelState()
    table = IndicatorTable(cols)
    for row in join_cut_cells(join_cut_levels(rows, cols), cols):
        repeated = find_indicator_header(row)
        if repeated is not None:  # a page's repeated header: its columns apply below it
            cols = table.cols = repeated
            continue
        cells = row_cells(row)  # once a row: the noise test and the row's reading share it
        if is_noise(list(cells.values())):
            continue
        if is_fund_row(row):
            refuse_fund_row(row)
        level2_before = state.level2
        item = read_indicator_row(row, cols, state, seq=table.next_seq, cells=cells)
        table.add(row, item, state, level2_before)
    if notes is not None:
        notes.extend(table.notes)
    return table.finish()


def split_at_indicator_header(rows: Sequence[Row]) -> tuple[int, IndicatorColumns | None]:
    """Index of the first indicator header row (len(rows) if none) and its columns."""
    for i, row in enumerate(rows):
        cols = find_indicator_header(row)
        if cols is not None:
            return i, cols
    return len(rows), None


def join_split_rows(rows: Sequence[Row]) -> list[Row]:
    """Rows with a row the page break cut in two joined again.

    The first row of a continued table belongs to the row above it when it holds no
    label and only cells that row already fills (福州: 「项目名称 | …补助资」 then 「金」).
    """
    joined: list[Row] = []
    for row in rows:
        previous = joined[-1] if joined else None
        filled = row.filled()
        if (row.continued and previous is not None and filled
                and not any(is_label(t) for _, t in filled)
                and all(previous.cell(c).strip() for c, _ in filled)
                and len(filled) < len(previous.filled())):
            cells = list(previous.cells)
            for col, text in filled:
                cells[col] = cells[col] + text
            joined[-1] = dataclasses.replace(previous, cells=tuple(cells))
        else:
            joined.append(row)
    return joined


def read_coded_cells(form: Form, rows: Sequence[Row]) -> bool:
    """Indicators written inline as coded text in one cell; True when any was found."""
    for row in rows:
        for col, text in row.filled():
            if not has_coded_indicators(text):
                continue
            items, missed = read_coded_indicators(text, row, col)
            form.indicators = [i for i in items if isinstance(i, Indicator)]
            form.declarations = [i for i in items if isinstance(i, CategoryDeclaration)]
            if missed:
                form.notes.append(LeftOut(
                    f"{row.cell_locator(col)}: {missed} 条编码指标不符合「一级，二级，三级；"
                    f"实施周期指标值：…，年度指标值：…」，未载入 / {missed} coded indicator "
                    "entries do not follow that pattern and were not loaded"))
            return True
    return False


def parse_labelled_form(form: Form, rows: Sequence[Row]) -> Form:
    """Fill ``form`` from the rows after its title; FormError if it cannot be loaded."""
    head_end, cols = split_at_indicator_header(rows)
    body_start = head_end + 1  # the rows after the indicator header
    if cols is None and (headerless := headerless_columns(rows)) is not None:
        head_end, cols = headerless
        body_start = head_end  # no header row: the indicators start at once
    head = join_split_rows(rows[:head_end])
    labelled = _labelled_cells(head)  # once for the three readers of the header
    read_header(form, head, labelled)
    read_funds(form, head, labelled)
    read_goals(form, head, labelled)
    if cols is None and read_coded_cells(form, head):
        return form
    if cols is None and form.project_name:
        raise FormError(
            "no_indicator_table",
            "no indicator table (a header row with 一级指标, 二级指标, 三级指标 and 指标值) "
            "follows the header; the layout is not recognised, so nothing of it is loaded",
        )
    if cols is not None:
        read_indicators(form, rows[body_start:], cols)
    return form
