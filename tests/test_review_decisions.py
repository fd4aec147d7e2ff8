"""Reviewers' decisions round-trip: exported workbook -> filled in Excel -> imported ->
kept across nights, upgrades and re-imports -> returned findings go back as letters.

Every test runs the real ingest job into a DuckDB file under tmp_path and the real
``python -m pipelines review`` commands (``pipelines.commands.cli.main``).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import dagster as dg
import pytest
from conftest import SEED
from docx import Document
from openpyxl import load_workbook
from warehouse_helpers import ingest, make_raw, table

from pipelines.commands.cli import main, run_ingest
from pipelines.commands.review import letters_for
from pipelines.commands.status import status_lines
from pipelines.defs.resources import warehouse_from_env
from pipelines.defs.sensors import raw_files_sensor
from pipelines.load import versions
from pipelines.outputs.export.folder import export_warehouse
from pipelines.review.decisions import (
    COMMENT_HEADER,
    DECISION_HEADER,
    DECISION_LABELS,
    FINDING_ID_HEADER,
    FINDINGS_SHEET,
    REVIEWER_HEADER,
    normalize_decision,
)

STABLE_TARGET = ("产品功能持续稳定运行\t\t稳定\t", "产品功能持续稳定运行\t\t保持稳定\t")


@pytest.fixture
def loaded(tmp_path: Path) -> tuple[Path, Path]:
    """The seed ingested: (raw folder, published warehouse)."""
    raw = make_raw(tmp_path, SEED)
    warehouse = tmp_path / "warehouse" / "forms.duckdb"
    ingest(raw, warehouse)
    return raw, warehouse


def exported_workbook(warehouse: Path, tmp_path: Path) -> Path:
    out = tmp_path / "exports"
    export_warehouse(warehouse, out)
    return out / "forms.xlsx"


def fill(book: Path, decisions: dict[str, tuple[object, object, object]], saved: Path) -> dict:
    """Write (决定, 审核意见, 审核人) into the rows of the given finding ids; their rows."""
    workbook = load_workbook(book)
    sheet = workbook[FINDINGS_SHEET]
    header = [cell.value for cell in sheet[1]]
    col = {name: header.index(name) + 1 for name in
           (FINDING_ID_HEADER, DECISION_HEADER, COMMENT_HEADER, REVIEWER_HEADER)}
    rows = {}
    for row in range(2, sheet.max_row + 1):
        finding = sheet.cell(row, col[FINDING_ID_HEADER]).value
        if finding in decisions:
            decision, comment, reviewer = decisions[finding]
            sheet.cell(row, col[DECISION_HEADER]).value = decision
            sheet.cell(row, col[COMMENT_HEADER]).value = comment
            sheet.cell(row, col[REVIEWER_HEADER]).value = reviewer
            rows[finding] = row
    workbook.save(saved)
    return rows


def finding_ids(warehouse: Path, sql: str = "select finding_id from review_findings") -> list:
    return [row["finding_id"] for row in table(warehouse, sql + " order by finding_id")]


def open_ids(warehouse: Path) -> set[str]:
    return set(finding_ids(warehouse, "select finding_id from open_findings"))


def review(*args: str) -> int:
    return main(["review", *args])


def test_finding_ids_are_unique_stable_and_do_not_depend_on_file_or_position(
        loaded: tuple[Path, Path], tmp_path: Path) -> None:
    _, warehouse = loaded
    ids = finding_ids(warehouse)
    assert len(ids) == len(set(ids)) > 20
    (tmp_path / "other").mkdir()
    other = make_raw(tmp_path / "other")
    shutil.copy(SEED, other / "renamed_copy.txt")
    second = tmp_path / "other" / "forms.duckdb"
    ingest(other, second)
    assert finding_ids(second) == ids


def test_workbook_round_trip_keeps_decisions_across_nights(
        loaded: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    raw, warehouse = loaded
    book = exported_workbook(warehouse, tmp_path)
    ids = finding_ids(warehouse)
    before = open_ids(warehouse)
    assert before == set(ids)
    chosen = {ids[0]: ("接受", "确需补充", "张三"), ids[1]: ("不采纳", "属正常表述", "李四"),
              ids[2]: ("退回修改", "请改为数值目标", "王五")}
    filled = fill(book, chosen, tmp_path / "filled.xlsx")
    assert len(filled) == 3

    assert review("import", str(tmp_path / "filled.xlsx"), "--warehouse", str(warehouse)) == 0
    assert "已记录决定 3 条" in capsys.readouterr().out
    assert open_ids(warehouse) == before - set(chosen)
    decisions = table(warehouse, "select finding_id, decision, comment, reviewer, source_row "
                                 "from current_decisions")
    assert {d["finding_id"]: (d["decision"], d["comment"], d["reviewer"], d["source_row"])
            for d in decisions} == {
        ids[0]: ("accepted", "确需补充", "张三", filled[ids[0]]),
        ids[1]: ("dismissed", "属正常表述", "李四", filled[ids[1]]),
        ids[2]: ("returned", "请改为数值目标", "王五", filled[ids[2]]),
    }

    ingest(raw, warehouse)  # a night with nothing new
    assert open_ids(warehouse) == before - set(chosen)
    assert len(table(warehouse, "select * from review_decisions")) == 3

    assert review("import", str(tmp_path / "filled.xlsx"), "--warehouse", str(warehouse)) == 0
    assert "已导入过（内容相同）" in capsys.readouterr().out
    resaved = tmp_path / "resaved.xlsx"  # the same decisions in a file with other bytes
    fill(tmp_path / "filled.xlsx", {}, resaved)
    assert review("import", str(resaved), "--warehouse", str(warehouse)) == 0
    assert "已记录决定 0 条，未变 3 条" in capsys.readouterr().out
    assert len(table(warehouse, "select * from review_decisions")) == 3

    scorecard = table(warehouse, "select sum(open_finding_count) as open, "
                                 "sum(decided_finding_count) as decided from project_scorecard")
    assert scorecard == [{"open": len(ids) - 3, "decided": 3}]
    assert (f"审核决定：待决定 {len(ids) - 3} 条；已决定且仍成立：接受 1，不采纳 1，退回修改 1；"
            "决定后已改正 0 条") in status_lines(warehouse)


def test_changed_form_reopens_its_finding_and_the_old_decision_shows_resolved(
        loaded: tuple[Path, Path], capsys: pytest.CaptureFixture) -> None:
    raw, warehouse = loaded
    target = table(warehouse, "select finding_id from review_findings "
                              "where rule_id = 'vague_qualitative_target' "
                              "and message like '%产品功能持续稳定运行%'")[0]["finding_id"]
    other = table(warehouse, "select finding_id from review_findings "
                             "where rule_id = 'quantitative_share_low'")[0]["finding_id"]
    for finding in (target, other):
        assert review("decide", finding[:8], "dismissed", "--comment", "可以接受",
                      "--reviewer", "张三", "--warehouse", str(warehouse)) == 0
    capsys.readouterr()
    assert target not in open_ids(warehouse)

    form = raw / SEED.name
    old, new = STABLE_TARGET
    text = form.read_text("utf-8")
    assert old in text
    form.write_text(text.replace(old, new), "utf-8")
    ingest(raw, warehouse)

    reopened = table(warehouse, "select finding_id from open_findings "
                                "where message like '%产品功能持续稳定运行%保持稳定%'")
    assert len(reopened) == 1 and reopened[0]["finding_id"] != target
    states = {row["finding_id"]: row["finding_state"]
              for row in table(warehouse, "select * from current_decisions")}
    assert states == {target: "resolved", other: "standing"}
    assert any(line.endswith("不采纳 1，退回修改 0；决定后已改正 1 条")
               for line in status_lines(warehouse))
    assert other not in open_ids(warehouse)


def test_rows_with_unknown_ids_or_bad_decisions_are_listed_and_the_rest_recorded(
        loaded: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _, warehouse = loaded
    book = exported_workbook(warehouse, tmp_path)
    ids = finding_ids(warehouse)
    rows = fill(book, {ids[0]: ("接受", None, None), ids[1]: ("也许", "?", "张三"),
                       ids[2]: (None, "只有意见", None), ids[3]: ("dismissed", None, None)},
                tmp_path / "mixed.xlsx")
    workbook = load_workbook(tmp_path / "mixed.xlsx")
    sheet = workbook[FINDINGS_SHEET]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(rows[ids[3]], header.index(FINDING_ID_HEADER) + 1).value = "0" * 16
    workbook.save(tmp_path / "mixed.xlsx")

    code = review("import", str(tmp_path / "mixed.xlsx"), "--reviewer", "默认审核人",
                  "--warehouse", str(warehouse))
    out = capsys.readouterr().out
    assert code == 1
    assert "已记录决定 1 条，未变 0 条，未记录的行 3 行" in out
    assert f"第 {rows[ids[1]]} 行：决定「也许」不是" in out
    assert f"第 {rows[ids[2]]} 行：填了审核意见或审核人，但没有决定" in out
    assert f"第 {rows[ids[3]]} 行：审核发现 {'0' * 16} 不在当前的审核发现中" in out
    assert table(warehouse, "select finding_id, reviewer from review_decisions") == [
        {"finding_id": ids[0], "reviewer": "默认审核人"}]


def test_an_untouched_exported_row_does_not_undo_a_newer_decision(
        loaded: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _, warehouse = loaded
    finding = finding_ids(warehouse)[0]
    assert review("decide", finding, "accepted", "--warehouse", str(warehouse)) == 0
    book = exported_workbook(warehouse, tmp_path)  # shows 接受 for that finding
    assert review("decide", finding, "returned", "--comment", "请修改",
                  "--warehouse", str(warehouse)) == 0
    assert review("import", str(book), "--warehouse", str(warehouse)) == 0
    capsys.readouterr()
    assert table(warehouse, "select decision from current_decisions") == [
        {"decision": "returned"}]


def test_letters_list_exactly_each_units_returned_findings(
        loaded: tuple[Path, Path], tmp_path: Path) -> None:
    _, warehouse = loaded
    rows = table(warehouse, "select r.finding_id, r.message, p.implementing_unit "
                            "from review_findings r join projects p using (project_id) "
                            "order by r.finding_id")
    returned = rows[::3]
    for row in rows[:12]:
        decision = "returned" if row in returned else "dismissed"
        assert review("decide", row["finding_id"], decision, "--comment",
                      f"意见-{row['finding_id']}", "--warehouse", str(warehouse)) == 0
    expected = [r for r in returned if r in rows[:12]]
    letters = letters_for(warehouse, tmp_path / "letters", date(2026, 12, 1))
    assert sum(letter.findings for letter in letters) == len(expected)
    text = "\n".join(_docx_text(letter.path) for letter in letters)
    for row in rows[:12]:
        assert (f"意见-{row['finding_id']}" in text) == (row in expected)
    units = {r["implementing_unit"] for r in expected}
    assert {letter.unit for letter in letters} == units


def test_decisions_survive_a_parser_upgrade(loaded: tuple[Path, Path],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    raw, warehouse = loaded
    decided = finding_ids(warehouse)[:2]
    for finding in decided:
        assert review("decide", finding, "accepted", "--warehouse", str(warehouse)) == 0
    open_before = open_ids(warehouse)
    monkeypatch.setattr(versions, "PARSER_VERSION", versions.PARSER_VERSION + "-upgraded")
    result = ingest(raw, warehouse)
    parsed = result.asset_materializations_for_node("pipeline_state")[0].metadata
    assert parsed["full_reparse"].value is True
    assert open_ids(warehouse) == open_before
    assert {r["finding_state"] for r in table(warehouse, "select * from current_decisions")} \
        == {"standing"}


def test_a_workbook_dropped_into_the_review_folder_is_recorded_by_the_next_run(
        loaded: tuple[Path, Path], tmp_path: Path) -> None:
    raw, warehouse = loaded
    book = exported_workbook(warehouse, tmp_path)
    folder = tmp_path / "review"
    folder.mkdir()
    ids = finding_ids(warehouse)
    fill(book, {ids[0]: ("退回修改", "请补充", "张三")}, folder / "第一批.xlsx")

    resource = warehouse_from_env(str(raw), str(warehouse), str(folder))
    sensor = raw_files_sensor(dg.define_asset_job("ingest"), resource)
    requested = sensor(dg.build_sensor_context())
    assert len(requested.run_requests) == 1

    assert run_ingest(raw, warehouse, folder).success
    assert table(warehouse, "select finding_id, decision from review_decisions") == [
        {"finding_id": ids[0], "decision": "returned"}]
    assert table(warehouse, "select rows_recorded from pipeline_state.review_imports") == [
        {"rows_recorded": 1}]
    assert isinstance(sensor(dg.build_sensor_context()), dg.SkipReason)
    assert run_ingest(raw, warehouse, folder).success  # imported once only
    assert len(table(warehouse, "select * from review_decisions")) == 1


def test_the_drop_down_offers_exactly_the_decisions(loaded: tuple[Path, Path],
                                                    tmp_path: Path) -> None:
    _, warehouse = loaded
    sheet = load_workbook(exported_workbook(warehouse, tmp_path))[FINDINGS_SHEET]
    header = [cell.value for cell in sheet[1]]
    hidden = {letter for letter, dim in sheet.column_dimensions.items() if dim.hidden}
    assert {header[ord(letter) - ord("A")] for letter in hidden} == {
        FINDING_ID_HEADER, "decision_seq", "rule_id", "severity"}  # ids beside their labels
    (validation,) = sheet.data_validations.dataValidation
    choices = validation.formula1.strip('"').split(",")
    assert choices == list(DECISION_LABELS.values())
    assert [normalize_decision(choice) for choice in choices] == list(DECISION_LABELS)
    letter = chr(ord("A") + header.index(DECISION_HEADER))
    assert str(validation.sqref) == f"{letter}2:{letter}{sheet.max_row}"


def test_review_commands_fail_with_one_line(tmp_path: Path,
                                            capsys: pytest.CaptureFixture) -> None:
    missing = tmp_path / "none.duckdb"
    assert review("decide", "abcdef12", "accepted", "--warehouse", str(missing)) == 2
    assert review("list", "--warehouse", str(missing)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2
    assert all(line.startswith("错误：") and str(missing) in line for line in err)


def _docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [cell.text for t in document.tables for row in t.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_commands_refuse_a_warehouse_another_version_built(
        loaded: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture) -> None:
    """After an upgrade the findings (and their ids) are those of the old version until the
    next ingest rebuilds them: recording against them could name findings that no longer
    exist, so the commands say to ingest first and change nothing."""
    _, warehouse = loaded
    finding = finding_ids(warehouse)[0]
    before = warehouse.read_bytes()
    monkeypatch.setattr(versions, "PARSER_VERSION", versions.PARSER_VERSION + "-upgraded")
    assert review("decide", finding, "accepted", "--warehouse", str(warehouse)) == 2
    assert review("list", "--warehouse", str(warehouse)) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all("请先运行 `python -m pipelines ingest`" in e for e in err)
    assert warehouse.read_bytes() == before
