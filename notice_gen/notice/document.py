"""The composed notice: every word and number final, nothing about DOCX or PDF.

Both renderers receive this and only this, so they cannot print different
text. Rule lengths are here too (in points), because NĐ30 ties them to the
length of the text above them and both formats must draw the same line.

Where a line must not break is decided here too, in the text itself, with two
Unicode marks (compose sets them once, in the flowing text: the trích yếu, the
opening, the body, the footnotes and the closing; see render/joins.py):

- NBSP (U+00A0) for a space inside a unit: "Quý IV/2022", "ngày 05 tháng 01",
  "50 tỷ đồng". It is as wide as a space and the face has a glyph for it; Word,
  LibreOffice and WeasyPrint never break there.
- JOINER (U+2060 WORD JOINER) after a "-" or "/" that must not end a line:
  "34-NQ/TW". The face has no glyph for it, and needs none: it is a format
  character that prints nothing. WeasyPrint (Pango) keeps the unit whole, stays
  in the face and draws nothing for it (no fallback, no missing glyph, no
  character in the PDF's text). The DOCX renderer writes Word's own
  non-breaking hyphen (w:noBreakHyphen, read back as "-") for "-" and drops the
  mark after "/", where neither Word nor LibreOffice breaks a line.

``plain`` is the text without them, as a reader of the DOCX or PDF sees it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

NBSP = "\u00a0"
JOINER = "\u2060"


def plain(text: str) -> str:
    """``text`` as a reader sees it: no-break spaces as spaces, joiners gone.

    The one place where check's readers (and through them the importer) undo the marks
    compose sets, so that reading a DOCX or PDF gives the same text as before they existed."""
    return text.replace(NBSP, " ").replace(JOINER, "")


@dataclass(frozen=True)
class Header:
    """Ô 1 to ô 4, ô 10: the two-column block at the top of page 1."""

    national_title: str
    motto: str
    motto_rule_pt: float
    parent: str | None
    issuer: str
    issuer_rule_pt: float
    number_line: str
    date_line: str
    secrecy: str | None
    urgency: str | None


@dataclass(frozen=True)
class Footnote:
    """A page-bottom footnote: its number, decided once in compose, and its text."""

    number: int
    text: str


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph's text, then the footnote called right after it (if any).

    The renderers print the footnote's number where the run ends: a Word footnote
    reference in the DOCX, a CSS footnote call in the PDF."""

    text: str
    note: Footnote | None = None


@dataclass(frozen=True)
class Block:
    """One paragraph of the body.

    ``kind`` is "heading" (a section title with its number), "paragraph" or
    "item" (a list item with its marker). ``level`` is the section depth for a
    heading and the list depth for an item, both from 1. ``text`` is the whole
    paragraph, its label included; ``runs`` is the same text cut where footnotes
    are called (one run when none is). ``keep_with_next`` keeps the block
    whole and on the page of the block after it (compose sets it on the last block when the
    closing alone would leave the signature page with fewer than MIN_SIGNATURE_PAGE_LINES).
    """

    kind: Literal["heading", "paragraph", "item"]
    level: int
    text: str
    runs: tuple[Run, ...] = ()
    label: str = ""  # the number or marker that starts ``text`` ("II.", "2.1.", "-"); "" for a paragraph
    keep_with_next: bool = False

    def __post_init__(self) -> None:
        if not self.runs:
            object.__setattr__(self, "runs", (Run(self.text),))


@dataclass(frozen=True)
class Signature:
    """Ô 7a and ô 7b: authority lines in upper case, then the signer's name."""

    authority: tuple[str, ...]
    name: str


@dataclass(frozen=True)
class Document:
    header: Header
    doc_type: str
    subject_lines: tuple[str, ...]
    subject_rule_pt: float
    opening: tuple[str, ...]
    body: tuple[Block, ...]
    closing: str
    recipients_label: str
    recipients: tuple[str, ...]
    signature: Signature
    draft_mark: str  # nd30.DRAFT_MARK on every page of a draft; "" in a final
    # Document properties (DOCX core properties, PDF metadata).
    title: str
    subject: str
    author: str
    # The notice's own date (issue date, or a draft's meeting date): document properties and
    # ZIP timestamps take it instead of the clock, so that outputs are reproducible.
    date: dt.date | None = None
    # Every footnote called in the body, in number order (the DOCX writes them into its footnotes part).
    footnotes: tuple[Footnote, ...] = ()
