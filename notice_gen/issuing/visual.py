"""What the pages of a signed PDF show, before and after each later revision: `verify`'s eyes.

A PAdES signature covers the bytes of its revision; later incremental updates are
allowed to add signatures and fill forms, and pyHanko's difference analysis
judges those updates by their PDF structure. Structure is not what a reader
sees: a signature field added later may carry any appearance, e.g. a white box
with new text over a task line, and still pass as "only a signature was added".

So `verify` also looks. Each signed revision and the whole file are rendered with
PDFium, page by page, and each revision is compared with the one before it,
pixel by pixel, everywhere but the areas that revision was allowed to change:

* the signer's signature (field ``NguoiKy``): the signer column between the
  position line and the name (R-SIGN);
* the issuing body's seal (field ``CoQuanBanHanh``): the seal over the left third
  of the signer's image, with the signing information under the name (R-SEAL);
* whatever else ``PERMITTED_AREAS`` names: a field (a text field filled, a
  signature field signed) mapped to where its change may show. The issuing flow
  that fills the number (ô 3) and the date (ô 4) after the signer signs adds its
  fields here, with ``field_as_signed`` (the field's own widget as the first
  signature saw it).

The areas come from the first signed revision, never from the later one: an
attacker chooses a new widget's rectangle, not where NĐ30 puts signatures.
A change of a field no rule names gets no area at all, so any appearance it
draws is a change. Anything seen outside the areas marks every signature made
before that revision as modified.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .places import FIELDS, Block, Box
from .prepared import OFFICE_FIELDS

SCALE = 2.0  # 144 dpi: one printed digit is about 20 pixels high
PAD_PX = 2  # anti-aliased edges of an allowed area
MAX_SEAL_MM = 45  # a seal is at most this wide and high (the usual sizes are 30–42 mm)
INFO_HEIGHT_PT = 4 * 12 + 8  # the issuer's lines under the name: up to four lines of 12 pt, and the gap above
TOLERANCE = 24  # a pixel channel may move this much (0–255) before it counts as changed


@dataclass(frozen=True)
class Area:
    """A rectangle on one page (0-based), in PDF user space."""

    page: int
    box: Box


@dataclass
class Geometry:
    """Where things stand in the first signed revision: what later revisions are measured against."""

    data: bytes  # the first signed revision's bytes
    block: Block | None  # the signer block (position, name), if the checker found one
    widgets: dict[str, Area] = field(default_factory=dict)  # every field's widget in that revision
    signer_widget: Area | None = None  # the signer's signature, once signed (in the revision that signed it)


# A rule: given the geometry and the field's name, the areas a change of that field may show in.
AreaRule = Callable[[Geometry, str], list[Area]]


def signer_area(geometry: Geometry, _name: str) -> list[Area]:
    """R-SIGN: the signer column between the position line and the name."""
    block = geometry.block
    if block is None:
        return []
    top = block.page_height - block.gap_top
    bottom = block.page_height - block.gap_bottom
    return [Area(block.page, Box(block.column_x0, bottom, block.column_x1, top))]


def issuer_area(geometry: Geometry, _name: str) -> list[Area]:
    """R-SEAL: the seal, centred on the signer's image over its left third, and the lines under the name.

    The seal's real size is not known before it is placed, so the area is what any seal up to
    MAX_SEAL_MM may cover, kept to the signature column."""
    block = geometry.block
    if block is None:
        return []
    seal = MAX_SEAL_MM * 72 / 25.4
    if geometry.signer_widget is not None:
        centre = (geometry.signer_widget.box.y0 + geometry.signer_widget.box.y1) / 2
    else:
        centre = block.page_height - (block.gap_top + block.gap_bottom) / 2
    top = centre + seal / 2
    lowest = min(centre - seal / 2, block.page_height - block.name_bottom)
    return [Area(block.page, Box(block.column_x0, lowest - INFO_HEIGHT_PT, block.column_x1, top))]


def field_as_signed(geometry: Geometry, name: str) -> list[Area]:
    """A field that the first signature already covered may change inside its own widget, as signed."""
    found = geometry.widgets.get(name)
    return [found] if found else []


# The one list of what may change after the signer's signature, and where: the two signatures, and the
# office's number (ô 3) and date (ô 4) of a copy from `prepare`, each inside its own widget as signed.
PERMITTED_AREAS: dict[str, AreaRule] = {
    FIELDS["signer"]: signer_area,
    FIELDS["issuer"]: issuer_area,
    **dict.fromkeys(OFFICE_FIELDS, field_as_signed),
}


@dataclass(frozen=True)
class Change:
    """A revision that shows something new outside the permitted areas."""

    revision: int  # index into the states compared (1 = the first revision after the first signature)
    page: int  # 0-based
    where: Box  # in PDF user space, the bounding box of what changed
    fields: tuple[str, ...]  # the fields that revision changed

    def describe(self) -> str:
        added = f" (trường {', '.join(self.fields)})" if self.fields else ""
        return (
            f"nội dung trang {self.page + 1} bị thay đổi sau khi ký{added}, ở vùng "
            f"x {self.where.x0:.0f}–{self.where.x1:.0f} pt, y {self.where.y0:.0f}–{self.where.y1:.0f} pt, "
            "ngoài chỗ NĐ30 dành cho chữ ký, con dấu"
        )


def field_states(data: bytes) -> dict[str, tuple[str, str | None, Area | None]]:
    """Name → (field type, value, widget) of every form field; a signature's value is "đã ký"."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages) if page.indirect_reference}
    out: dict[str, tuple[str, str | None, Area | None]] = {}
    root = reader.trailer["/Root"].get_object()
    form = root.get("/AcroForm")
    if form is None:
        return out

    def walk(node: Any, prefix: str, inherited_type: str | None) -> None:
        obj = node.get_object()
        name = obj.get("/T")
        full = f"{prefix}.{name}" if prefix and name is not None else (str(name) if name is not None else prefix)
        kind = str(obj.get("/FT", inherited_type or ""))
        kids = obj.get("/Kids")
        widget_kids = []
        if kids:
            for kid in kids:
                if "/T" in kid.get_object():
                    walk(kid, full, kind)
                else:
                    widget_kids.append(kid.get_object())
        if name is None:
            return
        value = obj.get("/V")
        shown = None if value is None else ("đã ký" if kind == "/Sig" else repr(value.get_object()))
        widget = obj if "/Rect" in obj else (widget_kids[0] if widget_kids else None)
        area = None
        if widget is not None and "/Rect" in widget:
            x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
            page_ref = widget.get("/P")
            page = pages.get(page_ref.idnum, 0) if page_ref is not None else 0
            area = Area(page, Box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
        out[full] = (kind, shown, area)

    for item in form.get_object().get("/Fields", []):
        walk(item, "", None)
    return out


def changed_fields(before: dict[str, tuple[str, str | None, Area | None]], after: dict[str, Any]) -> list[str]:
    """The fields a revision filled, signed or added with a value."""
    return sorted(
        name
        for name, (kind, value, _area) in after.items()
        if value is not None and before.get(name, (kind, None, None))[1] != value
    )


def render(data: bytes) -> list[Any]:
    """Every page as an RGB picture (PIL), as a reader sees it: the widgets' appearances drawn."""
    import pypdfium2

    from ..check.pdf_glyphs import LOCK  # PDFium is used by one thread at a time in this process

    with LOCK:
        document = pypdfium2.PdfDocument(data)
        try:
            document.init_forms()  # without it PDFium leaves out the form widgets, signatures included
            pictures = []
            for index in range(len(document)):
                page = document[index]
                bitmap = page.render(scale=SCALE, draw_annots=True, may_draw_forms=True)
                pictures.append((bitmap.to_pil().convert("RGB"), page.get_bbox()))
                page.close()
            return pictures
        finally:
            document.close()


def _to_pixels(box: Box, bbox: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    left, _bottom, _right, top = bbox
    return (
        int((box.x0 - left) * SCALE) - PAD_PX,
        int((top - box.y1) * SCALE) - PAD_PX,
        int((box.x1 - left) * SCALE) + PAD_PX + 1,
        int((top - box.y0) * SCALE) + PAD_PX + 1,
    )


def compare(before: list[Any], after: list[Any], allowed: Sequence[Area]) -> tuple[int, Box] | None:
    """The first page that differs outside ``allowed``, and where; None when none does."""
    from PIL import Image, ImageChops

    if len(before) != len(after):
        page = min(len(before), len(after))
        width, height = (after[page] if page < len(after) else before[page])[1][2:]
        return page, Box(0, 0, width, height)
    for index, ((old, bbox), (new, _)) in enumerate(zip(before, after, strict=True)):
        if old.size != new.size:
            return index, Box(*bbox)
        difference = ImageChops.difference(old, new).convert("L").point(lambda v: 255 if v > TOLERANCE else 0)
        mask = Image.new("L", difference.size, 255)
        for area in allowed:
            if area.page == index:
                mask.paste(0, _to_pixels(area.box, bbox))
        found = ImageChops.multiply(difference, mask).getbbox()
        if found:
            left, _bottom, _right, top = bbox
            x0, y0, x1, y1 = found
            return index, Box(left + x0 / SCALE, top - y1 / SCALE, left + x1 / SCALE, top - y0 / SCALE)
    return None


def geometry_of(data: bytes) -> Geometry:
    """The signer block and the fields of the first signed revision."""
    import tempfile
    from pathlib import Path

    from .places import SignError, find_block

    with tempfile.NamedTemporaryFile(suffix=".pdf") as copy:
        copy.write(data)
        copy.flush()
        try:
            block: Block | None = find_block(Path(copy.name))
        except SignError:
            block = None
    widgets = {name: area for name, (_kind, _value, area) in field_states(data).items() if area is not None}
    return Geometry(data, block, widgets)


def changes(states: Sequence[bytes]) -> list[Change]:
    """Compare each state (the first signed revision, each later signed revision, the whole file)
    with the one before it; the list of revisions that show something outside their areas."""
    if len(states) < 2:
        return []
    geometry = geometry_of(states[0])
    pictures = render(states[0])
    fields_before = field_states(states[0])
    signer = FIELDS["signer"]
    if fields_before.get(signer, ("", None, None))[1] is not None:
        geometry.signer_widget = fields_before[signer][2]
    found = []
    for index, data in enumerate(states[1:], 1):
        fields_now = field_states(data)
        touched = changed_fields(fields_before, fields_now)
        if signer in touched:
            geometry.signer_widget = fields_now[signer][2]
        rules = [(name, PERMITTED_AREAS[name]) for name in touched if name in PERMITTED_AREAS]
        allowed = [area for name, rule in rules for area in rule(geometry, name)]
        now = render(data)
        seen = compare(pictures, now, allowed)
        if seen is not None:
            found.append(Change(index, seen[0], seen[1], tuple(touched)))
        pictures, fields_before = now, fields_now
    return found
