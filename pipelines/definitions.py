"""Dagster entry point: ``dagster dev -m pipelines.definitions``."""

import dagster as dg

from pipelines.defs.assets import TABLE_ASSETS, file_ledger, published_warehouse
from pipelines.defs.checks import ALL_CHECKS
from pipelines.defs.outputs import OUTPUT_ASSETS
from pipelines.defs.resources import FormsWarehouse, warehouse_from_env
from pipelines.defs.schedules import nightly_schedule
from pipelines.defs.sensors import raw_files_sensor

INGEST_JOB = "ingest"
# A failed run is retried from the start (its build file is private to the run).
RETRY_TAGS = {"dagster/max_retries": "2", "dagster/retry_strategy": "ALL_STEPS"}


def build_definitions(warehouse: FormsWarehouse | None = None) -> dg.Definitions:
    """All assets, checks, the ingestion job, schedule and sensor, bound to one warehouse."""
    resource = warehouse or warehouse_from_env()
    assets = [file_ledger, *TABLE_ASSETS, published_warehouse, *OUTPUT_ASSETS]
    ingest = dg.define_asset_job(
        INGEST_JOB,
        selection=dg.AssetSelection.assets(*assets) | dg.AssetSelection.checks(*ALL_CHECKS),
        executor_def=dg.in_process_executor,
        tags=RETRY_TAGS,
        description="Load new and changed forms into a build, check it, publish it.",
    )
    return dg.Definitions(
        assets=assets,
        asset_checks=ALL_CHECKS,
        jobs=[ingest],
        schedules=[nightly_schedule(ingest)],
        sensors=[raw_files_sensor(ingest, resource)],
        resources={"forms_warehouse": resource},
    )


defs = build_definitions()
