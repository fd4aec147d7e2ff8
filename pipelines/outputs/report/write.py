"""``write_report``: read the warehouse, draw the charts and sections, write the page, and say
what was written (for a Dagster asset's metadata or a command's last line)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipelines.core import settings
from pipelines.core.files import write_atomically
from pipelines.load.warehouse import connect
from pipelines.outputs.report.attention import (
    attention_section,
    pages_section,
    partial_section,
    problems_section,
)
from pipelines.outputs.report.charts import build_charts
from pipelines.outputs.report.data import (
    DEFAULT_LIMITS,
    ReportLimits,
    Row,
    load_partial,
    load_report_data,
)
from pipelines.outputs.report.page import render_page
from pipelines.outputs.report.sections import departments_section
from pipelines.outputs.report.self_evaluations import (
    load_self_evaluations,
    self_evaluations_section,
)
from pipelines.review.rules import RULE_TITLES

DEFAULT_RAW = Path("raw")
BRIEF_ROWS = 10  # attention rows in the summary the Dagster UI shows


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """What was written, for a Dagster asset's metadata or a command's last line."""

    path: Path
    bytes: int
    charts: int
    attention_rows: int
    flagged_projects: int
    projects: int
    generated_at: str
    # the report's two tables in brief, for the Dagster UI: findings by rule and severity,
    # and the first projects needing attention
    findings: tuple[dict, ...] = ()
    attention: tuple[dict, ...] = ()

    def as_metadata(self) -> dict[str, str | int]:
        """Plain values (no Dagster types) that ``MaterializeResult(metadata=...)`` accepts."""
        return {"path": str(self.path), "bytes": self.bytes, "charts": self.charts,
                "attention_rows": self.attention_rows,
                "flagged_projects": self.flagged_projects, "projects": self.projects,
                "generated_at": self.generated_at}


def default_raw(warehouse: Path) -> Path:
    """The folder the forms came from when no one says: ``$FORMS_RAW_DIR``, else ``raw/``
    beside the warehouse or beside its folder (``make run`` makes ``raw/`` and
    ``warehouse/forms.duckdb``), found from the warehouse and never from where the command
    happens to run."""
    if settings.RAW_DIR.given():
        return Path(settings.RAW_DIR.text()).resolve()
    here = warehouse.resolve().parent
    beside = here / "raw"
    return beside if beside.is_dir() else here.parent / DEFAULT_RAW


def write_report(warehouse: Path, out: Path, raw: Path | None = None,
                 limits: ReportLimits = DEFAULT_LIMITS,
                 now: datetime | None = None) -> ReportSummary:
    """Write the HTML report of ``warehouse`` to ``out`` and say what was written.

    ``raw`` is the folder the warehouse was ingested from (:func:`default_raw` when not
    given): source links point at ``raw/<source_file>``, relative to the report's own folder,
    so they work wherever the command ran and keep working when the report and raw/ are
    moved or served together.  The file is written beside ``out`` and renamed into place, so
    a reader never sees half a report.
    """
    raw = default_raw(warehouse) if raw is None else raw
    if not warehouse.is_file():
        raise FileNotFoundError(f"no warehouse at {warehouse}; run the ingest first")
    generated = (now or datetime.now().astimezone()).isoformat(timespec="seconds")
    with connect(warehouse, read_only=True) as con:
        data = load_report_data(con, warehouse, limits)
        partial = load_partial(con, limits.attention_rows)
        evaluated = load_self_evaluations(con, limits.attention_rows)
    charts = build_charts(data, limits)
    page = render_page(data, charts, warehouse, generated,
                       attention_section(data.attention, raw, out.parent)
                       + departments_section(data.departments, raw, out.parent)
                       + self_evaluations_section(evaluated)
                       + problems_section(data.problems, raw, out.parent)
                       + pages_section(data, raw, out.parent)
                       + partial_section(partial, raw, out.parent))
    size = write_atomically(out, page.encode("utf-8"))  # a browser never sees half a page
    flagged = int(data.attention[0]["flagged_total"]) if data.attention else 0
    return ReportSummary(path=out, bytes=size, charts=len(charts),
                         attention_rows=len(data.attention), flagged_projects=flagged,
                         projects=int(data.overview["project_count"]), generated_at=generated,
                         findings=tuple(_brief_finding(row) for row in data.findings),
                         attention=tuple(_brief_attention(row)
                                         for row in data.attention[:BRIEF_ROWS]))



def _brief_finding(row: Row) -> dict:
    return {"rule": row["rule_id"], "title": RULE_TITLES.get(row["rule_id"], row["rule_id"]),
            "severity": row["severity"],
            "findings": int(row["finding_count"]), "projects": int(row["project_count"])}


def _brief_attention(row: Row) -> dict:
    return {"project": row["project_name"], "unit": row["implementing_unit"],
            "errors": int(row["error_count"]), "warnings": int(row["warning_count"]),
            "worst": row["worst_message"], "source": row["source_file"]}
