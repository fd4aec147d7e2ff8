"""The tier list names real tests: a renamed test or file must not drop into the fast tier
unnoticed (or out of every tier's sight)."""

from __future__ import annotations

import re

from tests.conftest import REPO, SLOW_TIERS, TIER_MARKERS


def test_every_slow_tier_entry_names_a_test_file_or_a_test_in_it() -> None:
    missing = []
    for key in SLOW_TIERS:
        name, _, test = key.partition("::")
        path = REPO / "tests" / name
        if not path.is_file() or (test and not re.search(
                rf"^def {re.escape(test)}\(", path.read_text("utf-8"), re.M)):
            missing.append(key)
    assert missing == []


def test_every_tier_is_a_registered_marker() -> None:
    assert set(SLOW_TIERS.values()) | {"fast"} == set(TIER_MARKERS)
