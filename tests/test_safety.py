"""Escaping, NFC, the font rule, no network, and the DOCX/PDF text being one text."""

import shutil
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
from docx import Document as open_docx

from notice_gen.errors import InputError, RenderError
from notice_gen.render.pipeline import Pipeline
from tests.conftest import INPUTS, MINIMAL, docx_words, pdf_words, write_yaml

TRICKY = "Cục PTT&TTĐT <b>không</b> in đậm, x < y > z, ]]> và &amp; giữ nguyên"


@pytest.mark.parametrize("stem", [p.stem for p in INPUTS])
def test_docx_and_pdf_carry_the_same_words(rendered: dict[str, tuple[Path, Path]], stem: str) -> None:
    docx, pdf = rendered[stem]
    assert docx_words(docx) == pdf_words(pdf)


def test_markup_characters_print_as_written(tmp_path: Path) -> None:
    text = MINIMAL.replace("Đoạn văn thứ nhất.", f"'{TRICKY}'").replace("[Bộ trưởng]", "['A & B <c>']")
    docx, pdf = Pipeline(out_dir=tmp_path / "out").render(write_yaml(tmp_path, "tricky.yaml", text))
    paragraphs = [p.text for p in open_docx(str(docx)).paragraphs]
    assert TRICKY in paragraphs
    recipients = [p.text for p in open_docx(str(docx)).tables[1].cell(0, 0).paragraphs]
    assert "- A & B <c>;" in recipients
    with pdfplumber.open(pdf) as doc:
        printed = " ".join(" ".join(page.extract_text().split()) for page in doc.pages)
    assert TRICKY in printed and "- A & B <c>;" in printed
    assert docx_words(docx) == pdf_words(pdf)


def test_decomposed_input_prints_composed(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", MINIMAL)
    assert nfd != MINIMAL
    docx, pdf = Pipeline(out_dir=tmp_path / "out").render(write_yaml(tmp_path, "nfd.yaml", nfd))
    words = docx_words(docx)
    assert all(unicodedata.is_normalized("NFC", w) for w in words)
    assert "Nguyễn" in " ".join(pdf_words(pdf)) and "Nguyễn" in words
    # The meeting kind "Hội nghị" is still recognised in decomposed input.
    assert any(
        p.text.startswith("Sau khi nghe các ý kiến phát biểu của các đại biểu tham dự Hội nghị")
        for p in open_docx(str(docx)).paragraphs
    )


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_character_the_serif_face_lacks_is_an_error_not_a_fallback(tmp_path: Path, fmt: str) -> None:
    text = MINIMAL.replace("Đoạn văn thứ nhất.", "Chữ Hán 漢字 không có trong phông.")
    path = write_yaml(tmp_path, "han.yaml", text)
    with pytest.raises(InputError) as caught:
        Pipeline(out_dir=tmp_path / "out", formats=(fmt,)).render(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (13, "body[0].content[0]")
    assert "“字” (U+5B57), “漢” (U+6F22)" in problem.message and "(R-FONT)" in problem.message
    assert not (tmp_path / "out").exists()


def copy_template(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(Path(__file__).resolve().parent.parent / "templates" / "bo", folder / "bo")
    return folder


@pytest.mark.parametrize(
    "resource",
    ['<img src="http://127.0.0.1:9/logo.png">', '<img src="file:///etc/hostname">', '<img src="../../x.png">'],
)
def test_pdf_reads_nothing_outside_the_template_folder(tmp_path: Path, minimal: Path, resource: str) -> None:
    folder = copy_template(tmp_path)
    html = folder / "bo" / "notice.html"
    html.write_text(html.read_text(encoding="utf-8").replace("<body>", f"<body>{resource}"), encoding="utf-8")
    pipeline = Pipeline(out_dir=tmp_path / "out", formats=("pdf",), templates_dir=folder)
    with pytest.raises(RenderError, match="chỉ được đọc tệp trong"):
        pipeline.render(minimal)


def test_a_file_inside_the_template_folder_may_be_used(tmp_path: Path, minimal: Path) -> None:
    folder = copy_template(tmp_path)
    (folder / "bo" / "extra.css").write_text("p { color: #000; }", encoding="utf-8")
    html = folder / "bo" / "notice.html"
    html.write_text(
        html.read_text(encoding="utf-8").replace("</head>", '<link rel="stylesheet" href="extra.css"></head>'),
        encoding="utf-8",
    )
    (pdf,) = Pipeline(out_dir=tmp_path / "out", formats=("pdf",), templates_dir=folder).render(minimal)
    assert pdf.stat().st_size > 1000


def test_a_manifest_outside_nd30_ranges_is_refused(tmp_path: Path, minimal: Path) -> None:
    folder = copy_template(tmp_path)
    manifest = folder / "bo" / "manifest.toml"
    text = (
        manifest.read_text(encoding="utf-8")
        .replace("body = 14 ", "body = 12 ")
        .replace("margin_left_mm = 30", "margin_left_mm = 25")
    )
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        Pipeline(out_dir=tmp_path / "out", templates_dir=folder).render(minimal)
    message = str(caught.value)
    assert "R-MARGIN" in message and "R-BODY" in message


def test_docx_opens_in_libreoffice_with_the_same_text(
    rendered: dict[str, tuple[Path, Path]], office_pdfs: dict[tuple[str, str], tuple[Path, Path]]
) -> None:
    """LibreOffice converts every DOCX without complaint, to the same words and the same pages
    (tests/test_pagination.py holds the pages to the same breaks)."""
    for stem, (docx, pdf) in rendered.items():
        converted = office_pdfs[stem, "draft"][1]
        assert converted.exists(), docx
        assert pdf_words(converted) == docx_words(docx)
        with pdfplumber.open(converted) as office, pdfplumber.open(pdf) as ours:
            assert len(office.pages) == len(ours.pages)


@pytest.mark.parametrize("name", ["../bo", "/tmp/evil", "bo/../bo", "Bo"])
def test_a_template_is_chosen_by_name_never_by_path(tmp_path: Path, name: str) -> None:
    path = write_yaml(tmp_path, "t.yaml", MINIMAL.replace("    issuer:", f"    template: '{name}'\n    issuer:"))
    with pytest.raises(InputError) as caught:
        Pipeline(out_dir=tmp_path / "out").render(path)
    assert "không phải tên mẫu" in caught.value.problems[0].message


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_templates_run_in_a_sandbox(tmp_path: Path, minimal: Path, fmt: str) -> None:
    """A template cannot reach Python's internals to read files or run code."""
    folder = copy_template(tmp_path)
    escape = '{{ header.__class__.__init__.__globals__["__builtins__"]["open"]("/etc/hostname").read() }}'
    if fmt == "pdf":
        html = folder / "bo" / "notice.html"
        html.write_text(html.read_text(encoding="utf-8").replace("<body>", f"<body>{escape}"), encoding="utf-8")
    else:
        from docx import Document

        docx_path = folder / "bo" / "notice.docx"
        template = Document(str(docx_path))
        template.add_paragraph(escape)
        template.save(str(docx_path))
    with pytest.raises(RenderError, match="không an toàn"):
        Pipeline(out_dir=tmp_path / "out", formats=(fmt,), templates_dir=folder).render(minimal)


def test_a_long_subject_renders(tmp_path: Path) -> None:
    subject = "Kết luận của Bộ trưởng về " + "việc triển khai các nhiệm vụ chuyển đổi số, " * 8
    text = MINIMAL.replace("    place: Hà Nội", f"    place: Hà Nội\n    subject: '{subject.strip()}'")
    docx, pdf = Pipeline(out_dir=tmp_path / "out").render(write_yaml(tmp_path, "long.yaml", text))
    assert len(subject) > 255
    props = open_docx(str(docx)).core_properties
    assert props.subject.endswith("…") and len(props.subject) <= 255
    assert docx_words(docx) == pdf_words(pdf)


def test_line_breaks_in_yaml_text_print_as_spaces_in_both_formats(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "          - Đoạn văn thứ nhất.",
        "          - |\n            Dòng một\n            dòng hai.\n\n"
        "          - task: >\n              Việc\n              làm.\n",
    )
    docx, pdf = Pipeline(out_dir=tmp_path / "out").render(write_yaml(tmp_path, "lines.yaml", text))
    paragraphs = [p.text for p in open_docx(str(docx)).paragraphs]
    assert "Dòng một dòng hai." in paragraphs and "Việc làm." in paragraphs
    assert "<w:br/>" not in open_docx(str(docx)).element.xml
    assert docx_words(docx) == pdf_words(pdf)


def test_a_manifest_measurement_moves_both_formats(tmp_path: Path, minimal: Path) -> None:
    """Measurements live once, in manifest.toml: changing one moves the DOCX and the PDF alike."""

    def title_top(templates_dir: Path | None, out: str) -> tuple[float, float]:
        docx, pdf = Pipeline(out_dir=tmp_path / out, templates_dir=templates_dir).render(minimal)
        before = open_docx(str(docx)).styles["Notice Type"].paragraph_format.space_before.pt
        with pdfplumber.open(pdf) as doc:
            line = next(x for x in doc.pages[0].extract_text_lines() if x["text"] == "THÔNG BÁO")
        return before, line["top"]

    folder = copy_template(tmp_path)
    manifest = folder / "bo" / "manifest.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("title_space_before_pt = 24", "title_space_before_pt = 40"),
        encoding="utf-8",
    )
    docx_default, pdf_default = title_top(None, "a")
    docx_changed, pdf_changed = title_top(folder, "b")
    assert (docx_default, docx_changed) == (24, 40)
    assert pdf_changed - pdf_default == pytest.approx(16, abs=0.5)


def test_the_rule_thickness_comes_from_the_manifest_in_both_formats(tmp_path: Path, minimal: Path) -> None:
    folder = copy_template(tmp_path)
    manifest = folder / "bo" / "manifest.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("rule_width_pt = 0.75", "rule_width_pt = 1.5"), encoding="utf-8"
    )
    docx, pdf = Pipeline(out_dir=tmp_path / "out", templates_dir=folder).render(minimal)
    top = (
        open_docx(str(docx))
        .styles["Notice Motto Rule"]
        .element.pPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr/"
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}top"
        )
    )
    assert top.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sz") == "12"  # eighths of a pt
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]  # below the top margin, where the draft mark's box is not
        rules = [r for r in [*page.rects, *page.lines] if r["x1"] - r["x0"] > 50 and r["top"] > 20 * 72 / 25.4]
    assert rules and all(
        r.get("linewidth", 0) == pytest.approx(1.5, abs=0.01) or r["bottom"] - r["top"] == pytest.approx(1.5, abs=0.01)
        for r in rules
    )


# Issue 15: templates read only their own regular files, and a refusal is a message for that notice


def test_an_include_of_a_symlink_out_of_the_folder_is_refused(tmp_path: Path, minimal: Path) -> None:
    """Issue 15 #2: {% include %} of a symlink printed /etc/passwd into the PDF."""
    folder = copy_template(tmp_path)
    (folder / "bo" / "secret.txt").symlink_to("/etc/passwd")
    html = folder / "bo" / "notice.html"
    html.write_text(
        html.read_text(encoding="utf-8").replace("<body>", '<body>{% include "secret.txt" %}'), encoding="utf-8"
    )
    with pytest.raises(RenderError, match="liên kết \\(symlink\\) chỉ ra ngoài thư mục mẫu"):
        Pipeline(out_dir=tmp_path / "out", formats=("pdf",), templates_dir=folder).render(minimal)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["../../../x.docx", "/etc/passwd", "link.docx"])
def test_a_manifest_file_outside_the_folder_is_refused(tmp_path: Path, minimal: Path, name: str) -> None:
    """Issue 15 #2: `docx = "../../../x.docx"` or "/etc/passwd" was opened, and `templates check` passed it."""
    from click.testing import CliRunner

    from notice_gen.cli import main

    folder = copy_template(tmp_path)
    shutil.copy(folder / "bo" / "notice.docx", tmp_path / "x.docx")
    (folder / "bo" / "link.docx").symlink_to(tmp_path / "x.docx")
    manifest = folder / "bo" / "manifest.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace('docx = "notice.docx"', f'docx = "{name}"'), encoding="utf-8"
    )
    with pytest.raises(RenderError) as caught:
        Pipeline(out_dir=tmp_path / "out", templates_dir=folder).render(minimal)
    assert f"{manifest}" in str(caught.value)
    assert "không phải đường dẫn ra ngoài thư mục" in str(caught.value) or "chỉ ra ngoài thư mục mẫu" in str(
        caught.value
    )
    result = CliRunner().invoke(main, ["templates", "check", str(folder / "bo")])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output


@pytest.mark.parametrize(
    ("where", "resource"),
    [
        ("css", '@import url("http://127.0.0.1:9/x.css");'),
        ("css", '@font-face { font-family: X; src: url("file:///etc/hostname"); }'),
        ("html", '<link rel="attachment" href="file:///etc/hostname">'),
    ],
)
def test_a_url_refusal_is_a_message_and_the_batch_goes_on(tmp_path: Path, where: str, resource: str) -> None:
    """Issue 15 #3: WeasyPrint's FatalURLFetchingError is a BaseException: it stopped the whole batch."""
    from click.testing import CliRunner

    from notice_gen.cli import main

    folder = copy_template(tmp_path)
    shutil.copytree(folder / "bo", folder / "xau")
    manifest = folder / "xau" / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('name = "bo"', 'name = "xau"'), encoding="utf-8")
    if where == "css":
        css = folder / "xau" / "notice.css"
        css.write_text(resource + "\n" + css.read_text(encoding="utf-8"), encoding="utf-8")
    else:
        html = folder / "xau" / "notice.html"
        html.write_text(html.read_text(encoding="utf-8").replace("</head>", resource + "</head>"), encoding="utf-8")
    bad = write_yaml(tmp_path, "a.yaml", MINIMAL.replace("    issuer:", "    template: xau\n    issuer:"))
    good = write_yaml(tmp_path, "b.yaml", MINIMAL)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["render", str(bad), str(good), "-o", str(out), "--format", "pdf", "--templates-dir", str(folder)]
    )
    assert result.exit_code == 1, result.output
    assert "chỉ được đọc tệp trong" in result.output and "Traceback" not in result.output
    assert (out / "b.pdf").exists() and not (out / "a.pdf").exists()


# Issue 15: outputs never go through a symlink


def test_a_symlink_in_the_output_folder_never_cross_writes(tmp_path: Path) -> None:
    """Issue 15 #7: with out/b.docx → a.docx, rendering a and b left a.docx holding notice B."""
    from click.testing import CliRunner

    from notice_gen.cli import main

    out = tmp_path / "out"
    a = write_yaml(tmp_path, "a.yaml", MINIMAL)
    b = write_yaml(tmp_path, "b.yaml", MINIMAL.replace("Đoạn văn thứ nhất.", "Nội dung của thông báo B."))
    out.mkdir()
    (out / "b.docx").symlink_to("a.docx")
    result = CliRunner().invoke(main, ["render", str(a), str(b), "-o", str(out), "--format", "docx"])
    assert result.exit_code == 1, result.output
    assert f"{out / 'b.docx'} là một liên kết (symlink); notice-gen không ghi qua liên kết" in result.output
    assert "Nội dung của thông báo B." not in " ".join(docx_words(out / "a.docx"))
    assert (out / "b.docx").is_symlink()


def test_a_symlinked_stamps_folder_is_refused(tmp_path: Path, minimal: Path) -> None:
    """Issue 15 #7: a .notice-gen folder symlinked elsewhere made stamps land outside -o."""
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / ".notice-gen").symlink_to(elsewhere)
    with pytest.raises(RenderError, match="là một liên kết \\(symlink\\) ra chỗ khác"):
        Pipeline(out_dir=out, formats=("docx",)).render(minimal)
    assert not list(elsewhere.iterdir()) and not (out / "minimal.docx").exists()


def test_a_long_valid_file_name_renders(tmp_path: Path) -> None:
    """Issue 15 #11: a valid 238-character name failed ("File name too long") from the temporary name."""
    name = "thông-báo-kết-luận-" + "ô" * 10 + "x" * 204 + ".yaml"  # Vietnamese letters take 2 or 3 bytes
    assert len(name) == 238 and 241 < len(name.encode()) <= 255  # valid, but not with 14 more bytes
    source = write_yaml(tmp_path, name, MINIMAL)
    (docx,) = Pipeline(out_dir=tmp_path / "out", formats=("docx",)).render(source)
    assert docx.name == name.removesuffix(".yaml") + ".docx"
