"""Tests of the rule-based review: the rule table itself, the seed, and one case per rule."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest
import warehouse_rows
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipelines.core.id_labels import SEVERITIES
from pipelines.core.sql_files import SQL_DIR
from pipelines.review.findings import build_review_findings, run_rule
from pipelines.review.rules import (
    REVIEW_SQL,
    RULES,
    Rule,
)

REVIEW_SQL_DIR = SQL_DIR / REVIEW_SQL
# seed projects the cases below edit; seq numbers follow the JSON order
P1 = "残疾人就业保障金"  # 8 indicators: 4 numeric, seq 8 is 主管部门满意度 ≥90%
P2 = "2022年教育综改项目(市拨专项)"  # 3 of 8 numeric
P5 = "托育中心经费"  # seq 1 is 机构开办评估数量 =5.00(家)
ARITHMETIC_RULES = {"funds_total_mismatch", "funds_annual_mismatch"}

Mutation = Callable[[duckdb.DuckDBPyConnection], None]


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A warehouse holding the seed; every test gets its own file."""
    connection = warehouse_rows.new_warehouse(tmp_path / "warehouse.duckdb")
    yield connection
    connection.close()


def findings(con: duckdb.DuckDBPyConnection, rule_id: str | None = None) -> pl.DataFrame:
    """Rebuild review_findings and return its rows joined to project names."""
    build_review_findings(con)
    rows = con.sql(
        """
        select f.*, p.project_name
        from review_findings as f
        left join projects as p using (project_id)
        order by f.rule_id, p.project_name, f.indicator_seq
        """
    ).pl()
    return rows if rule_id is None else rows.filter(pl.col("rule_id") == rule_id)


def run(sql: str, **params: object) -> Mutation:
    """A mutation that runs one parameterised statement on the seeded warehouse."""
    return lambda con: con.execute(sql, params)


def chain(*steps: Mutation) -> Mutation:
    """Several mutations in order."""

    def apply(con: duckdb.DuckDBPyConnection) -> None:
        for step in steps:
            step(con)

    return apply


def set_target(project: str, seq: int, raw: str) -> Mutation:
    """Replace one indicator's target, parsed the way the fixture parses the seed."""
    return run(
        """
        update indicators
        set target_raw = $target_raw,
            target_op = $target_op,
            target_value = $target_value,
            target_unit = $target_unit,
            is_quantitative = $is_quantitative
        where seq = $seq
            and project_id = (select project_id from projects where project_name = $project)
        """,
        **warehouse_rows.target_columns(raw),
        seq=seq,
        project=project,
    )


def set_fund(project: str, item: str, amount: str | None) -> Mutation:
    """Set one fund amount, or delete the row (a blank in the form) when ``amount`` is None."""
    delete = run(
        """
        delete from funds
        where item = $item
            and project_id = (select project_id from projects where project_name = $project)
        """,
        item=item,
        project=project,
    )
    if amount is None:
        return delete
    insert = run(
        """
        insert into funds by name
        select
            project_id,
            $item as item,
            $amount::decimal(18, 2) as amount_yuan,
            '元' as unit_as_written,
            $amount as amount_as_written,
            $item as label_as_written,
            source_file,
            source_sha256,
            source_line,
            source_locator
        from projects
        where project_name = $project
        """,
        item=item,
        amount=amount,
        project=project,
    )
    return chain(delete, insert)


def set_project(project: str, column: str, value: object) -> Mutation:
    """Set one projects column of one project (column names come from this file only)."""
    return run(
        f"update projects set {column} = $value where project_name = $project",
        value=value,
        project=project,
    )


def set_all_projects(column: str, value: object) -> Mutation:
    """Set one projects column on every project."""
    return run(f"update projects set {column} = $value", value=value)


def add_indicator(project: str, level1: str, level2: str, name: str, raw: str) -> Mutation:
    """Append an indicator to a project."""
    return run(
        """
        insert into indicators by name
        select
            project_id,
            (select max(seq) + 1 from indicators as i where i.project_id = p.project_id) as seq,
            $level1 as level1,
            $level2 as level2,
            $name as name,
            $target_raw as target_raw,
            $target_op as target_op,
            $target_value as target_value,
            $target_unit as target_unit,
            $is_quantitative as is_quantitative,
            source_file,
            source_sha256,
            source_line,
            source_locator
        from projects as p
        where project_name = $project
        """,
        level1=level1,
        level2=level2,
        name=name,
        **warehouse_rows.target_columns(raw),
        project=project,
    )


def delete_indicators(project: str, level1: str) -> Mutation:
    """Remove a project's indicators of one 一级 category."""
    return run(
        """
        delete from indicators
        where level1 = $level1
            and project_id = (select project_id from projects where project_name = $project)
        """,
        level1=level1,
        project=project,
    )


def rename_indicator(project: str, seq: int, name: str) -> Mutation:
    """Give one indicator a new name."""
    return run(
        """
        update indicators set name = $name
        where seq = $seq
            and project_id = (select project_id from projects where project_name = $project)
        """,
        name=name,
        seq=seq,
        project=project,
    )


def declare(project: str, level1: str, level2: str, declaration: str) -> Mutation:
    """Add a category declaration (listed_empty / not_applicable) to a project's form."""
    return run(
        """
        insert into category_declarations by name
        select
            'project' as owner_kind,
            project_id as owner_id,
            project_id,
            (select count(*) + 1 from category_declarations as d
             where d.project_id = p.project_id) as seq,
            $level1 as level1,
            $level2 as level2,
            $declaration as declaration,
            $level2 || ' | ' as text_as_written,
            source_file,
            source_sha256,
            source_line,
            source_locator
        from projects as p
        where project_name = $project
        """,
        level1=level1,
        level2=level2,
        declaration=declaration,
        project=project,
    )


SUPERSEDED = run(
    """
    insert into project_revisions
    select * replace (
        'superseded' as status,
        'raw/001_old.txt' as source_file,
        3 as source_line,
        source_file as superseded_by_file,
        source_line as superseded_by_line,
        'declared again later' as reason
    )
    from project_revisions
    where project_name = $project
    """,
    project=P1,
)
GOAL = "完成托育机构开办评估和年检评估，开展保育人员培训，提升托育服务质量。"
NOTHING: Mutation = chain()

# (rule_id, mutation, project expected in a finding, text expected in its message)
FIRES: list[tuple[str, Mutation, str, str]] = [
    ("missing_level1_core", delete_indicators(P1, "效益指标"), P1, "效益指标"),
    (
        "missing_level1_core",
        chain(
            delete_indicators(P1, "产出指标"),
            add_indicator(P1, "产出指标", "数量指标", "无", "无"),
        ),
        P1,
        "产出指标",
    ),
    ("missing_level1_satisfaction", delete_indicators(P1, "满意度指标"), P1, "满意度指标"),
    (
        "missing_level1_cost_template",
        set_project(P1, "template", "项目支出绩效目标表"),
        P1,
        "项目支出绩效目标表",
    ),
    ("missing_level1_cost_year", NOTHING, P1, "2023 年度"),
    ("quantitative_share_low", NOTHING, P2, "3/8 项（37.5%）"),
    ("vague_qualitative_target", NOTHING, P1, "「提升」"),
    ("vague_qualitative_target", set_target(P5, 1, "有效提升"), P5, "含模糊词「有效、提升」"),
    ("satisfaction_target_weak", set_target(P1, 8, "≥85%"), P1, "低于 90%"),
    ("satisfaction_target_weak", set_target(P1, 8, "满意"), P1, "没有数值"),
    ("satisfaction_target_weak", set_target(P1, 8, "≤95%"), P1, "只设了上限"),
    ("percent_target_over_100", set_target(P1, 1, "=120%"), P1, "「=120%」超过 100%"),
    (
        "quantitative_target_no_unit",
        set_target(P5, 1, "=5.00"),
        P5,
        "指标「机构开办评估数量」的指标值「=5.00」有数值但没有计量单位",
    ),
    ("boilerplate_indicator_name", NOTHING, P1, "5 个项目中有 5 个原样出现"),
    ("goal_empty", NOTHING, P1, "未填写项目总目标和年度总体目标"),
    (
        "goal_duplicate",
        chain(set_project(P1, "overall_goal", GOAL), set_project(P2, "annual_goal", GOAL)),
        P1,
        f"项目总目标与另外 1 个项目（「{P2}」）",
    ),
    (
        "funds_total_mismatch",
        chain(
            set_fund(P1, "total", "100.00"),
            set_fund(P1, "fiscal", "60.00"),
            set_fund(P1, "other", "30.00"),
        ),
        P1,
        "差额 10.00 元",
    ),
    (
        "funds_total_mismatch",
        chain(set_fund(P1, "total", "100.00"), set_fund(P1, "fiscal", "60.00")),
        P1,
        "其中财政资金 60.00 元 + 其他资金 空白（合计 60.00 元），差额 40.00 元",
    ),
    ("funds_annual_mismatch", set_fund(P1, "carryover", "5.00"), P1, "差额 -5.00 元"),
    (
        "funds_annual_exceeds_total",
        chain(set_fund(P1, "total", "10000.00"), set_fund(P1, "fiscal", "10000.00")),
        P1,
        "年度资金申请总额 11043.84 元大于项目资金总额 10000.00 元（超出 1043.84 元）",
    ),
    (
        "planned_start_after_end",
        chain(
            set_project(P1, "planned_start", "2023-12-31"),
            set_project(P1, "planned_end", "2023-01-01"),
        ),
        P1,
        "计划开始日期 2023-12-31 晚于计划完成日期 2023-01-01",
    ),
    (
        "planned_dates_outside_year",
        chain(
            set_project(P1, "planned_start", "2024-01-01"),
            set_project(P1, "planned_end", "2024-12-31"),
        ),
        P1,
        "与预算年度 2023 年没有交集",
    ),
    ("target_number_unparsed", set_target(P1, 3, "2023年12月底前"), P1, "「2023年12月底前」"),
    (
        "unknown_level_name",
        run("update indicators set level2 = '成果指标' where name = '残保金缴纳完成率'"),
        P1,
        "「产出指标 / 成果指标」",
    ),
    (
        "category_left_empty",
        declare(P1, "效益指标", "经济效益指标", "listed_empty"),
        P1,
        "列出了指标类别「效益指标 / 经济效益指标」但未填写任何三级指标",
    ),
    ("duplicate_declaration", SUPERSEDED, P1, "raw/001_old.txt 第 3 行"),
]

# (rule_id, mutation) after which the rule must report nothing at all
# a flat list (重庆: 指标名称 / 指标性质 / 指标值, no 一级/二级 columns) is not judged by level
FLAT_LIST = run(
    "update indicators set level1 = null, level2 = null, level1_as_written = null, "
    "level2_as_written = null where project_id = (select project_id from projects "
    "where project_name = $project)",
    project=P1,
)

QUIET: list[tuple[str, Mutation]] = [
    ("missing_level1_core", NOTHING),
    ("missing_level1_core", FLAT_LIST),
    ("missing_level1_satisfaction", FLAT_LIST),
    ("missing_level1_cost_template", FLAT_LIST),
    ("unknown_level_name", FLAT_LIST),
    ("missing_level1_core", add_indicator(P1, "产出指标", "数量指标", "新增人数", "=1(人)")),
    ("missing_level1_satisfaction", NOTHING),
    ("missing_level1_cost_template", NOTHING),
    (
        "missing_level1_cost_template",
        chain(
            set_project(P1, "template", "项目支出绩效目标表"),
            add_indicator(P1, "成本指标", "经济成本指标", "人均缴纳成本", "≤1500(元)"),
        ),
    ),
    (
        "missing_level1_cost_template",
        chain(
            set_project(P5, "template", "项目支出绩效目标表"),
            run("update indicators set level2 = '成本指标' where name = '培训人数'"),
        ),
    ),
    ("missing_level1_cost_year", set_all_projects("fiscal_year", 2021)),
    (
        "quantitative_share_low",
        chain(set_target(P2, 3, "≥99%"), set_target(P2, 4, "≤24(小时)")),
    ),
    (
        "vague_qualitative_target",
        run(
            "update indicators set target_raw = '提升至95%', target_value = 95, "
            "target_unit = '%', is_quantitative = true where target_value is null"
        ),
    ),
    ("satisfaction_target_weak", NOTHING),
    ("percent_target_over_100", set_target(P1, 1, "≤120%")),
    ("quantitative_target_no_unit", NOTHING),
    (
        "quantitative_target_no_unit",
        chain(set_target(P5, 1, "=5.00"), rename_indicator(P5, 1, "机构开办评估数量（家）")),
    ),
    (
        "boilerplate_indicator_name",
        chain(
            rename_indicator(P1, 7, "残保金管理制度健全性"),
            rename_indicator(P2, 7, "平台管理制度健全性"),
        ),
    ),
    (
        "boilerplate_indicator_name",
        run("delete from projects where project_name in ($a, $b, $c)", a=P1, b=P2, c=P5),
    ),
    ("goal_empty", set_all_projects("annual_goal", GOAL)),
    (
        "goal_duplicate",
        chain(set_project(P1, "overall_goal", GOAL), set_project(P1, "annual_goal", GOAL)),
    ),
    ("funds_total_mismatch", NOTHING),
    (
        "funds_total_mismatch",
        chain(
            set_fund(P1, "total", "100.00"),
            set_fund(P1, "fiscal", "70.00"),
            set_fund(P1, "other", "30.00"),
        ),
    ),
    ("funds_annual_mismatch", NOTHING),
    (  # a template that states only the annual total has nothing to add up
        "funds_annual_mismatch",
        chain(
            set_fund(P1, "annual_appropriation", None),
            set_fund(P1, "carryover", None),
            set_fund(P1, "annual_other", None),
        ),
    ),
    ("funds_annual_exceeds_total", NOTHING),
    ("planned_start_after_end", NOTHING),
    ("planned_dates_outside_year", NOTHING),
    (
        "planned_dates_outside_year",
        chain(
            set_project(P1, "planned_start", "2022-01-01"),
            set_project(P1, "planned_end", "2024-12-31"),
        ),
    ),
    ("target_number_unparsed", NOTHING),
    (
        "unknown_level_name",
        run("update indicators set level2 = '环境效益指标' where level2 = '社会效益指标'"),
    ),
    ("category_left_empty", NOTHING),
    (
        "category_left_empty",
        chain(
            declare(P1, "效益指标", "经济效益指标", "listed_empty"),
            declare(P1, "效益指标", "经济效益指标", "not_applicable"),
        ),
    ),
    ("category_left_empty", declare(P1, "产出指标", "数量指标", "listed_empty")),
    ("duplicate_declaration", NOTHING),
]


def test_rule_ids_are_unique_and_well_formed() -> None:
    ids = [rule.rule_id for rule in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        assert rule.severity in SEVERITIES
        assert rule.rationale and "\n" not in rule.rationale
        assert (REVIEW_SQL_DIR / rule.sql_file).is_file()


def test_every_review_sql_file_belongs_to_a_rule() -> None:
    files = {path.name for path in REVIEW_SQL_DIR.glob("*.sql")
             if not path.name.startswith("_")}  # the table and the incremental scope
    assert files == {rule.sql_file for rule in RULES}


def test_every_rule_has_a_case_that_fires_and_one_that_stays_quiet() -> None:
    # the self-evaluation rules have theirs in test_self_evaluation_review.py
    ids = {rule.rule_id for rule in RULES if rule.reviews == "declaration"}
    assert {case[0] for case in FIRES} == ids
    assert {case[0] for case in QUIET} == ids


def test_empty_warehouse_has_no_findings(tmp_path: Path) -> None:
    con = warehouse_rows.new_warehouse(tmp_path / "empty.duckdb", with_seed=False)
    assert build_review_findings(con) == 0


def test_rebuild_replaces_rather_than_appends(con: duckdb.DuckDBPyConnection) -> None:
    first = build_review_findings(con)
    second = build_review_findings(con)
    stored = con.sql("select count(*) from review_findings").fetchall()[0][0]
    assert first == second == stored > 0


def test_seed_names_its_vague_targets(con: duckdb.DuckDBPyConnection) -> None:
    vague = findings(con, "vague_qualitative_target")
    words = {word for details in vague["details"] for word in json.loads(details)["vague_words"]}
    assert {"提升", "及时", "建立健全"} <= words
    messages = " ".join(vague["message"])
    assert "「区域残疾人就业积极性提升」的指标值「提升」" in messages
    assert "「长效管理机制健全性」的指标值「建立健全」" in messages
    seed = warehouse_rows.load_seed()
    qualitative = sum(
        1
        for project in seed
        for indicator in project["indicators"]
        if indicator["target_raw"]
        in {"提升", "及时", "建立健全", "稳定", "强化", "保障", "放心", "更加放心", "切实满足"}
    )
    assert vague.height == qualitative


def test_seed_has_no_arithmetic_or_other_errors(con: duckdb.DuckDBPyConnection) -> None:
    found = findings(con)
    assert found.filter(pl.col("rule_id").is_in(ARITHMETIC_RULES)).height == 0
    assert found.filter(pl.col("severity") == "error").height == 0


@pytest.mark.parametrize(
    ("rule_id", "mutate", "project", "text"),
    FIRES,
    ids=[f"{case[0]}-{n}" for n, case in enumerate(FIRES)],
)
def test_rule_fires(
    con: duckdb.DuckDBPyConnection, rule_id: str, mutate: Mutation, project: str, text: str
) -> None:
    mutate(con)
    hits = findings(con, rule_id).filter(pl.col("project_name") == project)
    assert hits.height >= 1, f"{rule_id} did not report {project}"
    assert any(text in message for message in hits["message"]), hits["message"].to_list()
    assert set(hits["severity"]) == {next(r.severity for r in RULES if r.rule_id == rule_id)}


@pytest.mark.parametrize(
    ("rule_id", "mutate"),
    QUIET,
    ids=[f"{case[0]}-{n}" for n, case in enumerate(QUIET)],
)
def test_rule_stays_quiet(con: duckdb.DuckDBPyConnection, rule_id: str, mutate: Mutation) -> None:
    mutate(con)
    assert findings(con, rule_id)["message"].to_list() == []


def test_indicator_rules_point_at_the_indicator(con: duckdb.DuckDBPyConnection) -> None:
    set_target(P1, 8, "≥85%")(con)
    hit = findings(con, "satisfaction_target_weak").row(0, named=True)
    assert hit["indicator_seq"] == 8
    assert "主管部门满意度" in hit["message"]


TOTAL_RULE = next(rule for rule in RULES if rule.rule_id == "funds_total_mismatch")
AMOUNTS = st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(total=AMOUNTS, fiscal=AMOUNTS, other=st.one_of(st.none(), AMOUNTS))
@example(total=Decimal("100.00"), fiscal=Decimal("70.00"), other=Decimal("30.00"))
@example(total=Decimal("60.00"), fiscal=Decimal("60.00"), other=None)
def test_total_mismatch_iff_parts_do_not_add_up(
    con: duckdb.DuckDBPyConnection, total: Decimal, fiscal: Decimal, other: Decimal | None
) -> None:
    chain(
        set_fund(P1, "total", f"{total:.2f}"),
        set_fund(P1, "fiscal", f"{fiscal:.2f}"),
        set_fund(P1, "other", None if other is None else f"{other:.2f}"),
    )(con)
    hits = run_rule(con, TOTAL_RULE)
    difference = f"{total - fiscal - (other or 0):.2f}"
    if Decimal(difference) == 0:
        assert hits.height == 0
    else:
        (message,) = hits["message"]
        assert f"差额 {difference} 元" in message
        assert json.loads(hits["details"][0])["difference"] == difference


def test_goal_shared_by_a_large_group_names_a_few_and_counts_all(
    con: duckdb.DuckDBPyConnection,
) -> None:
    """Boilerplate goals come in groups of thousands: each member is reported once with
    the exact count of the others, and the message names at most ``max_listed`` of them."""
    rule = next(r for r in RULES if r.rule_id == "goal_duplicate")
    set_all_projects("overall_goal", GOAL)(con)
    small = Rule(rule.rule_id, rule.title, rule.severity, rule.rationale, rule.sql_file,
                 {**rule.params, "max_listed": 2})
    hits = run_rule(con, small).join(
        con.sql("select project_id, project_name from projects").pl(), on="project_id"
    )
    projects = con.execute("select count(*) from projects").fetchall()[0][0]
    assert hits.height == projects
    for row in hits.iter_rows(named=True):
        details = json.loads(row["details"])
        named = details["other_projects"].split("」「")
        assert details["other_count"] == projects - 1
        assert len(named) == 2 and row["project_name"] not in named
        assert f"另外 {projects - 1} 个项目" in row["message"] and "等）" in row["message"]
