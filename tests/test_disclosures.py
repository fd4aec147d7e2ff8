"""The pieces of reading whole disclosures, each on its own: page choice, the cover's
facts, page breaks, the template families and the category declarations.

The twelve real disclosures are covered end to end by test_real_pdfs.py; these tests
pin down each rule with the smallest input that shows it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.parse.coded import has_coded_indicators, read_coded_indicators
from pipelines.parse.forms import parse_grids
from pipelines.parse.indicators import (
    IndicatorColumns,
    LevelState,
    find_indicator_header,
    header_word,
    read_indicator_row,
)
from pipelines.parse.labelled import read_indicator_table
from pipelines.parse.parse_file import process_file
from pipelines.parse.records import CategoryDeclaration, DepartmentForm, EmptyForm, Form
from pipelines.parse.titles import project_name_in_title, title_line
from pipelines.read.grid import DocumentFacts, Row
from pipelines.read.pdf import (
    candidate_pages,
    document_facts,
    is_page_number,
    page_texts,
    read_pdf,
)
from pipelines.read.pdf_layout import grid_rows
from pipelines.read.pdf_table import Table, TableRow
from tests.grids import grid


def row(*cells: str, line: int = 1, blank: frozenset[int] = frozenset(),
        continued: bool = False) -> Row:
    return Row(cells=cells, line=line, locator=f"line {line}", blank_cells=blank,
               continued=continued)


# --- the document pass ---------------------------------------------------------------


def test_candidate_pages_take_target_pages_their_start_and_continuation() -> None:
    texts = [
        "部门收支总表 收入 支出",                              # 1: another table
        "1.项目支出绩效目标表 XX项目绩效目标表",  # 2: a form starts at its foot
        "一级指标 二级指标 三级指标 指标值 绩效目标",              # 3: target page
        "满意度指标 服务对象满意度指标 ≥90%",                    # 4: continues with indicators
        "政府采购预算明细表 货物 服务",                           # 5: another table again
        "部门整体绩效目标表 指标名称 指标性质 指标值",              # 6: flat department form
    ]
    assert candidate_pages(texts) == [2, 3, 4, 6]


@pytest.mark.parametrize(
    ("cover", "year", "department"),
    [
        ("2026年烟台市大数据局部门预算 目 录", 2026, "烟台市大数据局"),
        ("重庆市人民政府办公厅 2026 年部门预算情况说明", 2026, "重庆市人民政府办公厅"),
        ("— 1 — 重庆市规划和自然资源局 2026 年部门预算情况说明", 2026, "重庆市规划和自然资源局"),
        ("2026 年度 福州市医疗保障局 部门预算 目录", 2026, "福州市医疗保障局"),
        ("西安市审计局（汇总） 2026年部门预算公开说明", 2026, "西安市审计局"),
        ("西安市人民政府国有资产监督管理委员会 2022 年部门综合预算 二、2022年部门工作任务",
         2022, "西安市人民政府国有资产监督管理委员会"),
        ("2026 年度 福州市科学技术局(本级) 单位预算", 2026, "福州市科学技术局(本级)"),
    ],
)
def test_document_facts_from_the_cover(cover: str, year: int, department: str) -> None:
    facts = document_facts([cover, "正文"], pages_read=[3])
    assert (facts.fiscal_year, facts.department) == (year, department)
    assert facts.pages_read == (3,) and facts.pages_total == 2


def test_no_cover_no_facts() -> None:
    facts = document_facts(["项目支出绩效目标表"], pages_read=[1])
    assert facts.fiscal_year is None and facts.department is None


@pytest.mark.parametrize("text", ["— 29 —", "— —", "- 3 -", "第 3 页"])
def test_page_numbers_and_their_remains_are_dropped(text: str) -> None:
    assert is_page_number(text, top=10, page_height=800)


def _table(page: int, rows: list[list[tuple[float, str]]], blanks: list[list[float]]) -> Table:
    table = Table(page=page, top=10.0)
    for r, (cells, blank) in enumerate(zip(rows, blanks, strict=True), 1):
        table.rows.append(TableRow(10.0 * r, cells, blank, f"page {page} table 1 row {r}"))
    return table


def test_continued_table_shares_the_column_grid_of_its_first_part() -> None:
    first = _table(1, [[(40, "绩效指标"), (80, "一级指标"), (120, "二级指标"), (160, "三级指标"),
                        (300, "指标值")],
                       [(80, "产出指标"), (120, "数量指标"), (160, "培训人数"), (300, "≥10人")]],
                   [[], [40]])
    # the next page's part lacks the merged first column: its cells start at 80
    second = _table(2, [[(120, "质量指标"), (160, "合格率"), (300, "≥95%")]], [[80]])
    rows = grid_rows([(10.0, first, "page 1 table 1"), (10.0, second, "page 2 table 1")])
    assert rows[2].cells == ("", "", "质量指标", "合格率", "≥95%")
    assert rows[2].continued and rows[2].blank_cells == frozenset({1})
    assert rows[1].blank_cells == frozenset({0}) and not rows[1].continued


def test_a_title_between_two_tables_ends_the_continuation() -> None:
    first = _table(1, [[(40, "项目名称"), (120, "甲")]], [[]])
    second = _table(2, [[(40, "项目名称"), (120, "乙")]], [[]])
    items = [(10.0, first, "page 1 table 1"), (5.0, "乙项目绩效目标表", "page 2 line 1"),
             (10.0, second, "page 2 table 1")]
    rows = grid_rows(items)
    assert [r.continued for r in rows] == [False, False, False]


def test_merged_cell_fragments_cut_by_the_page_are_not_rows() -> None:
    first = _table(1, [[(40, "项目名称"), (120, "甲")]], [[]])
    items = [(10.0, first, "page 1 table 1"), (700.0, "效益指", "page 1 line 3"),
             (720.0, "单位：万元", "page 1 line 4")]
    assert [r.cells for r in grid_rows(items)] == [("项目名称", "甲"), ("单位：万元",)]


# --- titles and document facts in forms ------------------------------------------------


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("市行政中心保安服务项目绩效目标表", "市行政中心保安服务"),
        ("96196 电梯应急处置服务平台项目绩效目标表", "96196电梯应急处置服务平台"),
        ("2026年医疗服务与保障能力提升补助资金项目绩效目标表", "医疗服务与保障能力提升补助资金"),
        ("项目支出绩效目标表", None),
        ("财政项目支出绩效目标申报表", None),
        ("2026年部门专项业务经费绩效目标表", None),
        ("2026年市级一般性项目绩效目标表（一级项目）", None),
        ("政策和项目预算绩效目标表", None),
    ],
)
def test_project_name_in_title(title: str, name: str | None) -> None:
    assert project_name_in_title(title) == name


def test_title_wrapped_in_its_cell_is_one_line_without_the_year_under_it() -> None:
    assert title_line("城乡居民医保财政补助（区县补助）项目绩效目标\n表") == (
        "城乡居民医保财政补助（区县补助）项目绩效目标表")
    assert title_line("财政项目支出绩效目标申报表\n(2024年度)") == "财政项目支出绩效目标申报表"


FLAT_HEADER = "绩效指标\t指标名称\t指标性质\t指标值\t计量单位\t指标权重(%)\t是否核心"


def test_title_only_form_takes_name_from_title_and_year_from_document() -> None:
    lines = ["市行政中心保安服务项目绩效目标表",
             "专项资金情况（万元）\t资金总额：\t4200.00",
             "\t财政拨款：\t0.00", "\t其他资金：\t4200.00",
             "项目实施期目标\t有效保障市行政中心保安服务。",
             "绩效目标指标\t一级指标\t二级指标\t三级指标\t目标值",
             "\t成本指标\t经济成本指标\t保安服务费标准控制率\t≤100%"]
    facts = DocumentFacts(fiscal_year=2026, department="泉州市人民政府办公室")
    (form,) = parse_grids([grid(lines, facts)])
    assert isinstance(form, Form)
    assert (form.project_name, form.project_name_source) == ("市行政中心保安服务", "title")
    assert (form.fiscal_year, form.fiscal_year_source) == (2026, "document")
    assert (form.department, form.department_source) == ("泉州市人民政府办公室", "document")
    assert {f.item: f.amount_yuan for f in form.funds} == {
        "annual_total": Decimal("42000000.00"), "annual_appropriation": Decimal("0.00"),
        "annual_other": Decimal("42000000.00")}
    assert form.overall_goal == "有效保障市行政中心保安服务。"
    assert [(i.name, i.target.raw) for i in form.indicators] == [("保安服务费标准控制率", "≤100%")]


def test_form_year_wins_over_the_document() -> None:
    lines = ["2025年项目支出绩效目标表", "项目名称\t甲", "一级指标\t二级指标\t三级指标\t指标值",
             "产出指标\t数量指标\t人数\t≥1人"]
    (form,) = parse_grids([grid(lines, DocumentFacts(fiscal_year=2026))])
    assert (form.fiscal_year, form.fiscal_year_source) == (2025, "form")


# --- template families ------------------------------------------------------------------


def test_flat_indicator_header() -> None:
    cols = find_indicator_header(row(*FLAT_HEADER.split("\t")))
    assert cols == IndicatorColumns(level1=None, level2=None, name=1, target=3,
                                    extras=((5, "weight"),), operator=2, measure_unit=4,
                                    attributes=((6, "是否核心"),))


@pytest.mark.parametrize(
    ("written", "word"),
    [("分值权重（⏎90分）", "分值权重"), ("指标权重( )\n%", "指标权重"),
     ("35 100\n指标名称", "指标名称"), ("100\n计量。单位", "计量单位"),
     ("评（扣）分标准", "评(扣)分标准")],
)
def test_header_words_shed_qualifiers_and_overprints(written: str, word: str) -> None:
    assert header_word(written.replace("⏎", "")) == word


def test_flat_list_keeps_levels_null_and_joins_operator_and_unit() -> None:
    lines = ["2026年市级重点专项资金绩效目标表（一级项目）", "单位：万元",
             "项目名称\t规划和自然资源专项\t主管部门\t重庆市规划和自然资源局",
             "当年预算\t88,197.35\t市级支出\t60,192.30", "\t\t补助区县\t28,005.05",
             "当年绩效目标\t完成地质灾害工程治理5处", FLAT_HEADER,
             "\t提交找矿靶区数量\t≥\t7\t处\t15\t是", "\t年度预算执行率\t=\t100\t%\t10\t否"]
    (form,) = parse_grids([grid(lines)])
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in form.indicators] == [
        (None, None, "提交找矿靶区数量", "≥7处"), (None, None, "年度预算执行率", "=100%")]
    assert form.indicators[0].attributes == {"是否核心": "是"}
    assert form.indicators[0].extras == {"weight": "15"}
    assert {f.item: f.amount_yuan for f in form.funds} == {
        "annual_total": Decimal("881973500.00"), "annual_city_spending": Decimal("601923000.00"),
        "annual_district_subsidy": Decimal("280050500.00")}
    assert form.annual_goal == "完成地质灾害工程治理5处"


def test_two_fund_blocks_share_their_labels() -> None:
    lines = ["专项资金总体绩效目标表（2026年度）", "项目名称\t\t政策性农业保险市级补贴资金",
             "资金金额（万元）\t\t实施期资金总额：\t6600\t年度资金总额：\t6000",
             "\t\t其中：财政拨款\t6500\t其中：财政拨款\t5900",
             "\t\t其他资金\t100\t其他资金\t100",
             "总体目标\t实施期总目标\t\t\t年度总目标", "\t三年目标\t\t\t今年目标",
             "年度绩效指标\t一级指标\t二级指标\t三级指标\t\t\t指标值\t分值权重（90分）",
             "\t成本指标\t经济成本\t农业保险综合费用率\t\t\t≤20%\t10"]
    (form,) = parse_grids([grid(lines)])
    assert {f.item: f.amount_yuan for f in form.funds} == {
        "total": Decimal("66000000.00"), "fiscal": Decimal("65000000.00"),
        "other": Decimal("1000000.00"), "annual_total": Decimal("60000000.00"),
        "annual_appropriation": Decimal("59000000.00"), "annual_other": Decimal("1000000.00")}
    assert (form.overall_goal, form.annual_goal) == ("三年目标", "今年目标")
    assert form.indicators[0].extras == {"weight": "10"}
    assert form.indicators[0].level2 == "经济成本指标"


def test_coded_inline_indicators_keep_both_targets() -> None:
    text = ("1、1－产出指标，11－数量指标，培训人次；"
            "实施周期指标值：≥300人次，年度指标值：≥100人次；"
            "2、3－满意度指标，31－服务对象满意度指标，学员满意度；实施周期指标值：≥90%，"
            "年度指标值：≥95%；3、这一条不合格式")
    assert has_coded_indicators(text)
    items, missed = read_coded_indicators(text, row("绩效指标", text, line=7), col=1)
    assert [(i.level1, i.level2, i.name, i.target.raw, i.extras["period_target"])
            for i in items] == [
        ("产出指标", "数量指标", "培训人次", "≥100人次", "≥300人次"),
        ("满意度指标", "服务对象满意度指标", "学员满意度", "≥95%", "≥90%")]
    assert items[1].locator == "line 7, col 2, entry 2"
    assert missed == 0  # 「3、这一条不合格式」 names no level: not counted as an entry


def test_coded_cell_in_a_labelled_form() -> None:
    text = ("1、1－产出指标，11－数量指标，培训人次；"
            "实施周期指标值：≥300人次，年度指标值：≥100人次")
    lines = ["项目支出绩效目标表（2026年度）", "项目名称\t培训", "绩效指标\t" + text]
    (form,) = parse_grids([grid(lines)])
    assert [(i.name, i.target.raw) for i in form.indicators] == [("培训人次", "≥100人次")]


# --- levels, page breaks and declarations ----------------------------------------------

COLS = IndicatorColumns(level1=1, level2=2, name=3, target=4)


def test_level1_is_inferred_when_its_cell_is_blank_and_the_framework_disagrees() -> None:
    state = LevelState()
    read_indicator_row(row("", "产出指标", "数量指标", "人数", "≥1人"), COLS, state, 1)
    found = read_indicator_row(row("", "", "社会效益指标", "就业", "≥50人"), COLS, state, 2)
    assert (found.level1, found.level1_as_written, found.level1_inferred) == (
        "效益指标", None, True)
    written = read_indicator_row(row("", "产出指标", "社会效益指标", "x", "1"), COLS, state, 3)
    assert (written.level1, written.level1_inferred) == ("产出指标", False)


def test_blank_bordered_level_cell_does_not_carry_the_level_above() -> None:
    state = LevelState()
    read_indicator_row(row("", "产出指标", "数量指标", "人数", "≥1人"), COLS, state, 1)
    bordered = read_indicator_row(row("", "", "", "其他", "1", blank=frozenset({1, 2})),
                                  COLS, state, 2)
    assert (bordered.level1, bordered.level2) == (None, None)
    state = LevelState()
    read_indicator_row(row("", "产出指标", "数量指标", "人数", "≥1人"), COLS, state, 1)
    top = row("", "", "", "其他", "1", blank=frozenset({1, 2}), continued=True)
    page_top = read_indicator_row(top, COLS, state, 2)
    assert (page_top.level1, page_top.level2) == ("产出指标", "数量指标")


def test_name_cut_by_the_page_break_is_joined_to_its_indicator() -> None:
    rows = [row("", "产出指标", "数量指标", "促进被审计单位建立完善管理制度（项", "≥18", line=1),
            row("", "", "", "）", "", line=2, continued=True),
            row("", "", "", "审计培训人次", "≥250", line=3)]
    indicators, _ = read_indicator_table(rows, COLS)
    assert [i.name for i in indicators] == ["促进被审计单位建立完善管理制度（项）", "审计培训人次"]


def test_categories_declared_not_applicable_or_left_blank() -> None:
    rows = [row("", "成本指标", "经济成本指标", "成本", "≤1万元", line=1),
            row("", "", "社会成本指标", "", "", line=2),
            row("", "", "生态环境成本指标", "", "", line=3),
            row("", "效益指标", "", "不适用生态效益指标", "无", line=4),
            row("", "", "社会效益指标", "就业", "≥1人", line=5),
            row("", "", "经济效益指标", "", "", line=6),
            row("", "", "", "不直接产生经济效益", "无", line=7)]
    indicators, declarations = read_indicator_table(rows, COLS)
    assert [i.name for i in indicators] == ["成本", "就业"]
    assert [(d.level2, d.declaration, d.text_as_written) for d in declarations] == [
        ("生态效益指标", "not_applicable", "不适用生态效益指标 | 无"),
        ("经济效益指标", "not_applicable", "不直接产生经济效益 | 无"),
        ("社会成本指标", "listed_empty", "社会成本指标"),
        ("生态环境成本指标", "listed_empty", "生态环境成本指标"),
    ]
    assert all(isinstance(d, CategoryDeclaration) for d in declarations)


# --- department-wide and stated-empty forms ---------------------------------------------


def test_department_form_with_tasks_goal_and_levels() -> None:
    lines = ["部门整体支出绩效目标表", "（2026年度）",
             "部门（单位）名称\t\t\t西安市审计局",
             "年度主要任务\t任务名称\t\t主要内容\t预算金额（万元）",
             "\t\t\t\t总额\t财政拨款\t其他资金",
             "\t机关运转\t\t人员经费及公用经费。\t3354.42\t3354.42\t",
             "\t审计专项补助经费\t\t专项审计\t198.18\t0\t198.18",
             "\t金额合计\t\t\t3552.60\t3354.42\t198.18",
             "年度总体目标\t履行审计监督职责",
             "年度绩效指标\t一级指标\t二级指标\t三级指标\t\t指标值\t\t分值权重（90分）",
             "\t成本指标\t经济成本指标\t市内外勤经费标准（元/人/天）\t\t35\t\t3"]
    (form,) = parse_grids([grid(lines)])
    assert isinstance(form, DepartmentForm)
    assert (form.department, form.fiscal_year, form.annual_goal) == (
        "西安市审计局", 2026, "履行审计监督职责")
    assert form.budget_total_yuan == Decimal("35526000.00")
    assert [(t.task_name, t.amount_yuan, t.fiscal_yuan, t.other_yuan) for t in form.tasks] == [
        ("机关运转", Decimal("33544200.00"), Decimal("33544200.00"), None),
        ("审计专项补助经费", Decimal("1981800.00"), Decimal("0.00"), Decimal("1981800.00"))]
    assert [(i.level1, i.name, i.target.raw, i.extras) for i in form.indicators] == [
        ("成本指标", "市内外勤经费标准（元/人/天）", "35", {"weight": "3"})]


def test_blank_template_is_recorded_as_empty() -> None:
    lines = ["专项资金总体绩效目标表", "（2026年度）", "项目名称\t\t", "主管部门\t\t实施期限\t",
             "年度绩效指标\t一级指标\t二级指标\t三级指标\t指标值", "\t成本指标\t经济成本\t\t"]
    (form,) = parse_grids([grid(lines)])
    assert isinstance(form, EmptyForm) and "blank" in form.statement


# --- a disclosure without target tables -------------------------------------------------


def _disclosure_without_targets() -> bytes:
    """Two pages: a cover naming the year and department, and an income table."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setFont("STSong-Light", 20)
    page.drawString(100, 700, "2026年某某局部门预算")
    page.showPage()
    page.setFont("STSong-Light", 12)
    for n, line in enumerate(["部门收支总表", "收入 一般公共预算 100.00", "支出 基本支出 100.00"]):
        page.drawString(80, 760 - 20 * n, line)
    page.showPage()
    page.save()
    return out.getvalue()


def test_disclosure_without_target_tables_is_empty_with_that_message(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    path = tmp_path / "部门预算.pdf"
    path.write_bytes(_disclosure_without_targets())
    result = process_file(path, tmp_path)
    assert result.status == "empty"
    assert result.forms == [] and result.problems == [] and result.departments == []
    assert "none of the 2 pages names a performance-target table" in result.message


def test_another_tables_title_ends_the_form_before_it() -> None:
    lines = ["2026年项目支出绩效目标表", "项目名称\t甲", "一级指标\t二级指标\t三级指标\t指标值",
             "产出指标\t数量指标\t人数\t≥1人",
             "2026年政府采购预算明细表",
             "货物\t服务\t工程\t合计", "产出指标\t数量指标\t采购\t100"]
    (form,) = parse_grids([grid(lines)])
    assert [i.name for i in form.indicators] == ["人数"]


def _form_drawn_one_character_at_a_time() -> bytes:
    """A page whose every character is its own string in a non-embedded CJK font, as
    some generators write it (PDFium reads such a page as empty; pdfminer does not)."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("STSong-Light", 12)
    lines = ["2026年项目支出绩效目标表", "项目名称 甲", "一级指标 二级指标 三级指标 指标值"]
    for n, line in enumerate(lines):
        for k, char in enumerate(line):
            page.drawString(40 + 13 * k, 760 - 20 * n, char)
    page.showPage()
    page.save()
    return out.getvalue()


def test_page_read_as_empty_by_pdfium_is_read_again() -> None:
    pytest.importorskip("reportlab")
    data = _form_drawn_one_character_at_a_time()
    assert "项目" not in page_texts(data)[0]  # the PDFium behaviour this guards against
    (read,) = read_pdf(data, "forms.pdf")
    assert read.document is not None and read.document.pages_read == (1,)
    assert any("项目支出绩效目标表" in "".join(r.cells).replace(" ", "") for r in read.rows)


def test_department_form_naming_both_money_units_is_quarantined() -> None:
    """A heading naming both 元 and 万元: picking one could be off by 10,000; the
    form is quarantined as project forms are."""
    lines = ["2026年部门整体绩效目标表", "单位名称：某局", "预算金额（万元）（元）\t100",
             "指标名称\t指标值", "人数\t≥1人"]
    (result,) = parse_grids([grid(lines)])
    assert getattr(result, "reason_code", None) == "ambiguous_unit"


# --- self-evaluations (绩效自评表) ---------------------------------------------------------


def test_a_self_evaluation_form_is_loaded_as_such_not_as_targets() -> None:
    """A 决算 prints 项目支出绩效自评表: results against targets.  Each is a form of its
    own (so no self-evaluation lands in another), loaded as a self-evaluation."""
    evaluation = ["项目名称\t病媒生物防制", "主管部门\t西安市卫生健康委员会",
                  "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值",
                  "产出指标\t数量指标\t消杀面积\t≥100万平方米\t120万平方米"]
    parsed = parse_grids([grid(["西安市级2022年病媒生物防制项目绩效自评表", *evaluation,
                                "西安市级2022年医疗费项目绩效自评表", *evaluation])])
    assert [(type(p).__name__, getattr(p, "project_name", None)) for p in parsed] == [
        ("SelfEvaluation", "病媒生物防制"), ("SelfEvaluation", "病媒生物防制")]
    assert [p.line for p in parsed] == [1, 6]


def test_a_continued_page_printed_a_few_points_off_keeps_its_columns() -> None:
    """西安 人社: every border of the next page stands 1–5 points off the first page's; its
    values must stay in the value column, not open a column of their own (the rows would
    lose their targets)."""
    first = _table(50, [[(64.1, "一级指标"), (114.1, "二级指标"), (187.5, "三级指标"),
                         (325.6, "指标值")],
                        [(64.1, "产出指标"), (114.1, "成本指标"), (187.5, "运维费"),
                         (325.6, "18万元")]], [[], []])
    second = _table(51, [[(118.8, "效益指标"), (189.6, "运维电费"), (330.0, "60万元")]], [[]])
    rows = grid_rows([(10.0, first, "page 50 table 1"), (10.0, second, "page 51 table 1")])
    assert [r.cells for r in rows] == [
        ("一级指标", "二级指标", "三级指标", "指标值"),
        ("产出指标", "成本指标", "运维费", "18万元"),
        ("", "效益指标", "运维电费", "60万元")]


def test_a_continued_page_with_a_column_of_its_own_keeps_it() -> None:
    """A column the first part does not have, far from every column of it, stays apart."""
    first = _table(1, [[(40, "一级指标"), (160, "三级指标"), (300, "指标值")]], [[]])
    second = _table(2, [[(40, "产出指标"), (100, "数量指标"), (160, "人数"), (300, "10人")]],
                    [[]])
    rows = grid_rows([(10.0, first, "page 1 table 1"), (10.0, second, "page 2 table 1")])
    assert rows[1].cells == ("产出指标", "数量指标", "人数", "10人")
