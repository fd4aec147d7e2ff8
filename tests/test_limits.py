"""Pathological files are bounded: stopped, quarantined with their reason, the rest loads.

Real files only: workbooks that unpack far past the limit (whitespace after the sheet's
XML, valid but huge), a ZIP whose header lies about a part's size, and a text export of
thousands of forms that takes seconds to parse against a one-second limit.  The
end-to-end runs go through the real ingest (Dagster, workers from the fork server), and
after a worker was killed the test process must have none left behind, dead or alive.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from datetime import datetime
from pathlib import Path

import psutil
import pytest

from pipelines.core import settings
from pipelines.load.parallel_parse import MIN_FILES_PER_WORKER
from pipelines.load.run import run_ingestion
from pipelines.load.versions import prepare_build
from pipelines.load.warehouse import connect, query_frame
from pipelines.read import ReadError
from pipelines.read.docx_reader import read_docx
from pipelines.read.limits import Limits, applied
from pipelines.read.xlsx import read_xlsx
from tests.conftest import SEED
from tests.fixtures_render import load_seed, render_docx, render_xlsx
from tests.test_parallel_parse import folder_with_bad_files
from tests.warehouse_helpers import ingest, make_raw, table

AT = datetime(2026, 11, 30, 2, 0)
MiB = 1 << 20
SHEET = "xl/worksheets/sheet1.xml"
TEST_SECONDS = "1"  # seed-sized files parse in about 5 ms; the slow file needs about 9 s
SLOW = "f005 slow.txt"  # sorts among the good files, so it shares a chunk with some



def padded(office: bytes, part: str, padding: int) -> bytes:
    """A copy of an Office file whose ``part`` is followed by ``padding`` bytes of
    whitespace: still valid XML, hundreds of times larger unpacked than packed."""
    out = io.BytesIO()
    with (zipfile.ZipFile(io.BytesIO(office)) as source,
          zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target):
        for info in source.infolist():
            data = source.read(info)
            if info.filename != part:
                target.writestr(info, data)
                continue
            with target.open(part, "w", force_zip64=padding > 1 << 31) as handle:
                handle.write(data)
                for _ in range(padding // MiB):
                    handle.write(b" " * MiB)
    return out.getvalue()


def declared_as(archive: bytes, part: str, size: int) -> bytes:
    """``archive`` with the central directory claiming ``part`` unpacks to ``size``."""
    entry = archive.index(b"PK\x01\x02")
    while archive[entry + 46: entry + 46 + len(part)] != part.encode():
        entry = archive.index(b"PK\x01\x02", entry + 4)
    return archive[:entry + 24] + struct.pack("<I", size) + archive[entry + 28:]


def seed_copies(raw: Path, copies: int) -> None:
    """Copies of the seed, each with its own implementing unit (its own projects)."""
    text = SEED.read_text("utf-8")
    for n in range(copies):
        (raw / f"f{n:03d}.txt").write_text(text.replace("托育服务指导中心", f"单位{n}"), "utf-8")


def slow_export(raw: Path) -> None:
    """A valid export of 10,000 forms (25 MB): seconds of honest parsing."""
    (raw / SLOW).write_text((SEED.read_text("utf-8") + "\n") * 2000, "utf-8")


def stray_workers() -> list[str]:
    """Descendants of this process that are zombies or pool workers (the fork server's
    children): none may outlive a run."""
    me = psutil.Process()
    stray = []
    for process in me.children(recursive=True):
        try:
            if process.status() == psutil.STATUS_ZOMBIE or process.ppid() != me.pid:
                stray.append(f"{process.pid} {process.status()} {process.cmdline()[-1:]}")
        except psutil.NoSuchProcess:
            continue
    return stray


def reasons(warehouse: Path) -> dict[str, str]:
    return {r["source_file"]: r["reason_code"]
            for r in table(warehouse, "select * from quarantine")}


# --- size ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_xlsx() -> bytes:
    return render_xlsx(load_seed())


def test_a_workbook_past_the_limit_is_quarantined_and_the_good_files_load(
        tmp_path: Path, seed_xlsx: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.MAX_EXPANDED_BYTES.name, str(2 * MiB))
    raw = make_raw(tmp_path, SEED)
    (raw / "表.xlsx").write_bytes(seed_xlsx)
    (raw / "bomb.xlsx").write_bytes(padded(seed_xlsx, SHEET, 64 * MiB))
    assert (raw / "bomb.xlsx").stat().st_size < MiB  # 64 MiB unpacked
    warehouse = tmp_path / "forms.duckdb"
    ingest(raw, warehouse)
    assert reasons(warehouse) == {"bomb.xlsx": "expands_too_large"}
    reason = table(warehouse, "select reason from quarantine")[0]["reason"]
    assert "67,1" in reason and "2,097,152" in reason and settings.MAX_EXPANDED_BYTES.name in reason
    files = {r["path"]: r["status"] for r in table(warehouse, "select * from ingest_files")}
    assert files == {SEED.name: "loaded", "表.xlsx": "loaded", "bomb.xlsx": "quarantined"}
    assert stray_workers() == []


def test_the_default_limit_refuses_300_mib_before_unpacking_them(seed_xlsx: bytes) -> None:
    bomb = padded(seed_xlsx, SHEET, 300 * MiB)
    with applied(Limits()), pytest.raises(ReadError) as refused:
        read_xlsx(bomb, "bomb.xlsx")
    assert refused.value.code == "expands_too_large"
    with applied(Limits()):
        assert read_xlsx(seed_xlsx, "seed.xlsx")  # a real workbook is far below it


def test_a_header_that_lies_about_a_part_reads_as_damaged_not_as_more_bytes(
        seed_xlsx: bytes) -> None:
    original = len(zipfile.ZipFile(io.BytesIO(seed_xlsx)).read(SHEET))
    liar = declared_as(padded(seed_xlsx, SHEET, 16 * MiB), SHEET, original)
    with applied(Limits(max_expanded_bytes=2 * MiB)), pytest.raises(ReadError) as refused:
        read_xlsx(liar, "liar.xlsx")
    assert refused.value.code == "unreadable_workbook"  # zipfile stops at the declared size
    assert "CRC" in refused.value.message


def test_a_document_past_the_limit_is_refused() -> None:
    document = render_docx(load_seed())
    with applied(Limits(max_expanded_bytes=2 * MiB)):
        assert read_docx(document, "seed.docx")[0].rows
        with pytest.raises(ReadError) as refused:
            read_docx(padded(document, "word/document.xml", 8 * MiB), "bomb.docx")
    assert refused.value.code == "expands_too_large"


# --- time ---------------------------------------------------------------------------------


@pytest.mark.parametrize("good", [2 * MIN_FILES_PER_WORKER, 3], ids=["two workers", "small"])
def test_a_file_past_the_time_limit_is_stopped_and_the_good_files_load(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, good: int) -> None:
    """With 40 good files two workers parse; with 3 the run is too small for workers and
    is parsed in one watched worker (a process that can be killed)."""
    monkeypatch.setenv(settings.FILE_SECONDS.name, TEST_SECONDS)
    monkeypatch.setenv("FORMS_WORKERS", "2")
    raw = tmp_path / "raw"
    raw.mkdir()
    seed_copies(raw, good)
    slow_export(raw)
    warehouse = tmp_path / "forms.duckdb"
    ingest(raw, warehouse)
    assert reasons(warehouse) == {SLOW: "file_time_limit"}
    reason = table(warehouse, "select reason from quarantine")[0]["reason"]
    assert reason.startswith("读取超时") and settings.FILE_SECONDS.name in reason
    assert " / reading took longer than 1 s" in reason
    files = table(warehouse, "select status, count(*) as n from ingest_files group by all "
                             "order by all")
    assert files == [{"status": "loaded", "n": good}, {"status": "quarantined", "n": 1}]
    assert table(warehouse, "select count(*) as n from projects") == [{"n": 5 * good}]
    assert stray_workers() == []


def state_rows(raw: Path, build: Path, workers: int, limits: Limits,
                batch_size: int = 7) -> dict[str, list]:
    """Every parsed_* row and content of one run, without its times."""
    full = prepare_build(build.with_name("none.duckdb"), build)
    with connect(build) as con:
        run_ingestion(con, raw, "run", AT, full, max_bytes=1 << 30, batch_size=batch_size,
                      workers=workers, limits=limits)
        rows = {table: query_frame(con, f"select * from pipeline_state.parsed_{table} "
                                        "order by all").to_dicts()
                for table in ("projects", "funds", "indicators", "quarantine")}
        rows["contents"] = query_frame(con, "select * exclude (parsed_run_id, parsed_at, "
                                            "first_seen_at) from pipeline_state.contents "
                                            "order by all").to_dicts()
    return rows


def test_watching_changes_no_row(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    folder_with_bad_files(raw, 2 * MIN_FILES_PER_WORKER)
    unbounded = state_rows(raw, tmp_path / "a.duckdb", 1, Limits(0, 0))
    watched = state_rows(raw, tmp_path / "b.duckdb", 2, Limits())
    assert len(unbounded["projects"]) == 5 * 2 * MIN_FILES_PER_WORKER
    assert watched == unbounded


def test_the_stopped_files_chunk_mates_are_parsed_again(tmp_path: Path) -> None:
    """Batches of 20 files in chunks of 3 (two workers, four chunks each): the slow file
    shares a chunk with two files parsed before it, and the pool its worker breaks holds
    the chunks of two batches; all are parsed again and give the rows of a run without
    the slow file."""
    raw = tmp_path / "raw"
    raw.mkdir()
    seed_copies(raw, 2 * MIN_FILES_PER_WORKER)
    clean = state_rows(raw, tmp_path / "clean.duckdb", 1, Limits(0, 0))
    slow_export(raw)
    stopped = state_rows(raw, tmp_path / "stopped.duckdb", 2,
                          Limits(file_seconds=float(TEST_SECONDS)), batch_size=20)
    assert [(r["last_path"], r["status"]) for r in stopped["contents"]
            if r["status"] != "loaded"] == [(SLOW, "quarantined")]
    assert [r["reason_code"] for r in stopped["quarantine"]] == ["file_time_limit"]
    without = {name: [r for r in rows if r.get("last_path", r.get("source_file")) != SLOW]
               for name, rows in stopped.items()}
    assert without == clean
    assert stray_workers() == []


def test_small_plain_text_is_parsed_in_process_anything_else_in_a_worker(
        tmp_path: Path, seed_xlsx: bytes) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    seed_copies(raw, 3)
    assert workers_seen(raw, tmp_path / "text.duckdb") is False
    (raw / "表.xlsx").write_bytes(seed_xlsx)
    assert workers_seen(raw, tmp_path / "xlsx.duckdb") is True


def workers_seen(raw: Path, build: Path) -> bool:
    """Whether a parse worker was alive while a run under the default limits wrote."""
    me = os.getpid()
    seen: list[bool] = []

    def look(*_: int) -> None:
        seen.append(any(p.ppid() != me for p in psutil.Process().children(recursive=True)))

    full = prepare_build(build.with_name("none.duckdb"), build)
    with connect(build) as con:
        run_ingestion(con, raw, "run", AT, full, max_bytes=1 << 30, batch_size=200,
                      workers=2, limits=Limits(), on_batch=look)
    return any(seen)


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.FILE_SECONDS.name, "0")
    monkeypatch.setenv(settings.MAX_EXPANDED_BYTES.name, "1048576")
    assert Limits.from_env() == Limits(max_expanded_bytes=MiB, file_seconds=0)
    monkeypatch.setenv(settings.FILE_SECONDS.name, "ten minutes")
    with pytest.raises(ValueError, match=settings.FILE_SECONDS.name):
        Limits.from_env()


def test_raising_a_limit_reads_again_what_it_refused(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A file refused by a limit stays refused while the limits stay (the night is quiet),
    and is read again by the first run with other limits."""
    from pipelines.load.plan import limits_key, scan_raw
    from pipelines.load.quiet_nights import quiet_night, quiet_runs

    raw = make_raw(tmp_path, SEED)
    warehouse = tmp_path / "w" / "forms.duckdb"
    monkeypatch.setenv("FORMS_MAX_FILE_BYTES", "1000")
    ingest(raw, warehouse)
    assert table(warehouse, "select reason_code from quarantine") == \
        [{"reason_code": "file_too_large"}]
    ingest(raw, warehouse)
    assert quiet_runs(warehouse).height == 1  # same limits: nothing to do
    monkeypatch.setenv("FORMS_MAX_FILE_BYTES", str(1 << 20))
    assert not quiet_night(warehouse, list(scan_raw(raw)),
                           limits_key(1 << 20, Limits.from_env()))
    ingest(raw, warehouse)
    assert table(warehouse, "select count(*) as n from projects") == [{"n": 5}]
    assert table(warehouse, "select count(*) as n from quarantine") == [{"n": 0}]
