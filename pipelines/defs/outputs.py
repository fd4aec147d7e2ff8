"""Thin assets after publishing: the analysts' exports and the visual report.

Both read the published warehouse read-only and are regenerated when a run published a
new file; after a night that kept the published file they are kept too (see
``pipelines.outputs.freshness``), so an unchanged night stays cheap at a million forms.
"""

import dagster as dg
import polars as pl

from pipelines.defs.assets import markdown_table
from pipelines.defs.resources import FormsWarehouse
from pipelines.outputs.export.folder import export_warehouse
from pipelines.outputs.freshness import is_current, mark_current
from pipelines.outputs.report.write import write_report


def _kept(what: str) -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={
        "regenerated": False,
        "reason": f"the published warehouse has not changed since the {what} was made"})


@dg.asset(deps=["published_warehouse"], group_name="publish", kinds={"parquet", "csv", "excel"})
def exports(forms_warehouse: FormsWarehouse) -> dg.MaterializeResult:
    """Parquet (hive layout by fiscal year), formula-safe CSV and an Excel workbook of every
    public table and view, under ``warehouse/forms.exports/`` (named after the warehouse;
    only the fiscal-year partitions whose rows changed are rewritten)."""
    out, published = forms_warehouse.exports_dir, forms_warehouse.published
    if not forms_warehouse.exports:
        return dg.MaterializeResult(metadata={
            "regenerated": False, "reason": "exports are switched off (FORMS_EXPORTS=0)"})
    if is_current(out, published):
        return _kept("exports")
    summary = export_warehouse(published, out)
    mark_current(out, published)
    return dg.MaterializeResult(metadata={"regenerated": True, **summary.to_metadata()})


@dg.asset(deps=["published_warehouse"], group_name="publish", kinds={"html"})
def report(forms_warehouse: FormsWarehouse) -> dg.MaterializeResult:
    """One self-contained HTML page of charts and the projects needing attention
    (``warehouse/forms.report.html``); opens offline, from a file share or an e-mail."""
    out, published = forms_warehouse.report_path, forms_warehouse.published
    if is_current(out, published):
        return _kept("report")
    summary = write_report(published, out, forms_warehouse.raw)
    mark_current(out, published)
    return dg.MaterializeResult(metadata={
        "regenerated": True, **summary.as_metadata(),
        "report": dg.MetadataValue.path(str(out)),
        "findings_by_rule": dg.MetadataValue.md(_table(summary.findings)),
        "needing_attention": dg.MetadataValue.md(_table(summary.attention)),
    })


def _table(rows: tuple[dict, ...]) -> str:
    """A report table as Markdown for the Dagster UI (texts shortened, pipes escaped)."""
    return markdown_table(pl.DataFrame(list(rows))) if rows else "(none)"


OUTPUT_ASSETS = [exports, report]
