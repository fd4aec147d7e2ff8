"""Dagster entry point: ``dagster dev -m pipelines.definitions``."""


import dagster as dg

from pipelines.defs.assets import TABLE_ASSETS, file_ledger, published_warehouse
from pipelines.defs.resources import FormsWarehouse, warehouse_from_env

INGEST_JOB = "ingest"


def build_definitions(warehouse: FormsWarehouse | None = None) -> dg.Definitions:
    """All assets, checks and the ingestion job, bound to one warehouse resource."""
    assets = [file_ledger, *TABLE_ASSETS, published_warehouse]
    ingest = dg.define_asset_job(
        INGEST_JOB,
        selection=dg.AssetSelection.assets(*assets),
        executor_def=dg.in_process_executor,
        description="Read every raw form into a new warehouse build, check it, publish it.",
    )
    return dg.Definitions(
        assets=assets,
        jobs=[ingest],
        resources={"forms_warehouse": warehouse or warehouse_from_env()},
    )


defs = build_definitions()
