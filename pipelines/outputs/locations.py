"""Where a warehouse's outputs live: named after the warehouse, beside it.

Two warehouses kept in one folder (``one.duckdb`` and ``w.duckdb``) used to share one
``exports/`` folder and one ``report.html``, so each night overwrote the other's outputs.
Each output is now named after its warehouse's file name without its suffix:
``warehouse/forms.duckdb`` -> ``warehouse/forms.exports/`` and ``warehouse/forms.report.html``.
The Dagster assets and the ``export`` and ``report`` commands take their defaults from here.
"""

from __future__ import annotations

from pathlib import Path

EXPORTS_SUFFIX = ".exports"
REPORT_SUFFIX = ".report.html"


def exports_dir(warehouse: Path) -> Path:
    """The Parquet, CSV and workbook folder of ``warehouse`` (``forms.exports/``)."""
    return warehouse.with_name(warehouse.stem + EXPORTS_SUFFIX)


def report_path(warehouse: Path) -> Path:
    """The HTML report of ``warehouse`` (``forms.report.html``)."""
    return warehouse.with_name(warehouse.stem + REPORT_SUFFIX)
