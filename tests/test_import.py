"""notice-gen import (issue 11): finished notices back into YAML that renders them again.

Every claim is checked on real outputs: the shipped inputs rendered, imported from
their DOCX and their PDF, rendered again, and opened (python-docx paragraphs, pdfplumber
words and pages); the three seed texts; a notice typed by hand in Word; a Word edit
brought back with --onto.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import re
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from docx import Document as open_docx
from docx.text.paragraph import Paragraph

from notice_gen.check import docx_reader
from notice_gen.cli import main
from notice_gen.importer import ReadError, import_file
from notice_gen.notice.document import plain
from notice_gen.notice.model import load_notice
from notice_gen.render.compose import subject
from notice_gen.render.pipeline import Pipeline
from tests.conftest import EXAMPLES, ROOT, SEEDS, pdf_words
from tests.import_fixtures import hand_typed


def paragraph_texts(path: Path) -> list[str]:
    observed, _ = docx_reader.read(path)
    return [" ".join(p.text.split()) for p in observed.paras if p.text.strip()]


def pages(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, bool], tuple[Path, Path]]:
    """(input stem, final) → (docx, pdf): each input as a draft, and as a final with a number and date."""
    folder = tmp_path_factory.mktemp("originals")
    out: dict[tuple[str, bool], tuple[Path, Path]] = {}
    for path in EXAMPLES:
        out[(path.stem, False)] = tuple(Pipeline(out_dir=folder / "draft").render(path))  # type: ignore[assignment]
        final = folder / f"{path.stem}.yaml"
        final.write_text(
            path.read_text(encoding="utf-8") + "\nnumber: 7\nissue_date: 2026-12-01\n", encoding="utf-8"
        )
        out[(path.stem, True)] = tuple(Pipeline(out_dir=folder / "final", final=True).render(final))  # type: ignore[assignment]
    return out


CASES = [(p.stem, final) for p in EXAMPLES for final in (False, True)]
IDS = [f"{stem}-{'final' if final else 'draft'}" for stem, final in CASES]


@pytest.mark.parametrize(("stem", "final"), CASES, ids=IDS)
def test_docx_round_trip_gives_the_same_paragraphs_and_pages(
    originals: dict[tuple[str, bool], tuple[Path, Path]], stem: str, final: bool, tmp_path: Path
) -> None:
    docx, pdf = originals[(stem, final)]
    imported = import_file(docx)
    assert imported.warnings == []
    source = tmp_path / f"{stem}.yaml"
    source.write_text(imported.yaml_text(), encoding="utf-8")
    again_docx, again_pdf = Pipeline(out_dir=tmp_path / "out", final=final).render(source)
    assert paragraph_texts(again_docx) == paragraph_texts(docx)
    assert pages(again_pdf) == pages(pdf)
    # The shipped input's template comes back (told by the closing formula of each template).
    original = next(p for p in EXAMPLES if p.stem == stem)
    assert load_notice(source).template == load_notice(original).template


PATTERNS = sorted((ROOT / "tests" / "fixtures" / "patterns").glob("*.yaml"))


@pytest.mark.parametrize("source", PATTERNS, ids=lambda p: p.stem)
def test_the_patterns_of_issue_12_come_back_from_docx(source: Path, tmp_path: Path) -> None:
    """Draft month, signer without a name, header name line breaks, organiser wording, several-paragraph
    items: what the format of issue 12 prints, import reads back into YAML that prints it again."""
    docx, _pdf = Pipeline(out_dir=tmp_path / "a", formats=("docx", "pdf")).render(source)
    imported = import_file(docx)
    assert not any("chú thích cuối trang" in str(w) for w in imported.warnings)
    again = tmp_path / f"{source.stem}.yaml"
    again.write_text(imported.yaml_text(), encoding="utf-8")
    assert not re.search(r"[&*]id\d+", imported.yaml_text())  # no YAML anchors for a value met twice
    (docx_again,) = Pipeline(out_dir=tmp_path / "b", formats=("docx",)).render(again)
    assert paragraph_texts(docx_again) == paragraph_texts(docx)


def footnote_texts(docx: Path) -> list[str]:
    """The texts of a DOCX's Word footnotes (word/footnotes.xml), in order, without Word's separators."""
    from docx.oxml.ns import qn

    document = open_docx(str(docx))
    part = next((r.target_part for r in document.part.rels.values() if r.reltype.endswith("/footnotes")), None)
    if part is None:
        return []
    from lxml import etree

    root = etree.fromstring(part.blob)
    notes = [n for n in root.iter(qn("w:footnote")) if n.get(qn("w:type")) in (None, "normal")]
    return [" ".join("".join(t.text or "" for t in n.iter(qn("w:t"))).split()) for n in notes]


def test_word_footnotes_come_back_as_footnotes(tmp_path: Path) -> None:
    """A DOCX's Word footnotes (issue 12) are imported: each call as [^n] where it stood, its text in
    footnotes; rendered again, the DOCX has the same footnotes and the same paragraphs."""
    source = ROOT / "tests" / "fixtures" / "patterns" / "du-thao-mot-phan.yaml"
    (docx,) = Pipeline(out_dir=tmp_path / "a", formats=("docx",)).render(source)
    imported = import_file(docx)
    original = load_notice(source)
    assert list(imported.data["footnotes"].values()) == list(original.footnotes.values())
    first = imported.data["body"][0]
    assert "95,4 %[^1] số đơn vị" in first and first.endswith("còn cao[^2].")
    again = tmp_path / "again.yaml"
    again.write_text(imported.yaml_text(), encoding="utf-8")
    (docx_again,) = Pipeline(out_dir=tmp_path / "b", formats=("docx",)).render(again)
    assert footnote_texts(docx_again) == footnote_texts(docx) == list(original.footnotes.values())
    assert paragraph_texts(docx_again) == paragraph_texts(docx)


def test_a_pdfs_footnotes_are_said_not_dropped_in_silence(tmp_path: Path) -> None:
    """A PDF's footnotes are not read back (the reader leaves the footnote area out): the import
    says how many there were, and a call's room is no space before the punctuation after it."""
    source = ROOT / "tests" / "fixtures" / "patterns" / "du-thao-mot-phan.yaml"
    (pdf,) = Pipeline(out_dir=tmp_path, formats=("pdf",)).render(source)
    imported = import_file(pdf)
    calls = len(load_notice(source).footnotes)
    assert any(f"có {calls} chú thích cuối trang, 0 nhập được" in str(w) for w in imported.warnings)
    first = imported.data["body"][0]
    assert "95,4 % số đơn vị" in first and first.endswith("còn cao.")


def test_a_footnote_called_outside_the_body_is_said_not_dropped_in_silence(tmp_path: Path) -> None:
    """The format lets only body text call a footnote: one called in the opening (moved there in Word)
    gives the notice without footnote calls, and a warning that names what to copy by hand."""
    from docx.oxml.ns import qn

    source = ROOT / "tests" / "fixtures" / "patterns" / "du-thao-mot-phan.yaml"
    (docx,) = Pipeline(out_dir=tmp_path / "a", formats=("docx",)).render(source)
    doc = open_docx(str(docx))
    opening = next(p for p in doc.paragraphs if plain(p.text).startswith("Ngày 02/6/2026"))
    reference = next(r for r in doc.element.body.iter(qn("w:r")) if r.find(qn("w:footnoteReference")) is not None)
    opening._p.append(reference)  # moved: the body keeps one call, the opening gets the other
    moved = tmp_path / "moved.docx"
    doc.save(str(moved))
    imported = import_file(moved)
    assert "footnotes" not in imported.data
    assert not re.search(r"\[\^", imported.yaml_text())
    assert any("2 chú thích cuối trang, 0 nhập được" in str(w) for w in imported.warnings)


def test_a_word_edit_keeps_the_footnote_names_of_the_yaml(tmp_path: Path) -> None:
    """--onto: a paragraph with a footnote, edited in Word, comes back calling the footnote by the YAML's name."""
    source = ROOT / "tests" / "fixtures" / "patterns" / "du-thao-mot-phan.yaml"
    yaml_file = tmp_path / "du-thao.yaml"
    yaml_file.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (docx,) = Pipeline(out_dir=tmp_path / "a", formats=("docx",)).render(source)
    doc = open_docx(str(docx))
    target = next(p for p in doc.paragraphs if plain(p.text).startswith("Đến hết tháng 5/2026"))
    # Retyped in Word: plain text, without the no-break space compose put in "tháng 5/2026".
    target.runs[0].text = plain(target.runs[0].text).replace("Đến hết tháng 5/2026", "Đến hết ngày 31/5/2026")
    edited = tmp_path / "sua.docx"
    doc.save(str(edited))
    code, output = run("import", str(edited), "--onto", str(yaml_file))
    assert code == 0, output
    merged = load_notice(yaml_file)
    assert merged.footnotes == load_notice(source).footnotes
    assert merged.body[0].startswith("Đến hết ngày 31/5/2026, đã có 95,4 %[^so-lieu] số đơn vị")


@pytest.mark.parametrize("source", [*EXAMPLES, *PATTERNS], ids=lambda p: p.stem)
def test_the_opening_and_lead_in_come_back_as_the_fields_that_printed_them(source: Path, tmp_path: Path) -> None:
    """The opening styles of issue 12 (a date in words, "… tổ chức … dưới sự chủ trì của …", "được sự ủy
    quyền của …", attendees after a colon, the lead-in as the opening's last sentence, "Trên cơ sở …",
    who concludes) are read into the meeting and opening fields the source wrote, from DOCX and PDF alike."""
    docx, pdf = Pipeline(out_dir=tmp_path / "a").render(source)
    original = load_notice(source)
    for path in (docx, pdf):
        again = tmp_path / f"{path.suffix[1:]}.yaml"
        again.write_text(import_file(path).yaml_text(), encoding="utf-8")
        imported = load_notice(again)
        assert imported.meeting == original.meeting, path.name
        assert imported.opening == original.opening, path.name


@pytest.mark.parametrize(("stem", "final"), CASES, ids=IDS)
def test_pdf_round_trip_gives_the_same_words(
    originals: dict[tuple[str, bool], tuple[Path, Path]], stem: str, final: bool, tmp_path: Path
) -> None:
    _docx, pdf = originals[(stem, final)]
    imported = import_file(pdf)
    source = tmp_path / f"{stem}.yaml"
    source.write_text(imported.yaml_text(), encoding="utf-8")
    (again,) = Pipeline(out_dir=tmp_path / "out", formats=("pdf",), final=final).render(source)
    assert pdf_words(again) == pdf_words(pdf)
    assert pages(again) == pages(pdf)


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES])
def test_a_subject_of_several_lines_keeps_its_lines_from_the_pdf(
    originals: dict[tuple[str, bool], tuple[Path, Path]], stem: str
) -> None:
    """A line of the trích yếu ended by hand stays a line ("|-" in YAML); a line the PDF wrapped does not
    (inputs/000's one-line subject wraps there, 003's second line wraps too)."""
    _docx, pdf = originals[(stem, False)]
    printed = subject(load_notice(next(p for p in EXAMPLES if p.stem == stem)))  # as written, or generated
    assert import_file(pdf).data["subject"] == printed
    assert import_file(_docx).data["subject"] == printed


def test_the_import_reads_fields_not_paragraphs(originals: dict[tuple[str, bool], tuple[Path, Path]]) -> None:
    """The DOCX of inputs/000 gives back its meeting, numbering, sections, tasks and Lưu line."""
    data = import_file(originals[("000-giao-ban-quy-1-2022", True)][0]).data
    assert data["number"] == 7 and data["issue_date"].isoformat() == "2026-12-01"
    assert data["issuer"] == {"name": "Bộ Thông tin và Truyền thông", "abbreviation": "BTTTT"}
    assert data["numbering"] == "A.I.1.a)"
    meeting = data["meeting"]
    assert meeting["date"].isoformat() == "2022-03-28" and meeting["form"] == "trực tuyến"
    assert meeting["chair"] == {"title": "Bộ trưởng", "name": "Nguyễn Mạnh Hùng"}
    assert "paragraphs" not in data.get("opening", {})  # the generated opening prints the same words
    assert [s["section"] for s in data["body"]] == ["MỘT SỐ NHẬN THỨC CHUNG", "CÁC NHIỆM VỤ CỤ THỂ"]
    telecom = data["body"][1]["content"][0]
    assert telecom["section"] == "Lĩnh vực Viễn thông"
    (task,) = telecom["content"]
    assert task["lead"] == "Cục Viễn thông" and task["directed_by"] == "Thứ trưởng Phạm Đức Long"
    assert task["deadline"].isoformat() == "2022-04-30"
    signer = data["signer"]
    assert (signer["authority"], signer["name"]) == (["TL. Bộ trưởng"], "Bùi Hoàng Phương")
    assert signer["position"].upper() == "CHÁNH VĂN PHÒNG"  # the text never writes it in a sentence: case guessed
    assert data["archive"] == {"units": ["VT", "VP"]}


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seed_texts_import_and_render_with_their_words_in_order(seed: Path, tmp_path: Path) -> None:
    imported = import_file(seed)
    source = tmp_path / "seed.yaml"
    source.write_text(imported.yaml_text(), encoding="utf-8")
    (docx,) = Pipeline(out_dir=tmp_path, formats=("docx",)).render(source)
    expected = re.sub(r"\[bookmark: [^\]]*\]", "", seed.read_text(encoding="utf-8")).replace("**", "")
    expected_words = [w for w in expected.split() if not re.fullmatch(r"#+", w)]
    got = " ".join(paragraph_texts(docx)).split()
    matcher = difflib.SequenceMatcher(None, expected_words, got, autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    assert kept / len(expected_words) >= 0.98, f"{kept}/{len(expected_words)} words in order"


def test_seed_without_header_or_signer_says_what_to_fill_in() -> None:
    imported = import_file(SEEDS / "000_bca43267a4f1205a.txt")
    said = [str(w) for w in imported.warnings]
    assert any("hãy điền signer.position và signer.name" in w for w in said)
    assert any("hãy điền recipients" in w for w in said)
    assert imported.data["issuer"]["name"] == "Bộ Thông tin và Truyền thông"  # from the closing sentence


def test_a_notice_typed_in_word_imports_into_fields(tmp_path: Path) -> None:
    data = import_file(hand_typed(tmp_path / "typed.docx")).data
    assert data["issuer"]["abbreviation"] == "SNV"
    assert data["issuer"]["parent"] == "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG"  # broken where the header breaks it
    assert data["number"] == 27 and data["issue_date"].isoformat() == "2025-03-14" and data["place"] == "Hà Giang"
    assert data["subject"].startswith("Kết luận của Giám đốc Sở Nội vụ")
    assert data["meeting"]["date"].isoformat() == "2025-03-12" and data["meeting"]["venue"] == "trụ sở Sở Nội vụ"
    first, second = data["body"]
    assert first["section"] == "ĐÁNH GIÁ CHUNG"
    assert [s["section"] for s in second["content"]] == ["Công tác tổ chức bộ máy", "Công tác cải cách hành chính"]
    (organisation,) = second["content"][0]["content"]
    assert organisation["lead"] == "Phòng Tổ chức, biên chế" and organisation["support"] == ["Văn phòng Sở"]
    assert organisation["deadline"].isoformat() == "2025-04-30"
    inspection, report = second["content"][1]["content"][0]["list"]
    assert inspection["deadline"].isoformat() == "2025-05-20" and inspection["deadline_in_text"] is True
    assert report["deadline"] == "định kỳ hằng quý" and report["lead"] == "Văn phòng Sở"
    assert data["recipients"] == [
        {"name": "Giám đốc Sở", "note": "để b/c"},
        {"name": "Các phòng thuộc Sở", "members": ["Phòng Tổ chức, biên chế", "Văn phòng Sở"]},
    ]
    assert data["archive"] == {"units": ["VT", "VP"]}
    assert data["signer"] == {"authority": ["KT. Giám đốc"], "position": "Phó Giám đốc", "name": "Lê Thị Mai"}
    assert data["closing"] == {"text": "Sở Nội vụ thông báo để các phòng, đơn vị biết, thực hiện./."}


def test_the_typed_notice_renders_and_its_tasks_export(tmp_path: Path) -> None:
    source = tmp_path / "typed.yaml"
    code, output = run("import", str(hand_typed(tmp_path / "typed.docx")), "-o", str(source))
    assert code == 0, output
    assert source.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    code, output = run("tasks", str(source), "-o", str(tmp_path / "tasks.csv"))
    assert code == 0, output
    rows = (tmp_path / "tasks.csv").read_text(encoding="utf-8-sig")
    assert "Phòng Tổ chức, biên chế" in rows and "30/4/2025" in rows and "20/5/2025" in rows


def _edit(docx: Path, out: Path) -> tuple[str, str, str]:
    """Rewrite one task and add a paragraph, as a leader does in Word. Returns (old, new, added)."""
    doc = open_docx(str(docx))
    paragraphs = doc.paragraphs
    target = next(p for p in paragraphs if p.text.startswith("Cục Tin học hóa xây dựng"))
    old = target.text
    new = "Cục Tin học hóa xây dựng CSDL về các dự án đầu tư cho CNTT. Thời hạn hoàn thành: 31/7/2022."
    for run_ in target.runs[1:]:
        run_.text = ""
    target.runs[0].text = new
    anchor = next(p for p in paragraphs if p.text.startswith("Tiếp tục tăng cường giám sát"))
    element = copy.deepcopy(anchor._p)
    anchor._p.addnext(element)
    added_paragraph = Paragraph(element, anchor._parent)
    for run_ in added_paragraph.runs[1:]:
        run_.text = ""
    added = "Cục Báo chí báo cáo Bộ trưởng kết quả giám sát hằng tháng."
    added_paragraph.runs[0].text = added
    doc.save(str(out))
    return old, new, added


def test_a_word_edit_comes_back_onto_the_yaml(
    originals: dict[tuple[str, bool], tuple[Path, Path]], tmp_path: Path
) -> None:
    original = next(p for p in EXAMPLES if p.stem == "000-giao-ban-quy-1-2022")
    yaml_file = tmp_path / "000.yaml"
    yaml_file.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    edited = tmp_path / "sua.docx"
    old, new, added = _edit(originals[("000-giao-ban-quy-1-2022", False)][0], edited)
    before = hashlib.sha256(edited.read_bytes()).hexdigest()

    code, output = run("import", str(edited), "--onto", str(yaml_file), "--dry-run")
    assert code == 0, output
    assert yaml_file.read_text(encoding="utf-8") == original.read_text(encoding="utf-8")  # --dry-run writes nothing
    changes = [line for line in output.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changes == [f"-{old}", f"+{new}", f"+{added}"]

    code, output = run("import", str(edited), "--onto", str(yaml_file))
    assert code == 0, output
    assert hashlib.sha256(edited.read_bytes()).hexdigest() == before  # the input is never modified
    merged = load_notice(yaml_file)
    kept = load_notice(original)
    assert (merged.template, merged.glossary, merged.meeting) == (kept.template, kept.glossary, kept.meeting)
    field = merged.body[1].content[1].content[1]  # B. > II. Lĩnh vực Ứng dụng CNTT > the rewritten task
    assert field.task == new.removesuffix(" Thời hạn hoàn thành: 31/7/2022.")
    assert (field.lead, field.directed_by, field.deadline.isoformat()) == (
        "Cục Tin học hóa",
        "Thứ trưởng Nguyễn Huy Dũng",
        "2022-07-31",
    )
    # Only the edited lines of the YAML changed: the task's units stay, comments and other lines are as they were.
    diff = difflib.unified_diff(
        original.read_text(encoding="utf-8").splitlines(), yaml_file.read_text(encoding="utf-8").splitlines(), n=0
    )
    changed = [line[0] + line[1:].strip() for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [
        "-- task: >-",
        "-Cục Tin học hóa xây dựng, cập nhật CSDL về các dự án đầu tư cho CNTT, chuyển đổi số,",
        "-trên cơ sở đó, từng bước thực hiện nhiệm vụ giám sát các dự án đầu tư cho CNTT,",
        "-chuyển đổi số theo quy định của pháp luật về đầu tư ứng dụng CNTT.",
        "+- task: Cục Tin học hóa xây dựng CSDL về các dự án đầu tư cho CNTT.",
        "-deadline: 30/6/2022",
        "+deadline: 2022-07-31",
        f"+- task: {added}",
        "+lead: Cục Báo chí",
    ]
    (docx,) = Pipeline(out_dir=tmp_path / "out", formats=("docx",)).render(yaml_file)
    assert new in paragraph_texts(docx) and added in paragraph_texts(docx)


def test_render_lint_and_tasks_name_import_for_a_docx_or_pdf(
    originals: dict[tuple[str, bool], tuple[Path, Path]], tmp_path: Path
) -> None:
    docx, pdf = originals[("001-so-ket-6-thang-2021", False)]
    for command, path, extra in (
        ("render", docx, ["-o", str(tmp_path / "o")]),
        ("lint", pdf, []),
        ("tasks", docx, ["-o", str(tmp_path / "t.csv")]),
    ):
        code, output = run(command, str(path), *extra)
        assert code != 0
        kind = "tệp Word (DOCX)" if path.suffix == ".docx" else "tệp PDF"
        assert f"đây là {kind}, không phải tệp YAML" in output and f"notice-gen import {path}" in output
        assert "UTF-8" not in output


def test_a_scan_without_text_is_refused_with_exit_2(tmp_path: Path) -> None:
    from PIL import Image

    scan = tmp_path / "scan.pdf"
    Image.new("RGB", (595, 842), "white").save(scan)
    with pytest.raises(ReadError, match="lớp chữ"):
        import_file(scan)
    code, output = run("import", str(scan), str(SEEDS / "003_85373765ea2e4ce9.txt"), "-O", str(tmp_path / "y"))
    assert code == 2
    assert "scan.pdf" in output and "OCR" in output
    assert (tmp_path / "y" / "003_85373765ea2e4ce9.yaml").is_file()  # the batch went on past the scan
    assert "Đã nhập 1/2 tệp; 1 tệp không đọc được." in output


def test_an_existing_yaml_is_not_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("giữ nguyên\n", encoding="utf-8")
    seed = str(SEEDS / "001_f9a19f40903dc13b.txt")
    code, output = run("import", seed, "-o", str(target))
    assert code == 1 and "--onto" in output and target.read_text(encoding="utf-8") == "giữ nguyên\n"
    code, output = run("import", seed, "-o", str(target), "--force")
    assert code == 0 and load_notice(target).signer.name == "Bùi Hoàng Phương"


def test_what_is_not_recognised_stays_in_place_with_a_warning(tmp_path: Path) -> None:
    """A mục numbered out of order keeps its words and place, and the warning says where it is."""
    text = (SEEDS / "003_85373765ea2e4ce9.txt").read_text(encoding="utf-8")
    broken = tmp_path / "lech.txt"
    broken.write_text(text.replace("II. ", "IV. ", 1), encoding="utf-8")
    line = next(k for k, row in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1) if row.startswith("IV. "))
    imported = import_file(broken)
    assert any(str(w).startswith(f"dòng {line}: số mục “IV.”") for w in imported.warnings)
    source = tmp_path / "lech.yaml"
    source.write_text(imported.yaml_text(), encoding="utf-8")
    (docx,) = Pipeline(out_dir=tmp_path, formats=("docx",)).render(source)
    assert any(p.startswith("IV. ") for p in paragraph_texts(docx))


def test_the_schema_line_points_at_the_projects_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Imported into inputs/ of a project, the file checks against ../schema/notice.schema.json in VS Code."""
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "notice.schema.json").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, output = run("import", str(SEEDS / "001_f9a19f40903dc13b.txt"))
    assert code == 0, output
    written = tmp_path / "inputs" / "001_f9a19f40903dc13b.yaml"
    assert written.read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=../schema/notice.schema.json"
    )


def test_an_item_of_several_paragraphs_comes_back_as_one_item(tmp_path: Path) -> None:
    """'- Về …:' with its paragraphs under it, then the next '- Về …:': issue 12's item/content."""
    source = next(p for p in PATTERNS if p.stem == "noi-dung-nhieu-doan")
    (docx,) = Pipeline(out_dir=tmp_path, formats=("docx",)).render(source)
    numbered = import_file(docx).data["body"][0]["content"][0]
    assert numbered["style"] == "1."
    first = numbered["list"][0]
    assert first["item"] == "Về công tác chỉ đạo, điều hành."
    assert first["content"][:2] == [
        "Các đơn vị đã bám sát chương trình công tác năm, hoàn thành đúng hạn các nhiệm vụ được giao.",
        "Công tác phối hợp giữa các đơn vị được tăng cường, có chuyển biến rõ nét.",
    ]  # what was done is reported, not a task: no unit is made up for it
    (sub,) = [b for b in first["content"] if isinstance(b, dict) and "list" in b]
    assert sub["list"][0] == {
        "item": "Về công tác xây dựng thể chế:",
        "content": ["Hoàn thành trình Chính phủ 03 nghị định đúng tiến độ."],
    }
