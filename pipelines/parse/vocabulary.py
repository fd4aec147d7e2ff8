"""The national indicator framework as data: level names, their variants and labels.

Recognising rows by the framework's vocabulary (not by one file's cell positions) is
what lets the parser repair shifted rows and read layouts it has never seen.
"""

from __future__ import annotations

import re
from functools import lru_cache

LEVEL1_TO_LEVEL2: dict[str, tuple[str, ...]] = {
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": (
        "经济效益指标",
        "社会效益指标",
        "生态效益指标",
        "环境效益指标",
        "可持续影响指标",
    ),
    "满意度指标": ("服务对象满意度指标",),
}
LEVEL1_NAMES: frozenset[str] = frozenset(LEVEL1_TO_LEVEL2)
LEVEL2_NAMES: frozenset[str] = frozenset(
    name for names in LEVEL1_TO_LEVEL2.values() for name in names if name != "成本指标"
)
LEVEL2_PARENT: dict[str, str] = {
    child: parent
    for parent, children in LEVEL1_TO_LEVEL2.items()
    for child in children
    if child != "成本指标"
}

# Guangzhou-style codes ("1－产出指标", "11 数量指标") and list numbering ("一、").
_CODE_PREFIX = re.compile(r"^(?:\d{1,2}\s*[-－—.、．]?\s*|[一二三四五六七八九十]+[、.．])")
# Markers of the indicator block that are not level names ("绩效指标", "绩\n效\n指\n标").
BLOCK_MARKERS: frozenset[str] = frozenset({"绩效指标", "绩效目标", "项目绩效目标", "指标"})


def squeeze(text: str) -> str:
    """Text with every whitespace removed: joins names broken over PDF/HTML lines.

    ``str.split`` with no separator splits at exactly the characters a ``\\s`` of ``re``
    matches (both ask ``str.isspace``), at a fraction of a substitution's cost: the
    parser squeezes every cell of every row several times.
    """
    return "".join(text.split())


def _full_level_name(name: str) -> str:
    return name if name.endswith("指标") else f"{name}指标"


@lru_cache(maxsize=4096)
def normalize_level(text: str) -> str:
    """Level name in its full form: ``服务对象满<br>意度`` -> ``服务对象满意度指标``.

    Only names of the framework are completed with the 指标 suffix; unknown text is
    returned squeezed but otherwise as written.  Cached: a table asks for the same few
    level cells on every row (a coded cell names its 一级 and 二级 in every entry).
    """
    name = _CODE_PREFIX.sub("", squeeze(text))
    full = _full_level_name(name)
    if full in LEVEL1_NAMES or full in LEVEL2_NAMES:
        return full
    return name


def level_kind(text: str) -> int | None:
    """1 or 2 when ``text`` names a 一级 or 二级 category of the framework, else None."""
    name = normalize_level(text)
    if name in LEVEL1_NAMES:
        return 1
    if name in LEVEL2_NAMES:
        return 2
    return None


@lru_cache(maxsize=1 << 16)
def is_block_marker(text: str) -> bool:
    """True for the label cell that spans the whole indicator block (绩效指标).

    Cached: every cell of an indicator row is asked this by several passes (noise rows,
    the row's cells, cut levels), so each text is squeezed once."""
    return squeeze(text) in BLOCK_MARKERS


NOT_APPLICABLE: frozenset[str] = frozenset({"无", "不适用", "/", "—", "-", "－", "空", "暂无"})


_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def join_wrapped(text: str) -> str:
    """Join a value that a PDF/OCR export wrapped over lines (``单位<br>个数``).

    Chinese text joins without a space; a space is kept between two ASCII words.
    Used for names and targets, never for goals, whose line breaks are paragraphs.
    A printable text holds no line break (every character ``splitlines`` splits at is
    unprintable), so most cells are only stripped.
    """
    if text.isprintable():
        return text.strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    joined = lines[0]
    for line in lines[1:]:
        gap = " " if _ASCII_WORD.match(joined[-1]) and _ASCII_WORD.match(line[0]) else ""
        joined += gap + line
    return joined


# The numbered blanks of a template printed unfilled: 「目标1：」, 「指标 2：」, 「……」.
_PLACEHOLDER = re.compile(r"^(?:(?:目标|指标)[\d一二三四五六七八九十]*[:：]?|…+|\.{3,}|。{3,})+$")


def is_placeholder(text: str) -> bool:
    """True for a cell holding only a template's numbered blanks (「目标1：目标2：……」):
    what a form printed without being filled shows, never a value."""
    flat = squeeze(text)
    return bool(flat) and _PLACEHOLDER.match(flat) is not None
