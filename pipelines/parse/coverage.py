"""Page coverage: what became of every page of a disclosure that prints a target table.

A disclosure of 200 pages holds its target forms on a few of them; a user loading ten
thousand disclosures will never read them, so the product must say, page by page, what
it made of each page with a target-table signal: a form started or continued there, a
form quarantined or stated empty, a page of another kind (contents, prose, a
self-evaluation), or nothing at all (``unaccounted``: a form may have been lost).

A form owns the rows from its first row to the row before the next form's; the pages
those rows stand on are the pages it covers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from pipelines.parse.records import EmptyForm, FormProblem, PageOutcome, Parsed
from pipelines.parse.titles import is_section_heading, project_name_in_title
from pipelines.parse.vocabulary import squeeze
from pipelines.read.grid import Grid, PageSignal, Row, page_of

OTHER_KINDS = {
    "contents": "目录页：列出绩效目标表的名称，不印表格 / a contents page",
    "prose": "说明文字或标题：提到绩效目标表，本页不印指标表 / prose or a heading naming the table",
    "self_evaluation": "绩效自评表：自评结果，不是绩效目标 / a self-evaluation, not targets",
    "self_evaluation_summary": "绩效自评综述：逐个项目的文字说明（预算数、执行数、完成比例），"
                               "不是表格，表格版在项目支出绩效自评表中载入 / a written summary "
                               "of each project's self-evaluation; the forms themselves are "
                               "loaded",
}
UNACCOUNTED = {
    "rows_outside_forms": "本页读出的行不属于任何表（前面没有表题） / rows read here belong to no "
                          "form (no title before them)",
    "no_table_found": "本页印有指标表的字样，但未读出表格 / the page names an indicator table "
                      "but no table was read from it",
    "title_without_form": "本页印有项目表题「{title}」，但没有表从这里开始：它可能被并入了别的表 / "
                          "the page prints a project's title but no form starts under it: it "
                          "may have been merged into another form",
}
_BRACKETS_AND_YEARS = re.compile(r"[（()）]|20\d{2}年度?")


def page_coverage(grid: Grid, records: Sequence[Parsed]) -> list[PageOutcome]:
    """One outcome per page and form touching it, for every page of ``grid`` that has a
    signal or holds a form's rows (empty for grids that are not paged documents)."""
    signals = grid.document.page_signals if grid.document is not None else ()
    if not signals:
        return []
    owners, stray = _owners_by_page(grid.rows, records)
    by_page = {s.page: s for s in signals}
    outcomes: list[PageOutcome] = []
    for page in sorted(set(by_page) | set(owners)):
        if page in owners:
            outcomes.extend(_form_outcome(page, record) for record in owners[page])
            outcomes.extend(_titles_without_form(by_page.get(page), owners[page]))
        else:
            outcomes.append(_page_outcome(by_page[page], page in stray))
    return outcomes


def _owners_by_page(rows: Sequence[Row], records: Sequence[Parsed]
                    ) -> tuple[dict[int, list[Parsed]], set[int]]:
    """The records whose rows stand on each page, in form order, and the pages with rows
    that no record owns (rows before the first title)."""
    line_of = {row.locator: row.line for row in rows}
    starts = sorted((line_of.get(r.locator, r.line), index) for index, r in enumerate(records))
    start_lines = [line for line, _ in starts]
    owners: dict[int, list[Parsed]] = {}
    stray: set[int] = set()
    for row in rows:
        page = page_of(row.locator)
        if page is None or row.is_blank:
            continue
        at = bisect.bisect_right(start_lines, row.line) - 1
        if at < 0:
            stray.add(page)
            continue
        record = records[starts[at][1]]
        page_owners = owners.setdefault(page, [])
        if not page_owners or page_owners[-1] is not record:
            page_owners.append(record)
    return owners, stray


def _titles_without_form(signal: PageSignal | None, owners: list[Parsed]
                         ) -> list[PageOutcome]:
    """A title on the page that names a project and that no form touching the page carries:
    the form it heads was read as part of another (a title the reader missed).  Generic
    titles (项目支出绩效目标表) name no project and are not asked for: a running title or
    a section heading prints them without a form of its own."""
    if signal is None:
        return []
    carried = [key for record in owners
               if (text := _written_title(record)) and (key := _title_key(text))]
    missing = [title for title in signal.titles
               if not is_section_heading(title) and project_name_in_title(title)
               and not _carried(_title_key(title), carried)]
    reason = UNACCOUNTED["title_without_form"]
    return [PageOutcome(signal.page, "unaccounted", None, "title_without_form",
                        reason.format(title=title)) for title in missing]


def _carried(title: str, carried: list[str]) -> bool:
    """Whether a printed title is one a form carries, or a wrapped line of it."""
    return any(title in key or key in title for key in carried)


def _written_title(record: Parsed) -> str | None:
    """The title a record was read under (a quarantined form's excerpt starts with it)."""
    if isinstance(record, FormProblem):
        return record.excerpt
    return record.title


def _title_key(text: str) -> str:
    """A title compared without brackets, years and line breaks (「2026年…(一级项目)」 and
    「…一级项目」 are the same title; the second line of a wrapped title, 「…项目）项目绩效目标表」,
    is part of it)."""
    return _BRACKETS_AND_YEARS.sub("", squeeze(text))


def _form_outcome(page: int, record: Parsed) -> PageOutcome:
    if isinstance(record, FormProblem):
        return PageOutcome(page, "quarantined", record.form_seq, record.reason_code,
                           record.reason)
    if isinstance(record, EmptyForm):
        return PageOutcome(page, "stated_empty", record.form_seq, None, record.statement)
    started = page_of(record.locator) == page
    return PageOutcome(page, "form_started" if started else "form_continued", record.form_seq,
                       None, None)


def _page_outcome(signal: PageSignal, stray_rows: bool) -> PageOutcome:
    """A signal page no form touches: a page of another kind, or unaccounted."""
    if signal.other_kind is not None:
        return PageOutcome(signal.page, "other_kind", None, signal.other_kind,
                           OTHER_KINDS[signal.other_kind])
    code = "rows_outside_forms" if stray_rows else "no_table_found"
    return PageOutcome(signal.page, "unaccounted", None, code, UNACCOUNTED[code])
