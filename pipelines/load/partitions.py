"""One partition of the parse (a top-level sub-folder of raw/): list, hash, parse, and write
its Parquet fragments (``pipelines.load.fragments``).  No DuckDB and no Dagster: the partitioned
asset calls ``parse_partition`` on whichever Celery worker takes the step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipelines.load.fragments import (
    ROOT_PARTITION,
    FragmentStore,
    Manifest,
    listing_digest,
    partition_of,
)
from pipelines.load.parallel_parse import parse_planned
from pipelines.load.plan import FileStat, RunPlan, limits_key, scan_raw
from pipelines.load.versions import PARSER_VERSION
from pipelines.load.watched_pool import concat_frames
from pipelines.normalize.frames import state_frames
from pipelines.parse.parse_file import sha256_of
from pipelines.read.limits import Limits


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """What one partition run did."""

    partition: str
    files: int
    contents_parsed: int
    forms: int
    skipped: bool  # nothing changed since its manifest


def raw_partitions(raw: Path) -> dict[str, list[FileStat]]:
    """The files of raw/ by partition key (top-level folder; ``_root`` for loose files)."""
    found: dict[str, list[FileStat]] = {}
    for stat in scan_raw(raw):
        found.setdefault(partition_of(stat.path), []).append(stat)
    return found


def partition_files(raw: Path, key: str) -> list[FileStat]:
    """The files of one partition, listed from its folder only (not the whole of raw/)."""
    if key == ROOT_PARTITION:
        return [s for s in scan_raw(raw) if "/" not in s.path] if raw.is_dir() else []
    folder = raw / key
    return [FileStat(f"{key}/{s.path}", raw, s.size, s.mtime_ns) for s in scan_raw(folder)]


def parse_key(max_bytes: int, limits: Limits) -> str:
    """How files are parsed (parser version and reading limits): part of a partition's
    digest, so a new parser or other limits parse every partition again."""
    return f"{PARSER_VERSION}/{limits_key(max_bytes, limits)}"


def files_digest(stats: Iterable[FileStat], key: str) -> str:
    """A partition's digest from its files' paths, sizes and modification times."""
    return listing_digest(({"path": s.path, "size_bytes": s.size, "mtime_ns": s.mtime_ns}
                           for s in stats), key)


def changed_partitions(raw: Path, store: FragmentStore, key: str) -> dict[str, bool]:
    """Every partition key of raw/ and whether its files differ from its fragments."""
    return {partition: (manifest := store.manifest(partition)) is None
            or manifest.digest != files_digest(stats, key)
            for partition, stats in raw_partitions(raw).items()}


def parse_partition(store: FragmentStore, raw: Path, key: str, *, run_id: str, at: datetime,
                    max_bytes: int, batch_size: int, workers: int, limits: Limits,
                    force: bool = False) -> PartitionResult:
    """Parse one partition into fragments, unless its files are as its manifest says."""
    stats = partition_files(raw, key)
    old = store.manifest(key)
    digest = files_digest(stats, parse_key(max_bytes, limits))
    if old is not None and old.digest == digest and not force:
        return PartitionResult(key, len(stats), 0, 0, skipped=True)
    listing = _listing(stats, old)
    plan = RunPlan(started_at=at, full_reparse=True)
    for stat, row in zip(stats, listing, strict=True):
        if row["sha256"] and row["sha256"] not in plan.to_parse:
            plan.to_parse[row["sha256"]] = stat
    parts = list(parse_planned(plan, raw, max_bytes, batch_size, workers, run_id, at, limits))
    frames = concat_frames(parts) if parts else state_frames([], run_id, at)
    store.write(key, digest, PARSER_VERSION, listing, frames, at)
    forms = frames["projects"].height + frames["department_targets"].height
    return PartitionResult(key, len(stats), len(plan.to_parse), forms, skipped=False)


def _listing(stats: Iterable[FileStat], old: Manifest | None) -> list[dict]:
    """Every file with its hash: kept from the manifest when size and mtime are unchanged."""
    known = {row["path"]: row for row in old.listing} if old else {}
    rows = []
    for stat in stats:
        before = known.get(stat.path)
        if (before and before["sha256"] and before["size_bytes"] == stat.size
                and before["mtime_ns"] == stat.mtime_ns):
            rows.append(before)
            continue
        row = {"path": stat.path, "size_bytes": stat.size, "mtime_ns": stat.mtime_ns,
               "sha256": None, "error_code": None, "error_message": None}
        try:
            row["sha256"] = sha256_of(stat.location)
        except OSError as err:
            row["error_code"] = "unreadable_file"
            row["error_message"] = f"the file cannot be read: {err}"
        rows.append(row)
    return rows
