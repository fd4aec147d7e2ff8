"""Severities come from one list (pipelines.core.id_labels.SEVERITIES): the rules' type, the
letters, the report, status and every SQL ordering follow it, and the per-severity count
columns dashboards read exist for each of its severities."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import warehouse_rows

from pipelines.core.id_labels import SEVERITIES, SEVERITY_LABELS
from pipelines.core.sql_files import SQL_DIR
from pipelines.load.views import create_views
from pipelines.outputs.report.charts import SEVERITY_COLOURS
from pipelines.review.labels import create_label_table
from pipelines.review.letter_docx import SEVERITY_ORDER
from pipelines.review.rules import Severity


def test_every_severity_list_is_the_one_list() -> None:
    assert SEVERITIES == tuple(SEVERITY_LABELS) == get_args(Severity)
    assert tuple(SEVERITY_ORDER) == SEVERITIES
    assert tuple(SEVERITY_COLOURS) == SEVERITIES


def test_no_query_spells_the_severities_out_to_order_by_them() -> None:
    spelled = [p.relative_to(SQL_DIR) for p in SQL_DIR.rglob("*.sql")
               if "when 'error'" in p.read_text("utf-8")]
    assert spelled == []


def test_severity_rank_and_count_columns_follow_the_list(tmp_path: Path) -> None:
    con = warehouse_rows.new_warehouse(tmp_path / "w.duckdb")
    create_views(con)
    create_label_table(con)
    ranks = con.execute("select id, rank from review_labels where kind = 'severity' "
                        "order by rank").fetchall()
    assert ranks == [(severity, rank) for rank, severity in enumerate(SEVERITIES, start=1)]
    columns = {row[0] for row in con.execute(
        "select column_name from duckdb_columns() where table_name = 'project_scorecard'"
    ).fetchall()}
    assert {f"{severity}_count" for severity in SEVERITIES} <= columns
    con.close()
