"""Progress of a long ingest: a bar on a terminal, periodic plain lines otherwise.

A first load of a hundred thousand forms takes minutes; a person at a terminal wants to
see it move and how long is left, while a scheduler's log wants a line now and then, not
a bar redrawn a hundred times a second.  The parse loop reports through ``report``; only
the command line installs a sink (``reporting_to``), so a run in Dagster's own processes
reports through its log alone.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol, TextIO

from tqdm import tqdm

LOG_EVERY_SECONDS = 10.0


class Progress(Protocol):
    def update(self, files_done: int, files_total: int, forms_done: int) -> None: ...

    def close(self) -> None: ...


class BarProgress:
    """A tqdm bar of files, with forms and the rate of forms as its postfix."""

    def __init__(self, stream: TextIO) -> None:
        self._bar: tqdm | None = None
        self._stream = stream

    def update(self, files_done: int, files_total: int, forms_done: int) -> None:
        if self._bar is None:
            self._bar = tqdm(total=files_total, unit="个文件", file=self._stream,
                             desc="解析", dynamic_ncols=True)
        self._bar.set_postfix_str(f"{forms_done:,} 张表", refresh=False)
        self._bar.update(files_done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


class LogProgress:
    """A plain line at most every ``every`` seconds, and one when the parse is done."""

    def __init__(self, stream: TextIO, every: float = LOG_EVERY_SECONDS) -> None:
        self._stream, self._every = stream, every
        self._started = self._last = time.monotonic()

    def update(self, files_done: int, files_total: int, forms_done: int) -> None:
        now = time.monotonic()
        if now - self._last < self._every and files_done < files_total:
            return
        self._last = now
        print(progress_line(files_done, files_total, forms_done, now - self._started),
              file=self._stream, flush=True)

    def close(self) -> None:
        return None


def progress_line(files_done: int, files_total: int, forms_done: int, elapsed: float) -> str:
    """``已解析 1,200 / 11,906 个文件（9,800 张表），每秒 150 个，约剩 71 秒``."""
    rate = files_done / elapsed if elapsed > 0 else 0.0
    left = (files_total - files_done) / rate if rate > 0 else None
    tail = f"，约剩 {left:,.0f} 秒" if left is not None and files_done < files_total else ""
    return (f"已解析 {files_done:,} / {files_total:,} 个文件（{forms_done:,} 张表），"
            f"每秒 {rate:,.0f} 个{tail}")


def for_stream(stream: TextIO = sys.stderr) -> Progress:
    """A bar when ``stream`` is a terminal, plain lines when it is a file or a pipe."""
    return BarProgress(stream) if stream.isatty() else LogProgress(stream)


_sink: Progress | None = None


@contextmanager
def reporting_to(progress: Progress) -> Iterator[Progress]:
    """Send the parse progress of runs in this process to ``progress`` meanwhile."""
    global _sink
    previous, _sink = _sink, progress
    try:
        yield progress
    finally:
        progress.close()
        _sink = previous


def report(files_done: int, files_total: int, forms_done: int) -> None:
    """Tell the installed sink, if any, how far the parse is."""
    if _sink is not None:
        _sink.update(files_done, files_total, forms_done)
