"""Money amounts: exact parsing, conversion to 元, and the unit marked in labels."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.parse.amounts import AmountError, detect_money_unit, parse_amount, to_yuan

D = Decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11,043.84", D("11043.84")),
        (",\n212777.00", D("212777.00")),  # a stray separator glyph of a PDF text layer
        ("212777.00\n,", D("212777.00")),
        ("2200", D("2200")),
        ("1.104384", D("1.104384")),
        ("0", D("0")),
        ("0.00", D("0.00")),
        (" 11,043.84 ", D("11043.84")),
        ("11, 043.84", D("11043.84")),
        ("１２３", D("123")),
        ("１１，０４３．８４", D("11043.84")),
        ("11043.84元", D("11043.84")),
        ("1.1万元", D("1.1")),
        ("120 万元", D("120")),
        ("¥1,000", D("1000")),
        ("1,234,567.89", D("1234567.89")),
        ("11043.84\n", D("11043.84")),
        ("-5", D("-5")),
    ],
)
def test_parse_amount(text: str, expected: Decimal) -> None:
    result = parse_amount(text)
    assert result == expected
    assert result.as_tuple() == expected.as_tuple()  # digits kept as written


@pytest.mark.parametrize(
    "text", [None, "", "  ", "—", "——", "-", "－", "–", "/", "／", "无", " 无 ", "--"]
)
def test_not_filled(text: str | None) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("（11,043.84）", "parentheses"),
        ("(100)", "parentheses"),
        ("壹万元", "Chinese numerals"),
        ("一百", "Chinese numerals"),
        ("5万", "trailing 元 or 万元"),
        ("abc", "expected digits"),
        ("12.3.4", "more than one decimal point"),
        ("1,23", "thousands separators"),
        ("1,2345.6", "thousands separators"),
        ("1e5", "expected digits"),
        (".5", "expected digits"),
        ("100元/人", "expected digits"),
        ("无数", "expected digits"),
    ],
)
def test_bad_amount(text: str, hint: str) -> None:
    with pytest.raises(AmountError) as err:
        parse_amount(text)
    assert repr(text.strip()) in str(err.value)  # quotes the bad text
    assert hint in str(err.value)


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [
        (D("11043.84"), "元", D("11043.84")),
        (D("2200"), "元", D("2200.00")),
        (D("1.104384"), "万元", D("11043.84")),
        (D("120"), "万元", D("1200000.00")),
        (D("0.000001"), "万元", D("0.01")),
        (D("1.10"), "元", D("1.10")),
        (D("1.100"), "元", D("1.10")),  # trailing zero loses nothing
        (D("1E+3"), "万元", D("10000000.00")),
        (D("12345678901234567890123456789.12"), "元", D("12345678901234567890123456789.12")),
        (D("12345678901234567890123456789"), "万元", D("123456789012345678901234567890000.00")),
    ],
)
def test_to_yuan(amount: Decimal, unit: str, expected: Decimal) -> None:
    result = to_yuan(amount, unit)
    assert result == expected
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("amount", "unit", "hint"),
    [
        (D("1.1043845"), "万元", "more precise than a fen"),
        (D("0.001"), "元", "more precise than a fen"),
        (D("1.105"), "元", "more precise than a fen"),
        (D("1"), "亿元", "not supported"),
        (D("1"), "", "not supported"),
        (D("NaN"), "元", "not a finite"),
        (D("Infinity"), "万元", "not a finite"),
    ],
)
def test_to_yuan_refuses(amount: Decimal, unit: str, hint: str) -> None:
    with pytest.raises(AmountError, match=hint):
        to_yuan(amount, unit)


def test_to_yuan_refuses_float() -> None:
    with pytest.raises(AmountError):
        to_yuan(1.5, "元")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("项目资金 (元)", "元"),
        ("项目资金（万元）", "万元"),
        ("年度资金总额(万元)", "万元"),
        ("单位：万元", "万元"),
        ("单位: 万元", "万元"),
        ("单位:万元", "万元"),
        ("金额单位：万元", "万元"),
        ("金额单位：元", "元"),
        ("（单位：万元）", "万元"),
        ("年度资\n金总额\n(万元)", "万元"),
        ("项目资金（ 万元 ）", "万元"),
        ("单位：人民币万元", "万元"),
        ("中期资金总额（万元）  年度资金总额（万元）", "万元"),
        # no money unit
        ("项目资金", None),
        ("", None),
        ("≤560元/人/天", None),
        ("人均费用（元/人/天）", None),
        ("PAD采购成本（元/台）", None),
        ("单位：元/人", None),
        ("11,043.84元", None),
        ("资金总额（亿元）", None),
        ("资金总额（千元）", None),
        ("计量单位：人次", None),
    ],
)
def test_detect_money_unit(text: str, expected: str | None) -> None:
    assert detect_money_unit(text) == expected


def test_detect_money_unit_refuses_two_units() -> None:
    with pytest.raises(AmountError, match="both 元 and 万元"):
        detect_money_unit("资金总额（万元） 其中财政拨款（元）")


def _with_separators(value: Decimal) -> str:
    return f"{value:,f}"


amounts = st.decimals(
    min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False
)


@given(amounts)
def test_parse_amount_with_separators(value: Decimal) -> None:
    text = _with_separators(value)
    assert parse_amount(text) == value
    assert parse_amount(f"{text}万元") == value


@given(st.decimals(min_value=0, max_value=10**9, places=6, allow_nan=False, allow_infinity=False))
def test_wan_to_yuan_is_exact(value: Decimal) -> None:
    assert to_yuan(value, "万元") == value * 10000


@given(amounts)
def test_yuan_unchanged(value: Decimal) -> None:
    assert to_yuan(value, "元") == value


@given(st.text(max_size=20))
def test_parse_amount_only_raises_amount_error(text: str) -> None:
    with contextlib.suppress(AmountError):
        parse_amount(text)
