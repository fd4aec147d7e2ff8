"""Labels and values whose cells the layout did not part as the label expects.

Each rule is pinned by the smallest grid that shows it; the 西安 人社 disclosure
(../shared/forms/pdf-unlabelled/020_西安__人力资源和社会保障局_2026年部门预算.pdf) is
checked end to end by tests/test_unlabelled_pdfs.py.
"""

from __future__ import annotations

from pipelines.parse.forms import parse_grids
from pipelines.parse.labels import split_label_cell
from pipelines.parse.records import Form, FormProblem
from pipelines.read.pdf_boxes import unboxed
from pipelines.read.pdf_page import _table
from tests.grids import grid

INDICATORS = [
    "一级指标\t二级指标\t指标内容\t指标值",
    "产出指标\t数量指标\t指标1：站点运行\t≥95%",
]


def _funds(form: Form) -> dict[str, str]:
    return {f.item: str(f.amount_yuan) for f in form.funds}


# --- a label and its value in one cell --------------------------------------------------


def test_a_header_label_and_its_value_in_one_cell_are_parted() -> None:
    assert split_label_cell("专项（项目）名称 伯乐奖") == ("专项（项目）名称", "伯乐奖")
    assert split_label_cell("主管部门：西安市人社局") == ("主管部门", "西安市人社局")


def test_a_label_alone_or_running_on_into_a_word_is_no_label_and_value() -> None:
    assert split_label_cell("主管部门") is None
    assert split_label_cell("主管部门：") is None
    assert split_label_cell("主管部门满意度") is None  # an indicator, not 主管部门 + 满意度
    assert split_label_cell("项目名称 主管部门") is None  # two labels, no value


def test_a_name_label_sharing_its_cell_with_the_name_starts_a_form() -> None:
    results = parse_grids([grid([
        "2020年专项资金整体绩效目标表",
        "专项（项目）名称\t甲资金",
        *INDICATORS,
        "专项（项目）名称 乙资金\t\t",
        "主管部门 西安市某局\t\t",
        "资金金额（万元）\t实施期资金总额：\t100",
        *INDICATORS,
    ])])
    assert [type(r) for r in results] == [Form, Form]
    second = results[1]
    assert isinstance(second, Form)
    assert (second.project_name, second.department) == ("乙资金", "西安市某局")
    assert _funds(second) == {"total": "1000000.00"}


# --- an amount further right than two cells ---------------------------------------------


def test_an_amount_across_empty_cells_is_its_labels() -> None:
    (form,) = parse_grids([grid([
        "2020年部门专项业务经费重点项目绩效目标表",
        "专项（项目）名称\t甲项目\t\t\t\t",
        "资金金额（万元）\t实施期资金总额：\t\t\t\t1000.00",
        "\t其中：财政拨款\t\t\t\t1000.00",
        *INDICATORS,
    ])])
    assert isinstance(form, Form)
    assert _funds(form) == {"total": "10000000.00", "fiscal": "10000000.00"}


def test_an_amount_beyond_another_labels_column_is_not_taken() -> None:
    (form,) = parse_grids([grid([
        "2020年部门专项业务经费重点项目绩效目标表",
        "专项（项目）名称\t甲项目\t\t\t\t",
        "实施期资金总额：\t100\t\t年度资金总额：\t100\t",
        "财政资金\t\t\t\t\t80",
        *INDICATORS,
    ])])
    assert isinstance(form, Form)
    assert "fiscal" not in _funds(form)  # 80 stands in the 年度 block, right of its label


# --- a box drawn around a cell's text ---------------------------------------------------


class _FakeRow:
    def __init__(self, cells: list[tuple[float, float, float, float] | None]) -> None:
        self.cells = cells


class _FakeTable:
    """The cells pdfplumber finds in a table, row by row, with their texts."""

    def __init__(self, rows: list[list[tuple[tuple[float, float, float, float] | None, str]]]
                 ) -> None:
        self.rows = [_FakeRow([bbox for bbox, _ in row]) for row in rows]
        self.texts = [[text for _, text in row] for row in rows]

    def extract(self) -> list[list[str]]:
        return self.texts


def test_text_boxed_inside_a_cell_goes_back_to_the_cells_top_row() -> None:
    # column 0..100: a cell 0-60 high whose text 「产出指标」 is framed in a box (24-36)
    # with 4-point side margins; column 100..200: two rows of 30 points each.
    table = _FakeTable([
        [((0, 0, 100, 24), ""), (None, ""), (None, ""), ((100, 0, 200, 30), "甲")],
        [((0, 24, 4, 36), ""), ((4, 24, 96, 36), "产出指标"), ((96, 24, 100, 36), ""),
         (None, "")],
        [((0, 36, 100, 60), ""), (None, ""), (None, ""), ((100, 30, 200, 60), "乙")],
    ])
    moved, dropped = unboxed(table.rows, table.extract())
    assert moved == {(0, 0): "产出指标"}
    assert dropped == {(1, 0), (1, 1), (1, 2), (2, 0)}


def test_a_text_cell_beside_a_narrow_column_but_not_centred_in_margins_stays() -> None:
    table = _FakeTable([
        [((0, 0, 100, 10), ""), (None, ""), (None, "")],
        [((0, 10, 4, 36), ""), ((4, 10, 96, 36), "产出指标"), ((96, 10, 100, 36), "")],
        [((0, 36, 100, 60), ""), (None, ""), (None, "")],
    ])
    assert unboxed(table.rows, table.extract()) == ({}, set())


# --- indicator rows printed without their header row ------------------------------------

HEADER = [
    "2020年专项资金整体绩效目标表",
    "专项（项目）名称\t甲资金\t\t",
    "总体目标\t完成审核。\t\t",
]


def test_indicator_rows_without_a_header_row_are_read_by_their_levels() -> None:
    (form,) = parse_grids([grid([
        *HEADER,
        "绩效指标\t产出指标\t数量指标\t指标：申报人数\t7375人",
        "\t\t质量指标\t指标：到位率\t100%",
    ])])
    assert isinstance(form, Form)
    assert [(i.level1, i.level2, i.name, i.target.raw if i.target else None)
            for i in form.indicators] == [
        ("产出指标", "数量指标", "指标：申报人数", "7375人"),
        ("产出指标", "质量指标", "指标：到位率", "100%"),
    ]
    assert form.overall_goal == "完成审核。"


def test_rows_under_a_header_printed_but_not_recognised_are_not_guessed() -> None:
    (problem,) = parse_grids([grid([
        *HEADER,
        "一级\t二级指标\t三级指标\t指标值",  # 「一级指标」 cut apart: no header recognised
        "产出指标\t数量指标\t指标：申报人数\t7375人",
    ])])
    assert isinstance(problem, FormProblem)
    assert problem.reason_code == "no_indicator_table"


class _FakeFoundTable(_FakeTable):
    """A found table as ``_table`` reads it: rows and the table with their boxes."""

    def __init__(self, rows: list[list[tuple[tuple[float, float, float, float] | None, str]]]
                 ) -> None:
        super().__init__(rows)
        for row in self.rows:
            row.bbox = next(b for b in row.cells if b is not None)
        self.bbox = (0, 0, 300, 20)


def test_a_boxs_right_margin_is_not_the_left_margin_of_the_cell_after_it() -> None:
    # 「一级指标」 and 「二级指标」 each framed with 5-point margins, side by side
    table = _FakeFoundTable([[
        ((0, 0, 5, 20), ""), ((5, 0, 95, 20), "一级指标"), ((95, 0, 100, 20), ""),
        ((100, 0, 105, 20), ""), ((105, 0, 195, 20), "二级指标"), ((195, 0, 200, 20), ""),
    ]])
    (row,) = _table(table, page=1, k=1).rows
    assert row.cells == [(0, "一级指标"), (100, "二级指标")]
