"""Stage 3, normalize: parsed records to the frames of the fact tables (polars), with
provenance on every row.
"""
