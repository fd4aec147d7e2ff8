"""The analyst's commands (query, status, export, report) and the ingest's progress, run
as a user runs them: real processes on a real warehouse."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines.commands.query import display_width
from pipelines.core.id_labels import SEVERITY_LABELS
from pipelines.core.progress import BarProgress, LogProgress, for_stream, progress_line
from pipelines.load.warehouse import connect
from pipelines.publish.lock import WriterLock
from tests.conftest import REPO, SEED
from tests.warehouse_helpers import ingest, make_raw, table


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipelines", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample plus a file that is quarantined, ingested once."""
    tmp = tmp_path_factory.mktemp("analyst")
    raw = make_raw(tmp, SEED)
    (raw / "不是表.txt").write_text("会议纪要\n没有绩效目标表\n", "utf-8")
    warehouse = tmp / "w" / "forms.duckdb"
    ingest(raw, warehouse)
    return warehouse


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_query_prints_an_aligned_table_with_chinese_text(built: Path) -> None:
    done = run_cli("query", "select project_name, fiscal_year from projects "
                   "order by project_name", "--warehouse", str(built))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    names = [r["project_name"] for r in table(built, "select project_name from projects "
                                                     "order by project_name")]
    assert lines[0].split() == ["project_name", "fiscal_year"]
    assert [line.split()[0] for line in lines[2:2 + len(names)]] == names
    # the year column starts at the same terminal column on every line (CJK is 2 wide)
    starts = {display_width(line[:line.rindex(" ") + 1]) for line in lines[2:2 + len(names)]}
    assert len(starts) == 1
    assert lines[-1] == f"（{len(names)} 行）"


def test_query_table_shows_the_first_rows_and_says_more_exist(built: Path) -> None:
    done = run_cli("query", "select * from indicators", "--max-rows", "3",
                   "--warehouse", str(built))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].startswith("（3 行；其余行未显示")


def test_query_csv_and_json_keep_exact_values(built: Path) -> None:
    sql = "select project_id, item, amount_yuan from funds order by project_id, item"
    expected = table(built, sql)
    as_csv = run_cli("query", sql, "--format", "csv", "--warehouse", str(built))
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [Decimal(r["amount_yuan"]) if r["amount_yuan"] else None for r in rows] == \
        [r["amount_yuan"] for r in expected]
    as_json = run_cli("query", sql, "--format", "json", "--warehouse", str(built))
    records = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert [(r["item"], None if r["amount_yuan"] is None else Decimal(r["amount_yuan"]))
            for r in records] == [(r["item"], r["amount_yuan"]) for r in expected]


def test_query_parquet_keeps_decimals(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "funds.parquet"
    done = run_cli("query", "select * from funds", "--format", "parquet", "--out", str(out),
                   "--warehouse", str(built))
    assert done.returncode == 0, done.stderr
    read = pq.read_table(out)
    assert str(read.schema.field("amount_yuan").type).startswith("decimal128")
    assert read.num_rows == table(built, "select count(*) as n from funds")[0]["n"]


@pytest.mark.parametrize(("sql", "says"), [
    ("selec * from projects", "syntax error"),
    ("select * from no_such_table", "no_such_table"),
    ("insert into projects select * from projects", "只允许读取的语句"),
    ("delete from quarantine", "只允许读取的语句"),
    ("copy projects to '/tmp/stolen.csv'", "只允许读取的语句"),
    ("attach 'other.duckdb'", "只允许读取的语句"),
    ("set threads = 1", "只允许读取的语句"),
    ("select 1; drop table projects", "只能给一条语句"),
    ("select * from read_csv('/etc/passwd')", "disabled"),
])
def test_bad_sql_and_writes_give_one_line_and_change_nothing(
        built: Path, sql: str, says: str) -> None:
    before = digest(built)
    done = run_cli("query", sql, "--warehouse", str(built))
    assert done.returncode == 2
    assert done.stderr.startswith("错误：") and says in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
    assert digest(built) == before


def test_query_and_status_work_while_a_run_is_writing(built: Path, tmp_path: Path) -> None:
    """A run holds the writer lock and writes its build beside the published file."""
    warehouse = tmp_path / "forms.duckdb"
    shutil.copy(built, warehouse)
    lock = WriterLock(warehouse)
    lock.acquire()
    build = warehouse.with_name(warehouse.name + ".build-run1")
    shutil.copy(warehouse, build)
    try:
        with connect(build) as writer:
            writer.execute("delete from projects")
            done = run_cli("query", "select count(*) as n from projects",
                           "--format", "csv", "--warehouse", str(warehouse))
            status = run_cli("status", "--warehouse", str(warehouse))
    finally:
        lock.release()
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1] == "5"
    assert f"正在运行：pid {os.getpid()} 正在写入" in status.stdout


def test_status_tells_the_last_run_quarantine_and_findings(built: Path) -> None:
    done = run_cli("status", "--warehouse", str(built))
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "上次运行：开始" in text
    assert "  文件：新增 2，修改 0，删除 0，未变 0" in text
    assert "解析 2 份内容，载入表 5 张" in text
    reasons = table(built, "select reason_code, count(*) as n from quarantine group by all")
    for row in reasons:
        assert f"（{row['reason_code']}）：{row['n']} 项" in text
    findings = table(built, "select severity, count(*) as n from review_findings group by all")
    for row in findings:
        assert f"{SEVERITY_LABELS[row['severity']]} {row['n']:,}" in text
    assert "正在运行" not in text


def test_status_of_a_missing_warehouse_says_what_to_do(tmp_path: Path) -> None:
    done = run_cli("status", "--warehouse", str(tmp_path / "none.duckdb"))
    assert done.returncode == 1
    assert "请先运行 `python -m pipelines ingest`" in done.stdout


def test_ingest_prints_plain_progress_lines_when_not_on_a_terminal(tmp_path: Path) -> None:
    raw = make_raw(tmp_path, SEED)
    done = run_cli("ingest", "--raw", str(raw), "--warehouse", str(tmp_path / "w.duckdb"))
    assert done.returncode == 0, done.stderr
    assert "已解析 1 / 1 个文件（5 张表）" in done.stderr
    assert "\r" not in done.stderr  # no bar redrawn into a log file


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_and_a_pipe_gets_lines() -> None:
    assert isinstance(for_stream(FakeTerminal()), BarProgress)
    assert isinstance(for_stream(io.StringIO()), LogProgress)
    terminal = FakeTerminal()
    bar = for_stream(terminal)
    bar.update(5, 10, 40)
    bar.update(10, 10, 80)
    bar.close()
    shown = terminal.getvalue()
    assert "10/10" in shown and "80 张表" in shown and "个文件/s" in shown


def test_log_progress_writes_at_most_every_interval_and_at_the_end() -> None:
    stream = io.StringIO()
    log = LogProgress(stream, every=3600)
    for done in range(1, 10):
        log.update(done, 10, done * 8)
    log.update(10, 10, 80)
    assert stream.getvalue().splitlines() == [stream.getvalue().splitlines()[-1]]
    assert stream.getvalue().startswith("已解析 10 / 10 个文件（80 张表）")


def test_progress_line_estimates_time_left() -> None:
    assert progress_line(100, 400, 800, 10.0) == \
        "已解析 100 / 400 个文件（800 张表），每秒 10 个，约剩 30 秒"


def test_outputs_follow_publishes_and_quiet_nights_keep_them(tmp_path: Path) -> None:
    raw = make_raw(tmp_path, SEED)
    warehouse = tmp_path / "w" / "forms.duckdb"
    env = {"FORMS_EXPORTS": "1"}
    first = run_cli("ingest", "--raw", str(raw), "--warehouse", str(warehouse), env=env)
    assert first.returncode == 0, first.stderr
    report, workbook = warehouse.with_name("forms.report.html"), warehouse.with_name(
        "forms.exports")
    assert report.is_file() and (workbook / "forms.xlsx").is_file()
    made = (report.stat().st_mtime_ns, (workbook / "forms.xlsx").stat().st_mtime_ns)
    quiet = run_cli("ingest", "--raw", str(raw), "--warehouse", str(warehouse), env=env)
    assert "没有变化，保留了已发布的仓库" in quiet.stdout
    assert (report.stat().st_mtime_ns, (workbook / "forms.xlsx").stat().st_mtime_ns) == made
    other = SEED.read_text("utf-8").replace("闵行区", "徐汇区")
    (raw / "第二份.txt").write_text(other, "utf-8")
    changed = run_cli("ingest", "--raw", str(raw), "--warehouse", str(warehouse), env=env)
    assert changed.returncode == 0, changed.stderr
    assert report.stat().st_mtime_ns > made[0]
    assert (workbook / "forms.xlsx").stat().st_mtime_ns > made[1]
    projects = table(warehouse, "select count(*) as n from projects")[0]["n"]
    with duckdb.connect() as con:
        exported = con.execute("select count(*) from read_parquet(?, hive_partitioning=true)",
                               [str(workbook / "parquet" / "projects" / "**" / "*.parquet")]
                               ).fetchone()
    assert exported == (projects,)


def test_two_warehouses_in_one_folder_keep_separate_outputs(tmp_path: Path) -> None:
    """``one.duckdb`` and ``w.duckdb`` side by side: each night writes its own exports and
    report, named after its warehouse, and never the other's."""
    env = {"FORMS_EXPORTS": "1"}
    folder = tmp_path / "warehouse"
    (tmp_path / "seed").mkdir()
    (tmp_path / "other").mkdir()
    seed_raw = make_raw(tmp_path / "seed", SEED)
    other_raw = make_raw(tmp_path / "other", SEED)
    (other_raw / SEED.name).write_text(SEED.read_text("utf-8").replace("闵行区", "徐汇区"),
                                       "utf-8")
    for name, raw in (("one", seed_raw), ("w", other_raw)):
        done = run_cli("ingest", "--raw", str(raw), "--warehouse", str(folder / f"{name}.duckdb"),
                       env=env)
        assert done.returncode == 0, done.stderr
    pages = {name: (folder / f"{name}.report.html").read_text("utf-8") for name in ("one", "w")}
    assert "徐汇区" in pages["w"] and "徐汇区" not in pages["one"]
    units = {}
    for name in ("one", "w"):
        exports = folder / f"{name}.exports"
        assert (exports / "forms.xlsx").is_file()
        pattern = str(exports / "parquet" / "projects" / "**" / "*.parquet")
        with duckdb.connect() as con:
            units[name] = {row[0] for row in con.execute(
                "select department from read_parquet(?, hive_partitioning=true)",
                [pattern]).fetchall()}
    assert any("徐汇区" in unit for unit in units["w"])
    assert not any("徐汇区" in unit for unit in units["one"])
    assert not (folder / "exports").exists() and not (folder / "report.html").exists()


def test_export_and_report_commands_write_on_demand(built: Path, tmp_path: Path) -> None:
    out, page = tmp_path / "exports", tmp_path / "r.html"
    done = run_cli("export", "--warehouse", str(built), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert (out / "forms.xlsx").is_file() and (out / "csv" / "projects").is_dir()
    shown = run_cli("report", "--warehouse", str(built), "--out", str(page))
    assert shown.returncode == 0, shown.stderr
    assert "<svg" in page.read_text("utf-8")
    missing = run_cli("export", "--warehouse", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 2 and "`python -m pipelines ingest`" in missing.stderr


def test_the_report_asset_shows_its_tables_in_the_dagster_ui(tmp_path: Path) -> None:
    raw = make_raw(tmp_path, SEED)
    warehouse = tmp_path / "w" / "forms.duckdb"
    result = ingest(raw, warehouse)
    (event,) = [e for e in result.all_events if e.event_type_value == "ASSET_MATERIALIZATION"
                and e.asset_key.to_user_string() == "report"]
    metadata = event.event_specific_data.materialization.metadata
    rules = table(warehouse, "select distinct rule_id from review_findings")
    assert all(r["rule_id"] in metadata["findings_by_rule"].value for r in rules)
    worst = table(warehouse, "select p.project_name from project_scorecard p "
                             "order by error_count desc, warning_count desc, finding_count desc, "
                             "project_id limit 1")[0]["project_name"]
    assert worst in metadata["needing_attention"].value
    assert metadata["report"].value == str(warehouse.with_name("forms.report.html"))
