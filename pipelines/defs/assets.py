"""Thin assets: each wires a pure function to the run's build warehouse.

Flow: ``staged_forms`` (read + parse every raw file in batches into staging tables) ->
one asset per public table -> ``published_warehouse`` (atomic rename).  Blocking
checks on the tables sit between the tables and publishing (write-audit-publish).
"""


from datetime import UTC, datetime

import dagster as dg
import duckdb
import polars as pl

from pipelines.defs.resources import FormsWarehouse
from pipelines.ingest import FileResult, iter_input_files, process_file
from pipelines.normalize import staging_frames
from pipelines.warehouse import (
    append_staging,
    connect,
    count_rows,
    create_build,
    publish,
    query_frame,
    run_build_step,
)

PREVIEW_ROWS = 5


def _preview(con: duckdb.DuckDBPyConnection, table: str) -> dg.MetadataValue:
    frame = query_frame(con, f"select * from {table} limit {PREVIEW_ROWS}")
    return dg.MetadataValue.md(markdown_table(frame))


def markdown_table(frame: pl.DataFrame) -> str:
    """A small Markdown table for the Dagster UI (cells shortened, pipes escaped)."""
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    body = [
        "| " + " | ".join(_short(v) for v in row) + " |" for row in frame.iter_rows()
    ]
    return "\n".join([header, rule, *body])


def _short(value: object, limit: int = 40) -> str:
    text = "" if value is None else str(value).replace("\n", " ").replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _flush(con: duckdb.DuckDBPyConnection, batch: list[FileResult], run_id: str,
           at: datetime) -> None:
    append_staging(con, staging_frames(batch, run_id, at))
    batch.clear()


@dg.asset(group_name="parse", kinds={"python", "duckdb"})
def staged_forms(
    context: dg.AssetExecutionContext, forms_warehouse: FormsWarehouse
) -> dg.MaterializeResult:
    """Every raw file read and parsed, in batches, into the build's staging tables."""
    build = forms_warehouse.build_path(context.run.run_id)
    create_build(build)
    at = datetime.now(UTC).replace(tzinfo=None)
    batch: list[FileResult] = []
    files = forms = problems = 0
    raw = forms_warehouse.raw
    with connect(build) as con:
        paths = iter_input_files(raw) if raw.is_dir() else iter(())
        for path in paths:
            result = process_file(path, raw, forms_warehouse.max_file_bytes)
            files += 1
            forms += len(result.forms)
            problems += len(result.problems) + (result.error is not None)
            batch.append(result)
            if len(batch) >= forms_warehouse.batch_size:
                _flush(con, batch, context.run.run_id, at)
        _flush(con, batch, context.run.run_id, at)
    return dg.MaterializeResult(
        metadata={"files": files, "forms_parsed": forms, "problems": problems,
                  "build_file": dg.MetadataValue.path(str(build))}
    )


def _table_asset(table: str, deps: list[str], description: str) -> dg.AssetsDefinition:
    @dg.asset(name=table, deps=deps, group_name="warehouse", kinds={"duckdb"},
              description=description)
    def _build(context: dg.AssetExecutionContext,
               forms_warehouse: FormsWarehouse) -> dg.MaterializeResult:
        with connect(forms_warehouse.build_path(context.run.run_id)) as con:
            rows = run_build_step(con, table)
            preview = _preview(con, table)
        return dg.MaterializeResult(
            metadata={"dagster/row_count": rows, "preview": preview}
        )

    return _build


ingest_files = _table_asset(
    "ingest_files", ["staged_forms"], "One row per input file: hash, size, status, counts."
)
quarantine = _table_asset(
    "quarantine", ["staged_forms"], "Files and forms that could not be loaded, with reasons."
)
projects = _table_asset(
    "projects", ["staged_forms"], "One row per project: the current form's header fields."
)
project_revisions = _table_asset(
    "project_revisions", ["projects"], "Every form that declared a project, current or not."
)
funds = _table_asset("funds", ["projects"], "Amounts per project and item, in 元.")
indicators = _table_asset(
    "indicators", ["projects"], "Three-level indicators with parsed targets."
)

TABLE_ASSETS = [ingest_files, quarantine, projects, project_revisions, funds, indicators]


@dg.asset(
    group_name="publish",
    deps=[a.key for a in TABLE_ASSETS],
    kinds={"duckdb"},
)
def published_warehouse(context: dg.AssetExecutionContext,
                        forms_warehouse: FormsWarehouse) -> dg.MaterializeResult:
    """The build replaces the published warehouse file by atomic rename."""
    build = forms_warehouse.build_path(context.run.run_id)
    target = forms_warehouse.published
    publish(build, target)
    with connect(target, read_only=True) as con:
        counts = {t: count_rows(con, t) for t in ("projects", "funds", "indicators",
                                                  "quarantine", "ingest_files")}
    return dg.MaterializeResult(
        metadata={"path": dg.MetadataValue.path(str(target)),
                  **{f"{t}_rows": n for t, n in counts.items()}}
    )
