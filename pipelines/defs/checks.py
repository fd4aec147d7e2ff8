"""Asset checks: blocking integrity checks gate publishing; data-quality checks warn.

Integrity checks (``pipelines.check.integrity``) guard what the loader promises; when one
fails, Dagster does not run the assets downstream of the checked table, so
``published_warehouse`` never replaces the published file with a broken build.
Data-quality checks report what the forms themselves get wrong (they are review
findings too) as warnings, and never stop anyone else's data.
"""

from collections.abc import Iterator

import dagster as dg
import duckdb
import polars as pl

from pipelines.check.integrity import (
    INTEGRITY_CHECKS,
    RAW_FILES_ACCOUNTED,
    missing_files,
    run_integrity_check,
)
from pipelines.core.sql_files import read_sql
from pipelines.defs.assets import markdown_table
from pipelines.defs.resources import FormsWarehouse
from pipelines.load.rebuild import rebuild_mode
from pipelines.load.warehouse import query_frame
from pipelines.parse.parse_file import input_paths

DATA_QUALITY_RULES: dict[str, str] = {
    "funds_total_mismatch": "项目资金总额 = 财政资金 + 其他资金",
    "funds_annual_mismatch": "年度资金申请总额 = 当年财政拨款 + 上年结转资金 + 其他资金",
    "funds_annual_exceeds_total": "年度资金申请总额 ≤ 项目资金总额",
    "planned_start_after_end": "planned start ≤ planned end",
    "planned_dates_outside_year": "planned dates inside the fiscal year",
    "target_number_unparsed": "every target with a digit parsed to a number",
    "unknown_level_name": "level names all from the known framework",
    "duplicate_declaration": "no project declared twice",
}
SHOWN_ROWS = 20


def _result(failing: pl.DataFrame, **kwargs: object) -> dg.AssetCheckResult:
    metadata = {"failing_rows": failing.height}
    if failing.height:
        metadata["rows"] = dg.MetadataValue.md(markdown_table(failing.head(SHOWN_ROWS)))
    return dg.AssetCheckResult(passed=failing.is_empty(), metadata=metadata, **kwargs)



def table_checks(table: str) -> dg.AssetChecksDefinition:
    """Every blocking check of one table, in one step with one connection.

    One step per table rather than per check: each step of the in-process executor costs
    some 25 ms, which at about 45 steps was a second of every night, quiet ones included.
    """
    checks = [c for c in INTEGRITY_CHECKS if c.table == table]
    listing = [RAW_FILES_ACCOUNTED] if RAW_FILES_ACCOUNTED.table == table else []
    specs = [dg.AssetCheckSpec(c.name, asset=table, blocking=True, description=c.description)
             for c in checks + listing]

    @dg.multi_asset_check(specs=specs, name=f"{table}_integrity")
    def _checks(context: dg.AssetCheckExecutionContext,
                forms_warehouse: FormsWarehouse) -> Iterator[dg.AssetCheckResult]:
        run_id = context.run.run_id
        with forms_warehouse.open_run(run_id) as con:
            unchanged = rebuild_mode(con, run_id) == "none"
            for check in checks:
                yield (_unchanged_tables(check.name, table) if unchanged else
                       _result(run_integrity_check(con, check), check_name=check.name,
                               asset_key=table))
            if listing:
                yield _raw_files_accounted(forms_warehouse, run_id, con)

    return _checks


def _unchanged_tables(name: str, table: str) -> dg.AssetCheckResult:
    """A night that rebuilt nothing has the published tables, which passed every check
    when they were published; checking millions of rows again would make an unchanged
    night cost as much as the size of the warehouse."""
    return dg.AssetCheckResult(check_name=name, asset_key=table, passed=True, metadata={
        "failing_rows": 0, "checked": "no: tables unchanged since the run that published them"})


def _raw_files_accounted(forms_warehouse: FormsWarehouse, run_id: str,
                         con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    """Every file under raw/ (or, publishing from fragments, every file the partitions
    listed) appears in ingest_files (a night that builds nothing has compared the whole
    folder with the published pipeline state already)."""
    if not forms_warehouse.builds(run_id):
        return dg.AssetCheckResult(
            check_name=RAW_FILES_ACCOUNTED.name, asset_key="ingest_files", passed=True,
            metadata={"failing_rows": 0, "checked": (
                "by pipeline_state: every listed file matched its parsed rows (a night with "
                "nothing to do), and the published ingest_files passed this check when "
                "published")})
    fragments = forms_warehouse.fragment_source()
    if fragments is not None:  # a partitioned run: the files its partitions listed
        paths = [row["path"] for row in fragments.listing()]
    else:
        raw = forms_warehouse.raw
        paths = input_paths(raw) if raw.is_dir() else []
    missing = missing_files(con, paths)
    return _result(pl.DataFrame({"path": missing}, schema={"path": pl.String}),
                   check_name=RAW_FILES_ACCOUNTED.name, asset_key="ingest_files")


def data_quality_checks() -> dg.AssetChecksDefinition:
    """The forms' own data-quality rules, warnings on review_findings, in one step."""
    specs = [dg.AssetCheckSpec(rule_id, asset="review_findings", blocking=False,
                               description=f"Data quality: {meaning}. Failing forms still "
                                           "load; each failure is a row of review_findings.")
             for rule_id, meaning in DATA_QUALITY_RULES.items()]

    @dg.multi_asset_check(specs=specs, name="review_findings_data_quality")
    def _checks(context: dg.AssetCheckExecutionContext,
                forms_warehouse: FormsWarehouse) -> Iterator[dg.AssetCheckResult]:
        with forms_warehouse.open_run(context.run.run_id) as con:
            for rule_id in DATA_QUALITY_RULES:
                failing = query_frame(con, read_sql("cli/findings_of_rule.sql"), [rule_id])
                yield _result(failing, check_name=rule_id, asset_key="review_findings",
                              severity=dg.AssetCheckSeverity.WARN)

    return _checks


@dg.asset_check(asset="page_coverage", name="pages_accounted", blocking=False,
                description="Every page that prints a target table is accounted for: a form "
                            "read from it, quarantined or stated empty, or a page of another "
                            "kind (contents, prose, self-evaluation). Unaccounted pages still "
                            "publish; each is a row of page_coverage with outcome "
                            "'unaccounted'.")
def pages_accounted(context: dg.AssetCheckExecutionContext,
                    forms_warehouse: FormsWarehouse) -> dg.AssetCheckResult:
    """A warning, not a gate: one odd page must not hold back every other file's forms,
    but it must be seen (status and the report list the pages too)."""
    with forms_warehouse.open_run(context.run.run_id) as con:
        failing = query_frame(con, read_sql("status/unaccounted_pages.sql"))
    return _result(failing, severity=dg.AssetCheckSeverity.WARN)


ALL_CHECKS = [
    *(table_checks(table) for table in dict.fromkeys(c.table for c in INTEGRITY_CHECKS)),
    data_quality_checks(),
    pages_accounted,
]
