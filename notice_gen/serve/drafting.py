"""What one draft text gives: its input problems, lint and check findings, page images, files.

The page sends the YAML text it holds (saved or not); this module runs the project's own
steps on it, as `render`, `lint` and `check` would on a file: load.py and the model for the
problems (file:line:column and field), lint for the findings, compose and the PDF renderer
for the pages (drawn by pypdfium2), check on that PDF. A text is written to a scratch file
inside FOLDER under the notice's own name, so every message names the notice as the CLI
would. Every finding carries the field path (``body[1].content[0].deadline``) the form uses
to show it beside its field.

The preview's path is kept short (issue 16: the pages at most 1 s after typing stops): the
page asks for lint and check findings in requests of their own, after the pages.

WeasyPrint and PDFium are not made for concurrent use from threads: one lock serialises the
rendering; requests wait their turn (one office, a handful of drafters).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
import subprocess
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import templates
from ..errors import InputError, NoticeError, Problem
from ..lint.rules import Check, Finding, Rules
from ..lint.runner import run as lint_run
from ..notice.load import PathKey, Source, field_path, load
from ..notice.model import Notice, validate
from ..render.compose import compose
from ..render.pipeline import Pipeline

PREVIEW_DPI = 96  # an A4 page 794 px wide: sharp enough on screen, 5 pages in well under 0.1 s
CACHE_SIZE = 24  # rendered PDFs kept for their page images and downloads
SOFFICE_TIMEOUT_S = 120

# Which field a check finding concerns, by the part of Mẫu 1.4 it names (check/parts.py).
_PART_FIELDS = {
    "issuer": "issuer",
    "number": "number",
    "date": "issue_date",
    "place": "place",
    "subject": "subject",
    "doc_type": "subject",
    "body": "body",
    "recipients": "recipients",
    "archive": "archive",
    "signer": "signer",
    "authority": "signer.authority",
    "secrecy": "secrecy",
    "urgency": "urgency",
}


@dataclass
class Draft:
    """The result of one draft text."""

    problems: list[dict[str, Any]] = field(default_factory=list)  # input errors (the notice does not load)
    render_error: str | None = None
    pdf_key: str | None = None
    pages: int = 0
    notice: Notice | None = None


class Drafting:
    """The server's drafting engine over one folder's scratch space."""

    def __init__(self, scratch: Path, templates_dir: Path | None = None) -> None:
        self.scratch = scratch
        self.templates_dir = templates_dir
        self.rules = Rules.load()
        self.pipeline = Pipeline(out_dir=scratch, templates_dir=templates_dir)
        self.lock = threading.RLock()
        self._pdfs: OrderedDict[str, bytes] = OrderedDict()
        self._pngs: OrderedDict[tuple[str, int], bytes] = OrderedDict()
        self._loaded: OrderedDict[str, tuple[Source, Notice]] = OrderedDict()

    @contextlib.contextmanager
    def scratch_file(self, name: str, data: bytes) -> Iterator[Path]:
        """``data`` as scratch file ``name`` (its own folder: two drafts of one notice never meet)."""
        folder = Path(tempfile.mkdtemp(dir=self.scratch))
        try:
            path = folder / name
            path.write_bytes(data)
            yield path
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    # --- Evaluate ------------------------------------------------------------------------------

    def evaluate(self, name: str, text: str, *, final: bool = False) -> Draft:
        """The input problems of ``text`` and, when it loads, its rendered PDF: what the preview
        waits for. Lint runs apart (``lint``), so that the pages come back sooner."""
        draft = Draft()
        try:
            _source, notice = self._load(name, text)
        except InputError as exc:
            draft.problems = [_problem(p, name) for p in exc.problems]
            return draft
        draft.notice = notice
        try:
            pdf = self.render(notice, "pdf", final=final)
        except NoticeError as exc:
            draft.render_error = str(exc)
            return draft
        draft.pdf_key = self._keep(pdf)
        draft.pages = self.page_count(draft.pdf_key)
        return draft

    def lint(self, name: str, text: str) -> list[dict[str, Any]] | None:
        """`notice-gen lint` on ``text``, each finding with its field; None when it does not load."""
        try:
            source, notice = self._load(name, text)
        except InputError:
            return None
        check = Check(Path(name), text, source, notice, self.rules)
        return [_finding(f, name, source) for f in check.run()]

    def _load(self, name: str, text: str) -> tuple[Source, Notice]:
        """load.py and the model on ``text``, as `render` reads a file; the last few are kept,
        as the preview and lint ask for the same text one after the other."""
        key = hashlib.sha256(f"{name}\0{text}".encode()).hexdigest()
        with self.lock:
            if key in self._loaded:
                return self._loaded[key]
        with self.scratch_file(name, text.encode("utf-8")) as path:
            source = load(path)
            notice = validate(source)
        with self.lock:
            self._loaded[key] = (source, notice)
            while len(self._loaded) > CACHE_SIZE:
                self._loaded.popitem(last=False)
        return source, notice

    def render(self, notice: Notice, fmt: str, *, final: bool = False) -> bytes:
        """One format of ``notice``, a draft (DỰ THẢO marked) unless ``final``."""
        template = templates.find(notice.template, self.templates_dir)
        if unsupported := template.unsupported(templates.features_used(notice)):
            raise NoticeError(f"mẫu “{template.name}” không in được {'; '.join(unsupported)}")
        with self.lock:
            return self.pipeline.renderer(template, fmt).render(compose(notice, template, final=final))

    def notice_of(self, name: str, data: bytes) -> Notice:
        """The validated notice of a saved file; InputError with file:line:column otherwise."""
        with self.scratch_file(name, data) as path:
            try:
                return validate(load(path))
            except InputError as exc:
                named = [Problem(Path(name), p.line, p.column, p.field, p.message) for p in exc.problems]
                raise InputError(named) from None

    # --- Pages ---------------------------------------------------------------------------------

    def _keep(self, pdf: bytes) -> str:
        key = hashlib.sha256(pdf).hexdigest()[:32]
        with self.lock:
            self._pdfs[key] = pdf
            self._pdfs.move_to_end(key)
            while len(self._pdfs) > CACHE_SIZE:
                old, _ = self._pdfs.popitem(last=False)
                for page in [k for k in self._pngs if k[0] == old]:
                    del self._pngs[page]
        return key

    def pdf(self, key: str) -> bytes | None:
        with self.lock:
            return self._pdfs.get(key)

    def page_count(self, key: str) -> int:
        import pypdfium2 as pdfium

        from ..check.pdf_glyphs import LOCK  # PDFium: one thread at a time in the process (check uses it too)

        with self.lock, LOCK:
            document = pdfium.PdfDocument(self._pdfs[key])
            try:
                return len(document)
            finally:
                document.close()

    def page_png(self, key: str, index: int) -> bytes | None:
        """Page ``index`` of a kept PDF as a PNG (pypdfium2), drawn once."""
        import pypdfium2 as pdfium

        from ..check.pdf_glyphs import LOCK

        with self.lock, LOCK:
            if (key, index) in self._pngs:
                return self._pngs[(key, index)]
            pdf = self._pdfs.get(key)
            if pdf is None:
                return None
            document = pdfium.PdfDocument(pdf)
            try:
                if not 0 <= index < len(document):
                    return None
                # Grey: a notice is black on white (PDFium's grey output is 3x smaller and faster to save).
                image = document[index].render(scale=PREVIEW_DPI / 72, grayscale=True).to_pil()
            finally:
                document.close()
            out = io.BytesIO()
            image.save(out, format="PNG", compress_level=1)
            self._pngs[(key, index)] = out.getvalue()
            return self._pngs[(key, index)]

    def docx_pages(self, notice: Notice) -> str:
        """The DOCX as LibreOffice lays it out, kept like a PDF preview; RuntimeError without LibreOffice."""
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            raise RuntimeError("máy chủ chưa cài LibreOffice")
        docx = self.render(notice, "docx")
        with self.scratch_file("xem-truoc.docx", docx) as path:
            profile = path.parent / "lo-profile"
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                 "--outdir", str(path.parent), str(path)],
                check=True, capture_output=True, timeout=SOFFICE_TIMEOUT_S,
            )  # fmt: skip
            return self._keep((path.parent / "xem-truoc.pdf").read_bytes())

    # --- Check and fix -------------------------------------------------------------------------

    def check(self, key: str) -> list[dict[str, Any]]:
        """`notice-gen check` on a kept PDF, each finding with the field of its part."""
        from ..check import check_file

        pdf = self.pdf(key)
        if pdf is None:
            return []
        with self.scratch_file("xem-truoc.pdf", pdf) as path:
            report = check_file(path)
        if report.unreadable:
            return [{"level": "lỗi", "rule": "check", "message": report.unreadable, "hint": "", "field": ""}]
        return [
            {
                "level": "lỗi" if f.level == "error" else "cảnh báo",
                "rule": f.rule,
                "message": f.message,
                "hint": f.hint,
                "where": f.location(),
                "field": _PART_FIELDS.get(f.part, ""),
            }
            for f in report.findings
        ]

    def fix(self, name: str, text: str) -> tuple[str, list[str]]:
        """`notice-gen lint --fix` on ``text``: the fixed text and what was done."""
        lines: list[str] = []
        with self.scratch_file(name, text.encode("utf-8")) as path:
            lint_run([path], self.rules, fix=True, echo=lines.append)
            fixed = path.read_text(encoding="utf-8")
            prefix = f"{path}:"
        return fixed, [line.replace(prefix, f"{name}:") for line in lines if "đã sửa" in line]


def _problem(problem: Problem, name: str) -> dict[str, Any]:
    return {
        "where": f"{name}:{problem.line}:{problem.column}",
        "line": problem.line,
        "column": problem.column,
        "field": problem.field,
        "message": problem.message,
    }


def _finding(finding: Finding, name: str, source: Source) -> dict[str, Any]:
    return {
        "where": f"{name}:{finding.line}:{finding.column}",
        "line": finding.line,
        "column": finding.column,
        "field": field_path(field_at(source, finding.line, finding.column)),
        "level": finding.level,
        "rule": finding.rule,
        "message": finding.message,
        "hint": finding.hint,
        "fixable": finding.fixable,
    }


def field_at(source: Source, line: int, column: int) -> PathKey:
    """The innermost value that starts at or before line:column: the field a lint finding is in."""
    best: PathKey = ()
    best_at = (0, 0)
    for path, at in source.values.items():
        if best_at <= at <= (line, column) and (at > best_at or len(path) > len(best)):
            best, best_at = path, at
    return best
