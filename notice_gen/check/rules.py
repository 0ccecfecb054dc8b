"""The NĐ30 rules, judged on paragraphs that either reader produced.

Every range here is NĐ30's own, taken from ``nd30`` (never a template's
chosen value), so a notice made by hand in Word passes whenever NĐ30 would
let it pass. Each finding names its rule id, says what was measured and what
NĐ30 requires, and gives a one-line hint in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from .. import nd30
from ..errors import RenderError
from .layout import CM, SERIF_FAMILIES, SYMBOL_FAMILIES, Observed, Para, RuleLine
from .parts import AUTHORITY, TYPED_RULE, Parts, proper_date_line, recognise
from .report import Finding, Level

INDENT_TOLERANCE_CM = 0.03
FLUSH_TOLERANCE_CM = 0.2  # "flush left" in a PDF: a table's cell padding is not an indent
SPACING_TOLERANCE_PT = 0.5
# A "single" line is 1.107 em in Word's reckoning (the face's win metrics) but up to 1.15 em in
# LibreOffice's, so 1.5 lines measured in a PDF can read as 1.56.
LINE_SPACING_TOLERANCE = (0.05, 0.08)
RULE_TOLERANCE = 0.02  # of the ratio, for a rule drawn by hand
MOTTO_RULE_TOLERANCE = 0.05  # "as long as the line of text", within 5 %
ALIGN_NAMES = {"left": "căn trái", "center": "căn giữa", "right": "căn phải", "justify": "căn đều hai bên"}


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _finding(
    rule: str,
    para: Para | None,
    part: str,
    message: str,
    measured: str,
    required: str,
    hint: str,
    level: Level = "error",
) -> Finding:
    return Finding(
        rule,
        level,
        dict(para.where) if para else {},
        part,
        message,
        measured,
        required,
        hint,
        _short(para.text) if para else "",
    )


def _sizes(para: Para) -> str:
    return ", ".join(f"{s:g} pt" for s in sorted(para.sizes)) or "?"


def _look(para: Para, part: str, *, upper: bool = False, exact: str | None = None) -> Iterator[Finding]:
    """Size, weight and slant of one part (nd30.PARTS), and its case."""
    rule = nd30.PARTS[part]
    low, high = rule.sizes
    name = PART_NAMES[part]
    wanted = f"{low:g}–{high:g} pt" if low != high else f"{low:g} pt"
    if any(not low <= s <= high for s in para.sizes):
        yield _finding(
            rule.rule,
            para,
            part,
            f"cỡ chữ của {name} sai",
            _sizes(para),
            wanted,
            f"Đặt {name} cỡ {wanted.replace('–', ' hoặc ')}.",
        )
    if rule.bold and not para.bold:
        yield _finding(rule.rule, para, part, f"{name} phải in đậm", "không đậm", "đậm", f"Bôi đen {name}, bấm Ctrl+B.")
    if not rule.bold and part != "body" and para.any_bold:
        yield _finding(rule.rule, para, part, f"{name} không in đậm", "đậm", "không đậm", f"Bỏ đậm {name} (Ctrl+B).")
    if rule.italic and not para.italic:
        yield _finding(
            rule.rule, para, part, f"{name} phải in nghiêng", "đứng", "nghiêng", f"Bôi đen {name}, bấm Ctrl+I."
        )
    if not rule.italic and part != "body" and para.any_italic:
        yield _finding(
            rule.rule, para, part, f"{name} phải là chữ đứng", "nghiêng", "đứng", f"Bỏ nghiêng {name} (Ctrl+I)."
        )
    if exact is not None and para.text.strip() != exact:
        yield _finding(
            rule.rule, para, part, f"{name} viết sai", _short(para.text.strip()), exact, f"Gõ lại đúng: “{exact}”."
        )
    elif upper and para.text.strip() != nd30.upper(para.text.strip()):
        yield _finding(
            rule.rule,
            para,
            part,
            f"{name} phải viết chữ in hoa",
            "có chữ thường",
            "IN HOA",
            f"Viết {name} bằng chữ in hoa.",
        )


PART_NAMES = {
    "national_title": "Quốc hiệu",
    "motto": "Tiêu ngữ",
    "parent": "tên cơ quan chủ quản",
    "issuer": "tên cơ quan ban hành",
    "number": "số, ký hiệu",
    "date": "địa danh, ngày tháng",
    "secrecy": "dấu độ mật",
    "urgency": "dấu độ khẩn",
    "doc_type": "tên loại THÔNG BÁO",
    "subject": "trích yếu",
    "body": "nội dung",
    "heading": "đề mục",
    "recipients_label": "“Nơi nhận:”",
    "recipients": "nơi nhận",
    "authority": "quyền hạn, chức vụ người ký",
    "signer_name": "họ tên người ký",
    "page_number": "số trang",
}


def check(observed: Observed) -> tuple[list[Finding], bool]:
    """The findings common to both formats, and whether the notice is a draft."""
    parts = recognise(observed.paras)
    findings: list[Finding] = []
    findings += _text(observed)
    findings += _fonts(observed.paras)
    findings += _header(parts, observed)
    draft_number, number_findings = _number(parts)
    draft_date, date_findings = _date(parts, observed)
    findings += number_findings + date_findings
    findings += _title(parts, observed)
    findings += _body(parts)
    findings += _numbering(parts.body)
    findings += _recipients(parts)
    findings += _signer(parts, observed, draft=draft_number or draft_date or observed.draft_mark)
    findings += _page_numbers(observed)
    return findings, draft_number or draft_date


# Issue 13: the issuer block and the Quốc hiệu block read as two at this distance and more; closer,
# a reader takes "…TRUYỀN THÔNG CỘNG HÒA…" for one line. As the shipped templates' header_gap_mm.
HEADER_GAP_MM = 6


def header_gap(gaps_mm: list[float], where: dict[str, int]) -> list[Finding]:
    """R-QH's warning when a line of the left block ends less than HEADER_GAP_MM before the Quốc
    hiệu or the Tiêu ngữ beside it. Each reader measures ``gaps_mm`` its own way: the PDF reader
    where the glyphs landed, the DOCX reader from the cells, alignments, sizes and the face."""
    if not gaps_mm or min(gaps_mm) >= HEADER_GAP_MM - 0.05:
        return []
    return [
        Finding(
            "R-QH",
            "warning",
            where,
            "national_title",
            "tên cơ quan sát Quốc hiệu: hai khối đầu văn bản đọc thành một dòng",
            f"cách {min(gaps_mm):.1f} mm",
            f"tối thiểu {HEADER_GAP_MM} mm",
            "Cho bảng đầu văn bản rộng ra hai lề, hoặc ngắt tên cơ quan thành hai dòng (Shift+Enter).",
        )
    ]


def _missing(rule: str, part: str, hint: str) -> Finding:
    return Finding(rule, "error", {}, part, f"không tìm thấy {PART_NAMES[part]}", "không có", "phải có", hint)


def _text(observed: Observed) -> Iterator[Finding]:
    """R-FONT: Unicode NFC (TCVN 6909:2001), no replacement characters, no unprintable glyph."""
    for para in observed.paras:
        if not unicodedata.is_normalized("NFC", para.text):
            yield _finding(
                "R-FONT",
                para,
                "text",
                "chữ ở dạng tổ hợp (NFD), không phải Unicode dựng sẵn (NFC)",
                "NFD",
                "Unicode NFC (TCVN 6909:2001)",
                "Gõ lại đoạn này bằng bộ gõ Unicode dựng sẵn, hoặc dùng công cụ chuyển mã sang NFC.",
            )
        if "\ufffd" in para.text or "(cid:" in para.text:
            yield _finding(
                "R-FONT",
                para,
                "text",
                "có ký tự không hiển thị được (�)",
                "ký tự lỗi",
                "chữ Việt Unicode đầy đủ",
                "Gõ lại các ký tự lỗi; kiểm tra phông đã nhúng đủ.",
            )
    if observed.kind == "docx":
        from ..render.fonts import missing_characters

        try:
            for para in observed.paras:
                # A pictogram set in a symbol face (a Wingdings check mark) is that face's to print.
                missing = missing_characters("".join(s.text for s in para.spans if s.family not in SYMBOL_FAMILIES))
                if missing:
                    yield _finding(
                        "R-FONT",
                        para,
                        "text",
                        "có ký tự mà phông Times New Roman không có",
                        " ".join(f"U+{ord(c):04X}" for c in missing),
                        "chỉ ký tự phông in được",
                        "Thay các ký tự này bằng chữ thường dùng.",
                    )
        except RenderError:
            return  # no serif face here to judge glyphs by: the font check still names the face


def _fonts(paras: list[Para]) -> Iterator[Finding]:
    """R-FONT: every run in Times New Roman (or a metric twin), in every script slot, and black."""
    wrong: dict[str, list[Para]] = {}
    coloured: dict[str, list[Para]] = {}
    for para in paras:
        for span in para.spans:
            if not span.text.strip():
                continue
            faces = {v for v in (span.slots or {}).values() if v} or ({span.family} if span.family else set())
            for face in faces - set(SERIF_FAMILIES) - set(SYMBOL_FAMILIES):
                wrong.setdefault(face, []).append(para)
            marks = (*nd30.URGENCY_MARKS, *nd30.SECRECY_MARKS)  # R-KHAN is red; R-MAT names no colour
            if span.color and span.color != "000000" and span.text.strip().upper() not in marks:
                coloured.setdefault(span.color, []).append(para)
    for face, where in wrong.items():
        unique = list(dict.fromkeys(id(p) for p in where))
        yield _finding(
            "R-FONT",
            where[0],
            "font",
            f"phông {face} ({len(unique)} đoạn)",
            face,
            "Times New Roman (hoặc Liberation Serif)",
            "Chọn toàn bộ (Ctrl+A) rồi đặt phông Times New Roman; sửa cả kiểu (Style) Normal.",
        )
    for colour, where in coloured.items():
        yield _finding(
            "R-FONT",
            where[0],
            "font",
            "chữ không phải màu đen",
            f"#{colour}",
            "màu đen",
            "Đặt màu chữ Automatic/Black.",
        )


def _text_width(para: Para, observed: Observed) -> float | None:
    """The width of a part's longest line: measured in a PDF, computed from the font for a DOCX."""
    if para.lines:
        return max(x1 - x0 for x0, x1 in para.lines)
    from ..render.fonts import text_width_pt

    size = max(para.sizes, default=None)
    if size is None:
        return None
    column = para.column_pt or observed.text_width_pt or float("inf")
    try:
        return max(_wrapped_width(line, size, para.bold, column, text_width_pt) for line in para.text.split("\n"))
    except RenderError:
        return None


def _wrapped_width(text: str, size: float, bold: bool, column: float, measure: Any) -> float:
    """The longest line ``text`` makes when wrapped word by word in ``column`` points."""
    longest, line = 0.0, ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and measure(candidate, size, bold=bold) > column:
            longest, line = max(longest, measure(line, size, bold=bold)), word
        else:
            line = candidate
    return max(longest, measure(line, size, bold=bold)) if line else longest


def _rule_under(para: Para, observed: Observed) -> RuleLine | None:
    return next((r for r in observed.rules if r.under is para), None)


def _typed_rule_under(owner: Para, observed: Observed) -> Para | None:
    """The line of "____" or "----" right under ``owner``, typed where a rule should be drawn."""
    at = next((i for i, p in enumerate(observed.paras) if p is owner), None)
    following = next((p for p in observed.paras[at + 1 :] if p.text.strip()), None) if at is not None else None
    return following if following is not None and TYPED_RULE.match(following.text.strip()) else None


def _check_rule(
    rule_id: str, part: str, paras: list[Para], observed: Observed, ratio: tuple[float, float], tolerance: float
) -> Iterator[Finding]:
    """The solid rule under a part: present, of the right length, centred under the text."""
    if not paras:
        return
    owner = paras[-1]
    line = next((r for p in reversed(paras) if (r := _rule_under(p, observed))), None)
    name = PART_NAMES[part]
    typed = _typed_rule_under(owner, observed) if line is None else None
    if typed is not None:
        yield _finding(
            rule_id,
            typed,
            part,
            f"đường kẻ dưới {name} được gõ bằng ký tự, không phải đường kẻ liền",
            f"“{_short(typed.text.strip(), 20)}”",
            "đường kẻ liền",
            f"Xóa dòng ký tự này; kẻ đường liền dưới {name} (Borders › Bottom Border hoặc vẽ đường thẳng).",
        )
        return
    if line is None:
        yield _finding(
            rule_id,
            owner,
            part,
            f"thiếu đường kẻ dưới {name}",
            "không có",
            "đường kẻ liền",
            f"Kẻ một đường liền dưới {name} (Borders › Bottom Border hoặc vẽ đường thẳng).",
        )
        return
    widths = [w for p in paras if (w := _text_width(p, observed))]
    if not widths:
        return
    text = max(widths)
    share = line.length_pt / text
    low, high = ratio
    if not low - tolerance <= share <= high + tolerance:
        wanted = "bằng độ dài dòng chữ" if low == high else f"{low:.0%}–{high:.0%} độ dài dòng chữ"
        yield _finding(
            rule_id,
            owner,
            part,
            f"đường kẻ dưới {name} dài sai",
            f"{line.length_pt:.0f} pt = {share:.0%} của {text:.0f} pt",
            wanted,
            f"Chỉnh độ dài đường kẻ dưới {name}.",
        )
    centre = owner.centre
    off = (
        line.centre - centre
        if line.centre is not None and centre is not None
        else line.offset_pt
        if line.offset_pt is not None and owner.align == "center"
        else 0.0
    )
    if abs(off) > 2:
        yield _finding(
            rule_id,
            owner,
            part,
            f"đường kẻ dưới {name} không cân giữa",
            f"lệch {off:+.1f} pt",
            "cân giữa dưới chữ",
            "Căn giữa đường kẻ.",
        )


def _header(parts: Parts, observed: Observed) -> Iterator[Finding]:
    """Ô 1 and ô 2: R-QH, R-TN, R-CQCQ, R-CQ, and their rules; R-MAT, R-KHAN."""
    if parts.national_title is None:
        yield _missing("R-QH", "national_title", f"Thêm Quốc hiệu “{nd30.NATIONAL_TITLE}” ở góc trên bên phải.")
    elif parts.title_lines:
        for para in parts.title_lines:
            yield from _look(para, "national_title", upper=True)
        yield _finding(
            "R-QH",
            parts.national_title,
            "national_title",
            "Quốc hiệu bị ngắt thành hai dòng",
            " / ".join(p.text.strip() for p in parts.title_lines),
            f"một dòng “{nd30.NATIONAL_TITLE}”",
            "Gõ Quốc hiệu trên một dòng (bỏ dấu ngắt dòng, thu hẹp cỡ chữ 12 pt hoặc nới rộng ô nếu cần).",
        )
    else:
        yield from _look(parts.national_title, "national_title", exact=nd30.NATIONAL_TITLE)
    if parts.motto is None:
        yield _missing("R-TN", "motto", f"Thêm Tiêu ngữ “{nd30.MOTTO}” dưới Quốc hiệu.")
    else:
        yield from _look(parts.motto, "motto", exact=nd30.MOTTO)
        yield from _check_rule("R-TN", "motto", [parts.motto], observed, (1, 1), MOTTO_RULE_TOLERANCE)
    for para in parts.parent:
        yield from _look(para, "parent", upper=True)
    if not parts.issuer:
        yield _missing("R-CQ", "issuer", "Thêm tên cơ quan ban hành, in hoa, đậm, ở góc trên bên trái.")
    else:
        for para in parts.issuer:
            yield from _look(para, "issuer", upper=True)
        yield from _check_rule("R-CQ", "issuer", parts.issuer, observed, nd30.RULE_RATIO, RULE_TOLERANCE)
    for para in parts.marks:
        if para.text.strip().upper() in nd30.URGENCY_MARKS:
            yield from _look(para, "urgency", upper=True)
        elif para.text.strip() != para.text.strip().upper():  # R-MAT gives only the case
            yield _finding(
                "R-MAT",
                para,
                "secrecy",
                "dấu độ mật phải viết in hoa",
                para.text.strip(),
                para.text.strip().upper(),
                "Viết dấu độ mật bằng chữ in hoa.",
            )
    for part, paras in (
        ("issuer", parts.parent + parts.issuer),
        ("number", [parts.number]),
        ("motto", [parts.motto]),
        ("national_title", [parts.national_title]),
    ):
        for para in paras:
            if para is not None and para.align not in (None, "center"):
                name = PART_NAMES[part]
                yield _finding(
                    nd30.PARTS[part].rule,
                    para,
                    part,
                    f"{name} phải căn giữa trong khối của nó",
                    ALIGN_NAMES[para.align],
                    "căn giữa",
                    f"Căn giữa {name} (Ctrl+E).",
                )


# A draft leaves blanks as spaces, dots, an ellipsis or underscores: "Số: ……/TB-BTTTT".
BLANK = r"[\s.…_]*"
_NUMBER = re.compile(rf"^Số:\s*(?P<n>\d+|{BLANK})\s*/\s*(?P<symbol>\S*)$")


def _number(parts: Parts) -> tuple[bool, list[Finding]]:
    """R-SO: "Số: 05/TB-BTTTT", on the date's line. A blank number is a draft."""
    para = parts.number
    if para is None:
        return False, [_missing("R-SO", "number", "Thêm dòng “Số: …/TB-…” dưới tên cơ quan ban hành.")]
    findings = list(_look(para, "number"))
    text = " ".join(para.text.split())
    match = _NUMBER.match(text)
    if not match:
        findings.append(
            _finding(
                "R-SO",
                para,
                "number",
                "số, ký hiệu viết sai mẫu",
                _short(text),
                "“Số: 05/TB-BTTTT”",
                "Viết “Số:” rồi số, “/”, ký hiệu: “Số: 05/TB-BTTTT”.",
            )
        )
        return False, findings
    digits, symbol = (match["n"] if match["n"].isdigit() else ""), match["symbol"]
    if digits and (len(digits) < 2 or (len(digits) > 2 and digits.startswith("0"))):
        proper = nd30.pad2(int(digits))
        findings.append(
            _finding(
                "R-SO",
                para,
                "number",
                "số văn bản sai cách ghi số 0 ở đầu",
                digits,
                proper,
                f"Ghi “{proper}”: số nhỏ hơn 10 có số 0 ở trước.",
            )
        )
    if re.search(r"\s/|/\s", text.replace("Số:", "", 1).strip()) and digits:
        findings.append(
            _finding(
                "R-SO",
                para,
                "number",
                "có dấu cách quanh “/”",
                _short(text),
                "không có dấu cách",
                "Xóa dấu cách trước và sau “/”.",
            )
        )
    if symbol != symbol.upper() or not re.fullmatch(r"[A-ZĐ0-9&]+(-[A-ZĐ0-9&]+)*", symbol.upper()):
        findings.append(
            _finding(
                "R-SO",
                para,
                "number",
                "ký hiệu phải in hoa, các nhóm nối bằng “-”",
                symbol,
                "TB-BTTTT",
                "Viết ký hiệu in hoa, nối các nhóm bằng “-”, không dấu cách.",
            )
        )
    elif not symbol.startswith(f"{nd30.DOC_TYPE_ABBREVIATION}-"):
        findings.append(
            _finding(
                "R-SO",
                para,
                "number",
                "ký hiệu của Thông báo phải bắt đầu bằng “TB-”",
                symbol,
                f"TB-{symbol.split('-')[-1]}",
                "Ký hiệu tên loại Thông báo là TB (Phụ lục III).",
            )
        )
    issuer = parts.issuer[-1] if parts.issuer else None
    if issuer is not None and para.centre is not None and issuer.centre is not None:
        off = para.centre - issuer.centre
        if abs(off) > 3:
            findings.append(
                _finding(
                    "R-SO",
                    para,
                    "number",
                    "số, ký hiệu phải căn giữa dưới tên cơ quan ban hành",
                    f"lệch {off:+.1f} pt",
                    "căn giữa dưới tên cơ quan",
                    "Căn giữa dòng “Số:” trong cột trái.",
                )
            )
    date = parts.date
    if date is not None and not _same_line(para, date):
        findings.append(
            _finding(
                "R-SO",
                para,
                "number",
                "số, ký hiệu không cùng dòng với ngày tháng",
                "khác dòng",
                "cùng một dòng",
                "Đặt “Số:” và dòng ngày tháng trong cùng một hàng của bảng đầu văn bản.",
            )
        )
    return not digits, findings


def _same_line(a: Para, b: Para) -> bool:
    if a.top is not None and b.top is not None:
        return a.page == b.page and abs(a.top - b.top) <= 3
    if a.element is not None and a.element is b.element:
        return True  # one paragraph, set apart by a tab: "Số: 05/TB-BTTTT⇥Hà Nội, ngày …"
    return a.row is not None and a.row is b.row and a.where.get("paragraph") == b.where.get("paragraph")


_DATE = re.compile(
    rf"^(?P<place>[^,]+),\s*ngày\s*(?P<d>\d+|{BLANK})\s*tháng\s*(?P<m>\d+|{BLANK})\s*năm\s*(?P<y>\d{{4}})$"
)


def _date(parts: Parts, observed: Observed) -> tuple[bool, list[Finding]]:
    """R-DATE: "Hà Nội, ngày 05 tháng 01 năm 2022", italic, centred under the Tiêu ngữ."""
    para = parts.date
    if para is None:
        return False, [_missing("R-DATE", "date", "Thêm dòng “Hà Nội, ngày … tháng … năm …” dưới Tiêu ngữ.")]
    findings = list(_look(para, "date"))
    text = " ".join(para.text.split())
    match = _DATE.match(text)
    if not match:
        proper = proper_date_line(text)
        message, hint = "dòng ngày tháng viết sai mẫu", "Viết: địa danh, dấu phẩy, “ngày … tháng … năm …”."
        if proper:  # "ngày 5/7/2021": the date is there, written with numbers only
            message += ": ngày, tháng, năm viết bằng chữ “ngày … tháng … năm …”"
            hint = f"Gõ lại: “{proper}” (--fix sửa được)."
        findings.append(
            _finding(
                "R-DATE",
                para,
                "date",
                message,
                _short(text),
                f"“{proper or 'Hà Nội, ngày 05 tháng 01 năm 2022'}”",
                hint,
            )
        )
        return False, findings
    day, month = (v if v.isdigit() else "" for v in (match["d"], match["m"]))
    year = int(match["y"])
    if not match["place"][:1].isupper():
        findings.append(
            _finding(
                "R-DATE",
                para,
                "date",
                "địa danh phải viết hoa chữ đầu",
                match["place"],
                match["place"][:1].upper() + match["place"][1:],
                "Viết hoa chữ cái đầu địa danh.",
            )
        )
    if day and month:
        d, m = int(day), int(month)
        try:
            dt.date(year, m, d)
        except ValueError:
            findings.append(
                _finding(
                    "R-DATE",
                    para,
                    "date",
                    "ngày không có thật",
                    f"{day}/{month}/{year}",
                    "một ngày có thật",
                    "Sửa ngày, tháng.",
                )
            )
        else:
            if day != nd30.pad2(d):
                findings.append(
                    _finding(
                        "R-DATE",
                        para,
                        "date",
                        "ngày sai cách ghi số 0",
                        f"ngày {day}",
                        f"ngày {nd30.pad2(d)}",
                        "Ngày nhỏ hơn 10 có số 0 ở trước: “ngày 05”.",
                    )
                )
            if month != nd30.month_text(m):
                findings.append(
                    _finding(
                        "R-DATE",
                        para,
                        "date",
                        "tháng sai cách ghi số 0",
                        f"tháng {month}",
                        f"tháng {nd30.month_text(m)}",
                        "Chỉ tháng 1 và 2 có số 0 ở trước: “tháng 01”, “tháng 6”.",
                    )
                )
    if parts.motto is not None and not _under(para, parts.motto):
        findings.append(
            _finding(
                "R-DATE",
                para,
                "date",
                "dòng ngày tháng không nằm giữa, dưới Tiêu ngữ",
                "lệch khỏi Tiêu ngữ",
                "căn giữa dưới Tiêu ngữ",
                "Đặt dòng ngày tháng ở cột phải, căn giữa, dưới Tiêu ngữ.",
            )
        )
    return not (day and month), findings


def _under(para: Para, above: Para) -> bool:
    """Whether ``para`` is centred under ``above`` (PDF: measured; DOCX: same column, centred)."""
    if para.centre is not None and above.centre is not None:
        return (para.page, para.top or 0) > (above.page, above.top or 0) and abs(para.centre - above.centre) <= 3
    if para.align is None:
        return True  # placed by tab stops: where it lands is not known
    return para.zone == above.zone and para.align == "center"


def _title(parts: Parts, observed: Observed) -> Iterator[Finding]:
    """R-TYPE and R-SUBJ: centred and bold, with a rule under the trích yếu."""
    if parts.doc_type is None:
        yield _missing("R-TYPE", "doc_type", "Thêm dòng “THÔNG BÁO” in hoa, đậm, căn giữa, trên trích yếu.")
        return
    yield from _look(parts.doc_type, "doc_type", exact=nd30.DOC_TYPE)
    for para, part in [(parts.doc_type, "doc_type"), *((p, "subject") for p in parts.subject)]:
        if para.align not in (None, "center"):
            rule = nd30.PARTS[part].rule
            yield _finding(
                rule,
                para,
                part,
                f"{PART_NAMES[part]} phải căn giữa",
                ALIGN_NAMES[para.align],
                "căn giữa",
                "Căn giữa (Ctrl+E).",
            )
    if not parts.subject:
        yield _finding(
            "R-SUBJ",
            parts.doc_type,
            "subject",
            "không thấy trích yếu căn giữa dưới “THÔNG BÁO”",
            "không có",
            "trích yếu in đậm, căn giữa",
            "Thêm trích yếu ngay dưới “THÔNG BÁO”, căn giữa.",
        )
        return
    for para in parts.subject:
        yield from _look(para, "subject")
    first = parts.subject[0]
    if re.match(r"^\s*V\s*/\s*v\b", first.text, re.IGNORECASE):
        yield _finding(
            "R-SUBJ",
            first,
            "subject",
            "trích yếu của Thông báo không có “V/v”",
            _short(first.text.strip(), 20),
            "trích yếu ngay dưới “THÔNG BÁO”, không có “V/v”",
            "Xóa “V/v:”: chỉ trích yếu của công văn mới bắt đầu bằng “V/v” (Phụ lục I).",
        )
    yield from _check_rule("R-SUBJ", "subject", parts.subject, observed, nd30.RULE_RATIO, RULE_TOLERANCE)


def is_heading(para: Para) -> bool:
    return para.bold


def _body(parts: Parts) -> Iterator[Finding]:
    """R-BODY: size, justification, first-line indent, spacing, line spacing; the closing "./."."""
    body = parts.body
    if not body:
        return
    seen: set[tuple[str, str]] = set()

    def once(f: Finding) -> Iterator[Finding]:
        """One finding per kind of mistake: the first paragraph is named, the count says how many."""
        key = (f.rule, f.message)
        if key not in seen:
            seen.add(key)
            count = sum(1 for g in every if (g.rule, g.message) == key)
            yield (
                f
                if count == 1
                else Finding(
                    f.rule,
                    f.level,
                    f.where,
                    f.part,
                    f"{f.message} ({count} đoạn, đầu tiên ở đây)",
                    f.measured,
                    f.required,
                    f.hint,
                    f.text,
                )
            )

    every = list(_body_each(body))
    for f in every:
        yield from once(f)
    closing = body[-1]
    if not closing.text.rstrip().endswith(nd30.CLOSING_MARK):
        yield _finding(
            "R-BODY",
            closing,
            "body",
            "câu kết thúc phải có dấu “./.” (Phụ lục II)",
            _short(closing.text.rstrip()[-12:]),
            "kết thúc bằng “./.”",
            "Thêm “./.” vào cuối câu kết.",
        )


def _body_each(body: list[Para]) -> Iterator[Finding]:
    rule = nd30.PARTS["body"]
    low, high = rule.sizes
    for previous, para in zip([None, *body], body, strict=False):
        heading = is_heading(para)
        if any(not low <= s <= high for s in para.sizes):
            yield _finding(
                "R-BODY",
                para,
                "body",
                "cỡ chữ nội dung sai",
                _sizes(para),
                f"{low:g}–{high:g} pt",
                f"Đặt cỡ chữ nội dung {low:g} hoặc {high:g}.",
            )
        if para.italic and not heading:
            yield _finding(
                "R-BODY",
                para,
                "body",
                "nội dung phải là chữ đứng",
                "nghiêng",
                "đứng",
                "Bỏ chữ nghiêng (Ctrl+I).",
            )
        if not heading and para.align not in (None, "justify"):
            yield _finding(
                "R-BODY",
                para,
                "body",
                "nội dung chưa căn đều hai bên",
                ALIGN_NAMES[para.align],
                "căn đều hai bên",
                "Căn đều hai bên (Ctrl+J).",
            )
        if not heading and para.first_indent_cm is not None and not indent_ok(para.first_indent_cm):
            yield _finding(
                "R-BODY",
                para,
                "body",
                "thụt đầu dòng sai",
                f"{para.first_indent_cm:g} cm",
                "1 cm hoặc 1,27 cm",
                "Paragraph › Special: First line, By: 1 cm hoặc 1,27 cm.",
            )
        if para.line_spacing is not None and not line_spacing_ok(para.line_spacing):
            yield _finding(
                "R-BODY",
                para,
                "body",
                "giãn dòng ngoài khoảng NĐ30",
                f"{para.line_spacing:g} dòng",
                "từ 1 dòng (single) đến 1,5 dòng",
                "Paragraph › Line spacing: Single đến 1.5 lines.",
            )
        space = gap(previous, para)
        if space is not None and space < nd30.MIN_SPACE_AFTER_PT - SPACING_TOLERANCE_PT:
            yield _finding(
                "R-BODY",
                para,
                "body",
                "khoảng cách giữa các đoạn dưới 6 pt",
                f"{space:g} pt",
                "tối thiểu 6 pt",
                "Paragraph › Spacing After: 6 pt (bỏ chọn “Don't add space …”).",
            )


def line_spacing_ok(spacing: float) -> bool:
    low, high = nd30.LINE_SPACING
    return low - LINE_SPACING_TOLERANCE[0] <= spacing <= high + LINE_SPACING_TOLERANCE[1]


def indent_ok(indent_cm: float) -> bool:
    return any(abs(indent_cm - v) <= INDENT_TOLERANCE_CM for v in nd30.FIRST_LINE_INDENTS_CM)


def gap(previous: Para | None, para: Para) -> float | None:
    """Space between two paragraphs: measured in a PDF; After plus Before in a DOCX."""
    if previous is None or (para.element is not None and previous.element is para.element):
        return None  # the first paragraph, or two lines of one paragraph broken by hand
    if para.top is not None:
        return para.space_before_pt
    if para.contextual and previous.contextual and para.style == previous.style:
        return 0.0
    return (previous.space_after_pt or 0) + (para.space_before_pt or 0)


_LABEL = re.compile(r"^(?:(?P<dot>[IVXLC]+|[A-Z]|\d+(?:\.\d+)*)\.|(?P<paren>[a-zđ])\))\s")


def _numbering(body: list[Para]) -> Iterator[Finding]:
    """R-SEC: mục, khoản and điểm numbered without a gap or a repeat at each level.

    The levels are the kinds of label in the order they first appear (A., I.,
    1., a)); a label resets the counters of every deeper kind. Điểm run through
    the Vietnamese alphabet (a, b, c, d, đ, e, g…) or, as many offices letter
    them, the Latin one (…, d, e, f, g): either is accepted.
    """
    order: list[str] = []
    last: dict[str, str] = {}  # kind → the last label of that kind
    for para in body:
        match = _LABEL.match(para.text.strip())
        if not match:
            continue
        kind, label = _label(match, last)
        if kind not in order:
            order.append(kind)
        for deeper in order[order.index(kind) + 1 :]:
            last.pop(deeper, None)
        allowed = _next_labels(kind, last.get(kind))
        if label not in allowed:
            problem = "bị lặp" if label == last.get(kind) else "bị nhảy cóc hoặc sai thứ tự"
            yield _finding(
                "R-SEC",
                para,
                "heading",
                f"số thứ tự “{_show(kind, label)}” {problem}",
                _show(kind, label),
                f"{' hoặc '.join(_show(kind, a) for a in allowed)} (tiếp theo số trước)",
                "Đánh lại số thứ tự các mục, khoản, điểm.",
            )
        last[kind] = label


LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _next_labels(kind: str, previous: str | None) -> list[str]:
    """The labels that may follow ``previous`` at one level."""
    if kind == "a":
        if previous is None:
            return ["a"]
        return list(
            dict.fromkeys(
                alphabet[alphabet.index(previous) + 1]
                for alphabet in (nd30.VIETNAMESE_LETTERS, LATIN_LETTERS)
                if previous in alphabet and alphabet.index(previous) + 1 < len(alphabet)
            )
        )
    if kind == "A":
        return [chr(ord(previous) + 1) if previous else "A"]
    if kind == "I":
        return [nd30.roman((_roman_value(previous) or 0) + 1 if previous else 1)]
    return [str(int(previous) + 1) if previous else "1"]


def _label(match: re.Match[str], last: dict[str, str]) -> tuple[str, str]:
    """The kind of a label ("A", "I", "1.0", "1.1", …, "a") and its number or letter."""
    if match["paren"]:
        return "a", match["paren"]
    token = match["dot"]
    if token.isdigit() or "." in token:
        return f"1.{token.count('.')}", token.split(".")[-1]
    continues_letters = "A" in last and len(token) == 1 and ord(token) == ord(last["A"]) + 1
    if _roman_value(token) is None or continues_letters or (token == "A" and "I" not in last):
        return "A", token
    return "I", token


def _roman_value(token: str) -> int | None:
    for n in range(1, 400):
        if nd30.roman(n) == token:
            return n
    return None


def _show(kind: str, label: str) -> str:
    return f"{label})" if kind == "a" else f"{label}."


LUU = re.compile(r"^-\s*Lưu\s*:\s*VT\b")
DRAFTER = re.compile(r"^[A-ZĐ]{1,6}\.?\s*\(\d+\)\.?$")


def _recipients(parts: Parts) -> Iterator[Finding]:
    """R-NN and R-NNITEM: the label, and "- …;" items closed by "- Lưu: VT, …."."""
    label = parts.recipients_label
    if label is None:
        yield _missing(
            "R-NN", "recipients_label", "Thêm “Nơi nhận:” ở góc dưới bên trái, ngang hàng với quyền hạn người ký."
        )
        return
    yield from _look(label, "recipients_label", exact=nd30.RECIPIENTS_LABEL)
    if label.align in ("center", "right") or (label.first_indent_cm or 0) > INDENT_TOLERANCE_CM:
        yield _finding(
            "R-NN",
            label,
            "recipients_label",
            "“Nơi nhận:” phải sát lề trái",
            "thụt vào hoặc căn giữa",
            "sát lề trái",
            "Căn trái, bỏ thụt đầu dòng.",
        )
    if label.x0 is not None and label.x0 - FLUSH_TOLERANCE_CM * CM > min((p.x0 or 0) for p in parts.body or [label]):
        yield _finding(
            "R-NN",
            label,
            "recipients_label",
            "“Nơi nhận:” phải sát lề trái",
            f"cách lề {(label.x0 - min(p.x0 or 0 for p in parts.body)) / CM:.2f} cm",
            "sát lề trái",
            "Căn trái, bỏ thụt đầu dòng.",
        )
    if parts.authority and not _same_line(label, parts.authority[0]):
        yield _finding(
            "R-NN",
            label,
            "recipients_label",
            "“Nơi nhận:” không ngang hàng với dòng quyền hạn người ký",
            "khác dòng",
            "ngang hàng",
            "Đặt “Nơi nhận:” và “TL. BỘ TRƯỞNG” ở dòng đầu của hai ô cùng một hàng bảng.",
        )
    items = list(parts.recipients)
    if items and DRAFTER.match(items[-1].text.strip()):
        items.pop()  # ô 12: the drafter's initials may follow the Lưu line
    if not items:
        yield _finding(
            "R-NNITEM",
            label,
            "recipients",
            "không có nơi nhận",
            "không có",
            "các dòng “- …;”",
            "Liệt kê nơi nhận, mỗi nơi một dòng.",
        )
        return
    for para in items:
        yield from _look(para, "recipients")
        indent = para.first_indent_cm or 0
        if para.x0 is not None and label.x0 is not None:
            indent = (para.x0 - label.x0) / CM
        if indent > FLUSH_TOLERANCE_CM:
            yield _finding(
                "R-NNITEM",
                para,
                "recipients",
                "nơi nhận phải sát lề trái",
                f"thụt {indent:.2f} cm",
                "sát lề trái",
                "Bỏ thụt đầu dòng của các dòng nơi nhận.",
            )
    in_group = grouped([p.text.strip() for p in items])
    for para, member in zip(items[:-1], in_group, strict=False):
        text = para.text.strip()
        if not member and (not text.startswith("-") or not text.endswith(";")):
            yield _finding(
                "R-NNITEM",
                para,
                "recipients",
                "mỗi nơi nhận bắt đầu bằng “-” và kết thúc bằng “;”",
                _short(text),
                "“- …;”",
                "Sửa dấu đầu dòng “-” và dấu “;” cuối dòng.",
            )
    last = items[-1].text.strip()
    if not LUU.match(last):
        yield _finding(
            "R-NNITEM",
            items[-1],
            "recipients",
            "dòng cuối của nơi nhận phải là “- Lưu: VT, …”",
            _short(last),
            "“- Lưu: VT, <đơn vị soạn thảo>.”",
            "Thêm dòng “- Lưu: VT, …” ở cuối.",
        )
    elif not last.endswith("."):
        yield _finding(
            "R-NNITEM",
            items[-1],
            "recipients",
            "dòng “Lưu” phải kết thúc bằng dấu chấm",
            _short(last),
            "kết thúc bằng “.”",
            "Thêm dấu “.” ở cuối dòng Lưu.",
        )


def grouped(texts: list[str]) -> list[bool]:
    """Which recipient lines belong to a group, as notices write one (R-NNITEM): the group's line
    ends with ":" ("- Các Vụ, đơn vị thuộc Bộ:"), then its members, "+ Vụ Kế hoạch - Tài chính;"."""
    out = [False] * len(texts)
    for index, text in enumerate(texts):
        members = list(itertools.takewhile(lambda t: t.startswith("+") and t.endswith(";"), texts[index + 1 :]))
        if text.startswith("-") and text.endswith(":") and members:
            out[index : index + 1 + len(members)] = [True] * (1 + len(members))
    return out


_TITLES = re.compile(r"^((GS|PGS|TS|ThS|KS|CN|BS|Ts|Ths)\.\s*)+", re.UNICODE)  # "PGS.TS. Bùi …"
# The first signer line looks like an abbreviation ("K.T.", "T/L") but is none of NĐ30's.
_LOOKS_ABBREVIATED = re.compile(r"^(?:[A-ZĐ][./]){1,3}[A-ZĐ]?\.?\s|^[A-ZĐ]{1,3}/[A-ZĐ]{1,3}\s")


def _signer(parts: Parts, observed: Observed, *, draft: bool = False) -> Iterator[Finding]:
    """R-AUTH, R-POS, R-NAME: the authority spelled as NĐ30 spells it, upper case, bold; the name centred."""
    if parts.recipients_label is None:
        if parts.doc_type is not None and not parts.authority and not parts.position:
            yield _missing("R-NAME", "signer_name", "Thêm quyền hạn, chức vụ và họ tên người ký ở góc dưới bên phải.")
        return
    for para in parts.authority:
        yield from _look(para, "authority", upper=True)
        match = AUTHORITY.match(para.text.strip())
        if match and match.group(0).strip() not in nd30.AUTHORITIES:
            spelled = match.group(1).upper() + "."
            yield _finding(
                "R-AUTH",
                para,
                "authority",
                "chữ viết tắt quyền hạn viết sai",
                match.group(0).strip(),
                spelled,
                f"Viết “{spelled}” (in hoa, có dấu chấm).",
            )
    if parts.position and not parts.authority and _LOOKS_ABBREVIATED.match(parts.position[0].text.strip()):
        first = parts.position[0]
        yield _finding(
            "R-AUTH",
            first,
            "authority",
            "chữ viết tắt quyền hạn viết sai",
            first.text.split()[0],
            " hoặc ".join(nd30.AUTHORITIES),
            "Viết đúng một trong TM., KT., TL., TUQ., Q. (in hoa, có dấu chấm), rồi chức vụ.",
        )
    for para in parts.position:
        for f in _look(para, "authority", upper=True):
            yield Finding(
                "R-POS",
                f.level,
                f.where,
                "position",
                f.message.replace(PART_NAMES["authority"], "chức vụ người ký"),
                f.measured,
                f.required,
                f.hint.replace(PART_NAMES["authority"], "chức vụ người ký"),
                f.text,
            )
    name = parts.signer_name
    lines = [*parts.authority, *parts.position]
    if name is None and lines and draft:
        return  # a draft may leave the name blank until the signer is known (render --final refuses it)
    if name is None and lines:
        yield _finding(
            "R-NAME",
            lines[-1],
            "signer_name",
            "thiếu họ tên người ký dưới chức vụ",
            "không có",
            "họ tên người ký, đậm, căn giữa dưới chức vụ",
            "Gõ họ tên người ký dưới chữ ký, căn giữa, in đậm.",
        )
        return
    if name is None or not lines:
        yield _missing("R-NAME", "signer_name", "Thêm quyền hạn, chức vụ và họ tên người ký ở góc dưới bên phải.")
        return
    yield from _look(name, "signer_name")
    # The block's centre is the one most of its lines share, so one line off does not move it.
    centres = sorted(p.centre for p in [*parts.authority, *parts.position, name] if p.centre is not None)
    middle = centres[len(centres) // 2] if centres else None
    for rule, lines in (("R-AUTH", parts.authority), ("R-POS", parts.position)):
        for para in lines:
            off = para.centre - middle if para.centre is not None and middle is not None else None
            if (off is not None and abs(off) > 3) or (off is None and para.align not in (None, "center")):
                measured = (
                    f"lệch {off:+.1f} pt so với khối chữ ký" if off is not None else ALIGN_NAMES[para.align or "left"]
                )
                yield _finding(
                    rule,
                    para,
                    "authority" if rule == "R-AUTH" else "position",
                    "dòng quyền hạn, chức vụ phải căn giữa trong khối chữ ký",
                    measured,
                    "căn giữa",
                    "Căn giữa các dòng quyền hạn, chức vụ và họ tên người ký (Ctrl+E).",
                )
    if _TITLES.match(name.text.strip()):
        yield _finding(
            "R-NAME",
            name,
            "signer_name",
            "không ghi học hàm, học vị trước họ tên",
            _short(name.text),
            "chỉ họ và tên",
            "Xóa học hàm, học vị (TS., ThS., …) trước tên.",
        )
    above = (parts.authority or parts.position)[0]
    centred = (
        abs(name.centre - above.centre) <= 3
        if name.centre is not None and above.centre is not None
        else name.align == "center"
    )
    if not centred:
        yield _finding(
            "R-NAME",
            name,
            "signer_name",
            "họ tên người ký không căn giữa dưới chức vụ",
            ALIGN_NAMES.get(name.align or "", "lệch"),
            "căn giữa",
            "Căn giữa họ tên người ký.",
        )


def _page_numbers(observed: Observed) -> Iterator[Finding]:
    """R-PAGENO: none on page 1; on every later page its number, centred in the top margin,
    13–14 pt, upright. A DOCX does not know how many pages it will print, so a DOCX without
    numbers only gets a warning: it is wrong only if it runs past one page."""
    numbers = observed.page_numbers
    rule = nd30.PARTS["page_number"]
    low, high = rule.sizes

    def finding(para: Para | None, message: str, measured: str, required: str, hint: str) -> Finding:
        return _finding("R-PAGENO", para, "page_number", message, measured, required, hint)

    for para in numbers.on_first_page:
        yield finding(
            para,
            "trang 1 có số trang",
            para.text.strip() or "có",
            "trang 1 không đánh số",
            "Đầu trang › chọn “Trang đầu khác” (Different First Page).",
        )
    for para in numbers.in_footer:
        yield finding(
            para,
            "số trang đặt ở chân trang",
            "chân trang",
            "giữa lề trên",
            "Xóa số trang ở chân trang; chèn ở đầu trang (Insert › Page Number › Top of Page), căn giữa.",
        )
    if numbers.pages is None and not numbers.found and not numbers.in_footer:
        yield Finding(
            "R-PAGENO",
            "warning",
            {},
            "page_number",
            "không có số trang ở lề trên",
            "không có",
            "từ trang 2: số trang ở giữa lề trên",
            "Chèn › Số trang › Đầu trang, căn giữa (nếu văn bản dài hơn một trang).",
        )
    on_page = {p.page: p for p in numbers.found if p.page is not None}
    for page in range(2, (numbers.pages or 1) + 1):
        found = on_page.get(page)
        if found is None:
            yield Finding(
                "R-PAGENO",
                "error",
                {"page": page},
                "page_number",
                "thiếu số trang",
                "không có",
                f"số {page} ở giữa lề trên",
                "Chèn số trang (Insert › Page Number › Top of Page, căn giữa).",
            )
        elif found.text.strip() != str(page):
            yield finding(found, "số trang sai", found.text.strip(), str(page), "Dùng trường PAGE, không gõ tay số.")
    middle = observed.column_centres.get("middle")
    for para in numbers.found:
        if any(not low <= s <= high for s in para.sizes) or para.any_bold or para.any_italic:
            yield finding(
                para,
                "cỡ hoặc kiểu chữ của số trang sai",
                _sizes(para),
                f"{low:g}–{high:g} pt, đứng",
                "Đặt số trang cỡ 13 hoặc 14, chữ đứng, không đậm.",
            )
        off = para.centre - middle if para.centre is not None and middle is not None else None
        if (off is not None and abs(off) > 2) or (off is None and para.align != "center"):
            measured = f"lệch {off:+.1f} pt" if off is not None else ALIGN_NAMES.get(para.align or "left", "trái")
            yield finding(para, "số trang không ở giữa", measured, "căn giữa lề trên", "Căn giữa số trang.")
