"""The README is part of the product: every public name must be documented there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipelines.defs.checks import ALL_CHECKS
from pipelines.review import RULES
from tests.conftest import REPO, SEED
from tests.warehouse_helpers import ingest, make_raw, table

README = (REPO / "README.md").read_text("utf-8")
CODE_PATTERN = re.compile(r"(?:ReadError|FormError)\(\s*\"(\w+)\"")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("readme")
    path = tmp / "forms.duckdb"
    ingest(make_raw(tmp, SEED), path)
    return path


def test_every_public_table_view_and_column_is_documented(warehouse: Path) -> None:
    columns = table(warehouse, "select table_name, column_name from duckdb_columns() "
                               "where schema_name = 'main' and not internal")
    assert columns
    missing = {f"{c['table_name']}.{c['column_name']}" for c in columns
               if f"`{c['table_name']}`" not in README or c["column_name"] not in README}
    assert not missing


def test_every_rule_and_check_is_documented() -> None:
    names = [rule.rule_id for rule in RULES]
    names += [key.name for check in ALL_CHECKS for key in check.check_keys]
    assert [n for n in names if f"`{n}`" not in README] == []


def test_every_quarantine_reason_code_is_documented() -> None:
    codes = {code for path in (REPO / "pipelines").rglob("*.py")
             for code in CODE_PATTERN.findall(path.read_text("utf-8"))}
    assert len(codes) > 10
    assert sorted(c for c in codes if f"`{c}`" not in README) == []
