"""Exports for analysts (pipelines/outputs/export/) on a warehouse the real pipeline built.

The warehouse holds the shipped sample (raw/, 2023, targets written ``=100.00(%)``), the
real published forms of ../shared/forms/text (2026: Markdown, HTML, TSV, wide templates),
and the sample's first form with its carry-over written as ``-1,000.00`` (renamed so it is
a project of its own): no published form has a negative amount, and the CSV must keep one
numeric.  Everything is read back with DuckDB, polars, the csv module and openpyxl.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest

from pipelines.load.warehouse import connect, fetch_rows
from pipelines.outputs.export.folder import TMP_PREFIX, ExportSummary, export_warehouse
from pipelines.outputs.export.tables import BOM, HIVE_NULL, TableExport, write_parquet
from pipelines.outputs.export.workbook import NOTES_SHEET, SHEETS, WORKBOOK_NAME, short_label
from tests.conftest import REPO, SHARED
from tests.warehouse_helpers import ingest, make_raw

SAMPLE = REPO / "raw" / "000_3205439470554c78.txt"
FORMS = SHARED / "forms" / "text"


def _negative_variant(sample: Path, dest: Path) -> Path:
    """The sample's first form as a project of its own with a negative carry-over."""
    blocks = sample.read_text(encoding="utf-8").split("\n\n")
    form = next(block for block in blocks if block.strip())
    edits = {
        "项目名称\t残疾人就业保障金\t": "项目名称\t残疾人就业保障金（调减）\t",
        "当年财政拨款\t\t11,043.84": "当年财政拨款\t\t12,043.84",
        "上年结转资金\t\t0.00": "上年结转资金\t\t-1,000.00",
    }
    for old, new in edits.items():
        assert form.count(old) == 1, old
        form = form.replace(old, new)
    dest.write_text(form + "\n", encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    real_forms = sorted(FORMS.glob("*.txt")) if FORMS.is_dir() else []
    if not real_forms:
        pytest.skip("../shared/forms/text is not beside the repo")
    tmp = tmp_path_factory.mktemp("export_warehouse")
    raw = make_raw(tmp, SAMPLE, *real_forms)
    _negative_variant(SAMPLE, raw / "negative_carryover.txt")
    path = tmp / "forms.duckdb"
    ingest(raw, path)
    return path


@pytest.fixture(scope="module")
def exported(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> ExportSummary:
    return export_warehouse(warehouse, tmp_path_factory.mktemp("export") / "out")


def _rows(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with connect(warehouse, read_only=True) as con:
        return fetch_rows(con, sql, params)


def _public_counts(warehouse: Path) -> dict[str, int]:
    """Rows of every table and view of schema main, counted in the warehouse itself."""
    with connect(warehouse, read_only=True) as con:
        names = fetch_rows(con, """
            select table_name from duckdb_tables() where schema_name = 'main'
            union all
            select view_name from duckdb_views() where schema_name = 'main' and not internal""")
        return {name: fetch_rows(con, f'select count(*) from main."{name}"')[0][0]
                for (name,) in names}


def _parquet_glob(table: TableExport) -> str:
    pattern = "*/*.parquet" if table.partition_by else "data.parquet"
    return str(table.parquet / pattern)


def _duckdb_parquet(table: TableExport, sql: str) -> list[tuple]:
    con = duckdb.connect()
    try:
        con.read_parquet(_parquet_glob(table), hive_partitioning=True).create_view("t")
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _csv_rows(path: Path) -> list[dict[str, str]]:
    """The rows of one CSV file, or of every file of a relation's CSV folder."""
    rows = []
    for file in sorted(path.rglob("*.csv")) if path.is_dir() else [path]:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            rows += list(csv.DictReader(handle))
    return rows


def _digests(root: Path) -> dict[str, str]:
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file() and path.suffix != ".xlsx"}


def _cells(workbook: Path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(workbook)
    return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)]
            for ws in book.worksheets}


def test_every_table_and_view_is_exported_and_pipeline_state_never(
        warehouse: Path, exported: ExportSummary) -> None:
    counts = _public_counts(warehouse)
    assert set(exported.tables) == set(counts)
    assert exported.row_counts() == counts
    assert {"projects", "funds", "indicators", "review_findings", "project_scorecard"} <= set(
        counts)
    # the pipeline state (the internal schema, whatever it is called) has tables of its own
    internal = {name for (name,) in _rows(warehouse, """
        select table_name from duckdb_tables()
        where database_name = current_database() and schema_name <> 'main'""")}
    internal_only = internal - set(counts)
    assert internal_only, "the warehouse has internal tables to leave out"
    on_disk = {p.name for p in (exported.out_dir / "parquet").iterdir()}
    on_disk |= {p.stem for p in (exported.out_dir / "csv").iterdir()}
    assert on_disk == set(counts)
    assert not on_disk & internal_only


def test_parquet_row_counts_match_in_duckdb_and_polars(
        warehouse: Path, exported: ExportSummary) -> None:
    counts = _public_counts(warehouse)
    for name, table in exported.tables.items():
        assert _duckdb_parquet(table, "select count(*) from t") == [(counts[name],)], name
        frame = pl.scan_parquet(table.parquet, hive_partitioning=True).collect()
        assert frame.height == counts[name], name
    assert counts["funds"] > 30 and counts["indicators"] > 47  # more than the sample alone


def test_amounts_round_trip_as_exact_decimals(
        warehouse: Path, exported: ExportSummary) -> None:
    stored = dict(((p, i), a) for p, i, a in _rows(
        warehouse, "select project_id, item, amount_yuan from funds"))
    funds = exported.tables["funds"]
    via_duckdb = _duckdb_parquet(funds, "select project_id, item, amount_yuan from t")
    assert dict(((p, i), a) for p, i, a in via_duckdb) == stored
    frame = pl.scan_parquet(funds.parquet, hive_partitioning=True).collect()
    assert frame.schema["amount_yuan"] == pl.Decimal(18, 2)
    assert dict(((r["project_id"], r["item"]), r["amount_yuan"])
                for r in frame.to_dicts()) == stored
    assert Decimal("-1000.00") in stored.values()
    assert Decimal("11043.84") in stored.values()
    (kind,) = _duckdb_parquet(exported.tables["funds_by_year"],
                              "select typeof(total) from t limit 1")
    assert kind == ("DECIMAL(38,2)",)


def test_partitioned_by_fiscal_year_in_hive_layout(
        warehouse: Path, exported: ExportSummary) -> None:
    years = sorted(y for (y,) in _rows(warehouse, "select distinct fiscal_year from projects"))
    assert years == [2023, 2026]
    for name in ("projects", "funds", "indicators", "review_findings", "project_scorecard"):
        table = exported.tables[name]
        assert table.partition_by == "fiscal_year", name
        dirs = sorted(p.name for p in table.parquet.iterdir())
        assert dirs == [f"fiscal_year={y}" for y in years], name
    for name in ("ingest_files", "ingest_runs", "quarantine", "file_history"):
        table = exported.tables[name]
        assert table.partition_by is None
        assert [p.name for p in table.parquet.iterdir()] == ["data.parquet"]
    # a child row's partition is its project's year
    joined = _rows(warehouse, """
        select f.project_id, f.item, p.fiscal_year from funds f join projects p using (project_id)
    """)
    via_parquet = _duckdb_parquet(exported.tables["funds"],
                                  "select project_id, item, fiscal_year from t")
    assert sorted(via_parquet) == sorted(joined)


def test_null_fiscal_year_lands_in_the_default_partition(tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute("""
        create table t as select * from (values
            (2024, 1.50::decimal(18, 2)), (null, -2.00::decimal(18, 2)), (2025, 3.00)
        ) v(fiscal_year, amount)""")
    rows, partition = write_parquet(con, "select * from t", tmp_path / "t")
    con.close()
    assert (rows, partition) == (3, "fiscal_year")
    assert (tmp_path / "t" / f"fiscal_year={HIVE_NULL}").is_dir()
    frame = pl.scan_parquet(tmp_path / "t", hive_partitioning=True).collect()
    assert frame.filter(pl.col("fiscal_year").is_null())["amount"].to_list() == [
        Decimal("-2.00")]
    back = duckdb.sql(f"""select count(*), count(fiscal_year) from read_parquet(
        '{tmp_path / "t"}/*/*.parquet', hive_partitioning = true)""").fetchall()
    assert back == [(3, 2)]


def test_empty_tables_keep_their_schema(exported: ExportSummary) -> None:
    table = exported.tables["department_targets"]
    assert table.rows == 0
    frame = pl.scan_parquet(table.parquet, hive_partitioning=True).collect()
    assert frame.height == 0
    assert frame.schema["budget_total_yuan"] == pl.Decimal(18, 2)
    (csv_file,) = table.csv.rglob("*.csv")
    assert csv_file.parent.name == f"fiscal_year={HIVE_NULL}"
    csv_text = csv_file.read_text(encoding="utf-8")
    assert csv_text.startswith(BOM + "target_id,fiscal_year,")
    assert csv_text.count("\n") == 1


def test_csv_is_utf8_with_bom_and_escapes_formulas(
        warehouse: Path, exported: ExportSummary) -> None:
    counts = exported.row_counts()
    for name, table in exported.tables.items():
        files = sorted(table.csv.rglob("*.csv"))
        assert files and all(f.read_bytes().startswith(b"\xef\xbb\xbf") for f in files), name
        assert len(_csv_rows(table.csv)) == counts[name], name
    stored = _rows(warehouse, "select count(*) from indicators where target_raw = '=100.00(%)'")
    assert stored[0][0] > 0  # the warehouse keeps the value as written
    targets = [row["target_raw"] for row in _csv_rows(exported.tables["indicators"].csv)]
    assert "'=100.00(%)" in targets
    assert "=100.00(%)" not in targets
    assert not [t for t in targets if t[:1] in ("=", "+", "-", "@", "\t", "\r")]
    (negative,) = [r for r in _csv_rows(exported.tables["funds"].csv)
                   if r["amount_as_written"] == "'-1,000.00"]
    assert negative["amount_yuan"] == "-1000.00"  # numbers are never prefixed
    raw_line = next(line for file in exported.tables["funds"].csv.rglob("*.csv")
                    for line in file.read_text(encoding="utf-8-sig").splitlines()
                    if "-1000.00" in line)
    assert ",-1000.00," in raw_line


def test_csv_reads_back_as_numbers_in_polars(exported: ExportSummary) -> None:
    frame = pl.concat([pl.read_csv(file, schema_overrides={"amount_as_written": pl.String})
                       for file in sorted(exported.tables["funds"].csv.rglob("*.csv"))])
    assert frame.columns[0] == "project_id"  # the BOM is not part of the first name
    assert frame.schema["amount_yuan"] == pl.Float64
    assert frame["amount_yuan"].min() == -1000.0


def test_workbook_is_safe_and_formatted(exported: ExportSummary) -> None:
    book = openpyxl.load_workbook(exported.workbook)
    assert book.sheetnames == [sheet.title for sheet in SHEETS] + [NOTES_SHEET]
    for sheet in SHEETS:
        ws = book[sheet.title]
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
    formulas = [c.coordinate for ws in book.worksheets for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
    assert formulas == []
    scorecard = book["项目一览"]
    headers = [c.value for c in scorecard[1]]
    assert "项目名称" in headers and "项目资金总额（元）" in headers
    total = headers.index("项目资金总额（元）") + 1
    amounts = [scorecard.cell(r, total) for r in range(2, scorecard.max_row + 1)]
    assert {c.number_format for c in amounts if c.value is not None} == {"#,##0.00"}
    assert scorecard.max_row - 1 == exported.tables["project_scorecard"].rows
    indicators = book["绩效指标"]
    target = [c.value for c in indicators[1]].index("指标值原文") + 1
    cells = [indicators.cell(r, target) for r in range(2, indicators.max_row + 1)]
    equals = [c for c in cells if c.value == "=100.00(%)"]
    assert equals and all(c.data_type == "s" and c.quotePrefix for c in equals)


def test_workbook_caps_rows_with_a_note(warehouse: Path, tmp_path: Path) -> None:
    """Past what a sheet holds, the reading sheets are cut with a note and the row-level
    indicators sheet is left out; the notes sheet says where their rows are."""
    summary = export_warehouse(warehouse, tmp_path / "out", sheet_max_rows=20)
    by_source = {s.source: s for s in summary.sheets}
    assert not by_source["project_scorecard"].truncated  # 13 projects fit in 19 rows
    capped = by_source["review_findings"]
    assert capped.rows > 19 and (capped.truncated, capped.written) == (True, 18)
    assert capped.rows == summary.row_counts()["review_findings"]
    left_out = by_source["indicators"]
    assert left_out.left_out and left_out.written == 0
    book = openpyxl.load_workbook(summary.workbook)
    assert left_out.title not in book.sheetnames
    ws = book[capped.title]
    assert ws.max_row == 20
    assert "csv/review_findings/" in ws.cell(20, 1).value
    assert ws.auto_filter.ref.endswith("19")
    notes = {row[0]: row for row in book[NOTES_SHEET].iter_rows(values_only=True) if row[0]}
    assert notes[capped.title][2:4] == (capped.rows, 18)
    assert notes[left_out.title][2:4] == (left_out.rows, 0)
    assert "parquet/indicators/" in notes[left_out.title][4]
    assert capped.title in summary.to_metadata()["truncated_sheets"]


def test_a_changed_year_rewrites_that_year_only(warehouse: Path, tmp_path: Path) -> None:
    """After a 2023 project changed, the export rewrites the 2023 partitions of the tables
    that hold it, keeps every 2026 file as it was (same inode), and reads back as the
    warehouse; a year that disappears loses its partition."""
    changed = tmp_path / "changed.duckdb"
    shutil.copy(warehouse, changed)
    out = tmp_path / "out"
    export_warehouse(changed, out)
    kept = {path: path.stat().st_ino for path in (out / "parquet").rglob("*.parquet")
            if "fiscal_year=2026" in str(path)}
    with duckdb.connect(str(changed)) as con:
        con.execute("update projects set project_name = project_name || '（改）' "
                    "where project_id = (select min(project_id) from projects "
                    "where fiscal_year = 2023)")
    again = export_warehouse(changed, out)
    assert again.tables["projects"].partitions_written == 1
    assert again.partitions_written < len(again.tables)
    assert {path: path.stat().st_ino for path in kept} == kept
    assert again.workbook_written  # the scorecard shows the project's name
    names = _duckdb_parquet(again.tables["projects"],
                            "select count(*) from t where project_name like '%（改）'")
    assert names == [(1,)]
    assert len([r for r in _csv_rows(again.tables["projects"].csv)
                if r["project_name"].endswith("（改）")]) == 1
    with duckdb.connect(str(changed)) as con:
        con.execute("delete from project_revisions where project_id in "
                    "(select project_id from projects where fiscal_year = 2023)")
        con.execute("delete from projects where fiscal_year = 2023")
    last = export_warehouse(changed, out)
    assert [p.name for p in last.tables["projects"].parquet.iterdir()] == ["fiscal_year=2026"]
    assert [p.name for p in last.tables["projects"].csv.iterdir()] == ["fiscal_year=2026"]
    assert {path: path.stat().st_ino for path in kept} == kept
    assert not last.workbook_written or last.sheets  # the manifest keeps the sheets
    unchanged = export_warehouse(changed, out)
    assert (unchanged.partitions_written, unchanged.workbook_written) == (0, False)


def test_export_twice_gives_the_same_files_and_replaces_atomically(
        warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = export_warehouse(warehouse, out)
    before, cells = _digests(out), _cells(out / WORKBOOK_NAME)
    (out / "parquet" / "dropped_table").mkdir()
    (out / "parquet" / "dropped_table" / "data.parquet").write_bytes(b"old")
    (out / "keep.txt").write_text("not ours", encoding="utf-8")
    second = export_warehouse(warehouse, out)
    assert _digests(out) == before | {
        "keep.txt": hashlib.sha256(b"not ours").hexdigest(),
        ".export.lock": hashlib.sha256(b"").hexdigest(),
    }
    assert _cells(out / WORKBOOK_NAME) == cells
    assert second.row_counts() == first.row_counts()
    assert [p.name for p in out.iterdir() if p.name.startswith(TMP_PREFIX)] == []
    json.dumps(second.to_metadata())  # plain values: usable as Dagster metadata


def test_failed_export_keeps_the_previous_one(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export_warehouse(warehouse, out)
    before = _digests(out)
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"not a duckdb file" * 100)
    with pytest.raises(duckdb.Error):
        export_warehouse(broken, out)
    assert _digests(out) == before
    assert [p.name for p in out.iterdir() if p.name.startswith(TMP_PREFIX)] == []
    with pytest.raises(FileNotFoundError):
        export_warehouse(tmp_path / "missing.duckdb", out)


@pytest.mark.parametrize(("comment", "label"), [
    ("项目编号：由预算年度、实施单位、项目名称生成 / stable project id", "项目编号"),
    ("一级指标（规范全称，如 产出指标） / level-1 category",
     "一级指标（规范全称，如 产出指标）"),
    ("定量指标占比（0–1），无指标为 null / share", "定量指标占比（0–1）"),
    ("plain english", "plain english"),
])
def test_headers_are_the_chinese_part_of_the_comment(comment: str, label: str) -> None:
    assert short_label(comment) == label
