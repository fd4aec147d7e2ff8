"""Cell grids for the parser's unit tests, written as tab-separated lines."""

from __future__ import annotations

from pipelines.read.grid import DocumentFacts, Grid
from pipelines.read.text import read_tsv


def grid(lines: list[str], document: DocumentFacts | None = None) -> Grid:
    """The grid a text export of ``lines`` reads as, with the document's facts if given."""
    (read,) = read_tsv("\n".join(lines).encode(), "forms.txt")
    return Grid(source=read.source, rows=read.rows, document=document)
