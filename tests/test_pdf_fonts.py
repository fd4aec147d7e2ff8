"""The rows read from a PDF do not depend on the fonts installed on the machine.

PDFium substitutes a font a PDF names but does not embed with a font of the machine;
with a CJK font installed it read strings it drops without one, so a Chinese desktop
and CI gave different rows.  These tests make a folder holding a font that claims
Chinese visible to PDFium (as an installed font is: PDFium on Linux scans font folders,
not fontconfig) in a fresh process, and compare what the reader gives there with what
it gives here.  CI has no CJK font, so the font is made on the spot: reportlab's Vera
with a character map for the page's characters and the GB2312 code-page bit set.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.read.pdf import page_texts, read_pdf

_LINES = ["2026年项目支出绩效目标表", "项目名称 甲", "一级指标 二级指标 三级指标 指标值"]
_GB2312 = 1 << 18  # OS/2 ulCodePageRange1 bit PDFium reads as "supports Chinese"

# Run in a fresh process: PDFium is initialised again with only the given font folder,
# then reads the PDF once directly (is the font seen at all?) and once through the reader.
_READ_WITH_FONT_FOLDER = """
import ctypes, json, sys
import pypdfium2 as pdfium
import pypdfium2.raw as raw
paths = (ctypes.c_char_p * 2)(sys.argv[1].encode(), None)
raw.FPDF_DestroyLibrary()
raw.FPDF_InitLibraryWithConfig(raw.FPDF_LIBRARY_CONFIG(
    version=2, m_pUserFontPaths=ctypes.cast(paths, ctypes.POINTER(ctypes.POINTER(ctypes.c_char))),
    m_pIsolate=None, m_v8EmbedderSlot=0))
data = open(sys.argv[2], "rb").read()
document = pdfium.PdfDocument(data)
page = document[0]
textpage = page.get_textpage()
direct = textpage.get_text_range()
textpage.close(); page.close(); document.close()
from pipelines.read.pdf import page_texts, read_pdf
(grid,) = read_pdf(data, "forms.pdf")
print(json.dumps({"direct": direct, "texts": page_texts(data),
                  "rows": [list(r.cells) for r in grid.rows]}))
"""


def _page_drawn_one_character_at_a_time() -> bytes:
    """A form page whose every character is its own string in reportlab's non-embedded
    CJK font STSong-Light: the strings PDFium reads only with a CJK font at hand."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("STSong-Light", 12)
    for n, line in enumerate(_LINES):
        for k, char in enumerate(line):
            page.drawString(40 + 13 * k, 760 - 20 * n, char)
    page.showPage()
    page.save()
    return out.getvalue()


def _font_claiming_chinese(chars: str) -> bytes:
    """reportlab's Vera.ttf mapping ``chars`` to one of its glyphs, declared as covering
    GB2312: enough for PDFium to take it as the substitute of a Chinese font.

    A new format-4 character map (one segment per character) is appended and the
    table directory pointed at it; checksums are left stale (neither PDFium nor
    FreeType checks them).
    """
    import reportlab

    data = bytearray((Path(reportlab.__file__).parent / "fonts" / "Vera.ttf").read_bytes())
    cmap = _cmap_format4(sorted({ord(c) for c in chars}), glyph=36)
    for at in range(12, 12 + 16 * struct.unpack(">H", data[4:6])[0], 16):
        tag, _, offset, _ = struct.unpack(">4sIII", data[at:at + 16])
        if tag == b"OS/2":
            ranges = struct.unpack(">I", data[offset + 78:offset + 82])[0]
            data[offset + 78:offset + 82] = struct.pack(">I", ranges | _GB2312)
        elif tag == b"cmap":
            data[at + 8:at + 16] = struct.pack(">II", len(data), len(cmap))
    return bytes(data + cmap)


def _cmap_format4(codes: list[int], glyph: int) -> bytes:
    """A cmap table (Windows Unicode BMP) sending every code to ``glyph``."""
    codes = [*codes, 0xFFFF]  # the closing segment every format-4 map ends with
    ends = b"".join(struct.pack(">H", c) for c in codes)
    deltas = b"".join(struct.pack(">H", (glyph - c) % 0x10000 if c != 0xFFFF else 1)
                      for c in codes)
    body = ends + b"\0\0" + ends + deltas + b"\0\0" * len(codes)
    header = struct.pack(">7H", 4, 14 + len(body), 0, 2 * len(codes), 0, 0, 0)
    return struct.pack(">HHHHI", 0, 1, 3, 1, 12) + header + body


def _read_with_font_folder(folder: Path, pdf: Path) -> dict:
    repo = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", _READ_WITH_FONT_FOLDER, str(folder), str(pdf)],
                          cwd=repo, capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def test_a_cjk_font_on_the_machine_changes_no_row(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    data = _page_drawn_one_character_at_a_time()
    pdf = tmp_path / "forms.pdf"
    pdf.write_bytes(data)
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "chinese.ttf").write_bytes(_font_claiming_chinese("".join(_LINES)))

    there = _read_with_font_folder(fonts, pdf)

    # the font is seen: PDFium left to itself reads the strings it drops without one
    assert "项目" in there["direct"]
    (grid,) = read_pdf(data, "forms.pdf")
    assert there["texts"] == page_texts(data)
    assert there["rows"] == [list(r.cells) for r in grid.rows]
    assert any("项目支出绩效目标表" in "".join(cells).replace(" ", "") for cells in there["rows"])
