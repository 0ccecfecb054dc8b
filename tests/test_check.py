"""`notice-gen check`: silent on correct notices, and each broken one caught by its rule alone.

The broken corpus is built here: a final notice is rendered, then each case
breaks one NĐ30 rule in the DOCX with python-docx, as a drafter would in Word.
LibreOffice turns every broken DOCX into a PDF, so the PDF reader is judged on
a producer other than ours. Each case must be caught with its rule id and no
other error, in both formats.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as open_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from notice_gen import nd30
from notice_gen.check import check_file
from notice_gen.check.fix import fix, fixed_path
from notice_gen.cli import main
from notice_gen.render.pipeline import Pipeline
from tests.conftest import INPUTS, MINIMAL, write_yaml

FINAL = INPUTS[1]  # seed 001: headings, items, lists, three pages
assert FINAL.stem.startswith("001")


def errors(path: Path) -> set[str]:
    return {f.rule for f in check_file(path).findings if f.level == "error"}


def soffice_pdf(docs: list[Path], out: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by scripts/setup.sh --test"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{out / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, docs),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def final(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Seed 001 as a final notice: number 5, issued on 5 August 2021."""
    folder = tmp_path_factory.mktemp("final")
    text = FINAL.read_text(encoding="utf-8") + "number: 5\nissue_date: 2021-08-05\n"
    source = folder / "final.yaml"
    source.write_text(text, encoding="utf-8")
    docx, pdf = Pipeline(out_dir=folder / "out", final=True).render(source)
    return docx, pdf


# --- every output of the project passes --------------------------------------------------------


@pytest.mark.parametrize("stem", [p.stem for p in INPUTS])
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_every_output_passes(rendered: dict[str, tuple[Path, Path]], stem: str, fmt: str) -> None:
    report = check_file(rendered[stem][0 if fmt == "docx" else 1])
    assert [f for f in report.findings if f.level == "error"] == []
    assert report.draft  # the seeds leave number and date blank: a draft note, not an error


def test_a_final_notice_passes_in_both_formats(final: tuple[Path, Path]) -> None:
    for path in final:
        report = check_file(path)
        assert report.findings == [] or {f.level for f in report.findings} == {"warning"}, report.lines()
        assert not report.draft


def test_provincial_header_with_marks_passes(tmp_path: Path) -> None:
    province = (
        MINIMAL.replace(
            "issuer: {name: Bộ Thông tin và Truyền thông, abbreviation: BTTTT}",
            "issuer: {name: Sở Thông tin và Truyền thông, abbreviation: STTTT, parent: Ủy ban nhân dân tỉnh Lào Cai}",
        )
        .replace("place: Hà Nội", "place: Lào Cai\n    secrecy: MẬT\n    urgency: HỎA TỐC")
        .replace("[TL. Bộ trưởng]", "[TL. Giám đốc]")
    )
    for path in Pipeline(out_dir=tmp_path / "out").render(write_yaml(tmp_path, "p.yaml", province)):
        assert errors(path) == set(), check_file(path).lines()


# --- the broken corpus --------------------------------------------------------------------------


def paragraphs(doc):
    out = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                out += cell.paragraphs
    return out


def styled(doc, name: str, index: int = 0):
    return [p for p in paragraphs(doc) if p.style.name == name][index]


def retext(paragraph, text: str) -> None:
    runs = paragraph.runs
    runs[0].text = text
    for run in runs[1:]:
        run.text = ""


def style(doc, name: str):
    return doc.styles[name]


def blank_before(paragraph) -> None:
    paragraph.insert_paragraph_before("", style=paragraph.style)


def drop(paragraph) -> None:
    paragraph._p.getparent().remove(paragraph._p)


def page_number_paragraph(doc):
    """The paragraph with the PAGE field, wherever the header holds it (notice-gen: a table cell)."""
    header = doc.sections[0].header
    paragraphs = (Paragraph(p, header) for p in header._element.iter(qn("w:p")))
    return next(p for p in paragraphs if p._p.xpath(".//w:instrText|.//w:fldSimple"))


def page_number_in_footer(doc) -> None:
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    footer._element.append(copy.deepcopy(page_number_paragraph(doc)._p))


BODY = ("Notice Body", "Notice Item", "Notice Closing", "Notice Heading 1", "Notice Heading 2")


def for_body(doc, change: Callable) -> None:
    for name in BODY:
        change(style(doc, name).paragraph_format)


def a_letter_page(doc) -> None:
    doc.sections[0].page_width, doc.sections[0].page_height = Mm(215.9), Mm(279.4)


def a_landscape_page(doc) -> None:
    s = doc.sections[0]
    s.orientation, s.page_width, s.page_height = WD_ORIENT.LANDSCAPE, Mm(297), Mm(210)


def faces(doc, name: str, **slots: str) -> None:
    fonts = style(doc, name).element.get_or_add_rPr().get_or_add_rFonts()
    for slot, face in slots.items():
        fonts.set(qn(f"w:{slot}"), face)


# name → (rule, how to break it, whether the PDF shows it too)
CASES: dict[str, tuple[str | frozenset[str], Callable, bool]] = {
    "letter page": ("R-PAGE", a_letter_page, True),
    # A landscape page widens the text column, and with it the rule under the trích yếu: two findings.
    "landscape page": (frozenset({"R-PAGE", "R-SUBJ"}), a_landscape_page, True),
    "left margin 25 mm": ("R-MARGIN", lambda d: setattr(d.sections[0], "left_margin", Mm(25)), True),
    "top margin 15 mm": ("R-MARGIN", lambda d: setattr(d.sections[0], "top_margin", Mm(15)), True),
    "body in Arial": ("R-FONT", lambda d: faces(d, "Notice Body", ascii="Arial", hAnsi="Arial", cs="Arial"), True),
    "east Asian slot": ("R-FONT", lambda d: faces(d, "Notice Body", eastAsia="MS Mincho"), False),
    "red body": ("R-FONT", lambda d: setattr(style(d, "Notice Body").font.color, "rgb", RGBColor(0xC0, 0, 0)), True),
    "decomposed text": (
        "R-FONT",
        lambda d: retext(styled(d, "Notice Body"), unicodedata.normalize("NFD", styled(d, "Notice Body").text)),
        False,
    ),
    "replacement character": (
        "R-FONT",
        lambda d: retext(styled(d, "Notice Body"), styled(d, "Notice Body").text + " \ufffd"),
        True,
    ),
    "a character the face lacks": (
        "R-FONT",
        lambda d: retext(styled(d, "Notice Body"), styled(d, "Notice Body").text + " \u2603"),
        True,
    ),
    "Quốc hiệu 11 pt": ("R-QH", lambda d: setattr(style(d, "Notice National Title").font, "size", Pt(11)), True),
    "Quốc hiệu HOÀ": (
        "R-QH",
        lambda d: retext(styled(d, "Notice National Title"), "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        True,
    ),
    "Tiêu ngữ en dashes": ("R-TN", lambda d: retext(styled(d, "Notice Motto"), "Độc lập – Tự do – Hạnh phúc"), True),
    "Tiêu ngữ not bold": ("R-TN", lambda d: setattr(style(d, "Notice Motto").font, "bold", False), True),
    "no rule under Tiêu ngữ": ("R-TN", lambda d: drop(styled(d, "Notice Motto Rule")), True),
    "issuer rule full width": (
        "R-CQ",
        lambda d: (
            setattr(styled(d, "Notice Issuer Rule").paragraph_format, "left_indent", Cm(0))
            or setattr(styled(d, "Notice Issuer Rule").paragraph_format, "right_indent", Cm(0))
        ),
        True,
    ),
    "issuer not upper case": (
        "R-CQ",
        lambda d: retext(styled(d, "Notice Issuer"), "Bộ Thông tin và Truyền thông"),
        True,
    ),
    "number without zero": ("R-SO", lambda d: retext(styled(d, "Notice Number"), "Số: 5/TB-BTTTT"), True),
    "number with spaces": ("R-SO", lambda d: retext(styled(d, "Notice Number"), "Số: 05 / TB-BTTTT"), True),
    "number below the date": ("R-SO", lambda d: blank_before(styled(d, "Notice Number")), True),
    "day without zero": ("R-DATE", lambda d: retext(styled(d, "Notice Date"), "Hà Nội, ngày 5 tháng 8 năm 2021"), True),
    "month with zero": (
        "R-DATE",
        lambda d: retext(styled(d, "Notice Date"), "Hà Nội, ngày 05 tháng 08 năm 2021"),
        True,
    ),
    "date upright": ("R-DATE", lambda d: setattr(style(d, "Notice Date").font, "italic", False), True),
    "THÔNG BÁO flush left": (
        "R-TYPE",
        lambda d: setattr(styled(d, "Notice Type"), "alignment", WD_ALIGN_PARAGRAPH.LEFT),
        True,
    ),
    "trích yếu not bold": ("R-SUBJ", lambda d: setattr(style(d, "Notice Subject").font, "bold", False), True),
    "no rule under trích yếu": ("R-SUBJ", lambda d: drop(styled(d, "Notice Subject Rule")), True),
    "body 12 pt": ("R-BODY", lambda d: [setattr(style(d, n).font, "size", Pt(12)) for n in BODY[:3]], True),
    "body flush left": (
        "R-BODY",
        lambda d: setattr(style(d, "Notice Body").paragraph_format, "alignment", WD_ALIGN_PARAGRAPH.LEFT),
        True,
    ),
    "indent 2 cm": (
        "R-BODY",
        lambda d: setattr(style(d, "Notice Body").paragraph_format, "first_line_indent", Cm(2)),
        True,
    ),
    "no space between paragraphs": (
        "R-BODY",
        lambda d: for_body(d, lambda f: (setattr(f, "space_after", Pt(0)), setattr(f, "space_before", Pt(0)))),
        True,
    ),
    "double line spacing": ("R-BODY", lambda d: for_body(d, lambda f: setattr(f, "line_spacing", 2.0)), True),
    "closing without ./.": (
        "R-BODY",
        lambda d: retext(styled(d, "Notice Closing"), styled(d, "Notice Closing").text.removesuffix("./.") + "."),
        True,
    ),
    "mục II numbered III": (
        "R-SEC",
        lambda d: retext(styled(d, "Notice Heading 1", 1), "III. CÁC NHIỆM VỤ CỤ THỂ"),
        True,
    ),
    "mục I repeated": ("R-SEC", lambda d: retext(styled(d, "Notice Heading 1", 1), "I. CÁC NHIỆM VỤ CỤ THỂ"), True),
    "khoản 2 skipped": ("R-SEC", lambda d: retext(styled(d, "Notice Heading 2", 1), "3. Lĩnh vực Viễn thông"), True),
    "page number on page 1": (
        "R-PAGENO",
        lambda d: setattr(d.sections[0], "different_first_page_header_footer", False),
        True,
    ),
    "page number flush left": (
        "R-PAGENO",
        lambda d: setattr(page_number_paragraph(d), "alignment", WD_ALIGN_PARAGRAPH.LEFT),
        True,
    ),
    "Nơi nhận upright": ("R-NN", lambda d: setattr(style(d, "Notice Recipients Label").font, "italic", False), True),
    "Nơi nhận without colon": ("R-NN", lambda d: retext(styled(d, "Notice Recipients Label"), "Nơi nhận"), True),
    "Nơi nhận below the authority": ("R-NN", lambda d: blank_before(styled(d, "Notice Recipients Label")), True),
    "recipients 12 pt": ("R-NNITEM", lambda d: setattr(style(d, "Notice Recipient").font, "size", Pt(12)), True),
    "recipient without ;": ("R-NNITEM", lambda d: retext(styled(d, "Notice Recipient"), "- Bộ trưởng (để b/c)"), True),
    "Lưu without full stop": ("R-NNITEM", lambda d: retext(styled(d, "Notice Recipient", -1), "- Lưu: VT, VP"), True),
    "TL without a dot": ("R-AUTH", lambda d: retext(styled(d, "Notice Authority"), "TL BỘ TRƯỞNG"), True),
    "authority in lower case": ("R-AUTH", lambda d: retext(styled(d, "Notice Authority"), "TL. Bộ trưởng"), True),
    "position not bold": (
        "R-POS",
        lambda d: [setattr(r.font, "bold", False) for r in styled(d, "Notice Authority", 1).runs],
        True,
    ),
    "name not bold": ("R-NAME", lambda d: setattr(style(d, "Notice Signer Name").font, "bold", False), True),
    "K.T. for KT.": ("R-AUTH", lambda d: retext(styled(d, "Notice Authority"), "K.T. BỘ TRƯỞNG"), True),
    "academic titles before the name": (
        "R-NAME",
        lambda d: retext(styled(d, "Notice Signer Name"), "PGS.TS. Bùi Hoàng Phương"),
        True,
    ),
    "page number in the footer": ("R-PAGENO", lambda d: page_number_in_footer(d), True),
    "name flush left": (
        "R-NAME",
        lambda d: setattr(styled(d, "Notice Signer Name"), "alignment", WD_ALIGN_PARAGRAPH.LEFT),
        True,
    ),
    # Issue 14: misses, and parts that are there but malformed (not "không tìm thấy").
    "signer name deleted": ("R-NAME", lambda d: drop(styled(d, "Notice Signer Name")), True),
    "no signer block": ("R-NAME", lambda d: no_signer(d), True),
    "signer lines above Nơi nhận": ("R-NN", lambda d: signer_above_recipients(d), True),
    "V/v before the subject": (
        "R-SUBJ",
        lambda d: retext(styled(d, "Notice Subject"), "V/v: " + styled(d, "Notice Subject").text),
        True,
    ),
    "Quốc hiệu over two lines": ("R-QH", lambda d: title_over_two_lines(d), True),
    "date written 5/8/2021": ("R-DATE", lambda d: retext(styled(d, "Notice Date"), "Hà Nội, ngày 5/8/2021"), True),
    "rule under Tiêu ngữ typed with underscores": ("R-TN", lambda d: typed_motto_rule(d), True),
    "THÔNG BÁO in lower case": ("R-TYPE", lambda d: retext(styled(d, "Notice Type"), "Thông báo"), True),
    "symbol without TB-": ("R-SO", lambda d: retext(styled(d, "Notice Number"), "Số: 05/BTTTT"), True),
    "place in lower case": (
        "R-DATE",
        lambda d: retext(styled(d, "Notice Date"), "hà Nội, ngày 05 tháng 8 năm 2021"),
        True,
    ),
    "recipients indented": (
        "R-NNITEM",
        lambda d: setattr(style(d, "Notice Recipient").paragraph_format, "first_line_indent", Cm(1)),
        True,
    ),
    "right margin 10 mm": ("R-MARGIN", lambda d: setattr(d.sections[0], "right_margin", Mm(10)), True),
    "Quốc hiệu in Arial": (
        "R-FONT",
        lambda d: faces(d, "Notice National Title", ascii="Arial", hAnsi="Arial", cs="Arial"),
        True,
    ),
    "page number 10 pt": ("R-PAGENO", lambda d: setattr(style(d, "Notice Page Number").font, "size", Pt(10)), True),
}


def no_signer(doc) -> None:
    """The signer's cell emptied: no authority, position or name."""
    lines = [p for p in paragraphs(doc) if p.style.name in ("Notice Authority", "Notice Signer Name")]
    retext(lines[0], "")  # a cell keeps one paragraph
    for line in lines[1:]:
        drop(line)


def signer_above_recipients(doc) -> None:
    """The signer's lines typed as paragraphs above the Nơi nhận table, centred in the right half."""
    lines = [p for p in paragraphs(doc) if p.style.name in ("Notice Authority", "Notice Signer Name")]
    table = styled(doc, "Notice Recipients Label")._parent._tc.getparent().getparent()
    for line in lines:
        moved = copy.deepcopy(line._p)
        table.addprevious(moved)
        para = type(line)(moved, line._parent)
        para.paragraph_format.left_indent = Cm(8)
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    retext(lines[0], "")  # a cell keeps one paragraph
    for line in lines[1:]:
        drop(line)


def title_over_two_lines(doc) -> None:
    title = styled(doc, "Notice National Title")
    retext(title, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA")
    second = copy.deepcopy(title._p)
    title._p.addnext(second)
    retext(type(title)(second, title._parent), "VIỆT NAM")


def typed_motto_rule(doc) -> None:
    """The rule under the Tiêu ngữ typed as underscores, as many do in Word."""
    rule = styled(doc, "Notice Motto Rule")
    motto = styled(doc, "Notice Motto")
    typed = copy.deepcopy(motto._p)
    rule._p.addprevious(typed)
    drop(rule)
    para = type(motto)(typed, motto._parent)
    retext(para, "_" * 24)
    for run in para.runs:
        run.bold = False


PROVINCE = MINIMAL.replace(
    "issuer: {name: Bộ Thông tin và Truyền thông, abbreviation: BTTTT}",
    "issuer: {name: Sở Thông tin và Truyền thông, abbreviation: STTTT, parent: Ủy ban nhân dân tỉnh Lào Cai}",
).replace("place: Hà Nội", "place: Lào Cai\n    secrecy: MẬT\n    urgency: HỎA TỐC").replace(
    "[TL. Bộ trưởng]", "[TL. Giám đốc]"
)

# Rules only a header with a parent body and marks can break: broken on a final of PROVINCE.
PROVINCE_CASES: dict[str, tuple[str, Callable]] = {
    "parent body italic": ("R-CQCQ", lambda d: setattr(style(d, "Notice Parent").font, "italic", True)),
    "parent body in lower case": (
        "R-CQCQ",
        lambda d: retext(styled(d, "Notice Parent"), "Ủy ban nhân dân tỉnh Lào Cai"),
    ),
    "parent body 14 pt": ("R-CQCQ", lambda d: setattr(style(d, "Notice Parent").font, "size", Pt(14))),
    "HỎA TỐC not bold": ("R-KHAN", lambda d: setattr(style(d, "Notice Urgency").font, "bold", False)),
    "HỎA TỐC 11 pt": ("R-KHAN", lambda d: setattr(style(d, "Notice Urgency").font, "size", Pt(11))),
    "secrecy mark in lower case": ("R-MAT", lambda d: retext(styled(d, "Notice Secrecy"), "Mật")),
}


def expected(case: str) -> set[str]:
    rule = CASES[case][0] if case in CASES else PROVINCE_CASES[case][0]
    return {rule} if isinstance(rule, str) else set(rule)


@pytest.fixture(scope="module")
def variants(final: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Every variant of the corpus, broken and allowed: case → (DOCX, the PDF LibreOffice makes of it).
    One LibreOffice run converts them all (CI has two CPUs)."""
    folder = tmp_path_factory.mktemp("variants")
    province = Pipeline(out_dir=folder / "province", final=True).render(write_yaml(folder, "p.yaml", PROVINCE))[0]
    changes: list[tuple[str, Path, Callable]] = [(name, final[0], c[1]) for name, c in CASES.items()]
    changes += [(name, province, change) for name, (_rule, change) in PROVINCE_CASES.items()]
    changes += [(name, final[0], change) for name, change in ALLOWED.items()]
    out = {}
    for number, (name, base, change) in enumerate(changes):
        doc = open_docx(str(base))
        change(doc)
        path = folder / f"case{number:02d}.docx"
        doc.save(str(path))
        out[name] = (path, folder / f"case{number:02d}.pdf")
    soffice_pdf([d for d, _p in out.values()] + [final[0], province], folder)
    return out


@pytest.fixture(scope="module")
def corpus(variants: dict[str, tuple[Path, Path]]) -> dict[str, tuple[Path, Path]]:
    """case → (broken DOCX, the PDF LibreOffice makes of it)."""
    return {name: variants[name] for name in [*CASES, *PROVINCE_CASES]}


def test_the_corpus_breaks_every_rule_check_judges_in_60_files_or_more() -> None:
    broken = {rule for rule, *_ in CASES.values() if isinstance(rule, str)} | {r for r, _c in PROVINCE_CASES.values()}
    judged = set(re.findall(r'"(R-[A-Z]+)"', (Path(check_file.__code__.co_filename).parent / "rules.py").read_text()))
    judged |= {p.rule for p in nd30.PARTS.values()}
    assert len(CASES) + len(PROVINCE_CASES) >= 60
    assert judged - {"R-SEAL", "R-SIGN", "R-CONTACT", "R-DRAFTER"} <= broken, judged - broken


@pytest.mark.parametrize("base", ["final", "p"])
def test_libreoffice_pdf_of_the_unbroken_notice_passes(corpus: dict[str, tuple[Path, Path]], base: str) -> None:
    """The PDF reader judges another producer's PDF as ours: the corpus's bases are clean there too."""
    converted = next(iter(corpus.values()))[1].parent / f"{base}.pdf"
    assert errors(converted) == set(), check_file(converted).lines()


@pytest.mark.parametrize("case", [*CASES, *PROVINCE_CASES])
def test_a_broken_docx_is_caught_by_its_rule_alone(corpus: dict[str, tuple[Path, Path]], case: str) -> None:
    assert errors(corpus[case][0]) == expected(case), check_file(corpus[case][0]).lines()


@pytest.mark.parametrize("case", [c for c, (_r, _b, in_pdf) in CASES.items() if in_pdf] + list(PROVINCE_CASES))
def test_a_broken_pdf_is_caught_by_its_rule_alone(corpus: dict[str, tuple[Path, Path]], case: str) -> None:
    assert errors(corpus[case][1]) == expected(case), check_file(corpus[case][1]).lines()


# --- a notice typed by hand in Word, and its --fix copy ----------------------------------------


def typed_by_hand(path: Path) -> Path:
    """What a drafter types in a blank Word document: Calibri 11, 2.54 cm margins, "ngày 5 tháng 1",
    "Nơi nhận" not italic, recipients without their punctuation, no rules under the header."""
    doc = open_docx()
    doc.styles["Normal"].font.name = "Calibri"  # Word's blank document
    doc.styles["Normal"].font.size = Pt(11)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("top", "bottom", "left", "right"):
        setattr(section, f"{side}_margin", Cm(2.54))

    def line(cell, text: str, *, bold: bool = False, italic: bool = False, center: bool = True):
        p = cell.add_paragraph() if cell is not doc else doc.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    header = doc.add_table(rows=2, cols=2)
    line(header.cell(0, 0), "BỘ THÔNG TIN VÀ TRUYỀN THÔNG", bold=True)
    line(header.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    line(header.cell(0, 1), "Độc lập - Tự do - Hạnh phúc", bold=True)
    line(header.cell(1, 0), "Số: 5/TB-BTTTT")
    line(header.cell(1, 1), "Hà Nội, ngày 5 tháng 1 năm 2022", italic=True)
    line(doc, "THÔNG BÁO", bold=True)
    line(doc, "Kết luận của Bộ trưởng tại Hội nghị giao ban tháng 12", bold=True)
    line(doc, "Ngày 29/12/2021, Bộ trưởng Nguyễn Mạnh Hùng chủ trì Hội nghị giao ban. " * 3, center=False)
    line(doc, "I. NHẬN THỨC CHUNG", bold=True, center=False)
    emphasis = line(doc, "Các đơn vị đã hoàn thành nhiệm vụ được giao trong năm 2021. " * 3, center=False)
    emphasis.add_run(" Rất quan trọng.").bold = True  # the drafter's own emphasis: --fix must keep it
    line(doc, "II. NHIỆM VỤ", bold=True, center=False)
    line(doc, "Bộ Thông tin và Truyền thông thông báo để các đơn vị biết, thực hiện./.", center=False)
    sign = doc.add_table(rows=1, cols=2)
    for index, text in enumerate(["Nơi nhận:", "- Bộ trưởng (để b/c)", "- Các Thứ trưởng", "- Lưu: VT, VP"]):
        line(sign.cell(0, 0), text, bold=index == 0, center=False)
    for text in ["TL. BỘ TRƯỞNG", "CHÁNH VĂN PHÒNG", "", "Bùi Hoàng Phương"]:
        line(sign.cell(0, 1), text, bold=bool(text))
    for cell in (header.cell(0, 0), header.cell(0, 1), header.cell(1, 0), header.cell(1, 1), *sign.rows[0].cells):
        cell._tc.remove(cell.paragraphs[0]._p)  # a new cell's empty first paragraph
    doc.save(str(path))
    return path


HAND_DEVIATIONS = {  # rule → a word of the message that must name the deviation
    "R-MARGIN": "lề trái",
    "R-FONT": "Calibri",
    "R-QH": "cỡ chữ",
    "R-CQ": "cỡ chữ",
    "R-SO": "số 0",
    "R-DATE": "ngày sai cách ghi số 0",
    "R-TYPE": "cỡ chữ",
    "R-SUBJ": "cỡ chữ",
    "R-BODY": "căn đều",
    "R-NN": "nghiêng",
    "R-NNITEM": "“;”",
    "R-AUTH": "cỡ chữ",
    "R-NAME": "cỡ chữ",
}


def test_a_notice_typed_by_hand_is_flagged_for_each_deviation(tmp_path: Path) -> None:
    report = check_file(typed_by_hand(tmp_path / "tay.docx"))
    messages = [(f.rule, f.message) for f in report.findings if f.level == "error"]
    for rule, word in HAND_DEVIATIONS.items():
        assert any(r == rule and word in m for r, m in messages), (rule, word, report.lines())
    assert any(r == "R-DATE" and "tháng" in m for r, m in messages)  # "tháng 1" → "tháng 01"
    assert any(r == "R-BODY" and "thụt đầu dòng" in m for r, m in messages)
    assert not report.draft


MECHANICAL = {
    "R-PAGE",
    "R-MARGIN",
    "R-FONT",
    "R-QH",
    "R-TN",
    "R-CQ",
    "R-SO",
    "R-DATE",
    "R-TYPE",
    "R-SUBJ",
    "R-BODY",
    "R-NN",
    "R-NNITEM",
    "R-AUTH",
    "R-POS",
    "R-NAME",
}


def test_fix_writes_a_copy_that_passes_the_mechanical_rules(tmp_path: Path) -> None:
    original = typed_by_hand(tmp_path / "tay.docx")
    before = original.read_bytes()
    fixed = fix(original)
    assert fixed == fixed_path(original) == tmp_path / "tay-da-sua.docx"
    assert original.read_bytes() == before  # never overwritten
    left = [f for f in check_file(fixed).findings if f.level == "error"]
    # What is left is for a person: the rules under the header and the trích yếu must be drawn.
    assert left and all("thiếu đường kẻ" in f.message for f in left), [f.message for f in left]
    assert {f.rule for f in left} == {"R-TN", "R-CQ", "R-SUBJ"}
    assert {f.rule for f in left} <= MECHANICAL


def test_fix_keeps_every_other_text_and_format(tmp_path: Path) -> None:
    original = typed_by_hand(tmp_path / "tay.docx")
    fixed = open_docx(str(fix(original)))
    source = open_docx(str(original))
    changed = {  # the only texts --fix may change, and what they become
        "Số: 5/TB-BTTTT": "Số: 05/TB-BTTTT",
        "Hà Nội, ngày 5 tháng 1 năm 2022": "Hà Nội, ngày 05 tháng 01 năm 2022",
        "- Bộ trưởng (để b/c)": "- Bộ trưởng (để b/c);",
        "- Các Thứ trưởng": "- Các Thứ trưởng;",
        "- Lưu: VT, VP": "- Lưu: VT, VP.",
    }
    old, new = paragraphs(source), paragraphs(fixed)
    assert [changed.get(p.text, p.text) for p in old] == [p.text for p in new]
    assert [p.style.name for p in old] == [p.style.name for p in new]
    emphasis = next(p for p in new if p.text.endswith("Rất quan trọng."))
    assert [bool(r.bold) for r in emphasis.runs] == [False, True]  # the drafter's bold word survives
    assert all(r.font.size.pt >= 13 for r in emphasis.runs)  # R-BODY: 11 pt moved to the nearest size allowed


def test_check_cli_exit_codes_and_fix(tmp_path: Path) -> None:
    hand = typed_by_hand(tmp_path / "tay.docx")
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(hand)])
    assert result.exit_code == 1
    assert "lỗi R-DATE" in result.output and "cách sửa:" in result.output
    result = runner.invoke(main, ["check", "--fix", str(hand)])
    assert result.exit_code == 1  # the rules under the header are still to draw
    assert "tay-da-sua.docx" in result.output and (tmp_path / "tay-da-sua.docx").exists()
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.7 not really")
    result = runner.invoke(main, ["check", str(broken)])
    assert result.exit_code == 2 and "không đọc được" in result.output


def test_check_json_has_a_stable_shape(rendered: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    hand = typed_by_hand(tmp_path / "tay.docx")
    docx = rendered[INPUTS[0].stem][0]
    result = CliRunner().invoke(main, ["check", "--json", str(docx), str(hand)])
    payload = json.loads(result.output)
    assert payload["version"] == 1 and [Path(f["file"]).name for f in payload["files"]] == [docx.name, "tay.docx"]
    ours, theirs = payload["files"]
    assert set(ours) == {"file", "format", "readable", "reason", "draft", "errors", "warnings", "fixed", "findings"}
    assert ours["errors"] == 0 and ours["draft"] is True and ours["format"] == "docx"
    assert theirs["errors"] == sum(f["level"] == "error" for f in theirs["findings"]) > 0
    for finding in theirs["findings"]:
        assert set(finding) == {
            "rule",
            "level",
            "where",
            "location",
            "part",
            "message",
            "text",
            "measured",
            "required",
            "hint",
        }
        assert finding["rule"].startswith("R-") and finding["level"] in ("error", "warning")
        assert finding["hint"] and finding["required"] and finding["measured"]
    assert result.exit_code == 1


def minimal_pdf(font: bytes) -> bytes:
    """A one-page A4 PDF whose text uses ``font``, a font dictionary without an embedded file."""
    stream = b"BT /F1 14 Tf 100 700 Td (Thong bao) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        font,
    ]
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


@pytest.mark.parametrize(
    ("font", "message"),
    [
        (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", "không phải Times New Roman"),
        (
            b"<< /Type /Font /Subtype /TrueType /BaseFont /TimesNewRomanPSMT /FirstChar 32 /LastChar 32"
            b" /Widths [250] /FontDescriptor << /Type /FontDescriptor /FontName /TimesNewRomanPSMT /Flags 34"
            b" /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 891 /Descent -216 /CapHeight 662 /StemV 80 >> >>",
            "không được nhúng",
        ),
    ],
)
def test_a_pdf_font_must_be_the_serif_face_and_embedded(tmp_path: Path, font: bytes, message: str) -> None:
    path = tmp_path / "font.pdf"
    path.write_bytes(minimal_pdf(font))
    fonts = [f for f in check_file(path).findings if f.part == "font"]
    assert fonts and {f.rule for f in fonts} == {"R-FONT"} and any(message in f.message for f in fonts)


# --- layouts NĐ30 allows, typed in ways the template does not use: no error ------------------


def body_after(doc, index: int, texts: list[str]) -> None:
    """New body paragraphs, in the body style, after the ``index``-th one."""
    anchor = styled(doc, "Notice Body", index)
    for text in reversed(texts):
        new = copy.deepcopy(anchor._p)
        anchor._p.addnext(new)
        retext(type(anchor)(new, anchor._parent), text)


def latin_points(doc) -> None:
    body_after(doc, 0, [f"{letter}) Điểm {letter} của khoản này." for letter in "abcdef"])


def header_in_one_paragraph(doc) -> None:
    """Quốc hiệu and Tiêu ngữ in one paragraph, split by Shift+Enter, each in its own size."""
    title, motto = styled(doc, "Notice National Title"), styled(doc, "Notice Motto")
    run = title.add_run()
    run.add_break()
    run = title.add_run(motto.text)
    run.font.size, run.bold = Pt(13), True
    drop(motto)


def recipients_in_one_paragraph(doc) -> None:
    """ "Nơi nhận:" and the recipients in one paragraph, split by Shift+Enter."""
    label = styled(doc, "Notice Recipients Label")
    items = [p for p in paragraphs(doc) if p.style.name == "Notice Recipient"]
    for item in items:
        run = label.add_run()
        run.add_break()
        run = label.add_run(item.text)
        run.font.size, run.bold, run.italic = Pt(11), False, False
        drop(item)


def table_in_body(doc) -> None:
    anchor = styled(doc, "Notice Body", 1)
    table = doc.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["Đơn vị", "Thời hạn", "Cục Viễn thông", "30/9/2021"], strict=True):
        cell.paragraphs[0].add_run(text).font.size = Pt(13)
    anchor._p.addnext(table._tbl)


def theme_east_asian_slot(doc) -> None:
    fonts = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    fonts.attrib.pop(qn("w:eastAsia"))
    fonts.set(qn("w:eastAsiaTheme"), "minorEastAsia")


def check_mark(doc) -> None:
    run = styled(doc, "Notice Body").add_run("\uf0fc")
    run.font.name = "Wingdings"


def draft_with_dots(doc) -> None:
    retext(styled(doc, "Notice Number"), "Số: ……/TB-BTTTT")
    retext(styled(doc, "Notice Date"), "Hà Nội, ngày … tháng … năm 2021")


def plain_secrecy_mark(doc) -> None:
    number = styled(doc, "Notice Number")
    mark = number.insert_paragraph_before("MẬT")
    number._p.addnext(mark._p)  # under the number, in plain 12 pt: R-MAT gives only its case
    mark.runs[0].font.size = Pt(12)


def hanging_items(doc) -> None:
    """Two list items of three lines, set as Word sets a list: the first line at 1.27 cm, the next
    lines under the text (left indent 1.9 cm, hanging 0.63 cm), no space between the lines."""
    text = (
        "- Rà soát, hoàn thiện hồ sơ dự thảo Nghị định sửa đổi, bổ sung một số điều của các nghị định trong "
        "lĩnh vực thông tin và truyền thông, trình Chính phủ trong tháng 9 năm 2021 theo đúng quy trình, bảo "
        "đảm chất lượng và tiến độ;"
    )
    body_after(doc, 0, [text, text])
    for para in paragraphs(doc):
        if para.text == text:
            para.paragraph_format.left_indent = Cm(1.9)
            para.paragraph_format.first_line_indent = Cm(-0.63)


ALLOWED: dict[str, Callable] = {
    "points lettered a) to f)": latin_points,
    "a tab inside a body paragraph": lambda d: retext(styled(d, "Notice Body"), "Ngày 16/7/2021,\ttại trụ sở Bộ."),
    "Quốc hiệu and Tiêu ngữ in one paragraph": header_in_one_paragraph,
    "Nơi nhận typed with Shift+Enter": recipients_in_one_paragraph,
    "a table in the body": table_in_body,
    "East Asian slot left to the theme": theme_east_asian_slot,
    "a Wingdings check mark": check_mark,
    "a draft blanked with dots": draft_with_dots,
    "MẬT in plain 12 pt": plain_secrecy_mark,
    "list items with a hanging indent": hanging_items,
}


@pytest.fixture(scope="module")
def allowed(variants: dict[str, tuple[Path, Path]]) -> dict[str, tuple[Path, Path]]:
    return {name: variants[name] for name in ALLOWED}


# A PDF cannot tell a table from body text; LibreOffice has no Wingdings and prints DejaVu instead.
DOCX_ONLY = {"a table in the body", "a Wingdings check mark"}


@pytest.mark.parametrize(
    ("case", "fmt"), [(c, "docx") for c in ALLOWED] + [(c, "pdf") for c in ALLOWED if c not in DOCX_ONLY]
)
def test_an_allowed_layout_is_not_an_error(allowed: dict[str, tuple[Path, Path]], case: str, fmt: str) -> None:
    report = check_file(allowed[case][0 if fmt == "docx" else 1])
    assert report.errors == 0, report.lines()


def test_fix_leaves_lines_broken_by_hand_and_symbol_faces_alone(allowed: dict[str, tuple[Path, Path]]) -> None:
    source = allowed["Nơi nhận typed with Shift+Enter"][0]
    doc = open_docx(str(source))
    label = styled(doc, "Notice Recipients Label")
    for run in label.runs[:1]:
        run.italic = False  # something for --fix to do elsewhere in the file
    doc.sections[0].left_margin = Mm(25)
    broken = source.with_name("nn-upright.docx")
    doc.save(str(broken))
    before = styled(open_docx(str(broken)), "Notice Recipients Label").text
    fixed = open_docx(str(fix(broken)))
    assert styled(fixed, "Notice Recipients Label").text == before  # every recipient kept
    assert round(fixed.sections[0].left_margin.mm) == 30  # the mechanical part was fixed
    mark = fix(allowed["a Wingdings check mark"][0])
    runs = [r for r in styled(open_docx(str(mark)), "Notice Body").runs if r.text == "\uf0fc"]
    assert runs and runs[0].font.name == "Wingdings"


def test_a_pdf_without_text_or_behind_a_password_is_reported(final: tuple[Path, Path], tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(
        minimal_pdf(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>").replace(b"(Thong bao) Tj", b"")
    )
    locked = tmp_path / "locked.pdf"
    writer = PdfWriter(clone_from=PdfReader(final[1]))
    writer.encrypt("mat-khau")
    writer.write(locked)
    result = CliRunner().invoke(main, ["check", str(scan), str(locked)])
    assert result.exit_code == 2
    assert "không có lớp chữ" in result.output and "có mật khẩu" in result.output


# Issue 15 #9: check bounds what it unzips and parses


@pytest.mark.parametrize(
    ("parts", "said"),
    [
        ({"word/bomb.xml": 30_000_000}, "phần word/bomb.xml của tệp DOCX giải nén ra 30 MB"),
        ({f"word/media/x{i}.png": 10_000_000 for i in range(11)}, "(có thể là “bom zip”), lớn hơn 100 MB"),
    ],
)
def test_a_zip_bomb_is_refused_before_it_is_unpacked(
    final: tuple[Path, Path], tmp_path: Path, parts: dict[str, int], said: str
) -> None:
    """A DOCX zip bomb took 2.1 GB in `check`: the zip directory is read first, and bounds it."""
    import zipfile

    bomb = tmp_path / "bom.docx"
    shutil.copy(final[0], bomb)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, size in parts.items():
            with archive.open(name, "w", force_zip64=True) as stream:
                for _ in range(size // 1_000_000):
                    stream.write(bytes(1_000_000))
    assert bomb.stat().st_size < 2_000_000
    report = check_file(bomb)
    assert report.unreadable and said in report.unreadable
    result = CliRunner().invoke(main, ["check", str(bomb)])
    assert result.exit_code != 0 and said in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("where", ["page", "font"])
def test_a_pdf_bomb_is_refused_before_a_text_reader_unpacks_it(tmp_path: Path, where: str) -> None:
    """A small PDF with a stream that unpacks to 200 MB of zeros, as a page's content or as a
    font's ToUnicode map: check and import refuse it from the bounds (issue 15), before pdfminer
    or PDFium unpack the stream whole."""
    import zlib

    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, StreamObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    packed = zlib.compressobj(9)
    data = b"".join(packed.compress(bytes(10_000_000)) for _ in range(20)) + packed.flush()
    stream = StreamObject()
    stream.set_data(data)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    if where == "page":
        page[NameObject("/Contents")] = writer._add_object(stream)
    else:
        font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/BaseFont"): NameObject("/F")})
        font[NameObject("/ToUnicode")] = writer._add_object(stream)
        fonts = DictionaryObject({NameObject("/F1"): writer._add_object(font)})
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    bomb = tmp_path / "bom.pdf"
    with bomb.open("wb") as out:
        writer.write(out)
    assert bomb.stat().st_size < 1_000_000
    said = "bom PDF"
    report = check_file(bomb)
    assert report.unreadable and said in report.unreadable
    result = CliRunner().invoke(main, ["check", str(bomb)])
    assert result.exit_code != 0 and said in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["import", str(bomb), "-o", str(tmp_path / "bom.yaml")])
    assert result.exit_code != 0 and said in result.output and "Traceback" not in result.output
    assert not (tmp_path / "bom.yaml").exists()


def test_a_damaged_pdf_is_one_vietnamese_line_in_check_and_import(tmp_path: Path) -> None:
    """pypdf's English repair notes ("EOF marker not found") never reach the office's screen."""
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    for args in (["check", str(broken)], ["import", str(broken), "-o", str(tmp_path / "hong.yaml")]):
        # A process of its own: logging writes to the real stderr, which CliRunner does not see.
        done = subprocess.run([sys.executable, "-m", "notice_gen", *args], capture_output=True, text=True)
        output = done.stdout + done.stderr
        assert done.returncode == 2, output
        assert "hỏng" in output and "Traceback" not in output
        assert "EOF marker" not in output and "not found" not in output, output
    assert not (tmp_path / "hong.yaml").exists()


# --- issue 14: findings people can trust --------------------------------------------------------

# Its words fill a line less the first-line indent at each end, so its middle is the column's.
ONE_LINE_TASK = "Vụ Kế hoạch - Tài chính làm việc với Vụ Pháp chế kế hoạch tài chính."


def test_a_one_line_task_is_not_taken_for_centred_text(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "- Đoạn văn thứ nhất.",
        f"- Đoạn văn thứ nhất.\n      - task: {ONE_LINE_TASK}\n        lead: Vụ Kế hoạch - Tài chính",
    )
    for path in Pipeline(out_dir=tmp_path / "out", final=True).render(write_yaml(tmp_path, "task.yaml", text)):
        assert errors(path) == set(), check_file(path).lines()


def test_a_draft_with_its_number_and_date_is_a_draft_by_its_mark(tmp_path: Path) -> None:
    """MINIMAL has a number and a date; rendered without --final it carries "DỰ THẢO"."""
    for path in Pipeline(out_dir=tmp_path / "out").render(write_yaml(tmp_path, "d.yaml", MINIMAL)):
        report = check_file(path)
        assert report.draft and report.errors == 0, report.lines()
        assert "dự thảo (có dấu “DỰ THẢO” ở đầu trang)" in report.lines()[0]
        assert "để trống" not in "\n".join(report.lines())


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("Quốc hiệu over two lines", "Quốc hiệu bị ngắt thành hai dòng"),
        ("date written 5/8/2021", "Hà Nội, ngày 05 tháng 8 năm 2021"),
        ("rule under Tiêu ngữ typed with underscores", "gõ bằng ký tự, không phải đường kẻ liền"),
        ("signer name deleted", "thiếu họ tên người ký dưới chức vụ"),
        ("V/v before the subject", "không có “V/v”"),
        ("signer lines above Nơi nhận", "không ngang hàng với dòng quyền hạn"),
    ],
)
@pytest.mark.parametrize("fmt", [0, 1])
def test_a_part_that_is_there_but_wrong_is_named_for_what_is_wrong(
    corpus: dict[str, tuple[Path, Path]], case: str, words: str, fmt: int
) -> None:
    lines = "\n".join(check_file(corpus[case][fmt]).lines())
    assert words in lines, lines
    assert "không tìm thấy" not in lines


def test_fix_writes_a_date_with_slashes_as_the_nd30_date_line(corpus: dict[str, tuple[Path, Path]]) -> None:
    fixed = fix(corpus["date written 5/8/2021"][0])
    assert styled(open_docx(str(fixed)), "Notice Date").text == "Hà Nội, ngày 05 tháng 8 năm 2021"
    assert errors(fixed) == set(), check_file(fixed).lines()
