"""Letters built from real forms: whom they go to, and where they say each finding is.

The shared disclosures are whole-budget PDFs in which the 实施单位 is often blank (the
department reports its own projects); such forms once went into one letter addressed to
「（实施单位未填写）」, mixing departments, and cited the grid row (「第 46 行」) of a form
printed on page 39.  Here a few of them are loaded by the real pipeline state, build SQL and review
(each parsed once per session, tests/shared_pdfs.py), every finding is returned with a
comment naming it, and the letters are read back.  The sample text form in raw/ checks the
line citations of text files.
"""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest

from pipelines.commands.review import letters_for
from pipelines.load.warehouse import connect
from pipelines.parse.parse_file import process_file
from pipelines.read.grid import page_of
from pipelines.review.decisions import decide
from pipelines.review.letters import LetterFile
from tests.conftest import SEED, SHARED
from tests.warehouse_helpers import load, make_raw, table

PDFS = (
    SHARED / "forms" / "pdf" / "020_西安__2026年西安市审计局部门预算.pdf",  # blank 实施单位
    SHARED / "forms" / "pdf-unlabelled" / "020_西安__气象局_2026年部门预算.pdf",  # blank
    # blank, and indicators on page 47 of a form that starts on page 46
    SHARED / "forms" / "pdf-unlabelled" / "020_西安__医疗保障局_2026年部门预算.pdf",
    SHARED / "forms" / "pdf" / "025_烟台__2026年烟台市大数据局部门预算.pdf",  # 实施单位 filled
)
ISSUED = date(2026, 12, 1)
# each finding's place: its indicator's row when it has one, else the form's first row
FINDINGS = """
    select
        f.finding_id,
        p.implementing_unit,
        p.department,
        p.source_file,
        p.source_locator as form_locator,
        coalesce(i.source_locator, p.source_locator) as locator,
        coalesce(i.source_line, p.source_line) as line,
        i.name as indicator
    from review_findings as f
    join projects as p using (project_id)
    left join indicators as i
        on i.project_id = f.project_id
        and i.seq = f.indicator_seq
    order by f.finding_id"""


def return_all(warehouse: Path) -> list[dict]:
    """Return every finding to its unit with the comment 「意见-<finding_id>」; the findings."""
    findings = table(warehouse, FINDINGS)
    with connect(warehouse) as con:
        for row in findings:
            decide(con, row["finding_id"], "returned", comment=f"意见-{row['finding_id']}",
                   reviewer="张审核", decided_at=datetime(2026, 11, 30, tzinfo=UTC))
    return findings


def letter_rows(letter: LetterFile) -> dict[str, dict]:
    """Per finding id (read from the comment): the letter's place cell and project line."""
    document = docx.Document(str(letter.path))
    project_lines = [p.text for p in document.paragraphs if p.text.startswith("主管部门：")]
    rows = {}
    for table_, project_line in zip(document.tables, project_lines, strict=True):
        header = [cell.text for cell in table_.rows[0].cells]
        for row in table_.rows[1:]:
            cells = dict(zip(header, (cell.text for cell in row.cells), strict=True))
            rows[cells["审核意见"].removeprefix("意见-")] = {
                "place": cells.get("位置"), "project": project_line}
    return rows


def salutation(letter: LetterFile) -> str:
    return docx.Document(str(letter.path)).paragraphs[1].text


@pytest.fixture(scope="module")
def pdf_letters(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], list[LetterFile]]:
    """The four disclosures loaded, every finding returned, the letters written."""
    if not all(pdf.exists() for pdf in PDFS):
        pytest.skip("../shared/forms is not beside the repo: the real disclosures are not here")
    from tests.shared_pdfs import parsed

    tmp = tmp_path_factory.mktemp("letters_pdf")
    raw = tmp / "raw"
    raw.mkdir()
    for pdf in PDFS:
        shutil.copyfile(pdf, raw / pdf.name)
    warehouse = tmp / "forms.duckdb"
    load(raw, warehouse, [parsed(pdf) for pdf in PDFS], datetime(2026, 12, 3, 2, 0))
    findings = return_all(warehouse)
    return findings, letters_for(warehouse, tmp / "letters", ISSUED)


def test_a_letter_per_unit_and_none_to_a_placeholder(
        pdf_letters: tuple[list[dict], list[LetterFile]]) -> None:
    findings, letters = pdf_letters
    blank = {row["department"] for row in findings if not row["implementing_unit"]}
    assert len(blank) >= 3, "the sample must have blank 实施单位 in several departments"
    expected = {row["implementing_unit"] or row["department"] for row in findings}
    assert {letter.unit for letter in letters} == expected
    assert sum(letter.findings for letter in letters) == len(findings)
    by_id = {row["finding_id"]: row for row in findings}
    for letter in letters:
        assert "未填写" not in letter.path.name and "未填写" not in salutation(letter)
        assert letter.path.name == f"审核意见_{letter.unit}.docx"
        assert salutation(letter) == f"{letter.unit}："
        rows = letter_rows(letter)
        assert len(rows) == letter.findings
        # blank units are never pooled across departments
        assert len({by_id[finding]["department"] for finding in rows}) == 1


def test_pdf_findings_cite_the_page_they_are_on(
        pdf_letters: tuple[list[dict], list[LetterFile]]) -> None:
    findings, letters = pdf_letters
    cited = {finding: row for letter in letters for finding, row in letter_rows(letter).items()}
    assert cited.keys() == {row["finding_id"] for row in findings}
    moved = 0
    for row in findings:
        letter = cited[row["finding_id"]]
        assert letter["place"] == f"第 {page_of(row['locator'])} 页"
        form_page = page_of(row["form_locator"])
        assert letter["project"].endswith(f"{row['source_file']}，第 {form_page} 页")
        assert f"第 {row['line']} 行" not in letter["place"] + letter["project"]
        moved += page_of(row["locator"]) != form_page
        if row["indicator"]:  # the cited page prints the indicator
            assert squeeze(row["indicator"])[:6] in page_text(row["source_file"],
                                                             page_of(row["locator"]))
    assert moved >= 7, "医疗保障局's indicators on page 47 must cite page 47, not 46"


def squeeze(text: str) -> str:
    return "".join(text.split())


def page_text(source_file: str, page: int) -> str:
    """The page's text layer, whitespace removed (cells wrap names over lines)."""
    path = next(pdf for pdf in PDFS if pdf.name == source_file)
    document = pdfium.PdfDocument(path)
    try:
        return squeeze(document[page - 1].get_textpage().get_text_range())
    finally:
        document.close()


def test_text_form_findings_cite_the_line_they_are_on(tmp_path: Path) -> None:
    raw = make_raw(tmp_path, SEED)
    warehouse = tmp_path / "forms.duckdb"
    load(raw, warehouse, [process_file(raw / SEED.name, raw)], datetime(2026, 12, 3, 2, 0))
    findings = return_all(warehouse)
    letters = letters_for(warehouse, tmp_path / "letters", ISSUED)
    cited = {finding: row for letter in letters for finding, row in letter_rows(letter).items()}
    assert cited.keys() == {row["finding_id"] for row in findings}

    lines = SEED.read_text(encoding="utf-8").splitlines()
    with_indicator = [row for row in findings if row["indicator"]]
    assert with_indicator, "the sample must have findings about indicators"
    for row in findings:
        assert cited[row["finding_id"]]["place"] == f"第 {row['line']} 行"
        if row["indicator"]:  # the cited line of the file holds the indicator
            assert row["indicator"] in lines[row["line"] - 1]


def test_a_fund_finding_cites_the_line_of_its_amount(tmp_path: Path) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    fiscal = next(n for n, line in enumerate(lines) if "其中：财政资金" in line)
    lines[fiscal] = lines[fiscal].replace("11,043.84", "10,000.00", 1)  # total ≠ fiscal + other
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / SEED.name).write_text("".join(lines), encoding="utf-8")
    warehouse = tmp_path / "forms.duckdb"
    load(raw, warehouse, [process_file(raw / SEED.name, raw)], datetime(2026, 12, 3, 2, 0))
    findings = return_all(warehouse)
    letters = letters_for(warehouse, tmp_path / "letters", ISSUED)
    cited = {finding: row for letter in letters for finding, row in letter_rows(letter).items()}

    mismatch = table(warehouse, "select finding_id from review_findings "
                                "where rule_id = 'funds_total_mismatch'")
    assert len(mismatch) == 1 and len(cited) == len(findings)
    total_line = next(n for n, line in enumerate(lines, start=1) if "项目资金总额" in line)
    assert total_line < fiscal + 1  # the first form's total, above the changed line
    assert cited[mismatch[0]["finding_id"]]["place"] == f"第 {total_line} 行"
