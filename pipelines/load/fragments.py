"""Parquet fact fragments: the parse of one raw sub-folder, kept where every worker and the
one publisher can reach them (a local folder or any fsspec URL such as ``s3://bucket/forms/``).

Past one machine the parse runs as a partitioned asset, one partition per top-level
sub-folder of ``raw/`` (files directly under ``raw/`` are the partition ``_root``).
Folders are what people add and replace (a district, a department, a year), so a night
re-parses the folders that changed and nothing else; a partition is the unit a Celery
worker takes.  Each partition writes, for every pipeline_state table, Parquet files in a hive
layout by fiscal year (``projects/fiscal_year=2023/<partition>-<digest>-0.parquet``; tables
without a year have no year folder), plus ``ingest_files``: every file of the folder with
its size, modification time and content hash.

A partition's manifest (``_manifests/<partition>.json``) is written last and names the
files of its current fragments: it is the commit.  A partition that fails leaves its
previous manifest, so the publisher never reads half a partition; the partition's files its
new manifest does not name (the replaced ones, or those of a failed attempt) are removed
after the new manifest is in place.  A partition whose files (path, size,
modification time) and parser are the same as in its manifest is not parsed again.

The publisher (``pipelines.load.run.run_ingestion`` with a ``FragmentSource``) reads the
manifests and loads the fragments of contents its warehouse has not parsed, with set-based
SQL over the registered Parquet datasets, then builds every table exactly as a
single-machine run does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from pipelines.core.files import fsync_path, write_atomically
from pipelines.normalize.schemas import PARSED_TABLES

if TYPE_CHECKING:  # loaded when fragments are used: every run imports this module
    import pyarrow.dataset as ds

ROOT_PARTITION = "_root"  # files directly under raw/
MANIFESTS = "_manifests"
YEAR = "fiscal_year"
FRAGMENT_COLUMN = "fragment"  # which partition's fragment a row came from
LISTING = "ingest_files"
# fragment datasets: the state frames, each named like the table it is loaded into
# (pipeline_state.contents, pipeline_state.parsed_<name>)
FRAGMENT_TABLES = ("contents", *PARSED_TABLES)
# child frame -> the parent frame whose fiscal year its rows are filed under
YEAR_FROM = {
    "funds": "projects", "indicators": "projects", "category_declarations": "projects",
    "empty_forms": "projects", "department_tasks": "department_targets",
    "department_indicators": "department_targets",
    "self_evaluation_funds": "self_evaluations",
    "self_evaluation_indicators": "self_evaluations",
    "department_self_evaluation_tasks": "department_self_evaluations",
    "department_self_evaluation_indicators": "department_self_evaluations",
}
LISTING_SCHEMA = {"path": pl.String, "size_bytes": pl.Int64, "mtime_ns": pl.Int64,
                  "sha256": pl.String, "error_code": pl.String, "error_message": pl.String}


class FragmentError(Exception):
    """Fragments that cannot be used, with the one line that says why."""


def partition_of(path: str) -> str:
    """The partition of a path relative to raw/: its top-level folder."""
    head, sep, _ = path.partition("/")
    return head if sep else ROOT_PARTITION


def partition_id(key: str) -> str:
    """A file-name-safe id of a partition key (folder names may hold any character)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Manifest:
    """What a partition's current fragments are: its files and the data files written."""

    partition: str
    digest: str
    parser_version: str
    written_at: str
    listing: list[dict] = field(default_factory=list)
    files: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        return cls(**json.loads(text))


def listing_digest(listing: Iterable[dict], parse_key: str) -> str:
    """Identity of a partition's input: every file's path, size and mtime, and how it is
    parsed (parser version and limits); equal digests mean nothing to parse again."""
    digest = hashlib.sha256(parse_key.encode())
    for row in sorted(listing, key=lambda r: r["path"]):
        digest.update(f"{row['path']}\x1f{row['size_bytes']}\x1f{row['mtime_ns']}\n".encode())
    return digest.hexdigest()


class FragmentStore:
    """The storage root of the fragments, through fsspec (local folder or object store)."""

    def __init__(self, url: str) -> None:
        import fsspec
        from pyarrow.fs import FSSpecHandler, PyFileSystem

        self.url = url
        self.fs, root = fsspec.core.url_to_fs(url)
        self.root = root.rstrip("/")
        self.arrow_fs = PyFileSystem(FSSpecHandler(self.fs))

    def _path(self, *parts: str) -> str:
        return "/".join([self.root, *parts])

    def manifest_path(self, key: str) -> str:
        return self._path(MANIFESTS, f"{partition_id(key)}.json")

    def manifest(self, key: str) -> Manifest | None:
        """The partition's current manifest, or None before its first run."""
        path = self.manifest_path(key)
        if not self.fs.exists(path):
            return None
        return Manifest.from_json(self.fs.cat_file(path).decode("utf-8"))

    def manifests(self) -> list[Manifest]:
        """Every partition's current manifest, by partition key."""
        folder = self._path(MANIFESTS)
        if not self.fs.exists(folder):
            return []
        paths = sorted(p for p in self.fs.ls(folder, detail=False) if p.endswith(".json"))
        found = [Manifest.from_json(self.fs.cat_file(p).decode("utf-8")) for p in paths]
        return sorted(found, key=lambda m: m.partition)

    def write(self, key: str, digest: str, parser_version: str, listing: list[dict],
              frames: dict[str, pl.DataFrame], written_at: datetime) -> Manifest:
        """Write a partition's fragments, then its manifest (the commit), then remove the
        files of the manifest it replaced."""
        pid = f"{partition_id(key)}-{digest[:12]}"
        files = {LISTING: self._write_table(LISTING, pl.DataFrame(listing, schema=LISTING_SCHEMA),
                                            pid, by_year=False)}
        for table in FRAGMENT_TABLES:
            frame = _with_fragment(frames[table], partition_id(key))
            frame = _with_year(frame, table, frames)
            files[table] = self._write_table(table, frame, pid, by_year=YEAR in frame.columns)
        manifest = Manifest(key, digest, parser_version, written_at.isoformat(), listing, files)
        self._flush_local(files)
        self._put_atomically(self.manifest_path(key), manifest.to_json().encode("utf-8"))
        self._remove_unlisted(key, manifest)
        return manifest

    def _write_table(self, table: str, frame: pl.DataFrame, pid: str, by_year: bool) -> list[str]:
        import pyarrow.dataset as ds

        if frame.is_empty():
            return []
        written: list[str] = []
        ds.write_dataset(
            frame.to_arrow(), self._path(table), format="parquet",
            partitioning=[YEAR] if by_year else None, partitioning_flavor="hive" if by_year
            else None, basename_template=f"{pid}-{{i}}.parquet", filesystem=self.arrow_fs,
            existing_data_behavior="overwrite_or_ignore",
            file_visitor=lambda f: written.append(f.path))
        return sorted(written)

    def _put_atomically(self, path: str, data: bytes) -> None:
        """One object written whole: on a local folder the project's atomic write (flushed,
        renamed, folder flushed), on an object store a single PUT (atomic per object)."""
        if "file" in self.fs.protocol:  # "file", or a tuple of names holding it
            write_atomically(Path(path), data)
        else:
            self.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
            self.fs.pipe_file(path, data)

    def _flush_local(self, files: dict[str, list[str]]) -> None:
        """On a local folder, flush the data files before the manifest that names them is
        written, so a crash never leaves a manifest pointing at lost files."""
        if "file" in self.fs.protocol:
            for path in {p for paths in files.values() for p in paths}:
                fsync_path(Path(path))

    def _remove_unlisted(self, key: str, new: Manifest) -> None:
        """Remove the partition's data files the new manifest does not name: those of the
        manifest it replaced, and any left by an attempt that failed before its commit."""
        keep = {p.lstrip("/") for paths in new.files.values() for p in paths}
        for path in self.fs.glob(self._path("**", f"{partition_id(key)}-*.parquet")):
            if path.lstrip("/") not in keep:
                self.fs.rm_file(path)

    def retain(self, keys: Iterable[str]) -> list[str]:
        """Drop the partitions not in ``keys`` (their folder is gone); the dropped keys."""
        wanted = set(keys)
        dropped = []
        for manifest in self.manifests():
            if manifest.partition not in wanted:
                for path in (p for paths in manifest.files.values() for p in paths):
                    if self.fs.exists(path):
                        self.fs.rm_file(path)
                self.fs.rm_file(self.manifest_path(manifest.partition))
                dropped.append(manifest.partition)
        return dropped

    def dataset(self, table: str, manifests: list[Manifest]) -> ds.Dataset | None:
        """One fragment table of the given partitions as a Parquet dataset (None if empty)."""
        import pyarrow.dataset as ds

        paths = [p for m in manifests for p in m.files.get(table, [])]
        if not paths:
            return None
        return ds.dataset(paths, filesystem=self.arrow_fs, format="parquet",
                          partitioning=ds.partitioning(flavor="hive"),
                          partition_base_dir=self._path(table))


def _with_fragment(frame: pl.DataFrame, pid: str) -> pl.DataFrame:
    return frame.with_columns(pl.lit(pid).alias(FRAGMENT_COLUMN))


def _with_year(frame: pl.DataFrame, name: str, frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """A child frame with the fiscal year of its form, so it is filed under that year."""
    if YEAR in frame.columns or name not in YEAR_FROM:
        return frame
    parent = frames[YEAR_FROM[name]].select("source_sha256", "form_seq", YEAR).unique(
        subset=["source_sha256", "form_seq"])
    return frame.join(parent, on=["source_sha256", "form_seq"], how="left")


@dataclass(frozen=True, slots=True)
class FragmentSource:
    """The fragments a publish reads: the store and the manifests of the partitions."""

    store: FragmentStore
    manifests: list[Manifest]

    @classmethod
    def current(cls, store: FragmentStore, parser_version: str) -> FragmentSource:
        manifests = store.manifests()
        stale = [m.partition for m in manifests if m.parser_version != parser_version]
        if stale:
            raise FragmentError(
                f"partitions {', '.join(stale[:5])} were parsed by parser version "
                f"{manifests[0].parser_version}, not {parser_version}; run the partitions again")
        return cls(store, manifests)

    def listing(self) -> Iterator[dict]:
        """Every file of every partition, as its partition worker found it."""
        for manifest in self.manifests:
            yield from manifest.listing

    def dataset(self, table: str) -> ds.Dataset | None:
        return self.store.dataset(table, self.manifests)
