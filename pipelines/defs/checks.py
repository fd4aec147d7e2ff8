"""Asset checks: blocking integrity checks gate publishing; data-quality checks warn.

Integrity checks (``pipelines.integrity``) guard what the loader promises; when one
fails, Dagster does not run the assets downstream of the checked table, so
``published_warehouse`` never replaces the published file with a broken build.
Data-quality checks report what the forms themselves get wrong (they are review
findings too) as warnings, and never stop anyone else's data.
"""

import dagster as dg
import polars as pl

from pipelines.defs.assets import markdown_table
from pipelines.defs.resources import FormsWarehouse
from pipelines.ingest import input_paths
from pipelines.integrity import INTEGRITY_CHECKS, Check, missing_files, run_integrity_check
from pipelines.ledger import rebuild_mode
from pipelines.warehouse import query_frame, read_sql

CHECKED_TABLE: dict[str, str] = {
    "project_id_unique": "projects",
    "required_columns": "projects",
    "indicators_have_project": "indicators",
    "fund_item_unique": "funds",
    "indicator_seq_unique": "indicators",
    "funds_have_project": "funds",
    "funds_amount_exact": "funds",
    "ingest_counts_add_up": "ingest_files",
    "ingest_path_unique": "ingest_files",
    "quarantine_rows_present": "quarantine",
    "quarantine_scope_valid": "quarantine",
    "department_target_id_unique": "department_targets",
    "department_tasks_have_target": "department_tasks",
    "department_indicators_have_target": "department_indicators",
}
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


def integrity_check(check: Check) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=CHECKED_TABLE[check.name], name=check.name, blocking=True,
                    description=check.description)
    def _check(context: dg.AssetCheckExecutionContext,
               forms_warehouse: FormsWarehouse) -> dg.AssetCheckResult:
        with forms_warehouse.open_run(context.run.run_id) as con:
            if rebuild_mode(con, context.run.run_id) == "none":
                return _unchanged_tables()
            return _result(run_integrity_check(con, check))

    return _check


def _unchanged_tables() -> dg.AssetCheckResult:
    """A night that rebuilt nothing has the published tables, which passed every check
    when they were published; checking millions of rows again would make an unchanged
    night cost as much as the size of the warehouse."""
    return dg.AssetCheckResult(passed=True, metadata={
        "failing_rows": 0, "checked": "no: tables unchanged since the run that published them"})


@dg.asset_check(asset="ingest_files", blocking=True,
                description="Every file under raw/ appears in ingest_files.")
def raw_files_accounted(context: dg.AssetCheckExecutionContext,
                        forms_warehouse: FormsWarehouse) -> dg.AssetCheckResult:
    if not forms_warehouse.builds(context.run.run_id):
        return dg.AssetCheckResult(passed=True, metadata={"failing_rows": 0, "checked": (
            "by file_ledger: every listed file matched its ledger row (a night with nothing "
            "to do), and the published ingest_files passed this check when published")})
    raw = forms_warehouse.raw
    paths = input_paths(raw) if raw.is_dir() else []
    with forms_warehouse.open_run(context.run.run_id) as con:
        missing = missing_files(con, paths)
    return _result(pl.DataFrame({"path": missing}, schema={"path": pl.String}))


def data_quality_check(rule_id: str, meaning: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset="review_findings", name=rule_id, blocking=False,
                    description=f"Data quality: {meaning}. Failing forms still load; "
                                "each failure is a row of review_findings.")
    def _check(context: dg.AssetCheckExecutionContext,
               forms_warehouse: FormsWarehouse) -> dg.AssetCheckResult:
        with forms_warehouse.open_run(context.run.run_id) as con:
            failing = query_frame(con, read_sql("cli/findings_of_rule.sql"), [rule_id])
        return _result(failing, severity=dg.AssetCheckSeverity.WARN)

    return _check


ALL_CHECKS = [
    *(integrity_check(c) for c in INTEGRITY_CHECKS),
    raw_files_accounted,
    *(data_quality_check(rule, meaning) for rule, meaning in DATA_QUALITY_RULES.items()),
]
