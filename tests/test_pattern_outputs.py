"""Issue 12: each pattern input renders in DOCX and PDF, passes `check` in both, and prints its words.

The inputs are tests/fixtures/patterns/*.yaml; the words are read back from the files as a
reader gets them: python-docx (and the footnotes part) for the DOCX, pdfplumber for the PDF.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from docx import Document as open_docx
from docx.oxml.ns import qn
from lxml import etree

from notice_gen import nd30
from notice_gen.check import check_file
from notice_gen.cli import main
from notice_gen.notice.document import plain
from tests.conftest import ROOT, docx_paragraphs

PATTERNS = ROOT / "tests" / "fixtures" / "patterns"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("patterns")
    result = CliRunner().invoke(main, ["render", "-o", str(folder), str(PATTERNS)])
    assert result.exit_code == 0, result.output
    return folder


def docx_texts(path: Path) -> list[tuple[str, str]]:
    """(style, text) of each paragraph, the no-break spaces compose sets read as spaces (plain)."""
    return [(p.style.name if p.style is not None else "", plain(p.text)) for p in docx_paragraphs(path)]


def pdf_text(path: Path) -> str:
    """The PDF's words in reading order, one space between words and lines."""
    with pdfplumber.open(path) as pdf:
        return " ".join(" ".join(w["text"] for w in page.extract_words()) for page in pdf.pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("name", sorted(p.stem for p in PATTERNS.glob("*.yaml")))
@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_check_passes(out: Path, name: str, suffix: str) -> None:
    report = check_file(out / f"{name}{suffix}")
    assert report.unreadable is None and report.errors == 0 and report.warnings == 0, "\n".join(report.lines())


def test_opening_organized_long_date_colon_list_and_joined_lead_in(out: Path) -> None:
    expected = (
        "Chiều ngày 07 tháng 10 năm 2024, Ủy ban nhân dân tỉnh tổ chức cuộc họp nghe báo cáo tiến độ giải ngân vốn "
        "đầu tư công năm 2024 dưới sự chủ trì của đồng chí Trịnh Xuân Trường, Chủ tịch UBND tỉnh. Tham dự cuộc họp "
        "có các đồng chí: Hoàng Quốc Khánh, Phó Chủ tịch UBND tỉnh; Nguyễn Thành Sinh, Phó Chủ tịch UBND tỉnh; lãnh "
        "đạo các sở, ban, ngành liên quan. Trên cơ sở báo cáo của Sở Kế hoạch và Đầu tư và ý kiến phát biểu của các "
        "đại biểu, đồng chí Chủ tịch UBND tỉnh có ý kiến chỉ đạo như sau:"
    )
    body = [text for style, text in docx_texts(out / "mo-dau-to-chuc.docx") if style == "Notice Body"]
    assert body[0] == expected  # one paragraph: the lead-in is its last sentence
    assert body[1].startswith("Các sở, ngành tập trung")
    assert expected in flat(pdf_text(out / "mo-dau-to-chuc.pdf"))


BODY_LINES = [
    ("Notice Heading 1", "I. Về tình hình thực hiện nhiệm vụ quý I/2019:"),
    ("Notice Item", "1. Về công tác chỉ đạo, điều hành."),
    ("Notice Body", "Các đơn vị đã bám sát chương trình công tác năm, hoàn thành đúng hạn các nhiệm vụ được giao."),
    ("Notice Body", "Công tác phối hợp giữa các đơn vị được tăng cường, có chuyển biến rõ nét."),
    ("Notice Item", "- Về công tác xây dựng thể chế:"),
    ("Notice Body", "Hoàn thành trình Chính phủ 03 nghị định đúng tiến độ."),
    ("Notice Item", "- Về công tác cải cách hành chính:"),
    ("Notice Body", "Cắt giảm 20 % thủ tục hành chính so với năm trước."),
    ("Notice Item", "2. Giao Vụ Kế hoạch - Tài chính:"),
    ("Notice Item", "2.1. Chủ trì rà soát kế hoạch vốn:"),
    ("Notice Item", "- Báo cáo Bộ trưởng kết quả rà soát. Thời hạn hoàn thành: 15/5/2019."),
    ("Notice Item", "- Đề xuất điều chỉnh kế hoạch vốn nếu cần."),
    ("Notice Item", "2.2. Phối hợp với Văn phòng Bộ tổng hợp báo cáo quý."),
    ("Notice Heading 1", "II. Về nhiệm vụ quý II/2019"),
    ("Notice Heading 2", "a) Các nhiệm vụ trọng tâm"),
    ("Notice Item", "Thứ nhất, Hoàn thiện thể chế về kinh tế số."),
    ("Notice Item", "Thứ hai, Đẩy nhanh chuyển đổi số trong các cơ quan nhà nước."),
    ("Notice Heading 2", "b) TỔ CHỨC THỰC HIỆN"),
    ("Notice Body", "Các đơn vị chủ động triển khai."),
]


def test_items_of_several_paragraphs_topics_schemes_and_heading_case(out: Path) -> None:
    printed = docx_texts(out / "noi-dung-nhieu-doan.docx")
    start = printed.index(BODY_LINES[0])
    assert printed[start : start + len(BODY_LINES)] == BODY_LINES
    text = flat(pdf_text(out / "noi-dung-nhieu-doan.pdf"))
    positions = [text.find(line) for _style, line in BODY_LINES]
    assert -1 not in positions and positions == sorted(positions), positions


def test_recipient_groups(out: Path) -> None:
    lines = ["- Bộ trưởng (để b/c);", "- Các Vụ, đơn vị thuộc Bộ:", "+ Vụ Kế hoạch - Tài chính;", "+ Văn phòng Bộ;"]
    printed = [text for style, text in docx_texts(out / "noi-dung-nhieu-doan.docx") if style == "Notice Recipient"]
    assert printed == [*lines, "- Lưu: VT."]
    with pdfplumber.open(out / "noi-dung-nhieu-doan.pdf") as pdf:
        pdf_lines = [line["text"] for page in pdf.pages for line in page.extract_text_lines()]
    assert all(any(line.startswith(expected) for line in pdf_lines) for expected in lines)


def test_header_line_break_partial_date_and_blank_signer(out: Path) -> None:
    docx = out / "du-thao-mot-phan.docx"
    paragraphs = docx_paragraphs(docx)
    (issuer,) = [p for p in paragraphs if p.style is not None and p.style.name == "Notice Issuer"]
    assert issuer.text == "TỔNG CỤC\nTHỐNG KÊ" and len(issuer._p.findall(f".//{W}br")) == 1  # one paragraph, a break
    (date,) = [p.text for p in paragraphs if p.style is not None and p.style.name == "Notice Date"]
    assert date == f"Hà Nội, ngày{nd30.BLANK}tháng 6 năm 2026"
    (name,) = [p.text for p in paragraphs if p.style is not None and p.style.name == "Notice Signer Name"]
    assert name == ""
    authorized = (
        "Ngày 02/6/2026, tại trụ sở Tổng cục, được sự ủy quyền của đồng chí Tổng cục trưởng, đồng chí Nguyễn Trung "
        "Tiến, Phó Tổng cục trưởng đã chủ trì cuộc họp triển khai Tổng điều tra kinh tế năm 2026."
    )
    assert authorized in [plain(p.text) for p in paragraphs]
    assert authorized in flat(pdf_text(out / "du-thao-mot-phan.pdf"))
    with pdfplumber.open(out / "du-thao-mot-phan.pdf") as pdf:
        lines = {line["text"]: line["top"] for line in pdf.pages[0].extract_text_lines()}
    tong_cuc = next(top for text, top in lines.items() if text.startswith("TỔNG CỤC"))
    thong_ke = next(top for text, top in lines.items() if text.startswith("THỐNG KÊ"))
    assert thong_ke - tong_cuc > 10  # two lines of the left column
    assert any(re.search(r"Hà Nội, ngày\s+tháng 6 năm 2026$", text) for text in lines)


def test_final_refuses_a_draft_without_its_signer(out: Path, tmp_path: Path) -> None:
    source = tmp_path / "n.yaml"
    text = (PATTERNS / "du-thao-mot-phan.yaml").read_text(encoding="utf-8")
    source.write_text(text.replace("month: 6", "number: 3\nissue_date: 2026-06-05"), encoding="utf-8")
    result = CliRunner().invoke(main, ["render", "--final", "-o", str(tmp_path / "o"), str(source)])
    assert result.exit_code == 2
    assert "signer.name: bản chính thức (--final) phải có họ tên người ký (R-NAME)" in result.output
    assert not (tmp_path / "o").exists()


NOTES = [
    "Số liệu tính từ ngày 01/4/2026 đến hết ngày 31/5/2026, theo hệ thống thu thập trực tuyến.",
    "Gồm phiếu có sai lệch logic & thiếu thông tin bắt buộc (mục <B>).",
]


def test_footnotes_are_word_footnotes_in_the_docx(out: Path) -> None:
    docx = out / "du-thao-mot-phan.docx"
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/footnotes.xml"))
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert "footnotes+xml" in types and 'Target="footnotes.xml"' in rels
    notes = {
        int(n.get(f"{W}id")): plain("".join(t.text or "" for t in n.iter(f"{W}t"))).strip()
        for n in root.findall(f"{W}footnote")
        if n.get(f"{W}type") is None
    }
    assert notes == {1: NOTES[0], 2: NOTES[1]}
    (paragraph,) = [p for p in docx_paragraphs(docx) if plain(p.text).startswith("Đến hết tháng 5/2026")]
    runs = [(r.find(qn("w:t")), r.find(qn("w:footnoteReference"))) for r in paragraph._p.iter(qn("w:r"))]
    texts = [plain(t.text) if t is not None else int(ref.get(qn("w:id"))) for t, ref in runs]
    assert texts == [
        "Đến hết tháng 5/2026, đã có 95,4 %",
        1,
        " số đơn vị điều tra hoàn thành kê khai trực tuyến; tỷ lệ phiếu phải kiểm tra lại còn cao",
        2,
        ".",
    ]
    assert plain(paragraph.text) == (
        "Đến hết tháng 5/2026, đã có 95,4 % số đơn vị điều tra hoàn thành kê khai trực tuyến; tỷ lệ phiếu phải "
        "kiểm tra lại còn cao."
    )
    assert open_docx(str(docx)).paragraphs  # python-docx still opens the file


def test_footnotes_are_at_the_page_bottom_of_the_pdf(out: Path) -> None:
    with pdfplumber.open(out / "du-thao-mot-phan.pdf") as pdf:
        page = pdf.pages[0]
        lines = page.extract_text_lines()
        words = page.extract_words(extra_attrs=["size"])
    body = next(line for line in lines if line["text"].startswith("Đến hết tháng 5/2026"))
    note_lines = [line for line in lines if line["text"][2:].startswith(("Số liệu tính", "Gồm phiếu"))]
    assert [flat(line["text"][2:]) for line in note_lines] == NOTES
    assert [line["text"][:1] for line in note_lines] == ["1", "2"]
    signer = next(line for line in lines if "PHÓ TỔNG CỤC TRƯỞNG" in line["text"])
    assert all(line["top"] > signer["bottom"] and line["bottom"] > page.height * 0.8 for line in note_lines)
    calls = [w for w in words if w["text"] in ("1", "2") and w["size"] < 12 and abs(w["top"] - body["top"]) < 20]
    assert [w["text"] for w in calls][:1] == ["1"]  # the call, smaller and raised, on the body's line


def test_lint_and_the_task_export_read_the_new_blocks(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["lint", str(PATTERNS)])
    assert result.exit_code == 0 and "3 tệp: 0 lỗi, 0 cảnh báo" in result.output, result.output
    target = tmp_path / "tasks.json"
    result = CliRunner().invoke(main, ["tasks", str(PATTERNS / "noi-dung-nhieu-doan.yaml"), "-o", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "Báo cáo Bộ trưởng kết quả rà soát" in text and "I. Về tình hình thực hiện nhiệm vụ quý I/2019:" in text
    with_note = ROOT / "notice_gen" / "data" / "template-fixtures" / "05-chu-thich.yaml"
    assert CliRunner().invoke(main, ["tasks", str(with_note), "-o", str(target)]).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "đôn đốc giải ngân các dự án chậm tiến độ" in text and "[^" not in text  # the call is the notice's
