"""Read PDFs that have a text layer: single forms and whole budget disclosures.

A 部门预算 disclosure is 20–200 pages of which a few hold performance-target tables.  The
document pass reads every page's text with PDFium (milliseconds a page) to pick the
candidate pages: those naming a 绩效目标 table with its indicator columns, and the pages
right after them that go on with indicators (a form continued without its title).  Only
those pages are table-extracted, with pdfplumber's ruled-table finder (``lines``
strategy: the forms are drawn with cell borders) fed by PDFium's characters and ruling
lines (``pdfium_page``; pdfminer reads a page PDFium cannot read completely), and laid
out into one grid for the file (``pdf_page``, ``pdf_layout``), so a form that continues on
the next page stays together.

The cover or title page gives the document's fiscal year and department
(「2026年XX局部门预算」), used by forms that print neither.  Scanned PDFs (no text
layer) are refused: they need OCR first.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from pipelines.read.errors import ReadError
from pipelines.read.grid import DocumentFacts, Grid, PageSignal
from pipelines.read.pdf_layout import grid_rows
from pipelines.read.pdf_page import page_layout
from pipelines.read.pdf_table import Item
from pipelines.read.pdf_text import TARGET_TITLE, is_page_number, squeezed
from pipelines.read.pdfium_page import PdfiumPage, reads_every_string

__all__ = ["candidate_pages", "document_facts", "is_page_number", "page_signals", "page_texts",
           "read_pdf"]


# A page holds a target table when it names one (…绩效目标表, 绩效目标申报表) or its
# indicator block together with an indicator-value column.
_TARGET_WORDS = ("绩效目标", "绩效指标")
_VALUE_WORDS = ("指标值", "目标值", "三级指标", "指标名称", "指标内容")
_CONTINUATION_WORDS = ("指标",)
# 「2026年XX局部门预算」, 「XX局 2026 年部门预算情况说明」, 「2026 年度 XX局 单位预算」
_COVER = re.compile(r"(20\d{2})年度?(\D{0,40}?)(?:部门|单位)(?:综合)?预算")
_COVER_PAGE_NUMBER = re.compile(r"^[—\-–]+\d+[—\-–]+")
_SUMMARY_MARK = re.compile(r"[（(]汇总[)）]$")
_COVER_CHARS = 200
_THIN_PAGE = 20  # characters: a page with fewer is read again with pdfminer


def read_pdf(data: bytes, source: str, pages: Iterable[int] | None = None) -> list[Grid]:
    """One grid for the file: the rows of its target pages, in page order.

    ``pages`` (1-based numbers) reads exactly those pages instead of the candidates.
    """
    texts = _fill_thin_pages(data, page_texts(data))
    _check_has_text(texts)
    wanted = sorted(set(pages)) if pages is not None else candidate_pages(texts)
    facts = replace(document_facts(texts, wanted), page_signals=page_signals(texts))
    if not wanted:
        return [Grid(source=source, rows=(), document=facts, notes=(
            f"none of the {len(texts)} pages names a performance-target table (绩效目标表 "
            "with 指标值 / 三级指标 / 指标名称)",))]
    items, notes, counts = _layout(data, wanted)
    _check_text(*counts)
    rows = grid_rows(items, notes)
    return [Grid(source=source, rows=tuple(rows), notes=tuple(notes), document=facts)]


def page_texts(data: bytes) -> list[str]:
    """Every page's text via PDFium: cheap enough to run on every page of a disclosure."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except Exception as err:
        raise _open_error(err) from err
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    except Exception as err:
        raise _open_error(err) from err
    finally:
        document.close()


def _fill_thin_pages(data: bytes, texts: list[str]) -> list[str]:
    """Pages where PDFium found (almost) no text, read again with pdfminer.

    PDFium drops every one-character string drawn in a non-embedded CJK font (some
    generators draw each character on its own), so such a page reads as empty and its
    forms would be missed; pdfminer reads them.  Only those pages are read twice.  It
    drops them on every machine: PDFium is given no system fonts (``pdfium_page``).
    """
    thin = [n for n, text in enumerate(texts, start=1) if len(squeezed(text)) < _THIN_PAGE]
    if not thin:
        return texts
    import pdfplumber

    filled = list(texts)
    try:
        with pdfplumber.open(io.BytesIO(data), pages=thin) as pdf:
            for page in pdf.pages:
                filled[page.page_number - 1] = page.extract_text() or texts[page.page_number - 1]
                page.close()
    except Exception:  # pdfminer failing on a page PDFium opened: keep what PDFium read
        return texts
    return filled


def is_target_page(text: str) -> bool:
    """A page that names a target table or its indicator block with a value column."""
    flat = squeezed(text)
    return any(w in flat for w in _TARGET_WORDS) and any(w in flat for w in _VALUE_WORDS)


def candidate_pages(texts: Sequence[str]) -> list[int]:
    """1-based pages holding target tables, with the pages that start or go on with them.

    A page whose title names a target table just before a target page is taken too (the
    form starts at its foot); a page right after a chosen one that still speaks of
    indicators continues it.
    """
    flat = [squeezed(t) for t in texts]
    target = [is_target_page(t) for t in texts]
    chosen: list[int] = []
    for index, text in enumerate(flat):
        follows = bool(chosen) and chosen[-1] == index
        starts = index + 1 < len(flat) and target[index + 1] and any(
            w in text for w in TARGET_TITLE)
        goes_on = follows and any(w in text for w in _CONTINUATION_WORDS)
        if target[index] or starts or goes_on:
            chosen.append(index + 1)
    return chosen


# A page of the contents (目录, 报表目录) or of the list of tables with 是否空表: it names
# every table of the disclosure, target tables included, and prints none of them.
_CONTENTS_HEAD = 40  # characters: 目录 stands at the top of a contents page
# 部门整体支出绩效自评表, 项目支出绩效自评表: results against targets (a 决算), not targets.
_SELF_EVALUATION = "自评"
# 「…项目绩效自评综述：全年预算数…，执行数…，完成预算的100%」: a 决算's written summary per
# project, printed before the self-evaluation forms; no table, but it must be accounted for
_SELF_EVALUATION_SUMMARY = "绩效自评综述"


def page_signals(texts: Sequence[str]) -> tuple[PageSignal, ...]:
    """Every page that prints a target-table signal, with what else its text shows it to be.

    A signal is a 绩效目标表 title anywhere on the page, or a target table's words with an
    indicator column (``is_target_page``).  Each such page must end up accounted for: a
    form read from it, or a page of another kind named here (a page naming only a title
    and no indicator column, from which no form is read, is prose or a heading).
    """
    signals = []
    for number, text in enumerate(texts, start=1):
        flat = squeezed(text)
        table = is_target_page(text)
        if _SELF_EVALUATION_SUMMARY in flat and not table:
            signals.append(PageSignal(number, False, "self_evaluation_summary", ()))
            continue
        if not table and not any(w in flat for w in TARGET_TITLE):
            continue
        signals.append(PageSignal(number, table, _other_kind(flat, table), _title_lines(text)))
    return tuple(signals)


_TITLE_LINE_CHARS = 60
_SENTENCE = re.compile(r"[，。；：:,;]")


def _title_lines(text: str) -> tuple[str, ...]:
    """The page's lines that read as a target table's title: short, naming the table, no
    sentence punctuation (a note 「注：…绩效目标表」 or prose is no title)."""
    lines = (squeezed(line) for line in text.splitlines())
    return tuple(line for line in lines
                 if len(line) <= _TITLE_LINE_CHARS and not _SENTENCE.search(line)
                 and any(w in line for w in TARGET_TITLE))


def _other_kind(flat: str, table: bool) -> str | None:
    """What a signal page is when no form is read from it, judged from its text alone."""
    if _SELF_EVALUATION in flat and table:
        return "self_evaluation"
    if "是否空表" in flat or "目录" in flat[:_CONTENTS_HEAD]:
        return "contents"
    if not table:
        return "prose"
    return None


def document_facts(texts: Sequence[str], pages_read: Sequence[int]) -> DocumentFacts:
    """Fiscal year and department from the cover or first title (「2026年XX局部门预算」).

    The department stands between the year and 部门预算, or before the year; a
    ``（汇总）`` mark after it is dropped.
    """
    for text in texts[:2]:
        flat = _COVER_PAGE_NUMBER.sub("", squeezed(text))[:_COVER_CHARS]
        match = _COVER.search(flat)
        if match is None:
            continue
        department = match.group(2) or flat[: match.start()]
        department = _SUMMARY_MARK.sub("", department).strip("：:，,、")
        return DocumentFacts(
            fiscal_year=int(match.group(1)),
            department=department or None,
            title=match.group(0) if match.group(2) else flat[: match.end()],
            pages_read=tuple(pages_read),
            pages_total=len(texts),
        )
    return DocumentFacts(pages_read=tuple(pages_read), pages_total=len(texts))


def _check_has_text(texts: Sequence[str]) -> None:
    if not any(t.strip() for t in texts):
        _check_text(0, 0)


def _layout(data: bytes, pages: list[int]) -> tuple[list[Item], list[str], tuple[int, int]]:
    """Items of the wanted pages in reading order, notes, (chars, unmapped chars).

    Pages are read one at a time through PDFium (``PdfiumPage``) and closed, so memory
    stays bounded on long disclosures.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except Exception as err:
        raise _open_error(err) from err
    items: list[Item] = []
    notes: list[str] = []
    chars = unmapped = 0
    try:
        for number in pages:
            if 1 <= number <= len(document):
                page_items, page_notes, counts = _read_page(data, document, number)
                items.extend(page_items)
                notes.extend(page_notes)
                chars, unmapped = chars + counts[0], unmapped + counts[1]
    finally:
        document.close()
    return items, notes, (chars, unmapped)


def _read_page(data: bytes, document: Any, number: int
               ) -> tuple[list[Item], list[str], tuple[int, int]]:
    """One page's items and notes, (characters, characters without a Unicode mapping).

    PDFium reads the page unless it cannot give every text string of it its text; then
    pdfminer does (slower, but it reads such fonts).
    """
    try:
        page = document[number - 1]
    except Exception as err:
        raise _page_error(number, err) from err
    try:
        if reads_every_string(page):
            laid = PdfiumPage(page, number)
            page_chars = laid.chars
            page_items, page_notes = page_layout(laid)
        else:
            page_items, page_notes, page_chars = _read_page_with_pdfminer(data, number)
    except ReadError:
        raise
    except Exception as err:  # a broken content stream surfaces only here
        raise _page_error(number, err) from err
    finally:
        page.close()
    if not page_chars:
        page_notes = [f"page {number} has no text layer (scanned?)", *page_notes]
    unmapped = sum(1 for c in page_chars if _unmapped(c["text"]))
    return page_items, page_notes, (len(page_chars), unmapped)


def _read_page_with_pdfminer(data: bytes, number: int
                             ) -> tuple[list[Item], list[str], list[dict[str, Any]]]:
    """The page's items, notes and characters as pdfplumber reads it through pdfminer."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data), pages=[number])
    except Exception as err:  # pdfplumber wraps every pdfminer failure in PdfminerException
        raise _open_error(err) from err
    with pdf:
        page = pdf.pages[0]
        try:
            chars = page.chars
            seat_on_baseline(chars, page.height)
            items, notes = page_layout(page)
        finally:
            page.close()
    return items, notes, chars


_BELOW_BASELINE = 0.1  # of the size: a glyph box whose top is lower stands under its line
_DESCENT = 0.2  # of the size: how far an ordinary glyph reaches below its baseline


def seat_on_baseline(chars: list[dict[str, Any]], page_height: float) -> None:
    """Put glyph boxes hung below their baseline back on it (in place).

    pdfminer takes a glyph's height from its font's ascent and descent; a font that
    declares no ascent (重庆: the digits' font of a goal cell) gets boxes that start at
    the baseline and reach a whole size below it, so its digits sit half a line lower
    than the characters beside them: read by position they fall out of their line, even
    into the row under the cell (「不低于 全市生产新能源汽车 万辆」, 「5%, 120 , 100 ,」).
    An upright glyph whose box starts at or under its baseline is moved up to reach as
    far below the baseline as ordinary glyphs do.
    """
    for char in chars:
        if not char.get("upright", True) or "matrix" not in char:
            continue
        size = char["bottom"] - char["top"]
        baseline = page_height - char["matrix"][5]
        if size <= 0 or char["top"] < baseline - _BELOW_BASELINE * size:
            continue
        shift = char["bottom"] - (baseline + _DESCENT * size)
        for key in ("top", "bottom", "doctop"):
            char[key] -= shift
        for key in ("y0", "y1"):
            char[key] += shift


def _unmapped(text: str) -> bool:
    """A character its font gives no Unicode for: a replacement or private-use code."""
    return text == "\ufffd" or "\ue000" <= text <= "\uf8ff" or text.startswith("(cid:")


def _open_error(err: Exception) -> ReadError:
    cause = err.args[0] if err.args and isinstance(err.args[0], Exception) else err
    if ("Encryption" in type(cause).__name__ or "Password" in type(cause).__name__
            or "password" in str(cause).lower()):
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


def _check_text(chars: int, unmapped: int) -> None:
    """Refuse files whose pages carry no usable text: they need OCR, not parsing."""
    if chars == 0:
        raise ReadError(
            "no_text_layer",
            "the PDF has no text layer (a scanned PDF, needs OCR); run OCR on it first or "
            "ask for the original export",
        )
    if unmapped > chars / 2:
        raise ReadError(
            "no_text_layer",
            "the PDF's text has no Unicode mapping (fonts without ToUnicode: the text reads "
            "as replacement or private-use characters); it needs OCR, or an export with "
            "embedded Unicode fonts",
        )


