"""Exports for analysts: Parquet, CSV and one Excel workbook from the published warehouse.

Not everyone who needs the data runs SQL against DuckDB: data teams want Parquet they can
scan with polars or Spark, finance staff want Excel.  The export writes, from the published
warehouse opened read-only (a nightly run can replace it meanwhile; this connection keeps
its snapshot):

- ``parquet/<relation>/`` for every table and view of schema ``main`` (never the pipeline's
  internal schema), in hive layout ``fiscal_year=<year>/data_0.parquet`` when the relation
  has a fiscal year (or its owner has one, see ``sql/export/with_year/``), else one
  ``data.parquet``.  Amounts stay DECIMAL.
- ``csv/<relation>/`` in the same layout (``fiscal_year=<year>/data_0.csv`` or
  ``data.csv``), UTF-8 with a byte-order mark (Excel reads the Chinese text), text that
  Excel would take for a formula prefixed with ``'`` (OWASP); numbers stay numbers.
- ``forms.xlsx``: project scorecard, review findings and (while it fits a sheet) indicators
  for finance staff, text written as text (never formulas), amounts formatted as money.

An export rewrites only what changed: each fiscal-year partition whose rows' digest differs
from the one in ``.manifest.json``, and the workbook when what its sheets hold changed.
Each rewritten part is built in ``out_dir/.export-tmp-*`` and renamed into place, so a
reader sees the previous partition or the new one, never half of one.  The SQL is set-based
COPY (streaming, memory bounded by DuckDB's limit); the workbook is streamed by XlsxWriter
in constant-memory mode.  No Dagster import: an asset or the CLI wraps this.

One job a module:

- ``tables``: every public relation's partitions, digested and written as Parquet and CSV;
- ``workbook``: the finance staff's ``forms.xlsx``;
- ``sheet_rows``: a sheet's data rows as XML into XlsxWriter's constant-memory row file;
- ``folder``: :func:`export_warehouse`, which writes what changed in a temporary folder,
  swaps it into place and keeps the manifest, under a lock.
"""
