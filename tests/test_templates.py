"""Templates as a product: the shipped three, `notice-gen templates …`, the checks a maintainer
relies on, the generated reference, and a variant made the way docs/templates.md says."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as open_docx

from notice_gen import templates
from notice_gen.check import check_file
from notice_gen.cli import main
from notice_gen.errors import RenderError
from notice_gen.notice.model import load_notice
from notice_gen.render.pipeline import Pipeline
from notice_gen.templates.reference import markdown, missing_meanings, replace_in
from notice_gen.templates.tools import fixtures
from tests.conftest import EXAMPLES, MINIMAL, ROOT, docx_words, pdf_words, write_yaml

SHIPPED = ("bo", "tinh", "vpcp")
DOCS = ROOT / "docs" / "templates.md"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def supported(name: str) -> list[Path]:
    template = templates.find(name)
    return [p for p in EXAMPLES if templates.features_used(load_notice(p)) <= set(template.manifest.features)]


def test_three_templates_are_shipped_each_with_an_example() -> None:
    assert sorted(p.name for p in templates.SHIPPED.iterdir() if (p / "manifest.toml").is_file()) == list(SHIPPED)
    examples = {load_notice(p).template for p in EXAMPLES}
    assert set(SHIPPED) <= examples


@pytest.mark.parametrize(
    ("name", "path"), [(n, p) for n in SHIPPED for p in supported(n)], ids=lambda v: getattr(v, "stem", v)
)
def test_every_shipped_template_renders_every_input_it_supports_and_passes_the_check(
    tmp_path: Path, name: str, path: Path
) -> None:
    """Through ``name`` whatever the input's own ``template:``, in both formats, zero NĐ30 errors."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^template: .*$", f"template: {name}", text)
    docx, pdf = Pipeline(out_dir=tmp_path / "out").render(write_yaml(tmp_path, path.name, text))
    for output in (docx, pdf):
        report = check_file(output)
        assert report.errors == 0, "\n".join(report.lines())
    assert docx_words(docx) == pdf_words(pdf)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_template_passes_templates_check(name: str) -> None:
    code, output = run("templates", "check", str(templates.SHIPPED / name))
    assert code == 0, output
    assert "đạt" in output.splitlines()[-1]


def test_the_provincial_template_prints_the_parent_over_a_short_issuer(
    rendered: dict[str, tuple[Path, Path]],
) -> None:
    docx, _pdf = rendered["100-tinh-giai-ngan-dau-tu-cong-2024"]
    doc = open_docx(str(docx))
    assert [p.text for p in doc.tables[0].cell(0, 0).paragraphs if p.text] == ["UBND TỈNH LÀO CAI", "VĂN PHÒNG"]
    paragraphs = [p.text for p in doc.paragraphs]
    assert any(
        p.startswith("Văn phòng Ủy ban nhân dân tỉnh thông báo ý kiến kết luận của Chủ tịch") for p in paragraphs
    )
    signature = [p.text for p in doc.tables[1].cell(0, 1).paragraphs if p.text]
    assert signature[:2] == ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]


@pytest.mark.parametrize(
    ("authority", "position", "lines"),
    [
        ("[]", "Chánh Văn phòng", ["CHÁNH VĂN PHÒNG"]),
        ("[TL. Chủ tịch]", "Chánh Văn phòng", ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]),
        ("[TM. Ủy ban nhân dân]", "Chủ tịch", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
    ],
)
def test_the_provincial_signer_forms(tmp_path: Path, authority: str, position: str, lines: list[str]) -> None:
    text = (
        MINIMAL.replace("    issuer:", "    template: tinh\n    issuer:")
        .replace(
            "issuer: {name: Bộ Thông tin và Truyền thông, abbreviation: BTTTT}",
            "issuer: {parent: UBND tỉnh Lào Cai, name: Văn phòng UBND tỉnh, short_name: Văn phòng, "
            "abbreviation: VPUBND}",
        )
        .replace(
            "signer: {authority: [TL. Bộ trưởng], position: Chánh Văn phòng, name: Bùi Hoàng Phương}",
            f"signer: {{authority: {authority}, position: {position}, name: Lê Văn Cường}}",
        )
    )
    docx, pdf = Pipeline(out_dir=tmp_path / "out").render(write_yaml(tmp_path, "ky.yaml", text))
    doc = open_docx(str(docx))
    assert [p.text for p in doc.tables[1].cell(0, 1).paragraphs if p.text] == [*lines, "Lê Văn Cường"]
    assert check_file(docx).errors == 0 and check_file(pdf).errors == 0


def test_the_government_office_template(rendered: dict[str, tuple[Path, Path]]) -> None:
    docx, _pdf = rendered["200-vpcp-ha-tang-so-2024"]
    doc = open_docx(str(docx))
    paragraphs = [p.text for p in doc.paragraphs]
    assert "Văn phòng Chính phủ thông báo để các Bộ, cơ quan liên quan biết, thực hiện./." in paragraphs
    assert any(p.startswith("Kết luận của Phó Thủ tướng") for p in paragraphs)
    assert [p.text for p in doc.tables[0].cell(0, 0).paragraphs if p.text] == ["VĂN PHÒNG CHÍNH PHỦ"]
    signature = [p.text for p in doc.tables[1].cell(0, 1).paragraphs if p.text]
    assert signature[:2] == ["KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"]


def test_an_input_using_a_feature_the_template_lacks_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.replace("    issuer:", "    template: vpcp\n    issuer:").replace(
        "abbreviation: BTTTT}", "abbreviation: BTTTT, parent: Chính phủ}"
    )
    with pytest.raises(RenderError, match="mẫu “vpcp” không in được cơ quan chủ quản"):
        Pipeline(out_dir=tmp_path / "out").render(write_yaml(tmp_path, "p.yaml", text))
    assert not (tmp_path / "out").exists()


# --- templates list | show | new ---------------------------------------------------------------


def test_list_show_and_a_user_folder_overriding_a_shipped_name(tmp_path: Path) -> None:
    code, output = run("templates", "list")
    assert code == 0 and all(re.search(rf"(?m)^{n} 1\.0\.0 ", output) for n in SHIPPED)
    code, output = run("templates", "show", "vpcp")
    assert code == 0 and "câu kết mặc định: {issuer} thông báo để các Bộ" in output and "body = 14" in output
    shutil.copytree(templates.SHIPPED / "bo", tmp_path / "bo")
    code, output = run("templates", "list", "--templates-dir", str(tmp_path))
    assert code == 0 and f"[bị che bởi {tmp_path / 'bo'}]" in output
    code, output = run("templates", "show", "khong-co")
    assert code == 2 and "không có mẫu “khong-co”" in output


def test_new_refuses_a_bad_name_and_an_existing_folder(tmp_path: Path) -> None:
    code, output = run("templates", "new", "../x", "--from", "bo", "--into", str(tmp_path))
    assert code == 2 and "không dùng được làm tên mẫu" in output
    assert run("templates", "new", "x", "--from", "bo", "--into", str(tmp_path))[0] == 0
    code, output = run("templates", "new", "x", "--from", "bo", "--into", str(tmp_path))
    assert code == 2 and "đã có" in output


# --- templates check: what it catches, and where it says it is ------------------------------------


@pytest.fixture
def variant(tmp_path: Path) -> Path:
    assert run("templates", "new", "thu", "--from", "bo", "--into", str(tmp_path))[0] == 0
    return tmp_path / "thu"


def test_check_reports_an_unknown_variable_in_the_html_with_its_line(variant: Path) -> None:
    html = variant / "notice.html"
    html.write_text(html.read_text(encoding="utf-8").replace("{{ header.issuer }}", "{{ header.isuer }}"))
    line = next(n for n, t in enumerate(html.read_text().splitlines(), 1) if "header.isuer" in t)
    code, output = run("templates", "check", str(variant))
    assert code == 1
    assert f"{html}:{line}: biến “header.isuer” không có" in output and "“header.issuer”" in output


def test_check_reports_an_unknown_variable_in_the_docx_by_paragraph(variant: Path) -> None:
    path = variant / "notice.docx"
    doc = open_docx(str(path))
    cell = doc.tables[1].cell(0, 1)
    paragraph = next(p for p in cell.paragraphs if "signature.name" in p.text)
    paragraph.runs[0].text = "{{ signature.fullname }}"
    doc.save(str(path))
    code, output = run("templates", "check", str(variant))
    assert code == 1
    assert re.search(r"notice\.docx: bảng 2, hàng 1, ô 2, đoạn \d+: biến “signature\.fullname” không có", output)
    assert "“signature.name”" in output


def test_check_reports_a_tag_split_across_runs(variant: Path) -> None:
    path = variant / "notice.docx"
    doc = open_docx(str(path))
    paragraph = next(p for p in doc.tables[0].cell(0, 0).paragraphs if p.text == "{{ header.issuer }}")
    paragraph.runs[0].text = "{{ header.iss"
    paragraph.add_run("uer }}").bold = True  # what Word does when part of a tag is reformatted
    doc.save(str(path))
    code, output = run("templates", "check", str(variant))
    assert code == 1
    assert re.search(
        r"notice\.docx: bảng 1, hàng 1, ô 1, đoạn \d+: thẻ “\{\{ header\.issuer \}\}” bị Word tách thành 2 đoạn chữ "
        r"\(run\): “\{\{ header\.iss” \+ “uer \}\}”",
        output,
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("body = 14 ", "body = 12 ", "sizes: body = 12: cỡ chữ nằm ngoài 13–14 pt (R-BODY)"),
        (
            "margin_left_mm = 30",
            "margin_left_mm = 10",
            "page: margin_left_mm = 10: lề trái nằm ngoài 30–35 mm (R-MARGIN)",
        ),
    ],
)
def test_check_reports_a_manifest_outside_nd30_with_its_line(variant: Path, old: str, new: str, message: str) -> None:
    manifest = variant / "manifest.toml"
    text = manifest.read_text(encoding="utf-8").replace(old, new)
    manifest.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith(new.strip()))
    code, output = run("templates", "check", str(variant))
    assert code == 1
    assert f"✗ {manifest}:{line}: {message}" in output.splitlines()


def test_check_reports_an_unknown_blank_in_the_closing_formula(variant: Path) -> None:
    manifest = variant / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("để {audience} {action}", "để {nguoi_nhan} {action}"), encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("closing ="))
    code, output = run("templates", "check", str(variant))
    assert code == 1 and f"{manifest}:{line}: wording.closing: chỗ trống {{nguoi_nhan}} không có" in output


def test_check_reports_nd30_errors_in_the_outputs(variant: Path) -> None:
    """A layout the manifest cannot catch (the date upright instead of italic) is caught in the outputs."""
    css = variant / "notice.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.date { font-style: normal; }\n", encoding="utf-8")
    code, output = run("templates", "check", str(variant))
    assert code == 1 and re.search(r"✗ 01-chinh-thuc\.pdf: trang 1.*R-DATE", output), output


def test_check_of_a_folder_without_a_manifest(tmp_path: Path) -> None:
    code, output = run("templates", "check", str(tmp_path))
    assert code == 2 and "không phải thư mục mẫu" in output


def test_the_fixture_set_covers_every_feature() -> None:
    used = set().union(*(templates.features_used(load_notice(p)) for p in fixtures()))
    assert used == set(templates.FEATURES)


# --- the maintainer's documentation --------------------------------------------------------------


def test_the_reference_in_docs_is_the_generated_one() -> None:
    """Regenerate with: .venv/bin/notice-gen templates reference --write docs/templates.md"""
    text = DOCS.read_text(encoding="utf-8")
    assert replace_in(text) == text, "docs/templates.md is stale: run notice-gen templates reference --write"
    assert run("templates", "reference") == (0, markdown())


def test_every_variable_has_a_meaning() -> None:
    assert missing_meanings() == []


def test_a_maintainer_makes_checks_and_uses_a_variant(tmp_path: Path) -> None:
    """docs/templates.md, section 4, step by step: a 13 pt body and another closing formula,
    by editing manifest.toml only."""
    mine = tmp_path / "mau-rieng"
    code, output = run("templates", "new", "cuc-13", "--from", "bo", "--into", str(mine))
    assert code == 0 and f"templates check {mine / 'cuc-13'}" in output

    manifest = mine / "cuc-13" / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    assert 'name = "cuc-13"' in text and 'version = "0.1.0"' in text
    text = text.replace("body = 14 ", "body = 13 ").replace("heading = 14 ", "heading = 13 ")
    text = re.sub(
        r'(?m)^closing = ".*"$', 'closing = "{issuer} thông báo để các đơn vị thuộc Cục biết, thực hiện"', text
    )
    manifest.write_text(text, encoding="utf-8")

    code, output = run("templates", "check", str(mine / "cuc-13"), "--keep", str(tmp_path / "xem-thu"))
    assert code == 0, output
    assert (tmp_path / "xem-thu" / "01-chinh-thuc.pdf").exists()

    source = write_yaml(tmp_path, "hop.yaml", MINIMAL.replace("    issuer:", "    template: cuc-13\n    issuer:"))
    code, output = run("render", "--templates-dir", str(mine), "-o", str(tmp_path / "out"), str(source))
    assert code == 0, output
    doc = open_docx(str(tmp_path / "out" / "hop.docx"))
    assert doc.styles["Notice Body"].font.size.pt == 13
    assert "Bộ Thông tin và Truyền thông thông báo để các đơn vị thuộc Cục biết, thực hiện./." in [
        p.text for p in doc.paragraphs
    ]
    for output_file in (tmp_path / "out" / "hop.docx", tmp_path / "out" / "hop.pdf"):
        assert check_file(output_file).errors == 0
