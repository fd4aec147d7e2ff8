"""``python -m pipelines ingest`` as a user runs it: real process, real files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SEED
from tests.warehouse_helpers import table


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipelines", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


def test_empty_folder_publishes_an_empty_warehouse(tmp_path: Path) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "out" / "forms.duckdb"
    raw.mkdir()
    done = run_cli("ingest", "--raw", str(raw), "--warehouse", str(warehouse))
    assert done.returncode == 0, done.stderr
    assert "projects" in done.stdout
    assert table(warehouse, "select count(*) as n from projects") == [{"n": 0}]


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    done = run_cli("ingest", "--raw", str(tmp_path / "nope"), "--warehouse",
                   str(tmp_path / "w.duckdb"))
    assert done.returncode == 2
    assert "不是文件夹" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "w.duckdb").exists()


def test_bad_files_are_quarantined_and_good_ones_load(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    seed = SEED.read_bytes()
    (raw / "空 文件.txt").write_bytes(b"")
    (raw / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (raw / "title only.txt").write_text("财政项目支出绩效目标申报表\n(2023年度)\n", "utf-8")
    (raw / "旧系统 导出.txt").write_bytes(
        seed.decode("utf-8").replace("\n", "\r\n").encode("gb18030"))
    (raw / "bom.txt").write_bytes(b"\xef\xbb\xbf" + seed)
    warehouse = tmp_path / "forms.duckdb"
    done = run_cli("ingest", "--raw", str(raw), "--warehouse", str(warehouse))
    assert done.returncode == 0, done.stderr
    files = {r["path"]: r for r in table(warehouse, "select * from ingest_files")}
    assert files["空 文件.txt"]["status"] == "quarantined"
    assert files["binary.txt"]["status"] == "quarantined"
    assert files["title only.txt"]["status"] == "quarantined"
    assert files["旧系统 导出.txt"]["forms_loaded"] == 5
    assert files["bom.txt"]["forms_loaded"] == 5
    reasons = {r["source_file"]: r["reason_code"] for r in table(warehouse,
                                                                  "select * from quarantine")}
    assert reasons == {"空 文件.txt": "empty_file", "binary.txt": "binary",
                       "title only.txt": "empty_form"}
    # the same five projects from two files: one current row each, the rest superseded
    assert table(warehouse, "select count(*) as n from projects") == [{"n": 5}]
    assert table(warehouse, "select status, count(*) as n from project_revisions "
                            "group by all order by all") == [
        {"status": "current", "n": 5}, {"status": "superseded", "n": 5}]
    assert "  隔离：文件为空（empty_file）：1 项" in done.stdout
