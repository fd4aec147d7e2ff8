"""Split grids into forms and parse each one: grids -> Form / FormProblem records.

A form starts at its title row (``财政项目支出绩效目标申报表``, ``项目支出绩效目标表（2026）``
…; the title and ``(2023年度)`` may share a cell).  Each form is parsed on its own, so
one broken form is quarantined while the others of the same file still load.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from pipelines.parse.department import parse_department_form
from pipelines.parse.indicators import find_indicator_header, is_fund_row
from pipelines.parse.labelled import parse_labelled_form, split_label_cells
from pipelines.parse.labels import is_fund_label, is_label, is_project_name_label
from pipelines.parse.records import (
    DepartmentForm,
    EmptyForm,
    Form,
    FormError,
    FormProblem,
    Indicator,
    Parsed,
    problem_from,
)
from pipelines.parse.self_evaluation import parse_self_evaluation
from pipelines.parse.titles import (
    DECLARATION,
    TARGET_TABLE,
    fiscal_year_of,
    is_department_title,
    is_self_evaluation_title,
    lines_under_title,
    other_table_title,
    project_name_in_title,
    title_line,
    title_text,
    unit_in_title_name,
)
from pipelines.parse.vocabulary import is_placeholder, level_kind, squeeze
from pipelines.parse.wide import WideColumns, find_wide_header, parse_wide_table
from pipelines.read.grid import CutOff, DocumentFacts, Grid, Row
from pipelines.read.locators import place_label

# A printed note that the form is empty on purpose (「故此表无数据」, 「本单位无此项目」).
_STATES_NO_DATA = re.compile(
    r"(故|因此)?(此|本)表(无|为空|无数据|不涉及)|无此(类)?项目|本单位(无|没有)(此|该)|无相关(数据|项目)")


def _repeats_title(title: Row | None, body: list[Row], row: Row) -> bool:
    """A title row repeating the current title before any form content."""
    if title is None or _has_content(body):
        return False
    return squeeze(title_text(title) or "") == squeeze(title_text(row) or "")


class SplitOff(list[Row]):
    """The rows of a form split off at its money rows after the indicator table of the
    form before: its title was not recognised, so it is never loaded as it is."""


def split_forms(grid: Grid) -> Iterator[tuple[Row | None, list[Row]]]:
    """(title row, rows after it) per form.

    Rows before the first title form a form of their own only when they hold an
    indicator table (a form exported without its title); loose text, section headings
    and the other tables of a budget disclosure do not.  Money rows after an indicator
    table start a form whose title was missed: it is split off there, untitled, so
    that it is quarantined with a reason instead of read as the form before's rows.
    """
    title: Row | None = None
    body: list[Row] = []
    untitled = False  # the current rows were split off at money rows
    for row in grid.rows:
        if title_text(row) is not None:
            if _repeats_title(title, body, row):
                continue  # the same title printed twice (PDF text layers do this)
            if title is not None or untitled or _looks_like_form(body):
                yield title, body
            title, body, untitled = row, [], False
        elif other_table_title(row):
            # another table of the disclosure starts: its rows belong to no form
            if title is not None or untitled or _looks_like_form(body):
                yield title, body
            title, body, untitled = None, [], False
        elif is_fund_row(row) and _has_indicator_header(body) and not _next_form_named(body):
            start = _header_start(body)
            yield title, SplitOff(body[:start]) if untitled else body[:start]
            title, body, untitled = None, SplitOff([*body[start:], row]), True
        else:
            body.append(row)
    if title is not None or untitled or _looks_like_form(body):
        yield title, body


def _next_form_named(body: Sequence[Row]) -> bool:
    """Whether the header rows above money rows name another project with a label (专项
    （项目）名称 | B after A): then the form is not split off here, for ``split_projects``
    parts the forms printed under one title at their name labels and loads each.  The
    same name again with money rows is no continuation: it is split off."""
    start = _header_start(body)
    new = [_name_written(row) for row in body[start:] if _is_name_row(row)]
    before = [_name_written(row) for row in body[:start] if _is_name_row(row)]
    return bool(new) and (not before or new[0] != before[-1])


def _header_start(body: Sequence[Row]) -> int:
    """Where the form starts whose money rows end ``body``: its header rows above them
    (项目名称, 主管部门 …) and a lone line above those (a title not recognised as one)
    go with it, not with the form before."""
    start = len(body)
    while start > 0 and (body[start - 1].is_blank or _is_header_row(body[start - 1])):
        start -= 1
    while start > 0 and len(body[start - 1].cells) == 1:
        start -= 1  # a line of text, not a table row
    return start


def _is_header_row(row: Row) -> bool:
    """A row of a form's header: a field label (主管部门), a money label (项目资金（万元）)
    or a project-name label however worded (专项（项目）名称)."""
    return any(is_label(text) or is_fund_label(text) for _, text in row.filled())


def _looks_like_form(body: Sequence[Row]) -> bool:
    """Untitled rows that hold an indicator table, so are a form without its title: an
    indicator header, or a project table whose indicators are coded text in one cell."""
    return _has_indicator_header(body) or find_wide_header(body) is not None


def _has_indicator_header(body: Sequence[Row]) -> bool:
    """Rows holding an indicator table's header: money rows after it start another form
    (a table with coded indicators has its money in columns, never in such rows)."""
    return any(find_indicator_header(row) is not None for row in body)


def _has_content(body: Sequence[Row]) -> bool:
    """Anything beyond the single-cell lines under a title (year, unit)."""
    return any(len(row.filled()) > 1 for row in body)


def _new_form(title: Row | None, body: Sequence[Row], form_seq: int,
              heading: Row | None = None) -> Form:
    """A form placed at its title (else its first row); ``heading`` is the title a form
    printed without one shares with the form before it: it gives the title and year."""
    shown = title if title is not None else heading
    title_str = title_text(shown) if shown is not None else None
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
    if not name:
        return
    unit, form.project_name = unit_in_title_name(name)
    form.project_name_source = "title"
    if unit and not form.implementing_unit:
        form.implementing_unit = unit


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
    _check_indicator_rows(form)


def _check_indicator_rows(form: Form | DepartmentForm) -> None:
    """An indicator table with its header and no row under it (no indicator, no category
    declared) is a form cut short or left half-filled: it is not loaded as a form with
    no targets, which would look complete."""
    if not form.indicators and not form.declarations:
        raise FormError(
            "no_indicator_rows",
            "the indicator table has its header but no rows (no indicator and no category "
            "under it); the form is cut short or not filled in: complete it",
            form.line,
        )


def _excerpt(title: Row | None, body: Sequence[Row], limit: int = 400) -> str:
    rows = ([title] if title else []) + [r for r in body if not r.is_blank][:6]
    text = "\n".join(" | ".join(t for _, t in r.filled()) for r in rows)
    return text[:limit]


def parse_form(title: Row | None, body: Sequence[Row], form_seq: int,
               document: DocumentFacts | None = None, heading: Row | None = None
               ) -> Form | EmptyForm | FormProblem:
    """One form, or the problem that keeps it out of the warehouse."""
    form = _new_form(title, body, form_seq, heading) if (title or body) else None
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
    """A template printed with every field left empty: no name, money, goal or indicator.

    A template's numbered blanks (「目标1：」, 「指标1：」 with no value, 「……」) are
    not filled fields: a template printed with them is as blank as one without."""
    goals = [g for g in (form.overall_goal, form.annual_goal) if g and not is_placeholder(g)]
    indicators = [i for i in form.indicators if _filled(i)]
    return not (form.project_name or form.funds or indicators or goals
                or form.implementing_unit or form.department)


def _filled(indicator: Indicator) -> bool:
    """An indicator row holding more than a template's blanks and level names (a row of
    placeholders may be read shifted: 数量指标 as the name, 「指标1：」 as the value)."""
    if indicator.target is not None and not is_placeholder(indicator.target.raw):
        return True
    return not is_placeholder(indicator.name) and level_kind(indicator.name) is None


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
        try:
            _check_indicator_rows(form)
        except FormError as rows_err:
            return _problem(title, body, form.form_seq, rows_err)
        return form
    return _problem(title, body, form.form_seq, err)


_UNTITLED = FormError(
    "untitled_form",
    "a form starts here (its header and money rows follow the indicator table of the form "
    "before) under no title that could be recognised; it is not loaded rather than be "
    "read as the form before's rows or as a form of an unknown kind: check its title")


_UNKNOWN = object()  # a segment's wide columns not looked for yet


def parse_segment(title: Row | None, body: Sequence[Row], first_seq: int,
                  document: DocumentFacts | None = None, heading: Row | None = None,
                  wide: WideColumns | object | None = _UNKNOWN) -> list[Parsed]:
    """One titled part of a grid: a department-wide form, a wide multi-project table or
    one labelled form; a form that says it has no data is recorded as such.

    ``heading``: the title an untitled form shares with the form before it; ``wide``:
    the segment's wide-table columns when the caller looked for them already."""
    if wide is _UNKNOWN:
        wide = find_wide_header(body)
    assert wide is None or isinstance(wide, WideColumns)
    results = _parse_segment(title, body, first_seq, document, heading, wide)
    if all(isinstance(r, FormProblem) for r in results):
        statement = _no_data_statement(body)
        if statement is not None:
            return [_empty(title, body, first_seq, statement)]  # says why it is empty
    return results


def _parse_segment(title: Row | None, body: Sequence[Row], first_seq: int,
                   document: DocumentFacts | None, heading: Row | None,
                   wide: WideColumns | None) -> list[Parsed]:
    if title is not None and is_self_evaluation_title(title_text(title) or ""):
        return [parse_self_evaluation(title, body, first_seq, document)]
    if isinstance(body, SplitOff):
        return [_problem(title, body, first_seq, _UNTITLED)]
    if (title is not None and is_department_title(title_text(title) or "")
            and not _names_a_project(body)):
        result = parse_department_form(title, body, first_seq)
        if isinstance(result, DepartmentForm):
            apply_document(result, document)
            return [_checked_department(result, title, body)]
        return [result]
    if wide is not None:
        forms = parse_wide_table(title, body, first_seq, document, wide)
        for form in forms:
            if isinstance(form, Form):
                apply_document(form, document)
        return forms
    return [parse_form(title, body, first_seq, document, heading)]


def merge_continued(segments: list[tuple[Row | None, list[Row]]]
                    ) -> list[tuple[Row | None, list[Row], WideColumns | None]]:
    """Join a form or wide table that continues under a repeated title on the next page;
    with each joined segment, its wide table's columns (None for other forms).

    Whether a part holds a wide table is decided once per part (a table of a hundred
    pages would otherwise be searched again for each page joined to it), and the answer
    goes with the segment, so that no later step searches it again.
    """
    merged: list[tuple[Row | None, list[Row], WideColumns | None]] = []
    for title, body in segments:
        wide = find_wide_header(body)
        if merged and _continues(merged[-1][:2], merged[-1][2] is not None, title, body,
                                 wide is not None):
            previous_title, previous_body, previous_wide = merged[-1]
            merged[-1] = (previous_title, [*previous_body, *body], previous_wide)
        else:
            merged.append((title, body, wide))  # a SplitOff stays one
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
    """True when the rows carry a project-name label (项目名称, 专项（项目）名称 …),
    i.e. start a new form."""
    return any(_is_name_row(row) for row in body)


def _is_name_row(row: Row) -> bool:
    """A row holding a project-name label (every cell asked: a blank one is no label)."""
    return any(map(is_project_name_label, row.cells))


def split_projects(body: Sequence[Row]) -> list[list[Row]]:
    """The forms printed one after another under one title, each from its name label.

    Some disclosures print the title once and then every project's form without one
    (「专项（项目）名称 | A」 … indicators …, 「专项（项目）名称 | B」 …): a project-name
    label after an indicator header starts the next form, so no project's rows land
    in another's.  A name label before any indicator header belongs to the form at hand.
    A page repeating the same name (a form continued with its header) stays one form.
    """
    parts: list[list[Row]] = [[]]
    seen_indicators = False
    name: str | None = None
    for row in body:
        if _is_name_row(row):
            written = _name_written(row)
            if seen_indicators and written != name:
                parts.append([])
                seen_indicators = False
            name = written
        parts[-1].append(row)
        seen_indicators = seen_indicators or find_indicator_header(row) is not None
    return parts


def _name_written(row: Row) -> str:
    """The text after the name label in its row (the project's name, squeezed)."""
    cells = [text for _, text in row.filled()]
    at = next(i for i, text in enumerate(cells) if is_project_name_label(text))
    return squeeze("".join(cells[at + 1:at + 2]))


def parse_grids(grids: Sequence[Grid], first_seq: int = 1) -> list[Parsed]:
    """All forms of a file's grids, numbered ``first_seq``.. in file order."""
    results: list[Parsed] = []
    for grid in map(_prepared, grids):
        last: list[Parsed] = []
        segment: tuple[Row | None, list[Row]] = (None, [])
        shared: Row | None = None  # the title untitled forms print under
        for title, body, wide in merge_continued(list(split_forms(grid))):
            shared = title if title is not None else shared
            for segment, heading, part_wide in _forms_of(title, body, shared, wide):
                last = parse_segment(*segment, len(results) + first_seq, grid.document,
                                     heading, part_wide)
                results.extend(last)
        if grid.cut_off is not None:
            kept = without_cut_form(grid, last, segment,
                                    len(results) - len(last) + first_seq)
            results[len(results) - len(last):] = kept
    return results


def _prepared(grid: Grid) -> Grid:
    """The grid with labels split from the values printed in their cells, before forms
    are split: a name label sharing its cell with the name still starts a form."""
    return replace(grid, rows=tuple(split_label_cells(row) for row in grid.rows))


def _forms_of(title: Row | None, body: list[Row], shared: Row | None,
              wide: WideColumns | None
              ) -> Iterator[tuple[tuple[Row | None, list[Row]], Row | None, WideColumns | None]]:
    """((title, rows), shared heading, wide columns) of each form of one titled segment:
    one, unless several labelled forms follow the title (see ``split_projects``).
    ``shared`` is the last title printed, which the forms after the first take as their
    heading (also after a form split off at its money rows, which has no title of its
    own)."""
    if wide is not None:
        yield (title, body), None, wide
        return
    for i, part in enumerate(split_projects(body)):
        if i == 0:  # a split-off form stays split off (quarantined), the forms after it not
            yield (title, SplitOff(part) if isinstance(body, SplitOff) else part), None, None
        else:
            yield (None, part), shared, None


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
        reason=f"文件似在{place_label(cut.locator)}被截断：文件末尾没有换行，且{cut.why_zh}；"
               "此前的表已载入，请重新复制或导出该文件 / "
               f"the file looks cut off at {cut.locator}: it ends without a line break and "
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

