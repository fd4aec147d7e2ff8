"""Performance-target forms (绩效目标表) -> DuckDB warehouse: readers, parser, Dagster."""
