"""Target values (指标值) in every notation the forms use, and texts that must stay qualitative."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.parse.targets import OPERATORS, Target, join_target, parse_target

D = Decimal

QUANTITATIVE = [
    # the seed targets
    ("100%", "=", D("100"), "%"),
    ("≥90%", ">=", D("90"), "%"),
    ("=100.00(%)", "=", D("100.00"), "%"),
    ("≥90.00(%)", ">=", D("90.00"), "%"),
    ("=24.00(小时)", "=", D("24.00"), "小时"),
    ("=100 (%)", "=", D("100"), "%"),
    ("=100.00 (%)", "=", D("100.00"), "%"),
    ("≥85.00 (%)", ">=", D("85.00"), "%"),
    ("≥90 (%)", ">=", D("90"), "%"),
    ("=5.00(家)", "=", D("5.00"), "家"),
    ("=25.00(家)", "=", D("25.00"), "家"),
    ("=240.00(人次)", "=", D("240.00"), "人次"),
    ("=2.00(次)", "=", D("2.00"), "次"),
    # other styles
    ("=100（%）", "=", D("100"), "%"),
    ("≥90.00（％）", ">=", D("90.00"), "%"),
    ("≤31万元", "<=", D("31"), "万元"),
    ("≤16万元", "<=", D("16"), "万元"),
    ("≤560元/人/天", "<=", D("560"), "元/人/天"),
    ("≥330 台（套）", ">=", D("330"), "台（套）"),
    ("≤3 工作日", "<=", D("3"), "工作日"),
    ("≤3个工作日", "<=", D("3"), "个工作日"),
    (">=100 百分比", ">=", D("100"), "%"),
    (">=100(百分比)", ">=", D("100"), "%"),
    (">=2次", ">=", D("2"), "次"),
    ("＝120", "=", D("120"), None),
    ("1,200人次", "=", D("1200"), "人次"),
    ("≥1,234,567.5元", ">=", D("1234567.5"), "元"),
    ("985米", "=", D("985"), "米"),
    ("90％", "=", D("90"), "%"),
    ("１００％", "=", D("100"), "%"),
    ("2.5万人次", "=", D("2.5"), "万人次"),
    ("≤1500", "<=", D("1500"), None),
    ("=0", "=", D("0"), None),
    ("≥-5%", ">=", D("-5"), "%"),
    ("≥－5%", ">=", D("-5"), "%"),
    # symbol operators and their variants
    ("≧95%", ">=", D("95"), "%"),
    ("≦10天", "<=", D("10"), "天"),
    ("＞0", ">", D("0"), None),
    ("＜5%", "<", D("5"), "%"),
    (">0个", ">", D("0"), "个"),
    ("<5%", "<", D("5"), "%"),
    ("=>90%", ">=", D("90"), "%"),
    ("=<5%", "<=", D("5"), "%"),
    ("<=5%", "<=", D("5"), "%"),
    ("≥=90%", ">=", D("90"), "%"),
    ("＞＝80%", ">=", D("80"), "%"),
    ("≥ 90 %", ">=", D("90"), "%"),
    # word operators
    ("不少于10场", ">=", D("10"), "场"),
    ("不低于95%", ">=", D("95"), "%"),
    ("至少3项", ">=", D("3"), "项"),
    ("大于等于90%", ">=", D("90"), "%"),
    ("不超过100万元", "<=", D("100"), "万元"),
    ("不高于5%", "<=", D("5"), "%"),
    ("不大于3次", "<=", D("3"), "次"),
    ("至多2次", "<=", D("2"), "次"),
    ("小于等于10天", "<=", D("10"), "天"),
    ("大于0", ">", D("0"), None),
    ("高于80%", ">", D("80"), "%"),
    ("超过50人", ">", D("50"), "人"),
    ("小于1%", "<", D("1"), "%"),
    ("低于3%", "<", D("3"), "%"),
    ("等于100%", "=", D("100"), "%"),
    # suffix words: 以上/以下/以内 include the number
    ("90%以上", ">=", D("90"), "%"),
    ("90%及以上", ">=", D("90"), "%"),
    ("≥90%以上", ">=", D("90"), "%"),
    ("5%以下", "<=", D("5"), "%"),
    ("3个工作日内", "<=", D("3"), "个工作日"),
    ("30天以内", "<=", D("30"), "天"),
    # PDF line breaks
    ("<=17万\n元", "<=", D("17"), "万元"),
    ("≥330\n台（套）", ">=", D("330"), "台（套）"),
    ("=100.00\n(%)", "=", D("100.00"), "%"),
    ("1,2\n00人", "=", D("1200"), "人"),
]

QUALITATIVE = [
    # the seed targets
    "及时",
    "提升",
    "建立健全",
    "稳定",
    "强化",
    "保障",
    "高",
    "合规",
    "放心",
    "更加放心",
    "切实满足",
    # other short phrases
    "有效提升",
    "明显改善",
    "健全",
    "可控",
    "正常运转",
    "按时",
    "基本满意",
    "有效促进",
    "定性",
    # numbers that are not one clean target: never guessed
    "90%-95%",
    "90%~95%",
    "90%至95%",
    "2-3个月",
    "第2季度前",
    "6月底前",
    "2026年12月31日前",
    "100人左右",
    "约100人",
    "100余人",
    "100多人",
    "满意度≥90%",
    "完成3个项目，培训100人",
    "100%完成",
    "≥90%，且不低于去年",
    "10（万元）以上的项目",
    "100人次的培训与考核全部合格",
    "≤90%以上",
    "=5以上",
    "1,20人",
    "100.人",
    "≥",
    "≥%",
    "1+1",
    "≥90%。",
    "达到100%",
]


@pytest.mark.parametrize(("raw", "op", "value", "unit"), QUANTITATIVE)
def test_quantitative(raw: str, op: str, value: Decimal, unit: str | None) -> None:
    target = parse_target(raw)
    assert target == Target(raw=raw.strip(), op=op, value=value, unit=unit, is_quantitative=True)
    assert target.value.as_tuple() == value.as_tuple()  # "100.00" keeps its two decimals


@pytest.mark.parametrize("raw", QUALITATIVE)
def test_qualitative(raw: str) -> None:
    assert parse_target(raw) == Target(
        raw=raw, op=None, value=None, unit=None, is_quantitative=False
    )


@pytest.mark.parametrize("raw", [None, "", "   ", "\n", "\u3000"])
def test_blank_is_none(raw: str | None) -> None:
    assert parse_target(raw) is None


def test_raw_is_stripped_but_otherwise_unaltered() -> None:
    target = parse_target("  <=17万\n元 ")
    assert target is not None
    assert target.raw == "<=17万\n元"


@pytest.mark.parametrize(
    ("op", "value", "unit", "expected"),
    [
        ("＝", "120", "万元", "＝120万元"),
        ("≥", "90", "%", "≥90%"),
        (None, "90", "%", "90%"),
        ("", "90", "", "90"),
        ("≤", "1500", None, "≤1500"),
        (" ≥ ", " 90 ", " (%) ", "≥90(%)"),
        ("≥", "≥90", "%", "≥90%"),  # operator already in the value
        ("≥", "90%", "%", "≥90%"),  # unit already in the value
        ("大于等于", "≥90", None, "≥90"),  # same operator, other spelling
        ("≤", "≥90", None, "≤≥90"),  # conflict kept visible, parses as qualitative
        ("≥", "", "%", ""),  # no value, no target
        (None, None, None, ""),
    ],
)
def test_join_target(op: str | None, value: str | None, unit: str | None, expected: str) -> None:
    assert join_target(op, value, unit) == expected


def test_join_then_parse() -> None:
    target = parse_target(join_target("＝", "120", "万元"))
    assert target == Target("＝120万元", "=", D("120"), "万元", True)


# unit as written in the form -> unit the parser reports
UNITS = {
    "": None,
    "%": "%",
    "％": "%",
    "(%)": "%",
    "（%）": "%",
    " (%)": "%",
    "百分比": "%",
    "小时": "小时",
    "(小时)": "小时",
    "家": "家",
    "万元": "万元",
    "元/人/天": "元/人/天",
    " 台（套）": "台（套）",
    "个工作日": "个工作日",
    "人次": "人次",
    "万人次": "万人次",
    "km": "km",
}

values = st.decimals(
    min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False
)


@given(op=st.sampled_from(sorted(OPERATORS)), value=values, unit=st.sampled_from(sorted(UNITS)))
def test_round_trip(op: str, value: Decimal, unit: str) -> None:
    number = f"{value:f}"
    target = parse_target(f"{op}{number}{unit}")
    assert target is not None and target.is_quantitative
    assert target.op == OPERATORS[op]
    assert target.value == value and target.value.as_tuple() == Decimal(number).as_tuple()
    assert target.unit == UNITS[unit]


@given(value=values, unit=st.sampled_from(sorted(UNITS)))
def test_thousands_separators_round_trip(value: Decimal, unit: str) -> None:
    target = parse_target(f"≥{value:,f}{unit}")
    assert target is not None
    assert (target.op, target.value, target.unit) == (">=", value, UNITS[unit])


@given(st.text(max_size=20))
def test_never_raises_and_keeps_raw(text: str) -> None:
    target = parse_target(text)
    if target is None:
        assert not text.strip()
        return
    assert target.raw == text.strip()
    assert target.is_quantitative == (target.value is not None)
    assert (target.op is None) == (target.value is None)
