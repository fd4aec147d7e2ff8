"""Warehouse rows built from tests/expected/seed_expected.json, for tests of the review and views.

The seed holds five real projects (funds and 47 indicators) as the parser should read
them.  This module turns them into the rows the loader would write, with made-up but
consistent provenance, so tests of what sits on top of the warehouse need no parser.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipelines.load.review_tables import ensure_review_findings
from pipelines.load.versions import create_tables
from pipelines.normalize.ids import project_key
from pipelines.normalize.schemas import SCHEMAS
from pipelines.parse.forms import DECLARATION
from pipelines.parse.targets import parse_target
from pipelines.review.findings import build_review_findings
from tests.conftest import SEED_EXPECTED

REPO = Path(__file__).resolve().parents[1]

SEED_FILE = "raw/000_seed.txt"
TEMPLATE = DECLARATION
RUN_ID = "test-run"
FUND_LABELS = {
    "total": "项目资金总额",
    "fiscal": "其中：财政资金",
    "other": "其他资金",
    "annual_total": "年度资金申请总额",
    "annual_appropriation": "其中：当年财政拨款",
    "carryover": "上年结转资金",
    "annual_other": "其他资金",
}
LINES_PER_FORM = 40
SEED_TIME = datetime(2024, 1, 1, 9, 0)


def target_columns(raw: str) -> dict[str, Any]:
    """The indicators columns the parser derives from one target text."""
    target = parse_target(raw)
    quantitative = target is not None and target.is_quantitative
    return {
        "target_raw": raw,
        "target_op": target.op if quantitative else None,
        "target_value": target.value if quantitative else None,
        "target_unit": target.unit if quantitative else None,
        "is_quantitative": quantitative,
    }


def load_seed() -> list[dict[str, Any]]:
    """The seed projects as written in tests/expected/seed_expected.json."""
    return json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))


def seed_id(project: dict[str, Any]) -> str:
    """project_id of one seed project."""
    return project_key(
        project["fiscal_year"], project["implementing_unit"], project["project_name"]
    )


def _provenance(line: int) -> dict[str, Any]:
    return {
        "source_file": SEED_FILE,
        "source_sha256": hashlib.sha256(SEED_FILE.encode()).hexdigest(),
        "source_line": line,
        "source_locator": f"line {line}",
    }


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _project_row(form_seq: int, project: dict[str, Any]) -> dict[str, Any]:
    line = 1 + (form_seq - 1) * LINES_PER_FORM
    return {
        "project_id": seed_id(project),
        **{key: project.get(key) for key in _PROJECT_TEXT},
        "fiscal_year": project["fiscal_year"],
        "planned_start": _date(project.get("planned_start")),
        "planned_end": _date(project.get("planned_end")),
        "template": TEMPLATE,
        "form_title": "财政项目支出绩效目标申报表",
        "amount_unit": "元",
        **_provenance(line),
        "form_seq": form_seq,
    }


_PROJECT_TEXT = (
    "project_name",
    "project_nature",
    "project_category",
    "department",
    "department_code",
    "implementing_unit",
    "overall_goal",
    "annual_goal",
)


def _fund_rows(form_seq: int, project: dict[str, Any]) -> list[dict[str, Any]]:
    line = 5 + (form_seq - 1) * LINES_PER_FORM
    return [
        {
            "project_id": seed_id(project),
            "item": item,
            "amount_yuan": Decimal(amount),
            "unit_as_written": "元",
            "amount_as_written": f"{Decimal(amount):,}",
            "label_as_written": FUND_LABELS[item],
            **_provenance(line + offset),
        }
        for offset, (item, amount) in enumerate(project["funds"].items())
    ]


def _indicator_rows(form_seq: int, project: dict[str, Any]) -> list[dict[str, Any]]:
    line = 12 + (form_seq - 1) * LINES_PER_FORM
    rows = []
    for seq, indicator in enumerate(project["indicators"], start=1):
        rows.append(
            {
                "project_id": seed_id(project),
                "seq": seq,
                "level1": indicator["level1"],
                "level2": indicator["level2"],
                "name": indicator["name"],
                **target_columns(indicator["target_raw"]),
                "level1_as_written": indicator["level1"],
                "level2_as_written": indicator["level2"],
                **_provenance(line + seq),
            }
        )
    return rows


def _frame(table: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Rows as a frame with the warehouse's types (polars would guess ints and floats)."""
    frame = pl.DataFrame(rows, infer_schema_length=None)
    types = SCHEMAS[table]
    return frame.with_columns(
        pl.col(name).cast(types[name], strict=True) for name in frame.columns if name in types
    )


def seed_frames(seed: list[dict[str, Any]] | None = None) -> dict[str, pl.DataFrame]:
    """projects, funds, indicators, project_revisions and ingest_files rows for the seed."""
    seed = load_seed() if seed is None else seed
    forms = list(enumerate(seed, start=1))
    projects = _frame("projects", [_project_row(n, p) for n, p in forms])
    return {
        "projects": projects,
        "funds": _frame("funds", [row for n, p in forms for row in _fund_rows(n, p)]),
        "indicators": _frame(
            "indicators", [row for n, p in forms for row in _indicator_rows(n, p)]
        ),
        "project_revisions": projects.select(
            "project_id",
            pl.lit("current").alias("status"),
            "fiscal_year",
            "project_name",
            "implementing_unit",
            "source_file",
            "source_sha256",
            "source_line",
            "form_seq",
            pl.lit(SEED_TIME).alias("first_seen_at"),
        ),
        "ingest_files": pl.DataFrame(
            {
                "path": [SEED_FILE],
                "sha256": [hashlib.sha256(SEED_FILE.encode()).hexdigest()],
                "format": ["tsv"],
                "status": ["loaded"],
                "forms_found": [len(seed)],
                "forms_loaded": [len(seed)],
                "forms_quarantined": [0],
                "run_id": [RUN_ID],
                "ingested_at": [SEED_TIME],
                "first_seen_at": [SEED_TIME],
                "changed_at": [SEED_TIME],
            }
        ),
    }


def insert_frames(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> None:
    """Append each frame to the table of its name, matching columns by name.

    Columns the table does not have are left out, so the fixture keeps working while
    the schema grows; a required column the fixture lacks still fails loudly.
    """
    for table, frame in frames.items():
        columns = {
            row[0]
            for row in con.execute(
                """
                select column_name from duckdb_columns()
                where database_name = current_database()
                    and schema_name = current_schema()
                    and table_name = $table
                """,
                {"table": table},
            ).fetchall()
        }
        con.register("rows_frame", frame.select(c for c in frame.columns if c in columns))
        con.execute(f"insert into {table} by name select * from rows_frame")
        con.unregister("rows_frame")


def new_warehouse(db_path: Path, with_seed: bool = True,
                  reviewed: bool = True) -> duckdb.DuckDBPyConnection:
    """A fresh warehouse file with the tables a real build creates (``create_tables``),
    loaded with the seed unless told not to, and its review findings unless told not to."""
    con = duckdb.connect(str(db_path))
    create_tables(con)
    ensure_review_findings(con)
    if with_seed:
        insert_frames(con, seed_frames())
        if reviewed:
            build_review_findings(con)
    return con
