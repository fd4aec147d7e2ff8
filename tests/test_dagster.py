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
    assert {"pipeline_state", "published_warehouse"} <= keys
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


def test_nightly_schedule_runs_at_two_beijing_time() -> None:
    schedule = defs.resolve_schedule_def("nightly_ingest")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "Asia/Shanghai"
    assert schedule.job_name == INGEST_JOB


def test_ingest_job_is_retried_and_runs_checks() -> None:
    job = defs.resolve_job_def(INGEST_JOB)
    assert job.tags["dagster/max_retries"] == "2"
    checks = {key.name for key in job.asset_layer.asset_graph.asset_check_keys}
    assert {"project_id_unique", "raw_files_accounted", "funds_total_mismatch"} <= checks


def test_sensor_requests_one_run_per_content_change(tmp_path: Path) -> None:
    raw, warehouse = make_raw(tmp_path, SEED), tmp_path / "w.duckdb"
    local = build_definitions(FormsWarehouse(raw_dir=str(raw), warehouse_path=str(warehouse)))
    sensor = local.resolve_sensor_def("raw_files_changed")
    with dg.instance_for_test() as instance:
        first = sensor.evaluate_tick(dg.build_sensor_context(instance=instance))
        again = sensor.evaluate_tick(dg.build_sensor_context(instance=instance))
    assert len(first.run_requests) == 1
    assert first.run_requests[0].run_key == again.run_requests[0].run_key
    local.resolve_job_def(INGEST_JOB).execute_in_process(instance=dg.DagsterInstance.ephemeral())
    with dg.instance_for_test() as instance:
        after = sensor.evaluate_tick(dg.build_sensor_context(instance=instance))
    assert after.run_requests == [] and after.skip_message
