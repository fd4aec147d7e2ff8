"""Turn any supported file into cell grids.

The format is decided from the content (magic bytes, then the shape of the text), with
the file suffix only as a tie-breaker, because exported files are often misnamed
(an HTML page saved as ``.xls``, a TSV saved as ``.txt``).  Every reader has the same
signature ``(data: bytes, source: str) -> list[Grid]`` and raises ``ReadError`` for a
file it cannot read, so the parser never sees format details.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from pathlib import PurePath

from pipelines.read.errors import ReadError
from pipelines.read.grid import Grid
from pipelines.read.text import decode_text, looks_binary

__all__ = ["READERS", "ReadError", "read_grids", "sniff_format"]

Reader = Callable[[bytes, str], list[Grid]]

# format -> "module:function"; modules are imported on first use so that a missing
# optional library only affects files of that format.
READERS: dict[str, str] = {
    "tsv": "pipelines.read.text:read_tsv",
    "csv": "pipelines.read.csv_reader:read_csv",
    "html": "pipelines.read.html_table:read_html",
    "markdown": "pipelines.read.markdown:read_markdown",
    "xlsx": "pipelines.read.xlsx:read_xlsx",
    "xls": "pipelines.read.xlsx:read_xlsx",
    "docx": "pipelines.read.docx_reader:read_docx",
    "pdf": "pipelines.read.pdf:read_pdf",
}

_IMAGE_MAGIC = {
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"II*\x00": "TIFF image",
    b"MM\x00*": "TIFF image",
    b"BM": "BMP image",
}
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$", re.MULTILINE)


def sniff_format(data: bytes, source: str) -> str:
    """Name of the reader for ``data`` (a key of READERS); ReadError if none fits."""
    suffix = PurePath(source).suffix.lower()
    if not data.strip():
        raise ReadError("empty_file", "the file is empty; export the form again")
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, suffix)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if suffix in {".doc", ".wps"}:
            raise ReadError(
                "unsupported_format",
                "legacy Word .doc files are not supported; save the document as .docx",
            )
        return "xls"
    for magic, what in _IMAGE_MAGIC.items():
        if data.startswith(magic):
            raise ReadError(
                "unsupported_format",
                f"the file is a {what}, not a form export; scanned forms need OCR first",
            )
    if looks_binary(data):
        decode_text(data)  # raises the precise binary-data error
    return _text_kind(decode_text(data), suffix)


def _zip_kind(data: bytes, suffix: str) -> str:
    head = data[:200_000]
    if b"word/" in head or suffix == ".docx":
        return "docx"
    if b"xl/" in head or suffix in {".xlsx", ".xlsm"}:
        return "xlsx"
    raise ReadError(
        "unsupported_format",
        "the file is a ZIP archive that is neither an .xlsx workbook nor a .docx document",
    )


def _text_kind(text: str, suffix: str) -> str:
    sample = text[:200_000]
    lowered = sample.lower()
    if "<table" in lowered or suffix in {".html", ".htm"}:
        return "html"
    if _MD_RULE.search(sample) or suffix == ".md":
        return "markdown"
    if suffix == ".csv" or ("\t" not in sample and sample.count(",") > sample.count("\n")):
        return "csv"
    return "tsv"


def load_reader(kind: str) -> Reader:
    """The reader function for a format name."""
    module_name, func_name = READERS[kind].split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        raise ReadError(
            "unsupported_format", f"{kind} files are not supported in this installation ({err})"
        ) from err
    return getattr(module, func_name)


def read_grids(data: bytes, source: str) -> list[Grid]:
    """Grids of one file, whatever its format."""
    return load_reader(sniff_format(data, source))(data, source)
