"""Find the parts of Mẫu 1.4 (ô 1 to ô 9b) among a notice's paragraphs.

Recognition goes by content first (the Quốc hiệu's words, "Số", "ngày …
tháng … năm", "THÔNG BÁO", "Nơi nhận") and by block second (left or right
of the header and of the signature area), so that a part typed with the
wrong case, size or punctuation is still found, and then judged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import nd30
from .layout import Para, split


def loose(text: str) -> str:
    """Text reduced for recognition: no spaces or dashes, case folded, one spelling of "hòa"."""
    folded = re.sub(r"[\s\-–—]+", "", text).casefold()
    return folded.replace("hoà", "hòa")


AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q)\b\s*\.?\s*", re.IGNORECASE)


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
    # The trích yếu: the centred lines under "THÔNG BÁO", or, typed without centring, its bold ones.
    centred = bool(main) and main[0].align == "center"
    while main and (main[0].align == "center" if centred else main[0].bold) and not _is_heading_label(main[0]):
        parts.subject.append(main.pop(0))
    parts.body = main
    _signature(parts, signature)
    return parts


def _is_heading_label(para: Para) -> bool:
    return bool(re.match(r"^([IVXLC]+|[A-Z]|\d+)\.\s", para.text))


def _header(parts: Parts, paras: list[Para]) -> None:
    left: list[Para] = []
    for p in paras:
        key = loose(p.text)
        if parts.national_title is None and key == loose(nd30.NATIONAL_TITLE):
            parts.national_title = p
        elif parts.motto is None and key == loose(nd30.MOTTO):
            parts.motto = p
        elif parts.number is None and re.match(r"^số\b", p.text.strip().casefold()):
            parts.number = p
        elif parts.date is None and all(w in p.text.casefold() for w in ("ngày", "tháng", "năm")):
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
        parts.issuer.append(left.pop())
    parts.parent = left


def _signature(parts: Parts, paras: list[Para]) -> None:
    if not paras:
        return
    parts.recipients_label = paras[0]
    lefts = [p for p in paras[1:] if p.zone != "sign-right"]
    rights = [p for p in paras[1:] if p.zone == "sign-right"]
    if not rights:  # no signature table: the signer's lines follow the recipients
        rights = [p for p in lefts if not p.text.lstrip().startswith("-") and lefts.index(p) > 0]
        lefts = [p for p in lefts if p not in rights]
    parts.recipients = lefts
    if not rights:
        return
    parts.signer_name = rights[-1]
    lines = rights[:-1]
    while lines and AUTHORITY.match(lines[0].text.strip()):
        parts.authority.append(lines.pop(0))
    parts.position = lines
