"""The copy for signing (`notice-gen prepare`) and the office's filling of its number and date.

NĐ30 Điều 15: the number and the date come after the competent person signs,
and the office signs only what already carries that signature (Điều 32.2.d).
So the copy for signing is the final layout with ô 3 (số, ký hiệu) and ô 4
(địa danh, ngày tháng năm) left to the office, as two PDF text fields placed
exactly where the template prints those lines:

* the page is laid out once by the template, with the two lines hidden
  (``visibility: hidden`` moves nothing else), and WeasyPrint's layout gives
  the box of each line: that box is the field's rectangle;
* what the field shows is the same page laid out with only those two lines
  visible, imported as a form XObject and clipped to the field's box. Before
  issue that is the blank line ("Số:      /TB-BTTTT"); `issue` lays out the
  notice again with its number and date and puts the new lines in the same
  boxes. Typography comes from the template, never from code here.

The fields are read-only for viewers (nobody types a number in a PDF reader);
`issue` fills them in an incremental update, which keeps the signer's
signature valid: the signer's certification (DocMDP, form filling allowed)
permits exactly that, and `verify` names the step ("Văn thư điền số, ngày").
Signature places and these two fields are the only areas where anything may be
added after the signer's signature: ``visual.PERMITTED_AREAS`` is that one list.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from ..errors import RenderError

# Field name → the template's class for the line (templates/*/notice.html: p.number, p.date).
OFFICE_FIELDS = {"SoKyHieu": "number", "NgayBanHanh": "date"}
OFFICE_LABELS = {
    "SoKyHieu": "Số, ký hiệu văn bản (ô 3): Văn thư điền khi ban hành",
    "NgayBanHanh": "Địa danh, ngày tháng năm ban hành (ô 4): Văn thư điền khi ban hành",
}
HIDE_CSS = ".number, .date { visibility: hidden }"
ONLY_CSS = "body * { visibility: hidden } .number, .number *, .date, .date * { visibility: visible }"
PX = 0.75  # WeasyPrint lays out in CSS px; a PDF point is 4/3 px
READ_ONLY = 1  # /Ff bit 1: viewers do not let anyone type into the field


@dataclass(frozen=True)
class Place:
    """A field's widget: page (0-based) and rectangle in PDF points, origin bottom-left."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float


def places(document: Any) -> dict[str, Place]:
    """Where the template's number and date lines are, from WeasyPrint's layout of ``document``
    (its page boxes: WeasyPrint is pinned, pyproject.toml)."""
    from weasyprint.formatting_structure.boxes import BlockBox

    found: dict[str, Place] = {}
    classes = {css: name for name, css in OFFICE_FIELDS.items()}
    for index, page in enumerate(document.pages):
        height = page.height
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or not isinstance(box, BlockBox):
                continue
            name = next((classes[c] for c in (element.get("class") or "").split() if c in classes), None)
            if name is None or name in found:
                continue
            x, y = box.border_box_x(), box.border_box_y()
            found[name] = Place(
                index, x * PX, (height - y - box.border_height()) * PX, (x + box.border_width()) * PX, (height - y) * PX
            )
    missing = [OFFICE_FIELDS[name] for name in OFFICE_FIELDS if name not in found]
    if missing:
        raise RenderError(
            "mẫu không có dòng " + ", ".join(f"class “{c}”" for c in missing) + " (số, ký hiệu và ngày tháng, "
            "ô 3 và ô 4); prepare cần chúng để đặt ô số và ngày cho Văn thư (docs/templates.md)"
        )
    return found


def add_fields(page_pdf: bytes, lines_pdf: bytes, where: dict[str, Place]) -> bytes:
    """The page PDF with the two office fields, showing the lines of ``lines_pdf`` in their boxes.

    The same inputs give the same bytes: the update's document ID (pyHanko draws it at random) is
    taken from the two PDFs' SHA-256, so a copy for signing can be made again and compared."""
    writer = _writer(page_pdf)
    first = writer._document_id[0]
    digest = hashlib.sha256(page_pdf + lines_pdf).digest()[:16]
    writer._document_id = generic.ArrayObject([first, generic.ByteStringObject(digest)])
    lines = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(lines_pdf), strict=False), page_ix=0)
    fields = generic.ArrayObject()
    for name, place in where.items():
        page_ref = writer.find_page_for_modification(place.page)[0]
        widget = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/Widget"),
                pdf_name("/FT"): pdf_name("/Tx"),
                pdf_name("/T"): generic.TextStringObject(name),
                pdf_name("/TU"): generic.TextStringObject(OFFICE_LABELS[name]),
                pdf_name("/Ff"): generic.NumberObject(READ_ONLY),
                pdf_name("/F"): generic.NumberObject(4),  # Print (PDF/A)
                pdf_name("/P"): page_ref,
                pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in _rect(place)),
                pdf_name("/AP"): generic.DictionaryObject({pdf_name("/N"): _appearance(writer, lines, place)}),
            }
        )
        widget_ref = writer.add_object(widget)
        writer.register_annotation(page_ref, widget_ref)
        fields.append(widget_ref)
    writer.root[pdf_name("/AcroForm")] = writer.add_object(generic.DictionaryObject({pdf_name("/Fields"): fields}))
    writer.update_root()
    return _written(writer)


def office_fields(reader: PdfFileReader) -> dict[str, tuple[str | None, Place, Any]]:
    """Name → (value or None, place, reference) of the office fields a prepared PDF carries."""
    found: dict[str, tuple[str | None, Place, Any]] = {}
    try:
        form = reader.root["/AcroForm"]
        refs = form["/Fields"]
    except KeyError:
        return found
    pages = {page.idnum: index for index, page in enumerate(_page_refs(reader))}
    for ref in refs:
        field = ref.get_object()
        name = str(field.get("/T", ""))
        if name not in OFFICE_FIELDS or field.get("/FT") != "/Tx":
            continue
        x0, y0, x1, y1 = (float(v) for v in field["/Rect"])
        page = field.get("/P")
        index = pages.get(page.idnum, 0) if isinstance(page, generic.IndirectObject) else 0
        value = field.get("/V")
        found[name] = (str(value) if value else None, Place(index, x0, y0, x1, y1), ref)
    return found


def fill(data: bytes, lines_pdf: bytes, values: dict[str, str], where: dict[str, Place]) -> bytes:
    """The office's step: each field gets its value and, as its appearance, the issued lines
    (``lines_pdf``: the notice with its number and date, only those lines visible), in an
    incremental update that changes nothing else. ``where`` is the issued layout's boxes: it
    must be the prepared one (the same lines in the same places), or nothing is filled."""
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    fields = office_fields(reader)
    writer = _writer(data)
    lines = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(lines_pdf), strict=False), page_ix=0)
    for name, (value, place, ref) in fields.items():
        if value is not None:
            raise RenderError(f"ô {OFFICE_LABELS[name].split(':')[0]} đã được điền (“{value}”)")
        new = where[name]
        if new.page != place.page or max(abs(a - b) for a, b in zip(_rect(new), _rect(place), strict=True)) > 0.5:
            raise RenderError(
                f"dòng {OFFICE_LABELS[name].split(':')[0]} khi có số và ngày không còn nằm đúng ô đã dành cho nó "
                "(mẫu hoặc phiên bản notice-gen đã đổi từ lúc prepare?)"
            )
        field = ref.get_object()
        field[pdf_name("/V")] = generic.TextStringObject(values[name])
        field[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): _appearance(writer, lines, place)})
        writer.mark_update(ref)
    return _written(writer)


def _rect(place: Place) -> tuple[float, float, float, float]:
    return (round(place.x0, 3), round(place.y0, 3), round(place.x1, 3), round(place.y1, 3))


def _appearance(writer: IncrementalPdfFileWriter, lines: Any, place: Place) -> Any:
    """A form XObject of the field's size drawing the lines page, moved so the field's box is at the
    origin; the BBox clips everything outside the box."""
    x0, y0, x1, y1 = _rect(place)
    stream = generic.StreamObject(
        {
            pdf_name("/Type"): pdf_name("/XObject"),
            pdf_name("/Subtype"): pdf_name("/Form"),
            pdf_name("/BBox"): generic.ArrayObject(generic.FloatObject(v) for v in (0, 0, x1 - x0, y1 - y0)),
            pdf_name("/Resources"): generic.DictionaryObject(
                {pdf_name("/XObject"): generic.DictionaryObject({pdf_name("/Lines"): lines})}
            ),
        },
        stream_data=f"q 1 0 0 1 {-x0:.3f} {-y0:.3f} cm /Lines Do Q".encode(),
    )
    return writer.add_object(stream)


def _page_refs(reader: PdfFileReader) -> list[Any]:
    return [reader.find_page_for_modification(i)[0] for i in range(int(reader.root["/Pages"]["/Count"]))]


def _writer(data: bytes) -> IncrementalPdfFileWriter:
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    writer._update_meta = lambda: None  # Info and XMP stay as they are: PDF/A (signing.py says why)
    return writer


def _written(writer: IncrementalPdfFileWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
