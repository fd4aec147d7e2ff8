"""Typed records the parser produces: plain, picklable, free of I/O.

They carry positions (``line``/``locator``) but not the file hash; the normaliser adds
file-level provenance when it turns records into warehouse frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from pipelines.parse.targets import Target
from pipelines.read.grid import Row

FUND_ITEMS: tuple[str, ...] = (
    "total",
    "fiscal",
    "other",
    "annual_total",
    "annual_appropriation",
    "carryover",
    "annual_other",
    "annual_city_spending",  # 重庆 重点专项资金: 当年预算 = 市级支出 + 补助区县
    "annual_district_subsidy",
    "annual_special_account",  # 财政专户拨款: funds paid through the fiscal special account
)
# What each item is called where people read it (review messages, view and column comments):
# the label the form prints and an English gloss.  One entry per FUND_ITEMS name, so the
# project_funds and funds_by_* views, which get one column per item from this list, are
# documented in the same step.
FUND_ITEM_NAMES: dict[str, tuple[str, str]] = {
    "total": ("项目资金总额", "project total funds"),
    "fiscal": ("其中财政资金", "of which fiscal funds"),
    "other": ("其他资金", "other funds"),
    "annual_total": ("年度资金申请总额", "annual funds requested"),
    "annual_appropriation": ("其中当年财政拨款", "of which this year's appropriation"),
    "carryover": ("上年结转资金", "carried over from last year"),
    "annual_other": ("年度其他资金", "other annual funds"),
    "annual_city_spending": ("市级支出", "city-level spending of the year's budget"),
    "annual_district_subsidy": ("补助区县", "subsidies to districts and counties"),
    "annual_special_account": ("财政专户拨款", "paid through the fiscal special account"),
}


class LeftOut(str):
    """A note that a part of a loaded form was not loaded (a second 绩效目标, a row or a
    coded entry the parser could not place): the file is then ``partial``, not ``loaded``,
    and the part is a row of ``left_out``.  A ``str``, so a form's notes stay one list of
    text; written ``<locator>: <Chinese> / <English>``."""

    __slots__ = ()

    @property
    def locator(self) -> str | None:
        """The place the note starts with (``page 34 table 1 row 3, col 4``), if any."""
        head, sep, _ = self.partition(": ")
        return head if sep and not head.startswith(("第", "/")) else None

    @property
    def text(self) -> str:
        """The note without its leading place."""
        return self.partition(": ")[2] if self.locator else str(self)


@dataclass(frozen=True, slots=True)
class FundAmount:
    item: str
    amount_yuan: Decimal
    unit_as_written: str
    amount_as_written: str
    label_as_written: str
    line: int
    locator: str


@dataclass(frozen=True, slots=True)
class Indicator:
    seq: int
    level1: str | None
    level2: str | None
    name: str
    target: Target | None
    level1_as_written: str | None
    level2_as_written: str | None
    line: int
    locator: str
    extras: dict[str, str] = field(default_factory=dict)
    # columns the parser has no field for, by their header as printed: kept, never dropped
    attributes: dict[str, str] = field(default_factory=dict)
    # 一级 taken from the framework because the form left it blank (level1_as_written None)
    level1_inferred: bool = False


@dataclass(frozen=True, slots=True)
class CategoryDeclaration:
    """A 二级 category a form names without an indicator under it.

    ``not_applicable``: the form says the category does not apply (「不适用生态效益指标 | 无」,
    「不直接产生经济效益」); ``listed_empty``: the template prints the category row and the
    unit left it blank.  Neither is an indicator; the review tells them apart.
    """

    level1: str | None
    level2: str | None
    declaration: str  # not_applicable | listed_empty
    text_as_written: str
    line: int
    locator: str


@dataclass(slots=True)
class Form:
    """One declared project, as read from one form (or one block of a wide table)."""

    template: str
    form_seq: int
    title: str | None
    fiscal_year: int | None
    project_name: str | None
    line: int
    locator: str
    project_nature: str | None = None
    project_category: str | None = None
    department: str | None = None
    department_code: str | None = None
    implementing_unit: str | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    overall_goal: str | None = None
    annual_goal: str | None = None
    amount_unit: str | None = None
    funds: list[FundAmount] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    declarations: list[CategoryDeclaration] = field(default_factory=list)
    # where a value came from when the form does not print it: form | title | document
    fiscal_year_source: str = "form"
    department_source: str | None = None
    project_name_source: str = "form"


@dataclass(frozen=True, slots=True)
class DepartmentTask:
    """One 年度主要任务 row of a department-wide form."""

    seq: int
    task_name: str
    content: str | None
    amount_yuan: Decimal | None
    fiscal_yuan: Decimal | None
    other_yuan: Decimal | None
    amount_as_written: str | None
    line: int
    locator: str


@dataclass(slots=True)
class DepartmentForm:
    """A department-wide target form (部门整体（支出）绩效目标表): one per department and year."""

    form_seq: int
    title: str | None
    fiscal_year: int | None
    line: int
    locator: str
    department: str | None = None
    department_code: str | None = None
    budget_total_yuan: Decimal | None = None
    budget_total_as_written: str | None = None
    amount_unit: str | None = None
    annual_goal: str | None = None
    fiscal_year_source: str = "form"
    department_source: str = "form"
    # department (部门整体) or special_fund (专项资金整体): two kinds that never replace each other
    kind: str = "department"
    tasks: list[DepartmentTask] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    declarations: list[CategoryDeclaration] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class EvaluationFund:
    """One 项目资金 row of a self-evaluation (年度资金总额, 当年财政拨款 …), amounts in 元;
    None where the form prints no figure (「—」 or blank)."""

    item: str
    initial_budget_yuan: Decimal | None
    budget_yuan: Decimal | None
    executed_yuan: Decimal | None
    max_score: Decimal | None
    execution_rate_pct: Decimal | None
    score: Decimal | None
    unit_as_written: str
    label_as_written: str
    amounts_as_written: str | None
    line: int
    locator: str


@dataclass(frozen=True, slots=True)
class EvaluatedIndicator:
    """One indicator of a self-evaluation: the target and the actual, each parsed like a
    declared target, the scores as printed and whether the actual meets the target
    (``met`` None where that cannot be decided)."""

    seq: int
    level1: str | None
    level2: str | None
    name: str
    target: Target | None
    actual: Target | None
    max_score: Decimal | None
    score: Decimal | None
    deviation_reason: str | None
    met: bool | None
    level1_as_written: str | None
    level2_as_written: str | None
    line: int
    locator: str
    # columns without a field (指标解释 …), by their header as printed: kept, never dropped
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class SelfEvaluation:
    """A project self-evaluation (项目支出绩效自评表): one project and year, after the year."""

    form_seq: int
    title: str | None
    fiscal_year: int | None
    line: int
    locator: str
    template: str = "项目支出绩效自评表"
    project_name: str | None = None
    department: str | None = None
    implementing_unit: str | None = None
    goal_expected: str | None = None
    goal_achieved: str | None = None
    max_score_total: Decimal | None = None
    score_total: Decimal | None = None
    amount_unit: str | None = None
    fiscal_year_source: str = "form"
    funds: list[EvaluationFund] = field(default_factory=list)
    indicators: list[EvaluatedIndicator] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class EvaluationTask:
    """One 年度主要任务 row of a department self-evaluation, amounts in 元."""

    seq: int
    task_name: str
    content: str | None
    completion: str | None
    budget_yuan: Decimal | None
    budget_fiscal_yuan: Decimal | None
    budget_other_yuan: Decimal | None
    executed_yuan: Decimal | None
    executed_fiscal_yuan: Decimal | None
    executed_other_yuan: Decimal | None
    max_score: Decimal | None
    execution_rate_pct: Decimal | None
    score: Decimal | None
    amounts_as_written: str | None
    line: int
    locator: str


@dataclass(slots=True)
class DepartmentSelfEvaluation:
    """A department-wide self-evaluation (部门整体支出绩效自评表): one department and year."""

    form_seq: int
    title: str | None
    fiscal_year: int | None
    line: int
    locator: str
    department: str | None = None
    budget_yuan: Decimal | None = None
    executed_yuan: Decimal | None = None
    execution_rate_pct: Decimal | None = None
    max_score_total: Decimal | None = None
    score_total: Decimal | None = None
    goal_expected: str | None = None
    goal_achieved: str | None = None
    amount_unit: str | None = None
    fiscal_year_source: str = "form"
    department_source: str = "form"
    tasks: list[EvaluationTask] = field(default_factory=list)
    indicators: list[EvaluatedIndicator] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class EmptyForm:
    """A form that states it has no data (「故此表无数据」, 「本单位无此项目」, a blank template).

    Neither loaded nor an error: recorded so a reader can see the form was there.
    """

    form_seq: int
    title: str | None
    statement: str
    line: int
    locator: str


@dataclass(frozen=True, slots=True)
class FormProblem:
    """A form that cannot be loaded, with a reason a person can act on."""

    form_seq: int
    line: int
    locator: str
    reason_code: str
    reason: str
    excerpt: str


@dataclass(frozen=True, slots=True)
class PageOutcome:
    """What became of one page of a document that prints a target table (or of a page a
    form was read from): one row per page and form touching it, or one for the page.

    ``outcome``: ``form_started`` / ``form_continued`` (a loaded project or department
    form), ``quarantined``, ``stated_empty``, ``other_kind`` (contents, prose,
    self-evaluation: ``reason_code`` names it) or ``unaccounted`` (nothing explains it).
    """

    page: int
    outcome: str
    form_seq: int | None
    reason_code: str | None
    reason: str | None


# Whatever the parser makes of one form.
Parsed = (Form | DepartmentForm | SelfEvaluation | DepartmentSelfEvaluation | EmptyForm
          | FormProblem)


def problem_from(err: FormError, form_seq: int, anchor: Row | None, excerpt: str) -> FormProblem:
    """The quarantine record of a form that raised ``err``, placed at ``anchor``."""
    return FormProblem(
        form_seq=form_seq,
        line=err.line or (anchor.line if anchor else 0),
        locator=anchor.locator if anchor else "",
        reason_code=err.code,
        reason=err.message,
        excerpt=excerpt,
    )


class FormError(ValueError):
    """Raised inside a form parser; becomes a FormProblem for that form only."""

    def __init__(self, code: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
