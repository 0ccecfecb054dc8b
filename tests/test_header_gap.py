"""The issuer block and the Quốc hiệu block read as two (issue 13), in both formats.

For every shipped template and three long issuer names, the notice is rendered, its DOCX laid out
by LibreOffice (one call for all), and on page 1 of both PDFs the space between the end of the
issuer block and the start of the Quốc hiệu block is measured: at least 6 mm. A name too long
for that is broken between words by compose, the same in both formats; `check` warns when the
blocks come closer, as they did before (1 mm in `bo`: "…TRUYỀN THÔNG CỘNG HÒA…").
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pytest
from docx import Document as open_docx

from notice_gen import nd30, templates
from notice_gen.check import check_file
from notice_gen.render.pipeline import Pipeline
from tests.conftest import MINIMAL, MM, soffice_pdf, write_yaml

NAMES = {
    # name → how compose prints it in the header at the shipped templates' sizes
    "Bộ Thông tin và Truyền thông": "BỘ THÔNG TIN VÀ TRUYỀN THÔNG",
    "Bộ Nông nghiệp và Phát triển nông thôn": "BỘ NÔNG NGHIỆP VÀ\nPHÁT TRIỂN NÔNG THÔN",
    "Ủy ban nhân dân Thành phố Hồ Chí Minh": "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH",
}
SHIPPED = sorted(p.name for p in templates.SHIPPED.iterdir() if (p / templates.MANIFEST).is_file())
CASES = [(template, name) for template in SHIPPED for name in NAMES]
GAP_MM = 6


def notice(name: str, template: str) -> str:
    return MINIMAL.replace(
        "issuer: {name: Bộ Thông tin và Truyền thông, abbreviation: BTTTT}",
        f"template: {template}\n    issuer: {{name: {name}, abbreviation: XYZ}}",
    )


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Path, Path, Path]]:
    """(template, name) → (DOCX, our PDF, LibreOffice's PDF of the DOCX)."""
    folder = tmp_path_factory.mktemp("header-gap")
    pipeline = Pipeline(out_dir=folder / "out")
    made = {}
    for number, (template, name) in enumerate(CASES):
        made[template, name] = pipeline.render(write_yaml(folder, f"case{number}.yaml", notice(name, template)))
    soffice_pdf([docx for docx, _pdf in made.values()], folder / "office")
    return {key: (docx, pdf, folder / "office" / pdf.name) for key, (docx, pdf) in made.items()}


def header_gap_mm(pdf: Path) -> float:
    """From the right end of the left block's widest line to the left end of the Quốc hiệu or Tiêu
    ngữ, whichever starts further left: the narrowest the two blocks come, on page 1."""
    with pdfplumber.open(pdf) as doc:
        words = doc.pages[0].extract_words()
    number = next(w for w in words if w["text"] == "Số:")
    starts = (text.split(" ")[0] for text in (nd30.NATIONAL_TITLE, nd30.MOTTO))
    right = min(next(w["x0"] for w in words if w["text"] == first) for first in starts)
    top_row = [w for w in words if 20 * MM - 4 < w["top"] < number["top"] - 2]
    left = [w for w in top_row if w["x0"] < right]
    assert left, "the issuer block is on page 1"
    return (right - max(w["x1"] for w in left)) / MM


@pytest.mark.parametrize(("template", "name"), CASES)
def test_the_header_blocks_stay_apart_in_both_formats(
    outputs: dict[tuple[str, str], tuple[Path, Path, Path]], template: str, name: str
) -> None:
    docx, ours, office = outputs[template, name]
    for pdf in (ours, office):
        assert header_gap_mm(pdf) >= GAP_MM - 0.1, (pdf, header_gap_mm(pdf))
    # One break, between words, the same in both formats: the DOCX has it as a line break.
    issuer = open_docx(str(docx)).tables[0].cell(0, 0).paragraphs[0].text
    assert issuer == NAMES[name]
    with pdfplumber.open(ours) as doc:
        printed = [line["text"] for line in doc.pages[0].extract_text_lines()]
    for line in NAMES[name].split("\n"):
        assert any(text.startswith(line) for text in printed), (line, printed)
    for pdf in (ours, office, docx):
        assert not [f for f in check_file(pdf).findings if f.rule == "R-QH"], pdf


def test_a_break_the_drafter_typed_is_kept(tmp_path: Path) -> None:
    text = notice("Bộ Nông nghiệp và Phát triển nông thôn", "bo").replace(
        "abbreviation: XYZ}", 'abbreviation: XYZ, short_name: "Bộ Nông nghiệp\\nvà Phát triển nông thôn"}'
    )
    docx, _pdf = Pipeline(out_dir=tmp_path / "out").render(write_yaml(tmp_path, "n.yaml", text))
    assert open_docx(str(docx)).tables[0].cell(0, 0).paragraphs[0].text == "BỘ NÔNG NGHIỆP\nVÀ PHÁT TRIỂN NÔNG THÔN"


def test_check_warns_when_the_blocks_run_together(tmp_path: Path) -> None:
    """A template without the outdents and the gap prints the issue's header: 1 mm apart."""
    folder = tmp_path / "templates" / "tight"
    shutil.copytree(templates.SHIPPED / "bo", folder)
    manifest = folder / templates.MANIFEST
    text = manifest.read_text(encoding="utf-8").replace('name = "bo"', 'name = "tight"')
    for key in ("header_outdent_left_mm", "header_outdent_right_mm", "header_gap_mm"):
        text = "\n".join(f"{key} = 0" if line.startswith(f"{key} =") else line for line in text.splitlines())
    manifest.write_text(text + "\n", encoding="utf-8")
    source = write_yaml(tmp_path, "n.yaml", notice("Bộ Thông tin và Truyền thông", "tight"))
    docx, pdf = Pipeline(out_dir=tmp_path / "out", templates_dir=folder.parent).render(source)
    assert header_gap_mm(pdf) < 2
    (warning,) = [f for f in check_file(pdf).findings if f.rule == "R-QH"]
    assert warning.level == "warning" and warning.measured.startswith("cách 1.")
    # The DOCX reader has no glyph positions: it measures the lines from the cells' widths, the
    # paragraphs' alignment, the runs' sizes and weights and the face's advance widths, and finds
    # the same 1.1 mm as the PDF's glyphs show.
    (warning,) = [f for f in check_file(docx).findings if f.rule == "R-QH"]
    assert warning.level == "warning" and warning.where == {"table": 1, "row": 1}
    assert abs(float(warning.measured.split()[1]) - header_gap_mm(pdf)) < 0.2, warning.measured


def test_the_docx_reader_measures_a_name_typed_wider(tmp_path: Path) -> None:
    """A DOCX edited by hand: the issuer's name made longer in Word, its header table left as it was.
    Nothing of notice-gen's manifest is read back; the cell widths and the runs tell the gap."""
    docx, _pdf = Pipeline(out_dir=tmp_path / "out").render(write_yaml(tmp_path, "n.yaml", MINIMAL))
    assert not [f for f in check_file(docx).findings if f.rule == "R-QH"]
    document = open_docx(str(docx))
    issuer = document.tables[0].cell(0, 0).paragraphs[0]
    issuer.runs[0].text = "BỘ THÔNG TIN VÀ TRUYỀN THÔNG VIỆT"
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    (warning,) = [f for f in check_file(edited).findings if f.rule == "R-QH"]
    assert float(warning.measured.split()[1]) < 6
