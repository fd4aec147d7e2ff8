"""Every command a person can get wrong ends with one line and a documented exit code.

Each case runs the real command in its own process (the way a person meets it) and checks
that stderr holds no traceback, only the one line, and that nothing was left behind.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.commands.entry import (
    ERROR_PREFIX,
    EXIT_INTERRUPTED,
    EXIT_PIPE_CLOSED,
    EXIT_USAGE,
    UserError,
    guarded,
)
from pipelines.outputs.export.folder import export_warehouse
from tests.conftest import REPO

# what `query` and `status` must start without: the reason they answer in under 0.5 s
# the parser is pipelines.parse.forms and what it imports; the reason codes' Chinese titles
# (pipelines.parse.messages) are a small table status prints
HEAVY_MODULES = ("dagster", "polars", "openpyxl", "pdfplumber", "pipelines.parse.forms",
                 "pipelines.load.run", "pipelines.definitions")


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", *args]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(*args), cwd=REPO, capture_output=True, text=True,
                          timeout=300)


def assert_one_line(done: subprocess.CompletedProcess[str], code: int = EXIT_USAGE) -> str:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == code, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(ERROR_PREFIX), done.stderr
    return lines[0]


@pytest.fixture(scope="module")
def bad_warehouses(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A missing file, an empty one, a text file and a DuckDB database with no tables."""
    folder = tmp_path_factory.mktemp("bad")
    (folder / "empty.duckdb").write_bytes(b"")
    (folder / "text.duckdb").write_text("这不是数据库\n", "utf-8")
    duckdb.connect(str(folder / "blank.duckdb")).close()
    return {name: folder / f"{name}.duckdb" for name in ("missing", "empty", "text", "blank")}


WAREHOUSE_COMMANDS = {
    "status": ("pipelines", "status"),
    "export": ("pipelines", "export"),
    "report": ("pipelines", "report"),
    "query": ("pipelines", "query", "select count(*) from projects"),
    "review list": ("pipelines", "review", "list"),
}


# status of a missing warehouse is a state (exit 1, test_analyst_commands); any DuckDB file
# can be queried, so a blank one answers with the query's own error (tested below)
CASES = [(name, kind) for name in WAREHOUSE_COMMANDS
         for kind in ("missing", "empty", "text", "blank")
         if (name, kind) not in {("status", "missing"), ("query", "blank")}]


@pytest.mark.parametrize(("name", "kind"), CASES)
def test_a_wrong_warehouse_file_is_one_line_and_leaves_nothing(
        bad_warehouses: dict[str, Path], tmp_path: Path, name: str, kind: str) -> None:
    warehouse = bad_warehouses[kind]
    out = tmp_path / "new" / "out"
    extra = ("--out", str(out)) if name in {"export", "report"} else ()
    line = assert_one_line(run(*WAREHOUSE_COMMANDS[name], "--warehouse", str(warehouse),
                               *extra))
    assert str(warehouse) in line
    assert not (tmp_path / "new").exists()
    if kind != "missing":
        assert bad_warehouses[kind].exists()  # nothing replaced or removed


def test_a_blank_duckdb_file_is_answered_by_the_query(bad_warehouses: dict[str, Path]) -> None:
    done = run("pipelines", "query", "select count(*) from projects", "--warehouse",
               str(bad_warehouses["blank"]))
    assert "projects does not exist" in assert_one_line(done)


def test_query_out_into_a_missing_folder_is_refused(seed_warehouse: Path,
                                                    tmp_path: Path) -> None:
    target = tmp_path / "missing" / "dir" / "x.csv"
    line = assert_one_line(run("pipelines", "query", "select * from projects", "--format",
                               "csv", "--out", str(target), "--warehouse", str(seed_warehouse)))
    assert str(target.parent) in line
    assert not (tmp_path / "missing").exists()
    assert_one_line(run("pipelines", "query", "select 1", "--out", str(tmp_path),
                        "--warehouse", str(seed_warehouse)))
    assert_one_line(run("pipelines", "review", "list", "--out", str(target),
                        "--warehouse", str(seed_warehouse)))


@pytest.mark.parametrize(("args", "read_first"), [
    (("query", "select * from range(300000)", "--format", "csv"), True),
    (("query", "select * from range(300000)", "--max-rows", "300000"), True),
    (("query", "select 1"), False),
    (("review", "list", "--format", "csv"), False),
    (("review", "list"), False),
])
def test_a_reader_that_leaves_early_ends_the_command_quietly(
        seed_warehouse: Path, args: tuple[str, ...], read_first: bool) -> None:
    """``… | head -1``: the pipe is closed after the first line of a long output (the
    command is still writing), or before a short one is written at all (a short output
    would otherwise fit into the pipe's buffer and never meet the closed end)."""
    child = subprocess.Popen(command("pipelines", *args, "--warehouse", str(seed_warehouse)),
                             cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    if read_first:
        assert child.stdout.readline()
    child.stdout.close()
    stderr = child.stderr.read().decode("utf-8")
    assert child.wait(timeout=300) == EXIT_PIPE_CLOSED
    assert stderr == ""


@pytest.mark.parametrize("args", [("query", "select * from indicators"), ("review", "list")])
def test_parquet_is_not_written_onto_a_terminal(seed_warehouse: Path,
                                                args: tuple[str, ...]) -> None:
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(command("pipelines", *args, "--format", "parquet",
                                      "--warehouse", str(seed_warehouse)),
                              cwd=REPO, stdout=follower, stderr=subprocess.PIPE, text=True,
                              timeout=300)
        os.set_blocking(leader, False)
        try:
            shown = os.read(leader, 1 << 16)
        except BlockingIOError:
            shown = b""
    finally:
        os.close(leader)
        os.close(follower)
    assert "--out" in assert_one_line(done)
    assert shown == b""


@pytest.mark.parametrize("args", [
    ("query", "select * from indicators", "--format", "parquet"),
    ("review", "list", "--format", "parquet"),
])
def test_parquet_output_prints_no_warning(seed_warehouse: Path, tmp_path: Path,
                                          args: tuple[str, ...]) -> None:
    out = tmp_path / "x.parquet"
    done = run("pipelines", *args, "--out", str(out), "--warehouse", str(seed_warehouse))
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and done.stderr.startswith("已将 ")
    assert duckdb.sql(f"select count(*) from read_parquet('{out}')").fetchall()[0][0] > 0
    piped = subprocess.run(command("pipelines", *args, "--warehouse", str(seed_warehouse)),
                           cwd=REPO, capture_output=True, timeout=300)
    assert piped.returncode == 0 and piped.stdout.startswith(b"PAR1")
    assert b"Warning" not in piped.stderr


def test_query_and_status_start_without_dagster(seed_warehouse: Path) -> None:
    """Behaviour, not timing: the modules that make a command slow are never loaded."""
    where = ["--warehouse", str(seed_warehouse)]
    probe = (
        "import json, sys\n"
        "from pipelines.commands.cli import main\n"
        f"codes = [main(['query', 'select count(*) from projects', *{where!r}]),\n"
        f"         main(['status', *{where!r}])]\n"
        f"heavy = [m for m in sys.modules for h in {HEAVY_MODULES!r}\n"
        "         if m == h or m.startswith(h + '.')]\n"
        "print(json.dumps({'codes': codes, 'heavy': heavy}), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    found = json.loads(done.stderr.strip().splitlines()[-1])
    assert found == {"codes": [0, 0], "heavy": []}


def test_the_guard_turns_what_a_person_causes_into_exit_codes(
        capsys: pytest.CaptureFixture) -> None:
    def interrupted() -> int:
        raise KeyboardInterrupt

    def refused() -> int:
        raise UserError("不行", 1)

    def bad_sql() -> int:
        duckdb.sql("select * from no_such_table")
        return 0

    assert guarded(interrupted) == EXIT_INTERRUPTED
    assert guarded(refused) == 1
    assert guarded(bad_sql) == EXIT_USAGE
    assert guarded(lambda: 0) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[:2] == [f"{ERROR_PREFIX}已中断", f"{ERROR_PREFIX}不行"]
    assert lines[2].startswith(f"{ERROR_PREFIX}读取仓库失败：Catalog Error") and len(lines) == 3


def test_a_failed_export_takes_back_the_folders_it_created(
        bad_warehouses: dict[str, Path], tmp_path: Path) -> None:
    """Past the command's own check (the function is called directly), an export that
    fails half-way leaves neither its folder nor its parents behind."""
    keep = tmp_path / "kept"
    keep.mkdir()
    with pytest.raises(duckdb.Error):
        export_warehouse(bad_warehouses["blank"], keep / "a" / "b" / "exports")
    assert list(keep.iterdir()) == []


@pytest.mark.parametrize(("args", "says"), [
    (("query",), "错误：缺少参数：sql"),
    (("review", "decide", "16c8cca0"), "错误：缺少参数：decision"),
    (("status", "--foo"), "错误：无法识别的参数：--foo"),
])
def test_a_wrong_argument_is_the_usage_and_one_line_in_chinese(args: tuple[str, ...],
                                                                says: str) -> None:
    done = run("pipelines", *args)
    assert done.returncode == EXIT_USAGE and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("usage: python -m pipelines") and lines[-1] == says
