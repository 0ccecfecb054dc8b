"""Write a fresh DOCX template (templates/<name>/notice.docx) from scratch.

The DOCX in a template folder is data that maintainers edit in Word; this
script is how the shipped one was first made, and how to get a clean one
back. It lays out the parts and names the styles; it sets no measurement that
the manifest owns (sizes, margins, indents, spacing): the renderer applies
those from manifest.toml on every render.

    python tools/build_docx_template.py templates/bo/notice.docx
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

# The order OOXML (ECMA-376, Part 1, §17) requires for the children of the elements this
# script writes into; Word reports a file that breaks it as unreadable.
OOXML_ORDER = {
    "pPr": (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
        "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
        "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
        "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ).split(),
    "tblPr": (
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
        "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription tblPrChange"
    ).split(),
    "rPr": (
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
        "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl "
        "cs em lang eastAsianLayout specVanish oMath"
    ).split(),
    "trPr": (
        "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc hidden"
    ).split(),
}

CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY


def paragraph_style(
    doc: Document, name: str, align: WD_ALIGN_PARAGRAPH, *, after: float = 0, keep_next: bool = False
) -> ParagraphStyle:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    fmt.keep_with_next = keep_next
    return style


def rule_style(doc: Document, name: str) -> None:
    """An empty paragraph whose top border is the rule; the renderer sets its indents,
    spacing and thickness from the manifest."""
    style = paragraph_style(doc, name, CENTER)
    style.font.size = Pt(2)
    p_pr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    # OOXML fixes the order of a pPr's children; Word refuses a file that breaks it.
    sequence = OOXML_ORDER["pPr"]
    p_pr.insert_element_before(borders, *(f"w:{tag}" for tag in sequence[sequence.index("pBdr") + 1 :]))


def run_box(style: ParagraphStyle, colour: str) -> None:
    """A single-line box around the text: a run border boxes exactly the text, as a mark needs."""
    r_pr = style.element.get_or_add_rPr()
    box = OxmlElement("w:bdr")
    for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "1"), ("w:color", colour)):
        box.set(qn(key), value)
    sequence = OOXML_ORDER["rPr"]
    r_pr.insert_element_before(box, *(f"w:{tag}" for tag in sequence[sequence.index("bdr") + 1 :]))


def urgency_style(style: ParagraphStyle) -> None:
    """R-KHAN: red, in a single-line box."""
    style.font.color.rgb = RGBColor(0xCC, 0x00, 0x00)
    run_box(style, "CC0000")


def add(container: Document | _Cell, text: str, style: str) -> None:
    container.add_paragraph(text, style=style)


def runs(container: Document | _Cell, style: str) -> None:
    """A body paragraph printed run by run: its text, and after a run that calls a footnote, a
    Word footnote reference (superscript) whose number compose gave. The renderer writes the
    footnotes themselves (word/footnotes.xml); a paragraph without footnotes is one run."""
    paragraph = container.add_paragraph(style=style)
    paragraph.add_run("{%r for run in block.runs %}")
    paragraph.add_run("{{ run.text }}")
    paragraph.add_run("{%r if run.note %}")
    reference = paragraph.add_run()
    r_pr = reference._r.get_or_add_rPr()
    align = OxmlElement("w:vertAlign")
    align.set(qn("w:val"), "superscript")
    r_pr.append(align)
    call = OxmlElement("w:footnoteReference")
    call.set(qn("w:id"), "{{ run.note.number }}")
    reference._r.append(call)
    paragraph.add_run("{%r endif %}")
    paragraph.add_run("{%r endfor %}")


def tag(container: Document | _Cell, text: str) -> None:
    """A docxtpl block tag ({%p … %}) on its own paragraph: it disappears on render."""
    container.add_paragraph(text, style="Normal")


def fill(cell: _Cell, lines: list[tuple[str, str | None]]) -> None:
    cell._element.remove(cell.paragraphs[0]._element)
    for text, style in lines:
        if style is None:
            tag(cell, text)
        else:
            add(cell, text, style)


def borderless(grid: Table) -> None:
    """No borders (the default table style has none), no cell padding, a fixed layout."""
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT  # anchored on the left margin: "Nơi nhận" stays flush left (R-NN)
    grid.autofit = False  # writes <w:tblLayout w:type="fixed"/>
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    sequence = OOXML_ORDER["tblPr"]
    grid._tbl.tblPr.insert_element_before(
        margins, *(f"w:{tag}" for tag in sequence[sequence.index("tblCellMar") + 1 :])
    )


def table(doc: Document, rows: int) -> list[list[_Cell]]:
    """A borderless two-column table without cell padding (widths come from the manifest)."""
    grid = doc.add_table(rows=rows, cols=2)
    borderless(grid)
    for row in grid.rows:
        row_pr = row._tr.get_or_add_trPr()
        cant_split = OxmlElement("w:cantSplit")
        row_pr.append(cant_split)
    return [list(row.cells) for row in grid.rows]


def page_field(paragraph: Paragraph) -> None:
    """A real PAGE field (R-PAGENO), showing "2" until a viewer updates it."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            result = OxmlElement("w:t")
            result.text = text
            run._r.append(result)


def page_line(doc: Document, header: Any, *, numbered: bool) -> None:
    """The top margin's one line: the page number in the middle, "{{ draft_mark }}" on the right.

    A borderless table of three cells, a quarter, a half and a quarter of the text width (in per
    cent, so the number stays centred when someone changes the margins in Word), keeps the two on
    one line in Word and in LibreOffice alike; a frame would do in Word, but LibreOffice stacks a
    frame under the page number and pushes the body down. Page 1 has no number (R-PAGENO)."""
    header.paragraphs[0]._element.getparent().remove(header.paragraphs[0]._element)
    grid = header.add_table(rows=1, cols=3, width=Pt(468))
    borderless(grid)
    grid.autofit = True  # widths in per cent, not fixed
    percent(grid._tbl.tblPr, "w:tblW", 5000)  # fiftieths of a per cent: the whole text width
    for column, share in zip(grid.columns, (1, 2, 1), strict=True):
        column.width = Pt(468 * share / 4)
    for cell, share in zip(grid.rows[0].cells, (1250, 2500, 1250), strict=True):
        percent(cell._tc.get_or_add_tcPr(), "w:tcW", share)
    left, middle, right = grid.rows[0].cells
    left.paragraphs[0].style = doc.styles["Notice Page Number"]
    middle.paragraphs[0].style = doc.styles["Notice Page Number"]
    if numbered:
        page_field(middle.paragraphs[0])
    right.paragraphs[0].style = doc.styles["Notice Draft Mark"]
    right.paragraphs[0].add_run("{{ draft_mark }}")
    # A header must end with a paragraph; an empty one of 1 pt takes no room worth counting.
    tail = header.add_paragraph(style=doc.styles["Notice Header End"])
    tail.paragraph_format.space_after = Pt(0)


def percent(parent: Any, tag: str, fiftieths: int) -> None:
    """A width in fiftieths of a per cent (OOXML's "pct")."""
    width = parent.find(qn(tag))
    if width is None:
        width = OxmlElement(tag)
        parent.append(width)
    width.set(qn("w:type"), "pct")
    width.set(qn("w:w"), str(fiftieths))


def draft_mark(doc: Document) -> None:
    """ "{{ draft_mark }}" at the top right of every page, on the page number's line."""
    style = paragraph_style(doc, "Notice Draft Mark", WD_ALIGN_PARAGRAPH.RIGHT)
    style.font.bold = True
    style.font.size = Pt(13)
    run_box(style, "000000")
    end = paragraph_style(doc, "Notice Header End", LEFT)
    end.font.size = Pt(1)
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    page_line(doc, section.first_page_header, numbered=False)
    page_line(doc, section.header, numbered=True)


def build(path: Path) -> None:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    for name in (
        "Notice National Title",
        "Notice Motto",
        "Notice Parent",
        "Notice Issuer",
        "Notice Number",
        "Notice Date",
        "Notice Secrecy",
        "Notice Urgency",
        "Notice Signer Name",
        "Notice Page Number",
    ):
        paragraph_style(doc, name, CENTER)
    paragraph_style(doc, "Notice Type", CENTER, keep_next=True)
    paragraph_style(doc, "Notice Subject", CENTER, keep_next=True)
    for name in ("Notice Body", "Notice Item"):
        paragraph_style(doc, name, JUSTIFY)
    # The closing sentence is never split and stays on the page of the signature block.
    paragraph_style(doc, "Notice Closing", JUSTIFY, keep_next=True).paragraph_format.keep_together = True
    for level in (1, 2, 3):
        paragraph_style(doc, f"Notice Heading {level}", JUSTIFY, keep_next=True)
    paragraph_style(doc, "Notice Recipients Label", LEFT)
    paragraph_style(doc, "Notice Recipient", LEFT)
    paragraph_style(doc, "Notice Authority", CENTER)
    for name in ("Notice Issuer Rule", "Notice Motto Rule", "Notice Subject Rule"):
        rule_style(doc, name)
    urgency_style(doc.styles["Notice Urgency"])

    draft_mark(doc)
    header = table(doc, 2)
    fill(
        header[0][0],
        [
            ("{%p if header.parent %}", None),
            ("{{ header.parent }}", "Notice Parent"),
            ("{%p endif %}", None),
            ("{{ header.issuer }}", "Notice Issuer"),
            ("", "Notice Issuer Rule"),
        ],
    )
    fill(
        header[0][1],
        [
            ("{{ header.national_title }}", "Notice National Title"),
            ("{{ header.motto }}", "Notice Motto"),
            ("", "Notice Motto Rule"),
        ],
    )
    fill(
        header[1][0],
        [
            ("{{ header.number_line }}", "Notice Number"),
            ("{%p if header.secrecy %}", None),
            ("{{ header.secrecy }}", "Notice Secrecy"),
            ("{%p endif %}", None),
            ("{%p if header.urgency %}", None),
            ("{{ header.urgency }}", "Notice Urgency"),
            ("{%p endif %}", None),
        ],
    )
    fill(header[1][1], [("{{ header.date_line }}", "Notice Date")])

    add(doc, "{{ doc_type }}", "Notice Type")
    tag(doc, "{%p for line in subject_lines %}")
    add(doc, "{{ line }}", "Notice Subject")
    tag(doc, "{%p endfor %}")
    add(doc, "", "Notice Subject Rule")

    tag(doc, "{%p for text in opening %}")
    add(doc, "{{ text }}", "Notice Body")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for block in body %}")
    tag(doc, '{%p if block.kind == "heading" and block.level == 1 %}')
    runs(doc, "Notice Heading 1")
    tag(doc, '{%p elif block.kind == "heading" and block.level == 2 %}')
    runs(doc, "Notice Heading 2")
    tag(doc, '{%p elif block.kind == "heading" %}')
    runs(doc, "Notice Heading 3")
    tag(doc, '{%p elif block.kind == "item" %}')
    runs(doc, "Notice Item")
    tag(doc, "{%p else %}")
    runs(doc, "Notice Body")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    add(doc, "{{ closing }}", "Notice Closing")

    signature = table(doc, 1)
    fill(
        signature[0][0],
        [
            ("{{ recipients_label }}", "Notice Recipients Label"),
            ("{%p for line in recipients %}", None),
            ("{{ line }}", "Notice Recipient"),
            ("{%p endfor %}", None),
        ],
    )
    fill(
        signature[0][1],
        [
            ("{%p for line in signature.authority %}", None),
            ("{{ line }}", "Notice Authority"),
            ("{%p endfor %}", None),
            ("{{ signature.name }}", "Notice Signer Name"),
        ],
    )
    doc.core_properties.author = ""
    doc.core_properties.title = ""
    doc.core_properties.comments = ""
    doc.save(path)


if __name__ == "__main__":
    build(Path(sys.argv[1]))
