"""Exports for analysts: Parquet, CSV and one Excel workbook from the published warehouse.

Not everyone who needs the data runs SQL against DuckDB: data teams want Parquet they can
scan with polars or Spark, finance staff want Excel.  The export writes, from the published
warehouse opened read-only (a nightly run can replace it meanwhile; this connection keeps
its snapshot):

- ``parquet/<relation>/`` for every table and view of schema ``main`` (never the pipeline's
  internal schema, the pipeline state, whatever it is called), in hive layout
  ``fiscal_year=<year>/data_0.parquet`` when the relation has a fiscal year (or its owner
  has one, see ``sql/export/with_year/``), else one ``data.parquet``.  Amounts stay DECIMAL.
- ``csv/<relation>.csv`` in UTF-8 with a byte-order mark (Excel reads the Chinese text), text
  that Excel would take for a formula prefixed with ``'`` (OWASP); numbers stay numbers.
- ``forms.xlsx``: project scorecard, review findings and indicators for finance staff, text
  written as text (never formulas), amounts formatted as money.

All three are built in ``out_dir/.export-tmp-*`` and renamed into place at the end, so a
reader sees the previous export or the new one, never half of one.  The SQL is set-based
COPY (streaming, memory bounded by DuckDB's limit); the workbook is written row by row in
openpyxl's write-only mode.  No Dagster import: an asset or the CLI wraps this.

One job a module:

- ``tables``: every public relation as Parquet and CSV;
- ``workbook``: the finance staff's ``forms.xlsx``;
- ``folder``: :func:`export_warehouse`, which builds both in a temporary folder and swaps
  them into place under a lock.
"""
