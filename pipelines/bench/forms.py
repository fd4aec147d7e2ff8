"""A realistic, seeded benchmark corpus of 财政项目支出绩效目标申报表 files.

The ingest benchmark needs 10,000 to 1,000,000 forms that look like the exports finance
bureaus receive, not copies of one sample: copies hash alike, parse alike and hide the
costs that real folders have (many formats, shifted rows, boilerplate copied between
projects, a few broken files).  ``generate_corpus`` writes such a folder tree:

- forms in the Shanghai template of the sample (``raw/000_…``), row for row: titles as
  plain text or wrapped in ``<p style="text-align: center;">``, 其中：/其中: labels, the
  four fund-block layouts, the indicator rows with blank (merged) level cells and rows
  shifted one or two cells left exactly as the sample prints them;
- 5–30 indicators per form over 成本/产出/效益/满意度 with the framework's 二级 names,
  varied 三级 names, Shanghai-style targets (``=100.00(%)``, ``≥90%``, ``=24.00(小时)``,
  ``≤30(天)``) and qualitative ones (及时, 提升, 建立健全, 稳定);
- exact two-decimal amounts that add up (项目资金总额 = 财政资金 + 其他资金, 年度资金申请总额 =
  当年财政拨款 + 上年结转资金 + 其他资金), about 10% of forms in 万元;
- fiscal years 2022–2026 with planned dates inside the year, a project name unique over
  the whole corpus (so every form is its own project in the warehouse);
- boilerplate: about 30% of forms belong to groups that share the same goal text, the
  same indicator block, or both, within one fiscal year; group sizes are heavy-tailed
  (Pareto) and the largest has min(10,000, forms // 10) members, so a review rule that
  self-joins equal goals meets a quadratic case;
- 1–20 forms per file (1–8 in workbooks: openpyxl writes a form in about 2.5 ms, ten
  times the rest of the generator), folders of up to 1,000 files per district and
  bureau; files are .txt (UTF-8, about 3% GB18030, 10% CRLF, 2% with BOM), ~2% .xlsx
  (one sheet per form or all stacked on one sheet, merged cells, some typed amounts and
  dates), ~2% .html; ~0.5% malformed files (empty, binary, text without a form, a form
  without 项目名称), which never count as forms.

Every rare kind is also placed among the first files, so a corpus of a few hundred forms
already holds each of them (the tests rely on it).  Everything comes from one
``random.Random(seed)`` and lists built once at import, files are written one at a time
and nothing of the corpus is kept, so a million forms take flat memory and the same
seed and size give byte-identical files (workbooks get fixed zip and document times).

The parts: ``vocabulary`` (the words forms pick from), ``specs`` (a planned file and form),
``plan`` (``iter_corpus`` replays the plan without writing: what each file must load as),
``render`` (a file's bytes) and ``changes`` (``change_files`` rewrites a share of the files
as corrections for incremental runs).  Here: ``generate_corpus`` writes the folder, and
``floor_read_and_split`` is the cheapest full pass, the floor the ingest is compared to.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pipelines.bench.plan import DEFAULT_SEED, iter_corpus
from pipelines.bench.render import render


@dataclass(frozen=True)
class Corpus:
    """What ``generate_corpus`` wrote."""

    root: Path
    files: int  # files written
    forms: int  # well-formed forms written (the ones that must load)
    malformed_files: int
    bytes: int


def generate_corpus(root: Path, forms: int, seed: int = DEFAULT_SEED) -> Corpus:
    """Write the corpus of ``forms`` well-formed forms under ``root``, file by file."""
    files = malformed = written = loaded = 0
    folder = None
    for spec in iter_corpus(forms, seed):
        path = root / spec.path
        if path.parent != folder:  # a folder's files come one after another
            folder = path.parent
            folder.mkdir(parents=True, exist_ok=True)
        data = render(spec)
        path.write_bytes(data)
        files += 1
        written += len(data)
        malformed += spec.malformed
        loaded += len(spec.expected_forms)
    return Corpus(root=root, files=files, forms=loaded, malformed_files=malformed,
                  bytes=written)


def floor_read_and_split(root: Path) -> int:
    """The benchmark floor: the cheapest honest full pass over the corpus in plain Python.

    Text files are read, decoded (UTF-8, else GB18030) and split into lines and cells on
    tabs; HTML is decoded and split at ``<td``; a workbook is only read and its zip
    members listed (unzipping and parsing its XML is already reader work).  Returns the
    number of cells (zip members for workbooks), so the work cannot be optimised away.
    """
    cells = 0
    for folder, _, names in os.walk(root):
        for name in names:
            cells += _floor_file(Path(folder) / name)
    return cells


def _floor_file(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return len(archive.infolist())
        except zipfile.BadZipFile:
            return 0
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    if path.suffix in (".html", ".htm"):
        return len(text.split("<td")) - 1
    return sum(len(line.split("\t")) for line in text.splitlines())
