"""One notice through the whole pipeline: load → validate → compose → render → write.

A Pipeline keeps one renderer per template and format, so a batch parses each
template, its CSS and the font configuration once. Both formats are rendered
in memory, then written together (output.write_all): a notice whose PDF fails
leaves no DOCX behind either.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from . import templates
from .compose import compose
from .document import Document
from .model import load_notice
from .output import target, write_all

FORMATS = ("docx", "pdf")


class Renderer(Protocol):
    def render(self, doc: Document) -> bytes: ...


@dataclass
class Pipeline:
    out_dir: Path
    formats: tuple[str, ...] = FORMATS
    templates_dir: Path | None = None
    _renderers: dict[tuple[str, str], Renderer] = field(default_factory=dict)

    def renderer(self, template: templates.Template, fmt: str) -> Renderer:
        key = (str(template.folder), fmt)
        if key not in self._renderers:
            if fmt == "docx":
                from .render_docx import DocxRenderer

                self._renderers[key] = DocxRenderer(template)
            else:
                from .render_pdf import PdfRenderer

                self._renderers[key] = PdfRenderer(template)
        return self._renderers[key]

    def render(self, path: Path) -> list[Path]:
        """Render one input; raises a NoticeError (nothing written) on failure."""
        notice = load_notice(path)
        template = templates.find(notice.template, self.templates_dir)
        doc = compose(notice, template)
        outputs = {target(self.out_dir, path, fmt): self.renderer(template, fmt).render(doc) for fmt in self.formats}
        write_all(outputs)
        return list(outputs)


def collect(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the *.yaml / *.yml files of folders, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            found.append(path)
    return found
