"""The text of a PDF page outside its tables: page numbers, overprints, wrapped titles.

Titles (``…绩效目标表``), ``(2026年度)`` and ``单位：万元`` stand outside the ruled tables.
Generators print them in ways that read badly as plain lines: page furniture
(「— 3 —」, 「第 3 页，共 45 页」), a running header stamped over a heading, a title drawn
twice a fraction of a point apart, a long title wrapped over lines.  These functions turn
a page's text lines into the lines a reader sees.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from pipelines.read.text import clean_cell

_DASHES = r"—–―－\-"
# 「— 3 —」, 「第 3 页」, 「3/45」, 「第 3 页，共 45 页」, 「第3页 共45页」: page furniture.
_PAGE_NUMBER = re.compile(
    rf"^[{_DASHES}\s]*(第\s*)?\d{{1,4}}(\s*页)?"
    rf"(\s*[/／]\s*\d{{1,4}}|[\s，,、;；]*共\s*\d{{1,4}}\s*页)?"
    rf"[{_DASHES}\s]*$"
)
_DECORATED = re.compile(rf"[{_DASHES}第页/／]")
_SPACE = re.compile(r"\s+")

# Words of a target table's title (also used by the document pass).
# the titles of target forms, and of self-evaluations (绩效自评表, in 决算 disclosures): a
# self-evaluation is read so that its pages are accounted for (and recorded as such)
TARGET_TITLE = ("绩效目标表", "绩效目标申报表", "绩效自评表")


def squeezed(text: str) -> str:
    """Text without any white space: PDF text layers break words anywhere."""
    return _SPACE.sub("", text)


def split_overlaid(chars: list[dict[str, Any]]) -> list[str]:
    """Text of one line, split where two strings in different fonts overprint each other.

    Some generators stamp a running header over a section heading at the same height
    (烟台 p.30: ``（三）部门预算项目绩效目标表`` under ``政策和项目预算绩效目标表``);
    read as one line the characters interleave into nonsense, so such a line is split
    into one line per font.
    """
    from pdfplumber.utils import extract_text

    if any("\n" in c["text"] for c in chars):  # a title joined from wrapped lines
        return ["\n".join(text for part in _line_parts(chars) for text in split_overlaid(part))]
    ordered = sorted(without_overprint(chars), key=lambda c: c["x0"])
    overlaps = any(
        b["x0"] < a["x1"] - 0.3 * (a["x1"] - a["x0"]) and a["fontname"] != b["fontname"]
        for a, b in itertools.pairwise(ordered)
    )
    if not overlaps:
        return [clean_cell(extract_text(ordered))]
    fonts: dict[str, list[dict[str, Any]]] = {}
    for char in ordered:
        fonts.setdefault(char["fontname"], []).append(char)
    return [clean_cell(extract_text(group)) for group in fonts.values()]


def is_page_number(text: str, top: float, page_height: float) -> bool:
    """``— 29 —``, ``- 3 -``, ``第 3 页``, ``3/50``; a bare number only in the bottom margin.

    Dashes alone (``— —``) are a page number whose digits the text layer lost.
    """
    if re.fullmatch(rf"[{_DASHES}\s]+", text) and len(text.strip()) > 1:
        return True
    if not _PAGE_NUMBER.match(text):
        return False
    return bool(_DECORATED.search(text)) or top > page_height * 0.9


def without_overprint(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The characters of a line with each one drawn twice kept once.

    Some generators draw a title twice, a fraction of a point apart (烟台: 「政策和项目预
    预算算绩绩效效…」 read as one line); a character that repeats the same character less
    than half its width away is the same ink, not a second character.
    """
    kept: list[dict[str, Any]] = []
    for char in sorted(chars, key=lambda c: c["x0"]):
        half = max(char["x1"] - char["x0"], 1.0) / 2
        if not any(k["text"] == char["text"] and abs(k["x0"] - char["x0"]) < half
                   and abs(k["top"] - char["top"]) < half for k in kept[-4:]):
            kept.append(char)
    return kept


_LineDict = dict[str, Any]
_TITLE_MAX_CHARS = 60  # a title's length at most (the parser's limit too)
_SENTENCE_END = ("。", "；", ";", "：", ":", "，", ",")
_HEADING = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])")


def join_wrapped_titles(lines: list[_LineDict]) -> list[_LineDict]:
    """Text lines with a title that wraps over two or more lines made one line.

    A long title (「301007_XX分局_机场公安综」 + 「合修缮改造项目绩效目标表」) is printed as
    several lines of one size, close together; only the last one names the form, so read
    apart the first lines are lost (or mistaken for a cut cell's fragment) and the
    project's name in the title is cut.  Lines are joined when they run, at one size and
    less than a line apart, into the first line naming a target table, when the first
    starts a block of text and the whole is short enough to be a title (not the end of a
    paragraph or a heading above it).
    """
    result: list[_LineDict] = []
    i = 0
    while i < len(lines):
        end = _wrapped_title_end(lines, i)
        if end is None:
            result.append(lines[i])
            i += 1
        else:
            result.append(_joined(lines[i:end + 1]))
            i = end + 1
    return result


def _wrapped_title_end(lines: list[_LineDict], start: int) -> int | None:
    """Index of the line that completes a title wrapped from ``lines[start]``, if any."""
    if start > 0 and _same_block(lines[start - 1], lines[start]):
        return None  # the line goes on a text above it: a title starts a block
    first = squeezed(lines[start]["text"])
    if _HEADING.match(first) or _names_target(first) or first.endswith(_SENTENCE_END):
        return None
    text = first
    for k in range(start + 1, len(lines)):
        if not _same_block(lines[k - 1], lines[k]):
            return None
        text += squeezed(lines[k]["text"])
        if len(text) > _TITLE_MAX_CHARS:
            return None
        if _names_target(text):
            return k
        if text.endswith(_SENTENCE_END):
            return None
    return None


def _names_target(text: str) -> bool:
    return any(word in text for word in TARGET_TITLE)


def _size(line: _LineDict) -> float:
    sizes = sorted(c.get("size", 0.0) for c in line["chars"])
    return sizes[len(sizes) // 2] if sizes else 0.0


def _same_block(upper: _LineDict, lower: _LineDict) -> bool:
    """Two lines of one wrapped text: the same size, the lower less than a line below."""
    size = _size(upper)
    return (size > 0 and abs(_size(lower) - size) <= 0.5
            and 0 <= lower["top"] - upper["bottom"] < size)


def _joined(lines: list[_LineDict]) -> _LineDict:
    """One line of several: their characters, a line break marking each wrap."""
    chars: list[dict[str, Any]] = []
    for line in lines:
        if chars:
            chars.append({**line["chars"][0], "text": "\n"})
        chars.extend(line["chars"])
    return {**lines[0], "chars": chars, "text": "\n".join(line["text"] for line in lines),
            "bottom": lines[-1]["bottom"]}


def _line_parts(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The characters of a joined line, split again at its line breaks."""
    parts: list[list[dict[str, Any]]] = [[]]
    for char in chars:
        if char["text"] == "\n":
            parts.append([])
        else:
            parts[-1].append(char)
    return parts
