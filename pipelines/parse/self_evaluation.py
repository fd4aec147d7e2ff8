"""Self-evaluation forms (绩效自评表), read from a cell grid: what a unit reports it achieved.

Published with the final accounts (部门决算), after the year, in a template every unit in
the country uses:

- 项目支出绩效自评表: 项目名称, 主管部门, 实施单位; 项目资金（万元） with 年初预算数 |
  全年预算数（A） | 全年执行数（B） | 分值 | 执行率（B/A） | 得分 for 年度资金总额 / 其中：当年
  财政拨款 / 上年结转资金 / 其他资金; 年度总体目标 (预期目标 and 实际完成情况); the indicator
  table (``evaluated_indicators``); 总分.
- 部门整体支出绩效自评表: 部门（单位）名称; the 年度主要任务 table whose 全年预算数 and
  全年执行数 each split into 总额 / 财政拨款 / 其他资金, closed by 金额合计; the goals and the
  indicator table, often on the next page.

Every field is found by its label or header, never by position, so a variant without
年初预算数 or with 指标解释 reads the same; the grid may come from a PDF page, a workbook
or a text export.  Amounts are converted to 元 exactly; 「—」 or a blank is not printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import TypeVar

from pipelines.parse.amounts import AmountError, detect_money_unit, parse_amount, to_yuan
from pipelines.parse.evaluated_indicators import (
    find_evaluation_header,
    percent_of,
    read_evaluated_indicators,
    score_of,
)
from pipelines.parse.records import (
    DepartmentSelfEvaluation,
    EvaluationFund,
    EvaluationTask,
    FormError,
    FormProblem,
    LeftOut,
    SelfEvaluation,
    problem_from,
)
from pipelines.parse.titles import (
    WHOLE_DEPARTMENT,
    fiscal_year_of,
    lines_under_title,
    title_line,
    title_text,
)
from pipelines.parse.vocabulary import join_wrapped, squeeze
from pipelines.read.grid import DocumentFacts, Row

PROJECT_TEMPLATE = "项目支出绩效自评表"
# 项目资金 row label -> item (the items of ``FUND_ITEMS`` a budget form names the same way)
_FUND_ITEMS = (("资金总额", "annual_total"), ("财政拨款", "annual_appropriation"),
               ("结转", "carryover"), ("其他资金", "annual_other"))
_FUND_HEADERS = (("年初预算", "initial_budget_yuan"), ("全年预算", "budget_yuan"),
                 ("全年执行", "executed_yuan"), ("分值", "max_score"),
                 ("执行率", "execution_rate_pct"), ("得分", "score"))
_MONEY = frozenset({"initial_budget_yuan", "budget_yuan", "executed_yuan"})
_GOAL_EXPECTED = "预期目标"
_GOAL_ACHIEVED = "实际完成"
_NAME_LABEL, _DEPARTMENT_LABEL, _UNIT_LABEL = "项目名称", "主管部门", "实施单位"
_DEPARTMENT_NAME_LABELS = ("部门（单位）名称", "部门(单位)名称", "部门名称", "单位名称")
_SUM_LABELS = frozenset({"金额合计", "合计", "总计"})


def is_department_evaluation(title: str) -> bool:
    """部门整体支出绩效自评表: the whole department's results."""
    return WHOLE_DEPARTMENT in title_line(title)


def parse_self_evaluation(title: Row, body: Sequence[Row], form_seq: int,
                          document: DocumentFacts | None = None
                          ) -> SelfEvaluation | DepartmentSelfEvaluation | FormProblem:
    """One self-evaluation, or the problem that keeps it out of the warehouse."""
    text = title_text(title) or ""
    try:
        if is_department_evaluation(text):
            return _department(title, text, body, form_seq, document)
        return _project(title, text, body, form_seq, document)
    except FormError as err:
        return _problem(title, body, form_seq, err)
    except (AmountError, ValueError) as err:
        return _problem(title, body, form_seq, FormError("bad_amount", str(err)))


def _problem(title: Row, body: Sequence[Row], form_seq: int, err: FormError) -> FormProblem:
    rows = [title, *[r for r in body if not r.is_blank][:6]]
    excerpt = "\n".join(" | ".join(t for _, t in r.filled()) for r in rows)[:400]
    return problem_from(err, form_seq, title, excerpt)


def _year(text: str, body: Sequence[Row], document: DocumentFacts | None
          ) -> tuple[int, str]:
    """The year evaluated and where it was read: the title (「（2022年度）」 under it), else
    the document's cover."""
    year = fiscal_year_of([text, *lines_under_title(body)])
    if year is not None:
        return year, "form"
    if document is not None and document.fiscal_year is not None:
        return document.fiscal_year, "document"
    raise FormError("missing_fiscal_year", "no fiscal year in the title (e.g. （2022年度）) "
                    "nor on the document's cover; add it to the title")


def value_after(rows: Sequence[Row], labels: Sequence[str]) -> str | None:
    """The text of the first filled cell right of a cell holding one of ``labels``."""
    wanted = {squeeze(label) for label in labels}
    for row in rows:
        cells = row.filled()
        for i, (_, text) in enumerate(cells):
            if squeeze(text).rstrip(":：") in wanted:
                after = cells[i + 1][1] if i + 1 < len(cells) else ""
                value = join_wrapped(after)
                return value if squeeze(after).rstrip(":：") not in wanted else None
    return None


def _project(title: Row, text: str, body: Sequence[Row], form_seq: int,
             document: DocumentFacts | None) -> SelfEvaluation:
    year, source = _year(text, body, document)
    form = SelfEvaluation(form_seq=form_seq, title=title_line(text), fiscal_year=year,
                          line=title.line, locator=title.locator, fiscal_year_source=source,
                          template=PROJECT_TEMPLATE)
    form.project_name = value_after(body, [_NAME_LABEL])
    if not form.project_name:
        raise FormError("missing_project_name", "no 项目名称 on this self-evaluation; the "
                        "form is empty or not a 项目支出绩效自评表")
    form.department = value_after(body, [_DEPARTMENT_LABEL])
    form.implementing_unit = value_after(body, [_UNIT_LABEL])
    form.amount_unit, form.funds = _funds(body)
    form.goal_expected, form.goal_achieved = _goals(body)
    form.indicators, form.max_score_total, form.score_total = _indicators(body)
    return _scores_that_fit(form)


def _fund_header(body: Sequence[Row]) -> tuple[int, dict[str, int]] | None:
    """(row index, field -> column) of the 项目资金 header (全年预算数 and 全年执行数)."""
    for index, row in enumerate(body):
        columns: dict[str, int] = {}
        for col, cell in row.filled():
            word = squeeze(cell)
            key = next((k for head, k in _FUND_HEADERS if word.startswith(head)), None)
            if key is not None and key not in columns:
                columns[key] = col
        tasks = any(squeeze(cell).startswith("任务名称") for _, cell in row.filled())
        if {"budget_yuan", "executed_yuan"} <= columns.keys() and not tasks:
            return index, columns
    return None


def money_unit(rows: Sequence[Row]) -> str:
    """The money unit the header rows print (项目资金（万元）, 全年预算数（万元）)."""
    units = {u for row in rows for _, text in row.filled() if (u := detect_money_unit(text))}
    if len(units) > 1:
        raise FormError("ambiguous_unit", f"both {' and '.join(sorted(units))} are printed as "
                        "the money unit of this self-evaluation; keep one")
    if not units:
        raise FormError("missing_money_unit", "the self-evaluation prints no money unit "
                        "(项目资金（万元） or 单位：元); add it to the 项目资金 label")
    return units.pop()


def _funds(body: Sequence[Row]) -> tuple[str | None, list[EvaluationFund]]:
    """The money unit and the 项目资金 rows (none when the form prints no such block)."""
    header = _fund_header(body)
    if header is None:
        return None, []
    at, columns = header
    unit = money_unit(body[max(0, at - 1):at + 1])
    first_amount = min(columns.values())
    funds = []
    for row in body[at + 1:]:
        label = _fund_label(row, first_amount)
        item = next((k for word, k in _FUND_ITEMS if label and word in squeeze(label)), None)
        if item is None:
            break
        funds.append(_fund(row, item, label or "", columns, unit))
    return unit, funds


R = TypeVar("R")
F = TypeVar("F", SelfEvaluation, DepartmentSelfEvaluation)
# the tables' scores and rates are DECIMAL(12,4): a print finer than that is not rounded
SCORE_STEP = Decimal("0.0001")
_SCORE_FIELDS = {"max_score": "分值", "execution_rate_pct": "执行率", "score": "得分",
                 "max_score_total": "总分的分值", "score_total": "总分"}


def _finer_than_table(record: R, what: str, locator: str, notes: list[str]) -> R:
    """``record`` with every score or rate printed finer than 0.0001 left None, each said in
    ``notes`` (the row's print stays in its ``*_as_written``): a table value is never a
    rounded print."""
    fine = [key for key in _SCORE_FIELDS
            if (value := getattr(record, key, None)) is not None
            and value != value.quantize(SCORE_STEP)]
    for key in fine:
        value = getattr(record, key)
        notes.append(LeftOut(
            f"{locator}: {what}的{_SCORE_FIELDS[key]}「{value}」精确到 0.0001 以下，未载入 / "
            f"{key} {value} is finer than 0.0001 and was not loaded"))
    return replace(record, **{key: None for key in fine}) if fine else record


def _scores_that_fit(form: F) -> F:
    """The form with its funds, tasks, indicators and totals checked by ``_finer_than_table``
    (notes added to ``form.notes``)."""
    notes = form.notes
    if isinstance(form, SelfEvaluation):
        form.funds = [_finer_than_table(f, f.label_as_written, f.locator, notes)
                      for f in form.funds]
    else:
        form.tasks = [_finer_than_table(t, t.task_name, t.locator, notes) for t in form.tasks]
    form.indicators = [_finer_than_table(i, i.name, i.locator, notes) for i in form.indicators]
    return _finer_than_table(form, "本表", form.locator, notes)


def _fund_label(row: Row, first_amount: int) -> str | None:
    """The last filled cell left of the amounts that is not the block's 项目资金 label."""
    left = [text for col, text in row.filled() if col < first_amount
            and not squeeze(text).startswith("项目资金")]
    return join_wrapped(left[-1]) if left else None


def _fund(row: Row, item: str, label: str, columns: dict[str, int], unit: str
          ) -> EvaluationFund:
    values: dict[str, Decimal | None] = {}
    for key, col in columns.items():
        cell = row.cell(col)
        if key in _MONEY:
            amount = parse_amount(cell)
            values[key] = to_yuan(amount, unit) if amount is not None else None
        else:
            values[key] = percent_of(cell) if key == "execution_rate_pct" else score_of(cell)
    printed = [squeeze(row.cell(col)) for col in sorted(columns.values())]
    return EvaluationFund(
        item=item, unit_as_written=unit, label_as_written=label,
        amounts_as_written=" | ".join(printed) if any(printed) else None,
        line=row.line, locator=row.locator,
        **{key: values.get(key) for _, key in _FUND_HEADERS})


def _goals(body: Sequence[Row]) -> tuple[str | None, str | None]:
    """预期目标（年初设定） and 实际完成情况: the row under their header row."""
    for index, row in enumerate(body):
        cells = row.filled()
        expected = next((c for c, t in cells if squeeze(t).startswith(_GOAL_EXPECTED)), None)
        achieved = next((c for c, t in cells if _GOAL_ACHIEVED in squeeze(t)), None)
        if expected is None or achieved is None or index + 1 >= len(body):
            continue
        below = body[index + 1]
        return (_goal_text(below, expected, achieved), _goal_text(below, achieved, None))
    return None, None


def _goal_text(row: Row, start: int, end: int | None) -> str | None:
    """The filled cells of ``row`` from column ``start`` up to ``end``, as printed."""
    texts = [t.strip() for c, t in row.filled() if c >= start and (end is None or c < end)]
    return "\n".join(texts) or None


def _indicators(body: Sequence[Row]):
    """The indicators and the 总分 row's 分值 and 得分."""
    for index, row in enumerate(body):
        cols = find_evaluation_header(row)
        if cols is None:
            continue
        indicators, total = read_evaluated_indicators(body[index + 1:], cols)
        if not indicators:
            raise FormError("no_indicator_rows", "the indicator table has its header but no "
                            "rows; the form is cut short or not filled in: complete it")
        if total is None:
            return indicators, None, None
        max_total = score_of(total.cell(cols.max_score)) if cols.max_score is not None else None
        score_total = score_of(total.cell(cols.score)) if cols.score is not None else None
        return indicators, max_total, score_total
    raise FormError("no_indicator_table", "no indicator table (三级指标 | 年度指标值 | 实际完成值) "
                    "on this self-evaluation: the layout is not recognised")


def _department(title: Row, text: str, body: Sequence[Row], form_seq: int,
                document: DocumentFacts | None) -> DepartmentSelfEvaluation:
    year, source = _year(text, body, document)
    form = DepartmentSelfEvaluation(form_seq=form_seq, title=title_line(text),
                                    fiscal_year=year, line=title.line, locator=title.locator,
                                    fiscal_year_source=source)
    form.department = value_after(body, _DEPARTMENT_NAME_LABELS)
    if not form.department and document is not None and document.department:
        form.department, form.department_source = document.department, "document"
    if not form.department:
        raise FormError("missing_department", "no department (部门（单位）名称) on this "
                        "department self-evaluation nor on the document's cover; add it")
    form.amount_unit, form.tasks, total = _tasks(body)
    if total is not None:
        form.budget_yuan, form.executed_yuan = total.budget_yuan, total.executed_yuan
        form.execution_rate_pct = total.execution_rate_pct
    form.goal_expected, form.goal_achieved = _goals(body)
    form.indicators, form.max_score_total, form.score_total = _indicators(body)
    return _scores_that_fit(form)


_TASK_HEADERS = (("任务名称", "task_name"), ("主要内容", "content"), ("完成情况", "completion"),
                 ("全年预算", "budget"), ("全年执行", "executed"), ("分值", "max_score"),
                 ("执行率", "execution_rate_pct"), ("得分", "score"))
_SPLIT = (("总额", ""), ("财政拨款", "_fiscal"), ("其他资金", "_other"))


def _task_columns(body: Sequence[Row]) -> tuple[int, dict[str, int], Row] | None:
    """(row index of the first task, field -> column, header row) of the tasks table:
    任务名称 … 全年预算数 and 全年执行数, each split over the row under it."""
    for index, row in enumerate(body[:-1]):
        heads: dict[str, int] = {}
        for col, cell in row.filled():
            word = squeeze(cell)
            key = next((k for head, k in _TASK_HEADERS if word.startswith(head)), None)
            if key is not None and key not in heads:
                heads[key] = col
        if not {"task_name", "budget", "executed"} <= heads.keys():
            continue
        columns = {k: c for k, c in heads.items() if k not in ("budget", "executed")}
        under = body[index + 1]
        for money in ("budget", "executed"):
            nxt = min((c for k, c in heads.items() if c > heads[money]), default=len(under.cells))
            for col in range(heads[money], nxt):
                split = next((s for w, s in _SPLIT if squeeze(under.cell(col)) == w), None)
                if split is not None:
                    columns[f"{money}{split}_yuan"] = col
        return index + 2, columns, row
    return None


def _tasks(body: Sequence[Row]) -> tuple[str | None, list[EvaluationTask], EvaluationTask | None]:
    """The money unit, the task rows and the 金额合计 row (None when not printed)."""
    found = _task_columns(body)
    if found is None:
        return None, [], None
    start, columns, header = found
    unit = money_unit([header])
    tasks: list[EvaluationTask] = []
    for row in body[start:]:
        if row.is_blank:
            continue
        name = join_wrapped(row.cell(columns["task_name"]))
        if squeeze(name) in _SUM_LABELS:
            return unit, tasks, _task(row, columns, unit, name, 0)
        if not name:
            break
        tasks.append(_task(row, columns, unit, name, len(tasks) + 1))
    return unit, tasks, None


def _task(row: Row, columns: dict[str, int], unit: str, name: str, seq: int
          ) -> EvaluationTask:
    money: dict[str, Decimal | None] = {}
    for key, col in columns.items():
        if key.endswith("_yuan"):
            amount = parse_amount(row.cell(col))
            money[key] = to_yuan(amount, unit) if amount is not None else None
    printed = [squeeze(row.cell(col)) for key, col in sorted(columns.items(), key=lambda kv: kv[1])
               if key not in ("task_name", "content", "completion")]

    def text(key: str) -> str | None:
        return join_wrapped(row.cell(columns[key])) or None if key in columns else None

    def number(key: str, read=score_of) -> Decimal | None:
        return read(row.cell(columns[key])) if key in columns else None

    return EvaluationTask(
        seq=seq, task_name=name, content=text("content"), completion=text("completion"),
        budget_yuan=money.get("budget_yuan"), budget_fiscal_yuan=money.get("budget_fiscal_yuan"),
        budget_other_yuan=money.get("budget_other_yuan"),
        executed_yuan=money.get("executed_yuan"),
        executed_fiscal_yuan=money.get("executed_fiscal_yuan"),
        executed_other_yuan=money.get("executed_other_yuan"),
        max_score=number("max_score"), execution_rate_pct=number("execution_rate_pct",
                                                                  percent_of),
        score=number("score"), amounts_as_written=" | ".join(printed) if any(printed) else None,
        line=row.line, locator=row.locator)
