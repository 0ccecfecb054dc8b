"""Every variable a template may use, read from the code that makes them.

The composer's ``Document`` (document.py) and the manifest models (templates.py)
are walked here into one tree. ``templates check`` resolves each variable a
template names against this tree, and docs/templates.md prints it
(``notice-gen templates reference``), so neither can drift from what a template
really receives. Meanings are kept here, next to the walk: a field without one,
or a meaning without its field, fails the test suite.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from .. import nd30
from ..notice.document import Document
from . import CLOSING_FIELDS, FEATURES, Layout, Page, PartStyle, Wording

# The meaning of each field of the composed document, in Vietnamese, for the maintainers.
MEANINGS: dict[str, str] = {
    "Document.header": "Phần đầu văn bản (ô 1–4, ô 10): bảng hai cột trên trang 1.",
    "Document.doc_type": "Tên loại văn bản: “THÔNG BÁO” (R-TYPE).",
    "Document.subject_lines": "Các dòng của trích yếu, đã ngắt như tệp YAML viết (R-SUBJ).",
    "Document.subject_rule_pt": "Độ dài đường kẻ dưới trích yếu (pt), đã tính theo layout.subject_rule.",
    "Document.opening": "Các đoạn mở đầu, đoạn cuối là câu dẫn “Sau khi nghe …:”.",
    "Document.body": "Các đoạn của nội dung kết luận, theo thứ tự in.",
    "Document.closing": "Câu kết, đã có “./.” ở cuối.",
    "Document.recipients_label": "“Nơi nhận:” (R-NN).",
    "Document.recipients": "Các dòng nơi nhận, đã có “- ” và “;”, dòng cuối “- Lưu: VT, ….” (R-NNITEM).",
    "Document.signature": "Khối chữ ký (ô 7a, 7b).",
    "Document.draft_mark": "“DỰ THẢO” trên mọi trang của bản dự thảo; chuỗi rỗng ở bản chính thức.",
    "Document.title": "Tiêu đề của tệp (thuộc tính DOCX, siêu dữ liệu PDF): “THÔNG BÁO Số: …”.",
    "Document.subject": "Trích yếu trên một dòng, cho thuộc tính của tệp.",
    "Document.author": "Tên cơ quan ban hành, cho thuộc tính của tệp.",
    "Document.date": "Ngày của văn bản (ngày ban hành, dự thảo: ngày họp), cho thuộc tính của tệp; có thể rỗng.",
    "Header.national_title": "Quốc hiệu “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM” (R-QH).",
    "Header.motto": "Tiêu ngữ “Độc lập - Tự do - Hạnh phúc” (R-TN).",
    "Header.motto_rule_pt": "Độ dài đường kẻ dưới Tiêu ngữ (pt): bằng dòng chữ (R-TN).",
    "Header.parent": (
        "Cơ quan chủ quản, in hoa; không có thì rỗng (R-CQCQ). Dùng trong {% if header.parent %}. "
        "Có thể có “\\n”, như header.issuer."
    ),
    "Header.issuer": (
        "Tên cơ quan ban hành, in hoa (R-CQ); issuer.short_name nếu tệp YAML có. Có thể có “\\n” (xuống dòng do "
        "tệp YAML viết): DOCX tự ngắt dòng ở đó, HTML cần white-space: pre-line."
    ),
    "Header.issuer_rule_pt": "Độ dài đường kẻ dưới tên cơ quan (pt), đã tính theo layout.issuer_rule.",
    "Header.number_line": "Dòng số và ký hiệu: “Số: 05/TB-BTTTT”, dự thảo “Số:        /TB-BTTTT” (R-SO).",
    "Header.date_line": "Dòng địa danh, ngày tháng: “Hà Nội, ngày 05 tháng 01 năm 2022” (R-DATE).",
    "Header.secrecy": "Độ mật “MẬT”, …; không có thì rỗng (R-MAT).",
    "Header.urgency": "Độ khẩn “KHẨN”, …; không có thì rỗng (R-KHAN).",
    "Block.kind": "Loại đoạn: “heading” (tiêu đề mục), “paragraph” (đoạn văn) hoặc “item” (mục danh sách).",
    "Block.level": "Cấp: của mục với heading (từ 1), của danh sách với item (từ 1); 0 với paragraph.",
    "Block.text": "Chữ của đoạn, đã có số mục hoặc dấu đầu dòng: “I. NHẬN THỨC CHUNG”, “- …”.",
    "Block.runs": (
        "Chữ của đoạn cắt tại các chỗ gọi chú thích: mỗi phần là run.text rồi (nếu có) chú thích run.note. "
        "Đoạn không có chú thích là một phần duy nhất, bằng block.text."
    ),
    "Block.label": "Số mục hoặc dấu đầu dòng ở đầu block.text: “II.”, “2.1.”, “-”, “Thứ nhất,”; rỗng với đoạn văn.",
    "Run.text": "Một phần chữ của đoạn.",
    "Run.note": "Chú thích được gọi ngay sau run.text; rỗng nếu không có.",
    "Footnote.number": "Số của chú thích: 1, 2, … theo thứ tự in; như nhau trong DOCX và PDF.",
    "Footnote.text": "Nội dung chú thích, in ở cuối trang.",
    "Document.footnotes": "Mọi chú thích của văn bản theo thứ tự số (bản DOCX ghi chúng vào phần chú thích của Word).",
    "Block.keep_with_next": "Giữ cả đoạn trên cùng trang với đoạn sau (đoạn cuối, khi câu kết dưới 3 dòng).",
    "Signature.authority": (
        "Các dòng thẩm quyền rồi chức vụ, in hoa: “TL. BỘ TRƯỞNG”, “CHÁNH VĂN PHÒNG” (R-AUTH, R-POS)."
    ),
    "Signature.name": "Họ và tên người ký (R-NAME); chuỗi rỗng ở dự thảo chưa có tên người ký.",
    "PartStyle.size": "Cỡ chữ (pt), từ [sizes] của manifest.",
    "PartStyle.bold": "Đậm hay không, theo NĐ30 (không phải một thiết lập).",
    "PartStyle.italic": "Nghiêng hay không, theo NĐ30 (không phải một thiết lập).",
}

# Variables that are not fields of a class.
EXTRA_MEANINGS: dict[str, str] = {
    "style": "Kiểu chữ của từng phần: style.<phần>.size, .bold, .italic. Các phần: " + ", ".join(nd30.PARTS) + ".",
    "page": "Khổ trang, từ [page] của manifest.",
    "layout": "Khoảng cách và tỉ lệ, từ [layout] của manifest.",
    "wording": "Lời văn mặc định, từ [wording] của manifest.",
    "columns": "Bề rộng hai cột của bảng chữ ký (pt): columns[0] trái, columns[1] phải.",
    "header_columns": "Bề rộng hai cột của bảng đầu văn bản (pt), kể cả phần lấn sang hai lề (header_outdent_*_mm).",
    "font_family": "Tên phông in PDF: Times New Roman, hoặc Liberation Serif khi máy không có (R-FONT).",
    "line_height": "Chiều cao dòng của thân bài cho CSS, đã quy đổi từ layout.line_spacing.",
    "single_line_height": "Chiều cao một dòng đơn (em), như Word và LibreOffice tính từ phông: mọi phần trừ thân bài.",
}


@dataclass
class Ref:
    """One variable in the tree: a value, an object with named fields, a sequence or a table."""

    type: str
    meaning: str = ""
    fields: dict[str, Ref] = field(default_factory=dict)  # named attributes (object, table)
    element: Ref | None = None  # what a for-loop or an index gives (sequence, table)
    any: bool = False  # not known in advance (a {% set %} or a macro argument): not checked

    def child(self, name: str) -> Ref | None:
        return self.fields.get(name)


ANY = Ref("?", any=True)


def _type_name(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if hint is type(None):
        return "rỗng"
    if origin in (typing.Union, types.UnionType):
        return " hoặc ".join(_type_name(a) for a in typing.get_args(hint))
    if origin is Literal:
        return "chữ: " + ", ".join(f"“{a}”" for a in typing.get_args(hint))
    if origin is tuple:
        return "danh sách " + _type_name(typing.get_args(hint)[0])
    names = {str: "chữ", float: "số", int: "số nguyên", bool: "đúng/sai", dt.date: "ngày"}
    return names.get(hint, getattr(hint, "__name__", str(hint)))


def _from_hint(hint: Any, meaning: str) -> Ref:
    origin = typing.get_origin(hint)
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if origin in (typing.Union, types.UnionType) and len(args) == 1:
        inner = _from_hint(args[0], meaning)
        return dataclasses.replace(inner, type=_type_name(hint))
    if origin is tuple:
        return Ref(_type_name(hint), meaning, element=_from_hint(typing.get_args(hint)[0], ""))
    if dataclasses.is_dataclass(hint):
        return _dataclass(hint, meaning)
    return Ref(_type_name(hint), meaning)


def _dataclass(cls: Any, meaning: str) -> Ref:
    hints = typing.get_type_hints(cls)
    fields = {
        f.name: _from_hint(hints[f.name], MEANINGS.get(f"{cls.__name__}.{f.name}", "")) for f in dataclasses.fields(cls)
    }
    return Ref(cls.__name__, meaning, fields=fields)


def _model(cls: type[BaseModel], meaning: str) -> Ref:
    fields = {name: Ref(_type_name(info.annotation), info.description or "") for name, info in cls.model_fields.items()}
    return Ref(cls.__name__, meaning, fields=fields)


def document_context() -> dict[str, Ref]:
    """The variables of notice.docx and notice.html: the document, then the measurements."""
    return {**_dataclass(Document, "").fields, **style_context()}


def style_context() -> dict[str, Ref]:
    """The measurements, which notice.docx, notice.html and notice.css all receive."""
    part = _dataclass(PartStyle, "")
    return {
        "style": Ref("bảng theo phần", EXTRA_MEANINGS["style"], fields=dict.fromkeys(nd30.PARTS, part), element=part),
        "page": _model(Page, EXTRA_MEANINGS["page"]),
        "layout": _model(Layout, EXTRA_MEANINGS["layout"]),
        "wording": _model(Wording, EXTRA_MEANINGS["wording"]),
        "columns": Ref("hai số", EXTRA_MEANINGS["columns"], element=Ref("số")),
        "header_columns": Ref("hai số", EXTRA_MEANINGS["header_columns"], element=Ref("số")),
    }


def css_context() -> dict[str, Ref]:
    """notice.css sees the measurements and the resolved font, never the document's text."""
    return {
        **style_context(),
        "font_family": Ref("chữ", EXTRA_MEANINGS["font_family"]),
        "line_height": Ref("số", EXTRA_MEANINGS["line_height"]),
        "single_line_height": Ref("số", EXTRA_MEANINGS["single_line_height"]),
    }


def missing_meanings() -> list[str]:
    """Fields without a meaning, and meanings of fields that no longer exist (the tests use this)."""
    wanted = {
        f"{cls.__name__}.{f.name}" for cls in _dataclasses(Document) | {PartStyle} for f in dataclasses.fields(cls)
    }
    return sorted(wanted ^ set(MEANINGS))


def _dataclasses(cls: Any) -> set[Any]:
    found = {cls}
    for hint in typing.get_type_hints(cls).values():
        nested = (a for h in typing.get_args(hint) for a in typing.get_args(h))
        for candidate in (hint, *typing.get_args(hint), *nested):
            if dataclasses.is_dataclass(candidate) and candidate not in found:
                found |= _dataclasses(candidate)
    return found


def _rows(name: str, ref: Ref, depth: int = 0) -> list[str]:
    """Markdown table rows for ``name`` and what is under it."""
    rows = [f"| `{name}` | {ref.type} | {ref.meaning} |"]
    if name == "style":  # one part stands for all of them
        for key, sub in ref.element.fields.items() if ref.element else ():
            rows.append(f"| `style.<phần>.{key}` | {sub.type} | {sub.meaning} |")
        return rows
    for key, sub in ref.fields.items():
        rows += _rows(f"{name}.{key}", sub, depth + 1)
    if ref.element is not None and ref.element.fields:
        item = "block" if name == "body" else "run" if name.endswith("runs") else "line" if name.endswith("s") else "x"
        loop = f"`{item}` trong `{{% for {item} in {name} %}}`"
        rows.append(f"| {loop} | {ref.element.type} | mỗi phần tử của `{name}` |")
        for key, sub in ref.element.fields.items():
            rows += _rows(f"{item}.{key}", sub, depth + 1)
    return rows


HEADER = "| biến | kiểu | nghĩa |\n|---|---|---|"


def markdown() -> str:
    """The context reference of docs/templates.md, generated; ``notice-gen templates reference`` prints it."""
    document = _dataclass(Document, "")
    out = [
        "### Biến của notice.docx và notice.html",
        "",
        "Mọi chữ đã được soạn xong (số, ngày, đánh số mục, câu mở đầu và câu kết, dấu câu Nơi nhận); "
        "chữ hoa đã in hoa. Một biến “rỗng” là sai trong `{% if … %}`. Trích yếu, mở đầu, thân bài, "
        "chú thích và câu kết có sẵn dấu giữ các cụm trên một dòng (U+00A0, U+2060; xem mục 7): in chúng "
        "như thường.",
        "",
        HEADER,
    ]
    for name, ref in document.fields.items():
        out += _rows(name, ref)
    out += ["", "### Số đo (notice.docx, notice.html và notice.css)", "", HEADER]
    for name, ref in style_context().items():
        out += _rows(name, ref)
    out += ["", "### Chỉ có trong notice.css", "", HEADER]
    for name in ("font_family", "line_height", "single_line_height"):
        out += _rows(name, css_context()[name])
    out += ["", "### Tính năng (`features` trong manifest.toml)", "", "| tên | mẫu in được |", "|---|---|"]
    out += [f"| `{name}` | {meaning} |" for name, meaning in FEATURES.items()]
    out += ["", "### Chỗ trống của câu kết (`[wording] closing`)", "", "| chỗ trống | thay bằng |", "|---|---|"]
    out += [f"| `{{{name}}}` | {meaning} |" for name, meaning in CLOSING_FIELDS.items()]
    return "\n".join(out) + "\n"


BEGIN = "<!-- BEGIN GENERATED: notice-gen templates reference -->"
END = "<!-- END GENERATED -->"


def replace_in(text: str) -> str:
    """``text`` (docs/templates.md) with its generated section brought up to date."""
    head, begin, rest = text.partition(BEGIN)
    _old, end, tail = rest.partition(END)
    if not begin or not end:
        raise ValueError(f"không thấy hai dòng đánh dấu {BEGIN} … {END}")
    return f"{head}{BEGIN}\n{markdown()}{END}{tail}"
