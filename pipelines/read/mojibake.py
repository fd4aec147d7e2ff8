"""Name the cause of garbled text: UTF-8 that was once decoded as Windows-1252 or Latin-1
(「è´¢æ”¿é¡¹ç›®」 for 「财政项目」), or decoded with replacement characters (「���」).

Such a file still decodes, so without this check it reads as "no performance-target form
found" and sends the user looking in the wrong place.  A double-encoded file is repaired
only when the repair is exact: every character maps back to one byte, the bytes are valid
UTF-8, and encoding the repair the wrong way again gives the file's text character for
character.  Text that lost bytes on the way (a tool that replaced what it could not
decode) cannot be repaired and is quarantined with its own reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.read.errors import ReadError

# Windows-1252 as Windows decodes it: its five undefined bytes become U+0081, U+008D,
# U+008F, U+0090 and U+009D (what a "sloppy" decoder writes) instead of failing.
_CP1252 = {byte: bytes([byte]).decode("cp1252", errors="strict")
           for byte in range(256) if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_SLOPPY_1252 = {**{b: chr(b) for b in range(256)}, **_CP1252}
_LATIN_1 = {b: chr(b) for b in range(256)}
WRONG_DECODINGS = {"Windows-1252": _SLOPPY_1252, "Latin-1": _LATIN_1}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# a UTF-8 lead byte of a CJK character (E3-E9) shown as Windows-1252 / Latin-1, followed
# by two continuation bytes (80-BF) shown the same way
_CONTINUATION = "".join(sorted({_SLOPPY_1252[b] for b in range(0x80, 0xC0)}
                               | {_LATIN_1[b] for b in range(0x80, 0xC0)}))
_MOJIBAKE_CJK = re.compile(f"[ãäåæçèé][{re.escape(_CONTINUATION)}]{{2}}")
MIN_SIGNS = 3  # garbled characters before a file counts as garbled (not a stray "é")
REPLACEMENT = "\ufffd"


@dataclass(frozen=True, slots=True)
class Repaired:
    text: str
    note: str


def check_text(text: str) -> Repaired | None:
    """None for text that reads right; the exact repair of double-encoded text; else a
    ReadError that names the cause."""
    signs = len(_MOJIBAKE_CJK.findall(text))
    if signs >= MIN_SIGNS and signs > len(_CJK.findall(text)):
        for name, table in WRONG_DECODINGS.items():
            repaired = exact_repair(text, table)
            if repaired is not None:
                return Repaired(repaired, f"the text had been decoded as {name} and saved "
                                f"again (「{_sample(text)}」); it was repaired exactly")
        raise ReadError(
            "mojibake",
            f"the text reads as UTF-8 decoded as Windows-1252 or Latin-1 (「{_sample(text)}」) "
            "and cannot be repaired exactly; re-export the file as UTF-8",
            excerpt=_sample(text))
    lost = text.count(REPLACEMENT)
    if lost >= MIN_SIGNS:
        raise ReadError(
            "mojibake",
            f"the text holds {lost} replacement characters (�): it was decoded with the "
            "wrong encoding (often GB18030 read as UTF-8) and the original characters are "
            "lost; re-export the file as UTF-8 from the original",
            excerpt=_sample(text, REPLACEMENT))
    return None


def exact_repair(text: str, table: dict[int, str]) -> str | None:
    """The UTF-8 text that ``text`` is when each of its characters is one byte of
    ``table``; None unless that reverses exactly."""
    reverse = {char: byte for byte, char in table.items()}
    try:
        raw = bytes(reverse[char] for char in text)
        repaired = raw.decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return None
    again = "".join(table[byte] for byte in repaired.encode("utf-8"))
    return repaired if again == text else None


def _sample(text: str, marker: str | None = None) -> str:
    """A short stretch of the garbled text, for the reason and the excerpt."""
    match = _MOJIBAKE_CJK.search(text) if marker is None else None
    start = match.start() if match else max(0, text.find(marker or "") - 4)
    return text[start:start + 24].replace("\n", " ")
