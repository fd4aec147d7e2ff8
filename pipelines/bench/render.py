"""The bytes of one planned file: tab-separated text, HTML, a workbook or a malformed file.

Text as the sample exports it (UTF-8 or GB18030, LF or CRLF, optionally a BOM); HTML with
one ``<table>`` per form; workbooks written with openpyxl (one sheet per form or all on one
sheet, merged title, label and level cells, typed amounts and dates) and saved with fixed
times, so the same plan gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import random
import re
import zipfile

from pipelines.bench.specs import Cells, FileSpec, FormSpec
from pipelines.bench.vocabulary import P_CENTER, TITLE, WIDTH


def _title_lines(form: FormSpec) -> list[str]:
    year = f"({form.fiscal_year}年度)"
    if form.title_style == 0:
        return [P_CENTER.format(TITLE), P_CENTER.format(year)]
    if form.title_style == 1:
        return [TITLE, year]
    return [f"{P_CENTER.format(TITLE)} {P_CENTER.format(year)}"]


_PAD = "\t" * (WIDTH - 1)


def render_text(spec: FileSpec) -> bytes:
    """Tab-separated export like the sample: blank lines between forms, UTF-8 or GB18030,
    LF or CRLF, optionally with a BOM."""
    lines = [""] * (len(spec.path) % 3)  # some exports start with blank lines
    for form in spec.forms:
        lines += [t + _PAD for t in _title_lines(form)]
        lines += ["\t".join(row) for row in form.rows]
        lines.append("")
    newline = "\r\n" if spec.kind == "crlf" else "\n"
    text = newline.join(lines)
    if spec.kind == "gb18030":
        return text.encode("gb18030")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if spec.kind == "bom" else data


def html_cell(text: str) -> str:
    """A cell's HTML: goal paragraphs (``<p>…</p>``) are markup already, the rest is text."""
    return text if text.startswith("<p>") else html.escape(text, quote=False)


def render_html(spec: FileSpec) -> bytes:
    """A page with the title lines as paragraphs and one ``<table>`` per form."""
    out = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>项目绩效目标</title>'
           "</head><body>"]
    for form in spec.forms:
        styled = form.title_style != 1
        for line in (TITLE, f"({form.fiscal_year}年度)"):
            out.append(P_CENTER.format(line) if styled else f"<p>{line}</p>")
        out.append('<table border="1">')
        out += ["<tr>" + "".join(f"<td>{html_cell(c)}</td>" for c in row) + "</tr>"
                for row in form.rows]
        out.append("</table>")
    out.append("</body></html>\n")
    return "\n".join(out).encode("utf-8")


AMOUNT = re.compile(r"^\d{1,3}(,\d{3})*\.\d{2}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _sheet_rows(form: FormSpec) -> list[Cells]:
    return [(TITLE,), (f"({form.fiscal_year}年度)",), *form.rows]


def _merges(rows: list[Cells], top: int) -> list[str]:
    """Merged ranges as a workbook export draws them: titles across the form, and label
    and level cells (first three columns) down over the blank cells below them."""
    ranges = [f"A{top}:G{top}", f"A{top + 1}:G{top + 1}"]
    for col, letter in enumerate("ABC"):
        r = 2
        while r < len(rows):
            if not rows[r][col]:
                r += 1
                continue
            end = r
            while end + 1 < len(rows) and not rows[end + 1][col]:
                end += 1
            if end > r:
                ranges.append(f"{letter}{top + r}:{letter}{top + end}")
            r = end + 1
    return ranges


def _xl_value(sheet: object, text: str, typed: bool, money: str) -> object:
    """A cell value: text stays text (``=100.00(%)`` is no formula); with ``typed``,
    amounts of 元 forms as numbers and dates as dates, as a person types them."""
    from openpyxl.cell import WriteOnlyCell

    if not text:
        return None
    if typed and money == "元" and AMOUNT.match(text):
        cell = WriteOnlyCell(sheet, float(text.replace(",", "")))
        cell.number_format = "#,##0.00"
        return cell
    if typed and _DAY.match(text):
        return dt.date.fromisoformat(text)
    if text[0] == "=":
        cell = WriteOnlyCell(sheet, text)
        cell.data_type = "s"
        return cell
    return text


def render_xlsx(spec: FileSpec) -> bytes:
    """A workbook (openpyxl, write-only for speed): one sheet per form, or every form on one
    sheet with a blank row between them; merged title, label and level cells."""
    import openpyxl
    from openpyxl.worksheet.cell_range import CellRange

    book = openpyxl.Workbook(write_only=True)
    sheet = None
    top = 1
    for i, form in enumerate(spec.forms, start=1):
        if sheet is None or spec.kind != "xlsx-stacked":
            sheet = book.create_sheet("全部" if spec.kind == "xlsx-stacked" else f"表{i}")
            top = 1
        rows = _sheet_rows(form)
        for row in rows:
            sheet.append([_xl_value(sheet, c, spec.typed, form.money_unit) for c in row])
        for ref in _merges(rows, top):
            sheet.merged_cells.ranges.add(CellRange(ref))  # .add() would rescan every range
        top += len(rows) + 1
        sheet.append([])
    return save_workbook(book)


_ZIP_TIME = (2026, 1, 1, 0, 0, 0)


class _StableZip(zipfile.ZipFile):
    """A zip whose members carry a fixed time stamp: openpyxl stamps them with the
    current time (and sheet files with their temp file's mtime), which would make the
    same workbook differ byte-wise from run to run."""

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: bytes | str,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: str | os.PathLike[str], arcname: str | None = None,
              compress_type: int | None = None, compresslevel: int | None = None) -> None:
        with open(filename, "rb") as handle:
            self.writestr(arcname or os.fspath(filename), handle.read(), compress_type,
                          compresslevel)


def save_workbook(book: object) -> bytes:
    """The workbook's bytes, identical for identical content (fixed document and member
    times), unlike ``Workbook.save``."""
    from openpyxl.writer.excel import ExcelWriter

    stamp = dt.datetime(*_ZIP_TIME)
    book.properties.created = book.properties.modified = stamp  # type: ignore[attr-defined]
    out = io.BytesIO()
    ExcelWriter(book, _StableZip(out, "w", zipfile.ZIP_DEFLATED)).save()
    return out.getvalue()


NO_FORM_TEXT = ("{unit}\n2025年部门预算项目支出明细\n序号\t项目\t金额（元）\n1\t日常公用经费\t"
                "120,000.00\n2\t设备维护\t35,000.00\n说明：本文件为预算明细，不含申报内容。\n")


def render(spec: FileSpec) -> bytes:
    """The bytes of one file."""
    if spec.kind == "empty":
        return b""
    if spec.kind == "binary":
        garbage = random.Random(spec.seed).getrandbits(8 * 2048).to_bytes(2048, "little")
        return b"\x00\x00\x17\x03" + garbage
    if spec.kind == "no-form":
        return NO_FORM_TEXT.format(unit=spec.path.rsplit("/", 1)[-1]).encode("utf-8")
    if spec.kind in ("xlsx", "xlsx-stacked"):
        return render_xlsx(spec)
    if spec.kind == "html":
        return render_html(spec)
    return render_text(spec)
