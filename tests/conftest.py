"""The test tiers, and shared fixtures: the seed (raw/), its expectation (tests/expected/) and
the path to ../shared (read-only public samples, present beside a clone only in CI).

`make test` runs the fast tier: pure readers and parser, the warehouse on the seed from raw/,
expectations inside tests/; it needs nothing beside the clone.  `make test-all` (what
`.ci/run` calls) runs every tier; a test whose part is absent (../shared, Chromium,
redis-server, the DuckDB 1.x reader) skips and says why.  Which tests are slow is said once,
in ``SLOW_TIERS`` below, by file or by test.
"""

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
# ../shared; test_golden_seed.py checks in the corpus tier that neither has drifted.
SEED = REPO / "raw" / SEED_NAME
SEED_EXPECTED = REPO / "tests" / "expected" / "seed_expected.json"

# Every test not listed here is in the fast tier.  A key is a test file, or a file and a
# test (``file.py::test_name``, every parametrisation of it); the value is the marker.
SLOW_TIERS: dict[str, str] = {
    # the real forms and disclosures of ../shared
    "test_real_forms.py": "corpus",
    "test_real_pdfs.py": "corpus",
    "test_unlabelled_pdfs.py": "corpus",
    "test_self_evaluations.py::test_every_project_self_evaluation_loads_as_checked": "corpus",
    "test_self_evaluations.py::test_the_department_self_evaluation_loads_as_checked": "corpus",
    "test_self_evaluations.py::test_the_written_summaries_are_accounted_for_and_no_page_is_lost":
        "corpus",
    "test_shared_pdf_findings.py": "corpus",
    "test_shared_pdfs_invariants.py": "corpus",
    "test_letters_sources.py": "corpus",
    "test_readme_queries.py": "corpus",
    "test_pdf_fonts.py": "corpus",
    "test_export.py": "corpus",
    "test_report.py": "corpus",
    "test_golden_seed.py::test_the_copies_inside_the_repo_are_those_of_shared": "corpus",
    "test_readers.py::test_real_markdown_form": "corpus",
    "test_readers.py::test_real_html_form_with_rowspans": "corpus",
    "test_readers.py::test_real_html_form_with_entities_and_projects": "corpus",
    "test_readers.py::test_real_tsv_form": "corpus",
    "test_readers.py::test_real_pdf_yantai_target_pages": "corpus",
    "test_readers.py::test_real_pdf_merged_cell_cut_by_page_break_keeps_its_text": "corpus",
    "test_readers.py::test_real_pdf_merged_cell_drawn_on_both_pages_is_not_doubled": "corpus",
    "test_cutoff.py::test_real_forms_of_other_layouts_cut_in_their_last_row": "corpus",
    "test_cutoff.py::test_the_changsha_tsv_cut_after_2000_bytes_is_not_loaded_shortened": "corpus",
    "test_cutoff.py::test_no_cut_in_a_continued_table_loads_a_shortened_form_as_whole": "corpus",
    "test_partial_loads.py::test_parts_left_out_and_cuts_show_in_sql_status_report_and_summary":
        "corpus",
    # several nights in a row on the sample: incremental runs, migrations, decisions kept
    "test_incremental.py": "nights",
    "test_review_decisions.py": "nights",
    "test_golden_seed.py::test_project_id_is_stable_across_runs": "nights",
    # Dagster definitions and materialisations, the partitioned parse
    "test_dagster.py": "dagster",
    "test_partitioned.py": "dagster",
    # real processes: crashes, readers, locks, workers stopped at a limit
    "test_faults.py": "faults",
    "test_limits.py": "faults",
    "test_golden_seed.py::test_a_process_pool_gives_the_same_tables": "faults",
    # each command in its own process
    "test_cli.py": "commands",
    "test_command_errors.py": "commands",
    "test_analyst_commands.py": "commands",
    "test_readme_commands.py": "commands",
    # a non-editable install of the package, run from another folder
    "test_install.py": "commands",
    # headless Chromium, Redis and Celery, the benchmark
    "test_report.py::test_console_capture_sees_a_broken_page": "browser",
    "test_report.py::test_chromium_renders_the_report_offline": "browser",
    "test_report.py::test_chromium_renders_the_empty_report": "browser",
    "test_partitioned.py::test_celery_cluster_run_publishes_the_in_process_tables": "cluster",
    "test_bench.py": "bench",
    "test_benchdata.py": "bench",
}

TIER_MARKERS = {
    "fast": "the hermetic tier `make test` runs: nothing beside the clone, under 2 minutes",
    "corpus": "reads the real forms and disclosures of ../shared (skips without them)",
    "nights": "several ingests in a row: incremental nights, migrations, decisions kept",
    "dagster": "Dagster definitions and materialisations, the partitioned parse",
    "faults": "real processes killed, locked, timed out or bounded, worker pools; DuckDB 1.x",
    "commands": "the commands run as a person runs them, each in its own process",
    "browser": "the report rendered in headless Chromium (skips without it)",
    "cluster": "Redis and Celery workers on 127.0.0.1 (skips without redis-server)",
    "bench": "the benchmark and its generated corpus",
}


def tier_of(item: pytest.Item) -> str:
    """The item's tier: its test's entry in SLOW_TIERS, else its file's, else fast."""
    name = item.path.name
    test = item.name.split("[", 1)[0]
    return SLOW_TIERS.get(f"{name}::{test}", SLOW_TIERS.get(name, "fast"))


def pytest_configure(config: pytest.Config) -> None:
    for marker, meaning in TIER_MARKERS.items():
        config.addinivalue_line("markers", f"{marker}: {meaning}")
    if hasattr(config, "workerinput"):
        # an xdist worker: its basetemp is in the run's folder, which both workers share and
        # pytest removes with old runs; the parsed disclosures go there (tests/shared_pdfs.py)
        run_folder = Path(config.option.basetemp).parent
        os.environ["FORMS_TESTS_PDF_CACHE"] = str(run_folder / "shared_pdfs")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(tier_of(item))


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
