"""Nightly incremental ingestion: parse only what changed, keep every file's history."""

from __future__ import annotations

import os
import shutil
from decimal import Decimal
from pathlib import Path

import dagster as dg
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.bench.changes import change_files
from pipelines.bench.forms import generate_corpus
from pipelines.defs.sensors import changes_run_key
from pipelines.load import rebuild
from pipelines.load.plan import scan_raw
from pipelines.load.quiet_nights import pending_changes, quiet_night, quiet_runs
from pipelines.load.runs import last_run as last_run_of
from pipelines.load.runs import quiet_runs_path
from pipelines.load.warehouse import connect
from pipelines.parse.parse_file import path_order
from tests.conftest import SEED
from tests.warehouse_helpers import ingest, make_raw, table

PUBLIC = ("projects", "funds", "indicators", "quarantine", "project_revisions",
          "ingest_files", "ingest_file_events", "review_findings")
SINGLE_FORM_LINES = slice(23, 43)  # seed form 2, title to last indicator (lines 24-43)


def single_form(name: str, total: str = "599,280.00") -> bytes:
    lines = SEED.read_text("utf-8").splitlines()[SINGLE_FORM_LINES]
    text = "\n".join(lines).replace("2022年教育综改项目(市拨专项)", name)
    return text.replace("599,280.00", total, 1).encode("utf-8")


def snapshot(warehouse: Path) -> dict[str, list[dict]]:
    return {name: table(warehouse, f"select * from {name} order by all") for name in PUBLIC}


def last_run(warehouse: Path) -> dict:
    with connect(warehouse, read_only=True) as con:
        run = last_run_of(con, warehouse)
    assert run is not None
    return run


@pytest.fixture()
def folder(tmp_path: Path) -> tuple[Path, Path]:
    raw = make_raw(tmp_path, SEED)
    (raw / "单个 项目.txt").write_bytes(single_form("单个项目"))
    warehouse = tmp_path / "w" / "forms.duckdb"
    ingest(raw, warehouse)
    return raw, warehouse


def test_second_run_without_changes_parses_nothing_and_changes_nothing(folder) -> None:
    raw, warehouse = folder
    before = snapshot(warehouse)
    ingest(raw, warehouse)
    assert last_run(warehouse)["contents_parsed"] == 0
    assert last_run(warehouse)["files_unchanged"] == 2
    assert snapshot(warehouse) == before


def test_a_night_with_nothing_to_do_keeps_the_published_file_and_records_itself(
        folder) -> None:
    raw, warehouse = folder
    published = warehouse.stat()
    quiet = ingest(raw, warehouse)
    kept = warehouse.stat()
    assert (kept.st_ino, kept.st_mtime_ns) == (published.st_ino, published.st_mtime_ns)
    assert not list(warehouse.parent.glob("*.build-*"))
    assert quiet_runs(warehouse)["run_id"].to_list() == [quiet.run_id]
    assert last_run(warehouse)["run_id"] == quiet.run_id
    (raw / "另一个.txt").write_bytes(single_form("另一个项目"))
    building = ingest(raw, warehouse)
    runs = table(warehouse, "select run_id, files_new, contents_parsed from ingest_runs "
                            "order by started_at")
    assert runs[-2:] == [{"run_id": quiet.run_id, "files_new": 0, "contents_parsed": 0},
                         {"run_id": building.run_id, "files_new": 1, "contents_parsed": 1}]
    assert not quiet_runs_path(warehouse).exists()


def test_a_touched_file_is_not_a_quiet_night(folder) -> None:
    """Same bytes, new mtime: nothing to parse, but the pipeline state must learn the new mtime or
    every later night hashes the file again."""
    raw, warehouse = folder
    target = raw / "单个 项目.txt"
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 10**9))
    assert not quiet_night(warehouse, list(scan_raw(raw)))
    ingest(raw, warehouse)
    assert quiet_night(warehouse, list(scan_raw(raw)))
    assert last_run(warehouse)["files_changed"] == 0


def test_changing_one_file_updates_exactly_that_project(folder) -> None:
    raw, warehouse = folder
    before = snapshot(warehouse)
    target = raw / "单个 项目.txt"
    target.write_bytes(single_form("单个项目", total="700,000.00"))
    ingest(raw, warehouse)
    assert last_run(warehouse)["contents_parsed"] == 1
    after = snapshot(warehouse)
    changed = [p for p in after["projects"] if p not in before["projects"]]
    assert [p["project_name"] for p in changed] == ["单个项目"]
    unchanged = [p for p in before["projects"] if p["project_name"] != "单个项目"]
    assert all(p in after["projects"] for p in unchanged)
    total = table(warehouse, "select f.amount_yuan from funds f join projects p using "
                             "(project_id) where p.project_name = ? and f.item = 'total'",
                  ["单个项目"])
    assert total == [{"amount_yuan": Decimal("700000.00")}]
    events = table(warehouse, "select path, event from ingest_file_events "
                              "where event = 'changed'")
    assert events == [{"path": "单个 项目.txt", "event": "changed"}]
    statuses = table(warehouse, "select status, count(*) as n from project_revisions "
                                "where project_name = ? group by all order by all", ["单个项目"])
    assert statuses == [{"status": "current", "n": 1}, {"status": "retired", "n": 1}]


def test_deleting_a_file_retires_its_rows(folder) -> None:
    raw, warehouse = folder
    (raw / "单个 项目.txt").unlink()
    ingest(raw, warehouse)
    names = [p["project_name"] for p in table(warehouse, "select * from projects")]
    assert "单个项目" not in names and len(names) == 5
    row = table(warehouse, "select status, removed_at from ingest_files where path = ?",
                ["单个 项目.txt"])[0]
    assert row["status"] == "removed" and row["removed_at"] is not None
    assert last_run(warehouse)["files_removed"] == 1
    # restoring the same bytes needs no parsing: the content is still in the pipeline state
    (raw / "单个 项目.txt").write_bytes(single_form("单个项目"))
    ingest(raw, warehouse)
    assert last_run(warehouse)["contents_parsed"] == 0
    assert "单个项目" in [p["project_name"] for p in table(warehouse, "select * from projects")]


def test_same_bytes_under_two_names_load_once(folder) -> None:
    raw, warehouse = folder
    shutil.copy(raw / "单个 项目.txt", raw / "copy.txt")
    ingest(raw, warehouse)
    assert last_run(warehouse)["contents_parsed"] == 0
    files = {r["path"]: r for r in table(warehouse, "select * from ingest_files")}
    assert files["copy.txt"]["status"] == "duplicate"
    assert files["copy.txt"]["duplicate_of"] == "单个 项目.txt"
    assert table(warehouse, "select count(*) as n from projects") == [{"n": 6}]


def test_a_later_file_revises_the_same_project(folder) -> None:
    raw, warehouse = folder
    (raw / "修订.txt").write_bytes(single_form("单个项目", total="650,000.00"))
    ingest(raw, warehouse)
    current = table(warehouse, "select source_file from projects where project_name = ?",
                    ["单个项目"])
    assert current == [{"source_file": "修订.txt"}]
    revisions = table(warehouse, "select status, source_file, superseded_by_file "
                                 "from project_revisions where project_name = ? order by status",
                      ["单个项目"])
    assert revisions == [
        {"status": "current", "source_file": "修订.txt", "superseded_by_file": None},
        {"status": "superseded", "source_file": "单个 项目.txt",
         "superseded_by_file": "修订.txt"},
    ]
    findings = table(warehouse, "select rule_id from review_findings "
                                "where rule_id = 'duplicate_declaration'")
    assert len(findings) == 1


def test_forms_of_one_document_are_never_revisions_of_each_other(folder) -> None:
    """烟台 prints several different projects under one name and unit in one disclosure:
    each is its own project, and only a later document revises them, form by form."""
    raw, warehouse = folder
    three = [single_form("城建标准", total) for total in ("100.00", "105.34", "150.00")]
    (raw / "文件甲.txt").write_bytes(b"\n".join(three))
    ingest(raw, warehouse)
    projects = table(warehouse, "select project_id, source_locator from projects "
                                "where project_name = '城建标准' order by source_line")
    assert len(projects) == 3 == len({p["project_id"] for p in projects})
    totals = table(warehouse, "select sum(f.amount_yuan) as s from funds as f join projects "
                              "using (project_id) where project_name = '城建标准' "
                              "and item = 'total'")
    assert totals == [{"s": Decimal("355.34")}]
    assert table(warehouse, "select status, count(*) as n from project_revisions "
                            "where project_name = '城建标准' group by status") == [
        {"status": "current", "n": 3}]

    # a later document with the same forms revises each of them, the k-th by the k-th
    revised = [single_form("城建标准", total) for total in ("101.00", "106.00", "151.00")]
    (raw / "文件乙.txt").write_bytes(b"\n".join(revised))
    ingest(raw, warehouse)
    revisions = table(warehouse, "select status, source_file, count(*) as n "
                                 "from project_revisions where project_name = '城建标准' "
                                 "group by all order by all")
    assert revisions == [{"status": "current", "source_file": "文件乙.txt", "n": 3},
                         {"status": "superseded", "source_file": "文件甲.txt", "n": 3}]
    totals = table(warehouse, "select sum(f.amount_yuan) as s from funds as f join projects "
                              "using (project_id) where project_name = '城建标准' "
                              "and item = 'total'")
    assert totals == [{"s": Decimal("358.00")}]


def test_touching_a_file_without_changing_it_is_not_a_change(folder) -> None:
    raw, warehouse = folder
    target = raw / "单个 项目.txt"
    os.utime(target, ns=(1, 1))
    ingest(raw, warehouse)
    run = last_run(warehouse)
    assert (run["files_changed"], run["contents_parsed"]) == (0, 0)


def test_sensor_sees_pending_changes_keyed_by_content(folder) -> None:
    raw, warehouse = folder
    assert pending_changes(raw, warehouse) == []
    (raw / "新.txt").write_bytes(single_form("新项目"))
    first = pending_changes(raw, warehouse)
    assert [(p, e) for p, e, _ in first] == [("新.txt", "new")]
    os.utime(raw / "新.txt", ns=(5, 5))
    again = pending_changes(raw, warehouse)
    assert changes_run_key(again) == changes_run_key(first)
    ingest(raw, warehouse)
    assert pending_changes(raw, warehouse) == []


def test_file_history_gives_every_files_status_at_every_run(folder) -> None:
    raw, warehouse = folder
    (raw / "单个 项目.txt").unlink()
    ingest(raw, warehouse)
    history = table(warehouse, "select path, status, last_event from file_history "
                               "where path = ? order by started_at", ["单个 项目.txt"])
    assert history == [
        {"path": "单个 项目.txt", "status": "loaded", "last_event": "new"},
        {"path": "单个 项目.txt", "status": "removed", "last_event": "removed"},
    ]
    runs = table(warehouse, "select count(distinct run_id) as n from file_history")
    assert runs == [{"n": 2}]


def test_a_new_parser_version_reparses_but_keeps_history(folder,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    raw, warehouse = folder
    (raw / "修订.txt").write_bytes(single_form("单个项目", total="650,000.00"))
    ingest(raw, warehouse)
    (raw / "单个 项目.txt").unlink()  # its content becomes history (retired)
    ingest(raw, warehouse)
    before = snapshot(warehouse)
    seen = "select sha256, first_seen_at from pipeline_state.contents order by all"
    first_seen = table(warehouse, seen)
    monkeypatch.setattr("pipelines.load.versions.PARSER_VERSION", "test-next")
    ingest(raw, warehouse)
    run = last_run(warehouse)
    assert (run["full_reparse"], run["contents_parsed"]) == (True, 2)
    assert table(warehouse, seen) == first_seen
    after = snapshot(warehouse)
    for name in ("projects", "funds", "indicators", "project_revisions"):
        assert after[name] == before[name], name


def rebuilt_by_run(result: dg.ExecuteInProcessResult) -> dict[str, bool]:
    """The ``rebuilt`` flag each table asset reported in this run."""
    flags = {}
    for event in result.all_events:
        if event.event_type_value == "ASSET_MATERIALIZATION":
            materialization = event.event_specific_data.materialization
            if "rebuilt" in materialization.metadata:
                flags[materialization.asset_key.to_user_string()] = (
                    materialization.metadata["rebuilt"].value)
    return flags


def test_unchanged_night_keeps_the_published_tables_instead_of_rebuilding(folder) -> None:
    raw, warehouse = folder
    state_rows = table(warehouse, "select * from pipeline_state.files order by path")
    result = ingest(raw, warehouse)
    flags = rebuilt_by_run(result)
    assert {"projects", "indicators", "review_findings"} <= flags.keys()
    assert not any(flags.values()), flags
    assert table(warehouse, "select * from pipeline_state.files order by path") == state_rows
    (raw / "单个 项目.txt").write_bytes(single_form("单个项目", total="700,000.00"))
    assert all(rebuilt_by_run(ingest(raw, warehouse)).values())


def test_a_changed_rule_or_build_file_rebuilds_an_unchanged_folder(
    folder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tables depend on the code as well as the files: a new rule must show up
    the next night even when no file changed."""
    raw, warehouse = folder
    before = snapshot(warehouse)
    monkeypatch.setattr(rebuild, "build_fingerprint", lambda: "code of a later release")
    assert all(rebuilt_by_run(ingest(raw, warehouse)).values())
    assert snapshot(warehouse) == before
    assert not any(rebuilt_by_run(ingest(raw, warehouse)).values())


@pytest.mark.parametrize("name", ["review/goal_empty.sql", "build/funds.sql",
                                  "views/project_scorecard.sql", "schema.sql"])
def test_the_fingerprint_changes_with_sql_that_shapes_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    sql = tmp_path / "sql"
    shutil.copytree(rebuild.SQL_DIR, sql)
    monkeypatch.setattr(rebuild, "SQL_DIR", sql)
    before = rebuild.build_fingerprint()
    assert rebuild.build_fingerprint() == before
    (sql / name).write_text((sql / name).read_text("utf-8") + "\n-- tuned\n", "utf-8")
    assert rebuild.build_fingerprint() != before


def test_the_fingerprint_ignores_sql_that_only_reads_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new command or check must not make the next night rebuild every table."""
    sql = tmp_path / "sql"
    shutil.copytree(rebuild.SQL_DIR, sql)
    monkeypatch.setattr(rebuild, "SQL_DIR", sql)
    before = rebuild.build_fingerprint()
    (sql / "cli" / "a_new_command.sql").write_text("select 1\n", "utf-8")
    (sql / "checks" / "a_new_check.sql").write_text("select 1\n", "utf-8")
    assert rebuild.build_fingerprint() == before


ALL_PUBLIC = (*PUBLIC, "category_declarations", "department_targets", "department_tasks",
               "department_indicators", "empty_forms")


def build_modes(result: dg.ExecuteInProcessResult) -> set[str]:
    return {event.event_specific_data.materialization.metadata["build_mode"].value
            for event in result.all_events
            if event.event_type_value == "ASSET_MATERIALIZATION"
            and "build_mode" in event.event_specific_data.materialization.metadata}


def test_an_incremental_night_gives_exactly_the_tables_of_a_full_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rebuilding only the touched projects must not differ from rebuilding everything:
    changed files, a removed one, a renamed one and a copy of another under a new name."""
    raw = tmp_path / "raw"
    generate_corpus(raw, 600, seed=7)
    warehouse = tmp_path / "w" / "forms.duckdb"
    ingest(raw, warehouse)
    texts = sorted(p for p in raw.rglob("*.txt") if p.stat().st_size > 1000)
    assert change_files(raw, 0.05, seed=8)
    texts[0].unlink()
    texts[1].rename(texts[1].with_name("改名 " + texts[1].name))
    shutil.copy(texts[2], texts[2].with_name("副本 " + texts[2].name))
    assert build_modes(ingest(raw, warehouse)) == {"incremental"}
    incremental = {name: table(warehouse, f"select * from {name} order by all")
                   for name in ALL_PUBLIC}
    monkeypatch.setattr(rebuild, "build_fingerprint", lambda: "a full rebuild")
    assert build_modes(ingest(raw, warehouse)) == {"full"}
    full = {name: table(warehouse, f"select * from {name} order by all")
            for name in ALL_PUBLIC}
    assert [name for name in ALL_PUBLIC if incremental[name] != full[name]] == []
    assert len(full["projects"]) > 100


def blocking_checks(result: dg.ExecuteInProcessResult) -> dict:
    evaluations = [e.event_specific_data for e in result.all_events
                   if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    return {ev.check_name: ev for ev in evaluations if ev.blocking}


def test_unchanged_night_does_not_recheck_the_published_tables(folder) -> None:
    """The published tables passed every blocking check; a night with nothing to do
    keeps them and says so (its own folder comparison stands for raw_files_accounted)."""
    raw, warehouse = folder
    blocking = blocking_checks(ingest(raw, warehouse))
    assert blocking and all(ev.passed for ev in blocking.values())
    assert {name for name, ev in blocking.items() if "checked" in ev.metadata} == set(blocking)


def test_a_night_that_builds_compares_the_folder_with_ingest_files(folder) -> None:
    """Same bytes, new mtime: the build keeps the tables, but the folder is compared."""
    raw, warehouse = folder
    target = raw / "单个 项目.txt"
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 10**9))
    blocking = blocking_checks(ingest(raw, warehouse))
    assert all(ev.passed for ev in blocking.values())
    compared = {name for name, ev in blocking.items() if "checked" not in ev.metadata}
    assert compared == {"raw_files_accounted"}


SELF_EVALUATION_TABLES = ("self_evaluations", "self_evaluation_funds",
                          "self_evaluation_indicators", "department_self_evaluations",
                          "department_self_evaluation_tasks",
                          "department_self_evaluation_indicators")


def downgrade_to_schema_10(warehouse: Path) -> None:
    """Lay the warehouse out as schema version 10 had it: findings without evaluation_id."""
    with connect(warehouse) as con:
        con.execute("alter table review_findings drop column evaluation_id")
        con.execute("update pipeline_state.meta set value = '10' where key = 'schema_version'")


def downgrade_to_schema_9(warehouse: Path) -> None:
    """Lay the warehouse out as schema version 9 had it: no self-evaluation tables."""
    downgrade_to_schema_10(warehouse)
    with connect(warehouse) as con:
        for name in SELF_EVALUATION_TABLES:
            con.execute(f"drop table {name}")
            con.execute(f"drop table pipeline_state.parsed_{name}")
        con.execute("update pipeline_state.meta set value = '9' where key = 'schema_version'")


def downgrade_to_schema_8(warehouse: Path) -> None:
    """Lay the pipeline state out as schema version 8 had it: parsed tables named by their own
    words (forms, problems, department forms, declarations), not the public tables'."""
    downgrade_to_schema_9(warehouse)
    with connect(warehouse) as con:
        for now, then in (("projects", "forms"), ("quarantine", "problems"),
                          ("department_targets", "department_forms"),
                          ("category_declarations", "declarations")):
            con.execute(f"alter table pipeline_state.parsed_{now} rename to parsed_{then}")
        con.execute("update pipeline_state.meta set value = '8' where key = 'schema_version'")


def downgrade_to_schema_7(warehouse: Path) -> None:
    """Lay the warehouse out as schema version 7 had it: no left_out."""
    downgrade_to_schema_8(warehouse)
    with connect(warehouse) as con:
        con.execute("drop table left_out")
        con.execute("update pipeline_state.meta set value = '7' where key = 'schema_version'")


def downgrade_to_schema_6(warehouse: Path) -> None:
    """Lay the warehouse out as schema version 6 had it: department targets without a kind."""
    downgrade_to_schema_7(warehouse)
    with connect(warehouse) as con:
        con.execute("drop table page_coverage")
        con.execute("drop table pipeline_state.parsed_page_coverage")
        con.execute("alter table department_targets drop column target_kind")
        con.execute("alter table pipeline_state.parsed_department_forms drop column target_kind")
        con.execute("update pipeline_state.meta set value = '6' where key = 'schema_version'")


def downgrade_to_schema_5(warehouse: Path) -> None:
    """Lay the pipeline state out as schema version 5 had it: schema ``ledger``, plain names."""
    downgrade_to_schema_6(warehouse)
    with connect(warehouse) as con:
        tables = [row[0] for row in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'pipeline_state'"
        ).fetchall()]
        con.execute("create schema ledger")
        for name in tables:
            con.execute(f"create table ledger.{name.removeprefix('parsed_')} as "
                        f"select * from pipeline_state.{name}")
        con.execute("drop schema pipeline_state cascade")
        con.execute("update ledger.meta set value = '5' where key = 'schema_version'")


@pytest.mark.parametrize("downgrade", [downgrade_to_schema_5, downgrade_to_schema_6,
                                       downgrade_to_schema_7, downgrade_to_schema_8,
                                       downgrade_to_schema_9, downgrade_to_schema_10])
def test_an_older_warehouse_is_migrated_keeping_its_history(folder, downgrade) -> None:
    raw, warehouse = folder
    before = snapshot(warehouse)
    files = table(warehouse, "select * from pipeline_state.files order by path")
    runs = table(warehouse, "select run_id from ingest_runs order by started_at")
    downgrade(warehouse)
    ingest(raw, warehouse)
    assert snapshot(warehouse) == before
    kinds = table(warehouse, "select column_name from duckdb_columns() where "
                             "table_name = 'department_targets' and column_name = 'target_kind'")
    assert len(kinds) == 1
    assert table(warehouse, "select count(*) as n from left_out") == [{"n": 0}]
    assert table(warehouse, "select * from pipeline_state.files order by path") == files
    after = table(warehouse, "select run_id, contents_parsed from ingest_runs order by started_at")
    assert [r["run_id"] for r in after[:-1]] == [r["run_id"] for r in runs]
    assert after[-1]["contents_parsed"] == 0  # migrated, not parsed again
    schemas = table(warehouse, "select distinct schema_name from duckdb_tables() order by all")
    assert schemas == [{"schema_name": "main"}, {"schema_name": "pipeline_state"}]
    public = {r["table_name"] for r in table(
        warehouse, "select table_name from duckdb_tables() where schema_name = 'main'")}
    internal = {r["table_name"] for r in table(
        warehouse, "select table_name from duckdb_tables() where schema_name <> 'main'")}
    assert not public & internal  # no internal table shadows a public name


@given(st.lists(st.text(st.sampled_from("ab -_.目/"), min_size=1, max_size=6), max_size=12))
def test_listing_order_is_the_order_of_path_components(paths: list[str]) -> None:
    assert sorted(paths, key=path_order) == sorted(paths, key=lambda p: p.split("/"))
