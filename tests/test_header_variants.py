"""Header variants in both formats: a parent body, a final number and date, secrecy and urgency marks."""

from pathlib import Path

import pdfplumber
import pytest
from docx import Document as open_docx

from notice_gen.render.pipeline import Pipeline
from tests.conftest import MINIMAL, docx_words, pdf_words, write_yaml

PROVINCE = (
    MINIMAL.replace(
        "issuer: {name: Bộ Thông tin và Truyền thông, abbreviation: BTTTT}",
        "issuer: {name: Sở Thông tin và Truyền thông, abbreviation: STTTT, parent: Ủy ban nhân dân tỉnh Lào Cai}",
    )
    .replace("place: Hà Nội", "place: Lào Cai\n    secrecy: MẬT\n    urgency: HỎA TỐC")
    .replace("[TL. Bộ trưởng]", "[TL. Giám đốc]")
)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("province")
    docx, pdf = Pipeline(out_dir=folder / "out").render(write_yaml(folder, "province.yaml", PROVINCE))
    return docx, pdf


def test_docx_header_cells(outputs: tuple[Path, Path]) -> None:
    doc = open_docx(str(outputs[0]))
    header = doc.tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == [
        "ỦY BAN NHÂN DÂN TỈNH LÀO CAI",  # R-CQCQ, above the issuer
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    ]
    assert [p.text for p in header.cell(1, 0).paragraphs] == ["Số: 05/TB-STTTT", "MẬT", "HỎA TỐC"]
    assert header.cell(1, 1).paragraphs[0].text == "Lào Cai, ngày 05 tháng 01 năm 2022"
    parent = doc.styles["Notice Parent"].font
    assert 12 <= parent.size.pt <= 13 and not parent.bold  # R-CQCQ: not bold
    urgency = doc.styles["Notice Urgency"]
    assert urgency.font.bold and str(urgency.font.color.rgb) == "CC0000"  # R-KHAN: bold, red
    assert urgency.element.rPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bdr") is not None


def test_pdf_header_positions_and_marks(outputs: tuple[Path, Path]) -> None:
    with pdfplumber.open(outputs[1]) as doc:
        page = doc.pages[0]
        lines = {line["text"]: line for line in page.extract_text_lines(return_chars=True)}
        parent = next(line for text, line in lines.items() if text.startswith("ỦY BAN NHÂN DÂN TỈNH LÀO CAI"))
        issuer = next(line for text, line in lines.items() if text.startswith("SỞ THÔNG TIN VÀ TRUYỀN THÔNG"))
        assert parent["top"] < issuer["top"]
        assert "Bold" not in parent["chars"][0]["fontname"] and "Bold" in issuer["chars"][0]["fontname"]
        number = next(line for text, line in lines.items() if text.startswith("Số: 05/TB-STTTT"))
        secrecy, urgency = lines["MẬT"], lines["HỎA TỐC"]
        assert number["top"] < secrecy["top"] < urgency["top"]  # R-MAT under the number, R-KHAN under it
        red = urgency["chars"][0]["non_stroking_color"]
        assert red[0] > 0.7 and red[1] < 0.1 and red[2] < 0.1
        boxes = [
            r
            for r in page.rects
            if r["x0"] < urgency["x0"]
            and r["x1"] > urgency["x1"]
            and r["top"] <= urgency["top"] + 1
            and r["bottom"] >= urgency["bottom"] - 1
        ]
        assert boxes, "HỎA TỐC is in a box"


def test_final_notice_has_its_number_and_date_in_both_formats(outputs: tuple[Path, Path]) -> None:
    docx, pdf = outputs
    assert docx_words(docx) == pdf_words(pdf)
    words = docx_words(docx)
    assert words[words.index("Số:") + 1] == "05/TB-STTTT"
    assert "TL. GIÁM ĐỐC" in " ".join(words)
