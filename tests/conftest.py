"""Shared fixtures: paths to ../shared (read-only public samples) and seed expectations."""

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
# raw/ ships the same bytes as ../shared/seeds: a clone without ../shared still has the sample
SEED = (SHARED / "seeds" / SEED_NAME if (SHARED / "seeds" / SEED_NAME).exists()
        else REPO / "raw" / SEED_NAME)
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


@pytest.fixture(scope="session")
def seed() -> Grid:
    """The seed export as a cell grid (what every rendering is compared with)."""
    from tests.fixtures_render import load_seed

    grid = load_seed()
    if grid is None:
        pytest.skip("seed export not present in ../shared/seeds")
    return grid


@pytest.fixture(scope="session")
def seed_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built by the real pipeline from the seed alone; tests only read it."""
    from tests.warehouse_helpers import ingest, make_raw

    tmp = tmp_path_factory.mktemp("seed_warehouse")
    warehouse = tmp / "forms.duckdb"
    ingest(make_raw(tmp, SEED), warehouse)
    return warehouse
