"""What a reader saw in a finished notice, the same for a DOCX and a PDF.

A DOCX knows its paragraphs and their declared properties; a PDF knows only
where each glyph landed. Each reader turns its format into the paragraphs
below, with whatever it could establish, so that the rules in ``rules.py``
are written once and judge both formats alike. A field left ``None`` is one
the format cannot tell, and the rules skip it rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

CM = 72 / 2.54  # points per centimetre
MM = CM / 10

SERIF_FAMILIES = ("Times New Roman", "Liberation Serif", "Tinos")  # R-FONT: TNR and its metric twins
# Faces of pictograms (a check mark, an arrow): they print no letter, so R-FONT does not judge them.
SYMBOL_FAMILIES = ("Symbol", "Wingdings", "Wingdings 2", "Wingdings 3", "Webdings", "Segoe UI Symbol", "MT Extra")
MARGIN_TOLERANCE_MM = 0.5  # what a margin may be off by, read from a file or measured on a page


def family_of(font_name: str) -> str:
    """The family of a PDF font name: "ABCDEF+TimesNewRomanPS-BoldMT" → "Times New Roman"."""
    name = font_name.split("+", 1)[-1]
    squashed = re.sub(r"[^a-z]", "", name.lower())
    for family in SERIF_FAMILIES:
        if squashed.startswith(family.replace(" ", "").lower()):
            return family
    return re.split(r"[-,]", name)[0]


def style_of(font_name: str) -> tuple[bool, bool]:
    """Bold and italic, as a PDF font name spells them."""
    lowered = font_name.split("+", 1)[-1].lower()
    return "bold" in lowered or "black" in lowered, "italic" in lowered or "oblique" in lowered


@dataclass
class Span:
    """A stretch of text in one font, size and style."""

    text: str
    family: str | None
    size: float | None
    bold: bool
    italic: bool
    color: str | None = None  # "000000" for black; None where unknown
    slots: dict[str, str | None] | None = None  # DOCX: the face of every script slot (ascii, hAnsi, cs, eastAsia)


@dataclass
class Para:
    """One paragraph (DOCX) or one paragraph rebuilt from lines (PDF)."""

    text: str
    spans: list[Span]
    where: dict[
        str, int
    ]  # {"paragraph": 12}, {"table": 1, "row": 1, "cell": 2, "paragraph": 1}, {"page": 1, "line": 3}
    zone: str = "body"  # header-left, header-right, header, body, sign-left, sign-right
    align: str | None = None  # left, center, right, justify
    first_indent_cm: float | None = None
    space_before_pt: float | None = None
    space_after_pt: float | None = None
    line_spacing: float | None = None  # in lines; 1.0 is single
    # PDF geometry, in points from the top-left corner of the page.
    page: int | None = None
    top: float | None = None
    bottom: float | None = None
    x0: float | None = None
    x1: float | None = None
    lines: list[tuple[float, float]] = field(default_factory=list)  # PDF: x0, x1 of each line
    # DOCX: the lxml element of the paragraph and of its cell, for --fix and layout checks.
    element: Any = None
    row: Any = None  # something shared by the paragraphs of one table row
    style: str | None = None  # DOCX: the paragraph style's id
    column_pt: float | None = None  # DOCX: the width the paragraph is set in (its cell, less padding)
    contextual: bool = False  # DOCX: no spacing between paragraphs of the same style
    left_indent_pt: float | None = None  # DOCX: the paragraph's left indent
    # PDF: a centred paragraph's text cut where a line was ended by hand (the next word would have
    # fitted), as a DOCX splits at Shift+Enter; None for every other paragraph.
    hard_lines: list[str] | None = None

    @property
    def sizes(self) -> set[float]:
        return {round(s.size, 1) for s in self.spans if s.size is not None and s.text.strip()}

    @property
    def bold(self) -> bool:
        return all(s.bold for s in self.spans if s.text.strip())

    @property
    def italic(self) -> bool:
        return all(s.italic for s in self.spans if s.text.strip())

    @property
    def any_italic(self) -> bool:
        return any(s.italic for s in self.spans if s.text.strip())

    @property
    def any_bold(self) -> bool:
        return any(s.bold for s in self.spans if s.text.strip())

    @property
    def centre(self) -> float | None:
        return None if self.x0 is None or self.x1 is None else (self.x0 + self.x1) / 2


@dataclass
class RuleLine:
    """A drawn horizontal rule (R-TN, R-CQ, R-SUBJ): its length, and where it is when known."""

    length_pt: float
    under: Para | None = None  # the paragraph it belongs to
    centre: float | None = None  # PDF: x of its middle
    offset_pt: float | None = None  # DOCX: how far its middle is off the column's centre
    where: dict[str, int] = field(default_factory=dict)


@dataclass
class PageNumbers:
    """Where a file numbers its pages (R-PAGENO), as each reader can tell."""

    found: list[Para] = field(default_factory=list)  # in the top margin: a PDF's per page, a DOCX's PAGE fields
    in_footer: list[Para] = field(default_factory=list)  # in the bottom margin instead
    on_first_page: list[Para] = field(default_factory=list)  # page 1 numbered
    pages: int | None = None  # a PDF's page count; a DOCX does not know its own


@dataclass
class Observed:
    """Everything the rules need from one file."""

    kind: str  # "docx" or "pdf"
    paras: list[Para]
    rules: list[RuleLine] = field(default_factory=list)
    text_width_pt: float | None = None  # the width of the text column
    column_centres: dict[str, float] = field(default_factory=dict)  # PDF: "left"/"right" block centres
    draft_mark: bool = False  # the page carries "DỰ THẢO": a draft, whatever its number says
    footnote_calls: int = 0  # PDF: footnote calls the reader took out of the text (import says so)
    page_numbers: PageNumbers = field(default_factory=PageNumbers)


def split(para: Para, separator: str) -> list[Para]:
    """One paragraph per line, where a drafter broke lines inside one paragraph (Shift+Enter, a tab).

    The pieces keep the paragraph's properties and element, and say which line they are.
    """
    if separator not in para.text:
        return [para]
    lines: list[list[Span]] = [[]]
    for span in para.spans:
        for k, piece in enumerate(span.text.split(separator)):
            if k:
                lines.append([])
            if piece:
                lines[-1].append(replace(span, text=piece))
    pieces = [spans for spans in lines if "".join(s.text for s in spans).strip()]
    # Pieces set apart by tabs have no alignment of their own: the tab stops place them.
    align = para.align if separator == "\n" else None
    if len(pieces) < 2:
        return [replace(para, text=para.text.replace(separator, " "), align=align)]
    return [
        replace(para, text="".join(s.text for s in spans), spans=spans, where={**para.where, "line": k}, align=align)
        for k, spans in enumerate(pieces, 1)
    ]
