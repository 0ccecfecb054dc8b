"""No unit split over two lines (issue 13): document symbols, periods, dates, numbers with units.

The real pipeline renders one notice whose paragraphs put each kind of unit at every position
of a line's end: the same sentence, its prefix one character longer each time, so that the
unit starts a little further right in each paragraph and somewhere straddles the edge. Our
PDF and LibreOffice's PDF of our DOCX are read back line by line: a unit must always be found
whole on one line. Before compose marked them, WeasyPrint broke "34-NQ/" | "TW", "34-" | "NQ/TW",
"Quý" | "IV/2022" and "50" | "tỷ đồng", and LibreOffice broke at "-" and at spaces.
"""

from __future__ import annotations

import functools
import io
import itertools
import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from docx import Document as open_docx

from notice_gen.check import docx_reader, pdf_reader
from notice_gen.check.layout import family_of
from notice_gen.notice.document import JOINER, NBSP, plain
from notice_gen.notice.model import load_notice
from notice_gen.render import fonts
from notice_gen.render.compose import compose
from notice_gen.render.docx import DocxRenderer
from notice_gen.render.joins import join
from notice_gen.render.pipeline import Pipeline
from notice_gen.templates import find
from tests.conftest import MINIMAL, soffice_pdf, write_yaml

UNITS = (
    "34-NQ/TW",
    "05/TB-BTTTT",
    "12/2024/NĐ-CP",
    "Quý IV/2022",
    "tháng 6/2026",
    "20/10/2024",
    "ngày 05 tháng 01 năm 2024",
    "50 tỷ đồng",
    "15 %",
    "30 ngày",
)
# A full date may break before "năm", as offices set it; nowhere else.
ALLOWED = {"ngày 05 tháng 01 năm 2024": {"ngày 05 tháng 01 | năm 2024"}}
FILLER = (
    "Bộ yêu cầu các cơ quan đơn vị khẩn trương hoàn thiện hồ sơ trình cấp có thẩm quyền xem xét "
    "quyết định theo đúng quy định hiện hành và báo cáo kết quả thực hiện về Văn phòng Bộ"
)
# The body's first line holds about 70 characters: prefixes of 50 to 89 put a unit across its end.
PREFIXES = range(50, 90)


@pytest.fixture(scope="module")
def layouts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The notice with every unit at every offset: "ours" and "office" (its PDFs), "docx"."""
    folder = tmp_path_factory.mktemp("joins")
    paragraphs = "\n".join(
        f"      - {FILLER[:k].rstrip()} {unit} và tiếp tục triển khai." for unit in UNITS for k in PREFIXES
    )
    text = write_yaml(folder, "joins.yaml", MINIMAL).read_text(encoding="utf-8")
    text = text.replace("number: 5\nissue_date: 2022-01-05\n", "")  # a draft: no "05/TB-BTTTT" in the header
    source = write_yaml(folder, "joins.yaml", text.replace("      - Đoạn văn thứ nhất.", paragraphs))
    docx, pdf = Pipeline(out_dir=folder / "out").render(source)
    soffice_pdf([docx], folder / "office")
    return {"ours": pdf, "office": folder / "office" / pdf.name, "docx": docx}


@functools.cache
def lines(path: Path) -> list[str]:
    """The PDF's lines of text, read once per file (the notice has some 27 pages)."""
    with pdfplumber.open(path) as pdf:
        return [" ".join(line["text"].split()) for page in pdf.pages for line in page.extract_text_lines()]


def splits(found: list[str], unit: str) -> set[str]:
    """Each way ``unit`` is cut between the end of one line and the start of the next."""
    out = set()
    for before, after in itertools.pairwise(found):
        for cut in range(1, len(unit)):
            head, tail = unit[:cut].rstrip(), unit[cut:].lstrip()
            if head and tail and before.endswith(head) and after.startswith(tail):
                out.add(f"{head} | {tail}")
    return out


@pytest.mark.parametrize("renderer", ["ours", "office"])
@pytest.mark.parametrize("unit", UNITS)
def test_no_unit_is_split_over_two_lines(layouts: dict[str, Path], renderer: str, unit: str) -> None:
    found = lines(layouts[renderer])
    assert splits(found, unit) <= ALLOWED.get(unit, set()), (renderer, unit, splits(found, unit))
    if unit not in ALLOWED:
        assert sum(line.count(unit) for line in found) == len(PREFIXES), (renderer, unit)


def test_both_layouts_break_every_line_alike(layouts: dict[str, Path]) -> None:
    """WeasyPrint and LibreOffice honour the same marks: the same words on every line."""
    assert lines(layouts["ours"]) == lines(layouts["office"])


def test_the_marks_print_nothing_and_read_back_as_plain_text(layouts: dict[str, Path]) -> None:
    """No joiner in either PDF's text, only the face (R-FONT); the DOCX holds Word's non-breaking
    hyphens and NBSP, and check's readers give the text without them."""
    face = fonts.serif().family
    for key in ("ours", "office"):
        with pdfplumber.open(layouts[key]) as pdf:
            chars = [c for page in pdf.pages for c in page.chars]
        assert not [c for c in chars if c["text"] == JOINER], key
        assert {family_of(c["fontname"]) for c in chars} == {face}, key
    document = open_docx(str(layouts["docx"]))
    body = document.element.body
    assert len(body.findall(".//{*}noBreakHyphen")) == 3 * len(PREFIXES)  # 34-NQ, TB-BTTTT, NĐ-CP
    texts = "".join(t.text or "" for t in body.iter("{*}t"))
    assert JOINER not in texts and NBSP in texts
    for reader in (docx_reader, pdf_reader):
        path = layouts["docx"] if reader is docx_reader else layouts["ours"]
        read = " ".join(p.text for p in reader.read(path)[0].paras)
        assert NBSP not in read and JOINER not in read
        assert "34-NQ/TW" in read and "Quý IV/2022" in read and "ngày 05 tháng 01 năm 2024" in read


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("theo Nghị quyết số 34-NQ/TW của", ["số 34-NQ/TW"]),
        ("Thông báo số 05/TB-BTTTT ngày", ["số 05/TB-BTTTT"]),
        ("Nghị định 12/2024/NĐ-CP.", ["12/2024/NĐ-CP"]),
        ("kết quả Quý IV/2022 và quý 3", ["Quý IV/2022", "quý 3"]),
        ("trước tháng 6/2026;", ["tháng 6/2026"]),
        ("ngày 05 tháng 01 năm 2024", ["ngày 05 tháng 01", "năm 2024"]),
        (
            "50 tỷ đồng, 1.200 triệu đồng, 15 %, 30 ngày, 6 tháng đầu năm",
            ["50 tỷ đồng", "1.200 triệu đồng", "15 %", "30 ngày", "6 tháng"],
        ),
        # Not units: addresses break where they break; a dash between spaces is a pause; "5 năm 2024"
        # is no number of years; a chain longer than MAX_SYMBOL may break rather than overflow.
        ("xem https://mic.gov.vn/tin-tuc/abc-def và a@b-c.vn", []),
        ("phát triển kinh tế - xã hội", []),
        ("tháng năm qua, 5 năm 2024", ["năm 2024"]),
        ("a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q", []),
    ],
)
def test_join_marks_each_unit_and_nothing_else(text: str, kept: list[str]) -> None:
    marked = join(text)
    assert plain(marked) == text
    units = [plain(u) for u in re.findall(rf"\S*[{NBSP}{JOINER}]\S*(?:[{NBSP}]\S*)*", marked)]
    assert [u.strip(".,;") for u in units] == kept


def test_compose_marks_the_flowing_text_once_and_nothing_else(tmp_path: Path) -> None:
    """Trích yếu, opening, body, footnotes and closing carry the marks; the header, Nơi nhận,
    the signature and the document properties do not; joins=False gives the plain text."""
    source = write_yaml(
        tmp_path,
        "n.yaml",
        """
        issuer: {name: Bộ Thông tin và Truyền thông, abbreviation: BTTTT}
        place: Hà Nội
        number: 5
        issue_date: 2024-01-05
        subject: Kết luận về kết quả Quý IV/2023
        meeting:
          name: Hội nghị giao ban Quý IV/2023
          date: 2024-01-02
          chair: {title: Bộ trưởng, name: Nguyễn Mạnh Hùng}
        body:
          - Thực hiện Nghị quyết số 34-NQ/TW[^nq].
        footnotes:
          nq: Nghị quyết số 34-NQ/TW ngày 05 tháng 01 năm 2024.
        closing: {text: Văn phòng thông báo để các đơn vị biết trước tháng 6/2024}
        recipients: [Vụ 34-NQ/TW]
        signer: {authority: [TL. Bộ trưởng], position: Chánh Văn phòng, name: Bùi Hoàng Phương}
        """,
    )
    notice, template = load_notice(source), find("bo")
    doc, flat = compose(notice, template), compose(notice, template, joins=False)
    block, note = doc.body[-1], doc.footnotes[0]
    marked = [doc.subject_lines[0], doc.opening[0], block.text, block.runs[0].text, note.text, doc.closing]
    assert all(NBSP in text and JOINER in text for text in marked), marked
    assert [plain(text) for text in marked] == [
        flat.subject_lines[0],
        flat.opening[0],
        flat.body[-1].text,
        flat.body[-1].runs[0].text,
        flat.footnotes[0].text,
        flat.closing,
    ]
    assert block.runs[0].note is note  # the call and the footnotes part print the same marked text
    with zipfile.ZipFile(io.BytesIO(DocxRenderer(template).render(doc))) as docx:
        notes = docx.read("word/footnotes.xml").decode()
    assert "<w:noBreakHyphen/>" in notes and JOINER not in notes and NBSP in notes
    for text in (doc.header.number_line, *doc.recipients, doc.title, doc.subject):
        assert JOINER not in text, text
    for text in (*flat.subject_lines, *flat.opening, flat.closing, flat.footnotes[0].text):
        assert NBSP not in text and JOINER not in text


def test_a_trich_yeu_wrapped_before_a_unit_reads_back_as_one_line(tmp_path: Path) -> None:
    """check's PDF reader tells a line the author ended (a hard break in the trích yếu, which import
    keeps) from one that wrapped, by whether the next word would have fitted: the next word is the
    unit, "Quý IV/2022", which did not fit, not "Quý", which would have."""
    base = "Kết luận của Bộ trưởng tại Hội nghị giao ban công tác quản lý nhà nước"
    more = "của các Sở Thông tin và Truyền thông các tỉnh".split()
    wrapped_before_unit = 0
    pipeline = Pipeline(out_dir=tmp_path / "out")
    for k in range(len(more) + 1):
        subject = " ".join([base, *more[:k], "Quý IV/2022"])
        text = MINIMAL.replace("number: 5", f"subject: {subject}\n    number: 5")
        _docx, pdf = pipeline.render(write_yaml(tmp_path, f"s{k}.yaml", text))
        wrapped_before_unit += any(line.startswith("Quý IV/2022") for line in lines(pdf))
        (read,) = [p for p in pdf_reader.read(pdf)[0].paras if p.hard_lines and "Quý" in p.text]
        assert read.hard_lines == [subject], k
    assert wrapped_before_unit  # the case this test is about did occur
