"""Sign first, then number (NĐ30 Điều 15.2): prepare → signer signs → issue SIGNED.pdf → issuer signs → verify."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from docx import Document as open_docx
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from notice_gen.cli import main
from notice_gen.issuing.issue import issue, issue_signed
from notice_gen.issuing.prepared import OFFICE_FIELDS, office_fields
from notice_gen.issuing.register import Register, RegisterError
from notice_gen.issuing.signing import FIELDS, SignError, load_key, sign, verify
from tests.conftest import MINIMAL, write_yaml
from tests.signing_kit import PASSWORD, Kit, make_kit

UNNUMBERED = MINIMAL.replace("    number: 5\n", "").replace("    issue_date: 2022-01-05\n", "")
WHEN = dt.datetime(2022, 1, 5, 9, 12, 33, tzinfo=dt.timezone(dt.timedelta(hours=7)))
DAY = dt.date(2022, 1, 5)


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.output


def fields_of(path: Path) -> dict[str, tuple[str | None, tuple[float, float, float, float]]]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    with path.open("rb") as stream:
        found = office_fields(PdfFileReader(stream, strict=False))
    return {name: (value, (p.x0, p.y0, p.x1, p.y1)) for name, (value, p, _ref) in found.items()}


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("kit"))


@pytest.fixture(scope="module")
def flow(kit: Kit, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The whole flow once: the copy for signing, signed, numbered, sealed; and the register."""
    folder = tmp_path_factory.mktemp("flow")
    source = write_yaml(folder, "giao-ban.yaml", UNNUMBERED)
    db = folder / "so.sqlite3"
    code, output = run("prepare", str(source), "-o", str(folder / "out"), "--db", str(db))
    assert code == 0, output
    prepared = folder / "out" / "giao-ban.trinh-ky.pdf"
    assert f"✓ Bản trình ký: {prepared}" in output
    code, output = run("register", "list", "--db", str(db))
    assert code == 0 and "chưa có văn bản nào" in output  # prepare takes no number
    signed = folder / "signed.pdf"
    sign(prepared, signed, key=load_key(kit.signer_p12, PASSWORD), role="signer", image=kit.signature_png, when=WHEN)
    code, output = run("issue", str(signed), "-o", str(folder / "out"), "--db", str(db), "--date", "5/1/2022")
    assert code == 0, output
    assert "✓ Đã cấp số 01/TB-BTTTT ngày 05/01/2022" in output
    issued = folder / "out" / "01-TB-BTTTT-2022.pdf"
    sealed = folder / "sealed.pdf"
    later = WHEN + dt.timedelta(minutes=5)
    sign(issued, sealed, key=load_key(kit.issuer_p12, PASSWORD), role="issuer", image=kit.seal_png, when=later)
    return {
        "source": source,
        "db": db,
        "prepared": prepared,
        "signed": signed,
        "issued": issued,
        "docx": folder / "out" / "01-TB-BTTTT-2022.docx",
        "sealed": sealed,
    }


def test_the_copy_for_signing_is_final_with_blank_office_fields(flow: dict[str, Path]) -> None:
    with pdfplumber.open(flow["prepared"]) as pdf:
        text = pdf.pages[0].extract_text()
    assert "DỰ THẢO" not in text and "Số:" not in text and "ngày" not in text.split("\n")[2]  # lines left to fields
    assert "THÔNG BÁO" in text and "Bùi Hoàng Phương" in text
    found = fields_of(flow["prepared"])
    assert set(found) == set(OFFICE_FIELDS) and all(value is None for value, _rect in found.values())
    with Register(flow["db"]) as register:
        kept = register.find_prepared(flow["prepared"].read_bytes())
    assert kept is not None and kept.source_text == flow["source"].read_text(encoding="utf-8")


def test_number_and_date_land_where_a_direct_issue_prints_them(flow: dict[str, Path], tmp_path: Path) -> None:
    """The same notice issued the old way, with number 01 and the same date: its ô 3 and ô 4 text sits
    inside the fields of the prepared copy, and the filled fields look the same, pixel for pixel."""
    import pypdfium2
    from PIL import ImageChops

    source = write_yaml(tmp_path, "giao-ban.yaml", UNNUMBERED)
    with Register(tmp_path / "so.sqlite3") as register:
        direct = issue(source, register, tmp_path / "out", date=DAY).files[1]
    found = fields_of(flow["issued"])
    assert found["SoKyHieu"][0] == "Số: 01/TB-BTTTT"
    assert found["NgayBanHanh"][0] == "Hà Nội, ngày 05 tháng 01 năm 2022"
    with pdfplumber.open(direct) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        height = page.height
    for name, first, last in (("SoKyHieu", "Số:", "01/TB-BTTTT"), ("NgayBanHanh", "Hà", "2022")):
        x0, y0, x1, y1 = found[name][1]
        start = next(w for w in words if w["text"] == first)
        end = next(w for w in words if w["text"] == last and abs(w["top"] - start["top"]) < 1)
        assert x0 <= start["x0"] and end["x1"] <= x1
        assert height - y1 <= start["top"] and start["bottom"] <= height - y0

    def picture(path: Path) -> object:
        document = pypdfium2.PdfDocument(str(path))
        document.init_forms()
        image = document[0].render(scale=2, may_draw_forms=True).to_pil().convert("L")
        document.close()
        return image

    ours, theirs = picture(flow["issued"]), picture(direct)
    band = (0, 0, ours.size[0], int(ours.size[1] * 0.2))  # the header: ô 1 to ô 4
    difference = ImageChops.difference(ours.crop(band), theirs.crop(band)).point(lambda v: 255 if v > 64 else 0)
    assert difference.getbbox() is None


def test_issue_fills_numbers_registers_and_renders_the_docx(flow: dict[str, Path]) -> None:
    signed, issued = flow["signed"].read_bytes(), flow["issued"].read_bytes()
    assert issued.startswith(signed)  # an incremental update: the signer's bytes are untouched
    (report,) = verify(flow["issued"])
    assert report.intact and report.valid and report.acceptable
    assert report.modified_after.startswith("Văn thư điền số, ngày (được phép): “Số: 01/TB-BTTTT”")
    with Register(flow["db"]) as register:
        (entry,) = register.entries()
        assert register.find_file(flow["sealed"].read_bytes()) == entry
    assert entry.number_symbol == "01/TB-BTTTT" and entry.issue_date == DAY
    assert entry.source_text.endswith("number: 1\nissue_date: 2022-01-05\n")
    assert entry.source_path == str(flow["source"].resolve())
    texts = [p.text for p in open_docx(str(flow["docx"])).paragraphs] + [
        p.text for t in open_docx(str(flow["docx"])).tables for row in t.rows for c in row.cells for p in c.paragraphs
    ]
    assert "Số: 01/TB-BTTTT" in texts and "Hà Nội, ngày 05 tháng 01 năm 2022" in texts


def test_after_both_signatures_verify_passes_with_the_office_step(flow: dict[str, Path], kit: Kit) -> None:
    code, output = run("verify", str(flow["sealed"]), "--trust", str(kit.ca_pem))
    assert code == 0, output
    assert "✓ Chữ ký 1 (người ký): Bùi Hoàng Phương" in output
    assert "✓ Chữ ký 2 (cơ quan ban hành): Bộ Thông tin và Truyền thông" in output
    assert (
        "sửa sau khi ký: Văn thư điền số, ngày (được phép): “Số: 01/TB-BTTTT”, “Hà Nội, ngày 05 tháng 01 năm 2022”. "
        "Sau đó có chữ ký khác (được phép)."
    ) in output
    reports = verify(flow["sealed"], [kit.ca_pem])
    assert [(r.role, r.ok, r.trusted) for r in reports] == [("signer", True, True), ("issuer", True, True)]


def test_an_edit_after_the_signer_fails_verify(flow: dict[str, Path], tmp_path: Path) -> None:
    """Anything but the office's fields and the seal, changed after the signer signed, is a modification."""
    writer = IncrementalPdfFileWriter(io.BytesIO(flow["issued"].read_bytes()))
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 100 300 80 20 re f")))
    out = io.BytesIO()
    writer.write(out)
    edited = tmp_path / "edited.pdf"
    edited.write_bytes(out.getvalue())
    (report,) = verify(edited)
    assert report.intact and not report.ok
    assert report.modified_after.startswith("có:")
    code, output = run("verify", str(edited))
    assert code == 1 and "✗ Chữ ký 1 (người ký)" in output


def test_a_filled_field_drawn_outside_its_place_fails_verify(flow: dict[str, Path], tmp_path: Path) -> None:
    """The office step is the two fields in their own boxes: a widget moved onto the body is a change."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    data = flow["signed"].read_bytes()
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    _value, _place, ref = office_fields(reader)["SoKyHieu"]
    field = ref.get_object()
    field[generic.pdf_name("/Rect")] = generic.ArrayObject(generic.FloatObject(v) for v in (85, 500, 300, 520))
    field[generic.pdf_name("/V")] = generic.TextStringObject("Số: 01/TB-BTTTT")
    writer.mark_update(ref)
    out = io.BytesIO()
    writer.write(out)
    moved = tmp_path / "moved.pdf"
    moved.write_bytes(out.getvalue())
    (report,) = verify(moved)
    assert not report.ok and report.modified_after.startswith("có:")


def test_issue_refuses_a_copy_without_a_good_signature(flow: dict[str, Path], tmp_path: Path) -> None:
    db, out = tmp_path / "so.sqlite3", tmp_path / "out"
    shutil.copy(flow["db"], db)
    with Register(db) as register:
        before = [e.number for e in register.entries()]
    # Not signed at all.
    code, output = run("issue", str(flow["prepared"]), "-o", str(out), "--db", str(db), "--date", "5/1/2022")
    assert code == 1 and "chưa có chữ ký số của người ký" in output, output
    # Signed, then a byte changed inside what the signature covers.
    data = bytearray(flow["signed"].read_bytes())
    where = data.index(b"stream\n", len(data) // 4) + 20
    data[where] ^= 0x01
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(bytes(data))
    code, output = run("issue", str(broken), "-o", str(out), "--db", str(db), "--date", "5/1/2022")
    assert code == 1 and "chữ ký số của người ký trong" in output and "không hợp lệ" in output, output
    # Already numbered, and the old-style issued PDF that is no copy for signing.
    code, output = run("issue", str(flow["issued"]), "-o", str(out), "--db", str(db))
    assert code == 1 and "đã được điền số, ngày" in output
    code, output = run("issue", str(flow["sealed"]), "-o", str(out), "--db", str(db))
    assert code == 1 and "chưa cấp số" in output
    # A register that never saw this copy.
    code, output = run("issue", str(flow["signed"]), "-o", str(out), "--db", str(tmp_path / "khac.sqlite3"))
    assert code == 1 and "không có bản trình ký này" in output
    assert "Traceback" not in output
    with Register(db) as register:
        assert [e.number for e in register.entries()] == before  # no number taken by any of these
    assert not out.exists() or not any(p.suffix in (".pdf", ".docx") for p in out.iterdir())


def test_the_same_signed_copy_is_not_numbered_twice(flow: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "so.sqlite3"
    shutil.copy(flow["db"], db)
    with Register(db) as register, pytest.raises(RegisterError, match="đã được cấp số 01/TB-BTTTT"):
        issue_signed(flow["signed"], register, tmp_path / "out", date=DAY)


def test_the_order_of_signatures_and_number(flow: dict[str, Path], kit: Kit, tmp_path: Path) -> None:
    with pytest.raises(SignError, match="chưa có số, ngày ban hành; Văn thư cấp số trước"):
        sign(flow["signed"], tmp_path / "x.pdf", key=load_key(kit.issuer_p12, PASSWORD), role="issuer", image=None)
    with pytest.raises(SignError, match="chưa có chữ ký của người ký"):
        sign(flow["prepared"], tmp_path / "x.pdf", key=load_key(kit.issuer_p12, PASSWORD), role="issuer", image=None)
    assert not (tmp_path / "x.pdf").exists()


def test_the_signer_certifies_for_form_filling_only(flow: dict[str, Path]) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    with flow["signed"].open("rb") as stream:
        reader = PdfFileReader(stream, strict=False)
        docmdp = reader.root["/Perms"]["/DocMDP"]
        methods = {str(r["/TransformMethod"]): r["/TransformParams"] for r in docmdp["/Reference"]}
        assert methods["/DocMDP"]["/P"] == 2  # form filling and signing, nothing else
        assert sorted(str(f) for f in methods["/FieldMDP"]["/Fields"]) == sorted([*OFFICE_FIELDS, FIELDS["issuer"]])
        signer = next(s for s in reader.embedded_signatures if s.field_name == FIELDS["signer"])
        lock = signer.sig_field["/Lock"]
        assert lock["/Action"] == "/Exclude"
        assert sorted(str(f) for f in lock["/Fields"]) == sorted([*OFFICE_FIELDS, FIELDS["issuer"]])


def test_make_test_kit_gives_keys_and_real_size_pictures(tmp_path: Path) -> None:
    from notice_gen.issuing.signing import MM, read_picture
    from notice_gen.issuing.testkit import PASSWORD as KIT_PASSWORD

    folder = tmp_path / "bo-thu"
    code, output = run("sign", "--make-test-kit", str(folder))  # no FILE: the kit, then stop
    assert code == 0, output
    assert "CHỈ ĐỂ THỬ" in output and f"mật khẩu {KIT_PASSWORD}" in output
    assert sorted(p.name for p in folder.iterdir()) == [
        "ca-key.pem",
        "ca.pem",
        "chu-ky.png",
        "dau.png",
        "issuer.p12",
        "signer.p12",
    ]
    signer = load_key(folder / "signer.p12", KIT_PASSWORD).signing_cert
    assert signer.subject.native["common_name"] == "Bùi Hoàng Phương"
    seal, signature = read_picture(folder / "dau.png", "issuer"), read_picture(folder / "chu-ky.png", "signer")
    assert seal.warnings == () and signature.warnings == ()  # transparent, red; transparent, blue
    size = seal.real_size_pt(None)
    assert size is not None and size[0] / MM == pytest.approx(36, abs=0.1)
    code, output = run("sign", "--make-test-kit", str(folder))
    assert code == 2 and "đã có tệp" in output


def test_a_pdf_a_3_copy_carries_its_yaml_to_any_register(kit: Kit, tmp_path: Path) -> None:
    """prepare --pdfa 3b: the copy is the same bytes each time and carries its YAML, so a register that
    never saw it (another machine's) can still number it: made again from the YAML, it must match."""
    source = write_yaml(tmp_path, "giao-ban.yaml", UNNUMBERED)
    db = ("--db", str(tmp_path / "so.sqlite3"))
    for folder in ("a", "b"):
        code, output = run("prepare", str(source), "-o", str(tmp_path / folder), *db, "--pdfa", "3b")
        assert code == 0, output
    first = (tmp_path / "a" / "giao-ban.trinh-ky.pdf").read_bytes()
    assert first == (tmp_path / "b" / "giao-ban.trinh-ky.pdf").read_bytes()
    signed, key = tmp_path / "signed.pdf", load_key(kit.signer_p12, PASSWORD)
    sign(tmp_path / "a" / "giao-ban.trinh-ky.pdf", signed, key=key, role="signer", image=None, when=WHEN)
    other = tmp_path / "khac.sqlite3"
    with Register(other) as register:
        issued = issue_signed(signed, register, tmp_path / "out", date=DAY)
        (entry,) = register.entries()
    assert issued.number_symbol == "01/TB-BTTTT"
    assert entry.source_path == f"{signed.resolve()}#giao-ban.yaml"
    assert entry.source_text.startswith(source.read_text(encoding="utf-8").rstrip("\n"))
    # A copy whose YAML does not make it again (here: a 2b copy, which carries none) is refused.
    code, output = run("prepare", str(source), "-o", str(tmp_path / "c"), *db)
    assert code == 0, output
    plain = tmp_path / "plain.pdf"
    sign(tmp_path / "c" / "giao-ban.trinh-ky.pdf", plain, key=key, role="signer", image=None, when=WHEN)
    with Register(other) as register, pytest.raises(RegisterError, match="không có bản trình ký này"):
        issue_signed(plain, register, tmp_path / "out", date=DAY)


def test_a_template_without_the_number_and_date_lines_is_told() -> None:
    from weasyprint import HTML

    from notice_gen.errors import RenderError
    from notice_gen.issuing.prepared import places

    found = places(HTML(string='<p class="number">Số:</p><p class="date">ngày</p>').render())
    assert set(found) == set(OFFICE_FIELDS) and found["SoKyHieu"].y0 > found["NgayBanHanh"].y0  # number above date
    with pytest.raises(RenderError, match="mẫu không có dòng class “date”"):
        places(HTML(string='<p class="number">Số:</p>').render())
