"""Print a composed Document as PDF through the template's HTML and CSS.

WeasyPrint reads nothing but the template folder: a URL fetcher refuses any
other URL, so rendering never touches the network. The CSS (a Jinja template
over the manifest's measurements) and the font configuration are prepared
once per renderer, not once per notice. After layout, every font WeasyPrint
chose is checked: any face other than the resolved serif means a character
fell back to another font, which R-FONT forbids.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import TemplateError
from jinja2.exceptions import SecurityError
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .. import __version__
from ..errors import RenderError
from ..notice.document import Document
from ..templates import Template, context, jinja_environment, style_context
from . import fonts, reproducible

PDF_A = ("pdf/a-2b", "pdf/a-3b")  # WeasyPrint 70 writes both; see docs/issuing.md for the default
YAML_MIME = "application/yaml"  # RFC 9512


@dataclass(frozen=True)
class Embedded:
    """A file carried inside a PDF/A-3, e.g. the notice's source YAML."""

    name: str
    data: bytes
    description: str
    relationship: str = "Source"  # PDF/A-3 AFRelationship: the data the page was made from


def _attachment(item: Embedded, when: str) -> Attachment:
    """A WeasyPrint attachment with dates from the notice (it would take the clock otherwise)."""
    stamp = dt.datetime.fromisoformat(when)
    return Attachment(
        file_obj=io.BytesIO(item.data),
        name=item.name,
        description=item.description,
        created=stamp.astimezone(dt.UTC),
        modified=stamp.astimezone(dt.UTC),
        relationship=item.relationship,
    )


def _finish_attachments(_document: Any, pdf: Any) -> None:
    """Two fixes to WeasyPrint 70's PDF/A-3 attachments, run before the file is written.

    WeasyPrint guesses an attachment's MIME type from the system's mime.types, which differs
    between machines (and lacks YAML on some): the bytes must not vary, so it is set here. And
    its PDF/A code lists each attachment twice in the catalog's /AF array: once is enough."""
    for item in pdf.objects:
        extra = getattr(item, "extra", None)
        if isinstance(extra, dict) and extra.get("Type") == "/EmbeddedFile":
            extra["Subtype"] = "/" + YAML_MIME.replace("/", "#2f")
    if "AF" in pdf.catalog:
        unique = list(dict.fromkeys(pdf.catalog["AF"]))
        pdf.catalog["AF"].clear()
        pdf.catalog["AF"].extend(unique)


class TemplateOnlyFetcher(URLFetcher):
    """Serves files from inside one folder and refuses everything else."""

    def __init__(self, folder: Path) -> None:
        super().__init__(allowed_protocols={"file"})
        self.folder = folder.resolve()

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or not path.is_relative_to(self.folder):
            raise FatalURLFetchingError(f"mẫu PDF chỉ được đọc tệp trong {self.folder}, không được đọc {url}")
        return super().fetch(url, headers)


class PdfRenderer:
    def __init__(self, template: Template) -> None:
        self.template = template
        self.face = fonts.serif()
        self.env = jinja_environment(template.folder, autoescape=True)
        self.fetcher = TemplateOnlyFetcher(template.folder)
        self.font_config = FontConfiguration()
        try:
            self.html = self.env.get_template(template.manifest.html)
            css_text = (
                jinja_environment(template.folder, autoescape=False)
                .get_template(template.manifest.css)
                .render(
                    **style_context(template),
                    font_family=self.face.family,
                    # Word's "multiple" line spacing counts in the face's single-line height; every
                    # other paragraph is single-spaced, as in the DOCX (fonts.single_line_factor).
                    line_height=template.manifest.layout.line_spacing * fonts.single_line_factor(),
                    single_line_height=fonts.single_line_factor(),
                )
            )
        except SecurityError as exc:
            raise RenderError(f"{template.folder}: mẫu CSS dùng thao tác không an toàn: {exc}") from None
        except TemplateError as exc:
            raise RenderError(f"{template.folder}: lỗi mẫu HTML/CSS: {exc}") from None
        try:  # @import and @font-face are fetched here
            self.css = CSS(
                string=css_text,
                base_url=str(template.folder) + "/",
                url_fetcher=self.fetcher,
                font_config=self.font_config,
            )
        except FatalURLFetchingError as exc:  # a BaseException: it would stop a whole batch
            raise RenderError(f"{template.folder / template.manifest.css}: {exc}") from None

    def render(self, doc: Document, *, variant: str | None = None, attachments: Sequence[Embedded] = ()) -> bytes:
        """The PDF; ``variant`` is None (PDF 1.7) or one of PDF_A, ``attachments`` go into a PDF/A-3."""
        return self.write(self.layout(doc), doc, variant=variant, attachments=attachments)

    def layout(self, doc: Document, extra_css: str = "") -> Any:
        """WeasyPrint's laid-out document; ``extra_css`` (notice-gen's own, never the user's) may hide
        parts without moving anything else: `prepare` leaves the number and date to form fields."""
        try:
            html = self.html.render(context(doc, self.template))
        except SecurityError as exc:
            raise RenderError(f"{self.template.folder}: mẫu HTML dùng thao tác không an toàn: {exc}") from None
        except TemplateError as exc:
            raise RenderError(f"{self.template.folder / self.template.manifest.html}: {exc}") from None
        stylesheets = [self.css]
        if extra_css:
            stylesheets.append(CSS(string=extra_css, font_config=self.font_config))
        try:
            return HTML(string=html, base_url=str(self.template.folder) + "/", url_fetcher=self.fetcher).render(
                stylesheets=stylesheets, font_config=self.font_config
            )
        except FatalURLFetchingError as exc:
            raise RenderError(str(exc)) from None

    def write(
        self, document: Any, doc: Document, *, variant: str | None = None, attachments: Sequence[Embedded] = ()
    ) -> bytes:
        """The PDF bytes of a laid-out document (``layout``)."""
        if variant is not None and variant not in PDF_A:
            raise RenderError(f"không hỗ trợ biến thể PDF “{variant}”; chọn một trong {', '.join(PDF_A)}")
        if attachments and variant != "pdf/a-3b":
            raise RenderError("chỉ PDF/A-3 được mang tệp đính kèm; PDF/A-2b thì không")
        # Dates from the notice, never the clock (reproducible.py); the Info dictionary and the XMP
        # metadata of a PDF/A both take them from here, so they agree as PDF/A requires.
        when = reproducible.moment(doc.date).isoformat()
        document.metadata.created = document.metadata.modified = when
        document.metadata.generator = f"notice-gen {__version__}"
        try:  # <link rel=attachment> is fetched here
            pdf = document.write_pdf(
                pdf_version="1.7",
                pdf_variant=variant,
                attachments=[_attachment(item, when) for item in attachments],
                finisher=_finish_attachments if attachments else None,
            )
        except FatalURLFetchingError as exc:
            raise RenderError(str(exc)) from None
        self._check_fonts(document.fonts.values())  # after drawing: missing glyphs are found then
        return pdf

    def _check_fonts(self, used: Iterable[Any]) -> None:
        """R-FONT: only the resolved serif face, and no character it lacks (printed as a box)."""
        for font in used:
            if font.family != self.face.family:
                raise RenderError(
                    f"có chữ được in bằng phông “{font.family}” thay vì {self.face.family} (R-FONT): "
                    "văn bản chứa ký tự mà phông này không có"
                )
            if font.missing:
                chars = ", ".join(f"“{chr(c)}” (U+{c:04X})" for c in sorted(font.missing))
                raise RenderError(f"phông {self.face.family} không có ký tự {chars} (R-FONT); hãy bỏ hoặc thay chúng")
