"""Review letters: one DOCX 审核意见书 per addressee unit with its returned findings.

A reviewer who returns a finding (退回修改) to a unit writes a comment; the unit has to get those
comments back in a form it can file and act on, which is a letter, not a warehouse query.  This
module turns the returned findings into one Word document per unit:

- a title, the unit as addressee, an opening that says how many projects and findings are
  returned;
- per project (by fiscal year, project name, project id) a heading, the 主管部门 / 实施单位 /
  项目编号 / 来源文件 line the unit needs to find the form again, and a table of the findings
  (errors first): the rule's Chinese name and severity, the finding, where it is in the form
  (page of a PDF, sheet and cell or row of a workbook, line of a text file) and the
  reviewer's comment, name and date;
- a closing that asks for the revised form, and the date of issue.

The addressee is the project's 实施单位; a form that leaves it blank (37 of the 100 forms of
the shared disclosures) goes to its 主管部门, else to the department whose budget disclosure
printed it, else to the sender of its file: never to a placeholder, which would put the forms
of unrelated departments in one letter that nobody receives.

Everything here is pure (no Dagster, no DuckDB): the caller loads the findings and picks the
output folder.  Letters are deterministic (fixed document dates, fixed zip timestamps), so a
rerun with the same findings rewrites byte-identical files and the folder can be compared or
synced without noise.  :func:`write_letters` replaces the folder as a whole, so a reader never
sees half a set and a unit whose findings were all resolved loses its stale letter.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Cm
from docx.table import Table, _Cell

from pipelines.core.files import fsync_path, swap_into_place
from pipelines.core.id_labels import SEVERITIES, SEVERITY_LABELS
from pipelines.publish.lock import exclusive_lock
from pipelines.read.locators import where_label
from pipelines.review.rules import RULE_TITLES

TITLE = "预算项目绩效目标审核意见"
AUTHOR = "forms-warehouse review"
MISSING = "（未填写）"
NO_COMMENT = "（无）"
BODY_FONT = "宋体"
HEADING_FONT = "黑体"
COLUMNS = ("序号", "审核发现", "位置", "审核意见", "审核人", "审核日期")
# A4 with 2 cm side margins leaves 17 cm, which the columns fill
PAGE_WIDTH, PAGE_HEIGHT, SIDE_MARGIN = Cm(21.0), Cm(29.7), Cm(2.0)
COLUMN_WIDTHS = (Cm(1.0), Cm(6.0), Cm(2.6), Cm(4.0), Cm(1.6), Cm(1.8))
SEVERITY_ORDER = {severity: rank for rank, severity in enumerate(SEVERITIES)}

# Whom a project's findings are addressed to, in order of preference, and what the project
# line says when the 实施单位 is blank (the addressee is then not the one the form names).
IMPLEMENTING_UNIT = "实施单位"
DEPARTMENT = "主管部门"
FILE_DEPARTMENT = "部门预算所属部门"
FILE_SENDER = "来源文件报送单位"
ADDRESSED_TO = {DEPARTMENT: "本意见送主管部门", FILE_DEPARTMENT: "本意见送部门预算所属部门",
                FILE_SENDER: "本意见送来源文件的报送单位"}

FILE_PREFIX = "审核意见_"
FILE_SUFFIX = ".docx"
MAX_UNIT_CHARS = 80
MAX_UNIT_BYTES = 200  # 80 CJK characters are 240 UTF-8 bytes; most file systems allow 255
UNNAMED_FILE_UNIT = "未命名"
WINDOWS_ILLEGAL = frozenset('<>:"/\\|?*')

# Characters XML 1.0 cannot hold: C0 controls except tab/newline/return, lone surrogates,
# U+FFFE and U+FFFF.  lxml refuses them, so one stray byte in a comment would lose the letter.
XML_ILLEGAL_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class ReturnedFinding:
    """One finding a reviewer returned (退回修改) to the unit, with the reviewer's comment."""

    implementing_unit: str | None  # 实施单位: the addressee when filled (see addressee())
    department: str | None  # 主管部门
    fiscal_year: int | None
    project_id: str
    project_name: str | None
    source_file: str | None  # the form file the project came from
    source_line: int | None  # the form's row in the reader's grid (a text line in text files)
    finding_id: str
    rule_id: str  # for machines and ordering; the letter shows the rule's Chinese title
    severity: str  # error | warning | info
    message: str  # the finding text (Chinese), e.g. 指标「…」的指标值「及时」含模糊词…
    comment: str | None  # 审核意见: the reviewer's comment (may be None)
    reviewer: str | None  # 审核人
    decided_at: datetime
    file_department: str | None = None  # the one department-wide form's department in the file
    source_locator: str | None = None  # where the form starts (page 39 line 2, sheet S row 4)
    finding_locator: str | None = None  # where the finding is: its indicator or fund cell
    finding_line: int | None = None  # the grid row of finding_locator


@dataclass(frozen=True, slots=True)
class Addressee:
    """Whom a project's findings go to, and which field of the form named them."""

    name: str
    basis: str  # IMPLEMENTING_UNIT | DEPARTMENT | FILE_DEPARTMENT | FILE_SENDER


@dataclass(frozen=True, slots=True)
class LetterFile:
    """One letter :func:`write_letters` wrote, with its final path (after the folder swap)."""

    unit: str  # the addressee as shown in the letter
    path: Path  # the written .docx
    projects: int  # number of projects in the letter
    findings: int  # number of findings in the letter
    # projects in the letter whose 实施单位 is blank (addressed to the department instead)
    without_unit: int = 0


# --- the letter -------------------------------------------------------------------------


def letter_docx(unit: str, findings: Sequence[ReturnedFinding], issued: date) -> bytes:
    """The letter to ``unit`` about ``findings``, as DOCX bytes.

    Deterministic: the same arguments give the same bytes (document dates are derived from
    ``issued``, zip entry timestamps are fixed, projects and rows are sorted), so a rerun
    does not churn files nobody changed.  Projects are told apart by (project id, fiscal
    year): one id filed for two years is two forms to fix.  All text goes in as text;
    characters XML cannot hold are dropped rather than failing the whole letter.
    """
    projects = _group_projects(findings)
    document = Document()
    _set_page(document)
    _set_fonts(document)
    _set_properties(document, unit, issued)
    without_unit = sum(1 for rows in projects if not _one_line(rows[0].implementing_unit))
    _write_opening(document, unit, len(projects), len(findings), without_unit)
    for number, rows in enumerate(projects, start=1):
        _write_project(document, number, rows)
    _write_closing(document, issued)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue(), issued)


def _group_projects(findings: Iterable[ReturnedFinding]) -> list[list[ReturnedFinding]]:
    """Findings per project, projects in letter order, each project's rows in table order."""
    groups: dict[tuple[str, int | None], list[ReturnedFinding]] = {}
    for finding in findings:
        groups.setdefault((finding.project_id, finding.fiscal_year), []).append(finding)
    projects = [sorted(rows, key=_row_key) for rows in groups.values()]
    return sorted(projects, key=lambda rows: _project_key(rows[0]))


def _project_key(finding: ReturnedFinding) -> tuple[bool, int, str, str]:
    """Fiscal year (unknown last), project name, project id."""
    year = finding.fiscal_year
    return (year is None, year or 0, finding.project_name or "", finding.project_id)


def _row_key(finding: ReturnedFinding) -> tuple[int, str, str, str, datetime, str, str]:
    """Errors before warnings before info, then rule and finding id; the rest only breaks ties
    so that input order never shows in the output."""
    severity = SEVERITY_ORDER.get(finding.severity, len(SEVERITY_ORDER))
    return (severity, finding.severity, finding.rule_id, finding.finding_id,
            finding.decided_at, finding.reviewer or "", finding.comment or "")


def _set_page(document: DocumentObject) -> None:
    """A4 portrait with 2 cm side margins (the template is US Letter), so the table fits."""
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = SIDE_MARGIN


def _set_fonts(document: DocumentObject) -> None:
    """East Asian fonts on the defaults, Normal and the heading styles used, replacing the
    template's theme fonts (which Word would prefer), so Chinese renders in 宋体 / 黑体."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _east_asian(rpr, BODY_FONT)
    _east_asian(document.styles["Normal"].element.get_or_add_rPr(), BODY_FONT)
    for name in ("Title", "Heading 1"):
        _east_asian(document.styles[name].element.get_or_add_rPr(), HEADING_FONT)


def _east_asian(rpr: CT_RPr, font: str) -> None:
    """Set ``w:eastAsia`` on the run properties' rFonts and mark the text as zh-CN."""
    fonts = rpr.get_or_add_rFonts()
    fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
    fonts.set(qn("w:eastAsia"), font)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _set_properties(document: DocumentObject, unit: str, issued: date) -> None:
    """Core properties with fixed dates: Word shows them, and they must not vary per run."""
    stamp = datetime(issued.year, issued.month, issued.day)
    props = document.core_properties
    props.title = _text(f"{TITLE}（{unit}）")
    props.subject = "绩效目标退回修改"
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.comments = ""
    props.language = "zh-CN"
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1


def _write_opening(document: DocumentObject, unit: str, projects: int, findings: int,
                   without_unit: int) -> None:
    """Title, addressee and the sentence that says what is returned and how much of it;
    when forms left the 实施单位 blank, who is to act on them."""
    title = document.add_heading(_text(TITLE), level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(_text(f"{unit}："))
    opening = (f"经审核，贵单位报送的以下 {projects} 个项目的绩效目标共有 {findings} 条审核发现，"
               "现将审核意见反馈如下，相关绩效目标退回修改。")
    if without_unit:
        opening += (f"其中 {without_unit} 个项目的绩效目标表未填写实施单位，本意见送贵单位，"
                    "请在重新报送时补填实施单位。")
    document.add_paragraph(_text(opening))


def _write_project(document: DocumentObject, number: int,
                   rows: Sequence[ReturnedFinding]) -> None:
    """One project's heading, its identifying line and its findings table."""
    first = rows[0]
    year = f"{first.fiscal_year}年度" if first.fiscal_year is not None else "年度未填写"
    name = first.project_name or "（项目名称未填写）"
    document.add_heading(_text(f"{number}. {name}（{year}）"), level=1)
    document.add_paragraph(_text(_project_line(first)))
    _findings_table(document, rows)


def _project_line(finding: ReturnedFinding) -> str:
    """主管部门 / 实施单位 / 项目编号 / 来源文件 and where in it the form starts (page, sheet
    and row, line): what the unit needs to find the form again."""
    unit = _one_line(finding.implementing_unit)
    if not unit:
        unit = f"（未填写，{ADDRESSED_TO[addressee(finding).basis]}）"
    where = where_label(finding.source_locator, finding.source_line) or f"位置{MISSING}"
    return (f"主管部门：{_one_line(finding.department) or MISSING}；实施单位：{unit}；"
            f"项目编号：{finding.project_id}；来源文件：{finding.source_file or MISSING}，{where}")


def _findings_table(document: DocumentObject, rows: Sequence[ReturnedFinding]) -> Table:
    """A bordered table, header row repeated on every page, one row per finding."""
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, COLUMN_WIDTHS, strict=True):
        column.width = width  # the grid, which LibreOffice follows; Word follows the cells
    _fill_row(table.rows[0].cells, COLUMNS, bold=True)
    _repeat_header(table)
    for number, finding in enumerate(rows, start=1):
        cells = table.add_row().cells
        _fill_row(cells, _row_texts(number, finding))
        _finding_cell(cells[1], finding)
    return table


def _row_texts(number: int, finding: ReturnedFinding) -> tuple[str, ...]:
    """The row's texts; the finding's own cell (second) is written by _finding_cell."""
    comment = finding.comment if finding.comment and finding.comment.strip() else NO_COMMENT
    return (str(number), "", finding_place(finding), comment, finding.reviewer or MISSING,
            chinese_date(finding.decided_at.date()))


def _finding_cell(cell: _Cell, finding: ReturnedFinding) -> None:
    """【严重程度】and the rule's Chinese name in bold, the finding's text below it (the rule
    id stays in the data: a unit reads names, not ids)."""
    severity = SEVERITY_LABELS.get(finding.severity, "")
    heading = f"【{severity}】{RULE_TITLES.get(finding.rule_id, '')}"
    cell.paragraphs[0].add_run(_text(heading)).bold = True
    cell.add_paragraph(_text(finding.message))


def finding_place(finding: ReturnedFinding) -> str:
    """Where the finding is in its form: its indicator's row or its fund cell when known,
    else where the form starts; as a page (PDF), sheet and cell or row (workbook) or line."""
    if finding.finding_locator or finding.finding_line is not None:
        return where_label(finding.finding_locator, finding.finding_line)
    return where_label(finding.source_locator, finding.source_line) or MISSING


def _fill_row(cells: Sequence[_Cell], texts: Sequence[str], *, bold: bool = False) -> None:
    for cell, text, width in zip(cells, texts, COLUMN_WIDTHS, strict=True):
        cell.width = width
        if text:
            run = cell.paragraphs[0].add_run(_text(text))
            run.bold = bold or None


def _repeat_header(table: Table) -> None:
    """Mark the first row as header, so Word repeats it when a table spans pages."""
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_properties.append(header)


def _write_closing(document: DocumentObject, issued: date) -> None:
    """The request to revise and resubmit, and the date of issue (right-aligned, as in a
    letter)."""
    document.add_paragraph(_text(
        "请贵单位按照上述审核意见逐条修改完善绩效目标，并在规定时间内重新报送。"))
    dated = document.add_paragraph(chinese_date(issued))
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def chinese_date(day: date) -> str:
    """``YYYY年M月D日``, the way dates are written in official letters."""
    return f"{day.year}年{day.month}月{day.day}日"


def _text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot hold (python-docx escapes the rest)."""
    return XML_ILLEGAL_RE.sub("", value)


def _fixed_zip(blob: bytes, issued: date) -> bytes:
    """The package re-zipped with every entry stamped ``issued`` (zipfile stamps the wall
    clock), entries in the same order: same letter, same bytes."""
    year = min(max(issued.year, 1980), 2107)  # the range a zip timestamp can hold
    stamp = (year, issued.month, issued.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as source, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry))
    return out.getvalue()


# --- file names -------------------------------------------------------------------------


def letter_file_name(unit: str) -> str:
    """``审核意见_<unit>.docx``, safe on Linux, macOS and Windows and still readable.

    Whitespace runs become one space; path separators, control and format characters (a
    right-to-left override could disguise the extension) and characters Windows forbids
    become ``_``.  The unit part is capped at 80 characters and 200 UTF-8 bytes, as 80 CJK
    characters alone would exceed the 255-byte limit of most file systems.  Different
    units can map to the same name; :func:`write_letters` disambiguates.
    """
    text = " ".join(unicodedata.normalize("NFC", unit).split())
    text = "".join("_" if _unsafe(char) else char for char in text)
    text = re.sub("_{2,}", "_", text).strip(" ._") or UNNAMED_FILE_UNIT
    return f"{FILE_PREFIX}{_cap(text)}{FILE_SUFFIX}"


def _unsafe(char: str) -> bool:
    return char in WINDOWS_ILLEGAL or unicodedata.category(char).startswith("C")


def _cap(text: str) -> str:
    """At most ``MAX_UNIT_CHARS`` characters and ``MAX_UNIT_BYTES`` bytes, cut on a character."""
    text = text[:MAX_UNIT_CHARS]
    while len(text.encode("utf-8")) > MAX_UNIT_BYTES:
        text = text[:-1]
    return text.rstrip(" .") or UNNAMED_FILE_UNIT


def _unique_names(units: Sequence[str]) -> list[str]:
    """A file name per unit (in the given order), ``_2``, ``_3``… on a collision.

    Collisions are checked case-insensitively, so the set survives a copy to Windows or
    macOS; the first unit in order keeps the plain name.
    """
    used: set[str] = set()
    names = []
    for unit in units:
        base = letter_file_name(unit)
        name, number = base, 1
        while name.casefold() in used:
            number += 1
            name = f"{base.removesuffix(FILE_SUFFIX)}_{number}{FILE_SUFFIX}"
        used.add(name.casefold())
        names.append(name)
    return names


# --- the folder -------------------------------------------------------------------------


def write_letters(findings: Iterable[ReturnedFinding], out_dir: Path,
                  issued: date) -> list[LetterFile]:
    """Write one letter per addressee (see :func:`addressee`) into ``out_dir``, replacing
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


def addressee(finding: ReturnedFinding) -> Addressee:
    """Whom the finding's letter goes to: the 实施单位, else the 主管部门, else the department
    whose budget disclosure printed the form, else the sender of the form's file.

    A blank 实施单位 is common in whole-budget disclosures (the department reports its own
    projects); grouping such forms under one placeholder would mix departments in a letter
    nobody receives.  Names are shown on one line (whitespace collapsed, characters XML
    cannot hold dropped), and findings are grouped by that name, so spellings that differ
    only in spacing share one letter.
    """
    for basis, value in ((IMPLEMENTING_UNIT, finding.implementing_unit),
                         (DEPARTMENT, finding.department),
                         (FILE_DEPARTMENT, finding.file_department)):
        if name := _one_line(value):
            return Addressee(name, basis)
    sender = _one_line(Path(finding.source_file).name if finding.source_file else None)
    return Addressee(f"{sender or '项目 ' + finding.project_id} 的报送单位", FILE_SENDER)


def _one_line(value: str | None) -> str:
    return " ".join(_text(value or "").split())


def _group_units(findings: Iterable[ReturnedFinding]) -> dict[str, list[ReturnedFinding]]:
    by_unit: dict[str, list[ReturnedFinding]] = {}
    for finding in findings:
        by_unit.setdefault(addressee(finding).name, []).append(finding)
    return by_unit


def _write_all(by_unit: dict[str, list[ReturnedFinding]], units: Sequence[str], build: Path,
               out_dir: Path, issued: date) -> list[LetterFile]:
    """Write every letter into ``build``, flushed to disk; report their final paths."""
    letters = []
    for unit, name in zip(units, _unique_names(units), strict=True):
        rows = by_unit[unit]
        _write_file(build / name, letter_docx(unit, rows, issued))
        projects = {(row.project_id, row.fiscal_year) for row in rows}
        without_unit = {(row.project_id, row.fiscal_year) for row in rows
                        if not _one_line(row.implementing_unit)}
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


def _lock_path(out_dir: Path) -> Path:
    """The sibling lock file that keeps two runs writing one folder from interleaving
    their renames."""
    return out_dir.parent / f"{_hidden_base(out_dir)}.lock"


def _glob_escape(text: str) -> str:
    """``text`` with glob metacharacters bracketed, for a folder name used as a pattern."""
    return re.sub(r"([*?\[])", r"[\1]", text)
