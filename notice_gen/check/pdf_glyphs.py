"""The words and drawn rules of a PDF's pages, read with PDFium, in pdfplumber's terms.

``pdf_reader`` judges a PDF from where its glyphs landed. pdfplumber (pdfminer)
interprets the content stream in Python and spent 1.5 s of CPU on a five-page
notice, nine tenths of an import (issue 11: under 300 ms). PDFium (pypdfium2,
already used for page previews) interprets it in C. This module asks it only for
what the reader measures and hands it over exactly as pdfplumber did, so that
every finding stays the same:

- a glyph's box runs from its origin over its advance width (the font's /W, not
  the ink), from the font's descent below the baseline up one font size, and its
  size is the font size times the text matrix (pdfminer's ``LTChar``);
- PDFium's text page puts a space of its own, without width, where a justified
  line stretches a real space: that space is given back its glyph's width, and
  spaces PDFium made up between runs are left out, as pdfminer never sees them;
- glyphs become words as ``pdfplumber.extract_words`` makes them (runs of one
  font, size and colour, lines within 3 pt, a new word past a 3 pt gap);
- a rule is a painted straight line or axis-aligned rectangle, as pdfminer
  classifies paths (``LTLine``, ``LTRect``), with the bounds of its points.
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import Any

# PDFium is not thread-safe, not even across documents (pypdfium2's docs): every use in this process holds
# this lock (the server checks, imports and draws previews from several threads).
LOCK = threading.RLock()
X_TOLERANCE = 3.0  # pdfplumber's defaults for extract_words
Y_TOLERANCE = 3.0
_HYPHEN = "-"
_MARKERS = "\x02\ufffe"  # what PDFium's text holds in place of a hyphen that ends a line


class Locked(ValueError):
    """A PDF behind a password."""


@dataclass(slots=True)
class Glyph:
    """One character where it landed (points from the page's top-left corner)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    fontname: str
    colour: str  # RRGGBB of the fill
    upright: bool
    font: int = 0  # PDFium's font: two subsets of one face are two fonts, whose names PDFium may make alike


@dataclass
class Page:
    number: int
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    shapes: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, x1, top, bottom


@dataclass(slots=True)
class _Run:
    """What the glyphs of one text object share."""

    fontname: str
    colour: str
    scale_h: float  # font size along the baseline (Tf × matrix)
    scale_v: float  # font size across it: pdfminer's ``size``
    upright: bool
    font: Any
    font_key: int
    baseline: float  # the page's height less the font's descent: a glyph's bottom is this less its origin's y
    widths: dict[str, float] = field(default_factory=dict)


def read(path: Path, descents: dict[str, float] | None = None) -> list[Page]:
    """Every page's glyphs and rules. ``descents``: the /Descent of each font's descriptor by font
    name, per 1000 units (PDFium gives the font file's where a descriptor says 0).
    Raises Locked, or PdfiumError for a broken file."""
    import pypdfium2 as pdfium

    with LOCK:
        try:
            document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise Locked("tệp PDF có mật khẩu: hãy mở khóa rồi kiểm tra lại") from None
            raise
        try:
            return [_page(document, index, descents or {}) for index in range(len(document))]
        finally:
            document.close()


def _page(document: Any, index: int, descents: dict[str, float]) -> Page:
    import pypdfium2.raw as raw

    page = document[index]
    try:
        width, height = page.get_size()
        out = Page(index + 1, float(width), float(height))
        out.glyphs = _glyphs(raw, page, out.height, descents)
        for i in range(raw.FPDFPage_CountObjects(page.raw)):
            _shapes(raw, raw.FPDFPage_GetObject(page.raw, i), None, out)
        return out
    finally:
        page.close()


class _Calls:
    """The four PDFium calls made for every character, declared with plain addresses: through
    pypdfium2's typed pointers each call costs a cast, and a page has 2,000 characters."""

    def __init__(self, raw: Any) -> None:
        def bind(name: str, restype: Any, *argtypes: Any) -> Any:
            address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
            return ctypes.CFUNCTYPE(restype, *argtypes)(address)

        page, index, double = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_double)
        self.text_object = bind("FPDFText_GetTextObject", ctypes.c_void_p, page, index)
        self.origin = bind("FPDFText_GetCharOrigin", ctypes.c_int, page, index, double, double)
        self.generated = bind("FPDFText_IsGenerated", ctypes.c_int, page, index)
        self.hyphen = bind("FPDFText_IsHyphen", ctypes.c_int, page, index)


def _glyphs(raw: Any, page: Any, height: float, descents: dict[str, float]) -> list[Glyph]:
    textpage = raw.FPDFText_LoadPage(page.raw)
    try:
        count = raw.FPDFText_CountChars(textpage)
        buffer = ctypes.create_string_buffer((count + 1) * 2)
        raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
        text = buffer.raw[: count * 2].decode("utf-16-le", errors="replace")
        calls = _Calls(raw)
        text_object, origin = calls.text_object, calls.origin  # the loop below runs once a character
        handle = ctypes.cast(textpage, ctypes.c_void_p).value
        x, y = ctypes.c_double(), ctypes.c_double()
        next_x, next_y = ctypes.c_double(), ctypes.c_double()
        px, py, pnx, pny = ctypes.byref(x), ctypes.byref(y), ctypes.byref(next_x), ctypes.byref(next_y)
        runs: dict[int, _Run] = {}
        widths: dict[int, dict[str, float]] = {}  # a font's advances by character, shared by its runs
        out: list[Glyph] = []
        append = out.append
        for k, char in enumerate(text[:count]):
            key = text_object(handle, k)
            if not key:
                continue  # a line break PDFium made up
            origin(handle, k, px, py)
            if char == " " and calls.generated(handle, k):
                # A space of PDFium's own. At a real space of a stretched line it stands for that space
                # (PDFium drops the real one as a double); anywhere else the PDF has no glyph there.
                if k + 1 >= count:
                    continue
                origin(handle, k + 1, pnx, pny)
                if abs(next_x.value - x.value) < 0.01 and abs(next_y.value - y.value) < 0.01:
                    continue
            elif char in _MARKERS and calls.hyphen(handle, k):
                char = _HYPHEN  # a hyphen at a line's end: PDFium keeps a marker, the PDF has the glyph
            run = runs.get(key)
            if run is None:
                run = runs[key] = _run(raw, textpage, k, raw.FPDFText_GetTextObject(textpage, k), descents, height)
                run.widths = widths.setdefault(run.font_key, {})
            advance = run.widths.get(char)
            if advance is None:
                advance = run.widths[char] = _advance(raw, run.font, char)
            if run.upright:
                x0 = x.value
                x1 = x0 + advance * run.scale_h if advance > 0 else _loose(raw, textpage, k, height)[1]
                bottom = run.baseline - y.value
                top, size = bottom - run.scale_v, run.scale_v
                append(Glyph(char, x0, x1, top, bottom, size, run.fontname, run.colour, True, run.font_key))
            else:
                x0, x1, top, bottom = _loose(raw, textpage, k, height)
                append(Glyph(char, x0, x1, top, bottom, abs(x1 - x0), run.fontname, run.colour, False, run.font_key))
        return out
    finally:
        raw.FPDFText_ClosePage(textpage)


def _run(raw: Any, textpage: Any, index: int, obj: Any, descents: dict[str, float], height: float) -> _Run:
    font = raw.FPDFTextObj_GetFont(obj)
    length = raw.FPDFFont_GetBaseFontName(font, None, 0)
    name = ctypes.create_string_buffer(max(length, 1))
    raw.FPDFFont_GetBaseFontName(font, name, length)
    size = ctypes.c_float()
    raw.FPDFTextObj_GetFontSize(obj, ctypes.byref(size))
    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(textpage, index, matrix)  # the text object's matrix with its form's
    descent = ctypes.c_float()
    raw.FPDFFont_GetDescent(font, ctypes.c_float(1.0), ctypes.byref(descent))
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    raw.FPDFPageObj_GetFillColor(obj, r, g, b, a)
    fontname = name.value.decode("utf-8", "replace")
    known = _descent(descents, fontname)
    if known is not None:
        descent.value = known / 1000
    below = min(descent.value, -descent.value)  # PDF 9.8.1: negative, whatever the file says
    return _Run(
        fontname=fontname,
        colour=f"{r.value:02X}{g.value:02X}{b.value:02X}",
        scale_h=size.value * matrix.a,
        scale_v=size.value * matrix.d,
        upright=matrix.a * matrix.d > 0 and matrix.b * matrix.c <= 0,
        font=font,
        font_key=ctypes.cast(font, ctypes.c_void_p).value or 0,
        baseline=height - below * size.value * matrix.d,
    )


def _descent(descents: dict[str, float], fontname: str) -> float | None:
    """The descriptor's descent of a font by its name, with or without its subset tag ("ABCDEF+"):
    PDFium drops the tag of a simple TrueType font. None where subsets of one face disagree."""
    if fontname in descents:
        return descents[fontname]
    found = {value for name, value in descents.items() if name.split("+", 1)[-1] == fontname}
    return found.pop() if len(found) == 1 else None


def _advance(raw: Any, font: Any, char: str) -> float:
    """The glyph's advance per unit of font size, from the font's widths; 0 where it has none."""
    if len(char) != 1 or ord(char) > 0xFFFF:
        return 0.0
    width = ctypes.c_float()
    if not raw.FPDFFont_GetGlyphWidth(font, ord(char), ctypes.c_float(1.0), ctypes.byref(width)):
        return 0.0
    return float(width.value)


def _loose(raw: Any, textpage: Any, index: int, height: float) -> tuple[float, float, float, float]:
    rect = raw.FS_RECTF()
    raw.FPDFText_GetLooseCharBox(textpage, index, rect)
    return rect.left, rect.right, height - rect.top, height - rect.bottom


def _shapes(raw: Any, obj: Any, outer: tuple[float, ...] | None, page: Page) -> None:
    """Straight lines and rectangles of a page object (and of a form's objects), as pdfminer sees them."""
    kind = raw.FPDFPageObj_GetType(obj)
    matrix = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, matrix)
    m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
    if outer is not None:
        m = _concat(m, outer)
    if kind == raw.FPDF_PAGEOBJ_FORM:
        for i in range(raw.FPDFFormObj_CountObjects(obj)):
            _shapes(raw, raw.FPDFFormObj_GetObject(obj, i), m, page)
        return
    if kind != raw.FPDF_PAGEOBJ_PATH:
        return
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
    if not fill.value and not stroke.value:
        return
    px, py = ctypes.c_float(), ctypes.c_float()
    path: list[tuple[str, tuple[float, float]]] = []
    for i in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(px), ctypes.byref(py))
        point = (m[0] * px.value + m[2] * py.value + m[4], m[1] * px.value + m[3] * py.value + m[5])
        op = {raw.FPDF_SEGMENT_MOVETO: "m", raw.FPDF_SEGMENT_LINETO: "l"}.get(raw.FPDFPathSegment_GetType(segment), "c")
        if raw.FPDFPathSegment_GetClose(segment):
            # PDFium closes a subpath ("h", and every "re") with a line back to its start; pdfminer
            # keeps the "h" alone, and its rules below count on that.
            start = next((p for o, p in reversed(path) if o == "m"), point)
            if op != "l" or point != start:
                path.append((op, point))
            path.append(("h", start))
        else:
            path.append((op, point))
    subpath: list[tuple[str, tuple[float, float]]] = []
    for op, point in path:
        if op == "m" and subpath:
            _classify(subpath, page)
            subpath = []
        subpath.append((op, point))
    if subpath:
        _classify(subpath, page)


def _classify(path: list[tuple[str, tuple[float, float]]], page: Page) -> None:
    """pdfminer's paint_path for one subpath: keep a line ("ml", "mlh") or an axis-aligned rectangle."""
    shape = "".join(op for op, _p in path)
    points = [p for _op, p in path]
    if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
        shape = shape[:-2] + "h"
        points.pop()
    if shape in ("ml", "mlh"):
        corners = points[:2]
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = points
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if not (points[0] == last and square):
            return
        corners = [points[0], points[2]]
    else:
        return
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    page.shapes.append((min(xs), max(xs), page.height - max(ys), page.height - min(ys)))


def _concat(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m then n (PDF matrices, row vectors)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def words(glyphs: list[Glyph], *, keep_blanks: bool, by_style: bool) -> list[dict[str, Any]]:
    """pdfplumber's extract_words over the glyphs (x_tolerance 3, y_tolerance 3): with ``by_style``
    a word never spans two fonts, sizes or colours (its extra_attrs), with ``keep_blanks`` spaces are
    part of words (keep_blank_chars) instead of parting them. Written for speed: it sees every glyph."""
    out: list[dict[str, Any]] = []
    style = attrgetter("upright", "font", "fontname", "size", "colour") if by_style else attrgetter("upright")
    for _key, group in groupby(glyphs, style):
        run = list(group)
        upright = run[0].upright
        for line in _cluster(run, attrgetter("top") if upright else attrgetter("x0")):
            line.sort(key=attrgetter("x0") if upright else attrgetter("top", "bottom"))
            word: list[Glyph] = []
            for g in line:
                if not keep_blanks and g.text.isspace():
                    if word:
                        out.append(_merge(word))
                    word = []
                    continue
                if word:
                    last = word[-1]
                    if upright:
                        new = g.x0 < last.x0 or g.x0 > last.x1 + X_TOLERANCE or abs(g.top - last.top) > Y_TOLERANCE
                    else:
                        new = g.top < last.top or g.top > last.bottom + Y_TOLERANCE or abs(g.x0 - last.x0) > X_TOLERANCE
                    if new:
                        out.append(_merge(word))
                        word = []
                word.append(g)
            if word:
                out.append(_merge(word))
    return out


def _cluster(glyphs: list[Glyph], value: Any) -> list[list[Glyph]]:
    """pdfplumber's cluster_objects: values within the tolerance of their neighbour share a cluster,
    the clusters in the order of their values, the glyphs of each in the order they came."""
    values = list(map(value, glyphs))
    index: dict[float, int] = {}
    cluster, last = 0, None
    for v in sorted(set(values)):
        if last is not None and v > last + Y_TOLERANCE:
            cluster += 1
        index[v] = cluster
        last = v
    clusters: dict[int, list[Glyph]] = {}
    for g, v in zip(glyphs, values, strict=True):
        clusters.setdefault(index[v], []).append(g)
    return [clusters[c] for c in sorted(clusters)]


_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"})


def _merge(glyphs: list[Glyph]) -> dict[str, Any]:
    first = glyphs[0]
    return {
        "text": "".join([g.text for g in glyphs]).translate(_LIGATURES),
        "x0": min([g.x0 for g in glyphs]),
        "x1": max([g.x1 for g in glyphs]),
        "top": min([g.top for g in glyphs]),
        "bottom": max([g.bottom for g in glyphs]),
        "fontname": first.fontname,
        "size": first.size,
        "colour": first.colour,
    }
