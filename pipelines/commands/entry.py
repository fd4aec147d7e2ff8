"""What every command's entry point shares: exit codes, one-line errors, warehouse checks.

A person who mistypes a path, points a command at the wrong file or pipes the output into
``head`` must get one line saying what to do, never a traceback: tracebacks are for
programming errors, and they hide the one sentence that matters in forty lines.  This
module stays light (DuckDB and the standard library only) because ``query`` and
``status`` import it and must start in well under half a second.

Exit codes (documented in the README, "Exit codes"):

- 0: done;
- 1: the command ran but its result is incomplete (a run that failed, rejected rows of
  a review workbook, ``status`` before any warehouse exists);
- 2: the command cannot run as asked (a wrong argument, a missing or unreadable
  warehouse, SQL that is refused or fails, an output path that cannot be written);
- 130: interrupted (Ctrl-C);
- 141: the reader of the output went away (``… | head``), as 128 + SIGPIPE, what a
  shell reports for ``cat`` or ``grep`` in the same place.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb

from pipelines.core.sql_files import read_sql

EXIT_OK = 0
EXIT_INCOMPLETE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_PIPE_CLOSED = 141
ERROR_PREFIX = "错误："
DUCKDB_MAGIC = b"DUCK"
MAGIC_OFFSET = 8
# a table every published warehouse has; a DuckDB file without it is someone else's file
WAREHOUSE_TABLE = "ingest_files"
INGEST_HINT = "请先运行 `python -m pipelines ingest`，或用 --warehouse 指定仓库文件"

# The ``review`` command's one-line help, shared by the full parser and the light one that
# parses the other commands without importing the review's code.
REVIEW_HELP = "审核决定：导入、列出、决定、审核意见书"


class UserError(Exception):
    """A mistake the person can fix: one line on stderr and an exit code, no traceback."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def first_line(err: BaseException) -> str:
    """The first line of an error's text: DuckDB's messages go on with hints and carets."""
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def print_error(message: str) -> None:
    print(f"{ERROR_PREFIX}{message}", file=sys.stderr)


def guarded(command: Callable[[], int]) -> int:
    """Run a command and turn what a person can cause into one line and an exit code.

    Output is flushed inside the guard, so a reader that left early is noticed here and
    not in the interpreter's final flush (which would print "Exception ignored").
    """
    try:
        code = command()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_PIPE_CLOSED
    except KeyboardInterrupt:
        print_error("已中断")
        return EXIT_INTERRUPTED
    except UserError as err:
        print_error(str(err))
        return err.code
    except duckdb.Error as err:
        print_error(f"读取仓库失败：{first_line(err)}")
        return EXIT_USAGE
    except OSError as err:
        print_error(_os_error_line(err))
        return EXIT_USAGE


def _silence_stdout() -> None:
    """Point stdout at /dev/null so nothing more is written to the closed pipe (the
    recipe of Python's documentation, "Note on SIGPIPE")."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _os_error_line(err: OSError) -> str:
    where = f"{err.filename}：" if err.filename else ""
    return f"{where}{err.strerror or first_line(err)}"


def warehouse_problem(warehouse: Path) -> str | None:
    """Why ``warehouse`` is not a file this program can read, or None when it is one.

    Checked before a command opens it, so a missing, empty or foreign file gets a
    sentence in Chinese instead of DuckDB's IO error and nothing is created on the way.
    """
    if not warehouse.exists():
        return f"没有仓库文件 {warehouse}；{INGEST_HINT}"
    if not warehouse.is_file():
        return f"{warehouse} 不是文件；{INGEST_HINT}"
    with warehouse.open("rb") as handle:
        head = handle.read(MAGIC_OFFSET + len(DUCKDB_MAGIC))
    if not head:
        return f"{warehouse} 是空文件，不是 DuckDB 数据库；{INGEST_HINT}"
    if head[MAGIC_OFFSET:] != DUCKDB_MAGIC:
        return f"{warehouse} 不是 DuckDB 数据库文件；{INGEST_HINT}"
    return None


def require_warehouse(warehouse: Path) -> None:
    """Raise a UserError unless ``warehouse`` is a published warehouse of this program."""
    problem = warehouse_problem(warehouse)
    if problem is None:
        problem = _foreign_database(warehouse)
    if problem is not None:
        raise UserError(problem)


def _foreign_database(warehouse: Path) -> str | None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        found = con.execute(read_sql("cli/is_warehouse.sql"),
                            {"table_name": WAREHOUSE_TABLE}).fetchone()
    if found and found[0]:
        return None
    return (f"{warehouse} 是 DuckDB 数据库，但不是本程序发布的仓库（没有 {WAREHOUSE_TABLE} "
            f"表）；{INGEST_HINT}")


def require_output_folder(out: Path) -> None:
    """An output file's folder must exist: like a shell's ``> dir/file``, a query does not
    create folders, so a mistyped path is an error and not a new folder somewhere."""
    if out.is_dir():
        raise UserError(f"--out {out} 是文件夹；请给出文件名")
    if not out.parent.is_dir():
        raise UserError(f"--out 的文件夹 {out.parent} 不存在；请先创建它或换一个路径")
