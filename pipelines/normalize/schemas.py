"""The shape of every frame the normalise stage makes, read from the tables it fills.

The tables of ``sql/schema.sql`` (public) and ``sql/pipeline_state.sql`` (the ``pipeline_state``
schema, whose ``parsed_<name>`` tables are made from the public ones) are the one list of
row shapes: the frames take their column names, order and types from there, so a column
added to the SQL reaches the frames without a second list to keep in step.  A test checks
that every row builder fills exactly these columns.

Frames carry exact decimals (money as DECIMAL(18,2), target values as DECIMAL(24,6)), as
the tables do.
"""

from __future__ import annotations

import re

import duckdb
import polars as pl

from pipelines.core.sql_files import STATE_SCHEMA, read_sql

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
PARSED_PREFIX = "parsed_"


def polars_type(duckdb_type: str) -> pl.DataType:
    """The polars type of a DuckDB column type as ``information_schema`` spells it."""
    decimal = _DECIMAL.fullmatch(duckdb_type)
    if decimal:
        return pl.Decimal(int(decimal[1]), int(decimal[2]))
    return _SIMPLE_TYPES[duckdb_type]


def _catalog() -> list[tuple[str, str, str, str]]:
    """(schema, table, column, type) of every table the SQL creates, in creation order: the
    public tables and the internal schema, run once in an in-memory database."""
    with duckdb.connect(":memory:") as con:
        con.execute(read_sql("schema.sql"))
        con.execute(read_sql("pipeline_state.sql"))
        return con.execute(read_sql("pipeline_state/table_columns.sql")).fetchall()


CATALOG = _catalog()


def _state_columns() -> dict[str, dict[str, pl.DataType]]:
    """Every ``pipeline_state`` table with its columns as polars types."""
    tables: dict[str, dict[str, pl.DataType]] = {}
    for schema, table, column, data_type in CATALOG:
        if schema == STATE_SCHEMA:
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
# The tables of sql/schema.sql: what a full build drops and refills (run history, review
# decisions and the internal schema are kept).
BUILT_TABLES = tuple(dict.fromkeys(table for schema, table, _, _ in CATALOG if schema == "main"))
