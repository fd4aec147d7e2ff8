"""The shape of every frame the normalise stage makes, read from the tables it fills.

The tables of ``sql/schema.sql`` (public) and ``sql/ledger.sql`` (the ``pipeline_state``
schema, whose ``parsed_<name>`` tables are made from the public ones) are the one list of
row shapes: the frames take their column names, order and types from there, so a column
added to the SQL reaches the frames without a second list to keep in step.  A test checks
that every row builder fills exactly these columns.

Frames carry exact decimals (money as DECIMAL(18,2), target values as DECIMAL(24,6)), as
the tables do.
"""

from __future__ import annotations

import re
from functools import cache

import duckdb
import polars as pl

from pipelines.core.sql_files import read_sql

# the indicator columns a template may print beside the target (权重, 指标解释, …): the
# parser keeps them in ``Indicator.extras`` under these keys
EXTRA_KEYS = (
    "weight",
    "explanation",
    "value_content",
    "scoring_standard",
    "remark",
    "period_target",
)

_SIMPLE_TYPES: dict[str, pl.DataType] = {
    "VARCHAR": pl.String(),
    "INTEGER": pl.Int32(),
    "BIGINT": pl.Int64(),
    "BOOLEAN": pl.Boolean(),
    "DATE": pl.Date(),
    "TIMESTAMP": pl.Datetime("us"),
}
_DECIMAL = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")
STATE_SCHEMA = "pipeline_state"
PARSED_PREFIX = "parsed_"


def polars_type(duckdb_type: str) -> pl.DataType:
    """The polars type of a DuckDB column type as ``information_schema`` spells it."""
    decimal = _DECIMAL.fullmatch(duckdb_type)
    if decimal:
        return pl.Decimal(int(decimal[1]), int(decimal[2]))
    return _SIMPLE_TYPES[duckdb_type]


@cache
def _state_columns() -> dict[str, dict[str, pl.DataType]]:
    """Every ``pipeline_state`` table's columns, from the SQL run in an in-memory database."""
    with duckdb.connect(":memory:") as con:
        con.execute(read_sql("schema.sql"))
        con.execute(read_sql("ledger.sql"))
        rows = con.execute(read_sql("ledger/state_columns.sql"), [STATE_SCHEMA]).fetchall()
    tables: dict[str, dict[str, pl.DataType]] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, {})[column] = polars_type(data_type)
    return tables


def _frame_schemas() -> dict[str, dict[str, pl.DataType]]:
    """Frame name -> columns: ``contents`` and each ``parsed_<name>`` table as ``<name>``."""
    tables = _state_columns()
    schemas = {"contents": tables["contents"]}
    for table, columns in tables.items():
        if table.startswith(PARSED_PREFIX):
            schemas[table.removeprefix(PARSED_PREFIX)] = columns
    return schemas


SCHEMAS: dict[str, dict[str, pl.DataType]] = _frame_schemas()
# The parsed rows kept between runs, each named after the public table it feeds and stored
# as pipeline_state.parsed_<name> (the frames' ``contents`` is the state's own table).
PARSED_TABLES = tuple(name for name in SCHEMAS if name != "contents")
