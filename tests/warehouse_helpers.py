"""Run the real ingest job into a tmp_path warehouse and read tables back."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg

from pipelines.cli import run_ingest
from pipelines.warehouse import connect, query_frame


def make_raw(tmp_path: Path, *files: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    for file in files:
        shutil.copy(file, raw / file.name)
    return raw


def ingest(raw: Path, warehouse: Path) -> dg.ExecuteInProcessResult:
    result = run_ingest(raw, warehouse)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return result


def table(warehouse: Path, sql: str, params: list | None = None) -> list[dict]:
    with connect(warehouse, read_only=True) as con:
        return query_frame(con, sql, params).to_dicts()
