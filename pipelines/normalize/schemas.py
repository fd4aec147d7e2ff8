"""The shape of every frame the normalise stage makes: one schema per ledger table.

Frames carry exact decimals (money as DECIMAL(18,2), target values as DECIMAL(24,6)).
"""

from __future__ import annotations

import polars as pl

AMOUNT = pl.Decimal(18, 2)
TARGET_VALUE = pl.Decimal(24, 6)


EXTRA_KEYS = (
    "weight",
    "explanation",
    "value_content",
    "scoring_standard",
    "remark",
    "period_target",
)


# every parsed row's provenance: the content it came from and its place in it
PROVENANCE: dict[str, pl.DataType] = {
    "source_file": pl.String,
    "source_sha256": pl.String,
    "source_line": pl.Int32,
    "source_locator": pl.String,
    "form_seq": pl.Int32,
}
INDICATOR_COLUMNS: dict[str, pl.DataType] = {
    "seq": pl.Int32,
    "level1": pl.String,
    "level2": pl.String,
    "name": pl.String,
    "target_raw": pl.String,
    "target_op": pl.String,
    "target_value": TARGET_VALUE,
    "target_unit": pl.String,
    "is_quantitative": pl.Boolean,
    "level1_as_written": pl.String,
    "level2_as_written": pl.String,
    **{key: pl.String for key in EXTRA_KEYS},
    "level1_inferred": pl.Boolean,
    "attributes": pl.String,
}

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "projects": {
        "project_id": pl.String,
        "fiscal_year": pl.Int32,
        "project_name": pl.String,
        "project_nature": pl.String,
        "project_category": pl.String,
        "department": pl.String,
        "department_code": pl.String,
        "implementing_unit": pl.String,
        "planned_start": pl.Date,
        "planned_end": pl.Date,
        "overall_goal": pl.String,
        "annual_goal": pl.String,
        "template": pl.String,
        "form_title": pl.String,
        "amount_unit": pl.String,
        "fiscal_year_source": pl.String,
        "department_source": pl.String,
        "project_name_source": pl.String,
        **PROVENANCE,
    },
    "funds": {
        "project_id": pl.String,
        "item": pl.String,
        "amount_yuan": AMOUNT,
        "unit_as_written": pl.String,
        "amount_as_written": pl.String,
        "label_as_written": pl.String,
        **PROVENANCE,
    },
    "indicators": {"project_id": pl.String, **INDICATOR_COLUMNS, **PROVENANCE},
    "department_targets": {
        "target_id": pl.String,
        "fiscal_year": pl.Int32,
        "department": pl.String,
        "department_code": pl.String,
        "budget_total_yuan": AMOUNT,
        "budget_total_as_written": pl.String,
        "amount_unit": pl.String,
        "annual_goal": pl.String,
        "form_title": pl.String,
        "fiscal_year_source": pl.String,
        "department_source": pl.String,
        **PROVENANCE,
        "target_kind": pl.String,
    },
    "department_tasks": {
        "target_id": pl.String,
        "seq": pl.Int32,
        "task_name": pl.String,
        "content": pl.String,
        "amount_yuan": AMOUNT,
        "fiscal_yuan": AMOUNT,
        "other_yuan": AMOUNT,
        "amount_as_written": pl.String,
        **PROVENANCE,
    },
    "department_indicators": {"target_id": pl.String, **INDICATOR_COLUMNS, **PROVENANCE},
    "category_declarations": {
        "owner_kind": pl.String,
        "owner_id": pl.String,
        "project_id": pl.String,
        "seq": pl.Int32,
        "level1": pl.String,
        "level2": pl.String,
        "declaration": pl.String,
        "text_as_written": pl.String,
        **PROVENANCE,
    },
    "empty_forms": {
        "form_title": pl.String,
        "statement": pl.String,
        **PROVENANCE,
    },
    "page_coverage": {
        "source_file": pl.String,
        "source_sha256": pl.String,
        "page": pl.Int32,
        "outcome": pl.String,
        "form_seq": pl.Int32,
        "reason_code": pl.String,
        "reason": pl.String,
    },
    "contents": {
        "sha256": pl.String,
        "size_bytes": pl.Int64,
        "format": pl.String,
        "status": pl.String,
        "forms_found": pl.Int32,
        "forms_loaded": pl.Int32,
        "forms_quarantined": pl.Int32,
        "message": pl.String,
        "first_seen_at": pl.Datetime("us"),
        "last_path": pl.String,
        "parsed_run_id": pl.String,
        "parsed_at": pl.Datetime("us"),
    },
    "quarantine": {
        "source_file": pl.String,
        "source_sha256": pl.String,
        "scope": pl.String,
        "form_seq": pl.Int32,
        "source_line": pl.Int32,
        "source_locator": pl.String,
        "reason_code": pl.String,
        "reason": pl.String,
        "excerpt": pl.String,
    },
}
# The parsed rows kept between runs, each named after the public table it feeds and stored
# as pipeline_state.parsed_<name> (the frames' ``contents`` is the ledger's own table).
PARSED_TABLES = tuple(name for name in SCHEMAS if name != "contents")
