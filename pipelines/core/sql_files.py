"""Where the SQL lives: every stage reads its statements from ``sql/`` through here.

SQL is kept in files, never in Python strings.  Core, not load, because the normalise stage
reads the table definitions too (the frames' shapes come from ``sql/schema.sql``).
"""

from __future__ import annotations

from pathlib import Path


def _sql_dir() -> Path:
    """The folder of the SQL files: ``pipelines/sql/`` in an installed wheel (pyproject.toml
    maps the repo's top-level ``sql/`` there), else ``sql/`` beside the package (a checkout
    or an editable install, where the repo's own files are read)."""
    package = Path(__file__).resolve().parents[1]
    shipped = package / "sql"
    return shipped if shipped.is_dir() else package.parent / "sql"


SQL_DIR = _sql_dir()
# The internal schema (sql/pipeline_state.sql): files, contents and the parsed rows kept
# between runs.  One word for it in code, SQL and prose: "pipeline state".
STATE_SCHEMA = "pipeline_state"


def read_sql(name: str) -> str:
    """Text of ``sql/<name>``."""
    return (SQL_DIR / name).read_text(encoding="utf-8")
