"""``export_warehouse``: rewrite, in a temporary folder beside the old export, only the
partitions whose rows changed and the workbook when what it holds changed, then swap each
into place, so a reader sees the previous partition or the new one, never half of one; a
failed export leaves the previous one and nothing else behind.

What the files on disk hold is remembered in ``.manifest.json`` (per relation: its columns,
and rows and an order-independent digest per fiscal-year partition; the workbook's digest),
so an export after a night that changed a few projects rewrites their years only.  Before
the swaps the manifest forgets the partitions about to change, so an export that stops half
way is repaired by the next one.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipelines.core.files import (
    fsync_path,
    fsync_tree,
    move_aside,
    swap_into_place,
    write_atomically,
)
from pipelines.load.warehouse import connect
from pipelines.outputs.export.tables import (
    CSV_DIR,
    PARQUET_DIR,
    YEAR_COLUMN,
    RelationPlan,
    TableExport,
    plan_relation,
    prepare_session,
    public_relations,
    tree_bytes,
    write_partitions,
)
from pipelines.outputs.export.workbook import (
    SHEET_MAX_ROWS,
    WORKBOOK_NAME,
    SheetExport,
    sheet_digest,
    write_workbook,
)
from pipelines.publish.lock import exclusive_lock

MANIFEST_NAME = ".manifest.json"
MANIFEST_FORMAT = 2  # a manifest of another format is ignored: everything is rewritten
TMP_PREFIX = ".export-tmp-"
LOCK_NAME = ".export.lock"


@dataclass(frozen=True)
class ExportSummary:
    """What an export holds, with final paths, and how much of it this export rewrote."""

    out_dir: Path
    workbook: Path
    workbook_bytes: int
    tables: dict[str, TableExport]
    sheets: tuple[SheetExport, ...]
    workbook_written: bool = True

    def row_counts(self) -> dict[str, int]:
        return {name: table.rows for name, table in self.tables.items()}

    @property
    def total_bytes(self) -> int:
        files = sum(t.parquet_bytes + t.csv_bytes for t in self.tables.values())
        return files + self.workbook_bytes

    @property
    def partitions_written(self) -> int:
        return sum(t.partitions_written for t in self.tables.values())

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
            "partitions_written": self.partitions_written,
            "workbook_written": self.workbook_written,
            "sheets": {s.title: {"source": s.source, "rows": s.rows, "written": s.written,
                                 "left_out": s.left_out} for s in self.sheets},
            "truncated_sheets": [s.title for s in self.sheets if s.truncated],
        }


def export_warehouse(warehouse: Path, out_dir: Path, *,
                     sheet_max_rows: int = SHEET_MAX_ROWS) -> ExportSummary:
    """Export the published ``warehouse`` into ``out_dir`` (parquet/, csv/, forms.xlsx),
    rewriting only what changed since the export already there.

    The whole export holds the folder's lock, so two exports never interleave (the second
    waits).  ``sheet_max_rows`` is what a workbook sheet holds, a parameter so the cap can
    be tested.
    """
    if not warehouse.is_file():
        raise FileNotFoundError(f"warehouse {warehouse} does not exist")
    if sheet_max_rows < 3:
        raise ValueError("sheet_max_rows must leave room for a header, a row and a note")
    created = _missing_folders(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        with exclusive_lock(out_dir / LOCK_NAME):
            return _export_locked(warehouse, out_dir, sheet_max_rows)
    except BaseException:
        _remove_if_empty(created)
        raise


def _export_locked(warehouse: Path, out_dir: Path, sheet_max_rows: int) -> ExportSummary:
    manifest = read_manifest(out_dir)
    tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=out_dir))
    try:
        plans, workbook = _build(warehouse, tmp, out_dir, manifest, sheet_max_rows)
        shutil.rmtree(tmp / ".spill", ignore_errors=True)
        fsync_tree(tmp)
        _write_manifest(out_dir, _forgetting_changes(manifest, plans, workbook))
        _move_into_place(tmp, out_dir, plans, workbook["written"])
        _write_manifest(out_dir, _manifest_of(plans, workbook))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return _summary(out_dir, plans, workbook)


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


def _build(warehouse: Path, tmp: Path, out_dir: Path, manifest: dict,
           sheet_max_rows: int) -> tuple[list[RelationPlan], dict]:
    """Plan and write every relation's changed partitions, and the workbook when what its
    sheets hold changed (or it is missing); the plans and the workbook's manifest entry."""
    known = manifest.get("relations", {})
    plans = []
    with connect(warehouse, read_only=True) as con:
        prepare_session(con, tmp / ".spill")
        for relation in public_relations(con):
            plan = plan_relation(con, relation, known.get(relation.name), out_dir)
            write_partitions(con, plan, tmp)
            plans.append(plan)
        digest = f"{sheet_max_rows}|{sheet_digest(con)}"
        before = manifest.get("workbook", {})
        if before.get("digest") == digest and (out_dir / WORKBOOK_NAME).is_file():
            return plans, {**before, "written": False}
        sheets = write_workbook(con, tmp / WORKBOOK_NAME, sheet_max_rows)
    return plans, {"digest": digest, "sheets": [_sheet_state(s) for s in sheets],
                   "written": True}


def _sheet_state(sheet: SheetExport) -> list:
    return [sheet.title, sheet.source, sheet.rows, sheet.written, sheet.left_out]


def read_manifest(out_dir: Path) -> dict:
    """What the files of the export in ``out_dir`` hold; empty (rewrite everything) when
    there is no manifest or one of another format."""
    try:
        manifest = json.loads((out_dir / MANIFEST_NAME).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if manifest.get("format") == MANIFEST_FORMAT else {}


def _write_manifest(out_dir: Path, manifest: dict) -> None:
    text = json.dumps({"format": MANIFEST_FORMAT, **manifest}, ensure_ascii=False,
                      sort_keys=True, indent=1)
    write_atomically(out_dir / MANIFEST_NAME, (text + "\n").encode("utf-8"))


def _forgetting_changes(manifest: dict, plans: list[RelationPlan], workbook: dict) -> dict:
    """The old manifest without what this export is about to replace."""
    relations = dict(manifest.get("relations", {}))
    for plan in plans:
        if plan.whole or plan.changed or plan.removed:
            relations.pop(plan.relation.name, None)
    kept = {} if workbook["written"] else {"workbook": manifest.get("workbook", {})}
    return {"relations": relations, **kept}


def _manifest_of(plans: list[RelationPlan], workbook: dict) -> dict:
    entry = {key: value for key, value in workbook.items() if key != "written"}
    return {"relations": {plan.relation.name: plan.state() for plan in plans},
            "workbook": entry}


def _move_into_place(tmp: Path, out_dir: Path, plans: list[RelationPlan],
                     workbook_written: bool) -> None:
    """Rename each rewritten partition (or a whole relation's folder) over its predecessor,
    move aside the partitions and relations that are gone (removed with ``tmp``)."""
    aside = tmp / ".replaced"
    aside.mkdir()
    names = {plan.relation.name for plan in plans}
    for folder in (PARQUET_DIR, CSV_DIR):
        (out_dir / folder).mkdir(exist_ok=True)
        for plan in plans:
            _place_relation(tmp, out_dir, aside, folder, plan)
        for stray in sorted((out_dir / folder).iterdir()):
            if stray.name not in names:  # a relation gone, or a file of an older layout
                move_aside(stray, aside / folder / stray.name)
        fsync_path(out_dir / folder)
    if workbook_written:
        swap_into_place(tmp / WORKBOOK_NAME, out_dir / WORKBOOK_NAME, aside / WORKBOOK_NAME)
    fsync_path(out_dir)


def _place_relation(tmp: Path, out_dir: Path, aside: Path, folder: str,
                    plan: RelationPlan) -> None:
    fmt = "parquet" if folder == PARQUET_DIR else "csv"
    name = plan.relation.name
    if plan.whole:
        _swap(tmp / folder / name, out_dir / folder / name, aside / folder / name)
        return
    for item in plan.items(fmt, plan.changed):
        _swap(tmp / item, out_dir / item, aside / item)
    for item in plan.items(fmt, plan.removed):
        move_aside(out_dir / item, aside / item)
    if plan.changed or plan.removed:
        fsync_path(out_dir / folder / name)


def _swap(new: Path, target: Path, aside: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    aside.parent.mkdir(parents=True, exist_ok=True)
    swap_into_place(new, target, aside)


def _summary(out_dir: Path, plans: list[RelationPlan], workbook: dict) -> ExportSummary:
    tables = {}
    for plan in plans:
        parquet, csv_dir = out_dir / PARQUET_DIR / plan.relation.name, out_dir / CSV_DIR / \
            plan.relation.name
        tables[plan.relation.name] = TableExport(
            name=plan.relation.name, kind=plan.relation.kind, rows=plan.rows,
            partition_by=YEAR_COLUMN if plan.by_year else None, parquet=parquet, csv=csv_dir,
            parquet_bytes=tree_bytes(parquet), csv_bytes=tree_bytes(csv_dir),
            partitions_written=len(plan.changed))
    sheets = tuple(SheetExport(*state) for state in workbook.get("sheets", []))
    path = out_dir / WORKBOOK_NAME
    return ExportSummary(out_dir=out_dir, workbook=path, workbook_bytes=path.stat().st_size,
                         tables=tables, sheets=sheets, workbook_written=workbook["written"])
