"""File -> grids -> forms, for one file at a time: the pure core of the pipeline.

``process_file`` never raises for bad input: whatever goes wrong becomes a file-level
error or a per-form problem in the result, so one bad file never stops the others.  It
holds no global state and returns plain picklable records, so a process pool can run
it over many files at once.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.core import settings
from pipelines.parse.coverage import page_coverage
from pipelines.parse.forms import parse_grids
from pipelines.parse.messages import form_label, reason_title, zh_reason
from pipelines.parse.records import (
    DepartmentForm,
    DepartmentSelfEvaluation,
    EmptyForm,
    Form,
    FormProblem,
    LeftOut,
    PageOutcome,
    SelfEvaluation,
)
from pipelines.read import ReadError, read_grids, sniff_format
from pipelines.read.locators import place_label

IGNORED_NAMES = frozenset({".gitkeep", ".DS_Store", "Thumbs.db", "desktop.ini"})


@dataclass(slots=True)
class FileResult:
    """Everything one input file produced: forms, per-form problems or a file error."""

    path: str
    sha256: str | None
    size_bytes: int
    format: str | None = None
    forms: list[Form] = field(default_factory=list)
    problems: list[FormProblem] = field(default_factory=list)
    departments: list[DepartmentForm] = field(default_factory=list)
    empty_forms: list[EmptyForm] = field(default_factory=list)
    self_evaluations: list[SelfEvaluation] = field(default_factory=list)
    department_self_evaluations: list[DepartmentSelfEvaluation] = field(default_factory=list)
    error: ReadError | None = None
    reader_notes: list[str] = field(default_factory=list)  # e.g. pages with no text layer
    pages: list[PageOutcome] = field(default_factory=list)  # paged documents: page coverage

    @property
    def status(self) -> str:
        """``partial`` when a form was quarantined or a part of a loaded form left out:
        only a file loaded whole is ``loaded``."""
        if self.error is not None:
            return "quarantined"
        loaded = self.forms_loaded
        if not loaded and not self.problems:
            return "empty"
        if self.problems:
            return "partial" if loaded else "quarantined"
        return "partial" if self.left_out else "loaded"

    @property
    def left_out(self) -> list[tuple[int, LeftOut]]:
        """(form_seq, note) of every part of a loaded form that was not loaded."""
        return [(f.form_seq, note) for f in self._loaded_forms()
                for note in f.notes if isinstance(note, LeftOut)]

    def _loaded_forms(self) -> list[Form | DepartmentForm | SelfEvaluation
                                    | DepartmentSelfEvaluation]:
        """Every loaded form of any kind, targets and self-evaluations."""
        return [*self.forms, *self.departments, *self.self_evaluations,
                *self.department_self_evaluations]

    @property
    def forms_loaded(self) -> int:
        """Project forms, department-wide forms and self-evaluations loaded from this
        content."""
        return len(self._loaded_forms())

    @property
    def forms_found(self) -> int:
        return self.forms_loaded + len(self.problems)  # stated-empty forms are neither

    @property
    def message(self) -> str:
        """What happened to the file, for a person: Chinese first (the codes and the
        English detail stay in ``quarantine`` and ``left_out``)."""
        if self.error is not None:
            return f"{self.error.code}: {zh_reason(self.error.code, self.error.message)}"
        stated = [f"{form_label(e.form_seq)}：表中注明无数据（{e.statement}）"
                  for e in self.empty_forms]
        if self.status == "empty" and not stated:
            return "；".join(["文件中没有找到绩效目标表 / no performance-target form found in "
                             "the file", *self.reader_notes])
        notes = [f"{form_label(f.form_seq)}：{_zh_note(n)}"
                 for f in self._loaded_forms() for n in f.notes]
        problems = [f"{form_label(p.form_seq)}未载入：{reason_title(p.reason_code)}"
                    f"（{p.reason_code}）" for p in self.problems]
        return "；".join(problems + stated + notes + self.reader_notes)


def _zh_note(note: str) -> str:
    """A form's note with its place in Chinese (第 34 页 表 1 第 3 行第 4 列：…)."""
    if isinstance(note, LeftOut) and note.locator:
        return f"{place_label(note.locator)}：{note.text}"
    return note


def input_files(raw_dir: Path) -> list[tuple[str, os.stat_result]]:
    """(path relative to ``raw_dir`` with forward slashes, stat) of every input file,
    ordered by path components (as sorted ``Path`` objects are).

    ``os.scandir`` rather than ``Path.rglob``: a night looks at every file of a folder
    that may hold a hundred thousand, and pathlib's per-path objects cost seconds there.
    Symlinked files count, symlinked folders are not entered (as ``rglob`` does).
    """
    found = [(relative, entry.stat()) for relative, entry in _input_entries(raw_dir)]
    found.sort(key=lambda item: path_order(item[0]))
    return found


def input_paths(raw_dir: Path) -> list[str]:
    """The paths of ``input_files`` without their stat: a directory read tells a file's
    name and kind, while a stat is one more system call per file."""
    return sorted((relative for relative, _ in _input_entries(raw_dir)), key=path_order)


def path_order(relative: str) -> str:
    """Sort key giving the order of path components (``a/b`` before ``a-c``, as sorted
    ``Path`` objects do): the separator as the lowest character, compared in C rather
    than as lists of components."""
    return relative.replace("/", "\0")


def _input_entries(raw_dir: Path) -> Iterator[tuple[str, os.DirEntry]]:
    pending = [("", str(raw_dir))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.name not in IGNORED_NAMES and entry.is_file():
                    yield prefix + entry.name, entry


def sha256_of(path: Path) -> str:
    """Content hash, streamed so a giant file is never held in memory to hash it."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def relative_name(path: Path, root: Path) -> str:
    """Path as stored in the warehouse: relative to the raw folder, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def process_file(
    path: Path, root: Path, max_bytes: int = settings.MAX_FILE_BYTES.default,
    sha256: str | None = None,
) -> FileResult:
    """Read and parse one file; every failure is captured in the result.

    ``sha256`` may be passed when the caller hashed the file already.
    """
    name = relative_name(path, root)
    try:
        size = path.stat().st_size
        digest = sha256 or sha256_of(path)
    except OSError as err:
        return FileResult(name, None, 0, error=ReadError("unreadable_file", str(err)))
    result = FileResult(name, digest, size)
    if size > max_bytes:
        result.error = ReadError(
            "file_too_large",
            f"the file is {size:,} bytes, over the limit of {max_bytes:,}; split it or "
            "raise FORMS_MAX_FILE_BYTES",
        )
        return result
    try:
        data = path.read_bytes()
        result.format = sniff_format(data, name)
        grids = read_grids(data, name)
    except ReadError as err:
        result.error = err
        return result
    except Exception as err:  # a reader bug must quarantine the file, not stop the run
        result.error = ReadError("reader_failed", f"{type(err).__name__}: {err}")
        return result
    result.reader_notes = [note for grid in grids for note in grid.notes]
    for grid in grids:
        parsed = parse_grids([grid], first_seq=_forms_so_far(result) + 1)
        for item in parsed:
            _bucket(result, item).append(item)
        result.pages.extend(page_coverage(grid, parsed))
    return result


def _forms_so_far(result: FileResult) -> int:
    """Forms of every kind parsed so far: the next grid's forms are numbered after them."""
    return result.forms_found + len(result.empty_forms)


def _bucket(result: FileResult, item: object) -> list:
    """The result list a parsed record belongs in."""
    if isinstance(item, Form):
        return result.forms
    if isinstance(item, DepartmentForm):
        return result.departments
    if isinstance(item, EmptyForm):
        return result.empty_forms
    if isinstance(item, SelfEvaluation):
        return result.self_evaluations
    if isinstance(item, DepartmentSelfEvaluation):
        return result.department_self_evaluations
    return result.problems
