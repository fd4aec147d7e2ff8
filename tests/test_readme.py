"""The README is part of the product: every public name must be documented there."""

from __future__ import annotations

import re
from pathlib import Path

from pipelines.defs.checks import ALL_CHECKS
from pipelines.review.rules import RULES
from tests.conftest import REPO
from tests.warehouse_helpers import table

README = (REPO / "README.md").read_text("utf-8")
CODE_PATTERN = re.compile(r"(?:ReadError|FormError)\(\s*\"(\w+)\"")


def test_every_public_table_view_and_column_is_documented(seed_warehouse: Path) -> None:
    columns = table(seed_warehouse, "select table_name, column_name from duckdb_columns() "
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


def test_every_command_and_asset_is_documented() -> None:
    from pipelines.commands.cli import _parser
    from pipelines.definitions import build_definitions

    commands = next(a for a in _parser()._actions if a.dest == "command").choices
    assert {"ingest", "query", "status", "export", "report"} <= set(commands)
    missing = [c for c in commands if f"python -m pipelines {c}" not in README]
    assets = [key.to_user_string() for key in
              build_definitions().resolve_asset_graph().get_all_asset_keys()]
    missing += [a for a in assets if f"`{a}`" not in README]
    assert missing == []
