"""Print a composed Document as DOCX through the template's docxtpl file.

The DOCX template owns the layout and the named styles; the manifest owns the
measurements. The measurements are written onto the named styles, so a
maintainer changes a size in one place (manifest.toml) and a user can still
restyle the result in Word.

A batch renders many notices with one template, so what does not depend on
the notice is done once per renderer: the measurements are applied to the
template once; the style parts (about 0.8 MB of XML) are set aside and put
back only when the file is zipped, so python-docx neither parses nor writes
them for each notice; and each part's Jinja template is compiled once.
"""

from __future__ import annotations

import functools
import io
import zipfile

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsmap, qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Cm, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.exceptions import SecurityError
from lxml import etree

from .. import nd30
from ..errors import RenderError
from ..notice.document import JOINER, Document, Footnote
from ..templates import Template, context, jinja_environment
from . import reproducible
from .fonts import DOCX_FAMILY

# Named style → the part whose NĐ30 size, weight and slant it prints.
STYLE_PARTS = {
    "Notice National Title": "national_title",
    "Notice Motto": "motto",
    "Notice Parent": "parent",
    "Notice Issuer": "issuer",
    "Notice Number": "number",
    "Notice Date": "date",
    "Notice Secrecy": "secrecy",
    "Notice Urgency": "urgency",
    "Notice Type": "doc_type",
    "Notice Subject": "subject",
    "Notice Body": "body",
    "Notice Item": "body",
    "Notice Closing": "body",
    "Notice Heading 1": "heading",
    "Notice Heading 2": "heading",
    "Notice Heading 3": "heading",
    "Notice Recipients Label": "recipients_label",
    "Notice Recipient": "recipients",
    "Notice Authority": "authority",
    "Notice Signer Name": "signer_name",
    "Notice Page Number": "page_number",
}
BODY_STYLES = (
    "Notice Body",
    "Notice Item",
    "Notice Closing",
    "Notice Heading 1",
    "Notice Heading 2",
    "Notice Heading 3",
)
RULE_STYLES = ("Notice Issuer Rule", "Notice Motto Rule", "Notice Subject Rule")
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")
# Parts rendering neither reads nor changes, and their stand-in while a notice renders.
SET_ASIDE = ("word/styles.xml", "word/stylesWithEffects.xml")
EMPTY_RUN = '<w:r><w:t xml:space="preserve"></w:t></w:r>'
STAND_IN = b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'


def _set_fonts(r_pr: CT_RPr) -> None:
    """Times New Roman in every script slot, so no script falls back to another face (R-FONT)."""
    fonts = r_pr.get_or_add_rFonts()
    for slot in FONT_SLOTS:
        fonts.set(qn(slot), DOCX_FAMILY)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def _keep_words(root: etree._Element) -> None:
    """The Document's line-break marks in Word's terms (notice/document.py): a "-" before a JOINER
    becomes Word's non-breaking hyphen (w:noBreakHyphen, read back as "-"), and the JOINER goes,
    the face having no glyph for it; after "/" neither Word nor LibreOffice breaks. NBSP stays."""
    space = "{http://www.w3.org/XML/1998/namespace}space"
    for text in [t for t in root.iter(qn("w:t")) if t.text and JOINER in t.text]:
        pieces = text.text.split("-" + JOINER)
        text.text = pieces[0].replace(JOINER, "")
        text.set(space, "preserve")
        after = text
        for piece in pieces[1:]:
            hyphen = etree.Element(qn("w:noBreakHyphen"))
            after.addnext(hyphen)
            after = etree.Element(qn("w:t"), {space: "preserve"})
            after.text = piece.replace(JOINER, "")
            hyphen.addnext(after)


def _cut(text: str, limit: int = 255) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Template(DocxTemplate):
    """docxtpl cleans each part's XML with regular expressions before compiling it; for one
    template that XML is the same for every notice, so the renderer keeps the cleaned text."""

    def __init__(self, source: bytes, cleaned: dict[str, str]) -> None:
        super().__init__(io.BytesIO(source))
        self.cleaned = cleaned

    def patch_xml(self, src_xml: str) -> str:
        if src_xml not in self.cleaned:
            # docxtpl moves each run tag ({%r for run in block.runs %}) into a run of its own between
            # two empty runs; they print nothing, and removed they leave a paragraph of one run (no
            # footnote) exactly as a template with {{ block.text }} gives it.
            self.cleaned[src_xml] = super().patch_xml(src_xml).replace(EMPTY_RUN, "")
        return self.cleaned[src_xml]


def _set_aside(package: bytes) -> tuple[bytes, dict[str, bytes]]:
    """The package with its style parts replaced by an empty stand-in, and those parts.

    Rendering never reads or changes them (the measurements are already applied), yet
    python-docx would parse and write them again for every notice."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    aside = {name: data for name, data in parts.items() if name in SET_ASIDE}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as slim:  # read once per notice: no need to compress
        for name, data in parts.items():
            slim.writestr(name, STAND_IN if name in aside else data)
    return out.getvalue(), aside


class DocxRenderer:
    """Renders many documents with one template; the template file is read once."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.env = jinja_environment(autoescape=True)
        # docxtpl compiles each XML part with from_string on every render; the parts are the
        # template's, the same text every time, so each is compiled once (a few per template).
        self.env.from_string = functools.lru_cache(maxsize=32)(self.env.from_string)
        prepared = open_docx(io.BytesIO(template.docx_path.read_bytes()))
        self._page(prepared)
        self._styles(prepared)
        self._tables(prepared)
        self.rule_ids = {self._style(prepared, name).style_id: name for name in RULE_STYLES}
        self.closing_id = self._style(prepared, "Notice Closing").style_id
        buffer = io.BytesIO()
        prepared.save(buffer)
        self.source, self.set_aside = _set_aside(buffer.getvalue())
        self.cleaned: dict[str, str] = {}  # a few entries: one per part of the template

    def render(self, doc: Document) -> bytes:
        tpl = _Template(self.source, self.cleaned)
        try:
            tpl.render(context(doc, self.template), self.env, autoescape=True)
        except SecurityError as exc:
            raise RenderError(f"{self.template.docx_path}: mẫu DOCX dùng thao tác không an toàn: {exc}") from None
        except TemplateError as exc:
            raise RenderError(f"{self.template.docx_path}: lỗi mẫu DOCX: {exc}") from None
        docx = tpl.docx
        _keep_words(docx.element.body)
        self._rules(docx, doc)
        if doc.footnotes:
            self._footnotes(docx, doc.footnotes)
        if doc.body and doc.body[-1].keep_with_next:
            self._keep_before_closing(docx)
        props = docx.core_properties
        # Word limits these properties to 255 characters; a long trích yếu is cut with "…".
        props.title, props.subject, props.author = (_cut(doc.title), _cut(doc.subject), _cut(doc.author))
        props.language = "vi-VN"
        # From the notice, not the clock: the same input gives the same bytes (reproducible.py).
        when = reproducible.moment(doc.date)
        props.created = props.modified = reproducible.utc_naive(when)
        props.last_modified_by, props.revision = "", 1
        out = io.BytesIO()
        tpl.save(out)
        return reproducible.normalise_zip(out.getvalue(), when, replace=self.set_aside)

    def _page(self, docx: DocxDocument) -> None:
        page = self.template.manifest.page
        for section in docx.sections:
            section.page_width, section.page_height = (Mm(side) for side in nd30.PAGE_MM)  # R-PAGE
            section.top_margin, section.bottom_margin = Mm(page.margin_top_mm), Mm(page.margin_bottom_mm)
            section.left_margin, section.right_margin = Mm(page.margin_left_mm), Mm(page.margin_right_mm)
            section.header_distance = Mm(page.header_distance_mm)
            section.different_first_page_header_footer = True  # R-PAGENO: none on page 1

    def _styles(self, docx: DocxDocument) -> None:
        defaults = docx.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
            if r_pr is not None:
                _set_fonts(r_pr)
        layout = self.template.manifest.layout
        for name, part in STYLE_PARTS.items():
            style = self._style(docx, name)
            look = self.template.style(part)
            style.font.size = Pt(look.size)
            style.font.bold = look.bold
            style.font.italic = look.italic
            _set_fonts(style.element.get_or_add_rPr())
            if name in BODY_STYLES:
                fmt = style.paragraph_format
                fmt.first_line_indent = Cm(layout.first_line_indent_cm)
                fmt.space_after = Pt(layout.space_after_pt)
                fmt.line_spacing = layout.line_spacing
        self._style(docx, "Notice Signer Name").paragraph_format.space_before = Pt(layout.signature_space_pt)
        for name in RULE_STYLES:
            style = self._style(docx, name)
            style.paragraph_format.space_before = Pt(layout.rule_gap_pt)
            style.paragraph_format.space_after = Pt(layout.rule_space_after_pt)
            border = style.element.pPr.find(f"{qn('w:pBdr')}/{qn('w:top')}")
            if border is None:
                raise RenderError(f"{self.template.docx_path}: kiểu đoạn “{name}” cần một đường viền trên (w:top)")
            border.set(qn("w:sz"), str(round(layout.rule_width_pt * 8)))  # eighths of a point
        for name in ("Notice Number", "Notice Date"):
            self._style(docx, name).paragraph_format.space_before = Pt(layout.date_space_before_pt)
        self._style(docx, "Notice Type").paragraph_format.space_before = Pt(layout.title_space_before_pt)
        self._style(docx, "Notice Urgency").paragraph_format.space_before = Pt(layout.mark_space_before_pt)
        self._style(docx, "Notice Subject Rule").paragraph_format.space_after = Pt(layout.subject_space_after_pt)
        _set_fonts(docx.styles["Normal"].element.get_or_add_rPr())

    def _style(self, docx: DocxDocument, name: str) -> ParagraphStyle:
        try:
            return docx.styles[name]
        except KeyError:
            raise RenderError(f"{self.template.docx_path}: thiếu kiểu đoạn “{name}” trong mẫu DOCX") from None

    def _tables(self, docx: DocxDocument) -> None:
        """The header and signature tables take the manifest's column split; the header table (the
        one holding the Quốc hiệu) is wider and starts left of the text, into the margins, by the
        manifest's outdents (issue 13), as the PDF's does."""
        title_id = self._style(docx, "Notice National Title").style_id
        for table in docx.tables:
            header = any(p.style is not None and p.style.style_id == title_id for p in table._cells[1].paragraphs)
            widths = self.template.header_widths_pt() if header else self.template.column_widths_pt()
            for column, width in zip(table.columns, widths, strict=True):
                column.width = Pt(width)
                for cell in column.cells:
                    cell.width = Pt(width)
            if header:
                table_pr = table._tbl.tblPr
                indent = table_pr.find(qn("w:tblInd"))
                if indent is None:
                    indent = OxmlElement("w:tblInd")
                    # OOXML orders tblPr's children (Word refuses a file that breaks it): tblInd after jc.
                    table_pr.insert_element_before(
                        indent, "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"
                    )
                outdent = self.template.manifest.layout.header_outdent_left_mm
                indent.set(qn("w:w"), str(-round(outdent / 25.4 * 1440)))
                indent.set(qn("w:type"), "dxa")

    def _footnotes(self, docx: DocxDocument, notes: tuple[Footnote, ...]) -> None:
        """Word footnotes: the template's paragraphs hold the references (w:footnoteReference, with
        compose's numbers as ids); their texts go into word/footnotes.xml, built here with lxml, so
        every text is escaped. A template saved by Word has that part already (with its separators):
        its notes are replaced, its separators kept."""
        part = next((rel.target_part for rel in docx.part.rels.values() if rel.reltype == RT.FOOTNOTES), None)
        if part is None:
            root = etree.Element(qn("w:footnotes"), nsmap={"w": nsmap["w"]})
            for kind, number in (("separator", -1), ("continuationSeparator", 0)):
                note = etree.SubElement(root, qn("w:footnote"), {qn("w:type"): kind, qn("w:id"): str(number)})
                run = etree.SubElement(etree.SubElement(note, qn("w:p")), qn("w:r"))
                etree.SubElement(run, qn(f"w:{kind}"))
        else:
            root = etree.fromstring(part.blob)
            for note in root.findall(qn("w:footnote")):
                if note.get(qn("w:type")) in (None, "normal"):
                    root.remove(note)
        size = str(round(self.template.manifest.layout.footnote_size_pt * 2))  # half-points
        for footnote in notes:
            note = etree.SubElement(root, qn("w:footnote"), {qn("w:id"): str(footnote.number)})
            paragraph = etree.SubElement(note, qn("w:p"))
            p_pr = etree.SubElement(paragraph, qn("w:pPr"))
            etree.SubElement(p_pr, qn("w:spacing"), {qn("w:after"): "0", qn("w:line"): "240", qn("w:lineRule"): "auto"})
            etree.SubElement(p_pr, qn("w:jc"), {qn("w:val"): "both"})
            for content, superscript in ((None, True), (f" {footnote.text}", False)):
                run = etree.SubElement(paragraph, qn("w:r"))
                r_pr = etree.SubElement(run, qn("w:rPr"))
                fonts = etree.SubElement(r_pr, qn("w:rFonts"))
                for slot in FONT_SLOTS:
                    fonts.set(qn(slot), DOCX_FAMILY)
                if superscript:
                    etree.SubElement(r_pr, qn("w:vertAlign"), {qn("w:val"): "superscript"})
                etree.SubElement(r_pr, qn("w:sz"), {qn("w:val"): size})
                etree.SubElement(r_pr, qn("w:szCs"), {qn("w:val"): size})
                if content is None:
                    etree.SubElement(run, qn("w:footnoteRef"))
                else:
                    text = etree.SubElement(run, qn("w:t"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
                    text.text = content  # lxml escapes &, <, >
        _keep_words(root)
        blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if part is None:
            new = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, docx.part.package)
            docx.part.relate_to(new, RT.FOOTNOTES)
        elif isinstance(part, XmlPart):
            part._element = parse_xml(blob)  # python-docx has no API to replace a part's content
        else:
            part._blob = blob

    def _keep_before_closing(self, docx: DocxDocument) -> None:
        """The paragraph before the closing (the body's last block) kept whole and with it, as
        compose asks when the closing is short (Block.keep_with_next)."""
        previous = None
        for element in docx.element.body.iterchildren(qn("w:p")):
            if element.pPr is not None and element.pPr.style == self.closing_id:
                if previous is not None:
                    fmt = Paragraph(previous, docx).paragraph_format
                    fmt.keep_together = fmt.keep_with_next = True
                return
            previous = element

    def _rules(self, docx: DocxDocument, doc: Document) -> None:
        """Centre each rule under its text by indenting its border paragraph (the header's two in
        the header table's columns, the subject's in the text width)."""
        left, right = self.template.header_widths_pt()
        rules = dict(
            zip(
                RULE_STYLES,
                (
                    (doc.header.issuer_rule_pt, left),
                    (doc.header.motto_rule_pt, right),
                    (doc.subject_rule_pt, sum(self.template.column_widths_pt())),
                ),
                strict=True,
            )
        )
        # By style id, read once from the template: the styles themselves are set aside (see above).
        for element in docx.element.body.iter(qn("w:p")):
            style = element.pPr.style if element.pPr is not None else None
            if style in self.rule_ids:
                length, column = rules[self.rule_ids[style]]
                indent = Pt(max(column - length, 0) / 2)
                paragraph = Paragraph(element, docx)
                paragraph.paragraph_format.left_indent = indent
                paragraph.paragraph_format.right_indent = indent
