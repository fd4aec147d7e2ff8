"""Write-audit-publish: a failing blocking check keeps the published warehouse untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import pipelines.load.warehouse
from pipelines.commands.cli import run_ingest
from tests.conftest import SEED
from tests.warehouse_helpers import ingest, make_raw, table

ORPHAN_INDICATOR = """;
insert into indicators (project_id, seq, name, is_quantitative, source_file, source_sha256,
                        source_line, source_locator)
values ('no-such-project', 1, '孤儿指标', false, 'x.txt', 'deadbeef', 1, 'line 1')"""
ORPHAN_DEPARTMENT_INDICATOR = """;
insert into department_indicators (target_id, seq, name, is_quantitative, source_file,
                                   source_sha256, source_line, source_locator)
values ('no-such-target', 1, '孤儿指标', false, 'x.txt', 'deadbeef', 1, 'line 1')"""


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def published(tmp_path: Path) -> Path:
    warehouse = tmp_path / "forms.duckdb"
    ingest(make_raw(tmp_path, SEED), warehouse)
    return warehouse


@pytest.mark.parametrize(
    ("build_file", "orphan", "check"),
    [
        ("build/indicators.sql", ORPHAN_INDICATOR, "indicators_have_project"),
        ("build/department_indicators.sql", ORPHAN_DEPARTMENT_INDICATOR,
         "department_indicators_have_target"),
    ],
)
def test_orphan_row_fails_the_blocking_check_and_nothing_is_published(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    build_file: str, orphan: str, check: str,
) -> None:
    before = file_hash(published)
    original = pipelines.load.warehouse.read_sql

    def broken_sql(name: str) -> str:
        text = original(name)
        return text + orphan if name == build_file else text

    monkeypatch.setattr(pipelines.load.warehouse, "read_sql", broken_sql)
    (tmp_path / "raw" / "new form.txt").write_bytes(SEED.read_bytes().replace(
        "残疾人就业保障金".encode(), "新项目".encode()))
    result = run_ingest(tmp_path / "raw", published)
    assert not result.success
    failed = [e.event_specific_data for e in result.all_events
              if e.event_type_value == "ASSET_CHECK_EVALUATION"
              and not e.event_specific_data.passed and e.event_specific_data.blocking]
    assert [c.check_name for c in failed] == [check]
    assert file_hash(published) == before
    assert not list(tmp_path.glob("forms.duckdb.build-*"))
    assert table(published, "select count(*) as n from projects") == [{"n": 5}]


def test_next_run_after_a_failed_check_publishes_normally(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = pipelines.load.warehouse.read_sql
    monkeypatch.setattr(pipelines.load.warehouse, "read_sql", lambda name: original(name) + (
        ORPHAN_INDICATOR if name == "build/indicators.sql" else ""))
    (tmp_path / "raw" / "new form.txt").write_bytes(SEED.read_bytes().replace(
        "残疾人就业保障金".encode(), "新项目".encode()))  # the night has work to do
    assert not run_ingest(tmp_path / "raw", published).success
    monkeypatch.undo()
    ingest(tmp_path / "raw", published)
    new_project = table(published, "select count(*) as n from indicators "
                                   "join projects using (project_id) "
                                   "where project_name = '新项目'")[0]["n"]
    assert new_project > 0
    assert table(published, "select count(*) as n from indicators") == [{"n": 47 + new_project}]
    assert table(published, "select count(*) as n from projects") == [{"n": 6}]
