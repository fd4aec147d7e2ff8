"""Department-wide forms, category declarations, stated-empty forms and the new indicator and
project columns, carried from parse records through the real pipeline state and build into the
warehouse.

The parser that produces these records is tested on its own; here the records are built by
hand (so these tests do not depend on any input layout) and everything after parsing is the
real code: the pipeline state's run plan on real files, write_parsed, the build SQL, the review, the
views, the blocking checks and the atomic publish.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.check.integrity import failed_checks
from pipelines.load.warehouse import connect
from pipelines.normalize.department_rows import department_form_rows
from pipelines.normalize.ids import department_key, project_key
from pipelines.normalize.project_rows import attributes_json
from pipelines.parse.parse_file import FileResult, sha256_of
from pipelines.parse.records import (
    CategoryDeclaration,
    DepartmentForm,
    DepartmentTask,
    EmptyForm,
    Form,
    Indicator,
)
from pipelines.parse.targets import parse_target
from pipelines.parse.titles import department_form_kind
from tests.warehouse_helpers import load, table

DEPARTMENT = "烟台市审计局"
PROJECT = "审计业务经费"
MIXED = "项目与部门.txt"
EMPTY = "空表.txt"
LATER = "部门 更正.txt"
FIRST_RUN = datetime(2026, 1, 5, 2, 0)
SECOND_RUN = datetime(2026, 1, 6, 2, 0)
THIRD_RUN = datetime(2026, 1, 7, 2, 0)


def indicator(seq: int, level1: str, level2: str, name: str, raw: str, line: int,
              **extra: object) -> Indicator:
    return Indicator(seq=seq, level1=level1, level2=level2, name=name, target=parse_target(raw),
                     level1_as_written=level1, level2_as_written=level2, line=line,
                     locator=f"line {line}", **extra)


def declaration(level1: str, level2: str, kind: str, text: str, line: int) -> CategoryDeclaration:
    return CategoryDeclaration(level1, level2, kind, text, line, f"line {line}")


def project_form() -> Form:
    """A project form whose year came from the title, with an unknown column and two
    declarations: 经济效益 printed and left blank, 生态效益 declared not applicable."""
    return Form(
        template="项目支出绩效目标表", form_seq=1, title="2026年项目支出绩效目标表",
        fiscal_year=2026, project_name=PROJECT, line=1, locator="line 1",
        department=DEPARTMENT, department_code="231", annual_goal="完成年度审计项目。",
        fiscal_year_source="title", department_source="form", project_name_source="form",
        indicators=[
            indicator(1, "产出指标", "数量指标", "审计项目数", "≥12个", 5,
                      attributes={"考核方式": "现场检查", "分值": "10"}),
            indicator(2, "效益指标", "社会效益指标", "问题整改率", "≥90%", 6,
                      level1_inferred=True),
            indicator(3, "满意度指标", "服务对象满意度指标", "被审计单位满意度", "≥95%", 7),
        ],
        declarations=[
            declaration("效益指标", "经济效益指标", "listed_empty", "经济效益指标", 8),
            declaration("效益指标", "生态效益指标", "not_applicable", "生态效益指标 | 不适用", 9),
        ],
    )


def task(seq: int, name: str, amount: str | None, line: int) -> DepartmentTask:
    value = None if amount is None else Decimal(amount)
    return DepartmentTask(seq=seq, task_name=name, content=f"{name}的主要内容",
                          amount_yuan=value, fiscal_yuan=value, other_yuan=None,
                          amount_as_written=amount, line=line, locator=f"line {line}")


def department_form(form_seq: int, department: str = DEPARTMENT, line: int = 20,
                    goal: str = "全面履行审计监督职责。") -> DepartmentForm:
    """A department-wide form: three tasks (one without an amount), three indicators of
    which two numeric, one category declared not applicable."""
    return DepartmentForm(
        form_seq=form_seq, title="2026年度部门整体绩效目标表", fiscal_year=2026,
        line=line, locator=f"line {line}", department=department, department_code="231",
        budget_total_yuan=Decimal("2500000.00"), budget_total_as_written="250",
        amount_unit="万元", annual_goal=goal, fiscal_year_source="title",
        department_source="document",
        tasks=[
            task(1, "常规审计", "1000000.00", line + 2),
            task(2, "专项审计", "600000.50", line + 3),
            task(3, "内部管理", None, line + 4),
        ],
        indicators=[
            indicator(1, "产出指标", "数量指标", "完成审计项目", "≥30个", line + 6),
            indicator(2, "产出指标", "质量指标", "审计报告质量", "≥98%", line + 7,
                      attributes={"指标方向": "正向"}),
            indicator(3, "效益指标", "社会效益指标", "审计监督作用", "有效发挥", line + 8,
                      level1_inferred=True),
        ],
        declarations=[
            declaration("效益指标", "生态效益指标", "not_applicable", "不适用生态效益指标",
                        line + 9),
        ],
    )


def put(raw: Path, name: str, body: str, **records: object) -> FileResult:
    """Write an input file and the FileResult a parser would give for it (hash of the bytes)."""
    path = raw / name
    path.write_text(body, encoding="utf-8")
    return FileResult(name, sha256_of(path), path.stat().st_size, "tsv", **records)


@pytest.fixture()
def folder(tmp_path: Path) -> tuple[Path, Path]:
    """raw/ with a file holding a project and a department form, and a stated-empty file."""
    raw = tmp_path / "raw"
    raw.mkdir()
    warehouse = tmp_path / "w" / "forms.duckdb"
    load(raw, warehouse, [
        put(raw, MIXED, "项目表\n部门整体表\n", forms=[project_form()],
            departments=[department_form(2)]),
        put(raw, EMPTY, "部门整体绩效目标表\n故此表无数据\n",
            empty_forms=[EmptyForm(1, "部门整体绩效目标表", "故此表无数据", 2, "line 2")]),
    ], FIRST_RUN)
    return raw, warehouse


def test_department_target_row(folder: tuple[Path, Path]) -> None:
    _, warehouse = folder
    (row,) = table(warehouse, "select * from department_targets")
    assert row["target_id"] == department_key(2026, DEPARTMENT)
    assert row["target_id"] == department_key(2026, " 烟台市\n审计局 ")  # whitespace ignored
    assert row["target_id"] != project_key(2026, DEPARTMENT, PROJECT)
    assert row["budget_total_yuan"] == Decimal("2500000.00")
    assert (row["budget_total_as_written"], row["amount_unit"]) == ("250", "万元")
    assert (row["fiscal_year_source"], row["department_source"]) == ("title", "document")
    assert (row["source_file"], row["source_line"], row["form_seq"]) == (MIXED, 20, 2)


def test_department_tasks_and_indicators(folder: tuple[Path, Path]) -> None:
    _, warehouse = folder
    tasks = table(warehouse, "select seq, task_name, amount_yuan, other_yuan, amount_as_written, "
                             "source_line from department_tasks order by seq")
    assert [(t["seq"], t["amount_yuan"], t["amount_as_written"]) for t in tasks] == [
        (1, Decimal("1000000.00"), "1000000.00"),
        (2, Decimal("600000.50"), "600000.50"),
        (3, None, None),
    ]
    assert {t["other_yuan"] for t in tasks} == {None}
    indicators = table(warehouse, "select * from department_indicators order by seq")
    assert [(i["name"], i["target_op"], i["target_value"], i["target_unit"]) for i in indicators] \
        == [("完成审计项目", ">=", Decimal("30.000000"), "个"),
            ("审计报告质量", ">=", Decimal("98.000000"), "%"),
            ("审计监督作用", None, None, None)]
    assert [i["level1_inferred"] for i in indicators] == [False, False, True]
    assert [i["attributes"] for i in indicators] == [None, '{"指标方向": "正向"}', None]
    assert {i["target_id"] for i in indicators} == {department_key(2026, DEPARTMENT)}


def test_project_columns_and_indicator_attributes(folder: tuple[Path, Path]) -> None:
    _, warehouse = folder
    (project,) = table(warehouse, "select * from projects")
    assert (project["fiscal_year_source"], project["department_source"],
            project["project_name_source"]) == ("title", "form", "form")
    rows = table(warehouse, "select seq, attributes, level1_inferred from indicators order by seq")
    assert json.loads(rows[0]["attributes"]) == {"分值": "10", "考核方式": "现场检查"}
    assert rows[0]["attributes"] == '{"分值": "10", "考核方式": "现场检查"}'  # sorted, readable
    assert [r["attributes"] for r in rows[1:]] == [None, None]
    assert [r["level1_inferred"] for r in rows] == [False, True, False]


def test_attributes_json_is_null_when_empty_and_stable() -> None:
    assert attributes_json({}) is None
    assert attributes_json({"b": "2", "a": "一"}) == attributes_json({"a": "一", "b": "2"})
    assert attributes_json({"a": "一"}) == '{"a": "一"}'


def test_category_declarations_of_both_owners(folder: tuple[Path, Path]) -> None:
    _, warehouse = folder
    rows = table(warehouse, "select owner_kind, owner_id, project_id, seq, level2, declaration, "
                            "text_as_written, source_file, source_line "
                            "from category_declarations order by owner_kind, seq")
    project_id = project_key(2026, DEPARTMENT, PROJECT)
    target_id = department_key(2026, DEPARTMENT)
    assert rows == [
        {"owner_kind": "department", "owner_id": target_id, "project_id": None, "seq": 1,
         "level2": "生态效益指标", "declaration": "not_applicable",
         "text_as_written": "不适用生态效益指标", "source_file": MIXED, "source_line": 29},
        {"owner_kind": "project", "owner_id": project_id, "project_id": project_id, "seq": 1,
         "level2": "经济效益指标", "declaration": "listed_empty",
         "text_as_written": "经济效益指标", "source_file": MIXED, "source_line": 8},
        {"owner_kind": "project", "owner_id": project_id, "project_id": project_id, "seq": 2,
         "level2": "生态效益指标", "declaration": "not_applicable",
         "text_as_written": "生态效益指标 | 不适用", "source_file": MIXED, "source_line": 9},
    ]


def test_stated_empty_form_is_recorded_and_the_file_stays_empty(
    folder: tuple[Path, Path],
) -> None:
    _, warehouse = folder
    assert table(warehouse, "select source_file, form_seq, form_title, statement, source_line, "
                            "source_locator from empty_forms") == [
        {"source_file": EMPTY, "form_seq": 1, "form_title": "部门整体绩效目标表",
         "statement": "故此表无数据", "source_line": 2, "source_locator": "line 2"}]
    files = {f["path"]: f for f in table(warehouse, "select * from ingest_files")}
    empty = files[EMPTY]
    assert (empty["status"], empty["forms_found"], empty["forms_loaded"]) == ("empty", 0, 0)
    assert empty["message"] == "第 1 张表：表中注明无数据（故此表无数据）"
    mixed = files[MIXED]
    assert (mixed["status"], mixed["forms_found"], mixed["forms_loaded"]) == ("loaded", 2, 2)
    assert table(warehouse, "select count(*) as n from quarantine") == [{"n": 0}]


def test_department_scorecard(folder: tuple[Path, Path]) -> None:
    _, warehouse = folder
    (card,) = table(warehouse, "select * from department_scorecard")
    assert (card["fiscal_year"], card["department"]) == (2026, DEPARTMENT)
    assert card["budget_total_yuan"] == Decimal("2500000.00")
    assert (card["task_count"], card["task_amount_yuan"]) == (3, Decimal("1600000.50"))
    assert (card["indicator_count"], card["quantitative_count"]) == (3, 2)
    assert card["quantitative_share"] == pytest.approx(0.6667)


def test_category_left_empty_reports_only_the_blank_category(folder: tuple[Path, Path]) -> None:
    _, warehouse = folder
    found = table(warehouse, "select * from review_findings where rule_id = 'category_left_empty'")
    assert len(found) == 1
    (finding,) = found
    assert finding["project_id"] == project_key(2026, DEPARTMENT, PROJECT)
    assert (finding["severity"], finding["indicator_seq"]) == ("warning", None)
    assert f"项目「{PROJECT}」表中列出了指标类别「效益指标 / 经济效益指标」" in finding["message"]
    assert json.loads(finding["details"])["source_line"] == 8


def test_target_id_is_stable_and_the_later_form_is_current(folder: tuple[Path, Path]) -> None:
    raw, warehouse = folder
    first = table(warehouse, "select * from department_targets")
    corrected = department_form(1, department="烟台市 审计局", line=3, goal="更正后的目标。")
    load(raw, warehouse, [put(raw, LATER, "更正的部门整体表\n", departments=[corrected])],
         SECOND_RUN)
    (row,) = table(warehouse, "select * from department_targets")
    assert row["target_id"] == first[0]["target_id"]
    assert (row["source_file"], row["annual_goal"], row["department"]) == (
        LATER, "更正后的目标。", "烟台市 审计局")
    lines = table(warehouse, "select distinct source_file, min(source_line) as first_line "
                             "from department_tasks group by all")
    assert lines == [{"source_file": LATER, "first_line": 5}]
    assert table(warehouse, "select count(*) as n from department_indicators") == [{"n": 3}]
    sources = table(warehouse, "select distinct source_file from category_declarations "
                               "where owner_kind = 'department'")
    assert sources == [{"source_file": LATER}]

    (raw / LATER).unlink()
    load(raw, warehouse, [], THIRD_RUN)
    assert table(warehouse, "select * from department_targets") == first


def test_a_special_fund_form_never_replaces_the_department_target(
        folder: tuple[Path, Path]) -> None:
    """西安 prints a 专项资金整体绩效目标表 beside the 部门整体支出绩效目标表 of the same
    year and department: two department-wide targets of different kinds, both kept."""
    raw, warehouse = folder
    special = department_form(1, line=3, goal="专项资金目标。")
    special.title, special.kind = "2026年专项资金整体绩效目标表", "special_fund"
    load(raw, warehouse, [put(raw, LATER, "专项资金整体表\n", departments=[special])],
         SECOND_RUN)
    rows = table(warehouse, "select target_id, target_kind, annual_goal, source_file "
                            "from department_targets order by target_kind")
    assert rows == [
        {"target_id": department_key(2026, DEPARTMENT), "target_kind": "department",
         "annual_goal": "全面履行审计监督职责。", "source_file": MIXED},
        {"target_id": department_key(2026, DEPARTMENT, "special_fund"),
         "target_kind": "special_fund", "annual_goal": "专项资金目标。", "source_file": LATER},
    ]
    assert department_key(2026, DEPARTMENT, "special_fund") != department_key(2026, DEPARTMENT)


@pytest.mark.parametrize(("title", "kind"), [
    ("2026年部门整体支出绩效目标表", "department"),
    ("部门整体绩效目标表", "department"),
    ("2020年专项资金整体绩效目标表", "special_fund"),
])
def test_department_form_kind_from_the_title(title: str, kind: str) -> None:
    assert department_form_kind(title) == kind


def test_repeated_department_forms_of_one_file_keep_apart() -> None:
    result = FileResult("a.txt", "0" * 64, 1, "tsv",
                        departments=[department_form(1), department_form(2, line=40)])
    ids = [row["target_id"] for row in department_form_rows([result])]
    assert ids[0] == department_key(2026, DEPARTMENT) and len(set(ids)) == 2


def test_unchanged_rerun_leaves_every_new_table_identical(folder: tuple[Path, Path]) -> None:
    raw, warehouse = folder
    tables = ("department_targets", "department_tasks", "department_indicators",
              "category_declarations", "empty_forms", "indicators", "projects")
    before = {t: table(warehouse, f"select * from {t} order by all") for t in tables}
    load(raw, warehouse, [], SECOND_RUN)
    assert {t: table(warehouse, f"select * from {t} order by all") for t in tables} == before


@pytest.mark.parametrize(
    ("statement", "check"),
    [
        ("insert into department_indicators (target_id, seq, name, is_quantitative, source_file, "
         "source_sha256, source_line, source_locator) "
         "values ('no-such-target', 1, '孤儿指标', false, 'x.txt', 'deadbeef', 1, 'line 1')",
         "department_indicators_have_target"),
        ("insert into department_tasks select * replace ('no-such-target' as target_id) "
         "from department_tasks limit 1",
         "department_tasks_have_target"),
        ("create or replace table department_targets as "
         "select * from department_targets union all select * from department_targets",
         "department_target_id_unique"),
    ],
)
def test_blocking_checks_fail_on_broken_department_rows(
    folder: tuple[Path, Path], statement: str, check: str
) -> None:
    _, warehouse = folder
    with connect(warehouse) as con:
        assert failed_checks(con) == {}
        con.execute(statement)
        failed = failed_checks(con)
    assert set(failed) == {check}


def test_orphan_department_indicator_is_named(folder: tuple[Path, Path]) -> None:
    _, warehouse = folder
    with connect(warehouse) as con:
        con.execute("insert into department_indicators by name select * replace "
                    "('gone' as target_id) from department_indicators where seq = 1")
        rows = failed_checks(con)["department_indicators_have_target"].to_dicts()
    assert [(r["target_id"], r["name"], r["source_file"]) for r in rows] == [
        ("gone", "完成审计项目", MIXED)]
