"""Fault tests with real processes and real files: readers, crashes, bad input, locks."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.core import settings
from pipelines.publish.lock import WriterLock
from tests.conftest import REPO, SEED
from tests.warehouse_helpers import make_raw, table

GOOD_PROJECTS = 5
# DuckDB 1.4 LTS, beside the venv running the tests (`make duckdb-1x` installs it there): a
# BI tool still on DuckDB 1.x must open the published file.
DUCKDB_1X = Path(sys.prefix) / "duckdb-1x"


def run_cli(raw: Path, warehouse: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipelines", "ingest", "--raw", str(raw),
         "--warehouse", str(warehouse)],
        cwd=REPO, capture_output=True, text=True, timeout=300, env={**os.environ, **env},
    )


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def published(tmp_path: Path) -> tuple[Path, Path]:
    raw, warehouse = make_raw(tmp_path, SEED), tmp_path / "forms.duckdb"
    done = run_cli(raw, warehouse)
    assert done.returncode == 0, done.stderr
    return raw, warehouse


def add_second_form_file(raw: Path) -> None:
    text = SEED.read_text("utf-8").replace("托育中心经费", "托育中心经费（追加）")
    (raw / "追加 表.txt").write_text(text, "utf-8")


@pytest.mark.parametrize("point", ["parse", "load", "publish"])
def test_sigkill_leaves_the_published_warehouse_intact(published, point: str) -> None:
    raw, warehouse = published
    before = file_hash(warehouse)
    add_second_form_file(raw)
    killed = run_cli(raw, warehouse, **{settings.FAULT_AT.name: point})
    assert killed.returncode == -signal.SIGKILL
    assert file_hash(warehouse) == before
    assert table(warehouse, "select count(*) as n from projects") == [{"n": GOOD_PROJECTS}]
    assert list(warehouse.parent.glob("forms.duckdb.build-*"))  # the crash left its build
    done = run_cli(raw, warehouse)
    assert done.returncode == 0, done.stderr
    assert table(warehouse, "select count(*) as n from projects") == [{"n": GOOD_PROJECTS + 1}]
    assert not list(warehouse.parent.glob("forms.duckdb.build-*"))


READER = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    def count():
        return con.execute("select count(*) from projects").fetchall()[0][0]
    print(count(), flush=True)
    sys.stdin.readline()
    print(count(), flush=True)
""")


def test_a_reader_holding_the_file_neither_blocks_nor_sees_a_half_state(published) -> None:
    raw, warehouse = published
    reader = subprocess.Popen([sys.executable, "-c", READER, str(warehouse)], cwd=REPO,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == str(GOOD_PROJECTS)
        add_second_form_file(raw)
        done = run_cli(raw, warehouse)
        assert done.returncode == 0, done.stderr
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == str(GOOD_PROJECTS)  # its snapshot
    finally:
        reader.stdin.close()
        reader.wait(timeout=60)
    assert table(warehouse, "select count(*) as n from projects") == [{"n": GOOD_PROJECTS + 1}]


def test_a_second_writer_stops_with_a_clear_message(published) -> None:
    raw, warehouse = published
    before = file_hash(warehouse)
    lock = WriterLock(warehouse)
    lock.acquire()
    try:
        add_second_form_file(raw)
        done = run_cli(raw, warehouse)
    finally:
        lock.release()
    assert done.returncode == 1
    assert "另一个运行正在写入" in done.stderr
    assert "Traceback" not in done.stderr
    assert file_hash(warehouse) == before


def bad_inputs(raw: Path) -> dict[str, str]:
    """Every kind of bad input beside the good seed; name -> expected reason code."""
    seed = SEED.read_text("utf-8")
    other = seed.replace("上海市闵行区托育服务指导中心", "另一个实施单位")  # other project ids
    (raw / "空.txt").write_bytes(b"")
    (raw / "图片.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (raw / "图片.txt").write_bytes(b"\xff\xd8\xff\xe0" + bytes(200))
    (raw / "截断.xlsx").write_bytes(b"PK\x03\x04" + bytes(100))
    (raw / "只有标题.txt").write_text("财政项目支出绩效目标申报表\n(2023年度)\n", "utf-8")
    (raw / "编码.txt").write_bytes("项目名称".encode() + b"\x81\x20\xfe\xff\x80")
    (raw / "nul bytes.txt").write_bytes(seed.encode("utf-8")[:300] + b"\x00\x00" + b"abc")
    (raw / "壹万元.txt").write_text(other.replace("11,043.84", "壹万元", 1), "utf-8")
    (raw / "dash amounts.txt").write_text(
        other.replace("11,043.84", "-").replace("599,280.00", "—"), "utf-8")
    giant = raw / "giant export.txt"
    with giant.open("wb") as handle:  # sparse: 300 MB on paper, no disk used
        handle.truncate(300 * 1024 * 1024)
    return {"空.txt": "empty_file", "图片.xlsx": "unsupported_format",
            "图片.txt": "unsupported_format", "截断.xlsx": "unreadable_workbook",
            "只有标题.txt": "empty_form", "编码.txt": "unknown_encoding",
            "nul bytes.txt": "binary", "壹万元.txt": "bad_amount",
            "giant export.txt": "file_too_large"}


def test_every_bad_input_is_quarantined_and_no_good_row_is_lost(tmp_path: Path) -> None:
    raw = make_raw(tmp_path, SEED)
    expected = bad_inputs(raw)
    warehouse = tmp_path / "forms.duckdb"
    done = run_cli(raw, warehouse)
    assert done.returncode == 0, done.stderr
    reasons = {r["source_file"]: r["reason_code"]
               for r in table(warehouse, "select * from quarantine")}
    assert reasons == expected
    files = {r["path"]: r for r in table(warehouse, "select * from ingest_files")}
    assert set(files) == {*expected, SEED.name, "dash amounts.txt"}
    assert files["壹万元.txt"]["status"] == "partial"  # its four other forms load
    assert files["壹万元.txt"]["forms_loaded"] == 4
    assert files["dash amounts.txt"]["status"] == "loaded"
    assert all(r["message"] for r in table(warehouse, "select reason as message "
                                                      "from quarantine"))
    # the seed's five projects are all there, with their exact money
    assert table(warehouse, "select sum(amount_yuan) as s from funds f join projects p "
                            "using (project_id) where item = 'total' and p.source_file = ?",
                 [SEED.name]) == [{"s": Decimal("2248723.84")}]


def test_same_ingestion_twice_gives_identical_tables(tmp_path: Path) -> None:
    raw = make_raw(tmp_path, SEED)
    bad_inputs(raw)
    (raw / "giant export.txt").unlink()
    first, second = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    for warehouse in (first, second):
        assert run_cli(raw, warehouse).returncode == 0
    times = ("run_id", "ingested_at", "first_seen_at", "changed_at", "parsed_run_id")
    for name in ("projects", "funds", "indicators", "quarantine", "review_findings",
                 "ingest_files", "project_revisions"):
        columns = [c["column_name"] for c in table(
            first, "select column_name from duckdb_columns() where schema_name = 'main' "
                   "and table_name = ? order by column_index", [name]) if c["column_name"]
            not in times]
        sql = f"select {', '.join(columns)} from {name} order by all"
        assert table(first, sql) == table(second, sql), name


def test_a_duckdb_1x_reader_opens_the_published_file(published, tmp_path: Path) -> None:
    _, warehouse = published
    target = DUCKDB_1X
    if not (target / "duckdb").exists():
        pytest.skip(f"no DuckDB 1.x reader in {target}: `make duckdb-1x` installs it "
                    "(`make test-all` does)")
    probe = ("import sys, duckdb; con = duckdb.connect(sys.argv[1], read_only=True); "
             "print(duckdb.__version__, con.execute('select count(*), sum(amount_yuan) from "
             "funds where item = $$total$$').fetchall()[0])")
    done = subprocess.run([sys.executable, "-c", probe, str(warehouse)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(target)},
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1.4.")
    assert "(5, Decimal('2248723.84'))" in done.stdout
