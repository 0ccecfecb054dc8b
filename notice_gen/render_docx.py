"""Print a composed Document as DOCX through the template's docxtpl file.

The DOCX template owns the layout and the named styles; the manifest owns the
measurements. After docxtpl fills the text, the measurements are written onto
the named styles, so a maintainer changes a size in one place (manifest.toml)
and a user can still restyle the result in Word.
"""

from __future__ import annotations

import io

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Cm, Mm, Pt
from docx.styles.style import ParagraphStyle
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.exceptions import SecurityError

from . import nd30, reproducible
from .document import Document
from .errors import RenderError
from .fonts import DOCX_FAMILY
from .templates import Template, context, jinja_environment

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


def _set_fonts(r_pr: CT_RPr) -> None:
    """Times New Roman in every script slot, so no script falls back to another face (R-FONT)."""
    fonts = r_pr.get_or_add_rFonts()
    for slot in FONT_SLOTS:
        fonts.set(qn(slot), DOCX_FAMILY)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def _cut(text: str, limit: int = 255) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class DocxRenderer:
    """Renders many documents with one template; the template file is read once."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.source = template.docx_path.read_bytes()
        self.env = jinja_environment(autoescape=True)

    def render(self, doc: Document) -> bytes:
        tpl = DocxTemplate(io.BytesIO(self.source))
        try:
            tpl.render(context(doc, self.template), self.env, autoescape=True)
        except SecurityError as exc:
            raise RenderError(f"{self.template.docx_path}: mẫu DOCX dùng thao tác không an toàn: {exc}") from None
        except TemplateError as exc:
            raise RenderError(f"{self.template.docx_path}: lỗi mẫu DOCX: {exc}") from None
        docx = tpl.docx
        self._page(docx)
        self._styles(docx)
        self._tables(docx)
        self._rules(docx, doc)
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
        return reproducible.normalise_zip(out.getvalue(), when)

    def _page(self, docx: DocxDocument) -> None:
        page = self.template.manifest.page
        for section in docx.sections:
            section.page_width, section.page_height = (Mm(side) for side in nd30.PAGE_MM)  # R-PAGE
            section.top_margin, section.bottom_margin = Mm(page.margin_top_mm), Mm(page.margin_bottom_mm)
            section.left_margin, section.right_margin = Mm(page.margin_left_mm), Mm(page.margin_right_mm)
            section.header_distance = Mm(page.header_distance_mm)
            section.different_first_page_header_footer = True  # R-PAGENO: none on page 1
        # The draft mark's frame sits level with the page number, at the header distance from the top.
        frame = self._style(docx, "Notice Draft Mark").element.pPr.find(qn("w:framePr"))
        frame.set(qn("w:y"), str(round(page.header_distance_mm / 25.4 * 1440)))

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
        """The header and signature tables take the manifest's column split."""
        widths = self.template.column_widths_pt()
        for table in docx.tables:
            for column, width in zip(table.columns, widths, strict=True):
                column.width = Pt(width)
                for cell in column.cells:
                    cell.width = Pt(width)

    def _rules(self, docx: DocxDocument, doc: Document) -> None:
        """Centre each rule under its text by indenting its border paragraph."""
        left, right = self.template.column_widths_pt()
        rules = dict(
            zip(
                RULE_STYLES,
                (
                    (doc.header.issuer_rule_pt, left),
                    (doc.header.motto_rule_pt, right),
                    (doc.subject_rule_pt, left + right),
                ),
                strict=True,
            )
        )
        paragraphs = list(docx.paragraphs)
        for table in docx.tables:
            for cell in table._cells:
                paragraphs.extend(cell.paragraphs)
        for paragraph in paragraphs:
            found = rules.get(paragraph.style.name if paragraph.style is not None else "")
            if found:
                length, column = found
                indent = Pt(max(column - length, 0) / 2)
                paragraph.paragraph_format.left_indent = indent
                paragraph.paragraph_format.right_indent = indent
