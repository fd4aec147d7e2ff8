"""The review and the views on the real pipeline's output, not on hand-made rows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.conftest import SEED
from tests.warehouse_helpers import ingest, make_raw, table


def test_vague_targets_of_the_seed_are_named(seed_warehouse: Path) -> None:
    rows = table(seed_warehouse, "select i.target_raw from review_findings r join indicators i "
                                 "on i.project_id = r.project_id and i.seq = r.indicator_seq "
                                 "where r.rule_id = 'vague_qualitative_target'")
    vague = {r["target_raw"] for r in rows}
    assert {"提升", "及时", "建立健全"} <= vague
    assert not any(ch.isdigit() for text in vague for ch in text)


def test_the_seed_has_no_arithmetic_errors(seed_warehouse: Path) -> None:
    rows = table(seed_warehouse, "select count(*) as n from review_findings "
                                 "where rule_id like 'funds_%' or severity = 'error'")
    assert rows == [{"n": 0}]


def test_funds_by_unit_matches_a_hand_computation(seed_warehouse: Path,
                                                  seed_expected: list[dict]) -> None:
    by_hand = sum(Decimal(p["funds"]["total"]) for p in seed_expected)
    rows = table(seed_warehouse, "select total, project_count from funds_by_unit "
                                 "where fiscal_year = 2023 and implementing_unit = ?",
                 ["上海市闵行区托育服务指导中心"])
    assert rows == [{"total": by_hand, "project_count": 5}]
    assert by_hand == Decimal("2248723.84")


def test_every_view_returns_rows(seed_warehouse: Path) -> None:
    for view in ("project_funds", "funds_by_unit", "funds_by_year", "funds_by_department",
                 "indicator_mix_by_project", "indicator_mix_by_unit", "project_scorecard",
                 "numeric_targets"):
        assert table(seed_warehouse, f"select count(*) as n from {view}")[0]["n"] > 0, view


def test_a_total_that_does_not_add_up_loads_and_is_reported(tmp_path: Path) -> None:
    raw = make_raw(tmp_path, SEED)
    text = SEED.read_text("utf-8")
    # project 1 total 11,043.84 but fiscal funds raised by 100 元: a declared mismatch
    broken = text.replace("其中：财政资金\t\t11,043.84", "其中：财政资金\t\t11,143.84", 1)
    assert broken != text
    (raw / "差额.txt").write_text(broken.replace("闵行区托育服务指导中心", "另一中心"), "utf-8")
    warehouse = tmp_path / "forms.duckdb"
    ingest(raw, warehouse)
    rows = table(warehouse, "select r.severity, r.message, p.project_name from review_findings r "
                            "join projects p using (project_id) "
                            "where r.rule_id = 'funds_total_mismatch'")
    assert len(rows) == 1
    assert rows[0]["severity"] == "error"
    assert rows[0]["project_name"] == "残疾人就业保障金"
    assert "100.00" in rows[0]["message"]
    assert table(warehouse, "select count(*) as n from projects") == [{"n": 10}]
