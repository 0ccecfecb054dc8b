"""Signing: two PAdES signatures where NĐ30 puts them, both valid, PDF/A kept, tampering found."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from notice_gen.cli import main
from notice_gen.issuing.register import Register
from notice_gen.issuing.signing import (
    FIELDS,
    MM,
    Block,
    Box,
    SignError,
    appearance_pdf,
    find_block,
    iso,
    load_key,
    plan_issuer,
    read_picture,
    sign,
    verify,
)
from tests.conftest import MINIMAL, write_yaml
from tests.signing_kit import PASSWORD, Kit, make_kit, odd_p12, seal_png, signature_png

UNNUMBERED = MINIMAL.replace("    number: 5\n", "").replace("    issue_date: 2022-01-05\n", "")
WHEN = dt.datetime(2022, 1, 5, 9, 12, 33, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("kit"))


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An issued PDF/A-2b notice, and its register."""
    folder = tmp_path_factory.mktemp("issued")
    source = write_yaml(folder, "a.yaml", UNNUMBERED)
    db = folder / "so.sqlite3"
    code, output = run("issue", str(source), "-o", str(folder / "out"), "--db", str(db), "--date", "5/1/2022")
    assert code == 0, output
    return folder / "out" / "01-TB-BTTTT-2022.pdf", db


@pytest.fixture(scope="module")
def signed(issued: tuple[Path, Path], kit: Kit, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The notice after the signer, then after the issuer."""
    folder = tmp_path_factory.mktemp("signed")
    first, second = folder / "signer.pdf", folder / "both.pdf"
    sign(issued[0], first, key=load_key(kit.signer_p12, PASSWORD), role="signer", image=kit.signature_png, when=WHEN)
    later = WHEN + dt.timedelta(minutes=5)
    sign(first, second, key=load_key(kit.issuer_p12, PASSWORD), role="issuer", image=kit.seal_png, when=later)
    return {"original": issued[0], "signer": first, "both": second}


def widgets(path: Path) -> dict[str, Box]:
    reader = PdfReader(path)
    out = {}
    for page in reader.pages:
        for ref in page.get("/Annots", []):
            annot = ref.get_object()
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            out[annot["/T"]] = Box(x0, y0, x1, y1)
    return out


def test_both_signatures_verify_with_time_and_signer(signed: dict[str, Path], kit: Kit) -> None:
    reports = verify(signed["both"], [kit.ca_pem])
    assert [(r.role, r.signer) for r in reports] == [
        ("signer", "Bùi Hoàng Phương"),
        ("issuer", "Bộ Thông tin và Truyền thông"),
    ]
    assert all(r.intact and r.valid and r.trusted and r.ok for r in reports)
    assert reports[0].modified_after == "chỉ thêm chữ ký sau đó (được phép)"
    assert reports[1].modified_after == "không"
    assert [iso(r.when) for r in reports if r.when] == ["2022-01-05T09:12:33+07:00", "2022-01-05T09:17:33+07:00"]


def test_verify_command(signed: dict[str, Path], kit: Kit) -> None:
    code, output = run("verify", str(signed["both"]), "--trust", str(kit.ca_pem))
    assert code == 0, output
    assert "✓ Chữ ký 1 (người ký): Bùi Hoàng Phương" in output
    assert "✓ Chữ ký 2 (cơ quan ban hành): Bộ Thông tin và Truyền thông" in output
    assert "thời gian ký: 2022-01-05T09:12:33+07:00" in output
    assert "sửa sau khi ký: chỉ thêm chữ ký sau đó (được phép)" in output
    assert "chứng thư tin cậy: có" in output
    code, output = run("verify", str(signed["both"]), "--json")
    assert code == 1  # intact, but nobody said which root to trust: never ✓ (issue 15)
    data = json.loads(output)
    assert [s["signed_at"] for s in data["signatures"]] == ["2022-01-05T09:12:33+07:00", "2022-01-05T09:17:33+07:00"]
    assert all(s["intact"] and s["trusted"] is None for s in data["signatures"])
    code, output = run("verify", str(signed["original"]))
    assert code == 1 and "không có chữ ký số nào" in output


def test_an_unknown_root_is_not_trusted(signed: dict[str, Path], tmp_path: Path) -> None:
    other = make_kit(tmp_path / "other")
    code, output = run("verify", str(signed["both"]), "--trust", str(other.ca_pem))
    assert code == 1
    assert "✗ Chữ ký 1" in output and "nguyên vẹn: có" in output and "chứng thư tin cậy: KHÔNG" in output
    assert "Traceback" not in output


def test_the_signer_image_is_centred_between_position_and_name(signed: dict[str, Path]) -> None:
    block = find_block(signed["original"])
    image = widgets(signed["signer"])[FIELDS["signer"]]
    top, bottom = block.page_height - image.y1, block.page_height - image.y0  # as pdfplumber measures
    assert block.gap_top <= top < bottom <= block.gap_bottom
    assert abs((top + bottom) / 2 - (block.gap_top + block.gap_bottom) / 2) < 0.5
    assert abs((image.x0 + image.x1) / 2 - block.centre_x) < 0.5
    assert block.column_x0 <= image.x0 and image.x1 <= block.column_x1
    # The PNG keeps its proportions (600 × 240 px).
    assert image.width / image.height == pytest.approx(600 / 240, rel=0.01)
    with pdfplumber.open(signed["original"]) as pdf:
        words = pdf.pages[block.page].extract_words()
    position = next(w for w in words if w["text"] == "PHÒNG")
    name = next(w for w in words if w["text"] == "Phương")
    assert position["bottom"] <= top and bottom <= name["top"]


def test_the_seal_is_at_real_size_over_the_left_third(signed: dict[str, Path], kit: Kit) -> None:
    found = widgets(signed["both"])
    signer, issuer = found[FIELDS["signer"]], found[FIELDS["issuer"]]
    assert widgets(signed["signer"])[FIELDS["signer"]] == signer  # the issuer moved nothing
    block = find_block(signed["original"])
    seal = plan_issuer(block, signer, read_picture(kit.seal_png, "issuer"), None, "x", WHEN).image
    assert seal is not None
    # 425 px at 300 dpi: 36 mm across, printed at that size.
    assert seal.width / MM == pytest.approx(36, abs=0.1) and seal.height / MM == pytest.approx(36, abs=0.1)
    assert seal.x1 == pytest.approx(signer.x0 + signer.width / 3, abs=0.01)
    assert (seal.y0 + seal.y1) / 2 == pytest.approx((signer.y0 + signer.y1) / 2, abs=0.01)
    # The widget holds the seal and, under the name, the signing information.
    assert issuer.x0 <= seal.x0 and issuer.y1 >= seal.y1 and issuer.y0 < block.page_height - block.name_bottom
    assert block.column_x0 - 1 <= seal.x0 < signer.x0 < seal.x1 < signer.x1 <= block.column_x1


def test_the_issuer_appearance_shows_body_and_time_in_vietnamese(signed: dict[str, Path], kit: Kit) -> None:
    block = find_block(signed["original"])
    signer = widgets(signed["signer"])[FIELDS["signer"]]
    plan = plan_issuer(block, signer, read_picture(kit.seal_png, "issuer"), None, "Bộ Thông tin và Truyền thông", WHEN)
    drawn = appearance_pdf(plan, read_picture(kit.seal_png, "issuer"))
    with pdfplumber.open(io.BytesIO(drawn)) as pdf:
        text = pdf.pages[0].extract_text()
        fonts = {c["fontname"] for c in pdf.pages[0].chars}
    assert text.splitlines() == ["Ký bởi: Bộ Thông tin và Truyền thông", "Thời gian ký: 2022-01-05T09:12:33+07:00"]
    assert all(re.search(r"LiberationSerif|Liberation-Serif|TimesNewRoman", f) for f in fonts)
    # The signed file carries exactly such an appearance, with the time of its signature.
    reader = PdfReader(signed["both"])
    annot = next(a.get_object() for a in reader.pages[block.page]["/Annots"] if a.get_object()["/T"] == "CoQuanBanHanh")
    form = annot["/AP"]["/N"]["/Resources"]["/XObject"]["/NoticeGenAppearance"].get_object()
    later = plan_issuer(
        block,
        signer,
        read_picture(kit.seal_png, "issuer"),
        None,
        "Bộ Thông tin và Truyền thông",
        WHEN + dt.timedelta(minutes=5),
    )
    expected = PdfReader(io.BytesIO(appearance_pdf(later, read_picture(kit.seal_png, "issuer"))))
    assert form.get_data() == expected.pages[0].get_contents().get_data()


def test_pdf_a_survives_signing(signed: dict[str, Path]) -> None:
    """What signing could break in a PDF/A-2b: metadata, fonts, images, annotation flags, structure."""
    original = signed["original"].read_bytes()
    both = signed["both"].read_bytes()
    assert both.startswith(original)  # incremental updates only: the issued bytes are untouched
    before, after = PdfReader(signed["original"]), PdfReader(signed["both"])
    assert after.metadata == before.metadata  # Info unchanged …
    xmp = after.root_object["/Metadata"].get_object().get_data()
    assert xmp == before.root_object["/Metadata"].get_object().get_data()  # … and XMP, so they still agree
    assert b'pdfaid:part="2"' in xmp and b'pdfaid:conformance="B"' in xmp
    assert after.root_object["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"
    form = after.root_object["/AcroForm"]
    assert "/NeedAppearances" not in form
    assert len(after.trailer["/ID"]) == 2
    seen: set[int] = set()

    def walk(obj: object) -> None:
        if isinstance(obj, IndirectObject):
            if obj.idnum in seen:
                return
            seen.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, dict):
            if obj.get("/Subtype") == "/Image":
                assert obj.get("/Interpolate") in (None, False)  # PDF/A 6.2.8
            if obj.get("/Type") == "/FontDescriptor":
                assert any(k in obj for k in ("/FontFile", "/FontFile2", "/FontFile3"))  # embedded
            if obj.get("/Subtype") in ("/Type1", "/TrueType", "/CIDFontType2", "/CIDFontType0"):
                assert "/FontDescriptor" in obj  # no standard-14 font without its program
            for key, value in obj.items():
                if key not in ("/Parent", "/P"):
                    walk(value)
        elif isinstance(obj, list):
            for value in obj:
                walk(value)

    for page in after.pages:
        for ref in page.get("/Annots", []):
            annot = ref.get_object()
            flags = int(annot["/F"])
            assert flags & 4 and not flags & (1 | 2 | 32 | 256)  # Print; not Invisible, Hidden, NoView, ToggleNoView
            assert set(annot["/AP"].keys()) == {"/N"}
            walk(annot["/AP"])
        walk(page["/Resources"])


def test_tampering_is_detected(signed: dict[str, Path], tmp_path: Path) -> None:
    data = bytearray(signed["both"].read_bytes())
    where = data.index(b"stream\n", len(data) // 4) + 20  # inside a stream both signatures cover
    data[where] ^= 0x01
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(bytes(data))
    reports = verify(broken)
    assert reports and not any(r.intact for r in reports)
    code, output = run("verify", str(broken))
    assert code == 1 and "nguyên vẹn: KHÔNG" in output


def test_a_change_after_signing_is_reported(signed: dict[str, Path], tmp_path: Path) -> None:
    """An incremental update that draws on the page keeps the signed bytes, but is not a signature."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed["both"].read_bytes()))
    stream = writer.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 100 100 50 50 re f"))
    writer.add_stream_to_page(0, stream)
    out = io.BytesIO()
    writer.write(out)
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(out.getvalue())
    reports = verify(changed)
    assert all(r.intact for r in reports)  # each signature still matches the bytes it covers …
    assert all(r.modified_after.startswith("có: văn bản bị sửa sau khi ký") for r in reports)  # … but see after
    code, output = run("verify", str(changed))
    assert code == 1 and "✗ Chữ ký 1" in output


def test_signer_first_then_issuer_once_each(issued: tuple[Path, Path], signed: dict[str, Path], kit: Kit) -> None:
    env = {"NOTICE_GEN_P12_PASSWORD": PASSWORD}
    copy = signed["both"].parent / "order.pdf"
    shutil.copy(issued[0], copy)
    code, output = run("sign", str(copy), "--p12", str(kit.issuer_p12), "--role", "issuer", env=env)
    assert code == 1 and "văn bản chưa có chữ ký của người ký" in output
    code, output = run("sign", str(signed["signer"]), "--p12", str(kit.signer_p12), "-o", str(copy), env=env)
    assert code == 1 and "văn bản đã có chữ ký của người ký" in output
    code, output = run("sign", str(signed["both"]), "--p12", str(kit.signer_p12), "-o", str(copy), env=env)
    assert code == 1 and "văn bản đã có chữ ký của người ký" in output


def test_sign_command_in_place(issued: tuple[Path, Path], kit: Kit, tmp_path: Path) -> None:
    """The Văn thư's flow: issue, signer signs, issuer signs; the register still knows the file."""
    pdf, db = tmp_path / "x.pdf", issued[1]
    shutil.copy(issued[0], pdf)
    env = {"NOTICE_GEN_P12_PASSWORD": PASSWORD}
    code, output = run("sign", str(pdf), "--p12", str(kit.signer_p12), "--image", str(kit.signature_png), env=env)
    assert code == 0, output
    assert re.search(r"✓ Đã ký \(người ký: Bùi Hoàng Phương\) lúc \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", output)
    args = ("--p12", str(kit.issuer_p12), "--role", "issuer", "--image", str(kit.seal_png))
    code, output = run("sign", str(pdf), *args, env=env)
    assert code == 0, output
    assert [r.ok for r in verify(pdf, [kit.ca_pem])] == [True, True]
    with Register(db) as register:
        (entry,) = register.entries()
    (output_pdf,) = [o for o in entry.outputs if o.format == "pdf"]
    assert pdf.read_bytes()[: output_pdf.size] == issued[0].read_bytes()


def test_key_problems_are_messages(issued: tuple[Path, Path], kit: Kit, tmp_path: Path) -> None:
    out = tmp_path / "o.pdf"
    code, output = run("sign", str(issued[0]), "--p12", str(kit.signer_p12), "--password", "sai", "-o", str(out))
    assert code == 1 and "không mở được tệp khóa PKCS#12 (sai mật khẩu" in output
    code, output = run("sign", str(issued[0]), "--p12", str(kit.seal_png), "--password", "x", "-o", str(out))
    assert code == 1 and "không mở được tệp khóa PKCS#12" in output
    assert "Traceback" not in output and not out.exists()
    with pytest.raises(SignError, match="sai mật khẩu"):
        load_key(kit.signer_p12, None)
    code, output = run("sign", str(issued[0]), "--p12", str(kit.signer_p12), "-o", str(out))  # no password, no tty
    assert code == 1 and "cần mật khẩu của tệp khóa: --password, hoặc biến môi trường NOTICE_GEN_P12_PASSWORD" in output
    code, output = run("sign", str(kit.ca_pem), "--p12", str(kit.signer_p12), "--password", PASSWORD, "-o", str(out))
    assert code == 1 and "không đọc được PDF" in output and "Traceback" not in output


def test_images_nd30_does_not_want_are_flagged(tmp_path: Path) -> None:
    from PIL import Image

    opaque = tmp_path / "opaque.png"
    Image.new("RGB", (300, 100), (255, 255, 255)).save(opaque)
    assert any("không có nền trong suốt" in w for w in read_picture(opaque, "signer").warnings)
    red = seal_png(tmp_path / "red.png")
    assert any("chữ ký phải màu xanh" in w for w in read_picture(red, "signer").warnings)
    blue = signature_png(tmp_path / "blue.png")
    assert read_picture(blue, "signer").warnings == ()
    assert any("dấu phải màu đỏ" in w for w in read_picture(blue, "issuer").warnings)
    jpeg = tmp_path / "scan.jpg"
    Image.new("RGB", (10, 10)).save(jpeg)
    with pytest.raises(SignError, match="NĐ30 yêu cầu ảnh PNG"):
        read_picture(jpeg, "signer")


def test_a_seal_without_a_real_size_needs_size_mm(signed: dict[str, Path], kit: Kit, tmp_path: Path) -> None:
    from PIL import Image

    undated = tmp_path / "dau.png"
    Image.open(kit.seal_png).save(undated)  # no pHYs: no resolution, no real size
    env = {"NOTICE_GEN_P12_PASSWORD": PASSWORD}
    base = ("sign", str(signed["signer"]), "--p12", str(kit.issuer_p12), "--role", "issuer", "--image", str(undated))
    code, output = run(*base, "-o", str(tmp_path / "a.pdf"), env=env)
    assert code == 1 and "--size-mm 36" in output
    code, output = run(*base, "--size-mm", "40", "-o", str(tmp_path / "b.pdf"), env=env)
    assert code == 0, output
    seal = widgets(tmp_path / "b.pdf")[FIELDS["issuer"]]
    assert seal.width >= 40 * MM - 0.01


def test_without_an_image_the_signer_gets_a_text_appearance(
    issued: tuple[Path, Path], kit: Kit, tmp_path: Path
) -> None:
    out = tmp_path / "text.pdf"
    sign(issued[0], out, key=load_key(kit.signer_p12, PASSWORD), role="signer", image=None, when=WHEN)
    block = find_block(issued[0])
    box = widgets(out)[FIELDS["signer"]]
    assert block.gap_top <= block.page_height - box.y1 and block.page_height - box.y0 <= block.gap_bottom
    assert verify(out)[0].intact


def test_a_pdf_without_a_signer_block_is_refused(kit: Kit, tmp_path: Path) -> None:
    from weasyprint import HTML

    plain = tmp_path / "plain.pdf"
    HTML(string="<p>Không phải thông báo</p>").write_pdf(plain)
    with pytest.raises(SignError, match="không tìm thấy khối chữ ký"):
        sign(plain, tmp_path / "o.pdf", key=load_key(kit.signer_p12, PASSWORD), role="signer", image=None)


def test_register_show_says_signed_only_for_valid_signatures(kit: Kit, tmp_path: Path) -> None:
    """The issued bytes being the file's beginning is not enough: what follows must be signatures
    that `verify` finds good, the last one covering the file to its end."""
    source = write_yaml(tmp_path, "a.yaml", UNNUMBERED)
    db = tmp_path / "so.sqlite3"
    code, output = run("issue", str(source), "-o", str(tmp_path / "out"), "--db", str(db), "--date", "5/1/2022")
    assert code == 0, output
    pdf = tmp_path / "out" / "01-TB-BTTTT-2022.pdf"

    def state() -> str:
        code, output = run("register", "show", "1", "--db", str(db))
        assert code == 0, output
        return next(line for line in output.splitlines() if line.startswith("Tệp PDF")).split(" — ", 1)[1]

    sign(pdf, pdf, key=load_key(kit.signer_p12, PASSWORD), role="signer", image=kit.signature_png, when=WHEN)
    assert state() == "đã ký thêm (phần gốc nguyên vẹn, chữ ký số hợp lệ)"
    sign(pdf, pdf, key=load_key(kit.issuer_p12, PASSWORD), role="issuer", image=kit.seal_png, when=WHEN)
    assert state() == "đã ký thêm (phần gốc nguyên vẹn, chữ ký số hợp lệ)"
    signed_bytes = pdf.read_bytes()
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_bytes))  # a change after signing
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 9 9 5 5 re f")))
    changed = io.BytesIO()
    writer.write(changed)
    pdf.write_bytes(changed.getvalue())
    assert state() == "có thêm dữ liệu sau bản gốc — chạy notice-gen verify"
    pdf.write_bytes(signed_bytes + b"\n")  # one byte after the last signature
    assert state() == "có thêm dữ liệu sau bản gốc — chạy notice-gen verify"


def test_a_draft_is_never_signed(kit: Kit, tmp_path: Path) -> None:
    """A draft (the "DỰ THẢO" mark, a blank number and date) is refused, by the checker's reading."""
    from notice_gen.render.pipeline import Pipeline

    source = write_yaml(tmp_path, "a.yaml", UNNUMBERED)
    _docx, pdf = Pipeline(out_dir=tmp_path / "drafts").render(source)
    before = pdf.read_bytes()
    with pytest.raises(SignError, match="đây là bản dự thảo"):
        sign(pdf, tmp_path / "o.pdf", key=load_key(kit.signer_p12, PASSWORD), role="signer", image=None)
    env = {"NOTICE_GEN_P12_PASSWORD": PASSWORD}
    code, output = run("sign", str(pdf), "--p12", str(kit.signer_p12), "--image", str(kit.signature_png), env=env)
    assert code == 1 and "không ký số dự thảo" in output and "notice-gen issue" in output
    assert "Traceback" not in output
    assert pdf.read_bytes() == before and not (tmp_path / "o.pdf").exists()


def test_signing_a_file_the_register_does_not_know_is_warned(
    issued: tuple[Path, Path], kit: Kit, tmp_path: Path
) -> None:
    env = {"NOTICE_GEN_P12_PASSWORD": PASSWORD, "NOTICE_GEN_REGISTER": str(issued[1])}
    known = tmp_path / "known.pdf"
    shutil.copy(issued[0], known)
    code, output = run("sign", str(known), "--p12", str(kit.signer_p12), env=env)
    assert code == 0, output
    assert "không có trong sổ" not in output
    code, output = run("sign", str(known), "--p12", str(kit.issuer_p12), "--role", "issuer", env=env)
    assert code == 0 and "không có trong sổ" not in output, output  # signed by the signer: still the issued bytes
    # Another notice, issued in another register: signed, with a warning naming the register.
    source = write_yaml(tmp_path, "b.yaml", UNNUMBERED.replace("tháng 12", "tháng 11"))
    other_db = tmp_path / "khac.sqlite3"
    code, output = run("issue", str(source), "-o", str(tmp_path / "out"), "--db", str(other_db), "--date", "5/1/2022")
    assert code == 0, output
    stranger = tmp_path / "out" / "01-TB-BTTTT-2022.pdf"
    code, output = run("sign", str(stranger), "--p12", str(kit.signer_p12), env=env)
    assert code == 0, output
    assert f"{stranger} không có trong sổ đăng ký văn bản đi {issued[1]}" in output
    assert verify(stranger)[0].intact
    code, output = run(
        "sign",
        str(stranger),
        "--p12",
        str(kit.issuer_p12),
        "--role",
        "issuer",
        "--db",
        str(tmp_path / "x.sqlite3"),
        env=env,
    )
    assert code == 0 and f"không có sổ đăng ký văn bản đi tại {tmp_path / 'x.sqlite3'}" in output
    assert not (tmp_path / "x.sqlite3").exists()


def _block(column_x0: float, column_x1: float) -> Block:
    """A signer block on an A4 page with the given signature column (as the bo template's, measured)."""
    return Block(0, 595.28, 841.89, column_x0, column_x1, gap_top=406.9, gap_bottom=488.4, name_bottom=502.4)


def _centred(block: Block, width: float) -> Box:
    """The signer's image as plan_signer places it: centred in the column, between position and name."""
    return Box(block.centre_x - width / 2, 365.5, block.centre_x + width / 2, 423.0)


@pytest.mark.parametrize(
    ("signature_mm", "moved"),
    [(50.8, False), (76.0, True), (81.0, True)],  # the test kit's image; a wide one; the widest the column takes
)
def test_the_seal_stays_in_the_signature_column(kit: Kit, signature_mm: float, moved: bool) -> None:
    """A 36 mm seal over the left third of a wide signature would reach into the Nơi nhận column:
    it moves right, into the signature column, still over the left part of the signer's image."""
    block = _block(297.86, 552.74)  # measured on the bo template
    signer = _centred(block, signature_mm * MM)
    plan = plan_issuer(block, signer, read_picture(kit.seal_png, "issuer"), None, "x", WHEN)
    seal = plan.image
    assert seal is not None and seal.width / MM == pytest.approx(36, abs=0.1)
    assert seal.x0 >= block.column_x0 - 0.01  # never into the left column
    assert seal.x0 < signer.x0 < seal.x1  # over the left part of the signer's image …
    covered = (seal.x1 - signer.x0) / signer.width
    assert 1 / 3 - 0.001 <= covered <= 0.5  # … about a third
    assert (seal.x0 == pytest.approx(block.column_x0, abs=0.01)) == moved
    assert plan.widget.x0 >= block.column_x0 - 0.01
    assert plan.warnings == []


def test_a_seal_that_cannot_fit_its_column_is_warned(kit: Kit) -> None:
    seal = read_picture(kit.seal_png, "issuer")
    narrow = _block(380.0, 552.74)  # a wide Nơi nhận column
    plan = plan_issuer(narrow, _centred(narrow, 60 * MM), seal, None, "x", WHEN)
    assert plan.image is not None and plan.image.x0 == pytest.approx(narrow.column_x0, abs=0.01)
    assert plan.warnings and "không lấn sang cột “Nơi nhận”, dấu trùm lên" in plan.warnings[0]
    assert "(NĐ30: khoảng 1/3 về bên trái)" in plan.warnings[0]
    tiny = _block(450.0, 540.0)  # narrower than the seal
    plan = plan_issuer(tiny, _centred(tiny, 25 * MM), seal, None, "x", WHEN)
    assert plan.warnings == ["dấu rộng 36 mm, rộng hơn cột chữ ký (32 mm): hình dấu lấn ra ngoài cột chữ ký"]


def test_a_wide_signature_keeps_the_signed_seal_in_its_column(
    issued: tuple[Path, Path], kit: Kit, tmp_path: Path
) -> None:
    """End to end: the signer's 76 mm image, then the issuer's 36 mm seal, on the issued notice."""
    wide = signature_png(tmp_path / "rong.png", size=(898, 240))  # 76 mm at 300 dpi
    first, second = tmp_path / "signer.pdf", tmp_path / "both.pdf"
    sign(issued[0], first, key=load_key(kit.signer_p12, PASSWORD), role="signer", image=wide, when=WHEN)
    result = sign(first, second, key=load_key(kit.issuer_p12, PASSWORD), role="issuer", image=kit.seal_png, when=WHEN)
    block = find_block(issued[0])
    signer = widgets(second)[FIELDS["signer"]]
    assert signer.width / MM == pytest.approx(76, abs=0.2)
    assert result.image is not None and result.warnings == []
    assert block.column_x0 - 0.01 <= result.image.x0 < signer.x0 < result.image.x1
    assert widgets(second)[FIELDS["issuer"]].x0 >= block.column_x0 - 0.01
    assert [r.ok for r in verify(second)] == [True, True]


# Issue 15: what an attacker tried


def overlay(path: Path, out: Path, key: object, words: str = "Đoạn") -> None:
    """A third signature whose appearance is a white box with new text over a body line."""
    from pyhanko.pdf_utils.content import RawContent
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import StaticStampStyle

    with pdfplumber.open(path) as doc:
        page = doc.pages[0]
        line = next(w for w in page.extract_words() if w["text"] == words)
        height = page.height
    box = (line["x0"], height - line["bottom"] - 2, line["x0"] + 250, height - line["top"] + 2)
    width, tall = box[2] - box[0], box[3] - box[1]
    drawing = f"1 1 1 rg 0 0 {width} {tall} re f 0 g 0 0 m {width} {tall} l S".encode()
    style = StaticStampStyle(
        background=RawContent(drawing, box=BoxConstraints(width, tall)), border_width=0, background_opacity=1.0
    )
    pades = fields.SigSeedSubFilter.PADES
    meta = signers.PdfSignatureMetadata(field_name="Them", md_algorithm="sha256", subfilter=pades)
    writer = IncrementalPdfFileWriter(io.BytesIO(path.read_bytes()))
    spec = fields.SigFieldSpec("Them", on_page=0, box=box)
    signed = signers.PdfSigner(meta, signer=key, stamp_style=style, new_field_spec=spec).sign_pdf(writer)
    out.write_bytes(signed.getvalue())


def test_a_signature_drawn_over_the_text_is_a_change(signed: dict[str, Path], kit: Kit, tmp_path: Path) -> None:
    """Issue 15 #1: a later signature whose appearance covers a task line: the earlier two are ✗."""
    attacked = tmp_path / "attacked.pdf"
    overlay(signed["both"], attacked, load_key(kit.signer_p12, PASSWORD))
    reports = verify(attacked, [kit.ca_pem])
    assert [r.intact and r.trusted for r in reports] == [True, True, True]  # pyHanko alone says all is well …
    first, second, third = reports
    assert not first.ok and not second.ok  # … but the page shows something the signers never signed
    assert first.modified_after.startswith("có: nội dung trang 1 bị thay đổi sau khi ký (trường Them)")
    assert third.ok
    code, output = run("verify", str(attacked), "--trust", str(kit.ca_pem))
    assert code == 1, output
    assert "✗ Chữ ký 1 (người ký)" in output and "✗ Chữ ký 2 (cơ quan ban hành)" in output
    assert "ngoài chỗ NĐ30 dành cho chữ ký, con dấu" in output and "Traceback" not in output


def test_a_signature_inside_the_signature_places_is_allowed(signed: dict[str, Path]) -> None:
    """The seal's appearance is drawn over the signer's image and name: that is where NĐ30 puts it."""
    reports = verify(signed["both"])
    assert reports[0].modified_after == "chỉ thêm chữ ký sau đó (được phép)" and reports[0].ok


def test_register_show_does_not_vouch_for_an_overlaid_file(kit: Kit, tmp_path: Path) -> None:
    source = write_yaml(tmp_path, "a.yaml", UNNUMBERED)
    db = tmp_path / "so.sqlite3"
    code, output = run("issue", str(source), "-o", str(tmp_path / "out"), "--db", str(db), "--date", "5/1/2022")
    assert code == 0, output
    pdf = tmp_path / "out" / "01-TB-BTTTT-2022.pdf"
    sign(pdf, pdf, key=load_key(kit.signer_p12, PASSWORD), role="signer", image=kit.signature_png, when=WHEN)
    overlay(pdf, pdf, load_key(kit.issuer_p12, PASSWORD))
    code, output = run("register", "show", "1", "--db", str(db))
    assert code == 0, output
    assert "đã ký thêm" not in output and "có thêm dữ liệu sau bản gốc — chạy notice-gen verify" in output


def test_a_self_signed_signature_is_never_trusted(issued: tuple[Path, Path], kit: Kit, tmp_path: Path) -> None:
    """Issue 15 #1: a self-signed key, even given as its own root, is not ✓; exit 1 either way."""
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    p12 = odd_p12(kit, "tu-ky", self_signed=True)
    _key, cert, _chain = pkcs12.load_key_and_certificates(p12.read_bytes(), PASSWORD.encode())
    assert cert is not None
    root = tmp_path / "tu-ky.pem"
    root.write_bytes(cert.public_bytes(Encoding.PEM))
    out = tmp_path / "tu-ky.pdf"
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    writer = IncrementalPdfFileWriter(io.BytesIO(issued[0].read_bytes()))
    meta = signers.PdfSignatureMetadata(field_name=FIELDS["signer"], md_algorithm="sha256")
    out.write_bytes(signers.PdfSigner(meta, signer=load_key(p12, PASSWORD)).sign_pdf(writer).getvalue())
    for args in ((), ("--trust", str(root))):
        code, output = run("verify", str(out), *args)
        assert code == 1, output
        assert "✓" not in output and "chứng thư tự ký" in output


@pytest.mark.parametrize(
    ("name", "options", "message"),
    [
        ("het-han", {"start": dt.datetime(2020, 1, 1, tzinfo=dt.UTC), "days": 30}, "đã hết hạn hôm nay"),
        ("chua-hieu-luc", {"start": dt.datetime(2099, 1, 1, tzinfo=dt.UTC)}, "chưa có hiệu lực hôm nay"),
        ("ma-hoa", {"signing": False}, "không dùng để ký (key_encipherment)"),
        ("ca", {"ca": True}, "chứng thư của tổ chức cấp chứng thư (CA)"),
        ("tu-ky", {"self_signed": True}, "chứng thư tự ký"),
    ],
)
def test_sign_refuses_a_certificate_not_meant_for_signing_now(
    issued: tuple[Path, Path], kit: Kit, tmp_path: Path, name: str, options: dict[str, object], message: str
) -> None:
    """Issue 15 #8: expired, not yet valid, key-encipherment only, CA and self-signed certificates."""
    p12 = odd_p12(kit, name, **options)  # type: ignore[arg-type]
    copy = tmp_path / "a.pdf"
    shutil.copy(issued[0], copy)
    before = copy.read_bytes()
    env = {"NOTICE_GEN_P12_PASSWORD": PASSWORD}
    code, output = run("sign", str(copy), "--p12", str(p12), env=env)
    assert code == 1, output
    assert message in output and "Traceback" not in output
    assert copy.read_bytes() == before


def test_verify_names_every_kind_of_change_in_words_not_enum_names() -> None:
    """Issue 14: "sửa sau khi ký: có: … (NONE)" printed pyhanko's internal word."""
    from pyhanko.sign.diff_analysis import ModificationLevel

    from notice_gen.issuing.signing import CHANGE_WORDS

    for level in ModificationLevel:
        words = CHANGE_WORDS[level.name]
        assert words and level.name not in words and not words.isascii()
