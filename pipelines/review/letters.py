"""Review letters: one DOCX 审核意见书 per addressee unit with its returned findings.

A reviewer who returns a finding (退回修改) to a unit writes a comment; the unit has to get those
comments back in a form it can file and act on, which is a letter, not a warehouse query.  This
module writes one Word document per unit into a folder:

``letter_docx`` (the document), ``returned`` (the finding and whom it goes to: the
实施单位, else the 主管部门, else the disclosing department, else the file's sender) and
``letter_names`` (safe file names) hold the parts; this module writes the folder.

Everything here is pure (no Dagster, no DuckDB): the caller loads the findings and picks the
output folder.  Letters are deterministic (fixed document dates, fixed zip timestamps), so a
rerun with the same findings rewrites byte-identical files and the folder can be compared or
synced without noise.  :func:`write_letters` replaces the folder as a whole, so a reader never
sees half a set and a unit whose findings were all resolved loses its stale letter.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipelines.core.files import fsync_path, swap_into_place
from pipelines.publish.lock import exclusive_lock
from pipelines.review.letter_docx import letter_docx
from pipelines.review.letter_names import unique_names
from pipelines.review.returned import ReturnedFinding, addressee, one_line


@dataclass(frozen=True, slots=True)
class LetterFile:
    """One letter :func:`write_letters` wrote, with its final path (after the folder swap)."""

    unit: str  # the addressee as shown in the letter
    path: Path  # the written .docx
    projects: int  # number of projects in the letter
    findings: int  # number of findings in the letter
    # projects in the letter whose 实施单位 is blank (addressed to the department instead)
    without_unit: int = 0


def write_letters(findings: Iterable[ReturnedFinding], out_dir: Path,
                  issued: date) -> list[LetterFile]:
    """Write one letter per addressee (see ``returned.addressee``) into ``out_dir``, replacing
    its contents.

    The letters are built in a temporary sibling folder, which is then swapped in (old
    folder renamed aside, new one renamed in, old one removed): a reader sees the old set
    or the new one, never a mix, and units whose findings were all resolved lose their
    letter.  Without findings ``out_dir`` ends up empty.  Returns the letters sorted by
    unit, with their final paths.  A hidden ``.<out_dir>.letters.lock`` file stays beside
    the folder: it serialises concurrent runs and must outlive them to do so.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(f"letters folder is a file: {out_dir}")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    by_unit = _group_units(findings)
    units = sorted(by_unit)
    with exclusive_lock(_lock_path(out_dir)):
        _remove_leftovers(out_dir)
        build = Path(tempfile.mkdtemp(prefix=_build_prefix(out_dir), dir=out_dir.parent))
        try:
            letters = _write_all(by_unit, units, build, out_dir, issued)
            _swap_in(build, out_dir)
        finally:
            shutil.rmtree(build, ignore_errors=True)
    return letters


def _group_units(findings: Iterable[ReturnedFinding]) -> dict[str, list[ReturnedFinding]]:
    by_unit: dict[str, list[ReturnedFinding]] = {}
    for finding in findings:
        by_unit.setdefault(addressee(finding).name, []).append(finding)
    return by_unit


def _write_all(by_unit: dict[str, list[ReturnedFinding]], units: Sequence[str], build: Path,
               out_dir: Path, issued: date) -> list[LetterFile]:
    """Write every letter into ``build``, flushed to disk; report their final paths."""
    letters = []
    for unit, name in zip(units, unique_names(units), strict=True):
        rows = by_unit[unit]
        _write_file(build / name, letter_docx(unit, rows, issued))
        projects = {(row.project_id, row.fiscal_year) for row in rows}
        without_unit = {(row.project_id, row.fiscal_year) for row in rows
                        if not one_line(row.implementing_unit)}
        letters.append(LetterFile(unit=unit, path=out_dir / name, projects=len(projects),
                                  findings=len(rows), without_unit=len(without_unit)))
    fsync_path(build)
    return letters


def _write_file(path: Path, data: bytes) -> None:
    with path.open("xb") as handle:  # "x": a name clash is a bug, never an overwrite
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _swap_in(build: Path, out_dir: Path) -> None:
    """Rename the old folder aside, the new one in, then remove the old one."""
    aside = out_dir.parent / f"{_hidden_base(out_dir)}.old"
    swap_into_place(build, out_dir, aside)
    shutil.rmtree(aside, ignore_errors=True)
    fsync_path(out_dir.parent)


def _hidden_base(out_dir: Path) -> str:
    return f".{out_dir.name}.letters"


def _build_prefix(out_dir: Path) -> str:
    return f"{_hidden_base(out_dir)}.tmp-"


def _remove_leftovers(out_dir: Path) -> None:
    """Remove build and aside folders a killed earlier run left behind (we hold the lock,
    so no other run is using them)."""
    base = _glob_escape(_hidden_base(out_dir))
    for pattern in (f"{base}.tmp-*", f"{base}.old"):
        for path in out_dir.parent.glob(pattern):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)


def _glob_escape(text: str) -> str:
    """``text`` with glob metacharacters bracketed, for a folder name used as a pattern."""
    return re.sub(r"([*?\[])", r"[\1]", text)


def _lock_path(out_dir: Path) -> Path:
    """The sibling lock file that keeps two runs writing one folder from interleaving
    their renames."""
    return out_dir.parent / f"{_hidden_base(out_dir)}.lock"
