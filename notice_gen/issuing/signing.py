"""`notice-gen sign` and `notice-gen verify`: PAdES signatures placed where NĐ30 puts them.

An electronic notice is signed twice (spec, "Electronic documents"): first by
the signer, whose blue transparent PNG sits centred between the position line
and the name; then by the issuing body, whose red seal, at its real size,
covers about the left third of the signer's image. Nobody types coordinates:
the signer block is found in the PDF by the checker's reader (check/pdf_reader
and check/parts recognise the authority, position and name paragraphs with
their positions), and the issuer's seal is placed from the signer's
signature field, which is exactly the signer's image.

The issuer's appearance also shows, under the name, the issuing body and the
signing time in ISO 8601 with +07:00, in the notice's own serif face at 10 pt.
pyHanko's default stamp font (Courier, WinAnsi) cannot print Vietnamese, so
every appearance is drawn by WeasyPrint as a one-page PDF of exactly the
widget's size, in the embedded serif face, and imported as the widget's
appearance (pyHanko's static stamp). Images are not interpolated and fonts are
embedded, as PDF/A requires.

Signing never touches the document information or XMP metadata (pyHanko
would add itself as producer in one and not the other, which PDF/A forbids;
see pyHanko issues #223 and #755): an incremental update adds the signature
field and nothing else, so a PDF/A stays a PDF/A and the bytes the register
recorded stay the file's beginning.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import logging
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils import content, layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.stamp import StaticStampStyle

from .places import FIELDS, Block, Box, SignError, find_block
from .prepared import OFFICE_FIELDS, office_fields

# pyHanko logs what it finds (an untrusted chain, with its traceback) on the root logger's
# stderr; notice-gen reports the same in Vietnamese, once, without tracebacks.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

VIETNAM = dt.timezone(dt.timedelta(hours=7), "+07:00")
MM = 72 / 25.4
ROLES = ("signer", "issuer")
FIELD_LABELS = {
    "signer": "Chữ ký số của người có thẩm quyền",
    "issuer": "Chữ ký số của cơ quan ban hành (dấu)",
}
REASONS = {"signer": "Người có thẩm quyền ký văn bản", "issuer": "Cơ quan ban hành ký số, đóng dấu"}
ROLE_NAMES = {"signer": "người ký", "issuer": "cơ quan ban hành"}
INFO_SIZE_PT = 10  # NĐ30: the signing information in Times New Roman 10 pt, black
INFO_LEADING_PT = 12
PAD_PT = 2  # between the signer's image and the lines above and below it
MAX_IMAGE_SHARE = 0.9  # of the signer column's width
MAX_SEAL_COVER = 0.5  # kept in its column, the seal may cover up to half the signer's image ("about a third")

# What pyhanko's ModificationLevel names mean, for the Văn thư reading `verify` (never the enum's name).
CHANGE_WORDS = {
    "NONE": "lưu thêm một lần, nội dung không đổi",
    "LTA_UPDATES": "chỉ thêm dữ liệu lưu trữ chữ ký",
    "FORM_FILLING": "điền biểu mẫu, thêm chữ ký",
    "ANNOTATIONS": "thêm ghi chú, đánh dấu trên trang",
    "OTHER": "thay đổi nội dung",
}


def iso(when: dt.datetime) -> str:
    """ "2022-01-05T09:12:33+07:00": ISO 8601 in Vietnam time, to the second."""
    return when.astimezone(VIETNAM).replace(microsecond=0).isoformat()


# Images


@dataclass(frozen=True)
class Picture:
    png: bytes
    width_px: int
    height_px: int
    dpi: float | None
    warnings: tuple[str, ...] = ()

    def real_size_pt(self, width_mm: float | None) -> tuple[float, float] | None:
        """Width and height on paper: from ``width_mm``, else from the PNG's resolution (pHYs)."""
        if width_mm:
            width = width_mm * MM
        elif self.dpi:
            width = self.width_px / self.dpi * 72
        else:
            return None
        return width, width * self.height_px / self.width_px


def read_picture(path: Path, role: str) -> Picture:
    """A PNG, with warnings where it is not what NĐ30 asks (transparent; blue, or red for a seal)."""
    from PIL import Image, UnidentifiedImageError

    try:
        data = path.read_bytes()
        image = Image.open(io.BytesIO(data))
        image.load()
    except OSError as exc:
        if isinstance(exc, UnidentifiedImageError):
            raise SignError(f"{path}: không phải tệp ảnh đọc được; NĐ30 yêu cầu ảnh PNG nền trong suốt") from None
        raise SignError(f"không đọc được ảnh {path}: {exc.strerror or exc}") from None
    if image.format != "PNG":
        raise SignError(f"{path}: ảnh {image.format}; NĐ30 yêu cầu ảnh PNG nền trong suốt")
    warnings = []
    rgba = image.convert("RGBA")
    alpha = rgba.getchannel("A")
    if alpha.getextrema()[0] == 255:
        warnings.append(f"{path.name}: ảnh không có nền trong suốt (NĐ30 yêu cầu PNG nền trong suốt)")
    colour = _ink_colour(rgba)
    wanted = "blue" if role == "signer" else "red"
    if colour is not None and colour != wanted:
        what = "chữ ký phải màu xanh" if role == "signer" else "dấu phải màu đỏ"
        warnings.append(f"{path.name}: màu chủ đạo của ảnh không đúng ({what}, NĐ30)")
    dpi = image.info.get("dpi")
    resolution = float(dpi[0]) if dpi and dpi[0] and float(dpi[0]) > 1 else None
    return Picture(data, image.width, image.height, resolution, tuple(warnings))


def _ink_colour(image: Any) -> str | None:
    """ "blue", "red" or None: which channel dominates the opaque pixels."""
    small = image.copy()
    small.thumbnail((64, 64))
    totals = [0.0, 0.0, 0.0]
    count = 0
    pixels = small.tobytes()  # RGBA, 4 bytes a pixel
    for index in range(0, len(pixels), 4):
        r, g, b, a = pixels[index : index + 4]
        if a > 128 and min(r, g, b) < 200:  # ink, not a white background
            totals[0] += r
            totals[1] += g
            totals[2] += b
            count += 1
    if not count:
        return None
    r, g, b = (t / count for t in totals)
    if b > r + 20 and b > g:
        return "blue"
    if r > b + 20 and r > g + 20:
        return "red"
    return None


# Appearance


@dataclass
class Plan:
    """Where one signature goes: its widget, and inside it the image and the information text."""

    page: int
    widget: Box
    image: Box | None = None
    info_lines: list[str] = field(default_factory=list)
    info: Box | None = None
    warnings: list[str] = field(default_factory=list)


def _top_box(block: Block, x0: float, top: float, width: float, height: float) -> Box:
    """A box given from the page's top (pdfplumber) as a PDF box (origin bottom-left)."""
    return Box(x0, block.page_height - top - height, x0 + width, block.page_height - top)


def _info_lines(lines: Sequence[str], width: float) -> int:
    from ..render.fonts import text_width_pt

    return sum(max(1, -(-int(text_width_pt(line, INFO_SIZE_PT, bold=False)) // int(width))) for line in lines)


def plan_signer(block: Block, picture: Picture | None, width_mm: float | None, name: str, when: dt.datetime) -> Plan:
    """The signer's image, centred between the position line and the name (R-SIGN)."""
    gap = block.gap_bottom - block.gap_top
    if gap < 20:
        raise SignError(f"khoảng giữa chức vụ và họ tên chỉ {gap:.0f} pt, không đủ chỗ cho chữ ký")
    max_w = (block.column_x1 - block.column_x0) * MAX_IMAGE_SHARE
    max_h = gap - 2 * PAD_PT
    middle = (block.gap_top + block.gap_bottom) / 2
    warnings: list[str] = []
    if picture is None:
        lines = ["Đã ký số", name, iso(when)]
        height = min(max_h, len(lines) * INFO_LEADING_PT + 4)
        box = _top_box(block, block.centre_x - max_w / 2, middle - height / 2, max_w, height)
        return Plan(block.page, box, None, lines, box)
    size = picture.real_size_pt(width_mm)
    if size is None or size[0] > max_w or size[1] > max_h:
        if size is not None:
            warnings.append(
                f"ảnh chữ ký thật ({size[0] / MM:.0f} × {size[1] / MM:.0f} mm) lớn hơn khoảng giữa chức vụ và họ tên; "
                "đã thu nhỏ cho vừa"
            )
        scale = min(max_w / picture.width_px, max_h / picture.height_px)
        size = (picture.width_px * scale, picture.height_px * scale)
    width, height = size
    box = _top_box(block, block.centre_x - width / 2, middle - height / 2, width, height)
    return Plan(block.page, box, box, warnings=warnings)


def plan_issuer(
    block: Block, signer_widget: Box, picture: Picture | None, width_mm: float | None, body: str, when: dt.datetime
) -> Plan:
    """The seal at real size over the left third of the signer's image (R-SEAL); the body and time below.

    The seal stays in the signature column (the right cell of the signer block): where covering a
    third would reach into the Nơi nhận column, it moves right, and covers more; where even that
    is not enough (a narrow column, a wide seal), it says so."""
    lines = [f"Ký bởi: {body}", f"Thời gian ký: {iso(when)}"]
    column = block.column_x1 - block.column_x0
    image = None
    warnings: list[str] = []
    seal_bottom_top = block.name_bottom  # in top-based coordinates: how low the seal reaches
    if picture is not None:
        size = picture.real_size_pt(width_mm)
        if size is None:
            raise SignError(
                "ảnh dấu không ghi độ phân giải (DPI), nên không biết kích thước thật; "
                "hãy cho biết đường kính dấu: --size-mm 36"
            )
        width, height = size
        right = signer_widget.x0 + signer_widget.width / 3
        if right - width < block.column_x0:
            # The seal would reach into the left column (Nơi nhận): it moves right, into the
            # signature column, covering more of the signer's image than a third.
            right = block.column_x0 + width
        covered = min(right, signer_widget.x1) - signer_widget.x0
        if right > block.column_x1 + 0.01:
            warnings.append(
                f"dấu rộng {width / MM:.0f} mm, rộng hơn cột chữ ký ({column / MM:.0f} mm): "
                "hình dấu lấn ra ngoài cột chữ ký"
            )
        elif signer_widget.width and covered > signer_widget.width * MAX_SEAL_COVER:
            warnings.append(
                f"cột chữ ký hẹp: để dấu ({width / MM:.0f} mm) không lấn sang cột “Nơi nhận”, dấu trùm lên "
                f"{round(100 * covered / signer_widget.width)}% hình chữ ký (NĐ30: khoảng 1/3 về bên trái)"
            )
        centre_y = (signer_widget.y0 + signer_widget.y1) / 2
        image = Box(right - width, centre_y - height / 2, right, centre_y + height / 2)
        seal_bottom_top = max(seal_bottom_top, block.page_height - image.y0)
    info_height = _info_lines(lines, column) * INFO_LEADING_PT + 2
    info = _top_box(block, block.column_x0, seal_bottom_top + 3, column, info_height)
    widget = image.union(info) if image else info
    if widget.x0 < 0 or widget.y0 < 0 or widget.x1 > block.page_width or widget.y1 > block.page_height:
        warnings.append("hình dấu hoặc dòng thông tin ký số vượt ra ngoài trang")
    return Plan(block.page, widget, image, lines, info, warnings)


def appearance_pdf(plan: Plan, picture: Picture | None) -> bytes:
    """The widget's appearance as a one-page PDF of the widget's size, drawn by WeasyPrint."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    from ..render import fonts

    face = fonts.serif()
    widget = plan.widget
    image_url = "notice-gen:image.png"

    class OnlyTheImage(URLFetcher):
        """The page reads one thing, the PNG given; nothing from disk or network."""

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            if url == image_url and picture is not None:
                return URLFetcherResponse(url, body=picture.png, headers={"Content-Type": "image/png"})
            raise FatalURLFetchingError(f"hình chữ ký không được đọc {url}")

    def place(box: Box) -> str:
        return (
            f"left: {box.x0 - widget.x0:.3f}pt; top: {widget.y1 - box.y1:.3f}pt; "
            f"width: {box.width:.3f}pt; height: {box.height:.3f}pt"
        )

    parts = []
    if plan.image is not None and picture is not None:
        parts.append(f'<img src="{image_url}" style="{place(plan.image)}">')
    if plan.info is not None and plan.info_lines:
        text = "<br>".join(html.escape(line) for line in plan.info_lines)
        parts.append(f'<div class="info" style="{place(plan.info)}">{text}</div>')
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><style>
@page {{ size: {widget.width:.3f}pt {widget.height:.3f}pt; margin: 0 }}
html, body {{ margin: 0; padding: 0 }}
body {{ font-family: "{face.family}"; font-size: {INFO_SIZE_PT}pt; line-height: {INFO_LEADING_PT}pt; color: #000 }}
img, .info {{ position: absolute; display: block }}
img {{ image-rendering: crisp-edges }}  /* PDF/A: images are never interpolated */
.info {{ text-align: center }}
</style></head><body>{"".join(parts)}</body></html>"""
    font_config = FontConfiguration()
    document = HTML(string=page, url_fetcher=OnlyTheImage()).render(font_config=font_config)
    for font in document.fonts.values():
        if font.family != face.family or font.missing:
            raise SignError(f"dòng thông tin ký số có ký tự mà phông {face.family} không in được")
    return document.write_pdf(pdf_version="1.7")


# Signing


@dataclass
class Signed:
    role: str
    signer: str
    when: dt.datetime
    page: int
    widget: Box
    image: Box | None
    warnings: list[str]


def load_key(p12: Path, password: str | None) -> Any:
    """The signer (key and certificate) from a PKCS#12 file."""
    try:
        data = p12.read_bytes()
    except OSError as exc:
        raise SignError(f"không đọc được tệp khóa {p12}: {exc.strerror or exc}") from None
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, [], passphrase=password.encode() if password else None)
    except ValueError:
        raise SignError(
            f"{p12}: không mở được tệp khóa PKCS#12 (sai mật khẩu, hoặc không phải tệp .p12/.pfx)"
        ) from None


@contextmanager
def pkcs11_key(
    module: Path, token_label: str, key_label: str, pin: str, cert_label: str | None = None
) -> Iterator[Any]:
    """The signer (key and certificate) on a USB token or HSM, reached through its PKCS#11 module.

    The key never leaves the token: pyHanko's PKCS11Signer asks the token to sign the digest.
    The token is chosen by its label (a list position would change when another token is
    plugged in); the certificate has the key's label unless ``cert_label`` says otherwise, and
    every other certificate on the token (the CA chain) is embedded with the signature. The
    session is closed when the block ends."""
    from pkcs11 import exceptions as p11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.pkcs11 import PKCS11Error, PKCS11Signer, open_pkcs11_session

    if not module.is_file():
        raise SignError(f"không có tệp PKCS#11 module {module} (thư viện .so của USB token, do hãng token cung cấp)")
    try:
        session = open_pkcs11_session(str(module), token_criteria=TokenCriteria(label=token_label), user_pin=pin)
    except (p11.PinIncorrect, p11.PinInvalid, p11.PinLenRange):
        raise SignError(f"token “{token_label}”: sai mã PIN (token có thể tự khóa sau vài lần sai)") from None
    except p11.PinLocked:
        raise SignError(f"token “{token_label}” đã bị khóa PIN; cần mã PUK hoặc nơi cấp token mở khóa") from None
    except PKCS11Error:
        raise SignError(
            f"không thấy token có nhãn “{token_label}” qua {module} (token đã cắm chưa? nhãn đúng chưa? "
            "xem bằng: pkcs11-tool --module <module> --list-token-slots)"
        ) from None
    except (OSError, RuntimeError, p11.PKCS11Error) as exc:
        raise SignError(f"không dùng được PKCS#11 module {module}: {type(exc).__name__} {exc}") from None
    try:
        signer = PKCS11Signer(
            session, key_label=key_label, cert_label=cert_label or key_label, other_certs_to_pull=None
        )
        try:
            signer.signing_cert  # noqa: B018 -- loads key and certificate now, so a wrong label is told here
        except (PKCS11Error, SigningError, p11.PKCS11Error):
            raise SignError(
                f"token “{token_label}” không có khóa và chứng thư nhãn “{key_label}”"
                + (f" / “{cert_label}”" if cert_label else "")
                + " (xem bằng: pkcs11-tool --module <module> --login --list-objects)"
            ) from None
        yield signer
    finally:
        session.close()


def subject_name(cert: Any, *, organisation: bool = False) -> str:
    """The certificate's common name, or its organisation when asked and present."""
    subject = cert.subject.native
    if organisation and subject.get("organization_name"):
        value = subject["organization_name"]
    else:
        value = subject.get("common_name") or subject.get("organization_name") or cert.subject.human_friendly
    return value if isinstance(value, str) else ", ".join(value)


def sign(
    path: Path,
    out: Path,
    *,
    key: Any,
    role: str,
    image: Path | None,
    width_mm: float | None = None,
    when: dt.datetime | None = None,
) -> Signed:
    """Add one PAdES signature to ``path`` as an incremental update, written atomically to ``out``.

    ``key`` is what ``load_key`` returns."""
    if role not in ROLES:
        raise SignError(f"vai trò “{role}” không có; chọn signer (người ký) hoặc issuer (cơ quan ban hành)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SignError(f"không đọc được {path}: {exc.strerror or exc}") from None
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        existing = _signature_fields(reader)
        empty = _signature_fields(reader, filled=False)
        office = office_fields(reader)
    except (PdfError, ValueError, KeyError) as exc:
        raise SignError(f"{path}: không đọc được PDF ({exc})") from None
    if FIELDS[role] in existing:
        raise SignError(f"{path}: văn bản đã có chữ ký của {ROLE_NAMES[role]}")
    if role == "signer" and FIELDS["issuer"] in existing:
        raise SignError(f"{path}: cơ quan ban hành đã ký; người ký phải ký trước")
    if role == "issuer" and FIELDS["signer"] not in existing:
        raise SignError(
            f"{path}: văn bản chưa có chữ ký của người ký; NĐ30: người có thẩm quyền ký trước, "
            "Văn thư ký số của cơ quan sau"
        )
    if office:
        _office_order(path, role, office)  # a copy from `prepare`: number and date come between the signatures
    else:
        refuse_draft(path)
    picture = read_picture(image, role) if image else None
    when = (when or dt.datetime.now(VIETNAM)).astimezone(VIETNAM).replace(microsecond=0)
    cert = key.signing_cert
    refuse_certificate(cert, when)
    block = find_block(path)
    reserved: Box | None = None
    if role == "signer":
        plan = plan_signer(block, picture, width_mm, subject_name(cert), when)
        if office:
            reserved = reserve_issuer(block, plan.widget)
    else:
        plan = plan_issuer(
            block, existing[FIELDS["signer"]], picture, width_mm, subject_name(cert, organisation=True), when
        )
        if FIELDS["issuer"] in empty:  # the place the signer's certification left for the seal
            plan.widget = _within(plan.widget, empty[FIELDS["issuer"]])
    appearance = appearance_pdf(plan, picture)

    class AtTime(signers.PdfSigner):
        """pyHanko takes the signing time from the clock when the session starts; the appearance
        already shows ``when``, so the signed signingTime attribute and /M must be that time."""

        def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = when
            return session

    # The signer of a prepared copy certifies it (DocMDP): from then on only form filling and signing
    # are allowed, and of the fields only the office's number, date and seal may change (FieldMDP).
    certify = role == "signer" and bool(office)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELDS[role],
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=REASONS[role],
        certify=certify,
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
    )
    widget = plan.widget
    spec = None
    if FIELDS[role] not in empty:
        spec = fields.SigFieldSpec(
            FIELDS[role],
            on_page=plan.page,
            box=(widget.x0, widget.y0, widget.x1, widget.y1),
            readable_field_name=FIELD_LABELS[role],
            field_mdp_spec=(
                fields.FieldMDPSpec(fields.FieldMDPAction.EXCLUDE, [*OFFICE_FIELDS, FIELDS["issuer"]])
                if certify
                else None
            ),
            doc_mdp_update_value=fields.MDPPerm.FILL_FORMS if certify else None,
        )
    style = StaticStampStyle(
        background=_ImportedAppearance(appearance),
        border_width=0,
        background_opacity=1.0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MIN,
            margins=layout.Margins.uniform(0),
        ),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    writer._update_meta = lambda: None  # keep Info and XMP as they are: see the module docstring
    if reserved is not None:
        # The seal's place exists before the certification: a new visible signature field after
        # a certification signature is refused by pyHanko's validation (stricter than Acrobat).
        fields.append_signature_field(
            writer,
            fields.SigFieldSpec(
                FIELDS["issuer"],
                on_page=plan.page,
                box=(reserved.x0, reserved.y0, reserved.x1, reserved.y1),
                readable_field_name=FIELD_LABELS["issuer"],
            ),
        )
    try:
        signed = AtTime(meta, signer=key, stamp_style=style, new_field_spec=spec).sign_pdf(writer)
    except (PdfError, ValueError) as exc:
        raise SignError(f"{path}: không ký được ({exc})") from None
    _write(out, signed.getvalue())
    return Signed(
        role, subject_name(cert), when, plan.page, widget, plan.image, [*picture_warnings(picture), *plan.warnings]
    )


def refuse_certificate(cert: Any, when: dt.datetime) -> None:
    """A signature is only as good as its certificate: one that is not valid now (or at ``when``),
    a CA's, a self-signed one, or one whose key usage excludes signing is refused before signing."""
    name = subject_name(cert)
    now = dt.datetime.now(VIETNAM)
    start, end = cert.not_valid_before, cert.not_valid_after
    for moment, what in ((now, "hôm nay"), (when, f"lúc ký {iso(when)}")):
        if moment < start:
            raise SignError(
                f"chứng thư số của “{name}” chưa có hiệu lực {what} (hiệu lực từ {iso(start)}); không ký được"
            )
        if moment > end:
            raise SignError(f"chứng thư số của “{name}” đã hết hạn {what} (hết hạn {iso(end)}); hãy gia hạn chứng thư")
    if cert.ca:
        raise SignError(
            f"chứng thư số của “{name}” là chứng thư của tổ chức cấp chứng thư (CA), không dùng để ký văn bản"
        )
    if cert.self_issued:
        raise SignError(
            f"chứng thư số của “{name}” là chứng thư tự ký (không do tổ chức cung cấp dịch vụ chứng thực cấp); "
            "chữ ký như vậy không ai kiểm chứng được"
        )
    usage = cert.key_usage_value
    if usage is not None and not {"digital_signature", "non_repudiation"} & set(usage.native):
        raise SignError(
            f"chứng thư số của “{name}” không dùng để ký ({', '.join(sorted(usage.native))}); "
            "cần chứng thư có mục đích ký số (digitalSignature hoặc nonRepudiation)"
        )


def reserve_issuer(block: Block, signer_widget: Box) -> Box:
    """Where the issuing body's seal and signing information may go, fixed when the signer certifies
    a prepared copy: exactly the area `verify` lets the seal change (visual.issuer_area, R-SEAL), so
    the place kept and the place checked are one rule."""
    from . import visual

    geometry = visual.Geometry(b"", block, signer_widget=visual.Area(block.page, signer_widget))
    (area,) = visual.issuer_area(geometry, FIELDS["issuer"])
    return area.box


def _within(widget: Box, place: Box) -> Box:
    """The issuer's appearance drawn in the place kept for it; what does not fit is refused."""
    slack = 0.5
    if (
        widget.x0 < place.x0 - slack
        or widget.y0 < place.y0 - slack
        or widget.x1 > place.x1 + slack
        or widget.y1 > place.y1 + slack
    ):
        raise SignError(
            f"hình dấu và dòng thông tin ký số ({widget.width / MM:.0f} × {widget.height / MM:.0f} mm) vượt ra ngoài "
            f"chỗ dành cho cơ quan ban hành khi người ký ký ({place.width / MM:.0f} × {place.height / MM:.0f} mm); "
            "dấu lớn nhất là 45 mm"
        )
    return place


def _office_order(path: Path, role: str, office: dict[str, Any]) -> None:
    """A prepared copy: the signer signs it with the number and date still blank (the office fills
    them after, NĐ30 Điều 15.2); the issuing body signs only once they are filled."""
    filled = [name for name, (value, _place, _ref) in office.items() if value]
    if role == "signer" and filled:
        raise SignError(f"{path}: Văn thư đã điền số, ngày; người có thẩm quyền phải ký trước khi cấp số")
    if role == "issuer" and len(filled) < len(office):
        raise SignError(
            f"{path}: chưa có số, ngày ban hành; Văn thư cấp số trước (notice-gen issue {path.name}), rồi mới ký số "
            "của cơ quan"
        )


def refuse_draft(path: Path) -> None:
    """A draft is never signed: the checker's reading (``check_file(...).draft``) finds the
    "DỰ THẢO" mark or a blank number or date."""
    from ..check import check_file

    if check_file(path).draft:
        raise SignError(
            f"{path}: đây là bản dự thảo (có dấu “DỰ THẢO”, hoặc số, ngày ban hành còn để trống); "
            "không ký số dự thảo. Hãy cấp số bằng notice-gen issue rồi ký bản đã cấp số"
        )


def picture_warnings(picture: Picture | None) -> list[str]:
    return list(picture.warnings) if picture else []


class _ImportedAppearance(content.PdfContent):
    """Page 1 of an in-memory PDF as a form XObject: pyHanko's ImportedPdfPage, but from bytes."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.data = data

    def render(self) -> bytes:
        xobject = self._ensure_writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.data)), page_ix=0)
        self.resources.xobject["/NoticeGenAppearance"] = xobject
        x0, y0, x1, y1 = xobject.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x1 - x0), height=abs(y1 - y0))
        return b"/NoticeGenAppearance Do"


def _signature_fields(reader: Any, *, filled: bool = True) -> dict[str, Box]:
    """Name → widget rectangle of every signature field that is signed (or, ``filled=False``, still empty)."""
    out = {}
    for name, _value, ref in fields.enumerate_sig_fields(reader, filled_status=filled):
        rect = ref.get_object().get("/Rect")
        if rect is None and "/Kids" in ref.get_object():
            rect = ref.get_object()["/Kids"][0].get_object().get("/Rect")
        if rect is not None:
            x0, y0, x1, y1 = (float(v) for v in rect)
            out[name] = Box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        else:
            out[name] = Box(0, 0, 0, 0)
    return out


def _write(out: Path, data: bytes) -> None:
    """Whole or nothing: a temporary file beside ``out``, then a rename over it."""
    from ..render.output import temporary_prefix

    out = out.parent.resolve() / out.name  # never through a symlink: the link itself is replaced
    handle, name = tempfile.mkstemp(dir=out.parent, prefix=temporary_prefix(out), suffix=".tmp")
    try:
        mode = out.stat().st_mode & 0o777 if out.exists() else 0o666 & ~_umask()
        os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(name, out)
    except OSError as exc:
        Path(name).unlink(missing_ok=True)
        raise SignError(f"không ghi được {out}: {exc.strerror or exc}") from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# Verifying


@dataclass
class Report:
    """One signature, as `verify` prints it."""

    field: str
    role: str | None
    signer: str
    organisation: str | None
    when: dt.datetime | None
    intact: bool
    valid: bool
    trusted: bool
    modified_after: str  # "không", "chỉ thêm chữ ký hoặc điền biểu mẫu", "có: …"
    acceptable: bool
    summary: str
    self_signed: bool = False  # never trusted, whatever roots were given

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.acceptable


OFFICE_STEP = "Văn thư điền số, ngày"
ACCEPTED = ("không", "chỉ", OFFICE_STEP)  # how an acceptable "sửa sau khi ký" begins


def _after(status: Any, office: dict[str, str]) -> str:
    """What was added after this signature, in words: nothing; only later signatures; the office's
    number and date (a prepared copy: the permitted step between the two signatures); or a change."""
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    level = status.modification_level
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return "không"
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return "có: chữ ký không phủ toàn bộ văn bản"
    if level is None or level.name not in ("LTA_UPDATES", "FORM_FILLING"):
        return "có: văn bản bị sửa sau khi ký" + (f" ({CHANGE_WORDS[level.name]})" if level is not None else "")
    # What the filling and the later signatures show on the page is judged by visual.py (verify),
    # against the one list of permitted areas; here it is only named.
    changed = set(getattr(status.diff_result, "changed_form_fields", None) or ())
    filled = [office[name] for name in OFFICE_FIELDS if name in changed and name in office]
    if filled:
        signed = " Sau đó có chữ ký khác (được phép)." if changed - set(OFFICE_FIELDS) else ""
        return f"{OFFICE_STEP} (được phép): “{'”, “'.join(filled)}”.{signed}"
    return "chỉ thêm chữ ký sau đó (được phép)"


def verify(path: Path, trust: Sequence[Path] = ()) -> list[Report]:
    """Every signature of ``path``, checked for integrity, and for changes made after it."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = []
    for item in trust:
        try:
            roots.append(load_cert_from_pemder(str(item)))
        except (OSError, ValueError) as exc:
            raise SignError(f"không đọc được chứng thư gốc {item}: {exc}") from None
    try:
        stream = io.BytesIO(path.read_bytes())
    except OSError as exc:
        raise SignError(f"không đọc được {path}: {exc.strerror or exc}") from None
    try:
        reader = PdfFileReader(stream, strict=False)
        signatures = list(reader.embedded_signatures)
        office = {name: value for name, (value, _place, _ref) in office_fields(reader).items() if value}
    except (PdfError, ValueError, KeyError) as exc:
        raise SignError(f"{path}: không đọc được PDF ({exc})") from None
    reports = []
    roles = {value: key for key, value in FIELDS.items()}
    seen = _seen_changes(stream.getvalue(), signatures)
    for signature in signatures:
        context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
        try:
            status = validate_pdf_signature(signature, context)
        except Exception as exc:  # a malformed signature is reported as broken, not raised
            reports.append(
                Report(
                    signature.field_name,
                    roles.get(signature.field_name),
                    "?",
                    None,
                    None,
                    False,
                    False,
                    False,
                    "không xác định",
                    False,
                    f"không kiểm tra được ({type(exc).__name__}: {exc})",
                )
            )
            continue
        cert = status.signing_cert
        after = _after(status, office)
        if after.startswith(ACCEPTED) and seen.get(signature.field_name):
            after = "có: " + seen[signature.field_name]
        when = status.signer_reported_dt
        reports.append(
            Report(
                field=signature.field_name,
                role=roles.get(signature.field_name),
                signer=subject_name(cert),
                organisation=cert.subject.native.get("organization_name"),
                when=when.astimezone(VIETNAM) if when else None,
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted) and not cert.self_issued,
                modified_after=after,
                acceptable=after.startswith(ACCEPTED) and status.docmdp_ok is not False,
                summary=status.summary(),
                self_signed=bool(cert.self_issued),
            )
        )
    return reports


def _seen_changes(data: bytes, signatures: Sequence[Any]) -> dict[str, str]:
    """Field name → what a later revision shows outside NĐ30's signature places (visual.py), for
    each signature made before such a revision. Pages that cannot be drawn count as changed."""
    from . import visual

    ends = sorted({end for s in signatures if (end := _signed_end(s)) is not None})
    states = [data[:end] for end in ends]
    if len(data) > (ends[-1] if ends else 0):
        states.append(data)
    try:
        found = visual.changes(states)
    except Exception as exc:  # PDFium or pypdf cannot read a revision: nothing can be vouched for
        return {s.field_name: f"không vẽ lại được các trang để so sánh ({type(exc).__name__})" for s in signatures}
    out: dict[str, str] = {}
    for signature in signatures:
        end = _signed_end(signature)
        if end is None:
            continue
        covered = ends.index(end)
        later = [change for change in found if change.revision > covered]
        if later:
            out[signature.field_name] = later[0].describe()
    return out


def _signed_end(signature: Any) -> int | None:
    """Where the revision a signature covers ends (its /ByteRange's last byte), or None if malformed."""
    try:
        values = [int(value) for value in signature.byte_range]
    except (TypeError, ValueError):
        return None
    return values[2] + values[3] if len(values) == 4 else None
