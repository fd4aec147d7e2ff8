"""Dagster entry point: ``dagster dev -m pipelines.definitions``."""

import dagster as dg
from dagster_celery import celery_executor

from pipelines.defs.assets import TABLE_ASSETS, pipeline_state, published_warehouse
from pipelines.defs.checks import ALL_CHECKS
from pipelines.defs.outputs import OUTPUT_ASSETS
from pipelines.defs.partitioned import parsed_fragments
from pipelines.defs.resources import (
    FormsFolders,
    FormsWarehouse,
    folders_of,
    warehouse_from_env,
)
from pipelines.defs.schedules import nightly_schedule
from pipelines.defs.sensors import raw_files_sensor

INGEST_JOB = "ingest"
PARSE_FOLDERS_JOB = "parse_folders"
# A failed run is retried from the start (its build file is private to the run).
RETRY_TAGS = {"dagster/max_retries": "2", "dagster/retry_strategy": "ALL_STEPS"}


def build_definitions(warehouse: FormsWarehouse | None = None,
                      folders: FormsFolders | None = None) -> dg.Definitions:
    """All assets, checks, the ingestion job, schedule and sensor, bound to one warehouse,
    and the partitioned parse (``parse_folders``) for runs past one machine."""
    resource = warehouse or warehouse_from_env()
    assets = [pipeline_state, *TABLE_ASSETS, published_warehouse, *OUTPUT_ASSETS]
    parse_folders = dg.define_asset_job(
        PARSE_FOLDERS_JOB, selection=[parsed_fragments],
        executor_def=celery_executor,
        description="Parse one raw sub-folder into Parquet fragments (Celery executor: "
                    "partitions run on the workers; run config execution.config.broker).")
    ingest = dg.define_asset_job(
        INGEST_JOB,
        selection=dg.AssetSelection.assets(*assets) | dg.AssetSelection.checks(*ALL_CHECKS),
        executor_def=dg.in_process_executor,
        tags=RETRY_TAGS,
        description="Load new and changed forms into a build, check it, publish it.",
    )
    return dg.Definitions(
        assets=[*assets, parsed_fragments],
        asset_checks=ALL_CHECKS,
        jobs=[ingest, parse_folders],
        schedules=[nightly_schedule(ingest)],
        sensors=[raw_files_sensor(ingest, resource)],
        resources={"forms_warehouse": resource,
                   "forms_folders": folders or folders_of(resource)},
    )


def parse_folders_job() -> dg.JobDefinition:
    """The partitioned parse, reconstructable by Celery workers (they import this module)."""
    return defs.resolve_job_def(PARSE_FOLDERS_JOB)


defs = build_definitions()
