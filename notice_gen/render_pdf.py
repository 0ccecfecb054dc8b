"""Print a composed Document as PDF through the template's HTML and CSS.

WeasyPrint reads nothing but the template folder: a URL fetcher refuses any
other URL, so rendering never touches the network. The CSS (a Jinja template
over the manifest's measurements) and the font configuration are prepared
once per renderer, not once per notice. After layout, every font WeasyPrint
chose is checked: any face other than the resolved serif means a character
fell back to another font, which R-FONT forbids.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import TemplateError
from jinja2.exceptions import SecurityError
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from . import fonts
from .document import Document
from .errors import RenderError
from .templates import Template, context, jinja_environment, style_context


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
                    # Word's "multiple" line spacing counts in the face's single-line height.
                    line_height=template.manifest.layout.line_spacing * fonts.single_line_factor(),
                )
            )
        except SecurityError as exc:
            raise RenderError(f"{template.folder}: mẫu CSS dùng thao tác không an toàn: {exc}") from None
        except TemplateError as exc:
            raise RenderError(f"{template.folder}: lỗi mẫu HTML/CSS: {exc}") from None
        self.css = CSS(
            string=css_text, base_url=str(template.folder) + "/", url_fetcher=self.fetcher, font_config=self.font_config
        )

    def render(self, doc: Document) -> bytes:
        try:
            html = self.html.render(context(doc, self.template))
        except SecurityError as exc:
            raise RenderError(f"{self.template.folder}: mẫu HTML dùng thao tác không an toàn: {exc}") from None
        except TemplateError as exc:
            raise RenderError(f"{self.template.folder / self.template.manifest.html}: {exc}") from None
        try:
            document = HTML(string=html, base_url=str(self.template.folder) + "/", url_fetcher=self.fetcher).render(
                stylesheets=[self.css], font_config=self.font_config
            )
        except FatalURLFetchingError as exc:
            raise RenderError(str(exc)) from None
        pdf = document.write_pdf(pdf_version="1.7")
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
