"""The units a line never breaks inside (issue 13), marked once, in compose.

An office sends back a notice that prints "34-NQ/" at the end of one line and "TW" at the
start of the next, or "Quý" | "IV/2022", or "50" | "tỷ đồng": a document symbol, a period,
a date and a number with its unit are read as one word. Measured on our PDF (WeasyPrint) and
on LibreOffice's layout of our DOCX (tests/test_joins.py): WeasyPrint breaks after "-" and
after "/", LibreOffice after "-"; both break at any space. Neither breaks between digits
("20/10/2024").

``join`` marks such units with NBSP and JOINER (notice/document.py says what each renderer
makes of them). The units:

- a symbol or period, word characters linked by "-" or "/" without spaces: "34-NQ/TW",
  "05/TB-BTTTT", "12/2024/NĐ-CP", "IV/2022" (at most MAX_SYMBOL characters: a longer chain,
  a path or a list like "a/b/c/…", may still break rather than run past the margin);
- "Quý" with its numeral, "ngày", "tháng", "năm" and "số" with their number: "Quý IV/2022",
  "tháng 6/2026", "năm 2024", "số 34-NQ/TW";
- a full date breaks only before "năm", as offices set it: "ngày 05 tháng 01" | "năm 2024";
- a number with the unit after it: "15 %", "30 ngày", "50 tỷ đồng" (the money words together).
"""

from __future__ import annotations

import re

from ..notice.document import JOINER, NBSP

MAX_SYMBOL = 32

# Word characters linked by "-" or "/", not part of a longer word, a URL or an e-mail address.
_SYMBOL = re.compile(r"(?<![\w./:@-])\w+(?:[-/]\w+)+(?![\w/-]|[.:@]\w)")
_UNITS = (
    "%|‰|tỷ|triệu|nghìn|ngàn|đồng|USD|VNĐ|VND|ngày|tuần|tháng|năm|giờ|phút|giây|"
    "km|m|m²|m2|m³|m3|ha|kg|tấn|lít|người|lượt|điểm|lần|bản|trang"
)
# Each pattern finds one space (the group "s") that must not break.
_SPACES = (
    re.compile(r"(?<!\w)(?:Quý|quý|QUÝ)(?P<s> )(?=(?:[IV]+|[1-4])(?![\w-]))"),
    re.compile(r"(?<!\w)(?:[Nn]gày|[Tt]háng|[Nn]ăm|[Ss]ố:?)(?P<s> )(?=\d)"),
    re.compile(r"(?<!\w)[Nn]gày\s\d{1,2}(?P<s> )(?=tháng\s\d)"),
    # A number and its unit; "01 năm 2024" and "05 tháng 01" are a date's parts, joined above.
    re.compile(rf"(?<![\w.,])\d[\d.,]*(?P<s> )(?=(?:{_UNITS})(?!\w)(?!\s\d))"),
    re.compile(r"(?<!\w)(?:tỷ|triệu|nghìn|ngàn)(?P<s> )(?=đồng(?!\w))"),
)


def join(text: str) -> str:
    """``text`` with its units marked: NBSP for each space inside one, JOINER after each "-"
    and "/" inside one. The characters are otherwise unchanged, so ``plain(join(t)) == t``."""
    spaces = {m.start("s") for pattern in _SPACES for m in pattern.finditer(text)}
    links = {
        m.start() + k + 1
        for m in _SYMBOL.finditer(text)
        if len(m.group()) <= MAX_SYMBOL
        for k, char in enumerate(m.group()[:-1])
        if char in "-/"
    }
    if not spaces and not links:
        return text
    out = []
    for index, char in enumerate(text):
        if index in links:
            out.append(JOINER)
        out.append(NBSP if index in spaces else char)
    return "".join(out)
