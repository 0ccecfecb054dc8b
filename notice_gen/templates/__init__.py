"""Templates are data: a folder with a manifest, a DOCX and an HTML/CSS pair.

The manifest holds every measurement (margins, sizes, indent, spacing). Each is
checked against NĐ30's range when the template is opened, so a maintainer who
sets a size NĐ30 does not allow is told at once, with the rule id. Bold and
italic are not settings: NĐ30 fixes them per part (``nd30.PARTS``).
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from .. import nd30
from ..errors import RenderError
from ..notice.document import Document

# The built-in templates: inside an installed wheel (setup.py copies them there), else the
# top-level templates/ folder of a source checkout or an editable install: one set of files.
_PACKAGED = Path(__file__).resolve().parent / "builtin"
SHIPPED = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parents[2] / "templates"
ENV_VAR = "NOTICE_GEN_TEMPLATES"
MANIFEST = "manifest.toml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


SIDES = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}


class Page(_Strict):
    margin_top_mm: float = Field(description="Lề trên (mm), 20–25 (R-MARGIN).")
    margin_bottom_mm: float = Field(description="Lề dưới (mm), 20–25 (R-MARGIN).")
    margin_left_mm: float = Field(description="Lề trái (mm), 30–35 (R-MARGIN).")
    margin_right_mm: float = Field(description="Lề phải (mm), 15–20 (R-MARGIN).")
    header_distance_mm: float = Field(gt=0, description="Từ mép giấy tới số trang (mm), nhỏ hơn lề trên (R-PAGENO).")

    @model_validator(mode="after")
    def _nd30(self) -> Page:
        for side, (low, high) in nd30.MARGINS_MM.items():
            value = getattr(self, f"margin_{side}_mm")
            if not low <= value <= high:
                raise ValueError(f"margin_{side}_mm = {value:g}: lề {SIDES[side]} nằm ngoài {low}–{high} mm (R-MARGIN)")
        if self.header_distance_mm >= self.margin_top_mm:
            raise ValueError(f"header_distance_mm = {self.header_distance_mm:g}: phải nhỏ hơn lề trên (R-PAGENO)")
        return self

    @property
    def text_width_mm(self) -> float:
        return nd30.PAGE_MM[0] - self.margin_left_mm - self.margin_right_mm


class Layout(_Strict):
    # The descriptions are Vietnamese: docs/templates.md prints them for the maintainers.
    first_line_indent_cm: float = Field(description="Thụt đầu dòng thân bài (cm): 1 hoặc 1,27 (R-BODY).")
    space_after_pt: float = Field(description="Khoảng cách sau mỗi đoạn thân bài (pt), tối thiểu 6 (R-BODY).")
    line_spacing: float = Field(description="Giãn dòng thân bài (số dòng), từ 1 đến 1,5 (R-BODY).")
    left_column: float = Field(
        ge=0.35, le=0.55, description="Phần bề rộng dòng chữ dành cho cột trái của bảng đầu văn bản và bảng chữ ký."
    )
    issuer_rule: float = Field(description="Đường kẻ dưới tên cơ quan, tính theo độ dài tên: 1/3–1/2 (R-CQ).")
    subject_rule: float = Field(description="Đường kẻ dưới trích yếu, tính theo độ dài trích yếu: 1/3–1/2 (R-SUBJ).")
    signature_space_pt: float = Field(ge=36, le=144, description="Khoảng để ký giữa chức vụ và họ tên (pt).")
    rule_gap_pt: float = Field(ge=0, le=12, description="Khoảng giữa dòng chữ và đường kẻ dưới nó (pt).")
    rule_space_after_pt: float = Field(ge=0, le=12, description="Khoảng dưới một đường kẻ (pt).")
    rule_width_pt: float = Field(ge=0.25, le=1.5, description="Độ dày đường kẻ (pt) (R-TN, R-CQ, R-SUBJ).")
    mark_space_before_pt: float = Field(ge=0, le=12, description="Khoảng trên khung độ khẩn (pt) (R-KHAN).")
    # NĐ30 sets no spacing between the header, the title and the body: keep it balanced (Mẫu 1.4).
    date_space_before_pt: float = Field(ge=0, le=24, description="Khoảng trên dòng Số và dòng ngày tháng (pt).")
    title_space_before_pt: float = Field(ge=0, le=48, description="Khoảng trên chữ THÔNG BÁO (pt).")
    subject_space_after_pt: float = Field(ge=0, le=36, description="Khoảng dưới đường kẻ của trích yếu (pt).")
    # NĐ30 sets no size for footnotes; below the body's 13–14 pt, as Word's own footnotes are.
    footnote_size_pt: float = Field(
        12, ge=10, le=13, description="Cỡ chữ của chú thích cuối trang (pt); không ghi thì 12. NĐ30 không quy định."
    )
    # Issue 13: the header's two blocks must read as two. As the NĐ30 Word templates of the offices
    # do, the header table may run into the side margins, and a name too long for its block is
    # broken over two lines (compose, where the drafter typed no break of their own).
    header_outdent_left_mm: float = Field(
        0, ge=0, le=10, description="Bảng đầu văn bản lấn sang lề trái bao nhiêu (mm), để hai khối cách xa nhau."
    )
    header_outdent_right_mm: float = Field(
        0, ge=0, le=10, description="Bảng đầu văn bản lấn sang lề phải bao nhiêu (mm)."
    )
    header_gap_mm: float = Field(
        6,
        ge=0,
        le=30,
        description="Khoảng trống tối thiểu giữa tên cơ quan và Quốc hiệu (mm); tên dài hơn thì tự xuống dòng.",
    )

    @model_validator(mode="after")
    def _nd30(self) -> Layout:
        if self.first_line_indent_cm not in nd30.FIRST_LINE_INDENTS_CM:
            raise ValueError(
                f"first_line_indent_cm = {self.first_line_indent_cm:g}: NĐ30 cho thụt 1 cm hoặc 1,27 cm (R-BODY)"
            )
        if self.space_after_pt < nd30.MIN_SPACE_AFTER_PT:
            raise ValueError(f"space_after_pt = {self.space_after_pt:g}: cách đoạn tối thiểu 6 pt (R-BODY)")
        low, high = nd30.LINE_SPACING
        if not low <= self.line_spacing <= high:
            raise ValueError(f"line_spacing = {self.line_spacing:g}: NĐ30 cho giãn dòng từ 1 đến 1,5 dòng (R-BODY)")
        low, high = nd30.RULE_RATIO
        for name in ("issuer_rule", "subject_rule"):
            if not low - 1e-9 <= getattr(self, name) <= high + 1e-9:
                raise ValueError(f"{name} = {getattr(self, name)}: đường kẻ dài 1/3 đến 1/2 dòng chữ (R-CQ, R-SUBJ)")
        return self


def _sizes_in_range(sizes: dict[str, float]) -> dict[str, float]:
    missing = sorted(set(nd30.PARTS) - set(sizes))
    unknown = sorted(set(sizes) - set(nd30.PARTS))
    if missing or unknown:
        raise ValueError(f"[sizes] thiếu {missing}, thừa {unknown}")
    wrong = [
        f"{part} = {size:g}: cỡ chữ nằm ngoài {rule.sizes[0]:g}–{rule.sizes[1]:g} pt ({rule.rule})"
        for part, size in sizes.items()
        if not (rule := nd30.PARTS[part]).sizes[0] <= size <= rule.sizes[1]
    ]
    if wrong:
        raise ValueError("; ".join(wrong))
    return sizes


# What an input may use that a template must know how to print. A template lists the ones it
# prints in its manifest; an input using another one is refused, never printed half.
FEATURES: dict[str, str] = {
    "parent": "cơ quan chủ quản in trên tên cơ quan ban hành (issuer.parent, R-CQCQ)",
    "draft": "dự thảo: số và ngày ban hành để trống",
    "secrecy": "độ mật dưới số văn bản (secrecy, R-MAT)",
    "urgency": "độ khẩn trong khung đỏ (urgency, R-KHAN)",
    "drafter": "ký hiệu người soạn thảo sau dòng Lưu (drafter, R-DRAFTER)",
    "footnotes": "chú thích cuối trang (footnotes, [^tên] trong body)",
}


def features_used(notice: Any) -> set[str]:
    """The FEATURES a notice (model.Notice) needs its template to print."""
    used = {
        "parent": notice.issuer.parent is not None,
        "draft": notice.number is None or notice.issue_date is None,
        "secrecy": notice.secrecy is not None,
        "urgency": notice.urgency is not None,
        "drafter": notice.drafter is not None,
        "footnotes": bool(notice.footnotes),
    }
    return {name for name, present in used.items() if present}


def _known_features(features: list[str]) -> list[str]:
    unknown = [f for f in features if f not in FEATURES]
    if unknown:
        raise ValueError(f"không biết tính năng {', '.join(unknown)}; các tính năng: {', '.join(FEATURES)}")
    return features


# The closing sentence's blanks, filled by the composer: {name} only, never attributes or
# indexes, so a manifest cannot reach into Python objects the way str.format allows.
CLOSING_FIELDS: dict[str, str] = {
    "issuer": "tên cơ quan ban hành, viết như trong câu (issuer.name)",
    "chair": "chức danh và họ tên người chủ trì (meeting.chair)",
    "meeting": "tên cuộc họp (meeting.name)",
    "audience": "ai nhận để thực hiện (closing.audience trong tệp YAML)",
    "action": "việc phải làm (closing.action trong tệp YAML)",
}
BLANK_FIELD = re.compile(r"\{([^{}]*)\}")
DEFAULT_CLOSING = "{issuer} thông báo kết luận của {chair} tại {meeting} để {audience} {action}"


def _closing_formula(text: str) -> str:
    unknown = [name for name in BLANK_FIELD.findall(text) if name not in CLOSING_FIELDS]
    if unknown:
        shown = ", ".join("{" + name + "}" for name in unknown)
        raise ValueError(f"chỗ trống {shown} không có; dùng {', '.join('{' + n + '}' for n in CLOSING_FIELDS)}")
    if "{" in BLANK_FIELD.sub("", text) or "}" in BLANK_FIELD.sub("", text):
        raise ValueError("dấu { hoặc } lẻ: chỗ trống viết dạng {issuer}")
    if not text.strip() or text.strip() in (".", nd30.CLOSING_MARK):
        raise ValueError("câu kết không được để trống")
    return text


class Wording(_Strict):
    """Words a template gives a notice that its input does not write itself."""

    heading_case: Literal["upper", "as_written"] = Field(
        "upper",
        description="Chữ của tiêu đề mục cấp 1 khi tệp YAML không nói (heading_case): upper in hoa (R-SEC), "
        "as_written in như viết.",
    )
    closing: Annotated[str, AfterValidator(_closing_formula)] = Field(
        DEFAULT_CLOSING,
        description="Câu kết mặc định, khi tệp YAML không viết closing.text; “./.” được thêm ở cuối "
        "(Writing). Chỗ trống: " + ", ".join("{" + n + "}" for n in CLOSING_FIELDS) + ".",
    )


def _file_name(name: str) -> str:
    """A file a manifest names lives in the template's folder: a relative name, never ``..``."""
    path = Path(name)
    if not name.strip() or path.is_absolute() or ".." in path.parts or "\\" in name:
        raise ValueError(f"“{name}” phải là tên một tệp trong thư mục mẫu, không phải đường dẫn ra ngoài thư mục")
    return name


FileName = Annotated[str, AfterValidator(_file_name)]


def template_file(folder: Path, name: str) -> Path:
    """``folder / name``, refused unless it is a regular file inside ``folder`` once symlinks are
    followed: a template reads its own files and nothing else (issue 15)."""
    _file_name(name)
    path = folder / name
    real = path.resolve()
    if not real.is_relative_to(folder.resolve()):
        raise RenderError(f"{path} là liên kết (symlink) chỉ ra ngoài thư mục mẫu {folder}; mẫu chỉ đọc tệp của nó")
    if not real.is_file():
        raise RenderError(f"thiếu tệp {name} trong {folder}")
    return path


class Manifest(_Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", description="Tên mẫu, như tệp YAML viết ở template:.")
    description: str = Field(min_length=1, description="Một dòng: mẫu này dành cho ai.")
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$", description="Phiên bản của mẫu, dạng 1.0.0.")
    features: Annotated[list[str], AfterValidator(_known_features)] = Field(
        [], description="Những gì của tệp nhập liệu mẫu in được: " + ", ".join(FEATURES) + "."
    )
    docx: FileName
    html: FileName
    css: FileName
    page: Page
    layout: Layout
    sizes: Annotated[dict[str, float], AfterValidator(_sizes_in_range)]
    wording: Wording = Wording()


@dataclass(frozen=True)
class PartStyle:
    """How one part prints: its size from the manifest, its weight and slant from NĐ30."""

    size: float
    bold: bool
    italic: bool


@dataclass(frozen=True)
class Template:
    name: str
    folder: Path
    manifest: Manifest

    @property
    def docx_path(self) -> Path:
        return self.folder / self.manifest.docx

    def closing(self, fields: dict[str, str]) -> str:
        """The manifest's closing formula with its blanks filled (without the final "./.")."""
        return BLANK_FIELD.sub(lambda m: fields[m.group(1)], self.manifest.wording.closing)

    def unsupported(self, used: set[str]) -> list[str]:
        """The features of an input that this template does not print, each explained."""
        return [FEATURES[f] for f in FEATURES if f in used and f not in self.manifest.features]

    def style(self, part: str) -> PartStyle:
        rule = nd30.PARTS[part]
        return PartStyle(self.manifest.sizes[part], rule.bold, rule.italic)

    def header_widths_pt(self) -> tuple[float, float]:
        """The header table's two columns: the text width and the outdents into both margins,
        split as the other tables are (``left_column``)."""
        layout = self.manifest.layout
        width_mm = self.manifest.page.text_width_mm + layout.header_outdent_left_mm + layout.header_outdent_right_mm
        left = round(width_mm * 72 / 25.4 * layout.left_column, 1)
        return left, round(width_mm * 72 / 25.4 - left, 1)

    def column_widths_pt(self) -> tuple[float, float]:
        """The header and signature tables' two columns (about 45 % / 55 %)."""
        width = self.manifest.page.text_width_mm * 72 / 25.4
        left = round(width * self.manifest.layout.left_column, 1)
        return left, round(width - left, 1)


def search_path(extra: Path | None = None) -> list[Path]:
    """Folders searched for templates, first match wins: --templates-dir, the
    environment variable, then the shipped ones."""
    folders = [extra] if extra else []
    folders += [Path(p) for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p]
    return [*folders, SHIPPED]


def find(name: str, extra: Path | None = None) -> Template:
    for folder in search_path(extra):
        candidate = folder / name
        if (candidate / MANIFEST).is_file():
            return open_template(candidate)
    known = sorted({p.parent.name for f in search_path(extra) if f.is_dir() for p in f.glob(f"*/{MANIFEST}")})
    raise RenderError(
        f"không có mẫu “{name}”; các mẫu có: {', '.join(known) or '(không có)'}. "
        f"Mẫu ở thư mục khác: dùng --templates-dir hoặc biến {ENV_VAR}"
    )


@cache
def open_template(folder: Path) -> Template:
    """A template, read once per process (a batch renders many notices with it)."""
    return load_template(folder)


def load_template(folder: Path) -> Template:
    """A template read now: ``templates check`` sees a maintainer's latest edit."""
    path = folder / MANIFEST
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        manifest = Manifest.model_validate(data)
    except tomllib.TOMLDecodeError as exc:
        raise RenderError(f"{path}: lỗi cú pháp TOML: {exc}") from None
    except ValidationError as exc:
        text = path.read_text(encoding="utf-8")
        lines = [
            f"{path}:{toml_line(text, e['loc'], _manifest_message(e))}: {'.'.join(map(str, e['loc'])) or 'manifest'}: "
            f"{_manifest_message(e)}"
            for e in exc.errors(include_url=False)
        ]
        raise RenderError("\n".join(lines)) from None
    for file in (manifest.docx, manifest.html, manifest.css):
        try:
            template_file(folder, file)
        except RenderError as exc:
            raise RenderError(f"{path}: {exc}") from None
    return Template(manifest.name, folder.resolve(), manifest)


def _manifest_message(error: Any) -> str:
    if error["type"] == "missing":
        return "thiếu thiết lập này"
    if error["type"] == "extra_forbidden":
        return "thiết lập này không có (viết sai tên?)"
    return str(error["msg"]).removeprefix("Value error, ")


def toml_line(text: str, loc: tuple[Any, ...], message: str = "") -> int:
    """The line of ``loc`` (("sizes", "body")) in a manifest, so an error points at the line to
    edit; the table's header line when the key is missing, 1 when neither is found. A check of a
    whole table (("page",)) names its key in the message ("margin_left_mm = 10: …")."""
    if len(loc) == 1 and (named := re.match(r"(\w+) = ", message)):
        line = toml_line(text, (loc[0], named.group(1)))
        if line != toml_line(text, (loc[0], "\0")):
            return line
    table, key = (str(loc[0]), str(loc[1])) if len(loc) > 1 else (None, str(loc[0]) if loc else "")
    in_table = table is None
    found = 1
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = table is not None and stripped.split("#")[0].strip() == f"[{table}]"
            if in_table:
                found = number
            continue
        if in_table and re.match(rf"{re.escape(key)}\s*=", stripped):
            return number
    return found


class FolderLoader(FileSystemLoader):
    """Jinja's file loader, kept to one folder: ``{% include %}`` of a symlink that leads out of
    the template's folder (to /etc/passwd) is refused, not printed into the notice."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.folder = folder

    def get_source(self, environment: Any, template: str) -> Any:
        source, filename, uptodate = super().get_source(environment, template)
        try:
            template_file(self.folder, template)
        except RenderError as exc:
            raise SecurityError(str(exc)) from None
        return source, filename, uptodate


def jinja_environment(folder: Path | None = None, *, autoescape: bool) -> SandboxedEnvironment:
    """Every template file is rendered in Jinja's sandbox: a template is data from a maintainer,
    and must not reach Python's internals (files, code) through the objects it is given.
    Undefined variables are errors, so a typo in a template never prints as nothing."""
    return SandboxedEnvironment(
        loader=FolderLoader(folder) if folder else None, autoescape=autoescape, undefined=StrictUndefined
    )


def style_context(template: Template) -> dict[str, Any]:
    """The measurements a template file may use: the CSS is built from these alone."""
    return {
        "style": {part: template.style(part) for part in nd30.PARTS},
        "page": template.manifest.page,
        "layout": template.manifest.layout,
        "wording": template.manifest.wording,
        "columns": template.column_widths_pt(),
        "header_columns": template.header_widths_pt(),
    }


def context(doc: Document, template: Template) -> dict[str, Any]:
    """The variables every document template sees, the same for DOCX and HTML."""
    return {**{f.name: getattr(doc, f.name) for f in dataclasses.fields(doc)}, **style_context(template)}
