"""pdfplumber pages whose characters and ruling lines come from PDFium.

pdfplumber's table finder and text extraction are what the forms need, but pdfplumber
reads a page through pdfminer, which interprets the page's content stream in Python:
0.05-0.5 s a page on disclosures, densely ruled tables (the wide 长沙 form) costing the
most.  PDFium (the C++ engine of Chromium, through pypdfium2) reads the same page in a
few milliseconds.  ``PdfiumPage`` is a pdfplumber ``Page`` whose objects are built from
PDFium: every character with its box, font and size, and every path as ruling lines
and rectangles, so ``find_tables``, ``extract_text_lines``, ``filter`` and the rest work
unchanged.  The twelve disclosures in the tests give the same tables either way.

Not carried: curves (never a table edge here), rotated text (every character is taken
as upright; rotated pages are not handled anyway), colours and marked content.

PDFium is given no system fonts (``forget_system_fonts``, on import): what it reads of a
string in a font the file does not embed would otherwise depend on the fonts installed
on the machine that reads it.
"""

from __future__ import annotations

import ctypes
import math
from functools import lru_cache
from typing import Any

import pypdfium2.raw as raw
from pdfplumber.page import Page

_AXIS = 0.01  # a segment this close to horizontal or vertical is a ruling line
_NAME_BYTES = 128
_EMPTY_TEXT_BYTES = 2  # UTF-16 text of a text object: only its terminating NUL
_DESCENT = -0.15  # below the baseline, in font sizes: about what CJK fonts declare
# Codes PDFium gives where there is no character (NUL, line breaks it inserts, 0xFFFE).
_NOT_TEXT = frozenset({0, 10, 13, 0xFFFE})

_Point = tuple[float, float, int, bool]
_Object = dict[str, Any]


def forget_system_fonts() -> None:
    """Take PDFium's system font list away, so a non-embedded font is always replaced
    by one of the fonts built into PDFium.

    On Linux PDFium substitutes a font a PDF names but does not ship with a font found
    under /usr/share/fonts.  With a CJK font there (every Chinese desktop has one), it
    reads one-character strings in a non-embedded CJK font that it drops without one
    (``reads_every_string``), so the same PDF gave other rows on another machine.
    Without a font list PDFium always drops them, and those pages always go to
    pdfminer, which never looks at installed fonts.  The setting is the library's,
    for the whole process: made when this module is imported, so in every worker
    process before its first document.  Passing no font info is the documented way
    to remove it (pypdfium2 does the same when it closes a font handler).
    """
    raw.FPDF_SetSystemFontInfo(None)


forget_system_fonts()


class _Settings:
    """The few document settings a pdfplumber Page reads from its PDF."""

    unicode_norm = None
    laparams = None
    raise_unicode_errors = False


class PdfiumPage(Page):
    """A pdfplumber Page (table finder, text extraction, filters) fed by PDFium objects."""

    def __init__(self, page: Any, page_number: int) -> None:
        """``page`` is a pypdfium2 page; it is read once, here."""
        self.pdf = _Settings()  # type: ignore[assignment]
        self.root_page = self
        self.page_obj = None  # no pdfminer page behind it
        self.page_number = page_number
        self.initial_doctop = 0
        self.rotation = 0
        width, height = page.get_size()
        self.mediabox = self.cropbox = self.bbox = (0, 0, width, height)
        self.get_textmap = lru_cache()(self._get_textmap)
        self._objects = {"char": _chars(page, height, page_number),
                         **_paths(page, height, page_number)}

    @property
    def objects(self) -> dict[str, list[_Object]]:
        return self._objects


def _chars(page: Any, height: float, page_number: int) -> list[_Object]:
    """Every character of the text layer with its box, font name and size; characters
    PDFium inserts are left out."""
    textpage = page.get_textpage()
    chars = []
    name = ctypes.create_string_buffer(_NAME_BYTES)
    flags = ctypes.c_int()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    matrix = raw.FS_MATRIX()
    try:
        for index in range(textpage.count_chars()):
            code = raw.FPDFText_GetUnicode(textpage.raw, index)
            if raw.FPDFText_IsGenerated(textpage.raw, index) or code in _NOT_TEXT:
                continue
            box = raw.FS_RECTF()
            raw.FPDFText_GetLooseCharBox(textpage.raw, index, box)
            raw.FPDFText_GetCharOrigin(textpage.raw, index, origin_x, origin_y)
            raw.FPDFText_GetFontInfo(textpage.raw, index, name, _NAME_BYTES, flags)
            raw.FPDFText_GetMatrix(textpage.raw, index, matrix)
            # the font size as drawn: the size set for the font times the text matrix's
            # vertical scale (a font set at 340 and scaled by 0.044 is drawn at 15)
            size = raw.FPDFText_GetFontSize(textpage.raw, index) * math.hypot(matrix.c, matrix.d)
            chars.append(_char(chr(code), (box.left, box.right), origin_y.value, size,
                               height, page_number, name.value.decode("utf-8", "replace")))
    finally:
        textpage.close()
    return chars


def _char(text: str, span: tuple[float, float], baseline: float, size: float,
          height: float, page_number: int, font: str) -> _Object:
    """A character box as pdfminer draws it: its advance across, one font size high
    from just under the baseline, so characters of different fonts on one line (a
    Latin quote among Chinese) share their top and bottom and stay on that line."""
    y0 = baseline + _DESCENT * size
    y1 = y0 + size
    x0, x1 = span
    return {
        "object_type": "char", "page_number": page_number, "text": text,
        "fontname": font, "size": size, "upright": True,
        "x0": x0, "x1": x1, "top": height - y1, "bottom": height - y0, "doctop": height - y1,
        "y0": y0, "y1": y1, "width": x1 - x0, "height": size, "adv": x1 - x0,
    }


def _transform(matrix: Any, x: float, y: float) -> tuple[float, float]:
    """A point of a path object in page space (PDF units, origin bottom left)."""
    a, b, c, d, e, f = matrix.get()
    return a * x + c * y + e, b * x + d * y + f


def _path_points(obj: Any, height: float) -> list[_Point]:
    """(x, top, segment type, closes) of every segment of a path, in page space."""
    matrix = obj.get_matrix()
    x, y = ctypes.c_float(), ctypes.c_float()
    points = []
    for k in range(raw.FPDFPath_CountSegments(obj.raw)):
        segment = raw.FPDFPath_GetPathSegment(obj.raw, k)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        px, py = _transform(matrix, x.value, y.value)
        points.append((px, height - py, raw.FPDFPathSegment_GetType(segment),
                       bool(raw.FPDFPathSegment_GetClose(segment))))
    return points


def _paths(page: Any, height: float, page_number: int) -> dict[str, list[_Object]]:
    """Ruling lines and rectangles of every path, nested form objects included.

    A closed four-corner axis-aligned path is a rectangle (what pdfminer reports for the
    ``re`` operator); any other path gives one line per horizontal or vertical segment.
    """
    lines: list[_Object] = []
    rects: list[_Object] = []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=15):
        points = _path_points(obj, height)
        rect = _as_rect(points)
        if rect is not None:
            rects.append(_box("rect", *rect, page_number))
        else:
            lines.extend(_segments(points, page_number))
    return {"line": lines, "rect": rects, "curve": []}


def _segments(points: list[_Point], page_number: int) -> list[_Object]:
    """The straight segments of a path (closing ones included) as line objects."""
    found: list[_Object] = []
    start = previous = None
    for px, py, kind, closes in points:
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = previous = (px, py)
            continue
        if previous is not None and kind == raw.FPDF_SEGMENT_LINETO:
            found.extend(_line(previous, (px, py), page_number))
        previous = (px, py)
        if closes and start is not None:
            found.extend(_line(previous, start, page_number))
            previous = start
    return found


def _as_rect(points: list[_Point]) -> tuple[float, float, float, float] | None:
    if len(points) not in (4, 5) or points[0][2] != raw.FPDF_SEGMENT_MOVETO:
        return None
    if any(kind != raw.FPDF_SEGMENT_LINETO for _, _, kind, _ in points[1:]):
        return None
    xs = sorted({round(p[0], 2) for p in points})
    ys = sorted({round(p[1], 2) for p in points})
    if len(xs) > 2 or len(ys) > 2:
        return None
    return xs[0], ys[0], xs[-1], ys[-1]


def _line(a: tuple[float, float], b: tuple[float, float], page_number: int) -> list[_Object]:
    """A horizontal or vertical segment as a line object; a diagonal one is no edge."""
    if abs(a[0] - b[0]) > _AXIS and abs(a[1] - b[1]) > _AXIS:
        return []
    x0, x1 = sorted((a[0], b[0]))
    top, bottom = sorted((a[1], b[1]))
    if abs(a[1] - b[1]) <= _AXIS:
        top = bottom = a[1]
    return [_box("line", x0, top, x1, bottom, page_number)]


def _box(kind: str, x0: float, top: float, x1: float, bottom: float,
         page_number: int) -> _Object:
    return {"object_type": kind, "page_number": page_number, "x0": x0, "x1": x1,
            "top": top, "bottom": bottom, "doctop": top, "width": x1 - x0,
            "height": bottom - top, "y0": 0, "y1": 0, "stroke": True, "fill": False,
            "pts": [(x0, top), (x1, bottom)]}


def reads_every_string(page: Any) -> bool:
    """False when PDFium gives a string in a font that is not embedded no text at all.

    PDFium computes zero widths for the glyphs of some fonts that are named but not
    shipped in the file (a CJK font such as reportlab's STSong-Light) and then leaves
    those characters out of the page's text: a one-character string vanishes.  Such a
    page is read with pdfminer instead.  Without system fonts (``forget_system_fonts``)
    this holds on every machine; with a CJK font installed PDFium would read them.  (An
    empty string in an embedded font is a blank cell's padding, which pdfminer reads as
    nothing either.)
    """
    textpage = page.get_textpage()
    try:
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=15):
            empty = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0) <= _EMPTY_TEXT_BYTES
            if empty and not raw.FPDFFont_GetIsEmbedded(raw.FPDFTextObj_GetFont(obj.raw)):
                return False
        return True
    finally:
        textpage.close()
