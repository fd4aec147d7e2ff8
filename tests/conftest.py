"""Shared fixtures: paths to ../shared (read-only public samples) and seed expectations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_3205439470554c78.txt"
SEED_EXPECTED = SHARED / "seed_expected.json"


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    if not SEED.exists():
        pytest.skip("../shared/seeds is not beside the repo")
    return SEED.read_bytes()


@pytest.fixture(scope="session")
def seed_expected() -> list[dict]:
    if not SEED_EXPECTED.exists():
        pytest.skip("../shared/seed_expected.json is not beside the repo")
    return json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
