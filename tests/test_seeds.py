"""The rendered notices read exactly like the three real notices they were transcribed from.

Each seed is reduced to its paragraphs (markdown marks and layout whitespace
dropped) after the corrections noted as comments in inputs/*.yaml; the
composed document must give the same paragraphs, in the same order.
"""

import pytest

from notice_gen import templates
from notice_gen.notice.document import Document, plain
from notice_gen.notice.model import load_notice
from notice_gen.render.compose import compose
from tests.conftest import ROOT, SEEDS

# (seed file, input file, corrections): each correction is what the seed says, what it
# should say, and the words of the YAML comment in the input that tells the drafter.
CASES = [
    (
        "001_f9a19f40903dc13b.txt",
        "001-so-ket-6-thang-2021.yaml",
        [
            ("Covid -19", "Covid-19", '"Covid -19" → "Covid-19"'),
            ("(CDS)", "(CĐS)", '"(CDS)" → "(CĐS)"'),
            ("Bru chính", "Bưu chính", '"Bru chính" → "Bưu chính"'),
            ("cần nhắc lựa chọn", "cân nhắc lựa chọn", '"cần nhắc lựa chọn" → "cân nhắc lựa chọn"'),
            ("Thời hạn hoàn thành: 01/8/2021\n", "Thời hạn hoàn thành: 01/8/2021.\n", 'thiếu dấu chấm sau "01/8/2021"'),
            ("các cơ quản lý", "các cơ quan quản lý", '"các cơ quản lý nhà nước" → "các cơ quan quản lý'),
            ("theo hướng nền\n\ntăng số", "theo hướng nền tảng số", 'ngắt dòng giữa chữ "nền tảng"'),
        ],
    ),
    (
        "000_bca43267a4f1205a.txt",
        "000-giao-ban-quy-1-2022.yaml",
        [
            (" Thài chínhan chủ quản theo quy.", "", 'câu lỗi OCR ở cuối ý này trong bản gốc: "Thài chínhan'),
            ("[bookmark: _GoBack]", "", 'dấu trang Word lọt vào bản gốc: "[bookmark: _GoBack]"'),
        ],
    ),
    ("003_85373765ea2e4ce9.txt", "003-so-ket-6-thang-2023.yaml", []),
]


def paragraphs(text: str) -> list[str]:
    out = []
    for line in text.replace("**", "").splitlines():
        line = " ".join(line.lstrip("#").split())  # also folds tabs and no-break spaces
        if line:
            out.append(line)
    return out


def printed(doc: Document, *, with_header: bool, with_signature: bool) -> list[str]:
    """What the notice prints, paragraph by paragraph, from the number line to the signer."""
    lines = [doc.header.number_line, doc.header.date_line] if with_header else []
    lines += [doc.doc_type, *doc.subject_lines, *doc.opening, *(b.text for b in doc.body), doc.closing]
    if with_signature:
        lines += [doc.recipients_label, *doc.recipients, *doc.signature.authority, doc.signature.name]
    return [" ".join(plain(line).split()) for line in lines]  # the words, without the no-break marks


@pytest.mark.parametrize(("seed", "source", "corrections"), CASES, ids=[c[1] for c in CASES])
def test_rendered_text_is_the_seed_word_for_word(
    seed: str, source: str, corrections: list[tuple[str, str, str]]
) -> None:
    text = (SEEDS / seed).read_text(encoding="utf-8")
    for wrong, right, _note in corrections:
        assert wrong in text, f"correction no longer applies: {wrong!r}"
        text = text.replace(wrong, right)
    expected = paragraphs(text)
    complete = seed.startswith("001")  # only seed 001 carries the header lines and the signature block
    doc = compose(load_notice(ROOT / "inputs" / source), templates.find("bo"))
    assert printed(doc, with_header=complete, with_signature=complete) == expected


@pytest.mark.parametrize(("seed", "source", "corrections"), CASES, ids=[c[1] for c in CASES])
def test_every_correction_is_noted_in_its_input(
    seed: str, source: str, corrections: list[tuple[str, str, str]]
) -> None:
    comments = [line for line in (ROOT / "inputs" / source).read_text(encoding="utf-8").splitlines() if "# " in line]
    for _wrong, _right, note in corrections:
        assert any(note in comment for comment in comments), f"{source} has no comment saying {note!r}"


def test_inputs_are_the_three_seeds() -> None:
    """Besides the seeds, inputs/ holds one example per other shipped template (tests/test_templates.py)."""
    seeds = [p.name for p in (ROOT / "inputs").glob("*.yaml") if p.name[:3] in ("000", "001", "003")]
    assert sorted(seeds) == sorted(c[1] for c in CASES)
