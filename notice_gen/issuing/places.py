"""Where NĐ30 puts the signatures on a page: the signer block, as the checker reads it from the
PDF, and the names of the signature fields. Shared by signing (where to draw) and the visual
comparison of `verify` (where a later revision may draw), so neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import NoticeError

FIELDS = {"signer": "NguoiKy", "issuer": "CoQuanBanHanh"}


class SignError(NoticeError):
    """Signing or verifying cannot go on; the message says why, in Vietnamese."""



@dataclass(frozen=True)
class Block:
    """The signer block on its page, in points from the page's top-left corner (pdfplumber's)."""

    page: int  # 0-based
    page_width: float
    page_height: float
    column_x0: float
    column_x1: float
    gap_top: float  # bottom of the position line
    gap_bottom: float  # top of the name
    name_bottom: float

    @property
    def centre_x(self) -> float:
        return (self.column_x0 + self.column_x1) / 2


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF user space (origin bottom-left)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def union(self, other: Box) -> Box:
        return Box(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1))


def find_block(path: Path) -> Block:
    """The signer block, from the checker's reading of the PDF (no second parser)."""
    from ..check import parts as part_finder
    from ..check import pdf_reader

    try:
        observed, _findings = pdf_reader.read(path)
    except Exception as exc:  # pdfminer's own errors: a broken or encrypted file
        raise SignError(f"{path}: không đọc được PDF ({type(exc).__name__}: {exc})") from None
    found = part_finder.recognise(observed.paras)
    lines = found.position or found.authority
    name = found.signer_name
    if not lines or name is None or name.page is None or lines[-1].page != name.page:
        raise SignError(
            f"{path}: không tìm thấy khối chữ ký (chức vụ rồi họ tên người ký) trong PDF; "
            "chỉ ký được thông báo có khối chữ ký theo Mẫu 1.4"
        )
    above = lines[-1]
    assert above.bottom is not None and name.top is not None and name.bottom is not None
    centre = name.centre if name.centre is not None else 0.0
    right = observed.column_centres.get("right", centre)
    half = max(right - centre, (above.x1 or centre) - centre, (name.x1 or centre) - centre)
    from pypdf import PdfReader

    page = PdfReader(path).pages[name.page - 1]
    return Block(
        page=name.page - 1,
        page_width=float(page.mediabox.width),
        page_height=float(page.mediabox.height),
        column_x0=centre - half,
        column_x1=centre + half,
        gap_top=above.bottom,
        gap_bottom=name.top,
        name_bottom=name.bottom,
    )
