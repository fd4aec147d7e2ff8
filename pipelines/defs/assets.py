"""Thin assets: each wires a pure function to the run's build warehouse.

Flow: ``pipeline_state`` (compare raw/ with the pipeline state, parse new contents in batches) ->
one asset per public table -> ``published_warehouse`` (atomic rename).  Blocking
checks on the tables sit between the tables and publishing (write-audit-publish).
"""


from datetime import UTC, datetime

import dagster as dg
import duckdb
import polars as pl

from pipelines.core import progress
from pipelines.core.faults import fault_point
from pipelines.core.id_labels import SEVERITIES
from pipelines.core.sql_files import read_sql
from pipelines.defs.resources import FormsWarehouse
from pipelines.load.from_fragments import fragment_stats
from pipelines.load.plan import limits_key, scan_raw
from pipelines.load.quiet_nights import (
    clear_quiet_runs,
    fold_quiet_runs,
    quiet_night,
    record_quiet_run,
)
from pipelines.load.rebuild import rebuild_mode
from pipelines.load.run import run_ingestion
from pipelines.load.versions import prepare_build
from pipelines.load.views import VIEW_FILES, apply_comments, create_views
from pipelines.load.warehouse import (
    connect,
    count_rows,
    fetch_rows,
    publish,
    query_frame,
    run_build_step,
)
from pipelines.review.findings import build_review_findings
from pipelines.review.workbook_import import import_pending, pending_for

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


@dg.asset(group_name="ingest", kinds={"python", "duckdb"})
def pipeline_state(
    context: dg.AssetExecutionContext, forms_warehouse: FormsWarehouse
) -> dg.MaterializeResult:
    """Raw files compared with the pipeline state; new or changed contents parsed in batches (or,
    in a partitioned run, loaded from the partitions' Parquet fragments).

    Starts the run's build from a copy of the published warehouse (write-audit-publish),
    unless nothing changed: then the run builds nothing and keeps the published file.
    """
    run_id, published = context.run.run_id, forms_warehouse.published
    at = datetime.now(UTC).replace(tzinfo=None)
    fragments = forms_warehouse.fragment_source()
    stats = (fragment_stats(fragments, forms_warehouse.raw) if fragments
             else list(scan_raw(forms_warehouse.raw)))
    limits = limits_key(forms_warehouse.max_file_bytes, forms_warehouse.limits)
    if quiet_night(published, stats, limits) and not pending_for(published,
                                                                 forms_warehouse.review):
        record_quiet_run(published, run_id, at, datetime.now(UTC).replace(tzinfo=None),
                         len(stats))
        return dg.MaterializeResult(metadata={
            "files_seen": len(stats), "files_new": 0, "files_changed": 0, "files_removed": 0,
            "files_unchanged": len(stats), "contents_parsed": 0, "full_reparse": False,
            "build_file": "none: nothing changed, the published warehouse is kept",
        })
    build = forms_warehouse.build_path(run_id)
    full = prepare_build(published, build)
    with connect(build) as con:
        fold_quiet_runs(con, published)
        plan = run_ingestion(
            con, forms_warehouse.raw, run_id, at, full,
            max_bytes=forms_warehouse.max_file_bytes, batch_size=forms_warehouse.batch_size,
            workers=forms_warehouse.workers, stats=stats, limits=forms_warehouse.limits,
            fragments=fragments,
            on_batch=lambda done, total, forms: _parsed(context, done, total, forms),
        )
    return dg.MaterializeResult(metadata={
        "files_seen": len(plan.present),
        **{f"files_{event}": n for event, n in plan.counts().items()},
        "contents_parsed": len(plan.to_parse),
        "full_reparse": full,
        "build_file": dg.MetadataValue.path(str(build)),
    })


def _parsed(context: dg.AssetExecutionContext, done: int, total: int, forms: int) -> None:
    context.log.info(f"parsed {done:,} of {total:,} new contents ({forms:,} forms)")
    progress.report(done, total, forms)


def _table_asset(table: str, deps: list[str], description: str) -> dg.AssetsDefinition:
    @dg.asset(name=table, deps=deps, group_name="warehouse", kinds={"duckdb"},
              description=description)
    def _build(context: dg.AssetExecutionContext,
               forms_warehouse: FormsWarehouse) -> dg.MaterializeResult:
        fault_point("load")
        with forms_warehouse.open_run(context.run.run_id) as con:
            mode = rebuild_mode(con, context.run.run_id)
            rows = count_rows(con, table) if mode == "none" else run_build_step(con, table)
            preview = _preview(con, table)
        return dg.MaterializeResult(metadata={
            "dagster/row_count": rows, "rebuilt": mode != "none", "build_mode": mode,
            "preview": preview,
        })

    return _build


ingest_files = _table_asset(
    "ingest_files", ["pipeline_state"], "One row per input file: hash, size, status, counts."
)
quarantine = _table_asset(
    "quarantine", ["pipeline_state"], "Files and forms that could not be loaded, with reasons."
)
project_revisions = _table_asset(
    "project_revisions", ["pipeline_state"], "Every form that declared a project, current or not."
)
projects = _table_asset(
    "projects", ["project_revisions"], "One row per project: the current form's header fields."
)
funds = _table_asset("funds", ["projects"], "Amounts per project and item, in 元.")
indicators = _table_asset(
    "indicators", ["projects"], "Three-level indicators with parsed targets."
)
department_targets = _table_asset(
    "department_targets", ["pipeline_state"],
    "One row per department and year: the current department-wide form's header fields.",
)
department_tasks = _table_asset(
    "department_tasks", ["department_targets"], "Main tasks of each department target, in 元."
)
department_indicators = _table_asset(
    "department_indicators", ["department_targets"],
    "Three-level indicators of department-wide forms, with parsed targets.",
)
category_declarations = _table_asset(
    "category_declarations", ["projects", "department_targets"],
    "二级 categories a current form declares not applicable or leaves blank.",
)
empty_forms = _table_asset(
    "empty_forms", ["pipeline_state"], "Forms that state they hold no data (故此表无数据)."
)
self_evaluations = _table_asset(
    "self_evaluations", ["pipeline_state"],
    "One row per project self-evaluation (项目支出绩效自评表): the current form's header.",
)
self_evaluation_funds = _table_asset(
    "self_evaluation_funds", ["self_evaluations"],
    "项目资金 of each self-evaluation: budget, executed, rate and score, in 元.",
)
self_evaluation_indicators = _table_asset(
    "self_evaluation_indicators", ["self_evaluations"],
    "Indicators of each self-evaluation: target, actual, scores and whether it was met.",
)
department_self_evaluations = _table_asset(
    "department_self_evaluations", ["pipeline_state"],
    "One row per department self-evaluation (部门整体支出绩效自评表).",
)
department_self_evaluation_tasks = _table_asset(
    "department_self_evaluation_tasks", ["department_self_evaluations"],
    "年度主要任务 of each department self-evaluation, budget and executed in 元.",
)
department_self_evaluation_indicators = _table_asset(
    "department_self_evaluation_indicators", ["department_self_evaluations"],
    "Indicators of each department self-evaluation: target, actual, scores, met.",
)
page_coverage = _table_asset(
    "page_coverage", ["pipeline_state"],
    "What became of every page of a disclosure that prints a target table.",
)


@dg.asset(deps=["projects", "funds", "indicators", "project_revisions", "category_declarations"],
          group_name="review", kinds={"duckdb"})
def review_findings(context: dg.AssetExecutionContext,
                    forms_warehouse: FormsWarehouse) -> dg.MaterializeResult:
    """Rule-based review of every project's declared targets, one row per finding.

    Kept as published when no input and no rule changed, and redone for the rebuilt
    projects only on an incremental night (see ``pipelines.load.rebuild.start_public_build``)."""
    with forms_warehouse.open_run(context.run.run_id) as con:
        mode = rebuild_mode(con, context.run.run_id)
        if mode == "none":  # the published findings, summarised when they were published
            return dg.MaterializeResult(metadata={
                "dagster/row_count": count_rows(con, "review_findings"), "rebuilt": False,
                "build_mode": mode})
        build_review_findings(con, incremental=mode == "incremental")
        rows = count_rows(con, "review_findings")
        by_severity = dict(fetch_rows(con, read_sql("cli/findings_by_severity.sql")))
        top = query_frame(con, read_sql("cli/top_findings.sql"), {"severities": list(SEVERITIES)})
    return dg.MaterializeResult(metadata={
        "dagster/row_count": rows,
        "rebuilt": True,
        "build_mode": mode,
        **{f"{severity}s": by_severity.get(severity, 0) for severity in SEVERITIES},
        "top_findings": dg.MetadataValue.md(markdown_table(top)),
    })


@dg.asset(deps=["review_findings"], group_name="review", kinds={"duckdb"})
def review_decisions(context: dg.AssetExecutionContext,
                     forms_warehouse: FormsWarehouse) -> dg.MaterializeResult:
    """Reviewers' decisions: the workbooks dropped into the review folder since the last
    run are recorded (each content once), after the night's findings, so their ids are
    checked against the findings the run publishes.  Decisions are never rebuilt: every
    build carries them over from the published file."""
    run_id = context.run.run_id
    with forms_warehouse.open_run(run_id) as con:
        done = []
        if forms_warehouse.builds(run_id):
            done = import_pending(con, forms_warehouse.review,
                                  datetime.now(UTC).replace(tzinfo=None))
        rows = count_rows(con, "review_decisions")
    for workbook in done:
        for rejected in workbook.recorded.rejected:
            context.log.warning(f"{workbook.path.name}: {rejected.line()}")
    return dg.MaterializeResult(metadata={
        "dagster/row_count": rows,
        "workbooks_imported": len(done),
        "decisions_recorded": sum(w.recorded.recorded for w in done),
        "rows_rejected": sum(len(w.recorded.rejected) for w in done),
        "imports": dg.MetadataValue.md(markdown_table(pl.DataFrame(
            [{"workbook": w.path.name, "recorded": w.recorded.recorded,
              "unchanged": w.recorded.unchanged, "rejected": len(w.recorded.rejected)}
             for w in done],
            schema={"workbook": pl.String, "recorded": pl.Int64, "unchanged": pl.Int64,
                    "rejected": pl.Int64}))),
    })


@dg.asset(deps=["review_findings", "department_tasks", "department_indicators"],
          group_name="review", kinds={"duckdb"})
def summary_views(context: dg.AssetExecutionContext,
                  forms_warehouse: FormsWarehouse) -> dg.MaterializeResult:
    """Summary views for dashboards, and bilingual comments on every table and column.

    Views are created, commented and counted on a full build only: otherwise they are the
    published views over tables that keep their comments, and counting them would cost a
    full aggregation every night.
    """
    with forms_warehouse.open_run(context.run.run_id) as con:
        mode = rebuild_mode(con, context.run.run_id)
        if mode != "full":
            return dg.MaterializeResult(metadata={"rebuilt": mode != "none",
                                                  "build_mode": mode})
        apply_comments(con)
        create_views(con)
        views = [name.removesuffix(".sql") for name in VIEW_FILES]
        counts = {view: count_rows(con, view) for view in views}
    return dg.MaterializeResult(metadata={"rebuilt": True, "build_mode": mode,
                                          **{f"{v}_rows": n for v, n in counts.items()}})


TABLE_ASSETS = [ingest_files, quarantine, project_revisions, projects, funds, indicators,
                department_targets, department_tasks, department_indicators,
                category_declarations, empty_forms, page_coverage, self_evaluations,
                self_evaluation_funds, self_evaluation_indicators, department_self_evaluations,
                department_self_evaluation_tasks, department_self_evaluation_indicators,
                review_findings,
                review_decisions,
                summary_views]


@dg.asset(
    group_name="publish",
    deps=[a.key for a in TABLE_ASSETS],
    kinds={"duckdb"},
)
def published_warehouse(context: dg.AssetExecutionContext,
                        forms_warehouse: FormsWarehouse) -> dg.MaterializeResult:
    """The build replaces the published warehouse file by atomic rename; a run that
    built nothing (no file changed) keeps the published file as it is."""
    run_id, target = context.run.run_id, forms_warehouse.published
    fault_point("publish")
    replaced = forms_warehouse.builds(run_id)
    if replaced:
        build = forms_warehouse.build_path(run_id)
        publish(build, target, run_id, datetime.now(UTC).replace(tzinfo=None))
        clear_quiet_runs(target)
    with connect(target, read_only=True) as con:
        counts = {t: count_rows(con, t) for t in ("projects", "funds", "indicators",
                                                  "department_targets", "quarantine",
                                                  "ingest_files")}
    return dg.MaterializeResult(
        metadata={"path": dg.MetadataValue.path(str(target)), "replaced": replaced,
                  **{f"{t}_rows": n for t, n in counts.items()}}
    )
