"""`check --fix`: repair what is mechanical in a DOCX, and leave the rest to a person.

Mechanical means a value NĐ30 fixes or bounds: the page, the margins, the
face, the size, weight and slant of each recognised part, the zero padding
of the number and the date, the punctuation of Nơi nhận, and the body's
alignment, indent and spacing. A value outside a range moves to the nearest
end of it, the smallest change that complies. Nothing else in the file is
touched, and the corrected copy is written beside the original, never over it.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .. import nd30
from ..render.output import write_all
from . import rules
from .docx_reader import SLOTS, THEME_ATTRIBUTES, Styles, _Reader, _runs
from .layout import SERIF_FAMILIES, SYMBOL_FAMILIES, Para
from .parts import Parts, proper_date_line, recognise

FACE = SERIF_FAMILIES[0]
SUFFIX = "-da-sua"  # "đã sửa": the corrected copy's name, beside the original


def fixed_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}{SUFFIX}{path.suffix}")


def fix(path: Path) -> Path:
    """Write the corrected copy of ``path`` and return its path."""
    reader = _Reader(path)
    observed = reader.read()
    parts = recognise(observed.paras)
    document = reader.document
    _page(document)
    _faces(document)
    for part, paras in _parts(parts):
        for para in paras:
            if "line" not in para.where:  # one line of a paragraph broken by hand: left for a person
                _look(reader.styles, para, part)
    if parts.number is not None:
        _retext(parts.number, _number_text(parts.number.text))
    if parts.date is not None:
        _retext(parts.date, _date_text(parts.date.text))
    _recipients(parts)
    _centre([p for p in (parts.doc_type, *parts.subject) if p is not None and "line" not in p.where])
    _body(parts.body)
    buffer = io.BytesIO()
    document.save(buffer)
    target = fixed_path(path)
    write_all({target: buffer.getvalue()})
    return target


def _parts(parts: Parts) -> list[tuple[str, list[Para]]]:
    one = {
        "national_title": parts.national_title,
        "motto": parts.motto,
        "number": parts.number,
        "date": parts.date,
        "doc_type": parts.doc_type,
        "recipients_label": parts.recipients_label,
        "signer_name": parts.signer_name,
    }
    many = {
        "parent": parts.parent,
        "issuer": parts.issuer,
        "subject": parts.subject,
        "recipients": parts.recipients,
        "authority": parts.authority + parts.position,
        "body": parts.body,
    }
    return [(k, [v]) for k, v in one.items() if v is not None] + list(many.items())


def _page(document: Any) -> None:
    """R-PAGE and R-MARGIN: A4 portrait; each margin moved to the nearest end of its range."""
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(nd30.PAGE_MM[0]), Mm(nd30.PAGE_MM[1])
        for side, (low, high) in nd30.MARGINS_MM.items():
            value = (getattr(section, f"{side}_margin") or 0) / Mm(1)
            if not low <= value <= high:
                setattr(section, f"{side}_margin", Mm(min(max(value, low), high)))


def _set_faces(r_pr: Any) -> None:
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for slot in SLOTS:
        fonts.attrib.pop(qn(THEME_ATTRIBUTES[slot]), None)
        fonts.set(qn(f"w:{slot}"), FACE)


def _faces(document: Any) -> None:
    """R-FONT: Times New Roman in every slot of the defaults, of every style and of every run that names a face."""
    root = document.styles.element
    defaults = root.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if r_pr is not None:
            _set_faces(r_pr)
    for element in [root, document.element.body, *(_header_elements(document))]:
        for fonts in list(element.iter(qn("w:rFonts"))):
            if not set(fonts.attrib.values()) & set(SYMBOL_FAMILIES):  # a Wingdings check mark stays one
                _set_faces(fonts.getparent())


def _header_elements(document: Any) -> list[Any]:
    out = []
    for section in document.sections:
        for header in (section.header, section.first_page_header, section.footer, section.first_page_footer):
            if not header.is_linked_to_previous:
                out.append(header._element)
    return out


def _look(styles: Styles, para: Para, part: str) -> None:
    """Size, bold and italic of one part, set on the runs where the effective value is wrong."""
    rule = nd30.PARTS["heading" if part == "body" and rules.is_heading(para) else part]
    low, high = rule.sizes
    for r in _runs(para.element):
        effective = styles.run_format(para.element, r)
        font = Run(r, None).font  # type: ignore[arg-type]
        if not low <= effective.size <= high:
            font.size = Pt(min(max(effective.size, low), high))
        if part == "body":
            continue  # emphasis inside the body is the drafter's choice
        if effective.bold != rule.bold:
            font.bold = rule.bold
        if effective.italic != rule.italic:
            font.italic = rule.italic


def _retext(para: Para, text: str) -> None:
    """Replace a short part's text, keeping the first run's formatting for all of it.

    Only a paragraph that is the part and nothing else: one broken by hand into several lines
    holds other parts too, and is left for a person."""
    if " ".join(para.text.split()) == " ".join(text.split()) or "line" in para.where:
        return
    texts = list(para.element.iter(qn("w:t")))
    if not texts:
        return
    texts[0].text = text
    texts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    for t in texts[1:]:
        t.text = ""


def _number_text(text: str) -> str:
    match = re.match(r"^\s*Số\s*:?\s*(\d+)\s*/\s*(\S+)\s*$", text, re.IGNORECASE)
    if not match:
        return text
    return f"Số: {nd30.pad2(int(match[1]))}/{match[2].upper()}"


def _date_text(text: str) -> str:
    return proper_date_line(text) or text


def _edit_ends(para: Para, prefix: str | None, suffix: str) -> None:
    """Set a paragraph's leading mark and trailing punctuation, in its first and last text."""
    if "line" in para.where:
        return
    texts = [t for t in para.element.iter(qn("w:t")) if t.text]
    if not texts:
        return
    if prefix and not texts[0].text.lstrip().startswith(prefix.strip()):
        texts[0].text = prefix + texts[0].text.lstrip()
    last = texts[-1]
    stripped = last.text.rstrip().rstrip(";,.:")
    last.text = stripped + suffix
    for t in (texts[0], last):
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _recipients(parts: Parts) -> None:
    """R-NN and R-NNITEM: "Nơi nhận:", items "- …;", the Lưu line ending with "."."""
    label = parts.recipients_label
    if label is not None and label.text.strip() != nd30.RECIPIENTS_LABEL:
        _retext(label, nd30.RECIPIENTS_LABEL)
    items = [p for p in parts.recipients if not rules.DRAFTER.match(p.text.strip())]
    in_group = rules.grouped([p.text.strip() for p in items])
    for para, member in zip(items[:-1], in_group, strict=False):
        if not member:  # a group's line and its members are right as they are
            _edit_ends(para, "- ", ";")
    if items and re.match(r"^-?\s*Lưu\b", items[-1].text.strip()):
        last = items[-1]
        texts = [t for t in last.element.iter(qn("w:t")) if t.text and "Lưu" in t.text]
        if texts and "line" not in last.where:  # "- Lưu VT, VP" → "- Lưu: VT, VP"
            texts[0].text = re.sub(r"Lưu\s*:?\s*", "Lưu: ", texts[0].text, count=1)
        _edit_ends(last, "- ", ".")


def _centre(paras: list[Para]) -> None:
    """R-TYPE and R-SUBJ: "THÔNG BÁO" and the trích yếu centred, without a first-line indent."""
    for para in paras:
        if para.align != "center":
            fmt = Paragraph(para.element, None).paragraph_format  # type: ignore[arg-type]
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.first_line_indent = Cm(0)


def _body(body: list[Para]) -> None:
    """R-BODY: justified, a 1 or 1.27 cm first-line indent, ≥ 6 pt apart, single to 1.5 lines."""
    for previous, para in zip([None, *body], body, strict=False):
        fmt = Paragraph(para.element, None).paragraph_format  # type: ignore[arg-type]
        if not rules.is_heading(para):
            if para.align not in (None, "justify"):
                fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            indent = para.first_indent_cm
            if indent is not None and not rules.indent_ok(indent):
                low, high = nd30.FIRST_LINE_INDENTS_CM
                fmt.first_line_indent = Cm(low if indent < (low + high) / 2 else high)
        spacing = para.line_spacing
        if spacing is not None and not rules.line_spacing_ok(spacing):
            fmt.line_spacing = min(max(spacing, nd30.LINE_SPACING[0]), nd30.LINE_SPACING[1])
        space = rules.gap(previous, para)
        if previous is not None and space is not None and space < nd30.MIN_SPACE_AFTER_PT - rules.SPACING_TOLERANCE_PT:
            before = Paragraph(previous.element, None).paragraph_format  # type: ignore[arg-type]
            before.space_after = Pt(nd30.MIN_SPACE_AFTER_PT - (para.space_before_pt or 0))
            for element in (previous.element, para.element):
                _no_contextual_spacing(element)


# What may follow w:contextualSpacing inside w:pPr (ECMA-376, CT_PPrBase), so it is inserted in order.
_AFTER_CONTEXTUAL = (
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _no_contextual_spacing(element: Any) -> None:
    """Word drops the spacing between paragraphs of one style under contextualSpacing: switch it off here."""
    p_pr = element.get_or_add_pPr()
    contextual = p_pr.find(qn("w:contextualSpacing"))
    if contextual is None:
        contextual = OxmlElement("w:contextualSpacing")
        p_pr.insert_element_before(contextual, *_AFTER_CONTEXTUAL)
    contextual.set(qn("w:val"), "0")
