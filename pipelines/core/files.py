"""Replacing files and folders so that readers and crashes never see half of them.

The one home of the project's atomic writes: every file that readers or a later run rely
on is written beside its place, flushed to disk, renamed over the old one, and the folder
flushed too, so the rename itself survives a crash.  A write that stops half-way leaves
the old file where it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def fsync_path(path: Path) -> None:
    """Flush a file or folder to disk, so a rename that publishes it survives a crash."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(root: Path) -> None:
    """Flush every file and folder under ``root`` before a rename publishes them."""
    for folder, _, files in os.walk(root):
        for name in files:
            fsync_path(Path(folder) / name)
        fsync_path(Path(folder))


def replace_file(new: Path, target: Path) -> None:
    """Rename the written file ``new`` over ``target``: flushed first, and the folder after,
    so a crash leaves the old file or the new one, never a torn or vanished one."""
    fsync_path(new)
    os.replace(new, target)
    fsync_path(target.parent)


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A hidden file beside ``target`` to write into; it replaces ``target`` only when the
    block ends without an error, and is removed when it does not."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        yield partial
        replace_file(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def write_atomically(target: Path, data: bytes) -> int:
    """Write ``data`` to ``target`` whole or not at all; the number of bytes written."""
    with replacing(target) as partial:
        partial.write_bytes(data)
    return len(data)


def swap_into_place(new: Path, target: Path, aside: Path) -> None:
    """Put ``new`` at ``target``; a reader sees the old item, the new one, or (for a folder,
    between two renames) none, never a half-written one.  An old folder is left at
    ``aside`` for the caller to remove; a failed second rename puts it back.  The caller
    flushes ``new`` before (``fsync_tree``) and the folder holding ``target`` after."""
    if not target.is_dir() or target.is_symlink():
        os.replace(new, target)  # a file, or nothing there yet: replaced atomically
        return
    os.replace(target, aside)
    try:
        os.replace(new, target)
    except OSError:
        os.replace(aside, target)
        raise


def move_aside(path: Path, aside: Path) -> None:
    """Take ``path`` (a file or folder, if there) out of readers' sight by one rename to
    ``aside``, for the caller to remove after its folder is flushed."""
    if path.exists() or path.is_symlink():
        aside.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, aside)
