"""The DOCX 审核意见书 to one addressee unit: its returned findings, project by project.

- a title, the unit as addressee, an opening that says how many projects and findings are
  returned;
- per project (by fiscal year, project name, project id) a heading, the 主管部门 / 实施单位 /
  项目编号 / 来源文件 line the unit needs to find the form again, and a table of the findings
  (errors first): the rule's Chinese name and severity, the finding, where it is in the form
  (page of a PDF, sheet and cell or row of a workbook, line of a text file) and the
  reviewer's comment, name and date;
- a closing that asks for the revised form, and the date of issue.

Pure and deterministic: fixed document dates and zip timestamps, so the same findings give
the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Cm
from docx.table import Table, _Cell

from pipelines.core.id_labels import SEVERITIES, SEVERITY_LABELS
from pipelines.read.locators import where_label
from pipelines.review.returned import (
    DEPARTMENT,
    FILE_DEPARTMENT,
    FILE_SENDER,
    ReturnedFinding,
    addressee,
    one_line,
    xml_text,
)
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
# What the project line says when the 实施单位 is blank (the addressee is then not the one
# the form names).
ADDRESSED_TO = {DEPARTMENT: "本意见送主管部门", FILE_DEPARTMENT: "本意见送部门预算所属部门",
                FILE_SENDER: "本意见送来源文件的报送单位"}


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
    without_unit = sum(1 for rows in projects if not one_line(rows[0].implementing_unit))
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
    props.title = xml_text(f"{TITLE}（{unit}）")
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
    title = document.add_heading(xml_text(TITLE), level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(xml_text(f"{unit}："))
    opening = (f"经审核，贵单位报送的以下 {projects} 个项目的绩效目标共有 {findings} 条审核发现，"
               "现将审核意见反馈如下，相关绩效目标退回修改。")
    if without_unit:
        opening += (f"其中 {without_unit} 个项目的绩效目标表未填写实施单位，本意见送贵单位，"
                    "请在重新报送时补填实施单位。")
    document.add_paragraph(xml_text(opening))


def _write_project(document: DocumentObject, number: int,
                   rows: Sequence[ReturnedFinding]) -> None:
    """One project's heading, its identifying line and its findings table."""
    first = rows[0]
    year = f"{first.fiscal_year}年度" if first.fiscal_year is not None else "年度未填写"
    name = first.project_name or "（项目名称未填写）"
    document.add_heading(xml_text(f"{number}. {name}（{year}）"), level=1)
    document.add_paragraph(xml_text(_project_line(first)))
    _findings_table(document, rows)


def _project_line(finding: ReturnedFinding) -> str:
    """主管部门 / 实施单位 / 项目编号 / 来源文件 and where in it the form starts (page, sheet
    and row, line): what the unit needs to find the form again."""
    unit = one_line(finding.implementing_unit)
    if not unit:
        unit = f"（未填写，{ADDRESSED_TO[addressee(finding).basis]}）"
    where = where_label(finding.source_locator, finding.source_line) or f"位置{MISSING}"
    return (f"主管部门：{one_line(finding.department) or MISSING}；实施单位：{unit}；"
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
    cell.paragraphs[0].add_run(xml_text(heading)).bold = True
    cell.add_paragraph(xml_text(finding.message))


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
            run = cell.paragraphs[0].add_run(xml_text(text))
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
    document.add_paragraph(xml_text(
        "请贵单位按照上述审核意见逐条修改完善绩效目标，并在规定时间内重新报送。"))
    dated = document.add_paragraph(chinese_date(issued))
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def chinese_date(day: date) -> str:
    """``YYYY年M月D日``, the way dates are written in official letters."""
    return f"{day.year}年{day.month}月{day.day}日"


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
