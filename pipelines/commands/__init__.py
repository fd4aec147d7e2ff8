"""The command line (``python -m pipelines …``): argument parsing, one-line errors and exit
codes, query, status, ingest and the review commands.
"""
