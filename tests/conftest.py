"""Shared fixtures: the seed (raw/), its expectation (tests/expected/) and the path to ../shared."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

from pipelines.read.grid import Grid

# Every test ingest would otherwise write Parquet, CSV and a workbook (most of a second
# each); the tests of the exports switch them on (tests/test_outputs.py).
os.environ.setdefault("FORMS_EXPORTS", "0")
# Ingests record decisions from the review folder; tests that do so pass their own, and no
# other test may pick up workbooks from a review/ folder in the working directory.
os.environ.setdefault("FORMS_REVIEW_DIR",
                      str(Path(tempfile.gettempdir()) / f"forms-tests-no-review-{os.getpid()}"))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_NAME = "000_3205439470554c78.txt"
# raw/ ships the bytes of ../shared/seeds and tests/expected the hand-checked expectation of
# ../shared; test_golden_seed.py checks that neither has drifted.
SEED = REPO / "raw" / SEED_NAME
SEED_EXPECTED = REPO / "tests" / "expected" / "seed_expected.json"


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture(scope="session")
def seed_expected() -> list[dict]:
    return json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed() -> Grid:
    """The seed export as a cell grid (what every rendering is compared with)."""
    from tests.fixtures_render import load_seed

    return load_seed()


@pytest.fixture(scope="session")
def seed_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built by the real pipeline from the seed alone; tests only read it."""
    from tests.warehouse_helpers import ingest, make_raw

    tmp = tmp_path_factory.mktemp("seed_warehouse")
    warehouse = tmp / "forms.duckdb"
    ingest(make_raw(tmp, SEED), warehouse)
    return warehouse
