"""Decisions mean one thing, and reviewers read Chinese (issue 20, items 1 and 5).

A reviewer who types 驳回 ("reject") means either "the finding is wrong" or "send the form
back"; recording either guess can drop a finding from the letters, so only the three
decisions are taken, by label or id.  A workbook row left as exported is no new decision,
whoever imports it.  ``review decide`` says what it recorded, and ``review list`` and the
workbook show rule names, severities and decisions in Chinese with the ids beside them.

One ingest of the sample per module; each test decides in its own copy of the warehouse.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SEED
from openpyxl import load_workbook
from test_review_decisions import exported_workbook, fill, finding_ids, review
from warehouse_helpers import ingest, make_raw, table

from pipelines.commands.cli import run_ingest
from pipelines.commands.review import decision_echo
from pipelines.core.id_labels import SEVERITY_LABELS
from pipelines.review.decisions import DECISION_LABELS, FINDINGS_SHEET
from pipelines.review.rules import RULE_TITLES

RESEMBLING = ("驳回", "同意", "采纳", "退回", "accept", "通过")


@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("decisions")
    warehouse = tmp / "warehouse" / "forms.duckdb"
    ingest(make_raw(tmp, SEED), warehouse)
    return warehouse


@pytest.fixture
def warehouse(sample_warehouse: Path, tmp_path: Path) -> Path:
    """A copy of the sample's warehouse this test may record into."""
    copy = tmp_path / "warehouse" / "forms.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(sample_warehouse, copy)
    return copy


def decisions(warehouse: Path) -> list[dict]:
    return table(warehouse, "select finding_id, decision, comment, reviewer "
                            "from review_decisions order by decision_seq")


@pytest.mark.parametrize("word", RESEMBLING)
def test_decide_refuses_a_word_that_is_not_one_of_the_three(
        warehouse: Path, word: str, capsys: pytest.CaptureFixture) -> None:
    finding = finding_ids(warehouse)[0]
    before = warehouse.read_bytes()
    code = review("decide", finding, word, "--comment", "目标不可考核，驳回重报",
                  "--warehouse", str(warehouse))
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert captured.err.splitlines() == [
        f"错误：决定「{word}」不是这三种之一：接受（accepted）、不采纳（dismissed）、"
        "退回修改（returned）；未记录"]
    assert warehouse.read_bytes() == before


def test_decide_takes_the_three_by_label_or_id(warehouse: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    ids = finding_ids(warehouse)
    for finding, word in zip(ids, ["接受", "不采纳", "退回修改", "accepted", "Dismissed",
                                   " returned "], strict=False):
        assert review("decide", finding, word, "--warehouse", str(warehouse)) == 0
    capsys.readouterr()
    assert [d["decision"] for d in decisions(warehouse)] == [
        "accepted", "dismissed", "returned", "accepted", "dismissed", "returned"]


def test_a_workbook_row_with_a_resembling_word_is_refused_and_the_rest_recorded(
        warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    ids = finding_ids(warehouse)
    rows = fill(exported_workbook(warehouse, tmp_path),
                {ids[0]: ("驳回", "目标不可考核，驳回重报", "张三"),
                 ids[1]: ("同意", None, "张三"), ids[2]: ("退回修改", "请补充数值", "张三")},
                tmp_path / "filled.xlsx")
    code = review("import", str(tmp_path / "filled.xlsx"), "--warehouse", str(warehouse))
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out == [
        "filled.xlsx：已记录决定 1 条，未变 0 条，未记录的行 2 行",
        *sorted((f"  第 {rows[ids[i]]} 行：决定「{word}」不是这三种之一：接受（accepted）、"
                 "不采纳（dismissed）、退回修改（returned）；此行未记录"
                 for i, word in ((0, "驳回"), (1, "同意"))),
                key=lambda line: int(line.split()[1])),
    ]
    assert decisions(warehouse) == [
        {"finding_id": ids[2], "decision": "returned", "comment": "请补充数值", "reviewer": "张三"}]


def test_an_unchanged_row_records_nothing_whoever_imports_it(
        warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Decided on the command line (no reviewer named, and by 张三), exported, imported
    back by 赵六 as it was: nothing new.  A row 赵六 did change is his decision."""
    ids = finding_ids(warehouse)
    assert review("decide", ids[0], "退回修改", "--comment", "目标不可考核",
                  "--warehouse", str(warehouse)) == 0
    assert review("decide", ids[1], "不采纳", "--reviewer", "张三",
                  "--warehouse", str(warehouse)) == 0
    book = exported_workbook(warehouse, tmp_path)
    assert review("import", str(book), "--reviewer", "赵六", "--warehouse", str(warehouse)) == 0
    assert capsys.readouterr().out.splitlines()[-1] == \
        "forms.xlsx：已记录决定 0 条，未变 2 条，未记录的行 0 行"
    assert [d["reviewer"] for d in decisions(warehouse)] == [None, "张三"]

    fill(book, {ids[1]: ("接受", None, None)}, tmp_path / "changed.xlsx")
    assert review("import", str(tmp_path / "changed.xlsx"), "--reviewer", "赵六",
                  "--warehouse", str(warehouse)) == 0
    assert capsys.readouterr().out.splitlines()[-1] == \
        "changed.xlsx：已记录决定 1 条，未变 1 条，未记录的行 0 行"
    assert decisions(warehouse)[-1] == {"finding_id": ids[1], "decision": "accepted",
                                        "comment": None, "reviewer": "赵六"}


def test_decide_echoes_the_finding_the_project_and_the_decision(
        warehouse: Path, capsys: pytest.CaptureFixture) -> None:
    finding = table(warehouse, "select r.finding_id, r.rule_id, r.severity, r.message, "
                               "p.project_name, p.fiscal_year, p.implementing_unit "
                               "from review_findings r join projects p using (project_id) "
                               "where p.implementing_unit is not null "
                               "order by r.finding_id limit 1")[0]
    assert review("decide", finding["finding_id"][:8], "退回修改", "--comment", "请改为数值目标",
                  "--reviewer", "王五", "--warehouse", str(warehouse)) == 0
    title, severity = RULE_TITLES[finding["rule_id"]], SEVERITY_LABELS[finding["severity"]]
    shown = [f"  审核发现 {finding['finding_id']}：{title}（{severity}）{finding['message']}",
             f"  项目：{finding['project_name']}，{finding['fiscal_year']}年度，"
             f"实施单位 {finding['implementing_unit']}"]
    assert capsys.readouterr().out.splitlines() == [
        "已记录：退回修改（returned），审核人 王五，审核意见「请改为数值目标」", *shown]

    assert review("decide", finding["finding_id"], "returned", "--comment", "请改为数值目标",
                  "--warehouse", str(warehouse)) == 0
    assert capsys.readouterr().out.splitlines() == [
        "未变（该审核发现已是这个决定）：退回修改（returned），审核人 王五，"
        "审核意见「请改为数值目标」", *shown]


def test_review_list_shows_rules_severities_and_decisions_in_chinese_with_their_ids(
        warehouse: Path, capsys: pytest.CaptureFixture) -> None:
    ids = finding_ids(warehouse)
    assert review("decide", ids[0], "不采纳", "--warehouse", str(warehouse)) == 0
    capsys.readouterr()
    assert review("list", "--format", "json", "--warehouse", str(warehouse)) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == len(ids)
    for row in rows:
        assert row["rule_title"] == RULE_TITLES[row["rule_id"]]
        assert row["severity_label"] == SEVERITY_LABELS[row["severity"]]
        assert row["decision_label"] == (DECISION_LABELS[row["decision"]]
                                         if row["decision"] else None)
    assert [r["decision_label"] for r in rows if r["finding_id"] == ids[0]] == ["不采纳"]

    assert review("list", "--max-rows", "1000", "--warehouse", str(warehouse)) == 0
    header, _, *lines = capsys.readouterr().out.splitlines()
    titles = header.split()
    assert titles.index("rule_title") < titles.index("message") < titles.index("rule_id")
    first = next(r for r in rows if r["finding_id"] in lines[0])
    assert RULE_TITLES[first["rule_id"]] in lines[0]
    assert SEVERITY_LABELS[first["severity"]] in lines[0]


def test_the_findings_sheet_shows_chinese_names_and_hides_the_ids(
        warehouse: Path, tmp_path: Path) -> None:
    sheet = load_workbook(exported_workbook(warehouse, tmp_path))[FINDINGS_SHEET]
    header = [cell.value for cell in sheet[1]]
    hidden = {header[ord(letter) - ord("A")]
              for letter, dim in sheet.column_dimensions.items() if dim.hidden}
    assert {"rule_id", "severity"} <= hidden
    rows = [dict(zip(header, (c.value for c in row), strict=True))
            for row in sheet.iter_rows(min_row=2)]
    assert rows and all(r["审核规则"] == RULE_TITLES[r["rule_id"]]
                        and r["严重程度"] == SEVERITY_LABELS[r["severity"]] for r in rows)
    visible = [h for h in header if h not in hidden]
    assert not {value for r in rows for h, value in r.items() if h in visible} \
        & (set(RULE_TITLES) | set(SEVERITY_LABELS))


def test_the_echo_names_the_department_when_the_unit_is_blank() -> None:
    """37 of the 100 shared PDFs leave 实施单位 blank: the echo says whose project it is."""
    row = {"finding_id": "0123456789abcdef", "rule_id": "goal_empty", "severity": "warning",
           "message": "项目「道路养护」未填写绩效目标", "project_name": "道路养护",
           "fiscal_year": None, "implementing_unit": None, "department": "市交通运输局",
           "decision": "accepted", "comment": None, "reviewer": None}
    assert decision_echo(row, recorded=True) == [
        "已记录：接受（accepted）",
        f"  审核发现 0123456789abcdef：{RULE_TITLES['goal_empty']}（警告）"
        "项目「道路养护」未填写绩效目标",
        "  项目：道路养护，年度未填写，主管部门 市交通运输局（实施单位未填写）"]


def test_the_nightly_import_refuses_the_same_rows_and_records_the_others(
        sample_warehouse: Path, warehouse: Path, tmp_path: Path) -> None:
    """A workbook dropped into review/ goes through the same reading as ``review import``."""
    ids = finding_ids(warehouse)
    folder = tmp_path / "review"
    folder.mkdir()
    rows = fill(exported_workbook(warehouse, tmp_path),
                {ids[0]: ("驳回", "目标不可考核，驳回重报", "张三"),
                 ids[1]: ("接受", None, "张三")},
                folder / "第一批.xlsx")
    assert run_ingest(sample_warehouse.parent.parent / "raw", warehouse, folder).success
    assert [d["finding_id"] for d in decisions(warehouse)] == [ids[1]]
    assert table(warehouse, "select rows_recorded, rows_rejected, rejected "
                            "from pipeline_state.review_imports") == [
        {"rows_recorded": 1, "rows_rejected": 1,
         "rejected": f"第 {rows[ids[0]]} 行：决定「驳回」不是这三种之一：接受（accepted）、"
                     "不采纳（dismissed）、退回修改（returned）；此行未记录"}]
