"""Split grids into forms and parse each one: grids -> Form / FormProblem records.

A form starts at its title row (``财政项目支出绩效目标申报表``, ``项目支出绩效目标表（2026）``
…; the title and ``(2023年度)`` may share a cell).  Each form is parsed on its own, so
one broken form is quarantined while the others of the same file still load.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from pipelines.grid import CutOff, DocumentFacts, Grid, Row
from pipelines.parse.department import parse_department_form
from pipelines.parse.indicators import find_indicator_header
from pipelines.parse.labelled import parse_labelled_form
from pipelines.parse.labels import normalize_label
from pipelines.parse.records import (
    DepartmentForm,
    EmptyForm,
    Form,
    FormError,
    FormProblem,
    problem_from,
)
from pipelines.parse.titles import (
    DECLARATION,
    TARGET_TABLE,
    fiscal_year_of,
    is_department_title,
    lines_under_title,
    other_table_title,
    project_name_in_title,
    title_line,
    title_text,
)
from pipelines.parse.vocabulary import squeeze
from pipelines.parse.wide import find_wide_header, parse_wide_table

Parsed = Form | DepartmentForm | EmptyForm | FormProblem
# A printed note that the form is empty on purpose (「故此表无数据」, 「本单位无此项目」).
_STATES_NO_DATA = re.compile(
    r"(故|因此)?(此|本)表(无|为空|无数据|不涉及)|无此(类)?项目|本单位(无|没有)(此|该)|无相关(数据|项目)")


def _repeats_title(title: Row | None, body: list[Row], row: Row) -> bool:
    """A title row repeating the current title before any form content."""
    if title is None or _has_content(body):
        return False
    return squeeze(title_text(title) or "") == squeeze(title_text(row) or "")


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
        elif other_table_title(row):
            # another table of the disclosure starts: its rows belong to no form
            if title is not None or _looks_like_form(body):
                yield title, body
            title, body = None, []
        else:
            body.append(row)
    if title is not None or _looks_like_form(body):
        yield title, body


def _looks_like_form(body: Sequence[Row]) -> bool:
    """Untitled rows that hold an indicator table, so are a form without its title: an
    indicator header, or a project table whose indicators are coded text in one cell."""
    return (any(find_indicator_header(row) is not None for row in body)
            or find_wide_header(body) is not None)


def _has_content(body: Sequence[Row]) -> bool:
    """Anything beyond the single-cell lines under a title (year, unit)."""
    return any(len(row.filled()) > 1 for row in body)


def _new_form(title: Row | None, body: Sequence[Row], form_seq: int) -> Form:
    title_str = title_text(title) if title is not None else None
    texts = ([title_str] if title_str else []) + lines_under_title(body)
    first = title if title is not None else next(r for r in body if not r.is_blank)
    template = DECLARATION if title_str and "申报表" in title_str else TARGET_TABLE
    return Form(
        template=template,
        form_seq=form_seq,
        title=title_line(title_str) if title_str else None,
        fiscal_year=fiscal_year_of(texts),
        project_name=None,
        line=first.line,
        locator=first.locator,
    )


def apply_document(form: Form | DepartmentForm, document: DocumentFacts | None) -> None:
    """Year and department from the document when the form prints neither."""
    if document is None:
        return
    if form.fiscal_year is None and document.fiscal_year is not None:
        form.fiscal_year, form.fiscal_year_source = document.fiscal_year, "document"
    if form.department is None and document.department:
        form.department, form.department_source = document.department, "document"
    elif form.department is not None and isinstance(form, Form):
        form.department_source = "form"


def _name_from_title(form: Form) -> None:
    """A form that prints its project only in its title (「XX项目绩效目标表」)."""
    if form.project_name or not form.title:
        return
    name = project_name_in_title(form.title)
    if name:
        form.project_name, form.project_name_source = name, "title"


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
            "no fiscal year in the title (e.g. (2023年度)) nor on the document's cover; "
            "add it to the title",
            form.line,
        )


def _excerpt(title: Row | None, body: Sequence[Row], limit: int = 400) -> str:
    rows = ([title] if title else []) + [r for r in body if not r.is_blank][:6]
    text = "\n".join(" | ".join(t for _, t in r.filled()) for r in rows)
    return text[:limit]


def parse_form(title: Row | None, body: Sequence[Row], form_seq: int,
               document: DocumentFacts | None = None) -> Form | EmptyForm | FormProblem:
    """One form, or the problem that keeps it out of the warehouse."""
    form = _new_form(title, body, form_seq) if (title or body) else None
    try:
        if form is None or not _has_content(body):
            raise FormError("empty_form", "the title is followed by no form content; "
                            "the export is truncated or the form was left blank")
        parse_labelled_form(form, body)
        if _is_blank(form):
            statement = _no_data_statement(body) or "the form is printed blank: no field is filled"
            return _empty(title, body, form_seq, statement)
        _name_from_title(form)
        apply_document(form, document)
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


def _is_blank(form: Form) -> bool:
    """A template printed with every field left empty: no name, money, goal or indicator."""
    return not (form.project_name or form.funds or form.indicators or form.overall_goal
                or form.annual_goal or form.implementing_unit or form.department)


def _no_data_statement(body: Sequence[Row]) -> str | None:
    """The printed note of a form that is empty on purpose, if any."""
    for row in body:
        for _, text in row.filled():
            if ("无" in text or "空" in text) and _STATES_NO_DATA.search(squeeze(text)):
                return squeeze(text)
    return None


def _empty(title: Row | None, body: Sequence[Row], form_seq: int, statement: str) -> EmptyForm:
    anchor = title or next(r for r in body if not r.is_blank)
    text = title_text(title) if title is not None else None
    return EmptyForm(form_seq=form_seq, title=title_line(text) if text else None,
                     statement=statement, line=anchor.line, locator=anchor.locator)


def _checked_department(form: DepartmentForm, title: Row, body: Sequence[Row]
                        ) -> DepartmentForm | FormProblem:
    """A department-wide form needs its year and department, like a project its name."""
    if form.fiscal_year is None:
        err = FormError("missing_fiscal_year", "no fiscal year in the title nor on the "
                        "document's cover; add it to the title", form.line)
    elif not form.department:
        err = FormError("missing_department", "no department (部门（单位）名称 or a "
                        "单位名称： line) on this department-wide form nor on the document's "
                        "cover; add it", form.line)
    else:
        return form
    return _problem(title, body, form.form_seq, err)


def parse_segment(title: Row | None, body: Sequence[Row], first_seq: int,
                  document: DocumentFacts | None = None) -> list[Parsed]:
    """One titled part of a grid: a department-wide form, a wide multi-project table or
    one labelled form; a form that says it has no data is recorded as such."""
    results = _parse_segment(title, body, first_seq, document)
    if all(isinstance(r, FormProblem) for r in results):
        statement = _no_data_statement(body)
        if statement is not None:
            return [_empty(title, body, first_seq, statement)]  # says why it is empty
    return results


def _parse_segment(title: Row | None, body: Sequence[Row], first_seq: int,
                   document: DocumentFacts | None) -> list[Parsed]:
    if title is not None and is_department_title(title_text(title) or ""):
        result = parse_department_form(title, body, first_seq)
        if isinstance(result, DepartmentForm):
            apply_document(result, document)
            return [_checked_department(result, title, body)]
        return [result]
    if find_wide_header(body) is not None:
        forms = parse_wide_table(title, body, first_seq, document)
        for form in forms:
            if isinstance(form, Form):
                apply_document(form, document)
        return forms
    return [parse_form(title, body, first_seq, document)]


def merge_continued(segments: list[tuple[Row | None, list[Row]]]
                    ) -> list[tuple[Row | None, list[Row]]]:
    """Join a form or wide table that continues under a repeated title on the next page.

    Whether a part holds a wide table is decided once per part (a table of a hundred
    pages would otherwise be searched again for each page joined to it).
    """
    merged: list[tuple[Row | None, list[Row]]] = []
    wide: list[bool] = []
    for title, body in segments:
        body_is_wide = find_wide_header(body) is not None
        if merged and _continues(merged[-1], wide[-1], title, body, body_is_wide):
            previous_title, previous_body = merged[-1]
            merged[-1] = (previous_title, [*previous_body, *body])
        else:
            merged.append((title, list(body)))
            wide.append(body_is_wide)
    return merged


def _continues(previous: tuple[Row | None, list[Row]], previous_is_wide: bool,
               title: Row | None, body: list[Row], body_is_wide: bool) -> bool:
    previous_title, _ = previous
    if title is None or previous_title is None:
        return False
    if title_line(title_text(title) or "") != title_line(title_text(previous_title) or ""):
        return False
    if previous_is_wide and body_is_wide:
        return True
    # a labelled form's next page: the title again, then only indicator rows, no header
    return _has_content(body) and not _names_a_project(body)


def _names_a_project(body: Sequence[Row]) -> bool:
    """True when the rows carry a 项目名称 label, i.e. start a new form."""
    return any(normalize_label(text) == "项目名称" for row in body for _, text in row.filled())


def parse_grids(grids: Sequence[Grid]) -> list[Parsed]:
    """All forms of a file's grids, numbered 1.. in file order."""
    results: list[Parsed] = []
    for grid in grids:
        last: list[Parsed] = []
        segment: tuple[Row | None, list[Row]] = (None, [])
        for segment in merge_continued(list(split_forms(grid))):
            last = parse_segment(*segment, len(results) + 1, grid.document)
            results.extend(last)
        if grid.cut_off is not None:
            kept = without_cut_form(grid, last, segment, len(results) - len(last) + 1)
            results[len(results) - len(last):] = kept
    return results


def without_cut_form(grid: Grid, last: list[Parsed], segment: tuple[Row | None, list[Row]],
                     first_seq: int) -> list[Parsed]:
    """The results of a cut grid's last segment, with the form the cut falls in
    quarantined: every form before it loads, none loads shortened.

    The cut row starts a new form when it is that segment's title, or when what is left
    of it is a lone tag or the beginning of a title this file prints (a title cut
    mid-line is not recognised as one and lands under the previous form); otherwise it
    is a row of the segment's last form.
    """
    cut = grid.cut_off
    assert cut is not None
    if not cut.certain:
        return _maybe_cut(last, cut)
    cut_row = next(row for row in reversed(grid.rows) if row.line == cut.line)
    problem = FormProblem(
        form_seq=first_seq, line=cut.line, locator=cut.locator, reason_code="cut_off_file",
        reason=f"the file looks cut off at {cut.locator}: it ends without a line break and "
               f"{cut.why}; the forms before it were loaded; copy or export the file again "
               "(a file that is complete loads once it ends with a line break)",
        excerpt=" | ".join(cell for cell in cut_row.cells if cell)[:200])
    title, body = segment
    rest = [row.line for row in body if not row.is_blank]
    if title is not None and (title.line == cut.line or rest == [cut.line]):
        return [problem]  # the segment is the cut form's title (and what is left of it)
    if _starts_a_form(grid, cut_row):
        return [*last, replace(problem, form_seq=first_seq + len(last))]
    if not last:
        return [problem]
    return [*last[:-1], replace(problem, form_seq=last[-1].form_seq)]


def _maybe_cut(last: list[Parsed], cut: CutOff) -> list[Parsed]:
    """A file ending without a line break after a whole-looking row loads as it is; if its
    last form fails anyway, its reason says the file may have been cut off there."""
    if not last or not isinstance(last[-1], FormProblem):
        return last
    problem = last[-1]
    hint = (f"; the file also ends without a line break at {cut.locator}, so it may have "
            "been cut off while copying: copy or export it again")
    return [*last[:-1], replace(problem, reason=problem.reason + hint)]


_PARTIAL_TAG = re.compile(r"<[^<>]*$")


def _visible(row: Row) -> str:
    text = "".join(cell for cell in row.cells if cell)
    return squeeze(_PARTIAL_TAG.sub("", text))


def _starts_a_form(grid: Grid, cut_row: Row) -> bool:
    """Whether the cut row is empty or the beginning of a title line (or the line under a
    title) printed earlier in the same file."""
    rows = [row for row in grid.rows if not row.is_blank]
    fragment = _visible(cut_row)
    if not fragment:  # a tag or blank cells: a title's opening tag, or a row's empty cells
        return len(cut_row.cells) == 1
    heads: set[str] = set()
    for i, row in enumerate(rows):
        if row is not cut_row and title_text(row) is not None:
            block = [r for r in rows[i + 1:i + 2] if len(r.filled()) == 1]  # (2023年度)
            heads.update(_visible(r) for r in [row, *block] if r is not cut_row)
    return any(head.startswith(fragment) for head in heads if head != fragment)

