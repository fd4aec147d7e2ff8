"""Read Markdown pipe tables, as PDF-to-Markdown converters render a form page.

Converters put the form title and ``(2026年度)`` on plain lines above the table and in-cell
line breaks as ``<br>``; the title lines matter to the parser (forms are split at titles),
so every non-table line becomes a one-cell row in document order.  Every row keeps its
file line number, so ``line`` and the locator point at the exact text line.
"""

from __future__ import annotations

import re

from pipelines.read.cutoff import cut_last_row, ends_with_line_break, pipe_left_open
from pipelines.read.grid import CutOff, Grid, Row
from pipelines.read.text import clean_cell, decode_checked, last_text_line, split_lines

_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(\s+#+)?\s*$")
_EMPHASIS = re.compile(r"^(\*\*|__)(.+)\1$")


def read_markdown(data: bytes, source: str) -> list[Grid]:
    """One grid: table rows split into cells, other lines as one-cell rows."""
    text, notes = decode_checked(data)
    lines = split_lines(text)
    in_table = _table_lines(lines)
    rows: list[Row] = []
    for n, line in enumerate(lines, start=1):
        if in_table[n - 1] and _RULE.match(line):
            continue
        cells = split_row(line) if in_table[n - 1] else (_plain_line(line),)
        rows.append(Row(cells=cells, line=n, locator=f"line {n}"))
    return [Grid(source=source, rows=tuple(rows), notes=notes,
                 cut_off=_cut_off(text, lines, rows))]


def _cut_off(text: str, lines: list[str], rows: list[Row]) -> CutOff | None:
    ends = ends_with_line_break(text)
    cut = cut_last_row(rows, last_text_line(lines), ends)
    if cut is None or cut.certain:
        return cut
    filled = [line for line in lines if line.strip()]
    why = pipe_left_open(filled[-1], filled[:-1]) if filled else None
    last = next(row for row in reversed(rows) if not row.is_blank) if why else None
    return CutOff(last.line, last.locator, why.en, why_zh=why.zh) if last and why else cut


def _table_lines(lines: list[str]) -> list[bool]:
    """Which lines belong to a pipe table.

    A line starting with ``|`` always does (converters always write the outer pipes);
    without outer pipes, GFM needs a header line followed by a ``---|---`` rule, and the
    table then runs until a blank line.
    """
    flags = [line.lstrip().startswith("|") for line in lines]
    for i, line in enumerate(lines):
        if i == 0 or not _RULE.match(line) or "|" not in line:
            continue
        if not _UNESCAPED_PIPE.search(lines[i - 1]):
            continue
        flags[i - 1] = True
        j = i
        while j < len(lines) and lines[j].strip() and _UNESCAPED_PIPE.search(lines[j]):
            flags[j] = True
            j += 1
    return flags


def split_row(line: str) -> tuple[str, ...]:
    """Cells of one pipe-table line: outer pipes dropped, ``\\|`` kept as a literal pipe."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return tuple(clean_cell(part.replace("\\|", "|")) for part in _UNESCAPED_PIPE.split(body))


def _plain_line(line: str) -> str:
    """Text of a non-table line, without heading marks or whole-line emphasis."""
    heading = _HEADING.match(line)
    text = heading.group(1) if heading else line
    emphasis = _EMPHASIS.match(text.strip())
    return clean_cell(emphasis.group(2) if emphasis else text)
