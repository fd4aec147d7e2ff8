"""The README shows what the commands print: its examples of command output are run.

A reader copies the README's commands and compares what they see; an example that the
program no longer prints (English where the program now speaks Chinese, a count that
moved) teaches the wrong thing.  So every block of command output in README.md is
checked against the real command, run in its own process on the shipped sample laid
out as ``make run`` lays it out (``raw/``, ``warehouse/forms.duckdb``):

- the ``make run`` summary (the block that starts ``已发布 warehouse/forms.duckdb``);
- the ``status`` example (times and the run id are the run's, so they are normalised);
- every block of ``$ python -m pipelines …`` lines, run in order in that folder, each
  followed by exactly what it prints (stdout and stderr together);
- the letters example, on the three shared disclosures it names, every finding returned.
"""

from __future__ import annotations

import itertools
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipelines.commands.review import now, recording
from pipelines.review.decisions import (
    DECISION_HEADER,
    FINDING_ID_HEADER,
    FINDINGS_SHEET,
    DecisionRow,
    record_decisions,
)
from tests.conftest import REPO, SHARED

README = (REPO / "README.md").read_text("utf-8")
WAREHOUSE = Path("warehouse/forms.duckdb")
LETTER_PDFS = (SHARED / "forms" / "pdf" / "025_烟台__2026年烟台市大数据局部门预算.pdf",
               SHARED / "forms" / "pdf" / "020_西安__2026年西安市审计局部门预算.pdf",
               SHARED / "forms" / "pdf-unlabelled" / "020_西安__气象局_2026年部门预算.pdf")
# what legitimately differs from run to run: times and the run's id
VARYING = ((re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"), "<time>"),
           (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<run>"))
# the rows of the README's filled.xlsx: 驳回 in row 3, an id nobody knows in row 7
FILLED_ROWS = {3: ("驳回", None), 5: ("接受", None), 7: ("接受", "0" * 16)}


def pipelines(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m pipelines ARGS`` in ``folder``, stdout and stderr as one text."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "FORMS_EXPORTS": "0"}
    return subprocess.run([sys.executable, "-m", "pipelines", *args], cwd=folder, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=600)


def output_blocks() -> list[list[str]]:
    """The README's fenced blocks without a language (```sh, ```sql … are not output)."""
    blocks: list[list[str]] = []
    current: list[str] | None = None
    language = ""
    for line in README.splitlines():
        fence = line.strip().startswith("```")
        if fence and current is None:
            current, language = [], line.strip()[3:]
        elif fence:
            if not language and current:
                blocks.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def dedented(block: list[str]) -> list[str]:
    """A block as printed: the indentation of the list item it sits in taken away."""
    indent = min(len(line) - len(line.lstrip()) for line in block if line.strip())
    return [line[indent:] for line in block]


def block_starting(prefix: str) -> list[str]:
    (block,) = [dedented(b) for b in output_blocks() if dedented(b)[0].startswith(prefix)]
    return block


def normalised(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        for pattern, stand_in in VARYING:
            line = pattern.sub(stand_in, line)
        out.append(line)
    return out


def fill_rows(book: Path, saved: Path) -> None:
    """``filled.xlsx`` of the README: FILLED_ROWS written into the exported findings."""
    workbook = load_workbook(book)
    sheet = workbook[FINDINGS_SHEET]
    header = [cell.value for cell in sheet[1]]
    for row, (decision, finding_id) in FILLED_ROWS.items():
        sheet.cell(row, header.index(DECISION_HEADER) + 1).value = decision
        if finding_id:
            sheet.cell(row, header.index(FINDING_ID_HEADER) + 1).value = finding_id
    workbook.save(saved)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A folder laid out as ``make run`` leaves it, and what its ingest printed."""
    folder = tmp_path_factory.mktemp("readme_commands")
    shutil.copytree(REPO / "raw", folder / "raw")
    done = pipelines(folder, "ingest", "--raw", "raw", "--warehouse", str(WAREHOUSE))
    assert done.returncode == 0, done.stdout
    return folder, done.stdout


def test_the_make_run_summary_is_what_the_ingest_prints(sample: tuple[Path, str]) -> None:
    _, printed = sample
    summary = [line for line in printed.splitlines() if not line.startswith("已解析")]
    assert block_starting(f"已发布 {WAREHOUSE}") == summary


def test_the_status_example_is_what_status_prints(sample: tuple[Path, str]) -> None:
    folder, _ = sample
    done = pipelines(folder, "status")
    assert done.returncode == 0, done.stdout
    shown = block_starting(f"{WAREHOUSE}：发布于")
    assert normalised(shown) == normalised(done.stdout.splitlines())
    assert not any(re.search(r"[a-z]{3,}", line) for line in normalised(shown)[1:]
                   if "（" not in line), "a status line in English"


def test_every_command_example_prints_what_the_readme_shows(sample: tuple[Path, str],
                                                           tmp_path: Path) -> None:
    """The ``$ python -m pipelines …`` blocks, run in README order on a copy of the sample
    (a decision recorded by one example stands in the next, as for a reader)."""
    folder = tmp_path / "sample"
    shutil.copytree(sample[0], folder)
    (folder / "notes.txt").write_text("not a warehouse\n", "utf-8")
    done = pipelines(folder, "export")
    assert done.returncode == 0, done.stdout
    fill_rows(folder / "warehouse" / "forms.exports" / "forms.xlsx", folder / "filled.xlsx")
    blocks = [dedented(b) for b in output_blocks() if b[0].lstrip().startswith("$ python")]
    assert len(blocks) >= 4
    for block in blocks:
        starts = [i for i, line in enumerate(block) if line.startswith("$ ")] + [len(block)]
        for start, end in itertools.pairwise(starts):
            args = shlex.split(block[start][2:])
            assert args[:3] == ["python", "-m", "pipelines"]
            printed = pipelines(folder, *args[3:]).stdout.splitlines()
            assert printed == block[start + 1:end], block[start]


@pytest.mark.skipif(not all(pdf.exists() for pdf in LETTER_PDFS),
                    reason="../shared/forms/pdf is not beside the repo")
def test_the_letters_example_is_what_letters_prints(tmp_path: Path) -> None:
    """Every finding of the three disclosures the README names returned: one letter each,
    the two 西安 ones to forms whose 实施单位 is blank (about 20 s)."""
    (tmp_path / "raw").mkdir()
    for pdf in LETTER_PDFS:
        shutil.copy(pdf, tmp_path / "raw" / pdf.name)
    assert pipelines(tmp_path, "ingest").returncode == 0
    with recording(tmp_path / WAREHOUSE) as con:
        ids = [row[0] for row in con.execute("select finding_id from review_findings").fetchall()]
        record_decisions(con, [DecisionRow(i, "returned", "请修改", "张三") for i in ids],
                         source="README", decided_at=now())
    done = pipelines(tmp_path, "review", "letters")
    assert done.returncode == 0, done.stdout
    assert block_starting("已写出审核意见书") == done.stdout.splitlines()
