"""Bounds on what reading one file may cost, so one pathological file cannot stop a night.

Two limits, both settings:

- ``FORMS_MAX_EXPANDED_BYTES`` (default 256 MiB): what a workbook or Word document may
  declare once unpacked.  An .xlsx/.docx is a ZIP whose parts the readers expand in
  memory, and openpyxl holds about ten bytes of Python objects per byte of sheet XML
  (measured: a 50 MB sheet takes 23 s and 600 MB), so a few megabytes that expand to
  gigabytes would exhaust memory long before any clock stopped them.  Refused before any
  part is opened (``check_expansion``).  A real form is tens of kilobytes unpacked and a
  workbook of a whole disclosure a few megabytes; 256 MiB is the file-size limit again
  (a file may not hold more unpacked than it may weigh packed) and keeps two workers
  under about 6 GB at worst.
- ``FORMS_FILE_SECONDS`` (default 600): wall-clock seconds reading one file may take.
  A 300-page disclosure takes 10-60 s here; ten times that is still a bounded night.  A
  file past it is stopped by killing the process reading it (``pipelines.load.watch_board``
  shows the parent which file each worker reads since when), because a reader stuck inside C code
  (PDFium, lxml, zlib) cannot be interrupted any other way.

``0`` switches a limit off.  Parse workers come from a fork server started once per
process, whose environment may be older than the run's, so a run hands its ``Limits``
to each worker explicitly and the readers look them up with ``current()``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pipelines.core import settings
from pipelines.read.errors import ReadError

# Office writes parts stored or deflated; zipfile bounds a deflated read by the size the
# archive declares, but decompresses other methods (bzip2, lzma) a whole block at once.
_BOUNDED_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_UNREADABLE = {"workbook": "unreadable_workbook", "document": "unreadable_document"}


@dataclass(frozen=True, slots=True)
class Limits:
    """The bounds of one run; 0 switches a bound off."""

    max_expanded_bytes: int = settings.MAX_EXPANDED_BYTES.default
    file_seconds: float = settings.FILE_SECONDS.default

    @classmethod
    def from_env(cls) -> Limits:
        """The limits the FORMS_* environment variables set, defaults otherwise."""
        return cls(max_expanded_bytes=int(settings.MAX_EXPANDED_BYTES.limit()),
                   file_seconds=settings.FILE_SECONDS.limit())


_installed: Limits | None = None


def current() -> Limits:
    """The limits in force: those a run applied, else the environment's."""
    return _installed or Limits.from_env()


def install(limits: Limits | None) -> Limits | None:
    """Make ``limits`` the ones in force (None: the environment's); the previous ones.

    For the Dagster resource, which sets the run's limits for its whole execution."""
    global _installed
    previous, _installed = _installed, limits
    return previous


@contextmanager
def applied(limits: Limits) -> Iterator[None]:
    """``limits`` in force while the block runs (a worker parsing one chunk of a run)."""
    previous = install(limits)
    try:
        yield
    finally:
        install(previous)


def check_expansion(data: bytes, kind: str) -> None:
    """Refuse a ZIP-based file whose parts declare more than the limit once unpacked.

    The declared sizes bound what the readers can get: Python's zipfile stops a member
    at its declared size and fails its CRC check when the data goes on (a lying header
    reads as a damaged file, never as more bytes).  ``kind`` is ``workbook`` or
    ``document``.  An archive zipfile cannot open is left to the reader to report.
    """
    limit = current().max_expanded_bytes
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception:  # BadZipFile, EOFError, struct errors ...: the reader says what is wrong
        return
    declared = sum(member.file_size for member in members)
    if limit and declared > limit:
        raise ReadError("expands_too_large", expansion_message(kind, declared, limit))
    odd = sorted({m.compress_type for m in members} - _BOUNDED_METHODS)
    if odd:
        raise ReadError(
            _UNREADABLE[kind],
            f"the {kind} uses ZIP compression method {odd[0]}, which Excel, WPS and Word "
            "never write and whose unpacked size cannot be bounded; open it in Excel/WPS "
            "or Word and save it again",
        )


def expansion_message(kind: str, declared: int, limit: int) -> str:
    """What is wrong with a file that unpacks too large, and what to do."""
    variable = settings.MAX_EXPANDED_BYTES.name
    return (
        f"the {kind} unpacks to {declared:,} bytes, over the limit of {limit:,} "
        f"({variable}); a form is far smaller, so the file is damaged, a ZIP bomb or "
        "holds other data (huge images, stray cells): open it, keep only the forms and "
        f"save it again, or raise {variable}"
    )


def time_limit_error(seconds: float) -> ReadError:
    """The quarantine reason of a file whose reading was stopped at the time limit."""
    return ReadError(
        "file_time_limit",
        f"reading took longer than {seconds:g} s and was stopped; the file may be damaged or "
        f"pathological: split it, or raise {settings.FILE_SECONDS.name}",
    )
