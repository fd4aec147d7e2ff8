"""What people read from a published warehouse: the exports (Parquet, CSV, the workbook) and
the HTML report.
"""
