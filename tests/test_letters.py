"""Review letters: one DOCX per implementing unit, read back with python-docx."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import docx
import pytest

from pipelines.read.locators import where_label
from pipelines.review.letter_docx import letter_docx
from pipelines.review.letter_names import letter_file_name
from pipelines.review.letters import LetterFile, write_letters
from pipelines.review.returned import ReturnedFinding
from pipelines.review.rules import RULE_TITLES, RULES

ISSUED = date(2025, 3, 7)


def finding(unit: str | None, project_id: str, finding_id: str,
            **changes: object) -> ReturnedFinding:
    """A returned finding with readable defaults; ``changes`` overrides any field."""
    base = ReturnedFinding(
        implementing_unit=unit, department="市教育局", fiscal_year=2025,
        project_id=project_id, project_name=f"项目{project_id}", source_file="forms/a.xlsx",
        source_line=12, finding_id=finding_id, rule_id="vague_qualitative_target",
        severity="warning",
        message=f"发现{finding_id}：指标「及时」含模糊词", comment=f"意见{finding_id}",
        reviewer="张审核", decided_at=datetime(2025, 3, 1, 9, 30))
    return replace(base, **changes)


def read(path_or_bytes: Path | bytes) -> docx.document.Document:
    source = path_or_bytes if isinstance(path_or_bytes, Path) else io.BytesIO(path_or_bytes)
    return docx.Document(source)


def full_text(document: docx.document.Document) -> str:
    """Paragraphs and table cells, in document order, one per line."""
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def table_rows(document: docx.document.Document) -> list[list[list[str]]]:
    """Each table's body rows (header left off) as cell texts."""
    return [[[cell.text for cell in row.cells] for row in table.rows[1:]]
            for table in document.tables]


def two_units() -> list[ReturnedFinding]:
    return [
        # unit A: three projects, deliberately out of order
        finding("甲单位", "P9", "F1", severity="info", rule_id="target_number_unparsed",
                project_name="B项目"),
        finding("甲单位", "P9", "F2", severity="error", rule_id="funds_total_mismatch",
                project_name="B项目"),
        finding("甲单位", "P9", "F3", severity="warning", rule_id="vague_qualitative_target",
                project_name="B项目"),
        finding("甲单位", "P9", "F4", severity="error", rule_id="funds_annual_mismatch",
                project_name="B项目", comment=None),
        finding("甲单位", "P1", "F5", project_name="A项目", fiscal_year=2026),
        finding("甲单位", "P5", "F6", project_name="A项目", source_file="forms/b.xlsx",
                source_line=40),
        # unit B: one project
        finding("乙单位", "Q1", "G1", department="市卫健委", reviewer="李审核"),
        finding("乙单位", "Q1", "G2", severity="error", department="市卫健委"),
    ]


def test_one_letter_per_unit_with_only_its_findings(tmp_path: Path) -> None:
    findings = two_units()
    out = tmp_path / "letters"
    letters = write_letters(findings, out, ISSUED)

    assert [letter.unit for letter in letters] == sorted(["甲单位", "乙单位"])
    assert sorted(path.name for path in out.iterdir()) == sorted(
        ["审核意见_甲单位.docx", "审核意见_乙单位.docx"])
    by_unit = {letter.unit: letter for letter in letters}
    assert by_unit["甲单位"] == LetterFile("甲单位", out / "审核意见_甲单位.docx", 3, 6)
    assert by_unit["乙单位"] == LetterFile("乙单位", out / "审核意见_乙单位.docx", 1, 2)

    for letter in letters:
        text = full_text(read(letter.path))
        assert f"{letter.unit}：" in text
        for item in findings:
            mine = item.implementing_unit == letter.unit
            assert (item.message in text) == mine, (letter.unit, item.finding_id)
            if item.comment:
                assert (item.comment in text) == mine, (letter.unit, item.finding_id)


def test_letter_layout_orders_projects_and_rows(tmp_path: Path) -> None:
    letters = write_letters(two_units(), tmp_path / "out", ISSUED)
    document = read(next(letter.path for letter in letters if letter.unit == "甲单位"))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]

    assert paragraphs[0] == "预算项目绩效目标审核意见"
    assert paragraphs[1] == "甲单位："
    assert "3 个项目" in paragraphs[2] and "6 条" in paragraphs[2] and "退回修改" in paragraphs[2]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    # fiscal year, then project name, then project id
    assert headings == ["1. A项目（2025年度）", "2. B项目（2025年度）", "3. A项目（2026年度）"]
    assert ("主管部门：市教育局；实施单位：甲单位；项目编号：P5；来源文件：forms/b.xlsx，第 40 行"
            in paragraphs)
    assert paragraphs[-1] == "2025年3月7日"
    assert "重新报送" in paragraphs[-2]

    tables = table_rows(document)
    assert [cell.text for cell in document.tables[0].rows[0].cells] == [
        "序号", "审核发现", "位置", "审核意见", "审核人", "审核日期"]
    assert len(tables) == 3
    p9 = tables[1]  # B项目: errors by rule, then the warning, then info
    assert [row[0] for row in p9] == ["1", "2", "3", "4"]
    # the rule's Chinese name and severity above the finding's text
    assert [row[1].split("\n")[0] for row in p9] == [
        "【错误】年度资金总额与分项不符", "【错误】项目资金总额与分项不符",
        "【警告】目标值表述模糊", "【提示】目标值数字无法识别"]
    assert [row[1].split("\n")[1].split("：")[0] for row in p9] == [
        "发现F4", "发现F2", "发现F3", "发现F1"]
    assert p9[0][3] == "（无）"
    assert p9[1][2:] == ["第 12 行", "意见F2", "张审核", "2025年3月1日"]

    properties = document.core_properties
    assert properties.author == "forms-warehouse review"
    assert "甲单位" in properties.title
    assert properties.created.date() == ISSUED and properties.revision == 1


def test_east_asian_font_on_normal_style() -> None:
    document = read(letter_docx("甲单位", two_units()[:1], ISSUED))
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(docx.oxml.ns.qn("w:eastAsia")) == "宋体"


def test_unsafe_unit_names_give_safe_distinct_files(tmp_path: Path) -> None:
    nasty = "市局/二处:\n三科"
    assert letter_file_name(nasty) == "审核意见_市局_二处_ 三科.docx"
    long_name = letter_file_name("很长的单位名称" * 30)
    assert len(long_name.removeprefix("审核意见_").removesuffix(".docx")) <= 80
    assert len(long_name.encode("utf-8")) < 255
    assert letter_file_name("..\\..\\etc") == "审核意见_etc.docx"

    colliding = ["市局/二处", "市局:二处", "市局?二处"]
    out = tmp_path / "letters"
    letters = write_letters([finding(unit, "P1", f"F{i}") for i, unit in enumerate(colliding)]
                            + [finding(nasty, "P2", "F9")], out, ISSUED)

    assert len(letters) == 4
    assert len({letter.path for letter in letters}) == 4
    for letter in letters:
        assert letter.path.parent == out and letter.path.is_file()
        assert not any(char in letter.path.name for char in '<>:"/\\|?*\n')
        assert f"{letter.unit}：" in full_text(read(letter.path))
    assert sorted(path.name for path in out.iterdir()) == sorted(
        ["审核意见_市局_二处.docx", "审核意见_市局_二处_2.docx", "审核意见_市局_二处_3.docx",
         "审核意见_市局_二处_ 三科.docx"])
    # the newline is shown as a space in the letter, not as a line break
    assert "市局/二处: 三科" in {letter.unit for letter in letters}


def test_a_blank_unit_goes_to_its_department_never_to_a_placeholder(tmp_path: Path) -> None:
    findings = [
        finding(None, "P1", "F1", department="市教育局"),
        finding("  ", "P2", "F2", department="市卫健委"),
        finding("市卫健委", "P3", "F3", department="市卫健委"),  # the department's own unit
        finding(None, "P4", "F4", department=None, file_department="市财政局",
                source_file="020_财政局部门预算.pdf"),
        finding(None, "P5", "F5", department=" ", source_file="forms/无部门.xlsx"),
    ]
    letters = write_letters(findings, tmp_path / "letters", ISSUED)

    assert [(letter.unit, letter.projects, letter.findings, letter.without_unit)
            for letter in letters] == [
        ("市卫健委", 2, 2, 1), ("市教育局", 1, 1, 1), ("市财政局", 1, 1, 1),
        ("无部门.xlsx 的报送单位", 1, 1, 1)]
    assert sorted(letter.path.name for letter in letters) == sorted(
        f"审核意见_{letter.unit}.docx" for letter in letters)
    for letter in letters:
        text = full_text(read(letter.path))
        assert text.splitlines()[1] == f"{letter.unit}："
        assert "实施单位未填写" not in text and "实施单位未填写" not in letter.path.name
        assert f"其中 {letter.without_unit} 个项目的绩效目标表未填写实施单位" in text
    health = full_text(read(letters[0].path))
    assert "实施单位：（未填写，本意见送主管部门）；项目编号：P2" in health
    assert "实施单位：市卫健委；项目编号：P3" in health
    finance = full_text(read(letters[2].path))
    assert "实施单位：（未填写，本意见送部门预算所属部门）；项目编号：P4" in finance


def test_each_finding_names_where_it_is_in_its_form(tmp_path: Path) -> None:
    findings = [
        finding("甲单位", "P1", "F1", source_file="a.pdf", source_line=46,
                source_locator="page 39 line 2", finding_locator="page 40 table 1 row 3",
                finding_line=58),
        finding("甲单位", "P2", "F2", source_file="b.xlsx", source_line=4,
                source_locator="sheet 项目表 row 4", finding_locator="sheet 项目表 row 9, col 6",
                finding_line=9),
        finding("甲单位", "P3", "F3", source_file="c.txt", source_line=7,
                source_locator="line 7", finding_locator="line 15", finding_line=15),
        finding("甲单位", "P4", "F4", source_file="d.xlsx", source_line=4,
                source_locator="sheet Sheet1 row 4"),  # no finding place: the form's start
    ]
    document = read(letter_docx("甲单位", findings, ISSUED))
    places = [rows[0][2] for rows in table_rows(document)]
    assert places == ["第 40 页", "工作表「项目表」第 F9 格", "第 15 行", "工作表「Sheet1」第 4 行"]
    text = full_text(document)
    assert "来源文件：a.pdf，第 39 页" in text and "第 46 行" not in text
    assert "来源文件：b.xlsx，工作表「项目表」第 4 行" in text
    assert "来源文件：c.txt，第 7 行" in text


def test_locators_in_words() -> None:
    assert where_label("page 39 table 1 row 10, col 2", 46) == "第 39 页"
    assert where_label("sheet a row 1 row 12, col 28, entry 2") == "工作表「a row 1」第 AB12 格"
    assert where_label("sheet S row 3") == "工作表「S」第 3 行"
    assert where_label("line 46", 46) == "第 46 行"
    assert where_label("table 2 row 5") == "第 2 个表格第 5 行"
    assert where_label("paragraph 3") == "第 3 段"
    assert where_label(None, 8) == "第 8 行"
    assert where_label("", None) == ""


def test_no_rule_id_is_visible_only_its_chinese_name(tmp_path: Path) -> None:
    findings = [finding("甲单位", "P1", f"F{i}", rule_id=rule.rule_id, severity=rule.severity)
                for i, rule in enumerate(RULES)]
    text = full_text(read(letter_docx("甲单位", findings, ISSUED)))
    for rule in RULES:
        assert RULE_TITLES[rule.rule_id] in text
        assert rule.rule_id not in text
    assert not {"error", "warning", "info"} & set(text.replace("\n", " ").split())


def test_markup_and_control_characters_are_text(tmp_path: Path) -> None:
    item = finding("A&B<script>\x01单位", "P<1>", "F1",
                   message="<script>alert(1)</script> & 指标\x01值", comment="见&lt;\x01附件>",
                   project_name="项目\x0b<b>", reviewer="王\x1f五", source_file="a&b.xlsx")
    letters = write_letters([item], tmp_path / "letters", ISSUED)
    text = full_text(read(letters[0].path))

    assert "<script>alert(1)</script> & 指标值" in text
    assert "见&lt;附件>" in text
    assert "A&B<script>单位：" in text
    assert "项目<b>" in text and "王五" in text and "a&b.xlsx" in text
    assert "\x01" not in text and "\x0b" not in text
    assert letters[0].unit == "A&B<script>单位"


def test_rerun_replaces_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "letters"
    write_letters(two_units(), out, ISSUED)
    assert len(list(out.iterdir())) == 2

    letters = write_letters([f for f in two_units() if f.implementing_unit == "乙单位"],
                            out, ISSUED)
    assert [path.name for path in out.iterdir()] == ["审核意见_乙单位.docx"]
    assert [letter.unit for letter in letters] == ["乙单位"]

    assert write_letters([], out, ISSUED) == []
    assert out.is_dir() and list(out.iterdir()) == []
    # no build or aside folder is left beside it
    assert sorted(path.name for path in out.parent.iterdir() if path.is_dir()) == ["letters"]


def test_no_findings_creates_an_empty_folder(tmp_path: Path) -> None:
    out = tmp_path / "new" / "letters"
    assert write_letters(iter(()), out, ISSUED) == []
    assert out.is_dir() and list(out.iterdir()) == []


def test_same_input_gives_identical_letters(tmp_path: Path) -> None:
    findings = two_units()
    first = write_letters(findings, tmp_path / "one", ISSUED)
    second = write_letters(list(reversed(findings)), tmp_path / "two", ISSUED)

    for a, b in zip(first, second, strict=True):
        assert a.path.name == b.path.name
        assert full_text(read(a.path)) == full_text(read(b.path))
        assert a.path.read_bytes() == b.path.read_bytes()
    # the zip entries carry the issue date, not the wall clock, so bytes match across runs
    with zipfile.ZipFile(first[0].path) as package:
        assert {info.date_time for info in package.infolist()} == {(2025, 3, 7, 0, 0, 0)}


def test_failed_run_keeps_the_previous_letters(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "letters"
    write_letters(two_units(), out, ISSUED)
    before = {path.name: path.read_bytes() for path in out.iterdir()}

    def broken(unit: str, findings: object, issued: date) -> bytes:
        raise RuntimeError("disk full")

    monkeypatch.setattr("pipelines.review.letters.letter_docx", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        write_letters(two_units()[:1], out, ISSUED)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    assert sorted(path.name for path in tmp_path.iterdir() if path.is_dir()) == ["letters"]
