"""The benchmark corpus planned file by file and form by form from one seeded random stream.

Folders of up to 1,000 files per district and bureau; 1–20 forms per file (1–8 in
workbooks); the file kinds in their shares with every rare kind among the first files
(``EARLY_KINDS``); boilerplate groups that share a goal, an indicator block or both, of
heavy-tailed sizes (``group_sizes``); fund amounts that add up; 5–30 indicators per form
in the sample's row shapes.  Nothing of the corpus is kept: ``iter_corpus`` yields one
``FileSpec`` at a time, so a million forms plan in flat memory.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from pipelines.bench.specs import (
    MALFORMED_KINDS,
    Block,
    Cells,
    FileSpec,
    FormSpec,
    Item,
    format_amount,
)
from pipelines.bench.vocabulary import (
    BUREAU_NAMES,
    BUREAUS,
    CATEGORIES,
    DISTRICTS,
    EXTRA_TABLE,
    FUND_COLONS,
    FUND_UNITS,
    GOAL_AIMS,
    GOAL_STEPS,
    GOAL_VERBS,
    LAWS,
    LEVEL1_OF,
    LEVEL2_ORDER,
    MONTH_ENDS,
    NAME_CAPACITY,
    NAME_KINDS,
    NAME_MULTIPLIER,
    NAME_PHASES,
    NAME_QUALIFIERS,
    NAME_TOPICS,
    NAMES,
    NATURES,
    PLACES,
    SUBJECTS,
    TARGET_HEADERS,
    USUAL_LEVELS,
    YEARS,
)

T = TypeVar("T")

DEFAULT_SEED = 20261130

MAX_GROUP = 10_000
GROUP_SHARE = 0.30  # share of forms that belong to a boilerplate group
GROUP_ALPHA = 1.2  # Pareto tail of group sizes
MAX_FOLDER_FILES = 1_000

# The first files of every corpus: one of each rare kind (then the random mix).
EARLY_KINDS = ("txt", "xlsx", "html", "no-name", "xlsx-stacked", "gb18030", "empty", "crlf",
               "binary", "bom", "no-form")


@dataclass(slots=True)
class _Group:
    """A boilerplate group being emitted: its members share year, goal and/or indicators."""

    number: int
    remaining: int
    year: int
    goal: str | None
    indicators: Block | None


@dataclass(slots=True)
class _Folder:
    path: str
    department: str
    units: list[str]
    files: int


class _Planner:
    """Decides every file and form in order from one random stream; holds no corpus."""

    def __init__(self, forms: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.r: Callable[[], float] = self.rng.random
        self.total = forms
        self.emitted = 0
        self.sizes = group_sizes(forms, self.rng)
        self.next_group = 0
        self.singles = forms - sum(self.sizes)
        self.group: _Group | None = None
        self.largest = self.sizes.index(max(self.sizes)) if self.sizes else -1
        self.name_offset = self.rng.randrange(NAME_CAPACITY)
        self.extra_names = 0

    def pick(self, items: Sequence[T]) -> T:
        """One item, chosen with a single random() (cheaper than Random.choice)."""
        return items[int(self.r() * len(items))]

    # files and folders

    def files(self) -> Iterator[FileSpec]:
        number = 0
        while self.emitted < self.total:
            folder = self._folder(number)
            for _ in range(folder.files):
                if self.emitted >= self.total:
                    return
                yield self._file(folder, number)
                number += 1

    def _folder(self, number: int) -> _Folder:
        district, bureau = self.pick(DISTRICTS), self.pick(BUREAU_NAMES)
        files = 1 + int(MAX_FOLDER_FILES * self.r() ** 2)
        units = [self._unit(district, bureau) for _ in range(max(1, files // 4))]
        department = f"{district}{bureau}" + ("(汇总)" if self.r() < 0.4 else "")
        return _Folder(f"{district}/{bureau}_{number:07d}", department, units, files)

    def _unit(self, district: str, bureau: str) -> str:
        kind = self.pick(BUREAUS[bureau])
        place = self.pick(PLACES) if self.r() < 0.6 else ""
        return f"上海市{district}{place}{kind}"

    def _kind(self, number: int) -> str:
        if number < len(EARLY_KINDS):
            return EARLY_KINDS[number]
        r = self.r()
        if r < 0.005:
            return MALFORMED_KINDS[int(r / 0.005 * len(MALFORMED_KINDS))]
        for limit, kind in ((0.015, "xlsx"), (0.025, "xlsx-stacked"), (0.045, "html"),
                            (0.075, "gb18030"), (0.175, "crlf"), (0.195, "bom")):
            if r < limit:
                return kind
        return "txt"

    def _file(self, folder: _Folder, number: int) -> FileSpec:
        kind = self._kind(number)
        unit = self.pick(folder.units)
        year = self.pick(YEARS)
        spec = FileSpec(self._file_name(folder, number, unit, year, kind), kind,
                        seed=self.rng.getrandbits(32), typed=self.r() < 0.5)
        if kind == "no-name":
            form = self._form(unit, folder.department, year, standalone=True)
            form.rows[0] = ("项目名称", "", "", *form.rows[0][3:])
            spec.forms.append(form)
        elif kind not in MALFORMED_KINDS:
            most = 8 if kind.startswith("xlsx") else 20  # workbooks are slow to write
            count = min(1 + int(most * self.r() ** 1.5), most, self.total - self.emitted)
            spec.forms = [self._form(unit, folder.department, year) for _ in range(count)]
        return spec

    def _file_name(self, folder: _Folder, number: int, unit: str, year: int, kind: str) -> str:
        suffix = {"xlsx": "xlsx", "xlsx-stacked": "xlsx", "html": "html"}.get(kind, "txt")
        short = unit.removeprefix("上海市")
        if kind == "no-form":
            stem = f"{number:07d}_{short}_说明"
        elif self.r() < 0.2:
            stem = f"{number:07d} {short} {year}年 绩效目标申报表 (导出)"
        else:
            stem = f"{number:07d}_{short}_{year}年度项目绩效目标"
        return f"{folder.path}/{stem}.{suffix}"

    # forms

    def _take_group(self) -> _Group | None:
        """The group the next form belongs to, or None: groups and single forms are
        interleaved uniformly at random, a group's members one after another."""
        if self.group is not None and self.group.remaining > 0:
            self.group.remaining -= 1
            return self.group
        groups_left = len(self.sizes) - self.next_group
        if groups_left and self.r() * (groups_left + self.singles) < groups_left:
            size = self.sizes[self.next_group]
            self.group = self._new_group(self.next_group, size)
            self.next_group += 1
            return self.group
        self.singles -= 1
        return None

    def _new_group(self, number: int, size: int) -> _Group:
        share = self.r()
        if number == self.largest:
            share = 0.9  # the largest group shares its goal (and its indicators)
        goal = self._goal(None) if share < 0.7 or share > 0.85 else None
        indicators = self._indicator_block() if share > 0.4 else None
        return _Group(number, size - 1, self.pick(YEARS), goal, indicators)

    def _form(self, unit: str, department: str, file_year: int,
              standalone: bool = False) -> FormSpec:
        group = None if standalone else self._take_group()
        year = group.year if group else file_year
        if standalone:
            name = self._project_name(self.total + self.extra_names, year)
            self.extra_names += 1
        else:
            name = self._project_name(self.emitted, year)
            self.emitted += 1
        money = "万元" if self.r() < 0.1 else "元"
        funds = self._funds(money)
        goal = group.goal if group and group.goal else self._goal(name)
        annual_goal = goal if (group and group.goal) or self.r() < 0.7 else self._goal(name)
        block, items = group.indicators if group and group.indicators else self._indicator_block()
        rows = [*self._header(name, department, unit, year), *self._fund_rows(money, funds),
                *self._goal_rows(year, goal, annual_goal), *block]
        return FormSpec(name, unit, year, money, funds, items, group.number if group else None,
                        int(self.r() * 3), rows)

    def _project_name(self, g: int, year: int) -> str:
        """Unique for every g: an affine permutation of g read as mixed-radix digits."""
        index = (g * NAME_MULTIPLIER + self.name_offset) % NAME_CAPACITY
        index, q = divmod(index, len(NAME_QUALIFIERS))
        index, t = divmod(index, len(NAME_TOPICS))
        p, k = divmod(index, len(NAME_KINDS))
        name = NAME_QUALIFIERS[q] + NAME_TOPICS[t] + NAME_KINDS[k]
        name += NAME_PHASES[p].replace("{year}", str(year))
        return name if g < NAME_CAPACITY else f"{name}（{g // NAME_CAPACITY + 1}）"

    def _header(self, name: str, department: str, unit: str, year: int) -> list[Cells]:
        start = f"{year}-01-01" if self.r() < 0.85 else f"{year}-0{2 + int(self.r() * 5)}-01"
        end = f"{year}-12-31" if self.r() < 0.85 else f"{year}-{self.pick(MONTH_ENDS)}"
        return [
            ("项目名称", name, "", "项目性质", self.pick(NATURES), "项目类别",
             self.pick(CATEGORIES)),
            ("主管部门", department, "", "实施单位", unit, "", ""),
            ("计划开始日期", start, "", "计划完成日期", end, "", ""),
        ]

    def _funds(self, money: str) -> dict[str, int]:
        """Fund items in fen that add up; 万元 forms in whole hundreds of 元 (2 decimals)."""
        r = self.r
        step = 10_000 if money == "万元" else (1 if r() < 0.3 else 100)
        total = max(1, int(10 ** (3.7 + 4.0 * r()) * 100) // step)
        other = int(total * (0.1 + 0.3 * r())) if r() < 0.2 else 0
        annual = total if r() < 0.85 else max(1, int(total * (0.3 + 0.6 * r())))
        annual_other = min(other, annual)
        carry = int((annual - annual_other) * 0.3 * r()) if r() < 0.15 else 0
        items = {"total": total, "fiscal": total - other, "other": other,
                 "annual_total": annual, "annual_appropriation": annual - carry - annual_other,
                 "carryover": carry, "annual_other": annual_other}
        return {item: amount * step for item, amount in items.items()}

    def _fund_rows(self, money: str, funds: dict[str, int]) -> list[Cells]:
        """The four fund rows in one of the sample's four layouts."""
        def fmt(item: str) -> str:
            return format_amount(funds[item], money)

        label = FUND_UNITS[money][self.r() < 0.3]
        colon = self.pick(FUND_COLONS)
        other = fmt("other") if funds["other"] or self.r() < 0.3 else ""
        total, fiscal, annual = fmt("total"), fmt("fiscal"), fmt("annual_total")
        approp, carry, a_other = (fmt("annual_appropriation"), fmt("carryover"),
                                  fmt("annual_other"))
        layout = int(self.r() * 4)
        if layout == 3:  # compact (sample form 2): values right beside their labels
            return [(label, "项目资金总额", total, "年度资金申请总额", annual, "", ""),
                    ("", f"{colon}财政资金", fiscal, f"{colon}当年财政拨款", approp, "", ""),
                    ("", "其他资金", other, "上年结转资金", carry, "", ""),
                    ("", "其他资金", "", "其他资金", a_other, "", "")]
        first = [(label, "项目资金总额", "", total, "年度资金申请总额", "", annual),
                 ("", f"{colon}财政资金", "", fiscal, f"{colon}当年财政拨款", "", approp)]
        if layout == 0:  # sample form 1
            return [*first, ("", "", "", "", "上年结转资金", "", carry),
                    ("", "其他资金", "", other, "其他资金", "", a_other)]
        third = ("", "其他资金", "", other, "上年结转资金", "", carry)
        if layout == 1:  # sample forms 3 and 4: the last label one cell left
            return [*first, third, ("", "", "", "其他资金", "", a_other, "")]
        return [*first, third, ("", "", "", "", "其他资金", "", a_other)]  # sample form 5

    def _goal_rows(self, year: int, goal: str, annual: str) -> list[Cells]:
        period = f"项目总目标 ({year}年 -{year}年)" if self.r() < 0.7 else \
            f"项目总目标 ({year}年-{year}年)"
        if self.r() < 0.25:  # sample form 2
            return [("项目 绩效 目标", period, "", "年度总体目标", "", "", ""),
                    ("", goal, "", annual, "", "", "")]
        return [("项目 绩效 目标", period, "", "", "年度总体目标", "", ""),
                ("", goal, "", "", annual, "", "")]

    def _goal(self, name: str | None) -> str:
        """A goal text: unique when it names the project, shared boilerplate otherwise."""
        r, pick = self.r, self.pick
        head = f"根据{pick(LAWS)}，" if r() < 0.5 else ""
        subject = f"通过实施{name}，" if name else f"{pick(GOAL_VERBS)}{pick(NAME_TOPICS)}工作，"
        parts = [f"{head}{subject}{pick(GOAL_VERBS)}{pick(SUBJECTS)}{pick(NAME_TOPICS)}，"
                 f"提升{pick(GOAL_AIMS)}。"]
        for i in range(int(r() * 4)):
            parts.append(f"{i + 1}、{pick(GOAL_STEPS)}；")
        if r() < 0.2:
            return " ".join(f"<p>{p}</p>" for p in parts)
        return "".join(parts)

    # indicators

    def _allocation(self) -> list[tuple[str, int]]:
        """(二级, count) in form order: 5–30 indicators, each form with 数量, 社会效益 and
        满意度, most with 质量, 时效 and 可持续影响, some with 成本."""
        r = self.r
        n = 5 + int(26 * r() ** 2)
        counts = dict.fromkeys(LEVEL2_ORDER, 0)
        counts["数量指标"] = counts["社会效益指标"] = counts["服务对象满意度指标"] = 1
        total = 3
        for level2, share in USUAL_LEVELS:
            if total < n and r() < share:
                counts[level2] = 1
                total += 1
        extra, size = EXTRA_TABLE, len(EXTRA_TABLE)
        for _ in range(n - total):
            counts[extra[int(r() * size)]] += 1
        return [(level2, c) for level2, c in counts.items() if c]

    def _indicator_block(self) -> Block:
        """Header row and indicator rows in the sample's shapes, and what they declare."""
        r, pick = self.r, self.pick
        marker_in_header = r() < 0.5
        head = "绩效指标" if marker_in_header else ""
        rows = [(head, "一级指标", "二级指标", "三级指标", "", pick(TARGET_HEADERS), "")]
        marker = "" if marker_in_header else "绩效指标"
        level1 = None
        items: list[Item] = []
        row, add_row, add_item = self._indicator_row, rows.append, items.append
        for level2, n in self._allocation():
            names = NAMES[level2]
            size = len(names)
            for i in range(n):
                name, targets = names[int(r() * size)]
                target = targets[int(r() * len(targets))]
                add_row(row(marker, level1, level2, i, name, target))
                add_item((level2, name, target))
                marker = ""
            level1 = LEVEL1_OF[level2]
        return rows, tuple(items)

    def _indicator_row(self, marker: str, level1: str | None, level2: str, i: int,
                       name: str, target: str) -> Cells:
        """One row: levels written when they change, blank when carried (merged cells);
        some rows shifted left as the sample's export prints them."""
        new_level1 = LEVEL1_OF[level2]
        s = self.r()
        if new_level1 == "满意度指标":
            if i == 0:
                if s < 0.4:  # sample line 22
                    return ("满意度指标", level2, "", name, "", target, "")
                if s < 0.8:  # sample lines 43, 64, 84, 110
                    return ("满意度指标", level2, name, "", target, "", "")
                return (marker, "满意度指标", level2, name, "", target, "")
            if s < 0.5:  # sample lines 85, 111
                return ("", "", name, "", target, "", "")
            return ("", "", "", name, "", target, "")
        if i == 0 and new_level1 != level1:
            return (marker, new_level1, level2, name, "", target, "")
        if i == 0:
            if s < 0.2:  # sample lines 42, 105: 二级 and name one cell left
                return ("", level2, name, "", target, "", "")
            return ("", "", level2, name, "", target, "")
        if s < 0.08:  # sample line 61: name two cells left under carried levels
            return ("", name, "", target, "", "", "")
        if s < 0.12:
            return ("", "", name, "", target, "", "")
        return ("", "", "", name, "", target, "")


def group_sizes(forms: int, rng: random.Random) -> list[int]:
    """Heavy-tailed boilerplate group sizes: one largest group of min(MAX_GROUP, forms //
    10) members, the rest Pareto(GROUP_ALPHA) from 2, about GROUP_SHARE of all forms."""
    largest = min(MAX_GROUP, forms // 10)
    if largest < 2:
        return []
    sizes = [largest]
    budget = int(forms * GROUP_SHARE) - largest
    while budget >= 2:
        size = min(largest, budget, int(2 / (1.0 - rng.random()) ** (1 / GROUP_ALPHA)))
        sizes.append(size)
        budget -= size
    rng.shuffle(sizes)
    return sizes


def iter_corpus(forms: int, seed: int = DEFAULT_SEED) -> Iterator[FileSpec]:
    """Every file of the corpus in order, without writing: what ``generate_corpus`` writes
    and what a test expects the parser to read back."""
    if forms < 1:
        raise ValueError("a corpus needs at least one form")
    return _Planner(forms, seed).files()
