"""Drafts and finals: "DỰ THẢO" on every page of a draft, never in a final; a final needs its number and date."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pdfplumber
from click.testing import CliRunner
from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from notice_gen.check import check_file
from notice_gen.cli import main
from notice_gen.render.pipeline import Pipeline
from tests.conftest import MINIMAL, write_yaml

MM = 72 / 25.4
LONG = MINIMAL.replace("          - Đoạn văn thứ nhất.", "\n".join(["          - " + "Một đoạn văn dài. " * 40] * 6))


def test_a_draft_is_marked_on_every_page_in_both_formats(tmp_path: Path) -> None:
    docx, pdf = Pipeline(out_dir=tmp_path / "out").render(write_yaml(tmp_path, "n.yaml", LONG))
    section = open_docx(str(docx)).sections[0]
    for header, number in ((section.first_page_header, ""), (section.header, "2")):  # page 1, later pages
        # One line in the top margin: the page number in the middle cell, the mark in the right one
        # (a frame under the number pushed the body down in LibreOffice).
        (row,) = header.tables[0].rows
        assert [cell.text for cell in row.cells] == ["", number, "DỰ THẢO"]
        assert row.cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT or (
            row.cells[2].paragraphs[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
        )
        # Widths in per cent of the text width (fiftieths): the number stays centred whatever the margins.
        widths = [cell._tc.tcPr.find(qn("w:tcW")) for cell in row.cells]
        assert [(w.get(qn("w:type")), w.get(qn("w:w"))) for w in widths] == [
            ("pct", "1250"),
            ("pct", "2500"),
            ("pct", "1250"),
        ]
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) >= 2
        for page in doc.pages:
            words = [w for w in page.extract_words() if w["bottom"] <= 20 * MM and w["x0"] > 150 * MM]
            assert [w["text"] for w in words] == ["DỰ", "THẢO"]
    assert check_file(pdf).draft and check_file(docx).draft  # numbered, but marked: still a draft


def test_a_final_has_no_mark_anywhere(tmp_path: Path) -> None:
    docx, pdf = Pipeline(out_dir=tmp_path / "out", final=True).render(write_yaml(tmp_path, "n.yaml", LONG))
    with zipfile.ZipFile(docx) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                assert "DỰ THẢO" not in archive.read(name).decode("utf-8"), name
    with pdfplumber.open(pdf) as doc:
        assert all("THẢO" not in (page.extract_text() or "") for page in doc.pages)
    for path in (docx, pdf):
        report = check_file(path)
        assert not report.draft and report.errors == 0, report.lines()


def test_final_refuses_a_blank_number_or_date(tmp_path: Path) -> None:
    for key, line in (("number", "    number: 5\n"), ("issue_date", "    issue_date: 2022-01-05\n")):
        source = write_yaml(tmp_path, f"{key}.yaml", MINIMAL.replace(line, ""))
        out = tmp_path / f"out-{key}"
        result = CliRunner().invoke(main, ["render", "--final", "-o", str(out), str(source)])
        assert result.exit_code == 2
        assert f"{source}:1:1: {key}: bản chính thức (--final) phải có" in result.output
        assert not out.exists() or not any(out.iterdir())  # nothing written
        # The same input is a valid draft.
        assert CliRunner().invoke(main, ["render", "-o", str(out), str(source)]).exit_code == 0
