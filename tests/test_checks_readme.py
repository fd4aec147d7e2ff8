"""The README's Checks section lists exactly the declared checks: the blocking table row for
row (name, table, guarantee) and the data-quality rules name for name."""

from __future__ import annotations

import re

from pipelines.check.integrity import BLOCKING_CHECKS
from pipelines.defs.checks import DATA_QUALITY_RULES
from pipelines.review.rules import RULES
from tests.conftest import REPO

README = (REPO / "README.md").read_text("utf-8")
SECTION = README[README.index("## Checks"):README.index("## Nightly operation")]
TABLE_ROW = re.compile(r"^\| `(\w+)` \| (\w+) \| (.+) \|$", re.MULTILINE)


def test_readme_lists_the_blocking_checks_as_declared() -> None:
    listed = TABLE_ROW.findall(SECTION)
    assert listed == [(c.name, c.table, c.description) for c in BLOCKING_CHECKS]


def test_readme_lists_the_data_quality_checks_as_declared() -> None:
    quality = SECTION[SECTION.index("**Data quality**"):]
    assert re.findall(r"`(\w+)`", quality) == ["review_findings", *DATA_QUALITY_RULES]


def test_every_data_quality_check_is_a_review_rule() -> None:
    assert set(DATA_QUALITY_RULES) <= {rule.rule_id for rule in RULES}
