"""Read money amounts exactly and convert them to 元.

Forms state funds in 元 or 万元, with thousands separators, full-width digits or a
trailing unit, and mark empty cells with dashes or 无.  Amounts are summed and compared
across forms, so they are Decimal from the text (never float) and a conversion that would
round is an error, not a silent change.  Every error quotes the text and says how to fix it.
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext
from functools import lru_cache

__all__ = ["AmountError", "detect_money_unit", "parse_amount", "to_yuan"]


class AmountError(ValueError):
    """An amount or money unit that cannot be read; the message says what to correct."""


# Cells that mean "not filled": only dashes or slashes, or 无.
_NOT_FILLED = re.compile(r"[-－–—―‐‑−─/／]+|无")
_ASCII = str.maketrans("０１２３４５６７８９．，－−", "0123456789.,--")
_NUMBER = re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_CURRENCY_PREFIX = re.compile(r"^[¥￥]")
_UNIT_SUFFIX = re.compile(r"(?:万元|元)$")
_CHINESE_NUMERALS = re.compile(r"[零〇壹贰叁肆伍陆柒捌玖拾佰仟一二三四五六七八九十百千万亿]")

_FACTORS: dict[str, Decimal] = {"元": Decimal(1), "万元": Decimal(10000)}
_FEN = Decimal("0.01")

# A money unit is only a unit in parentheses ("项目资金（万元）") or after 单位: so that
# indicator units such as "元/人/天" are not taken for the form's money unit.
_PAREN_UNIT = re.compile(r"[(（](?:人民币)?(万元|元)[)）]")
_LABEL_UNIT = re.compile(r"单位[:：](?:人民币)?(万元|元)(?![/／每])")
# 「单位 万元」 closing a heading line whose colon the PDF text layer lost
_TRAILING_UNIT = re.compile(r"单位(?:人民币)?(万元|元)$")


def parse_amount(text: str | None) -> Decimal | None:
    """The number in an amount cell ("11,043.84" -> 11043.84); None when not filled.

    A trailing 元 or 万元 is dropped: which unit applies is the caller's decision.
    """
    if text is None:
        return None
    # a separator before or after all digits is a stray glyph of the text layer
    # (「,<br>212777.00」)
    compact = "".join(text.split()).translate(_ASCII).strip(",")
    if _NUMBER.fullmatch(compact):
        return Decimal(compact.replace(",", ""))  # the common cell: a plain number
    if not compact or _NOT_FILLED.fullmatch(compact):
        return None
    number = _UNIT_SUFFIX.sub("", _CURRENCY_PREFIX.sub("", compact))
    if not _NUMBER.fullmatch(number):
        raise AmountError(f"amount {text.strip()!r} is not a number: {_diagnose(number)}")
    return Decimal(number.replace(",", ""))


def to_yuan(amount: Decimal, unit: str) -> Decimal:
    """``amount`` in ``unit`` (元 or 万元) as 元 with exactly two decimals (fen).

    Raises AmountError rather than round when the amount is finer than a fen, because a
    rounded amount would no longer match the form.
    """
    factor = _FACTORS.get(unit.strip())
    if factor is None:
        raise AmountError(f"money unit {unit!r} is not supported; expected '元' or '万元'")
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise AmountError(f"amount {amount!r} is not a finite Decimal")
    _, digits, exponent = amount.as_tuple()
    with localcontext() as ctx:
        ctx.prec = len(digits) + abs(int(exponent)) + 8  # room for every digit: exact
        yuan = amount * factor
        fen = yuan.quantize(_FEN)
    if fen != yuan:
        raise AmountError(
            f"amount {amount} {unit.strip()} is {yuan} 元, more precise than a fen (0.01 元); "
            "check the figure and its unit in the form"
        )
    return fen


@lru_cache(maxsize=1 << 16)
def detect_money_unit(text: str) -> str | None:
    """The money unit (元 or 万元) a label or heading declares, else None.

    "项目资金（万元）" and "单位：万元" declare 万元; "元/人/天" declares nothing.

    Line breaks and spaces are ignored (PDF text breaks "(万元)" across lines).  Two
    different units in one text raise AmountError: picking one could be off by 10,000.
    Cached (an error is raised again, not cached): asked of every header cell.
    """
    compact = "".join(text.split())
    found = {
        m.group(1) for pattern in (_PAREN_UNIT, _LABEL_UNIT, _TRAILING_UNIT)
        for m in pattern.finditer(compact)
    }
    if len(found) > 1:
        raise AmountError(
            f"text {text.strip()!r} names both 元 and 万元 as the money unit; "
            "keep one unit per table"
        )
    return found.pop() if found else None


def _diagnose(number: str) -> str:
    """Why ``number`` is not an amount, phrased as what to change."""
    if _CHINESE_NUMERALS.search(number):
        if not re.search(r"[0-9]", number):
            return "it is written in Chinese numerals; write the figure in digits, e.g. '11043.84'"
        return "only digits and a trailing 元 or 万元 are allowed, e.g. '11043.84' or '1.1万元'"
    if number[:1] in "(（" or number[-1:] in ")）":
        return "amounts in parentheses are ambiguous; write a plain number, e.g. '11043.84'"
    if number.count(".") > 1:
        return "it has more than one decimal point; keep one, e.g. '11043.84'"
    if "," in number:
        return "thousands separators must group three digits, e.g. '11,043.84'"
    return "expected digits such as '11,043.84' (or '—' / '无' for not filled)"
