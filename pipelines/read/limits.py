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
  file past it is stopped by killing the process reading it (``WatchBoard`` shows the
  parent which file each worker reads since when), because a reader stuck inside C code
  (PDFium, lxml, zlib) cannot be interrupted any other way.

``0`` switches a limit off.  Parse workers come from a fork server started once per
process, whose environment may be older than the run's, so a run hands its ``Limits``
to each worker explicitly and the readers look them up with ``current()``.
"""

from __future__ import annotations

import io
import os
import signal
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pipelines.core import settings
from pipelines.read.errors import ReadError

# Office writes parts stored or deflated; zipfile bounds a deflated read by the size the
# archive declares, but decompresses other methods (bzip2, lzma) a whole block at once.
_BOUNDED_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_UNREADABLE = {"workbook": "unreadable_workbook", "document": "unreadable_document"}
_ROW = 3  # fields of a watch-board row: pid, job number, start time


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


class WatchBoard:
    """Which file each pool worker reads and since when, in memory the parent can see.

    One row per worker: (pid, job number or -1 when idle, ``time.monotonic()`` at which
    it started the file; CLOCK_MONOTONIC is machine-wide, so the parent's clock reads
    the same).  Rows are written and read under the board's lock, so the parent never
    sees a new job with its predecessor's start time.  A board lives as long as its
    pool: when a pool is replaced its board goes too (a worker terminated while holding
    the lock would leave it held).
    """

    def __init__(self, context: Any, slots: int) -> None:
        self.shared = context.Array("d", _ROW * slots)
        self.slots = slots

    def overdue(self, seconds: float) -> list[tuple[int, int]]:
        """(pid, job) of every worker reading one file for longer than ``seconds``."""
        late: list[tuple[int, int]] = []
        lock = self.shared.get_lock()
        if not lock.acquire(timeout=1.0):
            return late  # held past a second only by a dying worker: the pool is breaking
        try:
            now = time.monotonic()
            for slot in range(self.slots):
                pid, job, started = self.shared[slot * _ROW: (slot + 1) * _ROW]
                if pid and job >= 0 and now - started > seconds:
                    late.append((int(pid), int(job)))
        finally:
            lock.release()
        return late

    def stop(self, pid: int, job: int) -> bool:
        """SIGKILL worker ``pid`` if it is still on ``job``; True when it was killed.

        Checked and killed under the lock, so the worker cannot move on to its next file
        in between: the file quarantined is the file it was stuck on.
        """
        lock = self.shared.get_lock()
        if not lock.acquire(timeout=1.0):
            return False
        try:
            for slot in range(self.slots):
                row = self.shared[slot * _ROW: (slot + 1) * _ROW]
                if int(row[0]) == pid and int(row[1]) == job:
                    return _kill(pid)
        finally:
            lock.release()
        return False

    def stop_all(self) -> None:
        """SIGKILL every worker of the board (the run is abandoned)."""
        for pid in [int(pid) for pid in self.shared[0::_ROW] if pid]:
            _kill(pid)


def _kill(pid: int) -> bool:
    """SIGKILL one worker by its pid; False when it had ended already (crashed)."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    return True


_worker_row: tuple[Any, int] | None = None  # (board array, slot) of this worker process


def join_board(shared: Any) -> None:
    """Pool initializer: take the first free row of the board for this worker."""
    global _worker_row
    with shared.get_lock():
        for slot in range(len(shared) // _ROW):
            if not shared[slot * _ROW]:
                shared[slot * _ROW: (slot + 1) * _ROW] = [os.getpid(), -1, 0.0]
                _worker_row = (shared, slot)
                return


def reading(job: int | None) -> None:
    """Tell the parent this worker starts reading file ``job`` (None: it reads none)."""
    if _worker_row is None:
        return
    shared, slot = _worker_row
    with shared.get_lock():
        shared[slot * _ROW + 1: (slot + 1) * _ROW] = [-1 if job is None else job,
                                                      time.monotonic()]
