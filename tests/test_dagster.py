"""Dagster wiring: definitions load, and a real materialization into a tmp_path warehouse."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.definitions import INGEST_JOB, build_definitions, defs
from pipelines.defs.resources import FormsWarehouse
from tests.conftest import SEED
from tests.warehouse_helpers import make_raw, table

TABLES = ("ingest_files", "quarantine", "projects", "project_revisions", "funds", "indicators")


def test_definitions_load() -> None:
    dg.Definitions.validate_loadable(defs)
    job = defs.resolve_job_def(INGEST_JOB)
    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    assert set(TABLES) <= keys
    assert {"file_ledger", "published_warehouse"} <= keys
    assert job.executor_def.name == "in_process"


def test_materialize_into_tmp_warehouse(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    resource = FormsWarehouse(raw_dir=str(make_raw(tmp_path, SEED)),
                              warehouse_path=str(warehouse))
    local = build_definitions(resource)
    result = local.resolve_job_def(INGEST_JOB).execute_in_process(
        instance=dg.DagsterInstance.ephemeral()
    )
    assert result.success
    materialized = {m.asset_key.to_user_string(): m.metadata
                    for m in result.asset_materializations_for_node("projects")}
    assert materialized["projects"]["dagster/row_count"].value == 5
    assert "残疾人就业保障金" in materialized["projects"]["preview"].value
    assert table(warehouse, "select count(*) as n from indicators") == [{"n": 47}]
    leftovers = [p.name for p in tmp_path.iterdir() if ".build-" in p.name]
    assert leftovers == []
