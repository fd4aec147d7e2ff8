"""The one atomic write (pipelines.core.files) and the one file lock (pipelines.publish.lock):
a failed write leaves the old file, a finished one replaces it, and two holders of one lock
never overlap."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from pipelines.core.files import replacing, write_atomically
from pipelines.publish.lock import WarehouseBusy, WriterLock, exclusive_lock

SOURCE_MODULES = Path(__file__).resolve().parents[1] / "pipelines"
ATOMIC_HOME = SOURCE_MODULES / "core" / "files.py"
LOCK_HOME = SOURCE_MODULES / "publish" / "lock.py"


def test_write_atomically_replaces_whole_and_leaves_no_partial(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "page.html"
    assert write_atomically(target, b"old") == 3
    assert write_atomically(target, "新的一页".encode()) == 12
    assert target.read_text("utf-8") == "新的一页"
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.html"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "result.csv"
    target.write_text("a,b\n1,2\n", "utf-8")
    with pytest.raises(RuntimeError), replacing(target) as partial:
        partial.write_text("a,b\n", "utf-8")
        raise RuntimeError("the query failed half-way")
    assert target.read_text("utf-8") == "a,b\n1,2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.csv"]


def _hold(lock_file: str, log: str, pause: float) -> None:
    with exclusive_lock(Path(lock_file)), open(log, "a", encoding="utf-8") as handle:
        handle.write(f"in {os.getpid()}\n")
        handle.flush()
        time.sleep(pause)
        handle.write(f"out {os.getpid()}\n")


def test_exclusive_lock_serialises_two_processes(tmp_path: Path) -> None:
    lock_file, log = tmp_path / ".out.lock", tmp_path / "log"
    workers = [multiprocessing.get_context("fork").Process(
        target=_hold, args=(str(lock_file), str(log), 0.3)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(10)
    lines = [line.split()[0] for line in log.read_text("utf-8").splitlines()]
    assert lines == ["in", "out", "in", "out"]


def test_writer_lock_refuses_a_second_writer_and_names_the_first(tmp_path: Path) -> None:
    warehouse = tmp_path / "forms.duckdb"
    first, second = WriterLock(warehouse), WriterLock(warehouse)
    first.acquire()
    try:
        with pytest.raises(WarehouseBusy, match=f"pid {os.getpid()}"):
            second.acquire()
        assert not second.held
    finally:
        first.release()
    second.acquire()
    second.release()


def test_one_lock_and_one_atomic_write_in_the_package() -> None:
    """flock and os.replace appear only in their one home each, so every lock and every
    replace gets the same behaviour (fsync of file and folder, kernel-released locks)."""
    for module in SOURCE_MODULES.rglob("*.py"):
        text = module.read_text("utf-8")
        if module != LOCK_HOME:
            assert "flock(" not in text, module
        if module != ATOMIC_HOME:
            assert "os.replace(" not in text and ".rename(" not in text, module
