"""What the report is drawn from: every ``sql/report`` query, capped, read into plain rows.

The caps are parameters of the SQL (``ReportLimits``), so the page has the same size for a
hundred forms or a million; the rest of the report only formats these rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipelines.core.id_labels import SEVERITIES
from pipelines.core.sql_files import read_sql
from pipelines.load.runs import last_run
from pipelines.load.warehouse import fetch_rows, query_frame

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ReportLimits:
    """Caps that keep the page small however big the warehouse is."""

    top_units: int = 20        # units named in the unit charts; the rest are one 其他 row
    max_years: int = 8         # latest fiscal years with a funds chart; older ones only in the
                               # per-year table (years are never added together)
    max_level1: int = 6        # 一级 categories shown apart (the framework has four)
    max_level2: int = 8        # 二级 categories per 一级 shown apart
    max_rules: int = 40        # rule × severity rows (there are about twenty rules)
    attention_rows: int = 200  # projects listed in the attention table


DEFAULT_LIMITS = ReportLimits()


@dataclass(frozen=True, slots=True)
class ReportData:
    """Every query result the page is drawn from (lists of row dicts, already capped)."""

    overview: Row
    last_run: Row | None
    funds: list[Row]
    mix: list[Row]
    share: list[Row]
    findings: list[Row]
    attention: list[Row]
    pages: Row | None = None  # page coverage of the disclosures (sql/status/pages.sql)
    unaccounted_pages: list[Row] = field(default_factory=list)
    years: list[Row] = field(default_factory=list)  # the money of each fiscal year apart
    problems: list[Row] = field(default_factory=list)  # quarantined and partial files
    departments: list[Row] = field(default_factory=list)  # department-wide targets


def load_report_data(con: duckdb.DuckDBPyConnection, warehouse: Path,
                     limits: ReportLimits = DEFAULT_LIMITS) -> ReportData:
    """Run every ``sql/report`` query with its caps as parameters; the last run comes from
    the pipeline state, which also knows the quiet nights not yet folded into ingest_runs."""
    params = {"top_units": limits.top_units, "max_years": limits.max_years,
              "max_level1": limits.max_level1, "max_level2": limits.max_level2,
              "max_rules": limits.max_rules, "row_limit": limits.attention_rows,
              "severities": list(SEVERITIES)}
    rows = {name: _report_rows(con, name, params) for name in (
        "overview", "years", "funds_by_unit_year", "indicator_mix",
        "quantitative_share_by_unit", "findings_by_rule", "attention", "problem_files",
        "department_targets")}
    pages = query_frame(con, read_sql("status/pages.sql")).row(0, named=True)
    unaccounted = query_frame(con, read_sql("status/unaccounted_pages.sql"))
    return ReportData(overview=rows["overview"][0], pages=pages,
                      unaccounted_pages=unaccounted.head(limits.attention_rows).to_dicts(),
                      last_run=last_run(con, warehouse),
                      funds=rows["funds_by_unit_year"], mix=rows["indicator_mix"],
                      share=rows["quantitative_share_by_unit"],
                      findings=rows["findings_by_rule"], attention=rows["attention"],
                      years=rows["years"], problems=rows["problem_files"],
                      departments=rows["department_targets"])


def _report_rows(con: duckdb.DuckDBPyConnection, name: str,
                 params: dict[str, object]) -> list[Row]:
    """One report query's rows; only the parameters the file names are passed (DuckDB
    refuses unused ones)."""
    sql = read_sql(f"report/{name}.sql")
    used = {key: value for key, value in params.items() if f"${key}" in sql}
    return query_frame(con, sql, used or None).to_dicts()


@dataclass(frozen=True, slots=True)
class PartialLoads:
    """What was read only in part: parts of loaded forms left out, forms of cut files,
    and review workbooks from review/ with rows not recorded."""

    parts: list[Row]
    rejected: list[Row]


def load_partial(con: duckdb.DuckDBPyConnection, row_limit: int) -> PartialLoads:
    parts = query_frame(con, read_sql("report/partial_loads.sql"),
                        {"row_limit": row_limit}).to_dicts()
    has_imports = fetch_rows(con, read_sql("decisions/has_imports.sql"))[0][0]
    rejected = (query_frame(con, read_sql("status/review_rejected.sql")).to_dicts()
                if has_imports else [])
    return PartialLoads(parts=parts, rejected=rejected)
