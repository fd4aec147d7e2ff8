"""Parsing in worker processes gives exactly the rows parsing in one process gives.

Workers hand their results back by pickle, so everything a result can hold (forms,
problems, a file-level read error) must survive the trip; a run over a folder with bad
files is the case that broke when it did not.
"""

from __future__ import annotations

import pickle
from datetime import datetime
from pathlib import Path

from pipelines.load.parallel_parse import MIN_FILES_PER_WORKER
from pipelines.load.run import run_ingestion
from pipelines.load.versions import prepare_build
from pipelines.load.warehouse import connect, query_frame
from pipelines.parse.parse_file import process_file
from pipelines.read import ReadError
from tests.conftest import SEED

AT = datetime(2026, 11, 30, 2, 0)


def test_read_error_survives_pickle() -> None:
    error = ReadError("binary", "the file holds binary data", excerpt="00 01")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.message, copy.excerpt) == ("binary", error.message, "00 01")


def folder_with_bad_files(raw: Path, copies: int) -> None:
    """Copies of the seed (each its own unit), an empty file and a binary one."""
    text = SEED.read_text("utf-8")
    for n in range(copies):
        (raw / f"f{n:03d}.txt").write_text(text.replace("托育服务指导中心", f"单位{n}"), "utf-8")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.txt").write_bytes(bytes(range(256)) * 4)


def state_rows(raw: Path, warehouse: Path, workers: int) -> dict[str, list[dict]]:
    build = warehouse.with_name("build.duckdb")
    full = prepare_build(warehouse, build)
    with connect(build) as con:
        run_ingestion(con, raw, "run", AT, full, max_bytes=1 << 20, batch_size=7,
                      workers=workers)
        return {table: query_frame(con, f"select * from pipeline_state.parsed_{table} "
                                        "order by all").to_dicts()
                for table in ("projects", "funds", "indicators", "quarantine")} | {
            "contents": query_frame(con, "select * exclude (parsed_run_id, parsed_at, "
                                         "first_seen_at) from pipeline_state.contents "
                                         "order by all").to_dicts()}


def test_two_workers_load_exactly_what_one_process_loads(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    folder_with_bad_files(raw, 2 * MIN_FILES_PER_WORKER)
    assert process_file(raw / "binary.txt", raw).error is not None
    one = state_rows(raw, tmp_path / "one" / "w.duckdb", workers=1)
    two = state_rows(raw, tmp_path / "two" / "w.duckdb", workers=2)
    assert len(one["projects"]) == 5 * 2 * MIN_FILES_PER_WORKER
    assert {r["status"] for r in one["contents"]} >= {"loaded", "quarantined"}
    assert two == one
