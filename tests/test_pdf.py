"""The PDF outputs, opened with pdfplumber and pypdf, measured against nd30.md."""

from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from notice_gen import nd30
from tests.conftest import INPUTS

STEMS = [p.stem for p in INPUTS]
MM = 72 / 25.4
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, (210 - 15) * MM, 20 * MM, (297 - 20) * MM
CENTRE = (LEFT + RIGHT) / 2


@pytest.fixture(params=STEMS)
def pdf(request: pytest.FixtureRequest, rendered: dict[str, tuple[Path, Path]]) -> Path:
    return rendered[request.param][1]


def line_chars(page: pdfplumber.page.Page, text: str, *, whole: bool = False) -> list[dict]:
    """The characters of the first text line that contains ``text`` (or is ``text``, if ``whole``)."""
    for line in page.extract_text_lines(return_chars=True):
        if (line["text"] == text) if whole else (text in line["text"]):
            start = line["text"].index(text)
            chars = [c for c in line["chars"] if c["text"] != " "]
            offset = len(line["text"][:start].replace(" ", ""))
            return chars[offset : offset + len(text.replace(" ", ""))]
    raise AssertionError(f"{text!r} not found")


def style_of(chars: list[dict]) -> tuple[float, bool, bool]:
    sizes = {round(c["size"], 1) for c in chars}
    names = {c["fontname"] for c in chars}
    assert len(sizes) == 1 and len(names) == 1, (sizes, names)
    name = names.pop()
    return sizes.pop(), "Bold" in name, "Italic" in name


def test_pages_are_a4(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            assert (round(page.width / MM), round(page.height / MM)) == (210, 297)  # R-PAGE


def test_only_the_serif_face_is_used_and_it_is_embedded(pdf: Path) -> None:
    reader = PdfReader(pdf)
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            name = font["/BaseFont"].split("+", 1)[-1]
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor, name  # embedded
            assert name.startswith(("Liberation-Serif", "TimesNewRoman", "Times-New-Roman")), name  # R-FONT
            seen.add(name)
    assert {"Liberation-Serif", "Liberation-Serif-Bold"} <= seen or any("Times" in n for n in seen)


def test_text_stays_inside_the_margins(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages, 1):
            chars = [c for c in page.chars if c["top"] >= TOP and c["text"].strip()]
            # Page 1's header (above THÔNG BÁO) runs 5 mm into each side margin by design (issue 13).
            lines = page.extract_text_lines() if number == 1 else []
            title = next((line["top"] for line in lines if line["text"] == "THÔNG BÁO"), None)
            header = [c for c in chars if title is not None and c["bottom"] <= title]
            body = [c for c in chars if c not in header]
            if header:
                assert min(c["x0"] for c in header) >= LEFT - 5 * MM - 0.5
                assert max(c["x1"] for c in header) <= RIGHT + 5 * MM + 0.5
            assert min(c["x0"] for c in body) >= LEFT - 0.5, number  # R-MARGIN
            assert max(c["x1"] for c in body) <= RIGHT + 0.5, number
            assert max(c["bottom"] for c in body) <= BOTTOM + 0.5, number
            # justified body text reaches both margins (a last page may hold only the signature)
            if 1 < number < len(doc.pages):
                assert min(c["x0"] for c in body) == pytest.approx(LEFT, abs=1)
                assert max(c["x1"] for c in body) == pytest.approx(RIGHT, abs=1)


def test_page_numbers_from_page_two_centred_in_the_top_margin(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) >= 2
        for number, page in enumerate(doc.pages, 1):
            margin = [c for c in page.chars if c["bottom"] <= TOP and c["text"].strip()]
            mark = [c for c in margin if c["x0"] > CENTRE + 30]  # the seeds are drafts: "DỰ THẢO", top right
            assert "".join(c["text"] for c in mark) == "DỰTHẢO"
            assert max(c["x1"] for c in mark) == pytest.approx(RIGHT, abs=6)  # inside its box, at the margin
            margin = [c for c in margin if c not in mark]
            if number == 1:
                assert margin == []  # R-PAGENO: none on page 1
                continue
            assert "".join(c["text"] for c in margin) == str(number)
            size, bold, italic = style_of(margin)
            assert 13 <= size <= 14 and not bold and not italic
            centre = (min(c["x0"] for c in margin) + max(c["x1"] for c in margin)) / 2
            assert centre == pytest.approx(CENTRE, abs=1)


def test_header_parts_print_as_nd30_says(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        expected = {
            nd30.NATIONAL_TITLE: "national_title",
            nd30.MOTTO: "motto",
            "BỘ THÔNG TIN VÀ TRUYỀN THÔNG": "issuer",
            "THÔNG BÁO": "doc_type",
            "Kết luận của Bộ trưởng": "subject",
            "Số:": "number",
            "Hà Nội, ngày": "date",
        }
        for text, part in expected.items():
            size, bold, italic = style_of(line_chars(page, text))
            rule = nd30.PARTS[part]
            assert rule.sizes[0] <= size <= rule.sizes[1], text
            assert (bold, italic) == (rule.bold, rule.italic), text


def test_number_shares_the_line_of_the_date_and_the_title_is_centred(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        number, date = line_chars(page, "Số:"), line_chars(page, "Hà Nội")
        assert number[0]["bottom"] == pytest.approx(date[0]["bottom"], abs=2)  # R-SO: same line
        motto = line_chars(page, nd30.MOTTO)
        assert date[0]["top"] > motto[0]["bottom"]  # R-DATE: under the Tiêu ngữ
        title = line_chars(page, "THÔNG BÁO")
        assert (title[0]["x0"] + title[-1]["x1"]) / 2 == pytest.approx(CENTRE, abs=1)  # R-TYPE


def test_rules_under_motto_issuer_and_subject(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        lines = sorted([*page.lines, *page.rects], key=lambda r: r["top"])
        motto = line_chars(page, nd30.MOTTO)
        issuer = line_chars(page, "BỘ THÔNG TIN VÀ TRUYỀN THÔNG")
        widths = {}
        for name, chars in (("motto", motto), ("issuer", issuer)):
            below = [r for r in lines if chars[0]["bottom"] <= r["top"] <= chars[0]["bottom"] + 8]
            rule = min(below, key=lambda r: abs((r["x0"] + r["x1"]) / 2 - (chars[0]["x0"] + chars[-1]["x1"]) / 2))
            widths[name] = (rule["x1"] - rule["x0"], chars[-1]["x1"] - chars[0]["x0"])
        rule, text = widths["motto"]
        assert rule == pytest.approx(text, abs=2)  # R-TN: as long as the motto
        rule, text = widths["issuer"]
        assert text / 3 - 1 <= rule <= text / 2 + 1  # R-CQ


def test_body_is_14pt_justified_with_a_first_line_indent(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        lines = page.extract_text_lines(return_chars=True)
        first = next(i for i, line in enumerate(lines) if line["text"].startswith(("Ngày ", "Sáng ngày", "Chiều ngày")))
        opening = [c for c in lines[first]["chars"] if c["text"].strip()]
        size, bold, italic = style_of(opening)
        assert size == 14 and not bold and not italic  # R-BODY
        assert opening[0]["x0"] - LEFT == pytest.approx(1.27 / 2.54 * 72, abs=1)  # first-line indent 1.27 cm
        # Justified: the opening paragraph's first lines end on the right margin, the next start on the left.
        for line in lines[first : first + 3]:
            chars = [c for c in line["chars"] if c["text"].strip()]
            assert chars[-1]["x1"] == pytest.approx(RIGHT, abs=0.5)
        assert min(c["x0"] for c in lines[first + 1]["chars"]) == pytest.approx(LEFT, abs=0.5)


def test_signature_block(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[-1]
        assert "./." in page.extract_text()  # the closing sentence is on the signature's page
        label = line_chars(page, "Nơi nhận:")
        authority = line_chars(page, "TL. BỘ TRƯỞNG")
        assert style_of(label) == (12, True, True)  # R-NN
        assert label[0]["x0"] == pytest.approx(LEFT, abs=0.5)  # flush left
        assert label[0]["top"] == pytest.approx(authority[0]["top"], abs=3)  # level with the authority
        assert style_of(authority)[:2] == (14, True)  # R-AUTH
        archive = line_chars(page, "- Lưu: VT, VP.")
        assert style_of(archive) == (11, False, False)  # R-NNITEM
        name = line_chars(page, "Bùi Hoàng Phương", whole=True)
        assert style_of(name)[:2] == (14, True)  # R-NAME
        name_centre = (name[0]["x0"] + name[-1]["x1"]) / 2
        authority_centre = (authority[0]["x0"] + authority[-1]["x1"]) / 2
        assert name_centre == pytest.approx(authority_centre, abs=1)
        assert name[0]["top"] - authority[0]["bottom"] > 60  # room for the signature and seal


def test_copied_text_is_correct_vietnamese(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(page.extract_text() for page in doc.pages)
    assert "Bộ trưởng Nguyễn Mạnh Hùng" in text
    assert "\ufffd" not in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
