"""Decode text exports and read the tab-separated layout of PDF/OCR tools.

Encoding is decided deterministically, never guessed statistically: a UTF-8 BOM wins,
then strict UTF-8, then GB18030 (older Windows tools), else a clear error.  HTML
fragments that OCR tools leave in cells (``<p style=...>``) become plain text with
paragraph breaks kept as newlines.
"""

from __future__ import annotations

import html
import re

from pipelines.read.cutoff import cut_last_row, ends_with_line_break
from pipelines.read.errors import ReadError
from pipelines.read.grid import Grid, Row
from pipelines.read.mojibake import check_text

_BOM = b"\xef\xbb\xbf"
_CONTROL = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_BLOCK_TAG = re.compile(r"</p\s*>|<br\s*/?>|</div\s*>|</li\s*>|</tr\s*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[A-Za-z/!][^<>]*>")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
# anything clean_cell would change besides trimming: tags, entities, line breaks of any
# kind (as str.splitlines sees them), runs of spaces and wide or tab spaces
_NEEDS_CLEANING = re.compile(
    r"[<&\t\u00a0\u3000\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]| {2}")
# the same without the tab, asked of a whole tab-separated line: a cell holds no tab, and
# two spaces never span one, so a line without a match has no cell clean_cell would change
_LINE_NEEDS_CLEANING = re.compile(
    r"[<&\u00a0\u3000\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]| {2}")


def looks_binary(data: bytes) -> bool:
    """True for data that is no text export: NUL bytes or many control bytes."""
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL))  # counted in C
    return len(sample) > 0 and controls / len(sample) > 0.02


def decode_text(data: bytes) -> str:
    """Decode bytes: BOM -> UTF-8, else strict UTF-8, else GB18030, else ReadError."""
    if looks_binary(data):
        raise ReadError(
            "binary",
            "the file holds binary data (NUL or control bytes), not a text export; "
            "check that it is the right file and was not truncated or corrupted",
            excerpt=data[:64].hex(" "),
        )
    if data.startswith(_BOM):
        try:
            return data[len(_BOM) :].decode("utf-8")
        except UnicodeDecodeError as err:
            raise _encoding_error(data, err) from err
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data" and err.end == len(data):
            raise _truncated(data) from err
        utf8_error = err
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as err:
        raise _encoding_error(data, utf8_error) from err


def decode_checked(data: bytes) -> tuple[str, tuple[str, ...]]:
    """``decode_text``, then garbled text named (ReadError ``mojibake``) or repaired
    exactly: (text, notes for the file's record)."""
    text = decode_text(data)
    repaired = check_text(text)
    if repaired is None:
        return text, ()
    return repaired.text, (repaired.note,)


def _truncated(data: bytes) -> ReadError:
    return ReadError(
        "truncated_file",
        "the file ends in the middle of a UTF-8 character: it was cut off while copying or "
        "exporting; export or copy it again",
        excerpt=data[-32:].hex(" "),
    )


def _encoding_error(data: bytes, err: UnicodeDecodeError) -> ReadError:
    return ReadError(
        "unknown_encoding",
        f"the text is neither UTF-8 nor GB18030 (undecodable byte at offset {err.start}); "
        "re-export the file as UTF-8",
        excerpt=data[max(0, err.start - 16) : err.start + 16].hex(" "),
    )


def clean_cell(text: str) -> str:
    """Plain text of one cell: HTML tags and entities removed, paragraph breaks kept.

    ``<p>a</p> <p>b</p>`` becomes ``a\\nb``; runs of spaces collapse to one; lines are
    trimmed.  Text without tags is only trimmed, so ordinary values stay exact.
    """
    if not _NEEDS_CLEANING.search(text):
        return text.strip()  # the common cell: one search instead of a split and a sub
    if "<" in text or "&" in text:
        text = _BLOCK_TAG.sub("\n", text)
        text = _ANY_TAG.sub("", text)
        text = html.unescape(text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def split_lines(text: str) -> list[str]:
    """Lines of a text, accepting LF, CRLF and lone CR line ends."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def read_tsv(data: bytes, source: str) -> list[Grid]:
    """Tab-separated text export: one grid, one row per line, cells cleaned of HTML."""
    text, notes = decode_checked(data)
    lines = split_lines(text)
    rows = tuple(
        Row(cells=tsv_cells(line), line=n, locator=f"line {n}")
        for n, line in enumerate(lines, start=1)
    )
    cut = cut_last_row(rows, last_text_line(lines), ends_with_line_break(text))
    return [Grid(source=source, rows=rows, notes=notes, cut_off=cut)]


def tsv_cells(line: str) -> tuple[str, ...]:
    """The cleaned cells of one tab-separated line: only trimmed when the line holds
    nothing ``clean_cell`` would change (one search per line, not one per cell)."""
    cells = line.split("\t")
    if _LINE_NEEDS_CLEANING.search(line) is None:
        return tuple(map(str.strip, cells))
    return tuple(map(clean_cell, cells))


def last_text_line(lines: list[str]) -> str:
    """The last line that holds anything (the raw text, before cleaning)."""
    return next((line for line in reversed(lines) if line.strip()), "")
