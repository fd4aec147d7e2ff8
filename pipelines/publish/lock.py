"""One writer per warehouse: an exclusive lock file beside the published DuckDB file.

DuckDB itself allows one read-write process per file, but our writer works on a build
copy, so two runs could otherwise both build and the later rename would silently drop
the earlier run's work.  ``flock`` is released by the kernel when a process dies, so a
run killed with SIGKILL never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class WarehouseBusy(RuntimeError):
    """Another ingestion run holds the writer lock."""


class WriterLock:
    """Non-blocking exclusive lock on ``<warehouse>.lock``."""

    def __init__(self, warehouse: Path) -> None:
        self.path = warehouse.with_name(warehouse.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
            os.close(fd)
            raise WarehouseBusy(
                f"另一个运行正在写入 {self.path.with_suffix('')}（{holder or '持有者未知'}）；"
                "本次运行停止，没有改动任何内容"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
