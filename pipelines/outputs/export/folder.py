"""``export_warehouse``: build the whole export in a temporary folder beside the old one,
sync it, and swap each item into place under a lock, so a reader sees the previous export
or the new one, never half of one; a failed export leaves nothing behind."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipelines.core.files import fsync_path, fsync_tree, swap_into_place
from pipelines.load.warehouse import connect
from pipelines.outputs.export.tables import (
    CSV_DIR,
    PARQUET_DIR,
    TableExport,
    export_relation,
    prepare_session,
    public_relations,
)
from pipelines.outputs.export.workbook import (
    EXCEL_MAX_ROWS,
    WORKBOOK_NAME,
    SheetExport,
    write_workbook,
)
from pipelines.publish.lock import exclusive_lock

EXPORT_ITEMS = (PARQUET_DIR, CSV_DIR, WORKBOOK_NAME)
TMP_PREFIX = ".export-tmp-"
LOCK_NAME = ".export.lock"


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote, with final paths (after the rename into place)."""

    out_dir: Path
    workbook: Path
    workbook_bytes: int
    tables: dict[str, TableExport]
    sheets: tuple[SheetExport, ...]

    def row_counts(self) -> dict[str, int]:
        return {name: table.rows for name, table in self.tables.items()}

    @property
    def total_bytes(self) -> int:
        files = sum(t.parquet_bytes + t.csv_bytes for t in self.tables.values())
        return files + self.workbook_bytes

    def to_metadata(self) -> dict[str, object]:
        """Plain values (str, int, dict, list) a Dagster asset can return as metadata."""
        return {
            "out_dir": str(self.out_dir),
            "workbook": str(self.workbook),
            "relations": len(self.tables),
            "rows": self.row_counts(),
            "bytes": self.total_bytes,
            "parquet_bytes": sum(t.parquet_bytes for t in self.tables.values()),
            "csv_bytes": sum(t.csv_bytes for t in self.tables.values()),
            "workbook_bytes": self.workbook_bytes,
            "sheets": {s.title: {"source": s.source, "rows": s.rows, "written": s.written}
                       for s in self.sheets},
            "truncated_sheets": [s.title for s in self.sheets if s.truncated],
        }


def export_warehouse(warehouse: Path, out_dir: Path, *,
                     excel_max_rows: int = EXCEL_MAX_ROWS) -> ExportSummary:
    """Export the published ``warehouse`` into ``out_dir`` (parquet/, csv/, forms.xlsx).

    Everything is built in a temporary folder inside ``out_dir`` (same file system, so the
    final renames are atomic) and moved into place only when all of it is written and
    synced; on any failure the temporary folder is removed and the previous export stays.
    ``excel_max_rows`` is Excel's row limit, a parameter so the cap can be tested.
    """
    if not warehouse.is_file():
        raise FileNotFoundError(f"warehouse {warehouse} does not exist")
    if excel_max_rows < 3:
        raise ValueError("excel_max_rows must leave room for a header, a row and a note")
    created = _missing_folders(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=out_dir))
    try:
        summary = _build(warehouse, tmp, out_dir, excel_max_rows)
        shutil.rmtree(tmp / ".spill", ignore_errors=True)
        fsync_tree(tmp)
        _move_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        _remove_if_empty(created)
        raise
    shutil.rmtree(tmp, ignore_errors=True)
    return summary


def _missing_folders(folder: Path) -> list[Path]:
    """The folders of ``folder``'s path that do not exist yet, deepest first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def _remove_if_empty(folders: list[Path]) -> None:
    """Take back the folders a failed export created, so it leaves nothing behind
    (a lock file it made is removed with them; a folder someone filled meanwhile stays)."""
    for folder in folders:
        (folder / LOCK_NAME).unlink(missing_ok=True)
        try:
            folder.rmdir()
        except OSError:
            return


def _build(warehouse: Path, tmp: Path, out_dir: Path, excel_max_rows: int) -> ExportSummary:
    with connect(warehouse, read_only=True) as con:
        prepare_session(con, tmp / ".spill")
        tables = {relation.name: export_relation(con, relation, tmp, out_dir)
                  for relation in public_relations(con)}
        sheets = write_workbook(con, tmp / WORKBOOK_NAME, excel_max_rows)
    return ExportSummary(out_dir=out_dir, workbook=out_dir / WORKBOOK_NAME,
                         workbook_bytes=(tmp / WORKBOOK_NAME).stat().st_size,
                         tables=tables, sheets=sheets)


def _move_into_place(tmp: Path, out_dir: Path) -> None:
    """Rename each built item over its predecessor (a directory is moved aside first, as
    rename cannot replace a non-empty one; the old one is removed with ``tmp``)."""
    aside = tmp / ".replaced"
    aside.mkdir()
    with exclusive_lock(out_dir / LOCK_NAME):  # two exports never interleave their renames
        for item in EXPORT_ITEMS:
            swap_into_place(tmp / item, out_dir / item, aside / item)
    fsync_path(out_dir)
