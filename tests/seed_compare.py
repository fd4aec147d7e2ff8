"""Compare parsed forms or warehouse rows with ../shared/seed_expected.json, field by field."""

from __future__ import annotations

from collections.abc import Sequence

from pipelines.parse.records import Form

HEADER_FIELDS = (
    "project_name",
    "fiscal_year",
    "project_nature",
    "project_category",
    "department",
    "implementing_unit",
    "planned_start",
    "planned_end",
)


def form_as_expected(form: Form) -> dict:
    """A parsed form in the shape of seed_expected.json (dates ISO, amounts as text)."""
    record = {field: getattr(form, field) for field in HEADER_FIELDS}
    record["planned_start"] = form.planned_start.isoformat() if form.planned_start else None
    record["planned_end"] = form.planned_end.isoformat() if form.planned_end else None
    record["funds"] = {f.item: str(f.amount_yuan) for f in form.funds}
    record["indicators"] = [
        {
            "level1": i.level1,
            "level2": i.level2,
            "name": i.name,
            "target_raw": i.target.raw if i.target else None,
        }
        for i in form.indicators
    ]
    return record


def assert_forms_match(forms: Sequence[Form], expected: list[dict]) -> None:
    """Every project, every field, every indicator in order, exact amounts."""
    assert [f.project_name for f in forms] == [e["project_name"] for e in expected]
    for form, want in zip(forms, expected, strict=True):
        assert form_as_expected(form) == want, form.project_name
