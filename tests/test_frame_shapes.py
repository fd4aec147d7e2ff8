"""The frames' shapes come from the SQL tables (one list of columns), and a row builder that
drifts from them is stopped rather than silently padded or trimmed by polars."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import polars as pl
import pytest

from pipelines.core.sql_files import read_sql
from pipelines.normalize.frames import table_frame
from pipelines.normalize.schemas import PARSED_TABLES, SCHEMAS, polars_type


def test_every_parsed_table_has_a_frame_of_its_columns() -> None:
    with duckdb.connect(":memory:") as con:
        con.execute(read_sql("schema.sql"))
        con.execute(read_sql("pipeline_state.sql"))
        for name in (*PARSED_TABLES, "contents"):
            table = "contents" if name == "contents" else f"parsed_{name}"
            columns = con.execute(f"describe pipeline_state.{table}").fetchall()
            assert list(SCHEMAS[name]) == [column[0] for column in columns]
    assert {"projects", "funds", "indicators", "quarantine"} <= set(PARSED_TABLES)


def test_money_and_target_values_stay_exact_decimals() -> None:
    assert SCHEMAS["funds"]["amount_yuan"] == pl.Decimal(18, 2)
    assert SCHEMAS["indicators"]["target_value"] == pl.Decimal(24, 6)
    assert polars_type("DECIMAL(9,2)") == pl.Decimal(9, 2)


def test_a_row_missing_a_column_is_stopped_with_its_name() -> None:
    row = {name: None for name in SCHEMAS["funds"] if name != "amount_yuan"}
    with pytest.raises(ValueError, match="amount_yuan"):
        table_frame("funds", [row])


def test_a_row_with_an_unknown_column_is_stopped_with_its_name() -> None:
    row = {**{name: None for name in SCHEMAS["funds"]}, "amount_wan": Decimal(1)}
    with pytest.raises(ValueError, match="amount_wan"):
        table_frame("funds", [row])


def test_rows_of_the_table_shape_become_a_typed_frame() -> None:
    row = {name: None for name in SCHEMAS["funds"]} | {"amount_yuan": Decimal("12.30")}
    frame = table_frame("funds", [row])
    assert frame.schema["amount_yuan"] == pl.Decimal(18, 2)
    assert frame["amount_yuan"].to_list() == [Decimal("12.30")]
