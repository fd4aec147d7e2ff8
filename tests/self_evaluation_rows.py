"""Self-evaluation rows (绩效自评表) constructed from the seed, for tests of their review and views.

The other half of the loop: a seed project's self-evaluation as a unit that met every target
would print it (actual = target, full scores, B = A), and a department-wide one.  Tests then
change a cell with an UPDATE and see what the rules and views make of it, on a real DuckDB
file.  The ids are made here, not by the parser, and say so.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

import duckdb
import polars as pl
import warehouse_rows

from pipelines.normalize.schemas import SCHEMAS

EVALUATION_FILE = "raw/020_决算.pdf"
INDICATOR_POINTS = Decimal("10")  # 分值 of every indicator of a constructed evaluation
FUND_POINTS = Decimal("10")  # 分值 of the execution rate


def evaluation_id(*parts: object) -> str:
    """A stable made-up id for a constructed self-evaluation."""
    return hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()[:16]


def _provenance(page: int, line: int) -> dict[str, Any]:
    return {
        "source_file": EVALUATION_FILE,
        "source_sha256": hashlib.sha256(EVALUATION_FILE.encode()).hexdigest(),
        "source_line": line,
        "source_locator": f"page {page} table 1 row {line}",
    }


def _frame(table: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, infer_schema_length=None)
    types = SCHEMAS[table]
    return frame.with_columns(pl.col(c).cast(types[c], strict=True) for c in frame.columns)


def project_evaluation(project: dict[str, Any], page: int = 55) -> dict[str, pl.DataFrame]:
    """The self-evaluation of one seed project that met every target: actual = target, full
    scores, 全年执行数 = 全年预算数 (the seed's 年度资金总额)."""
    eid = evaluation_id(project["fiscal_year"], project["implementing_unit"],
                        project["project_name"])
    budget = Decimal(project["funds"]["annual_total"])
    indicators = [
        {
            "evaluation_id": eid,
            "seq": seq,
            "level1": indicator["level1"],
            "level2": indicator["level2"],
            "name": indicator["name"],
            **warehouse_rows.target_columns(indicator["target_raw"]),
            **_actual_columns(indicator["target_raw"]),
            "max_score": INDICATOR_POINTS,
            "score": INDICATOR_POINTS,
            "deviation_reason": None,
            "met": True,
            "level1_as_written": indicator["level1"],
            "level2_as_written": indicator["level2"],
            **_provenance(page, 10 + seq),
        }
        for seq, indicator in enumerate(project["indicators"], start=1)
    ]
    total = INDICATOR_POINTS * len(indicators) + FUND_POINTS
    return {
        "self_evaluations": _frame("self_evaluations", [{
            "evaluation_id": eid,
            "project_id": warehouse_rows.seed_id(project),
            "fiscal_year": project["fiscal_year"],
            "project_name": project["project_name"],
            "department": project["department"],
            "implementing_unit": project["implementing_unit"],
            "goal_expected": project.get("annual_goal"),
            "goal_achieved": "已完成年度目标",
            "max_score_total": total,
            "score_total": total,
            "amount_unit": "元",
            "template": "项目支出绩效自评表",
            "form_title": "项目支出绩效自评表",
            "fiscal_year_source": "form",
            **_provenance(page, 1),
            "form_seq": page,
        }]),
        "self_evaluation_funds": _frame("self_evaluation_funds", [{
            "evaluation_id": eid,
            "item": "annual_total",
            "initial_budget_yuan": budget,
            "budget_yuan": budget,
            "executed_yuan": budget,
            "max_score": FUND_POINTS,
            "execution_rate_pct": Decimal("100.00"),
            "score": FUND_POINTS,
            "unit_as_written": "元",
            "label_as_written": "年度资金总额",
            "amounts_as_written": f"{budget} | {budget} | {budget} | 10 | 100% | 10",
            **_provenance(page, 5),
        }]),
        "self_evaluation_indicators": _frame("self_evaluation_indicators", indicators),
    }


def _actual_columns(raw: str) -> dict[str, Any]:
    """The actual_* columns of an actual written as ``raw``, parsed like a target."""
    parsed = warehouse_rows.target_columns(raw)
    return {"actual_raw": raw, "actual_op": parsed["target_op"],
            "actual_value": parsed["target_value"], "actual_unit": parsed["target_unit"]}


DEPARTMENT = "闵行区教育局"
DEPARTMENT_EVALUATION = evaluation_id(2023, DEPARTMENT)


def department_evaluation(page: int = 30) -> dict[str, pl.DataFrame]:
    """A department-wide self-evaluation: one task (B = A, full score) and two indicators met
    in full; 总分 = 10 + 20."""
    budget = Decimal("500000.00")
    return {
        "department_self_evaluations": _frame("department_self_evaluations", [{
            "evaluation_id": DEPARTMENT_EVALUATION,
            "fiscal_year": 2023,
            "department": DEPARTMENT,
            "budget_yuan": budget,
            "executed_yuan": budget,
            "execution_rate_pct": Decimal("100.00"),
            "max_score_total": Decimal("30"),
            "score_total": Decimal("30"),
            "goal_expected": "保障托育服务",
            "goal_achieved": "已完成",
            "amount_unit": "元",
            "form_title": "部门整体支出绩效自评表",
            "fiscal_year_source": "form",
            "department_source": "form",
            **_provenance(page, 1),
            "form_seq": page,
        }]),
        "department_self_evaluation_tasks": _frame("department_self_evaluation_tasks", [{
            "evaluation_id": DEPARTMENT_EVALUATION,
            "seq": 1,
            "task_name": "托育服务",
            "budget_yuan": budget,
            "executed_yuan": budget,
            "max_score": Decimal("10"),
            "execution_rate_pct": Decimal("100.00"),
            "score": Decimal("10"),
            **_provenance(page, 4),
        }]),
        "department_self_evaluation_indicators": _frame("department_self_evaluation_indicators", [
            {
                "evaluation_id": DEPARTMENT_EVALUATION,
                "seq": seq,
                "level1": "产出指标",
                "level2": "数量指标",
                "name": name,
                **warehouse_rows.target_columns(raw),
                **_actual_columns(raw),
                "max_score": Decimal("10"),
                "score": Decimal("10"),
                "met": True,
                **_provenance(page, 8 + seq),
            }
            for seq, (name, raw) in enumerate((("托育机构数", "≥5家"), ("服务满意度", "≥90%")),
                                              start=1)
        ]),
    }


def insert_evaluations(con: duckdb.DuckDBPyConnection, *projects: dict[str, Any],
                       department: bool = True) -> None:
    """Insert the self-evaluations of ``projects`` (seed entries), and the department one."""
    for number, project in enumerate(projects):
        warehouse_rows.insert_frames(con, project_evaluation(project, page=55 + number))
    if department:
        warehouse_rows.insert_frames(con, department_evaluation())
