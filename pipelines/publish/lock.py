"""The project's one file lock: an exclusive ``flock`` on a lock file.

``WriterLock`` keeps one writer per warehouse.  DuckDB itself allows one read-write
process per file, but our writer works on a build copy, so two runs could otherwise both
build and the later rename would silently drop the earlier run's work.  ``exclusive_lock``
serialises two runs writing one output folder (exports, letters), so their renames never
interleave.  ``flock`` is released by the kernel when a process dies, so a run killed with
SIGKILL never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WarehouseBusy(RuntimeError):
    """Another ingestion run holds the writer lock."""


def _locked_fd(path: Path, *, wait: bool) -> int:
    """An open descriptor of ``path`` holding its exclusive lock.  Without ``wait``, a lock
    another process holds raises ``BlockingIOError`` at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _unlock(fd: int) -> None:
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


@contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold the exclusive lock on ``path`` for the block, waiting for another holder."""
    fd = _locked_fd(path, wait=True)
    try:
        yield
    finally:
        _unlock(fd)


class WriterLock:
    """Non-blocking exclusive lock on ``<warehouse>.lock``, naming its holder's pid."""

    def __init__(self, warehouse: Path) -> None:
        self.path = warehouse.with_name(warehouse.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = _locked_fd(self.path, wait=False)
        except BlockingIOError:
            raise WarehouseBusy(
                f"另一个运行正在写入 {self.path.with_suffix('')}（{self._holder()}）；"
                "本次运行停止，没有改动任何内容"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
        self._fd = fd

    def _holder(self) -> str:
        """What the holder wrote into the lock file (its pid), for the refusal."""
        try:
            holder = self.path.read_bytes()[:200].decode("utf-8", "replace").strip()
        except OSError:
            holder = ""
        return holder or "持有者未知"

    def release(self) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
