"""The README's analyst examples, run against a warehouse of the shared disclosures.

The queries are read from README.md's "Querying" section (SQL blocks, ``con.sql("…")``
and ``pipelines query "…"`` lines), so the examples cannot drift from what is tested.  Each
must return rows with something in every column: an example that answers NULL (a unit sum
over projects with a blank 实施单位) is as useless to a new analyst as one that fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO, SHARED
from tests.warehouse_helpers import ingest, make_raw, table

PDFS = SHARED / "forms" / "pdf"
# the final accounts with self-evaluations (绩效自评表), for the self-evaluation queries
FINAL_ACCOUNTS = (SHARED / "forms" / "pdf-unlabelled"
                  / "020_西安__卫生健康委员会_2022年部门决算_p1-100.pdf")
README = (REPO / "README.md").read_text("utf-8")


def querying_section() -> str:
    start = README.index("\n## Querying\n")
    return README[start:README.index("\n## ", start + 1)]


def readme_queries() -> list[str]:
    """Every SQL statement the Querying section shows an analyst."""
    section = querying_section()
    queries = [statement.strip()
               for block in re.findall(r"```sql\n(.*?)```", section, re.S)
               for statement in block.split(";") if statement.strip()]
    queries += re.findall(r'con\.sql\("([^"]+)"\)', section)
    queries += re.findall(r'-m pipelines query "([^"]+)"', section)
    return queries


def test_the_querying_section_has_its_examples() -> None:
    queries = readme_queries()
    assert len(queries) >= 5
    assert any("funds_by_unit" in q and "unit_source" in q for q in queries)


@pytest.fixture(scope="module")
def disclosures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse ingested from the labelled shared disclosures and the 决算 with
    self-evaluations (about 40 s)."""
    if not PDFS.is_dir() or not FINAL_ACCOUNTS.is_file():
        pytest.skip("../shared/forms/pdf and the 决算 are not beside the repo: the README's "
                    "examples are run against the shared disclosures")
    tmp = tmp_path_factory.mktemp("readme_queries")
    warehouse = tmp / "forms.duckdb"
    ingest(make_raw(tmp, *sorted(PDFS.glob("*.pdf")), FINAL_ACCOUNTS), warehouse)
    return warehouse


@pytest.mark.parametrize("sql", readme_queries())
def test_every_readme_query_answers_on_the_shared_disclosures(disclosures: Path,
                                                              sql: str) -> None:
    rows = table(disclosures, sql)
    assert rows, sql
    empty = [column for column in rows[0] if all(row[column] is None for row in rows)]
    assert empty == [], (sql, empty)


def test_the_unit_sums_put_every_project_with_someone(disclosures: Path) -> None:
    """A blank 实施单位 falls back to the department: no project's money sits on NULL, and
    the per-unit sums add up to the per-year ones."""
    (blank,) = table(disclosures, "select count(*) as n from projects "
                                  "where implementing_unit is null")
    assert blank["n"] > 0  # the case exists in the disclosures
    assert table(disclosures, "select * from funds_by_unit where unit is null") == []
    by_year = {r["fiscal_year"]: r["a"] for r in table(
        disclosures, "select fiscal_year, annual_total as a from funds_by_year")}
    by_unit = {r["fiscal_year"]: r["a"] for r in table(
        disclosures, "select fiscal_year, sum(annual_total) as a from funds_by_unit group by 1")}
    assert by_unit == by_year
