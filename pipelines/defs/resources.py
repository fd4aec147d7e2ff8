"""The one resource of the pipeline: where raw forms are and where the warehouse goes."""


import os
from pathlib import Path

import dagster as dg

from pipelines.ingest import DEFAULT_MAX_FILE_BYTES
from pipelines.warehouse import build_path_for


class FormsWarehouse(dg.ConfigurableResource):
    """Paths of the raw folder, the published DuckDB file, and batching limits."""

    raw_dir: str = "raw"
    warehouse_path: str = "warehouse/forms.duckdb"
    batch_size: int = 200
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir).resolve()

    @property
    def published(self) -> Path:
        return Path(self.warehouse_path).resolve()

    def build_path(self, run_id: str) -> Path:
        """The run's own build file beside the published warehouse."""
        return build_path_for(self.published, run_id)


def warehouse_from_env() -> FormsWarehouse:
    """Resource configured from FORMS_RAW_DIR / FORMS_WAREHOUSE (repo defaults)."""
    return FormsWarehouse(
        raw_dir=os.environ.get("FORMS_RAW_DIR", "raw"),
        warehouse_path=os.environ.get("FORMS_WAREHOUSE", "warehouse/forms.duckdb"),
        max_file_bytes=int(os.environ.get("FORMS_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES)),
    )
