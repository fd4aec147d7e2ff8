"""File names of the letters: ``审核意见_<unit>.docx``, safe on every file system.

A unit's name is free text from a form; as a file name it must survive Linux, macOS and
Windows (separators, reserved characters, control characters, the 255-byte limit) and stay
readable, and two units must never share a file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

FILE_PREFIX = "审核意见_"
FILE_SUFFIX = ".docx"
MAX_UNIT_CHARS = 80
MAX_UNIT_BYTES = 200  # 80 CJK characters are 240 UTF-8 bytes; most file systems allow 255
UNNAMED_FILE_UNIT = "未命名"
WINDOWS_ILLEGAL = frozenset('<>:"/\\|?*')


def letter_file_name(unit: str) -> str:
    """``审核意见_<unit>.docx``, safe on Linux, macOS and Windows and still readable.

    Whitespace runs become one space; path separators, control and format characters (a
    right-to-left override could disguise the extension) and characters Windows forbids
    become ``_``.  The unit part is capped at 80 characters and 200 UTF-8 bytes, as 80 CJK
    characters alone would exceed the 255-byte limit of most file systems.  Different
    units can map to the same name; :func:`unique_names` disambiguates.
    """
    text = " ".join(unicodedata.normalize("NFC", unit).split())
    text = "".join("_" if _unsafe(char) else char for char in text)
    text = re.sub("_{2,}", "_", text).strip(" ._") or UNNAMED_FILE_UNIT
    return f"{FILE_PREFIX}{_cap(text)}{FILE_SUFFIX}"


def _unsafe(char: str) -> bool:
    return char in WINDOWS_ILLEGAL or unicodedata.category(char).startswith("C")


def _cap(text: str) -> str:
    """At most ``MAX_UNIT_CHARS`` characters and ``MAX_UNIT_BYTES`` bytes, cut on a character."""
    text = text[:MAX_UNIT_CHARS]
    while len(text.encode("utf-8")) > MAX_UNIT_BYTES:
        text = text[:-1]
    return text.rstrip(" .") or UNNAMED_FILE_UNIT


def unique_names(units: Sequence[str]) -> list[str]:
    """A file name per unit (in the given order), ``_2``, ``_3``… on a collision.

    Collisions are checked case-insensitively, so the set survives a copy to Windows or
    macOS; the first unit in order keeps the plain name.
    """
    used: set[str] = set()
    names = []
    for unit in units:
        base = letter_file_name(unit)
        name, number = base, 1
        while name.casefold() in used:
            number += 1
            name = f"{base.removesuffix(FILE_SUFFIX)}_{number}{FILE_SUFFIX}"
        used.add(name.casefold())
        names.append(name)
    return names
