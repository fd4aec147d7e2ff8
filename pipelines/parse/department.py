"""Department-wide target forms (部门整体（支出）绩效目标表): one per department and year.

They state the whole department's targets rather than a project's: the department
(部门（单位）名称, or the ``单位名称：`` line above the table), its budget (预算金额 /
资金总额, where printed), the 年度主要任务 with their amounts, a yearly goal
(年度总体目标 / 当年整体绩效目标) and an indicator table of the usual kinds (three
levels, or a flat list).  Fields are found by their labels; the indicator table is read
by the shared indicator reader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from pipelines.parse.labelled import (
    amount_in_yuan,
    join_goal_rows,
    money_unit_in,
    read_indicator_table,
    split_at_indicator_header,
)
from pipelines.parse.records import (
    DepartmentForm,
    DepartmentTask,
    FormError,
    FormProblem,
    problem_from,
)
from pipelines.parse.titles import (
    department_form_kind,
    fiscal_year_of,
    lines_under_title,
    split_department,
    title_line,
    title_text,
)
from pipelines.parse.vocabulary import join_wrapped, squeeze
from pipelines.read.grid import Row

_DEPARTMENT_LABELS = ("部门（单位）名称", "部门(单位)名称", "部门名称", "单位名称", "预算单位")
_GOAL_LABELS = ("年度总体目标", "当年整体绩效目标", "整体绩效目标", "年度整体绩效目标",
                "总体目标", "部门整体支出年度绩效目标", "年度绩效目标")
_CODE_LABELS = ("部门预算编码", "部门编码", "单位编码", "预算单位编码")
_TASK_NAME = "任务名称"
_TASK_CONTENT = "主要内容"
_TOTAL_WORDS = ("总额", "资金总额", "合计", "预算金额")
_FISCAL_WORDS = ("财政拨款", "一般公共预算")
_OTHER_WORDS = ("其他资金",)
_SUM_ROW = re.compile(r"^(金额)?合计$|^总计$")
_HEADING_DEPARTMENT = re.compile(r"(?:单位名称|部门名称|部门)\s*[:：]\s*(\S+)")
_EXCERPT_CHARS = 400


def _label(text: str) -> str:
    return squeeze(text).rstrip(":：")


def _find_label(rows: Sequence[Row], labels: Sequence[str]) -> tuple[int, int] | None:
    for index, row in enumerate(rows):
        for col, text in row.filled():
            if _label(text) in labels:
                return index, col
    return None


def _value_near(rows: Sequence[Row], at: tuple[int, int]) -> str | None:
    """The first filled cell right of a label, else the text under it in the next row."""
    index, col = at
    row = rows[index]
    right = [t for c, t in row.filled() if c > col]
    if right:
        return right[0]
    if index + 1 < len(rows):
        below = [t for c, t in rows[index + 1].filled() if c >= col]
        if below:
            return below[0]
    return None


def _department(rows: Sequence[Row], head: Sequence[Row]) -> str | None:
    at = _find_label(head, _DEPARTMENT_LABELS)
    if at is not None:
        value = _value_near(head, at)
        if value and not value.strip().startswith(("年度", "任务")):
            return join_wrapped(value)
    for row in rows:
        filled = row.filled()
        if len(filled) == 1:
            match = _HEADING_DEPARTMENT.search(filled[0][1])
            if match:
                return match.group(1)
    return None


def _goal(head: Sequence[Row]) -> str | None:
    """The annual goal, with the rows that go on under its merged label cell."""
    at = _find_label(head, _GOAL_LABELS)
    if at is None:
        return None
    index, col = at
    right = [(c, t) for c, t in head[index].filled() if c > col]
    if right:
        return join_goal_rows(right[0][1], head[index + 1:], col, right[0][0])
    return _value_near(head, at)


def _task_columns(head: Sequence[Row]) -> tuple[int, dict[str, int]] | None:
    """Row index of the task header and columns of name, content and amounts."""
    at = _find_label(head, (_TASK_NAME,))
    if at is None:
        return None
    index, name_col = at
    cols = {"name": name_col}
    for row in head[index: index + 2]:
        for col, text in row.filled():
            word = _label(text)
            if word == _TASK_CONTENT:
                cols["content"] = col
            elif word in _TOTAL_WORDS or word.startswith("预算金额"):
                cols.setdefault("total", col)
            elif word in _FISCAL_WORDS:
                cols.setdefault("fiscal", col)
            elif word in _OTHER_WORDS:
                cols.setdefault("other", col)
    return index, cols


def _tasks(head: Sequence[Row], unit: str
           ) -> tuple[list[DepartmentTask], Decimal | None, str | None]:
    """年度主要任务 rows, and the budget total of the 金额合计 row."""
    found = _task_columns(head)
    if found is None:
        return [], None, None
    index, cols = found
    tasks: list[DepartmentTask] = []
    total = total_written = None
    for row in head[index + 1:]:
        if any(_label(t) in _GOAL_LABELS for _, t in row.filled()):
            break
        name = join_wrapped(row.cell(cols["name"]))
        if not name:
            continue
        amounts = {k: row.cell(c).strip() for k, c in cols.items()
                   if k in ("total", "fiscal", "other")}
        if _SUM_ROW.match(squeeze(name)):
            total_written = amounts.get("total") or None
            total = amount_in_yuan(total_written, unit, row, row.locator) if total_written else None
            continue
        tasks.append(DepartmentTask(
            seq=len(tasks) + 1, task_name=name,
            content=row.cell(cols["content"]).strip() or None if "content" in cols else None,
            amount_yuan=amount_in_yuan(amounts.get("total", ""), unit, row, row.locator),
            fiscal_yuan=amount_in_yuan(amounts.get("fiscal", ""), unit, row, row.locator),
            other_yuan=amount_in_yuan(amounts.get("other", ""), unit, row, row.locator),
            amount_as_written=amounts.get("total") or None,
            line=row.line, locator=row.locator))
    return tasks, total, total_written


def _budget_total(head: Sequence[Row], unit: str) -> tuple[Decimal | None, str | None]:
    """A 资金总额 printed for the whole department (长沙: under 年度预算申请)."""
    at = _find_label(head, ("资金总额", "年度预算申请总额", "预算总额"))
    if at is None:
        return None, None
    index, col = at
    right = [t for c, t in head[index].filled() if c > col]
    if right and _looks_numeric(right[0]):
        return amount_in_yuan(right[0], unit, head[index], head[index].locator), right[0]
    for row in head[index + 1:]:
        text = row.cell(col).strip()
        if text:
            return amount_in_yuan(text, unit, row, row.locator), text
    return None, None


def _looks_numeric(text: str) -> bool:
    """A cell holding an amount, not a sub-header such as 按收入性质分."""
    return bool(re.search(r"\d", text))


def parse_department_form(title: Row, body: Sequence[Row], seq: int
                          ) -> DepartmentForm | FormProblem:
    """One department-wide form, or the problem that keeps it out."""
    written_title = title_text(title) or ""
    title_str = title_line(written_title)
    try:
        head_end, cols = split_at_indicator_header(body)
        head = body[:head_end]
        unit = money_unit_in(head) or "元"
        form = DepartmentForm(
            form_seq=seq, title=title_str, line=title.line, locator=title.locator,
            fiscal_year=fiscal_year_of([written_title, *lines_under_title(body)]), amount_unit=unit,
            kind=department_form_kind(written_title))
        written = _department(body, head)
        if written:
            form.department, form.department_code = split_department(written)
        form.annual_goal = _goal(head)
        form.tasks, form.budget_total_yuan, form.budget_total_as_written = _tasks(head, unit)
        if form.budget_total_yuan is None:
            form.budget_total_yuan, form.budget_total_as_written = _budget_total(body, unit)
        code_at = _find_label(head, _CODE_LABELS)
        code = _value_near(head, code_at) if code_at is not None else None
        if code and not form.department_code and squeeze(code).isdigit():
            form.department_code = squeeze(code)
        if cols is None:
            raise FormError("no_indicator_table",
                            "no indicator table (指标名称 or 三级指标 with 指标值) in this "
                            "department-wide form; nothing of it is loaded")
        form.indicators, form.declarations = read_indicator_table(
            body[head_end + 1:], cols, form.notes)
    except FormError as err:
        excerpt = "\n".join(" | ".join(t for _, t in r.filled()) for r in body[:6])
        return problem_from(err, seq, title, f"{title_str}\n{excerpt}"[:_EXCERPT_CHARS])
    return form
