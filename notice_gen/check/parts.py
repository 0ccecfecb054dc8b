"""Find the parts of Mẫu 1.4 (ô 1 to ô 9b) among a notice's paragraphs.

Recognition goes by content first (the Quốc hiệu's words, "Số", "ngày …
tháng … năm", "THÔNG BÁO", "Nơi nhận") and by block second (left or right
of the header and of the signature area), so that a part typed with the
wrong case, size or punctuation is still found, and then judged.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .. import nd30
from .layout import Para, split


def loose(text: str) -> str:
    """Text reduced for recognition: no spaces or dashes, case folded, one spelling of "hòa"."""
    folded = re.sub(r"[\s\-–—]+", "", text).casefold()
    return folded.replace("hoà", "hòa")


AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q)\b\s*\.?\s*", re.IGNORECASE)
# Words of a position (ô 7a), which a person's name (ô 7b) never holds: the last line of the signer's
# block that is in capitals and holds one of them is a position, and the name is missing.
POSITION_WORDS = re.compile(r"TRƯỞNG|GIÁM ĐỐC|CHỦ TỊCH|CHÁNH|THỦ TƯỚNG|ỦY VIÊN|UỶ VIÊN|BÍ THƯ|TỔNG|PHÓ")
# A rule typed as characters ("________", "-------") instead of drawn.
TYPED_RULE = re.compile(r"^[_\-–—=.…\s]{3,}$")
# A date line written with slashes: "Hà Nội, ngày 5/7/2021".
SLASHED_DATE = re.compile(r"ngày\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}", re.IGNORECASE)


@dataclass
class Parts:
    national_title: Para | None = None
    motto: Para | None = None
    parent: list[Para] = field(default_factory=list)
    issuer: list[Para] = field(default_factory=list)
    number: Para | None = None
    date: Para | None = None
    marks: list[Para] = field(default_factory=list)
    doc_type: Para | None = None
    subject: list[Para] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    recipients_label: Para | None = None
    recipients: list[Para] = field(default_factory=list)
    authority: list[Para] = field(default_factory=list)
    position: list[Para] = field(default_factory=list)
    signer_name: Para | None = None
    title_lines: list[Para] = field(default_factory=list)  # a Quốc hiệu broken over two lines
    typed_rules: list[Para] = field(default_factory=list)  # "______" typed under a part
    signer_above: bool = False  # the signer's lines typed above "Nơi nhận:", not beside it


def recognise(paras: list[Para]) -> Parts:
    parts = Parts()
    filled = [p for p in paras if p.text.strip()]
    doc_type_at = next(
        (i for i, p in enumerate(filled) if not p.zone.startswith("header") and loose(p.text) == loose(nd30.DOC_TYPE)),
        None,
    )
    in_header = [p for p in filled if p.zone.startswith("header")]
    if not in_header and doc_type_at is not None:  # a header typed as plain paragraphs
        in_header = filled[:doc_type_at]
    # A header typed with tabs ("BỘ …⇥CỘNG HÒA …") holds two parts in one paragraph.
    _header(parts, [piece for p in in_header for piece in split(p, "\t")])
    if doc_type_at is None:
        return parts
    parts.doc_type = filled[doc_type_at]
    rest = [p for p in filled[doc_type_at + 1 :] if p not in in_header]
    label_at = next((i for i, p in enumerate(rest) if loose(p.text).startswith(loose("Nơi nhận"))), len(rest))
    main, signature = rest[:label_at], rest[label_at:]
    signature += [p for p in main if p.zone.startswith("sign")]
    main = [p for p in main if not p.zone.startswith("sign") and p.zone != "table"]  # a table is not body text
    # The signer's lines typed as right-aligned paragraphs above "Nơi nhận:" (no table): they close
    # the body, after its "./.", and are the signature, not text of the body.
    above: list[Para] = []
    if not any(p.zone == "sign-right" for p in signature):
        while main and _set_right(main[-1]) and not main[-1].text.rstrip().endswith(nd30.CLOSING_MARK):
            above.insert(0, main.pop())
    parts.signer_above = bool(above)
    parts.typed_rules += [p for p in main if TYPED_RULE.match(p.text.strip())]
    main = [p for p in main if not TYPED_RULE.match(p.text.strip())]
    # The trích yếu: the centred lines under "THÔNG BÁO", or, typed without centring, its bold ones.
    centred = bool(main) and main[0].align == "center"
    while main and (main[0].align == "center" if centred else main[0].bold) and not _is_heading_label(main[0]):
        parts.subject.append(main.pop(0))
    parts.body = main
    _signature(parts, signature, above)
    return parts


def _set_right(para: Para) -> bool:
    """A DOCX paragraph set in the right half of the column: right-aligned, or centred there by a
    left indent (a PDF reader places such lines by their position instead)."""
    indent = para.left_indent_pt or 0
    return para.align == "right" or (para.align == "center" and bool(para.column_pt) and indent >= 0.3 * para.column_pt)


def _is_heading_label(para: Para) -> bool:
    return bool(re.match(r"^([IVXLC]+|[A-Z]|\d+)\.\s", para.text))


def _header(parts: Parts, paras: list[Para]) -> None:
    left: list[Para] = []
    for p, following in zip(paras, [*paras[1:], None], strict=False):
        key = loose(p.text)
        if any(p is line for line in parts.title_lines):
            continue
        if TYPED_RULE.match(p.text.strip()):
            parts.typed_rules.append(p)
        elif parts.national_title is None and key == loose(nd30.NATIONAL_TITLE):
            parts.national_title = p
        elif (
            parts.national_title is None
            and following is not None
            and len(key) > 4
            and key + loose(following.text) == loose(nd30.NATIONAL_TITLE)
        ):
            parts.national_title, parts.title_lines = p, [p, following]  # R-QH: one line, not two
        elif parts.motto is None and key == loose(nd30.MOTTO):
            parts.motto = p
        elif parts.number is None and re.match(r"^số\b", p.text.strip().casefold()):
            parts.number = p
        elif parts.date is None and (
            all(w in p.text.casefold() for w in ("ngày", "tháng", "năm")) or SLASHED_DATE.search(p.text)
        ):
            parts.date = p
        elif p.text.strip().upper() in (*nd30.SECRECY_MARKS, *nd30.URGENCY_MARKS):
            parts.marks.append(p)
        elif p.zone != "header-right":
            left.append(p)
    if parts.number is not None:
        left = [p for p in left if paras.index(p) < paras.index(parts.number)]
    # The issuer is the bold block just above the number; non-bold lines above it are the parent body.
    while left and left[-1].any_bold:
        parts.issuer.insert(0, left.pop())
    if not parts.issuer and left:
        # No bold to go by (plain text, or typed without it): the last line, and the lines it goes on
        # from: "ỦY BAN NHÂN DÂN / TỈNH QUẢNG NAM" is one name, broken before the tỉnh's name.
        parts.issuer.append(left.pop())
        while left and _CONTINUES_NAME.match(parts.issuer[0].text.strip()):
            parts.issuer.insert(0, left.pop())
    parts.parent = left


# A header line that goes on the name above it: the level of a local government ("TỈNH QUẢNG NAM").
_CONTINUES_NAME = re.compile(rf"^(?:{'|'.join(nd30.ADMIN_LEVELS)})\s", re.IGNORECASE)


def _signature(parts: Parts, paras: list[Para], above: list[Para]) -> None:
    if not paras:
        return
    parts.recipients_label = paras[0]
    lefts = [p for p in paras[1:] if p.zone != "sign-right"]
    rights = above + [p for p in paras[1:] if p.zone == "sign-right"]
    if not rights:  # no signature table: the signer's lines follow the recipients
        rights = [p for p in lefts if not p.text.lstrip().startswith("-") and lefts.index(p) > 0]
        lefts = [p for p in lefts if p not in rights]
    parts.recipients = lefts
    if not rights:
        return
    last = rights[-1].text.strip()
    if AUTHORITY.match(last) or (last == nd30.upper(last) and POSITION_WORDS.search(last)):
        lines = rights  # the name was deleted: the last line is a position
    else:
        parts.signer_name = rights[-1]
        lines = rights[:-1]
    while lines and AUTHORITY.match(lines[0].text.strip()):
        parts.authority.append(lines.pop(0))
    parts.position = lines


_DATE_LINE = re.compile(
    r"^\s*(?P<place>[^,]+),\s*ngày\s*(?:(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+"
    r"|(?P<sd>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<sm>\d{1,2})\s*(?P=sep)\s*)(?P<y>\d{4})\s*$",
    re.IGNORECASE,
)


def proper_date_line(text: str) -> str | None:
    """The NĐ30 form (R-DATE) of a date line with numbers, "Hà Nội, ngày 5/7/2021" or "hà Nội, ngày 5
    tháng 07 năm 2021" → "Hà Nội, ngày 05 tháng 7 năm 2021"; None when it is not a real date so written.
    `check` quotes it as what NĐ30 requires, `check --fix` writes it."""
    match = _DATE_LINE.match(" ".join(text.split()))
    if not match:
        return None
    place, year = match["place"], int(match["y"])
    day, month = int(match["d"] or match["sd"]), int(match["m"] or match["sm"])
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return f"{place[:1].upper()}{place[1:]}, ngày {nd30.pad2(day)} tháng {nd30.month_text(month)} năm {year}"
