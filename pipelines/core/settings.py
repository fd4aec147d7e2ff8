"""Every ``FORMS_*`` environment variable, declared once: its name, default and meaning.

Settings used to be read where they were needed, each with its default written beside the
read, so one variable could carry two defaults (the broker had ``""`` in one place and a
Redis URL in another) and the README's list was kept by hand.  Code reads a setting through
its ``Setting`` here; README.md's settings table is ``markdown_table()`` (checked by
tests/test_settings.py), so a new variable appears in both or the test fails.

A setting is read when it is used, never at import: a run's environment may change between
two runs of a long-lived process (the Dagster daemon, the tests).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Setting:
    """One environment variable: its name, its default, and what it changes (for people)."""

    name: str
    default: str | int | float
    meaning: str

    def text(self) -> str:
        """The value the environment gives, as written (even empty), else the default."""
        return os.environ.get(self.name, str(self.default))

    def given(self) -> str | None:
        """The environment's value when it sets one that is not empty, else None."""
        return os.environ.get(self.name) or None

    def whole_number(self) -> int:
        return int(self.text())

    def limit(self) -> float:
        """A bound: a non-negative number, 0 = no bound; blank is the default.  A wrong
        value stops the run with a message naming the variable, not a bare ValueError."""
        raw = os.environ.get(self.name, "").strip()
        if not raw:
            return float(self.default)
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if not value >= 0:
            raise ValueError(
                f"{self.name} must be a non-negative number (0 = no limit), not {raw!r}")
        return value

    def switched_on(self) -> bool:
        """A switch whose default is ``1`` (on) or ``0`` (off): only the other spelling
        flips it, so a stray value leaves the default in force."""
        if str(self.default) == "1":
            return self.text() != "0"
        return self.text() == "1"

    def shown_default(self) -> str:
        """The default as a person would type it (``600``, not ``600.0``)."""
        if isinstance(self.default, float):
            return f"{self.default:g}"
        return str(self.default)


RAW_DIR = Setting(
    "FORMS_RAW_DIR", "raw",
    "the folder of forms the Dagster definitions read (the CLI takes `--raw`); the report "
    "links to the forms there")
WAREHOUSE = Setting(
    "FORMS_WAREHOUSE", "warehouse/forms.duckdb",
    "the published warehouse the Dagster definitions write (the CLI takes `--warehouse`)")
REVIEW_DIR = Setting(
    "FORMS_REVIEW_DIR", "review",
    "filled-in review workbooks the next run records (git-ignored)")
WORKERS = Setting(
    "FORMS_WORKERS", 0,
    "parse processes; 0 = one per CPU the process may use; fewer than 20 files to parse "
    "are parsed in-process")
MAX_FILE_BYTES = Setting(
    "FORMS_MAX_FILE_BYTES", 256 * MiB,
    "larger files are refused (256 MiB)")
MAX_EXPANDED_BYTES = Setting(
    "FORMS_MAX_EXPANDED_BYTES", 256 * MiB,
    "what an .xlsx/.docx may declare once unpacked (256 MiB); 0 switches the limit off")
FILE_SECONDS = Setting(
    "FORMS_FILE_SECONDS", 600.0,
    "wall-clock seconds reading one file may take; 0 switches the limit off. A run with "
    "other limits than the last reads again the files they refused")
DUCKDB_MEMORY = Setting(
    "FORMS_DUCKDB_MEMORY", "512MB",
    "DuckDB's memory limit for the pipeline; past it DuckDB spills to "
    "`<warehouse>.build-<run>.spill/` beside the warehouse, removed after the run")
EXPORTS = Setting(
    "FORMS_EXPORTS", "1",
    "`0` switches off writing the exports (`warehouse/forms.exports/`, named after the "
    "warehouse) after each publish (the report is always written)")
FRAGMENTS = Setting(
    "FORMS_FRAGMENTS", "warehouse/parquet",
    "the storage root of the partitions' Parquet fragments: a folder or an fsspec URL "
    "(`s3://…`)")
FROM_FRAGMENTS = Setting(
    "FORMS_FROM_FRAGMENTS", "0",
    "`1`: the ingest job publishes from the fragments instead of reading the raw folder")
CELERY_BROKER = Setting(
    "FORMS_CELERY_BROKER", "redis://127.0.0.1:6379/0",
    "the broker and result backend of the Celery workers and of `pipelines.scale.cluster "
    "run`/`partition` (its demo starts a Redis of its own)")
FAULT_AT = Setting(
    "FORMS_FAULT_AT", "",
    "for the crash tests only: `parse`, `load` or `publish` kills the run there")

ALL = (RAW_DIR, WAREHOUSE, REVIEW_DIR, WORKERS, MAX_FILE_BYTES, MAX_EXPANDED_BYTES,
       FILE_SECONDS, DUCKDB_MEMORY, EXPORTS, FRAGMENTS, FROM_FRAGMENTS, CELERY_BROKER,
       FAULT_AT)


def markdown_table() -> str:
    """README.md's settings table, one row per setting in declaration order."""
    rows = [f"| `{s.name}` | {f'`{s.shown_default()}`' if s.shown_default() else 'unset'} "
            f"| {s.meaning} |" for s in ALL]
    return "\n".join(["| variable | default | meaning |", "|---|---|---|", *rows])
