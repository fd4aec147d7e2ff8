"""Split grids into forms and parse each one: grids -> Form / FormProblem records.

A form starts at its title row (``财政项目支出绩效目标申报表``, ``项目支出绩效目标表（2026）``
…; the title and ``(2023年度)`` may share a cell).  Each form is parsed on its own, so
one broken form is quarantined while the others of the same file still load.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from pipelines.grid import Grid, Row
from pipelines.parse.indicators import find_indicator_header
from pipelines.parse.labelled import parse_labelled_form
from pipelines.parse.labels import normalize_label
from pipelines.parse.records import Form, FormError, FormProblem, problem_from
from pipelines.parse.vocabulary import squeeze
from pipelines.parse.wide import find_wide_header, parse_wide_table

_TITLE = re.compile(r"绩效目标(申报)?表|绩效目标申报表")
_YEAR = re.compile(r"(20\d{2})\s*年|[（(]\s*(20\d{2})\s*[)）]")
_MAX_TITLE_LEN = 60
# "（三）部门预算项目绩效目标表": a section heading of a disclosure, not a form's title.
_SECTION_HEADING = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)")
_WHOLE_DEPARTMENT = "整体绩效目标"
DECLARATION = "绩效目标申报表"
TARGET_TABLE = "项目支出绩效目标表"


def title_text(row: Row) -> str | None:
    """The title when ``row`` is a form title row (one filled cell naming the form)."""
    filled = row.filled()
    if len(filled) != 1:
        return None
    text = filled[0][1].strip()
    first_line = squeeze(text.splitlines()[0]) if text else ""
    if _SECTION_HEADING.match(first_line):
        return None
    if len(first_line) <= _MAX_TITLE_LEN and _TITLE.search(first_line):
        return text
    return None


def _repeats_title(title: Row | None, body: list[Row], row: Row) -> bool:
    """A title row repeating the current title before any form content."""
    if title is None or _has_content(body):
        return False
    return squeeze(title_text(title) or "") == squeeze(title_text(row) or "")


def fiscal_year_of(texts: Sequence[str]) -> int | None:
    """The first year named in the title or the lines right under it."""
    for text in texts:
        match = _YEAR.search(text)
        if match:
            return int(match.group(1) or match.group(2))
    return None


def split_forms(grid: Grid) -> Iterator[tuple[Row | None, list[Row]]]:
    """(title row, rows after it) per form.

    Rows before the first title form a form of their own only when they hold an
    indicator table (a form exported without its title); loose text, section headings
    and the other tables of a budget disclosure do not.
    """
    title: Row | None = None
    body: list[Row] = []
    for row in grid.rows:
        if title_text(row) is not None:
            if _repeats_title(title, body, row):
                continue  # the same title printed twice (PDF text layers do this)
            if title is not None or _looks_like_form(body):
                yield title, body
            title, body = row, []
        else:
            body.append(row)
    if title is not None or _looks_like_form(body):
        yield title, body


def _preamble(rows: Sequence[Row]) -> list[str]:
    """Single-cell lines right under the title, such as ``(2023年度)``."""
    texts = []
    for row in rows:
        filled = row.filled()
        if row.is_blank:
            continue
        if len(filled) != 1:
            break
        texts.append(filled[0][1])
    return texts


def _looks_like_form(body: Sequence[Row]) -> bool:
    """Untitled rows that hold an indicator table, so are a form without its title."""
    return any(find_indicator_header(row) is not None for row in body)


def _has_content(body: Sequence[Row]) -> bool:
    """Anything beyond the single-cell lines under a title (year, unit)."""
    return any(len(row.filled()) > 1 for row in body)


def _new_form(title: Row | None, body: Sequence[Row], form_seq: int) -> Form:
    title_str = title_text(title) if title is not None else None
    texts = ([title_str] if title_str else []) + _preamble(body)
    first = title if title is not None else next(r for r in body if not r.is_blank)
    template = DECLARATION if title_str and "申报表" in title_str else TARGET_TABLE
    return Form(
        template=template,
        form_seq=form_seq,
        title=squeeze(title_str.splitlines()[0]) if title_str else None,
        fiscal_year=fiscal_year_of(texts),
        project_name=None,
        line=first.line,
        locator=first.locator,
    )


def validate(form: Form) -> None:
    """Raise FormError for a form that must not be loaded as it is."""
    if not form.project_name:
        raise FormError(
            "missing_project_name",
            "no 项目名称 found under this title; the form is empty or not a "
            "performance-target form",
            form.line,
        )
    if form.fiscal_year is None:
        raise FormError(
            "missing_fiscal_year",
            "no fiscal year in the title (e.g. (2023年度)); add it to the title",
            form.line,
        )


def _excerpt(title: Row | None, body: Sequence[Row], limit: int = 400) -> str:
    rows = ([title] if title else []) + [r for r in body if not r.is_blank][:6]
    text = "\n".join(" | ".join(t for _, t in r.filled()) for r in rows)
    return text[:limit]


def parse_form(title: Row | None, body: Sequence[Row], form_seq: int) -> Form | FormProblem:
    """One form, or the problem that keeps it out of the warehouse."""
    form = _new_form(title, body, form_seq) if (title or body) else None
    try:
        if form is None or not _has_content(body):
            raise FormError("empty_form", "the title is followed by no form content; "
                            "the export is truncated or the form was left blank")
        parse_labelled_form(form, body)
        validate(form)
    except FormError as err:
        return _problem(title, body, form_seq, err)
    except Exception as err:  # a parser bug quarantines this form only, with its cause
        wrapped = FormError("parser_failed", f"internal parser error: {type(err).__name__}: {err}")
        return _problem(title, body, form_seq, wrapped)
    return form


def _problem(title: Row | None, body: Sequence[Row], form_seq: int, err: FormError) -> FormProblem:
    anchor = title or next((r for r in body if not r.is_blank), None)
    return problem_from(err, form_seq, anchor, _excerpt(title, body))


def parse_segment(title: Row | None, body: Sequence[Row],
                  first_seq: int) -> list[Form | FormProblem]:
    """One titled part of a grid: a wide multi-project table or one labelled form."""
    if title is not None and _WHOLE_DEPARTMENT in squeeze(title_text(title) or ""):
        return [_problem(title, body, first_seq, FormError(
            "not_project_form",
            "a 部门整体绩效目标表 states the whole department's targets, not a project's; "
            "it is not loaded as a project"))]
    if find_wide_header(body) is not None:
        return parse_wide_table(title, body, first_seq)
    return [parse_form(title, body, first_seq)]


def merge_continued(segments: list[tuple[Row | None, list[Row]]]
                    ) -> list[tuple[Row | None, list[Row]]]:
    """Join a form or wide table that continues under a repeated title on the next page."""
    merged: list[tuple[Row | None, list[Row]]] = []
    for title, body in segments:
        if merged and _continues(merged[-1], title, body):
            previous_title, previous_body = merged[-1]
            merged[-1] = (previous_title, [*previous_body, *body])
        else:
            merged.append((title, list(body)))
    return merged


def _continues(previous: tuple[Row | None, list[Row]], title: Row | None,
               body: list[Row]) -> bool:
    previous_title, previous_body = previous
    if title is None or previous_title is None:
        return False
    if squeeze(title_text(title) or "") != squeeze(title_text(previous_title) or ""):
        return False
    if all(find_wide_header(b) is not None for b in (previous_body, body)):
        return True
    # a labelled form's next page: the title again, then only indicator rows, no header
    return _has_content(body) and not _names_a_project(body)


def _names_a_project(body: Sequence[Row]) -> bool:
    """True when the rows carry a 项目名称 label, i.e. start a new form."""
    return any(normalize_label(text) == "项目名称" for row in body for _, text in row.filled())


def parse_grids(grids: Sequence[Grid]) -> list[Form | FormProblem]:
    """All forms of a file's grids, numbered 1.. in file order."""
    results: list[Form | FormProblem] = []
    for grid in grids:
        for title, body in merge_continued(list(split_forms(grid))):
            results.extend(parse_segment(title, body, first_seq=len(results) + 1))
    return results
