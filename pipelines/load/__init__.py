"""Stage 4, load: the frames into a DuckDB build file beside the published one: the ledger of
files and runs, the derived tables, the views, the fragments of a partitioned parse.
"""
