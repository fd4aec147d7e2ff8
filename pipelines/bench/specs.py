"""One file and one form of the benchmark corpus as planned: what a parser must read back.

The planner (``plan``) makes these, the renderer (``render``) writes them, and the tests
compare the parser's records with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Cells = tuple[str, ...]  # one row of a form, WIDTH cells
Item = tuple[str, str, str]  # one indicator as written: (二级, 三级 name, target)
Block = tuple[list[Cells], tuple[Item, ...]]  # indicator header and rows, and their items

MALFORMED_KINDS = ("empty", "binary", "no-form", "no-name")


@dataclass(slots=True)
class FormSpec:
    """One form as written: the rows, and what a correct parser must read back."""

    project_name: str
    implementing_unit: str
    fiscal_year: int
    money_unit: str  # 元 or 万元, as the funds label prints it
    funds_fen: dict[str, int]  # fund item (records.FUND_ITEMS names) -> amount in fen
    indicators: tuple[Item, ...]  # in form order
    group: int | None  # boilerplate group, None for a form with its own goal and indicators
    title_style: int
    rows: list[Cells]  # the form's rows after its title


@dataclass(slots=True)
class FileSpec:
    """One file of the corpus: where, in which format, and the forms it holds."""

    path: str  # relative, forward slashes
    kind: str  # txt, gb18030, crlf, bom, xlsx, xlsx-stacked, html, or a MALFORMED_KIND
    forms: list[FormSpec] = field(default_factory=list)
    seed: int = 0  # per-file seed for bytes that are not forms (binary garbage)
    typed: bool = False  # xlsx: amounts and dates as typed cells

    @property
    def malformed(self) -> bool:
        return self.kind in MALFORMED_KINDS

    @property
    def expected_forms(self) -> list[FormSpec]:
        """The forms that must load from this file (none from a malformed file)."""
        return [] if self.malformed else self.forms


def format_amount(fen: int, money: str) -> str:
    """``1104384`` fen -> ``11,043.84`` (元) or ``1.10`` (万元, whole hundreds of 元)."""
    cents = fen if money == "元" else fen // 10_000
    return f"{cents // 100:,}.{cents % 100:02d}"
