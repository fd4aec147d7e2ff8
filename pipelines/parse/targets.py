"""Split a target value (指标值) into operator, number and unit.

Review rules compare declared targets ("≥90%" for satisfaction, "≤16万元" for cost), so
the number must be exact and the operator and unit explicit.  Forms write the same target
in many notations (``=100.00(%)``, ``100%``, ``不低于90%``, ``≥330 台（套）``); this module
reduces them to one shape.  It never guesses: a text that is not one clean target
(a range, a date, a sentence with several numbers) is kept as qualitative, with its raw
text, so a person can still read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

# Canonical operator -> every spelling seen in forms, space-separated.  Kept as data so a
# new spelling is a one-line change; the regex below is built from it, longest spelling
# first, so that "大于等于" wins over "大于" and ">=" over ">".
OPERATOR_SPELLINGS: dict[str, str] = {
    ">=": "≥ ≧ ⩾ ≮ >= => ≥= ＞＝ ＞= >＝ ≥＝ 不少于 不低于 不小于 至少 大于等于 大于或等于",
    "<=": "≤ ≦ ⩽ ≯ <= =< ≤= ＜＝ ＜= <＝ ≤＝ 不超过 不高于 不大于 不多于 至多 小于等于 小于或等于",
    ">": "> ＞ 大于 高于 超过 多于",
    "<": "< ＜ 小于 低于 少于",
    "=": "= ＝ 等于",
}
OPERATORS: dict[str, str] = {
    spelling: op for op, spellings in OPERATOR_SPELLINGS.items() for spelling in spellings.split()
}

# Words after the unit that act as an operator ("90%以上", "3个工作日内").  In Chinese
# usage (and law) 以上/以下/以内 include the number itself, hence >= and <=.
SUFFIX_OPERATORS: dict[str, str] = {
    "及以上": ">=",
    "或以上": ">=",
    "以上": ">=",
    "及以下": "<=",
    "或以下": "<=",
    "以下": "<=",
    "以内": "<=",
    "之内": "<=",
    "内": "<=",
}

_SUFFIX_WORDS = sorted(SUFFIX_OPERATORS, key=len, reverse=True)  # "以内" before "内"

# Unit spellings that mean percent; every other unit is kept exactly as written.
PERCENT_SPELLINGS = frozenset({"%", "％", "百分比"})

_UNIT_MAX_LEN = 8
# Characters that cannot be part of a unit: a second number, sentence punctuation, range
# markers, operators, a stray decimal point or comma (a mangled number).
_NOT_UNIT_CHAR = re.compile(r"[0-9０-９，。；;：:！？!?、“”\"'‘’.,．\-~～〜—–―至到+<>=≥≤≧≦＝＞＜]")
# Words that make the number approximate or turn it into a date ("100人左右", "6月底前").
_NOT_UNIT_WORD = re.compile(r"左右|上下|前后|约|余|多|前|后|底|初|末|旬")
_WRAPPED = re.compile(r"^[(（]\s*(?P<inner>[^()（）]*?)\s*[)）]$")

# Full-width digits, decimal point and minus signs -> ASCII, one character for one, so that
# match positions in the translated text are valid in the original.
_ASCII_DIGITS = str.maketrans("０１２３４５６７８９．－−", "0123456789.--")
_NUMBER = r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_OP_ALTERNATIVES = "|".join(re.escape(s) for s in sorted(OPERATORS, key=len, reverse=True))
_TARGET = re.compile(rf"(?P<op>{_OP_ALTERNATIVES})?\s*(?P<number>{_NUMBER})\s*(?P<unit>.*)")
_LEADING_OP = re.compile(rf"\s*(?P<op>{_OP_ALTERNATIVES})")


@dataclass(frozen=True, slots=True)
class Target:
    """One target value; ``raw`` keeps the text as written so nothing is lost."""

    raw: str
    op: str | None
    value: Decimal | None
    unit: str | None
    is_quantitative: bool


@lru_cache(maxsize=1 << 16)
def parse_target(raw: str | None) -> Target | None:
    """Parse a target cell; None for a blank cell, a qualitative Target when not one number.

    Cached: a pure function of the text returning a frozen value, and the same targets
    (≥90%, 100%, ≤1个工作日 …) come back on row after row and form after form.
    """
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    flat = "".join(text.splitlines())  # PDF line breaks: "<=17万\n元" is "<=17万元"
    match = _TARGET.fullmatch(flat.translate(_ASCII_DIGITS))
    if match is None:
        return _qualitative(text)
    unit_split = _split_unit(flat[match.start("unit") :])
    if unit_split is None:
        return _qualitative(text)
    unit, suffix_op = unit_split
    op = _merge_operators(match.group("op"), suffix_op)
    if op is None:
        return _qualitative(text)
    value = Decimal(match.group("number").replace(",", ""))
    return Target(raw=text, op=op, value=value, unit=unit, is_quantitative=True)


_NAME_UNIT = re.compile(r"[（(]\s*([^（）()\d]{1,8}?)\s*[）)]\s*$")


def with_unit_from_name(target: Target | None, name: str) -> Target | None:
    """A numeric target without a unit takes the unit its indicator name ends with.

    ``PAD采购成本（元/台）`` with ``≤1500`` means 1500 元/台; target_raw stays as written.
    """
    if target is None or not target.is_quantitative or target.unit is not None:
        return target
    match = _NAME_UNIT.search(name)
    if not match:
        return target
    unit = match.group(1).strip()
    return replace(target, unit="%" if unit in PERCENT_SPELLINGS else unit)


def join_target(op: str | None, value: str | None, unit: str | None) -> str:
    """Rebuild one target text from forms that keep operator and unit in their own columns.

    ("＝", "120", "万元") -> "＝120万元".  Blank parts are skipped; a blank value gives ""
    because an operator or unit alone is no target.  An operator or unit the value
    already carries is not repeated, so ("≥", "≥90", "%") -> "≥90%".
    """
    op_text, value_text, unit_text = (part.strip() if part else "" for part in (op, value, unit))
    if not value_text:
        return ""
    if op_text and _leading_operator(value_text) == OPERATORS.get(op_text, op_text):
        op_text = ""
    if unit_text and value_text.endswith(unit_text):
        unit_text = ""
    return f"{op_text}{value_text}{unit_text}"


def _qualitative(text: str) -> Target:
    """A target kept only as text: no operator, number or unit is claimed."""
    return Target(raw=text, op=None, value=None, unit=None, is_quantitative=False)


def _leading_operator(text: str) -> str | None:
    """Canonical operator that ``text`` starts with, if any."""
    match = _LEADING_OP.match(text)
    return OPERATORS[match.group("op")] if match else None


def _split_unit(text: str) -> tuple[str | None, str | None] | None:
    """(unit, suffix operator) of the text after the number, or None if it is no unit.

    Rejecting anything that does not look like a unit is what keeps ranges ("90%-95%"),
    dates and sentences out of the quantitative targets.
    """
    unit = text.strip()
    suffix_op = None
    for word in _SUFFIX_WORDS:
        if unit.endswith(word):
            unit, suffix_op = unit[: -len(word)].rstrip(), SUFFIX_OPERATORS[word]
            break
    wrapped = _WRAPPED.match(unit)
    if wrapped:
        unit = wrapped.group("inner")
    if not unit:
        return None, suffix_op
    if not _plausible_unit(unit):
        return None
    return ("%" if unit in PERCENT_SPELLINGS else unit), suffix_op


def _plausible_unit(unit: str) -> bool:
    """True for short text that can be a unit of measure (个工作日, 元/人/天, 台（套）)."""
    if len(unit) > _UNIT_MAX_LEN or _NOT_UNIT_CHAR.search(unit) or _NOT_UNIT_WORD.search(unit):
        return False
    if unit[0] in "%％" and len(unit) > 1:  # "%完成": percent is a whole unit
        return False
    opened = unit.count("(") + unit.count("（")
    closed = unit.count(")") + unit.count("）")
    return opened == closed


def _merge_operators(prefix: str | None, suffix_op: str | None) -> str | None:
    """One operator from "≥" before and "以上" after the number; None if they disagree."""
    before = OPERATORS[prefix] if prefix else None
    if before and suffix_op and before != suffix_op:
        return None
    return before or suffix_op or "="
