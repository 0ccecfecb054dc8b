"""Templates are data: a folder with a manifest, a DOCX and an HTML/CSS pair.

The manifest holds every measurement (margins, sizes, indent, spacing). Each is
checked against NĐ30's range when the template is opened, so a maintainer who
sets a size NĐ30 does not allow is told at once, with the rule id. Bold and
italic are not settings: NĐ30 fixes them per part (``nd30.PARTS``).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from . import nd30
from .document import Document
from .errors import RenderError

SHIPPED = Path(__file__).resolve().parent.parent / "templates"
ENV_VAR = "NOTICE_GEN_TEMPLATES"
MANIFEST = "manifest.toml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Page(_Strict):
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float
    header_distance_mm: float = Field(gt=0)

    @model_validator(mode="after")
    def _nd30(self) -> Page:
        for side, (low, high) in nd30.MARGINS_MM.items():
            value = getattr(self, f"margin_{side}_mm")
            if not low <= value <= high:
                raise ValueError(f"lề {side} {value} mm nằm ngoài khoảng {low}–{high} mm (R-MARGIN)")
        if self.header_distance_mm >= self.margin_top_mm:
            raise ValueError("header_distance_mm phải nhỏ hơn lề trên, để số trang nằm trong lề (R-PAGENO)")
        return self

    @property
    def text_width_mm(self) -> float:
        return nd30.PAGE_MM[0] - self.margin_left_mm - self.margin_right_mm


class Layout(_Strict):
    first_line_indent_cm: float
    space_after_pt: float
    line_spacing: float
    left_column: float = Field(ge=0.35, le=0.55, description="Share of the text width for the left column.")
    issuer_rule: float
    subject_rule: float
    signature_space_pt: float = Field(ge=36, le=144)
    rule_gap_pt: float = Field(ge=0, le=12, description="Space between a text and the rule under it.")
    rule_space_after_pt: float = Field(ge=0, le=12, description="Space below a rule.")
    rule_width_pt: float = Field(ge=0.25, le=1.5, description="Thickness of the rules (R-TN, R-CQ, R-SUBJ).")
    mark_space_before_pt: float = Field(ge=0, le=12, description="Above the urgency mark's box (R-KHAN).")
    # NĐ30 sets no spacing between the header, the title and the body: keep it balanced (Mẫu 1.4).
    date_space_before_pt: float = Field(ge=0, le=24, description="Above the Số and date lines.")
    title_space_before_pt: float = Field(ge=0, le=48, description="Above THÔNG BÁO.")
    subject_space_after_pt: float = Field(ge=0, le=36, description="Below the subject's rule.")

    @model_validator(mode="after")
    def _nd30(self) -> Layout:
        if self.first_line_indent_cm not in nd30.FIRST_LINE_INDENTS_CM:
            raise ValueError(f"thụt đầu dòng {self.first_line_indent_cm} cm: NĐ30 cho 1 cm hoặc 1,27 cm (R-BODY)")
        if self.space_after_pt < nd30.MIN_SPACE_AFTER_PT:
            raise ValueError(f"khoảng cách đoạn {self.space_after_pt} pt: tối thiểu 6 pt (R-BODY)")
        low, high = nd30.LINE_SPACING
        if not low <= self.line_spacing <= high:
            raise ValueError(f"giãn dòng {self.line_spacing}: NĐ30 cho từ 1 đến 1,5 dòng (R-BODY)")
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
        f"cỡ chữ {part} = {size} pt nằm ngoài {rule.sizes[0]}–{rule.sizes[1]} pt ({rule.rule})"
        for part, size in sizes.items()
        if not (rule := nd30.PARTS[part]).sizes[0] <= size <= rule.sizes[1]
    ]
    if wrong:
        raise ValueError("; ".join(wrong))
    return sizes


class Manifest(_Strict):
    name: str
    description: str
    version: str
    features: list[str] = []
    docx: str
    html: str
    css: str
    page: Page
    layout: Layout
    sizes: Annotated[dict[str, float], AfterValidator(_sizes_in_range)]


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

    def style(self, part: str) -> PartStyle:
        rule = nd30.PARTS[part]
        return PartStyle(self.manifest.sizes[part], rule.bold, rule.italic)

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
    raise RenderError(f"không có mẫu “{name}”; các mẫu có: {', '.join(known) or '(không có)'}")


@cache
def open_template(folder: Path) -> Template:
    path = folder / MANIFEST
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        manifest = Manifest.model_validate(data)
    except tomllib.TOMLDecodeError as exc:
        raise RenderError(f"{path}: lỗi cú pháp TOML: {exc}") from None
    except ValidationError as exc:
        lines = [
            f"{path}: {'.'.join(map(str, e['loc'])) or 'manifest'}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors(include_url=False)
        ]
        raise RenderError("\n".join(lines)) from None
    for file in (manifest.docx, manifest.html, manifest.css):
        if not (folder / file).is_file():
            raise RenderError(f"{path}: thiếu tệp {file} trong {folder}")
    return Template(manifest.name, folder.resolve(), manifest)


def jinja_environment(folder: Path | None = None, *, autoescape: bool) -> SandboxedEnvironment:
    """Every template file is rendered in Jinja's sandbox: a template is data from a maintainer,
    and must not reach Python's internals (files, code) through the objects it is given.
    Undefined variables are errors, so a typo in a template never prints as nothing."""
    return SandboxedEnvironment(
        loader=FileSystemLoader(folder) if folder else None, autoescape=autoescape, undefined=StrictUndefined
    )


def style_context(template: Template) -> dict[str, Any]:
    """The measurements a template file may use: the CSS is built from these alone."""
    return {
        "style": {part: template.style(part) for part in nd30.PARTS},
        "page": template.manifest.page,
        "layout": template.manifest.layout,
        "columns": template.column_widths_pt(),
    }


def context(doc: Document, template: Template) -> dict[str, Any]:
    """The variables every document template sees, the same for DOCX and HTML."""
    return {**{f.name: getattr(doc, f.name) for f in dataclasses.fields(doc)}, **style_context(template)}
