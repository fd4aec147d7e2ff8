"""Read PDFs that have a text layer (budget disclosures exported from Word/WPS/iText).

Per page, ruled tables are found with pdfplumber's "lines" strategy (the forms are drawn
with cell borders), and the text lines outside them (titles, ``(2026年度)``, ``单位：万元``)
are merged in between by vertical position.  The whole file is one grid, so a form that
continues on the next page stays together; page numbers (``— 29 —``, ``第 3 页``) are
dropped so they do not split a form.  Cells covered by a merge come out as ``""`` (pdfplumber
gives ``None``), the text sitting in the top-left cell.  Pages are processed one at a time
and closed, so memory stays bounded on long disclosures.  Scanned PDFs (no text layer)
are refused: they need OCR first.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable
from typing import Any

from pipelines.grid import Grid, Row
from pipelines.readers.errors import ReadError
from pipelines.readers.text import clean_cell

_DASHES = r"—–―－\-"
_PAGE_NUMBER = re.compile(
    rf"^[{_DASHES}\s]*(第\s*)?\d{{1,4}}(\s*页)?(\s*[/／]\s*\d{{1,4}}|\s*共\s*\d{{1,4}}\s*页)?"
    rf"[{_DASHES}\s]*$"
)
_DECORATED = re.compile(rf"[{_DASHES}第页/／]")

# One laid-out item of a page: (top y, cells, locator).
_Item = tuple[float, tuple[str, ...], str]


def read_pdf(data: bytes, source: str, pages: Iterable[int] | None = None) -> list[Grid]:
    """One grid for the file: table rows and outside-table lines, page by page in order.

    ``pages`` (1-based numbers) limits reading to some pages, e.g. the few pages of a
    disclosure that hold the target tables.
    """
    import pdfplumber

    wanted = sorted(set(pages)) if pages is not None else None
    try:
        pdf = pdfplumber.open(io.BytesIO(data), pages=wanted)
    except Exception as err:  # pdfplumber wraps every pdfminer failure in PdfminerException
        raise _open_error(err) from err
    rows: list[Row] = []
    notes: list[str] = []
    chars = cid_chars = 0
    with pdf:
        for page in _pages(pdf):
            try:
                counts = _read_page(page, rows, notes)
            except Exception as err:  # a broken content stream surfaces only here
                raise _page_error(page.page_number, err) from err
            finally:
                page.close()  # drops the page's cached layout objects: memory stays bounded
            chars, cid_chars = chars + counts[0], cid_chars + counts[1]
    _check_text(chars, cid_chars)
    return [Grid(source=source, rows=tuple(rows), notes=tuple(notes))]


def _read_page(page: Any, rows: list[Row], notes: list[str]) -> tuple[int, int]:
    """Append one page's rows and notes; (characters, unmapped ``(cid:N)`` characters)."""
    page_chars = page.chars
    if not page_chars:
        notes.append(f"page {page.page_number} has no text layer (scanned?)")
    items, page_notes = page_items(page)
    notes.extend(page_notes)
    for _, cells, locator in items:
        rows.append(Row(cells=cells, line=len(rows) + 1, locator=locator))
    return len(page_chars), sum(1 for c in page_chars if c["text"].startswith("(cid:"))


def _pages(pdf: Any) -> Iterable[Any]:
    """The document's pages; a broken page tree is a ReadError, not a traceback."""
    try:
        return list(pdf.pages)
    except Exception as err:
        raise _open_error(err) from err


def _open_error(err: Exception) -> ReadError:
    cause = err.args[0] if err.args and isinstance(err.args[0], Exception) else err
    if "Encryption" in type(cause).__name__ or "Password" in type(cause).__name__:
        return ReadError(
            "encrypted_pdf",
            "the PDF is password-protected; ask the sender for an unprotected copy",
        )
    return ReadError(
        "unreadable_pdf",
        f"the PDF cannot be opened ({type(cause).__name__}: {cause}); it is corrupt or "
        "truncated: download or export it again",
    )


def _page_error(page_number: int, err: Exception) -> ReadError:
    return ReadError(
        "unreadable_pdf",
        f"page {page_number} of the PDF cannot be read ({type(err).__name__}: {err}); the "
        "file is damaged: download or export it again",
    )


def _check_text(chars: int, cid_chars: int) -> None:
    """Refuse files whose pages carry no usable text: they need OCR, not parsing."""
    if chars == 0:
        raise ReadError(
            "no_text_layer",
            "the PDF has no text layer (a scanned PDF, needs OCR); run OCR on it first or "
            "ask for the original export",
        )
    if cid_chars > chars / 2:
        raise ReadError(
            "no_text_layer",
            "the PDF's text has no Unicode mapping (fonts without ToUnicode, text reads as "
            "(cid:NN)); it needs OCR, or an export with embedded Unicode fonts",
        )


def page_items(page: Any) -> tuple[list[_Item], list[str]]:
    """Table rows and outside-table text lines of one page, top to bottom, and notes.

    Text inside a table's frame but in no closed cell (a merged cell left open at the
    page break) cannot be placed in a row; it is reported in a note, not silently lost
    and not injected between table rows where it would break the form's layout.
    """
    tables = sorted(page.find_tables(), key=lambda t: (t.bbox[1], t.bbox[0]))
    items: list[_Item] = []
    notes: list[str] = []
    where = f"page {page.page_number}"
    for k, table in enumerate(tables, start=1):
        for r, (row, cells) in enumerate(zip(table.rows, table.extract(), strict=True), 1):
            texts = tuple(clean_cell(c or "") for c in cells)
            items.append((row.bbox[1], texts, f"{where} table {k} row {r}"))
        stray = _stray_text(page, table)
        if stray:
            notes.append(f"{where} table {k}: text outside any closed cell: {stray}")
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    for n, line in enumerate(outside.extract_text_lines(return_chars=True), start=1):
        for text in split_overlaid(line["chars"]):
            if text and not is_page_number(text, line["top"], page.height):
                items.append((line["top"], (text,), f"{where} line {n}"))
    return sorted(items, key=lambda item: item[0]), notes  # stable: equal tops keep order


def _stray_text(page: Any, table: Any) -> str:
    """Text of the characters within a table's frame that fall in none of its cells."""
    cells = [c for c in table.cells if c]
    stray = page.filter(
        lambda obj: obj.get("object_type") == "char"
        and _inside(obj, [table.bbox])
        and not _inside(obj, cells)
    )
    return " ".join(clean_cell(stray.extract_text()).split("\n"))


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    """True when the centre of a character lies within one of the table boxes."""
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def split_overlaid(chars: list[dict[str, Any]]) -> list[str]:
    """Text of one line, split where two strings in different fonts overprint each other.

    Some generators stamp a running header over a section heading at the same height
    (烟台 p.30: ``（三）部门预算项目绩效目标表`` under ``政策和项目预算绩效目标表``);
    read as one line the characters interleave into nonsense, so such a line is split
    into one line per font.
    """
    from pdfplumber.utils import extract_text

    ordered = sorted(chars, key=lambda c: c["x0"])
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
    """``— 29 —``, ``- 3 -``, ``第 3 页``, ``3/50``; a bare number only in the bottom margin."""
    if not _PAGE_NUMBER.match(text):
        return False
    return bool(_DECORATED.search(text)) or top > page_height * 0.9
