"""Whether an output (the exports, the report) was made from the published warehouse as it
is now, so a night that changed nothing does not rewrite them.

Each publish replaces the warehouse file by rename, which gives it a new inode and
modification time; an output remembers the (inode, mtime, size) of the file it was made
from in ``<output>.source``.  At a million forms the exports take minutes and the report
seconds, which a night with nothing to do must not spend.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.core.files import write_atomically


def warehouse_stamp(warehouse: Path) -> str:
    """Identity of the published file: a publish changes it, a quiet night does not."""
    stat = warehouse.stat()
    return f"{stat.st_ino}:{stat.st_mtime_ns}:{stat.st_size}"


def stamp_path(output: Path) -> Path:
    return output.with_name(output.name + ".source")


def is_current(output: Path, warehouse: Path) -> bool:
    """True when ``output`` exists and was made from ``warehouse`` as it is now."""
    stamp = stamp_path(output)
    if not output.exists() or not stamp.exists() or not warehouse.exists():
        return False
    return stamp.read_text("utf-8").strip() == warehouse_stamp(warehouse)


def mark_current(output: Path, warehouse: Path) -> None:
    """Record that ``output`` was just made from ``warehouse`` (written then renamed)."""
    write_atomically(stamp_path(output), (warehouse_stamp(warehouse) + "\n").encode("utf-8"))
