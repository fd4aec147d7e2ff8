"""The seed (raw/) loads to exactly tests/expected/seed_expected.json: parser and warehouse.

Both are copies of ../shared, so that the fast tier needs nothing beside the clone; the
corpus tier checks that neither copy has drifted from its original.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.parse.parse_file import process_file
from tests.conftest import SEED, SEED_EXPECTED, SHARED
from tests.seed_compare import assert_forms_match
from tests.warehouse_helpers import ingest, make_raw, table


def test_parser_reads_the_seed_exactly(seed_bytes: bytes, seed_expected: list[dict]) -> None:
    result = process_file(SEED, SEED.parent)
    assert result.status == "loaded"
    assert result.problems == []
    assert_forms_match(result.forms, seed_expected)


@pytest.mark.parametrize("copy, original", [
    (SEED, SHARED / "seeds" / SEED.name),
    (SEED_EXPECTED, SHARED / "seed_expected.json"),
], ids=["seed", "expectation"])
def test_the_copies_inside_the_repo_are_those_of_shared(copy: Path, original: Path) -> None:
    if not original.exists():
        pytest.skip(f"{original.relative_to(SHARED.parent)} is not beside the repo")
    assert copy.read_bytes() == original.read_bytes()


def _warehouse_projects(warehouse: Path) -> list[dict]:
    projects = table(warehouse, "select * from projects order by source_line")
    funds = table(warehouse, "select * from funds")
    indicators = table(warehouse, "select * from indicators order by project_id, seq")
    out = []
    for p in projects:
        record = {k: p[k] for k in ("project_name", "fiscal_year", "project_nature",
                                    "project_category", "department", "implementing_unit")}
        record["planned_start"] = p["planned_start"].isoformat()
        record["planned_end"] = p["planned_end"].isoformat()
        record["funds"] = {f["item"]: str(f["amount_yuan"]) for f in funds
                           if f["project_id"] == p["project_id"]}
        record["indicators"] = [
            {k: i[k] for k in ("level1", "level2", "name", "target_raw")}
            for i in indicators if i["project_id"] == p["project_id"]
        ]
        out.append(record)
    return out


def test_warehouse_holds_exactly_the_seed(tmp_path: Path, seed_expected: list[dict]) -> None:
    warehouse = tmp_path / "w" / "forms.duckdb"
    ingest(make_raw(tmp_path, SEED), warehouse)
    assert _warehouse_projects(warehouse) == seed_expected
    (total,) = table(warehouse, "select sum(amount_yuan) as s from funds where item = 'total'")
    assert total["s"] == Decimal("2248723.84")
    types = table(warehouse, "select data_type from duckdb_columns() "
                             "where schema_name = 'main' and table_name = 'funds' "
                             "and column_name = 'amount_yuan'")
    assert types == [{"data_type": "DECIMAL(18,2)"}]


def test_every_row_carries_provenance(tmp_path: Path) -> None:
    warehouse = tmp_path / "forms.duckdb"
    ingest(make_raw(tmp_path, SEED), warehouse)
    for name in ("projects", "funds", "indicators"):
        rows = table(warehouse, f"select source_file, source_sha256, source_line, source_locator "
                                f"from {name}")
        assert rows
        assert all(r["source_file"] == SEED.name for r in rows)
        assert all(len(r["source_sha256"]) == 64 for r in rows)
        assert all(r["source_line"] >= 1 and r["source_locator"] for r in rows)
    first = table(warehouse, "select source_line from indicators where name = ?",
                  ["残保金缴纳完成率"])
    assert first == [{"source_line": 15}]


def test_targets_are_parsed_in_the_warehouse(tmp_path: Path) -> None:
    warehouse = tmp_path / "forms.duckdb"
    ingest(make_raw(tmp_path, SEED), warehouse)
    rows = table(warehouse, "select target_op, target_value, target_unit, is_quantitative "
                            "from indicators where name = ?", ["发生问题相应时间"])
    assert rows == [{"target_op": "=", "target_value": Decimal("24.000000"),
                     "target_unit": "小时", "is_quantitative": True}]
    vague = table(warehouse, "select count(*) as n from indicators where target_raw = '及时' "
                             "and not is_quantitative and target_value is null")
    assert vague[0]["n"] == 6


def test_project_id_is_stable_across_runs(tmp_path: Path) -> None:
    first, second = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    raw = make_raw(tmp_path, SEED)
    ingest(raw, first)
    ingest(raw, second)
    times = "exclude (run_id, ingested_at, first_seen_at, changed_at)"
    query = f"select * {times} from ingest_files"
    assert table(first, query) == table(second, query)
    for name in ("projects", "funds", "indicators", "quarantine"):
        sql = f"select * from {name} order by all"
        assert table(first, sql) == table(second, sql), name
    revisions = "select * exclude (first_seen_at) from project_revisions order by all"
    assert table(first, revisions) == table(second, revisions)


def test_a_process_pool_gives_the_same_tables(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    raw = make_raw(tmp_path, SEED)
    text = SEED.read_text("utf-8")
    for n in range(4):
        (raw / f"copy_{n}.txt").write_text(text.replace("托育服务指导中心", f"中心{n}"), "utf-8")
    serial, pooled = tmp_path / "serial.duckdb", tmp_path / "pooled.duckdb"
    ingest(raw, serial)
    monkeypatch.setenv("FORMS_WORKERS", "2")
    ingest(raw, pooled)
    for name in ("projects", "funds", "indicators", "quarantine"):
        sql = f"select * from {name} order by all"
        assert table(serial, sql) == table(pooled, sql), name
    assert table(pooled, "select count(*) as n from projects") == [{"n": 25}]
