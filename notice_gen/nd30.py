"""The rules of Nghị định 30/2020/NĐ-CP that code needs, stated once.

Everything here is data or a pure function. The ranges are NĐ30's own, never
values this project chose (R-MAT's size, which NĐ30 leaves open, is marked): a template picks a value inside each range
(see ``templates.py``), and the composer turns numbers and dates into the
exact text NĐ30 prescribes. Rule ids (R-…) refer to ``shared/spec/nd30.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # R-QH
MOTTO = "Độc lập - Tự do - Hạnh phúc"  # R-TN
DOC_TYPE = "THÔNG BÁO"  # R-TYPE
DOC_TYPE_ABBREVIATION = "TB"  # Phụ lục III, Mục I
RECIPIENTS_LABEL = "Nơi nhận:"  # R-NN
CLOSING_MARK = "./."
# Not NĐ30's: offices mark every page of a draft so that it is never taken for the signed notice.
DRAFT_MARK = "DỰ THẢO"

AUTHORITIES = ("TM.", "TL.", "KT.", "TUQ.", "Q.")  # R-AUTH
SECRECY_MARKS = ("MẬT", "TỐI MẬT", "TUYỆT MẬT")  # R-MAT
URGENCY_MARKS = ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC")  # R-KHAN

# A draft leaves the number, the day and the month blank, exactly as seed 001 does:
# a space, six no-break spaces and a space, which no renderer collapses or stretches.
BLANK = " " + "\u00a0" * 6 + " "


@dataclass(frozen=True)
class PartRule:
    """How NĐ30 prints one part of a notice."""

    rule: str
    sizes: tuple[float, float]
    bold: bool = False
    italic: bool = False


# Sizes are in points, inclusive ranges (Phụ lục I, Phần I, Mục II–III).
PARTS: dict[str, PartRule] = {
    "national_title": PartRule("R-QH", (12, 13), bold=True),
    "motto": PartRule("R-TN", (13, 14), bold=True),
    "parent": PartRule("R-CQCQ", (12, 13)),
    "issuer": PartRule("R-CQ", (12, 13), bold=True),
    "number": PartRule("R-SO", (13, 13)),
    "date": PartRule("R-DATE", (13, 14), italic=True),
    # R-MAT gives no size or weight: the urgency mark's (13–14 pt, bold) is used.
    "secrecy": PartRule("R-MAT", (13, 14), bold=True),
    "urgency": PartRule("R-KHAN", (13, 14), bold=True),
    "doc_type": PartRule("R-TYPE", (13, 14), bold=True),
    "subject": PartRule("R-SUBJ", (13, 14), bold=True),
    "body": PartRule("R-BODY", (13, 14)),
    "heading": PartRule("R-SEC", (13, 14), bold=True),
    "recipients_label": PartRule("R-NN", (12, 12), bold=True, italic=True),
    "recipients": PartRule("R-NNITEM", (11, 11)),
    "authority": PartRule("R-AUTH", (13, 14), bold=True),
    "signer_name": PartRule("R-NAME", (13, 14), bold=True),
    "page_number": PartRule("R-PAGENO", (13, 14)),
}

# R-MARGIN, in millimetres.
MARGINS_MM: dict[str, tuple[float, float]] = {
    "top": (20, 25),
    "bottom": (20, 25),
    "left": (30, 35),
    "right": (15, 20),
}
PAGE_MM = (210.0, 297.0)  # R-PAGE: A4 portrait
FIRST_LINE_INDENTS_CM = (1.0, 1.27)  # R-BODY
MIN_SPACE_AFTER_PT = 6.0  # R-BODY
LINE_SPACING = (1.0, 1.5)  # R-BODY, in lines
RULE_RATIO = (1 / 3, 1 / 2)  # R-CQ, R-SUBJ: the rule is 1/3 to 1/2 of the text


def pad2(value: int) -> str:
    """Numbers below 10 take a leading zero (R-SO, R-DATE)."""
    return f"{value:02d}"


def month_text(month: int) -> str:
    """Only January and February take a leading zero (R-DATE): "01", "02", "6", "12"."""
    return pad2(month) if month <= 2 else str(month)


def short_date(day: dt.date) -> str:
    """A date inside running text, as the seeds write it: "05/01/2022", "16/7/2021"."""
    return f"{pad2(day.day)}/{month_text(day.month)}/{day.year}"


def long_date(day: dt.date) -> str:
    """A date in words, as ô 4 writes it and many openings do (R-DATE): "ngày 07 tháng 10 năm 2024"."""
    return f"ngày {pad2(day.day)} tháng {month_text(day.month)} năm {day.year}"


def date_line(place: str, day: dt.date | None, year: int, month: int | None = None) -> str:
    """Ô 4 (R-DATE). Without a day the draft keeps the day blank, and the month too unless it is known."""
    if day is None:
        known = f" {month_text(month)} " if month else BLANK
        return f"{place}, ngày{BLANK}tháng{known}năm {year}"
    return f"{place}, {long_date(day)}"


def number_line(number: int | None, symbol: str) -> str:
    """Ô 3 (R-SO): "Số: 05/TB-BTTTT", or a draft's "Số:        /TB-BTTTT"."""
    if number is None:
        return f"Số:{BLANK}/{symbol}"
    return f"Số: {pad2(number)}/{symbol}"


def symbol(issuer_abbreviation: str) -> str:
    """The ký hiệu: type abbreviation, then the issuer's, joined by "-" (R-SO)."""
    return f"{DOC_TYPE_ABBREVIATION}-{issuer_abbreviation.upper()}"


def upper(text: str) -> str:
    """Upper case for Vietnamese. Python's str.upper maps every Vietnamese letter,
    đ and the horned vowels included; it is wrapped so the rule has one name."""
    return text.upper()


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(number: int) -> str:
    """Mục are numbered in Roman numerals (R-SEC)."""
    if number < 1:
        raise ValueError("Roman numerals start at 1")
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


# Section numbering schemes: the style of each level, mục first. "A" letters, "I" Roman
# numerals, "1" numbers, "a" Vietnamese letters with ")". Decimal ("1.1.1.") has no last level.
NUMBERING: dict[str, tuple[str, ...] | None] = {
    "A.I.1.a)": ("A", "I", "1", "a"),
    "I.1.a)": ("I", "1", "a"),
    "1.1.1.": None,
}


# Levels of local government: the words after one are a place's name ("tỉnh Quảng Nam", Phụ lục II),
# and a header line starting with one goes on the body's name above it ("ỦY BAN NHÂN DÂN / TỈNH …").
ADMIN_LEVELS = ("thành phố", "thị xã", "thị trấn", "đặc khu", "tỉnh", "huyện", "quận", "xã", "phường")

# Điểm are lettered with the Vietnamese alphabet, which has đ and no f, j, w, z.
VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"


def letter(number: int) -> str:
    """1 → "a", 5 → "đ", 24 → "aa" (past the alphabet, letters repeat)."""
    if number < 1:
        raise ValueError("letters start at 1")
    count = len(VIETNAMESE_LETTERS)
    return VIETNAMESE_LETTERS[(number - 1) % count] * ((number - 1) // count + 1)


_ORDINALS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")


def ordinal(number: int) -> str:
    """ "Thứ nhất", "Thứ hai", …; past ten, "Thứ 11" as Vietnamese writes it."""
    if 1 <= number <= len(_ORDINALS):
        return f"Thứ {_ORDINALS[number - 1]}"
    return f"Thứ {number}"
