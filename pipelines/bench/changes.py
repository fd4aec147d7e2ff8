"""Corrections for incremental benchmark runs: a share of the corpus's files rewritten.

A unit correcting a form changes a few values, not the layout: the first form's fund totals
grow by one amount (so the sums still hold) and its first ``≥`` target moves.  The edit
works on the written files (text, HTML, workbooks), not on the plan.
"""

from __future__ import annotations

import html
import random
import re
from decimal import Decimal
from pathlib import Path

from pipelines.bench.render import AMOUNT, html_cell, save_workbook
from pipelines.bench.specs import format_amount


def change_files(root: Path, fraction: float, seed: int) -> list[Path]:
    """Rewrite about ``fraction`` of the files under ``root`` as a unit correcting a form:
    in each, the first form's four fund totals grow by the same amount (so the sums still
    hold) and its first ``≥`` target moves.  Files with no form to change (malformed) are
    skipped.  The same root, fraction and seed change the same files the same way."""
    paths = sorted(p for p in root.rglob("*") if p.is_file())
    rng = random.Random(seed)
    order = list(paths)
    rng.shuffle(order)
    wanted = round(fraction * len(paths))
    changed: list[Path] = []
    for path in order:
        if len(changed) >= wanted:
            break
        if _change_file(path, rng):
            changed.append(path)
    return sorted(changed)


def _change_file(path: Path, rng: random.Random) -> bool:
    delta = 100 * (1 + int(rng.random() * 500))  # fen; whole 元 (and whole 100 元 for 万元)
    step = 1 + int(rng.random() * 3)
    if path.suffix == ".xlsx":
        return _change_xlsx(path, delta, step)
    data = path.read_bytes()
    if not data or b"\x00" in data[:64]:
        return False
    bom = data.startswith(b"\xef\xbb\xbf")
    text, encoding = _decode(data[3:] if bom else data)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    edit = _CellEdit(delta, step)
    if path.suffix == ".html":
        lines = [_edit_html_row(line, edit) if line.startswith("<tr>") else line
                 for line in lines]
    else:
        lines = ["\t".join(edit.row(line.split("\t"))) for line in lines]
    if not edit.done:
        return False
    out = newline.join(lines).encode(encoding)
    path.write_bytes(b"\xef\xbb\xbf" + out if bom else out)
    return True


def _decode(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace"), "gb18030"


_TD = re.compile(r"<td>(.*?)</td>")


def _edit_html_row(line: str, edit: _CellEdit) -> str:
    cells = [html.unescape(c) for c in _TD.findall(line)]
    new = edit.row(cells)
    if new == cells:
        return line
    return "<tr>" + "".join(f"<td>{html_cell(c)}</td>" for c in new) + "</tr>"


_GE_TARGET = re.compile(r"^≥(\d+)")


class _CellEdit:
    """Edits rows of the first form: amounts of the 项目资金总额 and 财政资金 rows, then
    the first ``≥`` target after them; ``done`` when both were changed.  Relies on the
    generator's layout (label and value in the same row), not on the parser."""

    def __init__(self, delta_fen: int, step: int) -> None:
        self.delta = delta_fen
        self.step = step
        self.unit: str | None = None
        self.amount_rows = 0
        self.named = False  # a form without 项目名称 is malformed: left as it is
        self.done = False

    def row(self, cells: list[str]) -> list[str]:
        if self.done or not cells:
            return cells
        if cells[0] == "项目名称" and self.amount_rows == 0:
            self.named = len(cells) > 1 and bool(cells[1].strip())
        if self.named and self.amount_rows < 2 and any(
                c.endswith(("项目资金总额", "财政资金")) for c in cells):
            if self.unit is None:
                self.unit = "万元" if "万元" in cells[0] else "元"
            self.amount_rows += 1
            return [self._amount(c) for c in cells]
        if self.amount_rows == 2:
            for i, cell in enumerate(cells):
                match = _GE_TARGET.match(cell)
                if match:
                    value = int(match.group(1))
                    new = value - self.step if value + self.step > 100 else value + self.step
                    self.done = True
                    return [*cells[:i], f"≥{new}{cell[match.end():]}", *cells[i + 1:]]
        return cells

    def _amount(self, cell: str) -> str:
        if not AMOUNT.match(cell):
            return cell
        unit = self.unit or "元"
        fen = int(cell.replace(",", "").replace(".", "")) * (10_000 if unit == "万元" else 1)
        return format_amount(fen + self.delta * (100 if unit == "万元" else 1), unit)

    def value(self, value: object) -> object:
        """The same edit on a typed workbook cell."""
        if isinstance(value, str):
            return self.row([value])[0]
        if isinstance(value, float) and self.unit == "元":
            return float(Decimal(repr(value)) + Decimal(self.delta) / 100)
        return value


def _change_xlsx(path: Path, delta: int, step: int) -> bool:
    import openpyxl

    book = openpyxl.load_workbook(path)
    edit = _CellEdit(delta, step)
    for row in book.worksheets[0].iter_rows():
        texts = ["" if c.value is None else str(c.value) for c in row]
        before = edit.amount_rows
        new = edit.row(texts)
        for cell, old, text in zip(row, texts, new, strict=True):
            if edit.amount_rows > before and isinstance(cell.value, float):
                cell.value = edit.value(cell.value)
            elif text != old:
                cell.value = text
                cell.data_type = "s"
        if edit.done:
            break
    if not edit.done:
        return False
    path.write_bytes(save_workbook(book))
    return True
