"""Stage 4, load: the frames into a DuckDB build file beside the published one: the pipeline
state (files, contents, parsed rows), the public tables built from it, the views, the
fragments of a partitioned parse.
"""
