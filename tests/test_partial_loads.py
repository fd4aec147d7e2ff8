"""Whatever was read only in part says so where people look: a part of a loaded form left
out, a file cut off in a continued table, and review rows not recorded each show in
ingest_files/left_out, in ``status``, in the report and in the run summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_review_decisions import exported_workbook, fill, finding_ids
from warehouse_helpers import ingest, make_raw, table

from pipelines.commands.cli import main, run_ingest
from pipelines.commands.status import status_lines
from pipelines.outputs.report.write import write_report
from pipelines.review.decisions import DECISION_HEADER, FINDINGS_SHEET
from tests.conftest import SEED, SHARED

CHANGSHA = SHARED / "forms" / "text" / "019_changsha_jiaoyu_shuidianqi_2026_tsv.txt"
needs_changsha = pytest.mark.skipif(not CHANGSHA.exists(), reason="../shared/forms/text is "
                                    "not beside the repo: the 长沙 form is not here")
SECOND_GOAL = "保障基地水电气安全"  # the continued block's 绩效目标, now unlike the first


@pytest.fixture
def partial_raw(tmp_path: Path) -> Path:
    """The 长沙 form whose continued block states another 绩效目标, and the same form cut
    after 2,000 bytes inside its continued table."""
    data = CHANGSHA.read_bytes()
    raw = tmp_path / "raw"
    raw.mkdir()
    lines = data.split(b"\n")
    lines[18] = lines[18].replace("保障基地正常运转".encode(), SECOND_GOAL.encode(), 1)
    (raw / "goal.txt").write_bytes(b"\n".join(lines))
    (raw / "cut.txt").write_bytes(data[:2000])
    return raw


@needs_changsha
def test_parts_left_out_and_cuts_show_in_sql_status_report_and_summary(
        partial_raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    warehouse = tmp_path / "forms.duckdb"
    assert main(["ingest", "--raw", str(partial_raw), "--warehouse", str(warehouse)]) == 0
    summary = capsys.readouterr().out

    files = table(warehouse, "select path, status, forms_loaded, message from ingest_files "
                             "order by path")
    assert [(f["path"], f["status"], f["forms_loaded"]) for f in files] == [
        ("cut.txt", "quarantined", 0), ("goal.txt", "partial", 1)]
    assert files[0]["message"].startswith("第 1 张表未载入：文件被截断")
    assert files[1]["message"].startswith("第 1 张表：第 19 行第 4 列：同一项目的第二个")
    assert table(warehouse, "select count(*) as n from indicators") == [{"n": 12}]
    (part,) = table(warehouse, "select * from left_out")
    assert (part["source_file"], part["form_seq"], part["reason_code"]) == \
        ("goal.txt", 1, "part_left_out")
    assert part["reason"].startswith("第 19 行第 4 列：同一项目的第二个、内容不同的绩效目标未载入")

    status = "\n".join(status_lines(warehouse))
    assert "部分未载入：1 处，1 个文件" in status
    assert "goal.txt 第 1 张表：第 19 行第 4 列：同一项目的第二个" in status
    assert "（cut_off_file）：1 项，1 个文件；例 cut.txt：文件似在第 19 行被截断" in status
    assert "部分未载入：1 处" in summary

    report = tmp_path / "report.html"
    write_report(warehouse, report, partial_raw)
    html = report.read_text("utf-8")
    section = html[html.index('<section id="partial">'):]
    section = section[:section.index("</section>")]
    assert "goal.txt" in section and "表已载入，此部分未载入" in section
    assert "cut.txt" in section and "文件被截断，此表未载入" in section
    assert "只有 2 个单元格，而上方各行有 13 个" in section


def test_review_rows_rejected_from_the_review_folder_show_in_status_and_report(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    raw = make_raw(tmp_path, SEED)
    warehouse = tmp_path / "warehouse" / "forms.duckdb"
    ingest(raw, warehouse)
    folder = tmp_path / "review"
    folder.mkdir()
    ids = finding_ids(warehouse)
    rows = fill(exported_workbook(warehouse, tmp_path),
                {ids[0]: ("退回修改", "请补充", "张三"), ids[1]: ("随便", "", "张三")},
                folder / "第一批.xlsx")
    sheet = load_workbook(folder / "第一批.xlsx")[FINDINGS_SHEET]
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(rows[ids[1]], header.index(DECISION_HEADER) + 1).value == "随便"
    assert run_ingest(raw, warehouse, folder).success

    status = "\n".join(status_lines(warehouse))
    assert "审核工作簿未记录的行：1 行，1 个工作簿" in status
    assert (f"第一批.xlsx：1 行未记录，1 行已记录；第 {rows[ids[1]]} 行："
            "决定「随便」不是这三种之一") in status
    report = tmp_path / "report.html"
    write_report(warehouse, report, raw)
    html = report.read_text("utf-8")
    section = html[html.index('<section id="partial">'):]
    assert "第一批.xlsx" in section[:section.index("</section>")]
