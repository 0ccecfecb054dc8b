"""Read a PDF notice back into paragraphs, from where its glyphs landed.

A PDF has no paragraphs, styles or margins, only positioned text. So this
module measures: the text column's edges give the margins (R-MARGIN); lines
are grouped into paragraphs by their indent, their spacing and their weight;
a paragraph is justified when its lines end on the right edge (R-BODY). The
page's own facts (size, page numbers, embedded fonts) are judged here, since
only a PDF has them in this form.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean, median
from typing import Any

from .. import nd30
from ..notice.document import plain
from ..render.fonts import single_line_factor, text_width_pt
from ..render.joins import join
from .layout import (
    CM,
    MARGIN_TOLERANCE_MM,
    MM,
    SERIF_FAMILIES,
    Observed,
    PageNumbers,
    Para,
    RuleLine,
    Span,
    family_of,
    style_of,
)
from .parts import loose
from .report import Finding
from .rules import header_gap

# Words are read with their spaces, so any gap between them is either a column of the header or
# signature table, or a space stretched by justification. In those two areas any gap parts blocks;
# in the body only one wider than a stretched space does.
BLOCK_GAP_PT = 1.5
COLUMN_GAP_PT = 18
EDGE_PT = 1.5  # tolerance for "ends on the right edge", "starts on the left edge"
HANGING_MAX_CM = 3.0  # the deepest hanging indent a list item's next lines are read as continuing at


@dataclass
class _Segment:
    """One run of words on one line, in one block."""

    page: int
    line: int
    words: list[dict[str, Any]] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return self.words[-1]["x1"]

    @property
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w["bottom"] for w in self.words)

    @property
    def size(self) -> float:
        return max(round(w["size"], 1) for w in self.words)

    @functools.cached_property
    def text(self) -> str:
        """The line's words with a space where they stand apart (asked many times a line, once it is whole)."""
        out = ""
        for previous, word in zip([None, *self.words], self.words, strict=False):
            if previous is not None and word["x0"] - previous["x1"] > 1:
                out += " "
            out += word["text"]
        return re.sub(r" +", " ", out).strip(" ")

    @functools.cached_property
    def bold(self) -> bool:
        return all(style_of(w["fontname"])[0] for w in self.words if w["text"].strip())

    def spans(self) -> list[Span]:
        return [
            Span(
                w["text"],
                family_of(w["fontname"]),
                round(w["size"], 1),
                *style_of(w["fontname"]),
                color=w["colour"],
            )
            for w in self.words
        ]


def _lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words that overlap vertically by more than half form a line (sizes may differ)."""
    lines: list[list[dict[str, Any]]] = []
    spans: list[list[float]] = []  # each line's top and bottom, kept as words join it (asked for every word)
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        for line, span in zip(lines, spans, strict=True):
            top, bottom = span
            overlap = min(bottom, word["bottom"]) - max(top, word["top"])
            if overlap > 0.5 * min(bottom - top, word["bottom"] - word["top"]):
                line.append(word)
                span[0], span[1] = min(top, word["top"]), max(bottom, word["bottom"])
                break
        else:
            lines.append([word])
            spans.append([word["top"], word["bottom"]])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _is_call(word: dict[str, Any], line: list[dict[str, Any]]) -> bool:
    """A footnote's number: digits set smaller than the line's text and raised above its baseline."""
    largest = max(w["size"] for w in line)
    baseline = max(w["bottom"] for w in line if w["size"] == largest)
    return word["text"].strip().isdigit() and word["size"] < 0.8 * largest and word["bottom"] < baseline - 1


def _without_footnotes(
    lines: list[list[dict[str, Any]]], rules: list[tuple[int, float, float, float]]
) -> tuple[list[list[dict[str, Any]]], tuple[int, float, float, float] | None, int]:
    """A page's lines without its footnotes, the separator rule drawn above them (if any), and how
    many calls the lines held.

    NĐ30 sets nothing for footnotes, so they are judged neither as body text nor as recipients.
    The footnote area is the bottom of the page from the first line that starts with a footnote's
    number, when every line from there down is smaller than body text (13 pt, R-BODY); a call (a
    small raised number inside a line of text) is not a word of its line, and the room it took is
    no space ("tiến độ³." reads "tiến độ.")."""
    starts = [index for index, line in enumerate(lines) if _is_call(line[0], line)]
    separator = None
    if starts and all(max(w["size"] for w in line) < nd30.PARTS["body"].sizes[0] for line in lines[starts[0] :]):
        area_top = min(w["top"] for w in lines[starts[0]])
        above = max((w["bottom"] for line in lines[: starts[0]] for w in line), default=0.0)
        separator = next((rule for rule in rules if above <= rule[3] <= area_top), None)
        lines = lines[: starts[0]]
    out, calls = [], 0
    for line in lines:
        kept: list[dict[str, Any]] = []
        for word in line:
            if not _is_call(word, line):
                kept.append(word)
                continue
            calls += 1
            if kept:
                kept[-1] = {**kept[-1], "x1": word["x1"]}
        out.append(kept or line)
    return out, separator, calls


def _segments(page: int, lines: list[list[dict[str, Any]]], gap: Any) -> list[_Segment]:
    """Split each line where its words leave a gap wider than ``gap(line)`` allows."""
    out = []
    for number, line in enumerate(lines, 1):
        widest = gap(line)
        segment = _Segment(page, number)
        for word in line:
            if segment.words and word["x0"] - segment.x1 > widest:
                out.append(segment)
                segment = _Segment(page, number)
            segment.words.append(word)
        out.append(segment)
    return out


class NoText(ValueError):
    """A PDF without a text layer (a scan): nothing to judge."""


class Locked(ValueError):
    """A PDF behind a password."""


def read(path: Path, document: Any = None) -> tuple[Observed, list[Finding]]:
    """The paragraphs of a PDF notice, and the findings only a PDF can show."""
    findings: list[Finding] = []
    segments: list[_Segment] = []
    footnote_calls = 0
    rules: list[tuple[int, float, float, float]] = []  # page, x0, x1, top
    in_blocks = True  # page 1 down to "THÔNG BÁO" is the header; from "Nơi nhận" on, the signature

    def gap(line: list[dict[str, Any]]) -> float:
        nonlocal in_blocks
        text = loose("".join(w["text"] for w in line))
        if text == loose(nd30.DOC_TYPE):
            in_blocks = False
        elif text.startswith(loose("Nơi nhận")):
            in_blocks = True
        return BLOCK_GAP_PT if in_blocks else COLUMN_GAP_PT

    from pypdf import PdfReader

    from . import pdf_glyphs

    if document is None:  # else bounded (check/__init__.py) has parsed and measured it: pages, unpacked content
        document = PdfReader(path)
    if document.is_encrypted:
        raise Locked("tệp PDF có mật khẩu: hãy mở khóa rồi kiểm tra lại")
    fonts = _fonts(document)
    try:
        # Glyph boxes hang from the descriptor's /Descent, as pdfminer hangs them (PDFium reads the font file
        # where a producer writes 0, as LibreOffice does).
        pages = pdf_glyphs.read(path, {name: f.descent for name, f in fonts.items() if f.descent is not None})
    except pdf_glyphs.Locked as exc:
        raise Locked(str(exc)) from None
    for page in pages:
        number = page.number
        findings += _page_size(number, page.width, page.height)
        words = pdf_glyphs.words(page.glyphs, keep_blanks=True, by_style=True)
        for word in words:  # compose's no-break spaces read as spaces (notice/document.py)
            word["text"] = plain(word["text"])
        if number == 1:
            findings += _header_gap(pdf_glyphs.words(page.glyphs, keep_blanks=False, by_style=False))
        drawn = [
            (number, x0, x1, top)
            for x0, x1, top, bottom in page.shapes
            if bottom - top <= 2 and x1 - x0 >= 10
        ]
        lines, separator, calls = _without_footnotes(_lines([w for w in words if w["text"].strip()]), drawn)
        footnote_calls += calls
        segments += _segments(number, lines, gap)
        rules += [rule for rule in drawn if rule != separator]
    page_width = pages[0].width if pages else nd30.PAGE_MM[0] * MM
    page_height = pages[0].height if pages else nd30.PAGE_MM[1] * MM
    if not segments:
        raise NoText("PDF không có lớp chữ (bản quét?): hãy kiểm tra tệp gốc DOCX")
    findings += _embedded_fonts(fonts)

    marked = [s for s in segments if loose(s.text) == loose(nd30.DRAFT_MARK)]
    segments = [s for s in segments if s not in marked]
    numbers, segments = _split_page_numbers(segments)
    footers, segments = _split_footer_numbers(segments, page_height)
    observed = _paragraphs(segments)
    observed.draft_mark = bool(marked)
    observed.footnote_calls = footnote_calls
    findings += _margins(segments, observed, page_width, page_height)
    pages = max({s.page for s in segments} | {n.page for n in numbers})
    as_paras = [_para([n], "page-number", 0, 0, 0, 0) for n in numbers]
    observed.page_numbers = PageNumbers(
        found=[n for n in as_paras if n.page != 1],
        in_footer=[_para([f], "page-number", 0, 0, 0, 0) for f in footers],
        on_first_page=[n for n in as_paras if n.page == 1],
        pages=pages,
    )
    observed.rules = _attach_rules(rules, observed)
    return observed, findings


def _header_gap(words: list[dict[str, Any]]) -> list[Finding]:
    """A warning when the issuer block ends less than HEADER_GAP_MM before the Quốc hiệu or the
    Tiêu ngữ on the same line (R-QH, R-CQ: two blocks, left and right), as the glyphs landed."""
    gaps = []
    for title in (nd30.NATIONAL_TITLE, nd30.MOTTO):
        first = title.split(" ")[0]
        for start in (w for w in words if w["text"] == first):
            same_line = [w for w in words if abs(w["top"] - start["top"]) < 0.6 * (start["bottom"] - start["top"])]
            before = [w for w in same_line if w["x0"] < start["x0"]]
            if before:
                gaps.append((start["x0"] - max(w["x1"] for w in before)) / MM)
            break
    return header_gap(gaps, {"page": 1})


def _page_size(page: int, width: float, height: float) -> list[Finding]:
    """R-PAGE: A4 portrait, within a millimetre."""
    w, h = width / MM, height / MM
    if abs(w - nd30.PAGE_MM[0]) <= 1 and abs(h - nd30.PAGE_MM[1]) <= 1:
        return []
    turned = abs(w - nd30.PAGE_MM[1]) <= 1 and abs(h - nd30.PAGE_MM[0]) <= 1
    return [
        Finding(
            "R-PAGE",
            "error",
            {"page": page},
            "page",
            "trang nằm ngang" if turned else "khổ giấy không phải A4",
            f"{w:.0f} × {h:.0f} mm",
            "A4 đứng, 210 × 297 mm",
            "Chọn khổ A4, hướng dọc (Portrait) trong Bố trí trang rồi xuất lại PDF.",
        )
    ]


def _split_page_numbers(segments: list[_Segment]) -> tuple[list[_Segment], list[_Segment]]:
    """A number alone above everything else on its page, in the top margin, is the page number."""
    numbers, rest = [], []
    first_top: dict[int, float] = {}
    for s in segments:
        if not s.text.isdigit():
            first_top[s.page] = min(first_top.get(s.page, s.top), s.top)
    for s in segments:
        above = s.bottom <= first_top.get(s.page, float("inf")) + 0.5 and s.top < 30 * MM
        (numbers if s.text.isdigit() and above else rest).append(s)
    return numbers, rest


def _split_footer_numbers(segments: list[_Segment], height: float) -> tuple[list[_Segment], list[_Segment]]:
    """A number alone below everything else on its page, in the bottom margin: a page number misplaced."""
    last_bottom: dict[int, float] = {}
    for s in segments:
        if not s.text.isdigit():
            last_bottom[s.page] = max(last_bottom.get(s.page, s.bottom), s.bottom)
    footers, rest = [], []
    for s in segments:
        below = s.top >= last_bottom.get(s.page, 0.0) - 0.5 and s.top > height - 30 * MM
        (footers if s.text.isdigit() and below else rest).append(s)
    return footers, rest


def _below_header(segments: list[_Segment]) -> list[_Segment]:
    """The text column: every line but page 1's header blocks above "THÔNG BÁO", which offices let
    run into the side margins (issue 13; the NĐ30 Word templates do) and so do not show the margins."""
    title = next((s for s in segments if s.page == 1 and loose(s.text) == loose(nd30.DOC_TYPE)), None)
    column = [s for s in segments if title is None or s.page != 1 or s.top >= title.top - 1]
    return column or segments


def _paragraphs(segments: list[_Segment]) -> Observed:
    """Rebuild paragraphs: blocks by position, body lines joined by indent, spacing and weight."""
    if not segments:
        return Observed("pdf", [])
    column = _below_header(segments)
    left = min(s.x0 for s in column)
    right = _right_edge(column)
    middle = (left + right) / 2
    title = next((s for s in segments if s.page == 1 and loose(s.text) == loose(nd30.DOC_TYPE)), None)
    label = next((s for s in segments if loose(s.text).startswith(loose("Nơi nhận"))), None)

    start = _signature_start(label, segments, middle) if label is not None else None

    def zone(s: _Segment) -> str:
        side = "left" if (s.x0 + s.x1) / 2 < middle else "right"
        if title and s.page == 1 and s.top < title.top - 1:
            return f"header-{side}"
        if start is not None and label is not None and (s.page, s.top) >= (start.page, start.top - 3):
            # Recipients start where "Nơi nhận" does; the signer's lines are centred in their own column.
            return "sign-left" if s.x0 < label.x0 + 0.35 * (right - left) else "sign-right"
        return "body"

    pitch = _typical_pitch(segments)
    paras: list[Para] = []
    current: list[_Segment] = []
    current_zone = ""

    last_top: dict[int, float] = {}  # id(para) → top of its last line

    def close() -> None:
        if current:
            paras.append(_para(current, current_zone, left, right, middle, pitch))
            last_top[id(paras[-1])] = current[-1].top

    order = {"sign-left": 1, "sign-right": 2}
    previous: _Segment | None = None
    for s in sorted(segments, key=lambda s: (s.page, order.get(zone(s), 0), s.top, s.x0)):
        z = zone(s)
        if not (current and z == current_zone and _continues(previous, s, z, left, right, middle, pitch)):
            close()
            current, current_zone = [], z
        current.append(s)
        previous = s
    close()
    for before, after in itertools.pairwise(paras):
        if before.zone == after.zone == "body" and before.page == after.page and after.top is not None:
            after.space_before_pt = round(after.top - last_top[id(before)] - pitch, 1)
    return Observed(
        "pdf",
        paras,
        text_width_pt=right - left,
        column_centres={"middle": middle, "left": left, "right": right},
    )


def _signature_start(label: _Segment, segments: list[_Segment], middle: float) -> _Segment:
    """The signature area starts at "Nơi nhận", or higher where the signer's lines (right half only) begin."""
    lines: dict[float, list[_Segment]] = {}
    for s in segments:
        if s.page == label.page and s.top < label.top - 1:
            lines.setdefault(round(s.top, 1), []).append(s)
    start = label
    for top in sorted(lines, reverse=True):
        if not all(s.x0 > middle for s in lines[top]):
            break
        start = min(lines[top], key=lambda s: s.top)
    return start


def _right_edge(column: list[_Segment]) -> float:
    """Where the justified lines end: the median end of the lines within 3 pt of the furthest.

    LibreOffice does not stretch a no-break space in a justified line, and sets a line holding
    some (notice-gen's "Quý IV/2022", "50 tỷ đồng") up to 0.6 pt past the others; one such line
    must not move the edge every other line is judged by (EDGE_PT)."""
    if not column:
        return 0.0
    furthest = max(s.x1 for s in column)
    return median(s.x1 for s in column if s.x1 >= furthest - 3)


def _typical_pitch(segments: list[_Segment]) -> float:
    """One line of the body's spacing: the most common distance from a line that runs to the right
    edge to the line under it that starts at the left edge, i.e. inside one wrapped paragraph.

    Counting every pair of lines instead would take the paragraph step for the line step in a
    notice of many one-line paragraphs (headings, list items), and see no space between them."""
    ordered = sorted(segments, key=lambda s: (s.page, s.top))
    column = _below_header(segments) if segments else segments  # the header may run into the margins
    left = min((s.x0 for s in column), default=0.0)
    right = _right_edge(column)

    def steps(wrapped_only: bool) -> Counter[float]:
        return Counter(
            round(b.top - a.top, 0)
            for a, b in itertools.pairwise(ordered)
            if a.page == b.page
            and a.size == b.size
            and b.top - a.top > 1
            and (not wrapped_only or (a.x1 >= right - EDGE_PT and b.x0 <= left + EDGE_PT))
        )

    found = steps(True) or steps(False)
    return found.most_common(1)[0][0] if found else 0.0


def _continues(
    previous: _Segment | None, s: _Segment, zone: str, left: float, right: float, middle: float, pitch: float
) -> bool:
    """Whether line ``s`` goes on the paragraph that ``previous`` ended."""
    if previous is None:
        return False
    if zone.startswith("sign-left"):
        # A recipient that wraps: its second line neither starts with "-" nor follows an ended one.
        return not s.text.startswith("-") and not previous.text.rstrip().endswith((";", ".", ":"))
    if zone != "body" or loose(previous.text) == loose(nd30.DOC_TYPE) or previous.bold != s.bold:
        return False
    centred = abs((s.x0 + s.x1) / 2 - middle) <= EDGE_PT and s.x0 > left + EDGE_PT
    was_centred = abs((previous.x0 + previous.x1) / 2 - middle) <= EDGE_PT and previous.x0 > left + EDGE_PT
    if s.page != previous.page:
        return previous.x1 >= right - EDGE_PT and s.x0 <= left + EDGE_PT and not centred
    if s.top - previous.top > pitch + 3:
        return False
    if centred or was_centred:
        return centred and was_centred
    # A list item set with a hanging indent ("- …", "a) …"): its next lines start under its text, not at
    # the margin, and not at a first-line indent, where a new paragraph would start.
    hanging = left + EDGE_PT < s.x0 <= left + HANGING_MAX_CM * CM and not any(
        abs(s.x0 - left - indent * CM) <= EDGE_PT for indent in nd30.FIRST_LINE_INDENTS_CM
    )
    return (s.x0 <= left + EDGE_PT or hanging) and previous.x1 >= right - EDGE_PT


def _para(lines: list[_Segment], zone: str, left: float, right: float, middle: float, pitch: float) -> Para:
    first = lines[0]
    spans = [span for line in lines for span in line.spans()]
    para = Para(
        text=" ".join(line.text for line in lines),
        spans=spans,
        where={"page": first.page, "line": first.line},
        zone=zone,
        page=first.page,
        top=first.top,
        bottom=max(line.bottom for line in lines if line.page == first.page),  # the first page's part
        x0=min(line.x0 for line in lines),
        x1=max(line.x1 for line in lines),
        lines=[(line.x0, line.x1) for line in lines],
    )
    if zone != "body":
        return para
    indented = any(abs(first.x0 - left - indent * CM) <= EDGE_PT for indent in nd30.FIRST_LINE_INDENTS_CM)
    centred = all(abs((x0 + x1) / 2 - middle) <= EDGE_PT for x0, x1 in para.lines) and first.x0 > left + EDGE_PT
    # One upright line from a body indent that happens to end as far from the right edge as the indent:
    # a paragraph of one line ("Vụ Kế hoạch - Tài chính làm việc …"), not centred text.
    centred = centred and not (len(lines) == 1 and indented and not para.bold)
    same_page = [line for line in lines if line.page == first.page]
    if centred:
        para.align = "center"
        para.hard_lines = _hard_lines(same_page, right - left)
    elif len(lines) == 1 and first.x0 <= left + EDGE_PT and first.x1 < right - EDGE_PT:
        para.align = "left"  # one short line from the left edge: neither centred nor justified
    elif len(lines) == 1 and first.x1 >= right - EDGE_PT and first.x0 > left + EDGE_PT and not indented:
        # A line that starts at a body indent and happens to fill the line is a justified paragraph
        # of one line, not one set to the right: one line does not tell which (docs/check.md).
        para.align = "right"
    elif len(lines) > 1:
        full = all(x1 >= right - EDGE_PT for _x0, x1 in para.lines[:-1])
        para.align = "justify" if full else "left"
    if not centred:
        para.first_indent_cm = round((first.x0 - left) / CM, 2)
    if len(same_page) > 1:
        step = mean(b.top - a.top for a, b in itertools.pairwise(same_page))
        para.line_spacing = round(step / (first.size * single_line_factor()), 2)
    return para


def _hard_lines(lines: list[_Segment], width: float) -> list[str]:
    """The text of centred lines, joined where a line wrapped and cut where it was ended by hand:
    a wrapped line stopped because its next word would pass the column's edge, so a line followed
    by a word that would still have fitted was broken by its author (a multi-line trích yếu, R-SUBJ).
    The words are measured in the serif face the notice is checked for (R-FONT). The next "word" is
    the unit compose keeps whole ("Quý IV/2022", render/joins.py): a line ended before one wrapped."""
    out = [lines[0].text] if lines else []
    for before, after in itertools.pairwise(lines):
        word = plain(join(after.text).split(" ", 1)[0])
        space = text_width_pt(" ", before.size, bold=before.bold)
        fits = (before.x1 - before.x0) + space + text_width_pt(word, after.size, bold=after.bold) <= width - EDGE_PT
        if fits:
            out.append(after.text)
        else:
            out[-1] += " " + after.text
    return out


def _margins(segments: list[_Segment], observed: Observed, width: float, height: float) -> list[Finding]:
    """R-MARGIN from where the text lies: the column's edges, page 1's first line, the lowest line."""
    if not segments:
        return []
    column = _below_header(segments)
    measured = {
        "left": min(s.x0 for s in column) / MM,
        "right": (width - max(s.x1 for s in column)) / MM,
        "top": min(s.top for s in segments if s.page == 1) / MM if any(s.page == 1 for s in segments) else None,
        "bottom": (height - max(s.bottom for s in segments)) / MM,
    }
    # Only the left and right edges and page 1's top are reached by text on every notice, so only
    # they can be too wide; any text beyond a minimum is in the margin.
    upper_known = {"left", "right", "top"}
    findings = []
    for side, value in measured.items():
        if value is None:
            continue
        low, high = nd30.MARGINS_MM[side]
        too_small = value < low - MARGIN_TOLERANCE_MM
        too_wide = side in upper_known and value > high + MARGIN_TOLERANCE_MM
        if too_small or too_wide:
            names = {"left": "trái", "right": "phải", "top": "trên", "bottom": "dưới"}
            findings.append(
                Finding(
                    "R-MARGIN",
                    "error",
                    {},
                    "page",
                    f"lề {names[side]} {'hẹp' if too_small else 'rộng'} quá (đo từ vị trí chữ)",
                    f"{value:.1f} mm",
                    f"{low:g}–{high:g} mm",
                    f"Đặt lề {names[side]} trong khoảng {low:g}–{high:g} mm ở tệp gốc rồi xuất lại PDF.",
                )
            )
    return findings


@dataclass
class _Font:
    embedded: bool
    page: int  # the first page that uses it
    descent: float | None  # the descriptor's /Descent, per 1000 units; None without a descriptor


def _fonts(document: Any) -> dict[str, _Font]:
    """The fonts of the pages' resources by name (pypdf, which the reader opens anyway)."""
    seen: dict[str, _Font] = {}
    for number, page in enumerate(document.pages, 1):
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for ref in fonts.get_object().values() if fonts else []:
            font = ref.get_object()
            name = str(font.get("/BaseFont", font.get("/Name", "?"))).lstrip("/")
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else None
            files = ("/FontFile", "/FontFile2", "/FontFile3")
            embedded = descriptor is not None and any(k in descriptor for k in files)
            descent = None
            if descriptor is not None:
                try:
                    descent = float(descriptor.get("/Descent", 0))
                except (TypeError, ValueError):
                    descent = 0.0
            seen.setdefault(name, _Font(embedded, number, descent))
    return seen


def _embedded_fonts(seen: dict[str, _Font]) -> list[Finding]:
    """R-FONT: every font embedded, and Times New Roman or a metric-compatible stand-in."""
    findings = []
    for name, font in seen.items():
        embedded, page = font.embedded, font.page
        family = family_of(name)
        if family not in SERIF_FAMILIES:
            findings.append(
                Finding(
                    "R-FONT",
                    "error",
                    {"page": page},
                    "font",
                    "phông không phải Times New Roman",
                    family,
                    " hoặc ".join(SERIF_FAMILIES),
                    "Đổi phông toàn văn bản sang Times New Roman.",
                    name,
                )
            )
        elif not embedded:
            findings.append(
                Finding(
                    "R-FONT",
                    "error",
                    {"page": page},
                    "font",
                    "phông không được nhúng vào PDF",
                    "không nhúng",
                    "nhúng phông",
                    "Khi xuất PDF, bật “Nhúng phông” (Embed fonts).",
                    name,
                )
            )
    return findings


def _attach_rules(rules: list[tuple[int, float, float, float]], observed: Observed) -> list[RuleLine]:
    """Each drawn rule belongs to the paragraph whose last line is just above it."""
    out = []
    for page, x0, x1, top in rules:
        above = [
            p
            for p in observed.paras
            if p.page == page
            and p.bottom is not None
            and p.x0 is not None
            and p.x1 is not None
            and -1 <= top - p.bottom <= 15
            and min(p.x1, x1) > max(p.x0, x0)
        ]
        under = max(above, key=lambda p: p.bottom or 0, default=None)
        out.append(RuleLine(x1 - x0, under, (x0 + x1) / 2, {"page": page}))
    return out
