"""The DOCX outputs, opened with python-docx and checked against nd30.md."""

import importlib.util
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.shared import Length
from lxml import etree

from notice_gen import nd30, templates
from notice_gen.render import fonts
from notice_gen.render.docx import FONT_SLOTS, STYLE_PARTS
from tests.conftest import INPUTS, ROOT, docx_paragraphs

STEMS = [p.stem for p in INPUTS]
BO = templates.find("bo")


def mm(length: Length) -> float:
    return round(length.mm, 1)


@pytest.fixture(params=STEMS)
def docx(request: pytest.FixtureRequest, rendered: dict[str, tuple[Path, Path]]) -> Path:
    return rendered[request.param][0]


def test_page_is_a4_portrait_with_the_template_margins(docx: Path) -> None:
    (section,) = open_docx(str(docx)).sections
    assert (mm(section.page_width), mm(section.page_height)) == (210.0, 297.0)  # R-PAGE
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert tuple(mm(m) for m in margins) == (20.0, 20.0, 30.0, 15.0)  # R-MARGIN, issue default


def test_page_number_is_a_page_field_hidden_on_page_one(docx: Path) -> None:
    (section,) = open_docx(str(docx)).sections
    assert section.different_first_page_header_footer  # R-PAGENO
    # Page 1's header holds only the draft mark (the seeds are drafts): no number.
    first = section.first_page_header._element
    assert not list(first.iter(qn("w:instrText"))) and not list(first.iter(qn("w:fldSimple")))
    assert [c.text for c in section.first_page_header.tables[0].rows[0].cells] == ["", "", "DỰ THẢO"]
    header = section.header._element
    assert [i.text.strip() for i in header.iter(qn("w:instrText"))] == ["PAGE"]
    _left, middle, right = section.header.tables[0].rows[0].cells
    (paragraph,) = middle.paragraphs
    assert paragraph.style.name == "Notice Page Number" and right.text == "DỰ THẢO"
    assert paragraph.style.paragraph_format.alignment == 1  # centred


def test_times_new_roman_in_every_script_slot(docx: Path) -> None:
    doc = open_docx(str(docx))
    defaults = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert all(defaults.get(qn(slot)) == "Times New Roman" for slot in FONT_SLOTS)
    for name in [*STYLE_PARTS, "Normal"]:
        r_fonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert {slot: r_fonts.get(qn(slot)) for slot in FONT_SLOTS} == dict.fromkeys(FONT_SLOTS, "Times New Roman")


def test_every_named_style_prints_its_part_as_nd30_says(docx: Path) -> None:
    doc = open_docx(str(docx))
    for name, part in STYLE_PARTS.items():
        font = doc.styles[name].font
        rule = nd30.PARTS[part]
        assert rule.sizes[0] <= font.size.pt <= rule.sizes[1], name
        assert (bool(font.bold), bool(font.italic)) == (rule.bold, rule.italic), name
    assert doc.styles["Notice Recipients Label"].font.size.pt == 12  # R-NN
    assert doc.styles["Notice Recipient"].font.size.pt == 11  # R-NNITEM


def test_body_styles_follow_r_body(docx: Path) -> None:
    doc = open_docx(str(docx))
    for name in (
        "Notice Body",
        "Notice Item",
        "Notice Closing",
        "Notice Heading 1",
        "Notice Heading 2",
        "Notice Heading 3",
    ):
        fmt = doc.styles[name].paragraph_format
        assert round(fmt.first_line_indent.cm, 2) in (1.0, 1.27), name
        assert fmt.space_after.pt >= 6, name
        assert 1.0 <= fmt.line_spacing <= 1.5, name
        assert fmt.alignment == 3, name  # justified


def test_every_text_paragraph_uses_a_named_notice_style(docx: Path) -> None:
    styled = [p for p in docx_paragraphs(docx) if p.text.strip()]
    assert styled and all(p.style.name.startswith("Notice ") for p in styled), {
        p.style.name for p in styled if not p.style.name.startswith("Notice ")
    }
    assert not any("{%" in p.text or "{{" in p.text for p in styled)  # every tag was rendered


def test_header_and_signature_are_borderless_two_column_tables(docx: Path) -> None:
    doc = open_docx(str(docx))
    assert len(doc.tables) == 2
    header, signature = doc.tables
    for table, widths in ((header, BO.header_widths_pt()), (signature, BO.column_widths_pt())):
        assert len(table.columns) == 2
        assert table._tbl.tblPr.find(qn("w:tblBorders")) is None
        assert table.style is None or "Grid" not in table.style.name
        assert [round(c.width.pt, 1) for c in table.columns] == list(widths)
    # The header runs 5 mm into each side margin (issue 13): wider than the text, starting left of it.
    assert sum(BO.header_widths_pt()) == pytest.approx(sum(BO.column_widths_pt()) + 10 * 72 / 25.4, abs=0.2)
    indent = header._tbl.tblPr.find(qn("w:tblInd"))
    assert (indent.get(qn("w:type")), int(indent.get(qn("w:w")))) == ("dxa", -round(5 / 25.4 * 1440))
    assert signature._tbl.tblPr.find(qn("w:tblInd")) is None  # Nơi nhận stays flush with the text (R-NN)
    assert header.cell(0, 1).paragraphs[0].text == nd30.NATIONAL_TITLE  # R-QH
    assert header.cell(0, 1).paragraphs[1].text == nd30.MOTTO  # R-TN
    assert header.cell(0, 0).paragraphs[0].text == "BỘ THÔNG TIN VÀ TRUYỀN THÔNG"  # R-CQ
    assert header.cell(1, 0).paragraphs[0].text.startswith("Số:")  # R-SO, same row as the date
    assert header.cell(1, 1).paragraphs[0].text.startswith("Hà Nội, ngày")  # R-DATE
    assert signature.cell(0, 0).paragraphs[0].text == "Nơi nhận:"  # R-NN, level with the authority
    assert signature.cell(0, 1).paragraphs[0].text == "TL. BỘ TRƯỞNG"  # R-AUTH


def test_recipients_are_punctuated(docx: Path) -> None:
    signature = open_docx(str(docx)).tables[1]
    lines = [p.text for p in signature.cell(0, 0).paragraphs[1:]]
    assert all(line.startswith("- ") and line.endswith(";") for line in lines[:-1])  # R-NNITEM
    assert lines[-1] == "- Lưu: VT, VP."


def test_rules_have_the_nd30_lengths(docx: Path) -> None:
    doc = open_docx(str(docx))
    left, right = BO.header_widths_pt()
    header = doc.tables[0]
    rules = {p.style.name: p for cell in header._cells for p in cell.paragraphs if p.style.name.endswith("Rule")}
    rules.update({p.style.name: p for p in doc.paragraphs if p.style.name.endswith("Rule")})

    def length(name: str, column: float) -> float:
        paragraph = rules[name]
        assert paragraph.style.element.pPr.find(f"{qn('w:pBdr')}/{qn('w:top')}") is not None
        fmt = paragraph.paragraph_format
        return column - fmt.left_indent.pt - fmt.right_indent.pt

    issuer = fonts.text_width_pt("BỘ THÔNG TIN VÀ TRUYỀN THÔNG", 12, bold=True)
    assert issuer / 3 <= length("Notice Issuer Rule", left) <= issuer / 2 + 0.5  # R-CQ
    motto = fonts.text_width_pt(nd30.MOTTO, 13, bold=True)
    assert length("Notice Motto Rule", right) == pytest.approx(motto, abs=0.5)  # R-TN: as long as the motto
    text = sum(BO.column_widths_pt())
    subject = length("Notice Subject Rule", text)
    assert text / 3 - 1 <= subject <= text / 2 + 1  # R-SUBJ (a subject wider than a line)


def test_closing_sentence_ends_with_the_closing_mark(docx: Path) -> None:
    (closing,) = [p for p in docx_paragraphs(docx) if p.style.name == "Notice Closing"]
    assert closing.text.endswith("./.")
    assert closing.style.paragraph_format.keep_with_next  # stays with the signature block


def test_document_properties_come_from_the_notice(docx: Path) -> None:
    props = open_docx(str(docx)).core_properties
    assert props.author == "Bộ Thông tin và Truyền thông"
    assert props.title.startswith("THÔNG BÁO Số:")
    assert props.subject.startswith("Kết luận của Bộ trưởng Nguyễn Mạnh Hùng")
    assert props.language == "vi-VN"


def test_draft_number_and_date_are_blank_as_in_seed_001(rendered: dict[str, tuple[Path, Path]]) -> None:
    header = open_docx(str(rendered["001-so-ket-6-thang-2021"][0])).tables[0]
    blank = " " + "\u00a0" * 6 + " "
    assert header.cell(1, 0).paragraphs[0].text == f"Số:{blank}/TB-BTTTT"
    assert header.cell(1, 1).paragraphs[0].text == f"Hà Nội, ngày{blank}tháng{blank}năm 2021"


def _ooxml_order() -> dict[str, list[str]]:
    spec = importlib.util.spec_from_file_location("builder", ROOT / "tools" / "build_docx_template.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    return builder.OOXML_ORDER


def test_elements_are_in_the_order_ooxml_requires(docx: Path) -> None:
    """Word (unlike LibreOffice) asks to repair a file whose property children are out of order."""
    order = _ooxml_order()
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(docx) as package:
        parts = [name for name in package.namelist() if name.startswith("word/") and name.endswith(".xml")]
        checked = 0
        for name in parts:
            root = etree.fromstring(package.read(name))
            for parent, sequence in order.items():
                for element in root.iter(f"{w}{parent}"):
                    tags = [child.tag.removeprefix(w) for child in element if child.tag.startswith(w)]
                    known = [sequence.index(tag) for tag in tags if tag in sequence]
                    assert known == sorted(known), (name, parent, tags)
                    assert len(set(tags)) == len(tags), (name, parent, tags)
                    checked += 1
    assert checked > 100
