"""Run the real ingest job into a tmp_path warehouse and read tables back."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import dagster as dg

from pipelines.check.integrity import failed_checks
from pipelines.commands.cli import run_ingest
from pipelines.load.plan import plan_run, scan_raw
from pipelines.load.rebuild import start_public_build
from pipelines.load.versions import prepare_build
from pipelines.load.views import apply_comments, create_views
from pipelines.load.warehouse import build_path_for, connect, publish, query_frame, run_build_step
from pipelines.load.write import record_files, write_parsed
from pipelines.parse.parse_file import FileResult
from pipelines.review.findings import build_review_findings

# the public tables in the order the Dagster assets build them (review and views follow)
BUILD_STEPS = ("ingest_files", "quarantine", "project_revisions", "projects", "funds",
               "indicators", "department_targets", "department_tasks",
               "department_indicators", "category_declarations", "empty_forms",
               "page_coverage")


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


def load(raw: Path, warehouse: Path, results: list[FileResult], at: datetime) -> None:
    """One run of the real pipeline with ``results`` standing in for the parser.

    the pipeline state plans the run from the files on disk; only contents it asks for are written.
    """
    run_id = f"run-{at:%Y%m%d}"
    build = build_path_for(warehouse, run_id)
    full = prepare_build(warehouse, build)
    by_sha = {r.sha256: r for r in results}
    with connect(build) as con:
        plan = plan_run(con, scan_raw(raw), at, full)
        write_parsed(con, [by_sha[sha] for sha in plan.to_parse], run_id, at)
        record_files(con, plan, run_id)
        mode = start_public_build(con, plan, run_id)
        if mode != "none":  # as the assets do: an unchanged run keeps the published tables
            for step in BUILD_STEPS:
                run_build_step(con, step)
            build_review_findings(con, incremental=mode == "incremental")
        if mode == "full":
            apply_comments(con)
            create_views(con)
        assert failed_checks(con) == {}
    publish(build, warehouse, run_id, at)
