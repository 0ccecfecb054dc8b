"""Read a DOCX notice into paragraphs with their effective formatting.

What Word shows is not what a run says: a run without a font takes its
character style's, then its paragraph style's (and that style's bases), then
the document defaults, and a theme font name stands for the theme's face.
This module resolves that chain for every run and every script slot, so a
notice typed by hand in Word is judged by what it really prints in. The
section's page setup, its headers (R-PAGENO) and the drawn rules are read
here too, because only a DOCX states them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from .. import nd30
from ..notice.document import plain
from ..render.fonts import single_line_factor, text_width_pt
from .layout import CM, MM, Observed, PageNumbers, Para, RuleLine, Span, split
from .parts import loose
from .report import Finding
from .rules import header_gap

SLOTS = ("ascii", "hAnsi", "cs", "eastAsia")
THEME_ATTRIBUTES = {"ascii": "w:asciiTheme", "hAnsi": "w:hAnsiTheme", "cs": "w:cstheme", "eastAsia": "w:eastAsiaTheme"}
TWIP = 20  # twips per point
EMU_PT = 12700
DEFAULT_SIZE_PT = 10.0  # OOXML's size when nothing sets one
TRUE = {None, "1", "true", "on"}
EXACT_MM = 0.05  # a DOCX states its margins exactly, to the twip: 2.54 cm is not 2.5 cm
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


_PPR = qn("w:pPr")


@functools.cache
def _clark(path: str) -> str:
    """ "w:ind/w:left" in Clark notation, as lxml finds it (asked thousands of times a document)."""
    return "/".join(qn(part) for part in path.split("/"))


def _on(element: Any) -> bool | None:
    """A toggle property (w:b, w:i): None when absent."""
    return None if element is None else element.get(qn("w:val")) in TRUE


@dataclass
class RunFormat:
    fonts: dict[str, str | None]  # the face of each slot; None where no face is set or the theme has none
    themed: set[str]  # slots whose face comes from the theme
    size: float
    bold: bool
    italic: bool
    color: str | None


class Styles:
    """The style sheet and theme of one document, resolved on demand."""

    def __init__(self, document: Any) -> None:
        root = document.styles.element
        self.by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        self.default_paragraph = next(
            (
                s.get(qn("w:styleId"))
                for s in root.findall(qn("w:style"))
                if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in TRUE - {None}
            ),
            None,
        )
        defaults = root.find(qn("w:docDefaults"))
        self.run_default = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
        self.para_default = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}") if defaults is not None else None
        self.theme = _theme_fonts(document)
        self._chains: dict[str | None, list[Any]] = {}
        self._para_layers: dict[Any, list[Any]] = {}

    def chain(self, style_id: str | None) -> list[Any]:
        """A style and its bases, base first (asked for every run and property: resolved once a style)."""
        if style_id in self._chains:
            return self._chains[style_id]
        self._chains[style_id] = self._chain(style_id)
        return self._chains[style_id]

    def _chain(self, style_id: str | None) -> list[Any]:
        out: list[Any] = []
        while style_id and style_id in self.by_id and len(out) < 20:
            style = self.by_id[style_id]
            out.insert(0, style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return out

    def paragraph_style(self, p: Any) -> str | None:
        ref = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return ref.get(qn("w:val")) if ref is not None else self.default_paragraph

    def run_layers(self, p: Any, r: Any) -> list[Any]:
        """The rPr elements that apply to run ``r``, weakest first."""
        layers = [self.run_default]
        layers += [s.find(qn("w:rPr")) for s in self.chain(self.paragraph_style(p))]
        r_pr = r.find(qn("w:rPr"))
        style = r_pr.find(qn("w:rStyle")) if r_pr is not None else None
        if style is not None:
            layers += [s.find(qn("w:rPr")) for s in self.chain(style.get(qn("w:val")))]
        layers.append(r_pr)
        return [layer for layer in layers if layer is not None]

    def para_layers(self, p: Any) -> list[Any]:
        """The pPr elements that apply to paragraph ``p``, weakest first (a dozen properties are asked
        of every paragraph: resolved once a paragraph, as chain() is once a style)."""
        if p in self._para_layers:
            return self._para_layers[p]
        layers = [self.para_default]
        layers += [s.find(_PPR) for s in self.chain(self.paragraph_style(p))]
        layers.append(p.find(_PPR))
        self._para_layers[p] = [layer for layer in layers if layer is not None]
        return self._para_layers[p]

    def run_format(self, p: Any, r: Any) -> RunFormat:
        fonts: dict[str, str | None] = dict.fromkeys(SLOTS)
        themed: set[str] = set()
        size, bold, italic, color = DEFAULT_SIZE_PT, False, False, None
        for layer in self.run_layers(p, r):
            names = layer.find(qn("w:rFonts"))
            if names is not None:
                for slot in SLOTS:
                    theme = names.get(qn(THEME_ATTRIBUTES[slot]))
                    plain = names.get(qn(f"w:{slot}"))
                    if theme:
                        fonts[slot] = self.theme.get(theme)
                        themed.add(slot)
                    elif plain:
                        fonts[slot] = plain
                        themed.discard(slot)
            sz = layer.find(qn("w:sz"))
            if sz is not None and sz.get(qn("w:val")):
                size = int(sz.get(qn("w:val"))) / 2
            for tag, value in (("w:b", "bold"), ("w:i", "italic")):
                on = _on(layer.find(qn(tag)))
                if on is not None:
                    bold, italic = (on, italic) if value == "bold" else (bold, on)
            c = layer.find(qn("w:color"))
            if c is not None and c.get(qn("w:val")):
                color = c.get(qn("w:val")).upper()
        return RunFormat(fonts, themed, size, bold, italic, None if color in (None, "AUTO") else color)

    def para_property(self, p: Any, path: str, attribute: str) -> str | None:
        """The effective value of one paragraph property, e.g. ("w:jc", "w:val")."""
        value = None
        found, name = _clark(path), _clark(attribute)
        for layer in self.para_layers(p):
            element = layer.find(found)
            if element is not None and element.get(name) is not None:
                value = element.get(name)
        return value

    def toggle(self, p: Any, tag: str) -> bool:
        value = False
        for layer in self.para_layers(p):
            on = _on(layer.find(qn(tag)))
            value = value if on is None else on
        return value

    def border(self, p: Any, side: str) -> bool:
        for layer in reversed(self.para_layers(p)):
            edge = layer.find(f"{qn('w:pBdr')}/{qn(f'w:{side}')}")
            if edge is not None:
                return edge.get(qn("w:val")) not in ("nil", "none")
        return False


def _theme_fonts(document: Any) -> dict[str, str]:
    """minorHAnsi → "Calibri" and so on, from the theme part."""
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype.endswith("/theme") and not rel.is_external:
            # No entities, no network: a theme part is data from whoever made the file.
            root = etree.fromstring(rel.target_part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
            out = {}
            for kind in ("major", "minor"):
                scheme = root.find(f".//{{{A_NS}}}{kind}Font")
                if scheme is None:
                    continue
                latin = scheme.find(f"{{{A_NS}}}latin")
                east = scheme.find(f"{{{A_NS}}}ea")
                cs = scheme.find(f"{{{A_NS}}}cs")
                for suffix, element in (("HAnsi", latin), ("Ascii", latin), ("EastAsia", east), ("Bidi", cs)):
                    face = element.get("typeface") if element is not None else None
                    if face:  # an empty face (usual for East Asian) prints nothing of its own
                        out[f"{kind}{suffix}"] = face
            return out
    return {}


def _run_text(r: Any) -> str:
    out = []
    for child in r:
        tag = child.tag.rpartition("}")[2]
        if tag == "t":
            out.append(plain(child.text or ""))  # compose's no-break marks read as the text they join
        elif tag == "tab":
            out.append("\t")
        elif tag in ("br", "cr"):
            out.append("\n")
        elif tag == "noBreakHyphen":
            out.append("-")
    return "".join(out)


def _runs(p: Any) -> list[Any]:
    """Runs that print: those in hyperlinks, fields and insertions too, not deleted ones."""
    return [r for r in p.iter(qn("w:r")) if r.getparent().tag != qn("w:del")]


class _Reader:
    def __init__(self, path: Path) -> None:
        import docx

        self.document = docx.Document(str(path))
        self.styles = Styles(self.document)
        section = self.document.sections[0]
        self.body_width = (
            (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
        ) / EMU_PT
        self.paras: list[Para] = []
        self.rules: list[RuleLine] = []
        self.findings: list[Finding] = []  # what the reader itself measures (the header gap)
        self.factor = single_line_factor()

    def para(self, p: Any, where: dict[str, int], zone: str, width: float, row: Any = None) -> Para:
        spans = []
        for r in _runs(p):
            fmt = self.styles.run_format(p, r)
            text = _run_text(r)
            if text:
                family = fmt.fonts["hAnsi"] or fmt.fonts["ascii"]
                # Vietnamese prints in the ascii and hAnsi slots. The East Asian and complex-script slots
                # are judged when a face is set there by hand, not when they follow the theme.
                judged = {s: f for s, f in fmt.fonts.items() if s in ("ascii", "hAnsi") or s not in fmt.themed}
                spans.append(Span(text, family, fmt.size, fmt.bold, fmt.italic, fmt.color, slots=judged))
        text = "".join(s.text for s in spans)
        size = max((s.size for s in spans if s.text.strip() and s.size), default=DEFAULT_SIZE_PT)
        para = Para(text, spans, where, zone, element=p, row=row, style=self.styles.paragraph_style(p), column_pt=width)
        jc = self.styles.para_property(p, "w:jc", "w:val")
        para.align = {
            "both": "justify",
            "distribute": "justify",
            "center": "center",
            "right": "right",
            "end": "right",
        }.get(jc or "", "left")
        first = self.styles.para_property(p, "w:ind", "w:firstLine")
        hanging = self.styles.para_property(p, "w:ind", "w:hanging")
        chars = self.styles.para_property(p, "w:ind", "w:firstLineChars")
        left = self.styles.para_property(p, "w:ind", "w:left") or self.styles.para_property(p, "w:ind", "w:start")
        para.left_indent_pt = int(left or 0) / TWIP
        if chars is not None and int(chars):
            para.first_indent_cm = round(int(chars) / 100 * size / CM, 2)
        elif hanging is not None and int(hanging):
            # A list item with a hanging indent: its first line starts at the left indent less the hanging
            # one, which is what R-BODY's first-line indent measures (as a PDF reader sees it too).
            para.first_indent_cm = round((para.left_indent_pt - int(hanging) / TWIP) / CM, 2)
        else:
            para.first_indent_cm = round(int(first or 0) / TWIP / CM, 2)
        before = self.styles.para_property(p, "w:spacing", "w:before")
        after = self.styles.para_property(p, "w:spacing", "w:after")
        para.space_before_pt = int(before or 0) / TWIP
        para.space_after_pt = int(after or 0) / TWIP
        para.contextual = self.styles.toggle(p, "w:contextualSpacing")
        line = self.styles.para_property(p, "w:spacing", "w:line")
        rule = self.styles.para_property(p, "w:spacing", "w:lineRule") or "auto"
        if line is not None:
            para.line_spacing = (
                round(int(line) / 240, 2) if rule == "auto" else round(int(line) / TWIP / (size * self.factor), 2)
            )
        else:
            para.line_spacing = 1.0
        self.rule_lines(p, para, width)
        return para

    def rule_lines(self, p: Any, para: Para, width: float) -> None:
        """A border drawn as a rule, or a line shape: its length and the paragraph it is under."""
        left, right = (
            int(self.styles.para_property(p, "w:ind", f"w:{side}") or 0) / TWIP for side in ("left", "right")
        )
        offset = (left - right) / 2  # off the column's centre, where a centred part's text is
        previous = self.paras[-1] if self.paras else None
        if self.styles.border(p, "top") and previous is not None and not para.text.strip():
            self.rules.append(RuleLine(width - left - right, previous, where=para.where, offset_pt=offset))
        if self.styles.border(p, "bottom"):
            owner = para if para.text.strip() else previous
            self.rules.append(RuleLine(width - left - right, owner, where=para.where, offset_pt=offset))
        for drawing in p.iter(qn("w:drawing")):
            shape = drawing.find(f".//{{{A_NS}}}prstGeom")
            extent = drawing.find(f".//{{{WP_NS}}}extent")
            if shape is not None and shape.get("prst") in ("line", "straightConnector1") and extent is not None:
                owner = para if para.text.strip() else previous
                self.rules.append(RuleLine(int(extent.get("cx")) / EMU_PT, owner, where=para.where))

    def read(self) -> Observed:
        body = self.document.element.body
        number = table_number = 0
        for child in body.iterchildren():
            if child.tag == qn("w:p"):
                number += 1
                self.paras += split(self.para(child, {"paragraph": number}, "body", self.body_width), "\n")
            elif child.tag == qn("w:tbl"):
                table_number += 1
                self.table(child, table_number)
        return Observed("docx", self.paras, self.rules, text_width_pt=self.body_width)

    def table(self, tbl: Any, number: int) -> None:
        text = loose("".join(t.text or "" for t in tbl.iter(qn("w:t"))))
        zone = (
            "header"
            if loose(nd30.NATIONAL_TITLE) in text or loose(nd30.MOTTO) in text
            else "sign"
            if loose("Nơi nhận") in text
            else "table"  # a table in the body (a list of tasks): not body text
        )
        grid = [int(g.get(qn("w:w")) or 0) / TWIP for g in tbl.iter(qn("w:gridCol"))]
        padding = self.cell_padding(tbl)
        for r, tr in enumerate(tbl.findall(qn("w:tr")), 1):
            cells = tr.findall(qn("w:tc"))
            lines: list[list[tuple[float, float, Para]]] = []  # each cell's lines, from the row's left edge
            start = 0.0
            for c, tc in enumerate(cells, 1):
                width_el = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
                width = (
                    int(width_el.get(qn("w:w"))) / TWIP
                    if width_el is not None and width_el.get(qn("w:type")) in (None, "dxa") and width_el.get(qn("w:w"))
                    else grid[c - 1]
                    if c - 1 < len(grid)
                    else self.body_width / max(len(cells), 1)
                )
                side = "left" if c == 1 else "right"
                first = len(self.paras)
                for k, p in enumerate(tc.findall(qn("w:p")), 1):
                    where = {"table": number, "row": r, "cell": c, "paragraph": k}
                    name = f"{zone}-{side}" if zone != "table" else zone
                    self.paras += split(self.para(p, where, name, width - padding(tc), tr), "\n")
                cell = self.paras[first:]
                # The cell's padding, Word's 0.19 cm a side unless set, is taken as even on both sides.
                lines.append([_extent(line, start + padding(tc) / 2) for line in cell if line.text.strip()])
                start += width
            if zone == "header" and r == 1 and len(lines) == 2:
                self.findings += header_gap(_header_gaps(*lines), {"table": number, "row": 1})

    def cell_padding(self, tbl: Any) -> Any:
        """Left plus right padding of a cell, in points: the cell's, else the table's, else its style's,
        else Word's default of 0.19 cm a side (108 twips)."""
        sources = [tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")]
        style = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
        chain = self.styles.chain(style.get(qn("w:val")) if style is not None else "TableNormal")
        sources += [s.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}") for s in reversed(chain)]

        def padding(tc: Any) -> float:
            total = 0.0
            for side, alias in (("left", "start"), ("right", "end")):
                value = 108
                for source in [tc.find(f"{qn('w:tcPr')}/{qn('w:tcMar')}"), *sources]:
                    edges = [] if source is None else [source.find(qn(f"w:{name}")) for name in (side, alias)]
                    edge = next((e for e in edges if e is not None), None)
                    if edge is not None and edge.get(qn("w:type")) in (None, "dxa"):
                        value = int(edge.get(qn("w:w")) or 0)
                        break
                total += value / TWIP
            return total

        return padding


def read(path: Path) -> tuple[Observed, list[Finding]]:
    """The paragraphs of a DOCX notice, and the findings only a DOCX can show."""
    reader = _Reader(path)
    observed = reader.read()
    observed.draft_mark = _draft_marked(reader.document)
    observed.page_numbers = _page_numbers(reader)
    return observed, _page_setup(reader.document) + reader.findings


def _extent(line: Para, left: float) -> tuple[float, float, Para]:
    """Where a line of a table cell starts and ends (pt), from the width of its runs in the face
    notice-gen measures with (render/fonts.py: Times New Roman, or Liberation Serif, which has its
    metrics), its size and weight, and its alignment in the cell's column starting at ``left``."""
    width = sum(text_width_pt(s.text, s.size or DEFAULT_SIZE_PT, bold=s.bold) for s in line.spans)
    column = line.column_pt or width
    width, left = min(width, column), left + line.left_indent_pt
    offset = {"center": (column - line.left_indent_pt - width) / 2, "right": column - line.left_indent_pt - width}
    x0 = left + max(offset.get(line.align, 0.0), 0.0)
    return x0, x0 + width, line


def _header_gaps(left: list[tuple[float, float, Para]], right: list[tuple[float, float, Para]]) -> list[float]:
    """The space (mm) between the Quốc hiệu and the Tiêu ngữ and the line of the left block beside
    each, the k-th line of one cell beside the k-th of the other, as the PDF reader pairs lines
    that share a baseline (R-QH)."""
    titles = (loose(nd30.NATIONAL_TITLE), loose(nd30.MOTTO))
    return [
        (x0 - left[k][1]) / MM
        for k, (x0, _x1, line) in enumerate(right)
        if k < len(left) and loose(line.text) in titles
    ]


def _draft_marked(document: Any) -> bool:
    """Whether a header says "DỰ THẢO", as a draft's pages do: in a paragraph of its own, or in a
    cell of a table beside the page number (as notice-gen prints it)."""
    mark = re.sub(r"\s+", "", nd30.DRAFT_MARK)
    for section in document.sections:
        for header in (section.header, section.first_page_header):
            if header.is_linked_to_previous:
                continue
            texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in header._element.iter(qn("w:p"))]
            if any(re.sub(r"\s+", "", text) == mark for text in texts):
                return True
    return False


def _page_setup(document: Any) -> list[Finding]:
    """R-PAGE and R-MARGIN from each section's properties."""
    findings = []
    names = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}
    for number, section in enumerate(document.sections, 1):
        where = {"section": number}
        width = (section.page_width or 0) / EMU_PT / MM
        height = (section.page_height or 0) / EMU_PT / MM
        if abs(width - nd30.PAGE_MM[0]) > 1 or abs(height - nd30.PAGE_MM[1]) > 1:
            turned = abs(width - nd30.PAGE_MM[1]) <= 1 and abs(height - nd30.PAGE_MM[0]) <= 1
            findings.append(
                Finding(
                    "R-PAGE",
                    "error",
                    where,
                    "page",
                    "trang nằm ngang" if turned else "khổ giấy không phải A4",
                    f"{width:.0f} × {height:.0f} mm",
                    "A4 đứng, 210 × 297 mm",
                    "Bố trí (Layout) › Khổ giấy (Size): A4; Hướng (Orientation): Dọc (Portrait).",
                )
            )
        for side, (low, high) in nd30.MARGINS_MM.items():
            value = (getattr(section, f"{side}_margin") or 0) / EMU_PT / MM
            if not low - EXACT_MM <= value <= high + EXACT_MM:
                findings.append(
                    Finding(
                        "R-MARGIN",
                        "error",
                        where,
                        "page",
                        f"lề {names[side]} ngoài khoảng NĐ30",
                        f"{value:.1f} mm",
                        f"{low:g}–{high:g} mm",
                        f"Bố trí › Lề › Tùy chỉnh: lề {names[side]} từ {low / 10:g} đến {high / 10:g} cm.",
                    )
                )
    return findings


def _page_fields(header: Any) -> list[Any]:
    """The header's paragraphs that hold a PAGE field; none when the header is not defined."""
    if header.is_linked_to_previous:
        return []
    found = []
    for p in header._element.iter(qn("w:p")):
        instructions = [i.text or "" for i in p.iter(qn("w:instrText"))]
        instructions += [f.get(qn("w:instr")) or "" for f in p.iter(qn("w:fldSimple"))]
        if any(re.match(r"\s*PAGE\b", i) for i in instructions):
            found.append(p)
    return found


def _page_numbers(reader: _Reader) -> PageNumbers:
    """The PAGE fields of every section's headers and footers (judged by rules.py, R-PAGENO)."""
    numbers = PageNumbers()
    for number, section in enumerate(reader.document.sections, 1):
        if number > 1 and section.header.is_linked_to_previous:
            continue

        def paras(header: Any, kind: str, number: int = number) -> list[Para]:
            return [
                reader.para(p, {"section": number, kind: k}, "page-number", reader.body_width)
                for k, p in enumerate(_page_fields(header), 1)
            ]

        found = paras(section.header, "header")
        numbers.found += found
        numbers.in_footer += paras(section.footer, "footer") + paras(section.first_page_footer, "footer")
        if number == 1:
            titled = section.different_first_page_header_footer
            numbers.on_first_page += paras(section.first_page_header, "header") if titled else found
    return numbers
