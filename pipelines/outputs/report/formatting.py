"""How a value is written on the page: escaped text, exact 元 and 万元/亿元, counts, shares,
text cut to a chart's width, and links from the report's folder to the forms in raw/."""

from __future__ import annotations

import html
import os
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

from pipelines.outputs.report.data import Row
from pipelines.read.grid import page_of
from pipelines.read.locators import place_label

FONT_SIZE = 13


def esc(value: object) -> str:
    """HTML-escape any value, quotes included, so form text can sit in text and attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def yuan(amount: Decimal | None) -> str:
    """An exact amount in 元 with thousands separators (``2,248,723.84``)."""
    return f"{(amount or Decimal(0)):,.2f}"


WAN, YI = Decimal(10_000), Decimal(100_000_000)


def money(amount: Decimal | None) -> str:
    """An amount as a finance reader says it: 亿元 from a hundred million, else 万元, two
    decimals (``224.87 万元``, ``83.89 亿元``); the exact 元 are printed beside it in tables."""
    value = amount or Decimal(0)
    if abs(value) >= YI:
        return f"{value / YI:,.2f} 亿元"
    return f"{value / WAN:,.2f} 万元"


def num(count: int | Decimal) -> str:
    """A count with thousands separators (``1,000,012``)."""
    return f"{int(count):,}"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def _text_width(text: str, size: float = FONT_SIZE) -> float:
    """Rough rendered width: CJK glyphs are about one em, Latin about 0.6 em."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.6 for ch in text)


def fit(text: str, width: float, size: float = FONT_SIZE) -> str:
    """Cut ``text`` to about ``width`` pixels with an ellipsis (SVG text never wraps)."""
    if _text_width(text, size) <= width:
        return text
    while text and _text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def source_href(source_file: str, raw: Path, report_dir: Path) -> str:
    """A link from the report's folder to ``raw/<source_file>``, percent-encoded.

    Relative, so it works from file:// and over HTTP alike; encoding every ``:`` and ``#``
    means a stored path can never become a ``javascript:`` URL or lose its tail.
    """
    target = os.path.abspath(raw / source_file)
    relative = os.path.relpath(target, os.path.abspath(report_dir))
    return quote(Path(relative).as_posix(), safe="/")


def source_link(source_file: str, locator: str | None, raw: Path, report_dir: Path) -> str:
    """``source_href`` with ``#page=N`` for a PDF whose locator names the page, so the
    browser's viewer opens the form itself."""
    href = source_href(source_file, raw, report_dir)
    page = page_of(locator or "") if source_file.lower().endswith(".pdf") else None
    return href if page is None else f"{href}#page={page}"


def source_cell(row: Row, raw: Path, report_dir: Path) -> str:
    """A table's 来源 cell: the file linked to its form, and the place in it spelled out
    under the link, so a reader can find the form without opening the file."""
    href = source_link(row["source_file"], row["source_locator"], raw, report_dir)
    where = place_label(row["source_locator"], row["source_line"])
    return (f'<td class="source"><a href="{esc(href)}">{esc(row["source_file"])}</a>'
            f'<div class="meta">{esc(where)}</div></td>')
