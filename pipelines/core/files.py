"""Replacing files and folders so that readers and crashes never see half of them."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_path(path: Path) -> None:
    """Flush a file or folder to disk, so a rename that publishes it survives a crash."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def swap_into_place(new: Path, target: Path, aside: Path) -> None:
    """Put ``new`` at ``target``; a reader sees the old item, the new one, or (for a folder,
    between two renames) none, never a half-written one.  An old folder is left at
    ``aside`` for the caller to remove; a failed second rename puts it back."""
    if not target.is_dir() or target.is_symlink():
        os.replace(new, target)  # a file, or nothing there yet: replaced atomically
        return
    os.replace(target, aside)
    try:
        os.replace(new, target)
    except OSError:
        os.replace(aside, target)
        raise
