"""`notice-gen check`: judge any DOCX or PDF notice against NĐ30.

The checker is a pipeline of its own: a reader (``docx_reader`` or
``pdf_reader``) turns the file into paragraphs, ``parts`` finds the parts of
Mẫu 1.4 among them, ``rules`` judges them, and ``fix`` repairs what is
mechanical in a DOCX. It judges the project's own outputs and notices typed
by hand in Word alike, so it knows nothing of notice_gen's templates.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from .limits import (
    MAX_FILE_BYTES,
    MAX_PDF_CONTENT_BYTES,
    MAX_PDF_PAGES,
    MAX_UNZIPPED_BYTES,
    MAX_XML_PART_BYTES,
    MAX_ZIP_ENTRIES,
    TooLarge,
)
from .report import Finding, Report

FORMATS = ("docx", "pdf")
def bounded(path: Path, kind: str) -> Any:
    """Refuse, before any parser sees it, a file larger than a notice can be: on disk, and for a
    DOCX by its zip directory (entries, total unpacked size, size of each XML part). Python's
    zipfile never unpacks more than an entry's declared size, so the directory bounds the reading.
    A PDF is parsed (pypdf) to measure it: that document is returned for the reader to use again."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TooLarge(f"tệp {size / 1e6:.0f} MB, lớn hơn {MAX_FILE_BYTES // 1_000_000} MB mà notice-gen đọc")
    if kind == "pdf":
        return _bounded_pdf(path)
    if kind != "docx":
        return None
    with zipfile.ZipFile(path) as archive:
        entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise TooLarge(f"tệp DOCX có {len(entries)} phần, nhiều hơn {MAX_ZIP_ENTRIES} mà notice-gen đọc")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNZIPPED_BYTES:
        raise TooLarge(
            f"tệp DOCX giải nén ra {total / 1e6:.0f} MB (có thể là “bom zip”), "
            f"lớn hơn {MAX_UNZIPPED_BYTES // 1_000_000} MB mà notice-gen đọc"
        )
    for entry in entries:
        if entry.filename.endswith((".xml", ".rels")) and entry.file_size > MAX_XML_PART_BYTES:
            raise TooLarge(
                f"phần {entry.filename} của tệp DOCX giải nén ra {entry.file_size / 1e6:.0f} MB, "
                f"lớn hơn {MAX_XML_PART_BYTES // 1_000_000} MB mà notice-gen đọc"
            )


def _bounded_pdf(path: Path) -> Any:
    """A PDF's page count, and what its pages' content unpacks to: a small file can hold a
    stream of zeros that unpacks to gigabytes (a "PDF bomb"), and the text readers unpack each
    stream whole. pypdf unpacks at most 75 MB of a stream (its Configuration), so each step of
    the sum below is bounded too."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError
    from pypdf.generic import StreamObject

    document = PdfReader(path)
    if document.is_encrypted:
        return document  # the reader says it is locked, in its own words
    if len(document.pages) > MAX_PDF_PAGES:
        raise TooLarge(f"tệp PDF có {len(document.pages)} trang, nhiều hơn {MAX_PDF_PAGES} trang mà notice-gen đọc")
    total = 0
    seen: set[int] = set()
    for page in document.pages:
        try:
            streams = [page.get_contents()]
        except LimitReachedError:
            streams, total = [], MAX_PDF_CONTENT_BYTES + 1
        resources = [page.get("/Resources")]
        while resources:
            found = resources.pop()
            found = found.get_object() if found is not None else None
            if not isinstance(found, dict):
                continue
            xobjects = found.get("/XObject")
            for reference in (xobjects.get_object() if xobjects is not None else {}).values():
                form, key = reference.get_object(), getattr(reference, "idnum", id(reference))
                if not isinstance(form, StreamObject) or form.get("/Subtype") != "/Form" or key in seen:
                    continue
                seen.add(key)  # a form drawn on every page, or inside itself, is counted once
                streams.append(form)
                resources.append(form.get("/Resources"))
            fonts = found.get("/Font")
            for reference in (fonts.get_object() if fonts is not None else {}).values():
                streams += _font_streams(reference, seen)
        for stream in streams:
            try:
                total += len(stream.get_data()) if stream is not None else 0
            except LimitReachedError:  # one stream over pypdf's own bound
                total = MAX_PDF_CONTENT_BYTES + 1
            if total > MAX_PDF_CONTENT_BYTES:
                break
        if total > MAX_PDF_CONTENT_BYTES:
            raise TooLarge(
                f"nội dung các trang PDF giải nén ra hơn {MAX_PDF_CONTENT_BYTES // 1_000_000} MB "
                "(có thể là “bom PDF”), nhiều hơn một thông báo có thể có"
            )
    return document


_FONT_PARTS = ("/ToUnicode", "/FontDescriptor", "/FontFile", "/FontFile2", "/FontFile3")


def _font_streams(reference: Any, seen: set[int]) -> list[Any]:
    """The streams a text reader unpacks for a font: its ToUnicode map and embedded font file,
    also of a composite font's descendant; each counted once however many pages use it."""
    from pypdf.generic import StreamObject

    out: list[Any] = []
    todo = [reference]
    while todo:
        item = todo.pop()
        key = getattr(item, "idnum", id(item))
        if key in seen:
            continue
        seen.add(key)
        found = item.get_object()
        if isinstance(found, StreamObject):
            out.append(found)
        elif isinstance(found, dict):
            todo += [found[name] for name in _FONT_PARTS if name in found]
            descendants = found.get("/DescendantFonts")
            todo += list(descendants.get_object()) if descendants is not None else []
    return out


def check_file(path: Path) -> Report:
    """Every finding for one file. A file that cannot be read is reported, never raised."""
    kind = path.suffix.lower().lstrip(".")
    report = Report(path, kind)
    if kind not in FORMATS:
        report.unreadable = "chỉ kiểm tra được tệp .docx hoặc .pdf"
        return report
    try:
        if kind == "docx":
            from . import docx_reader as reader
        else:
            from . import pdf_reader as reader  # type: ignore[no-redef]
        opened = bounded(path, kind)
        observed, own = reader.read(path, opened) if kind == "pdf" else reader.read(path)
        from .rules import check

        common, blank = check(observed)
    except Exception as exc:  # a parser's own error (PDFium, pypdf, lxml, zipfile) or a bug of ours: never a traceback
        report.unreadable = _why(kind, exc)
        return report
    report.draft = blank or observed.draft_mark
    if report.draft:
        report.draft_reason = "số hoặc ngày còn để trống" if blank else "có dấu “DỰ THẢO” ở đầu trang"
    report.findings = _ordered([*own, *common])
    return report


def _why(kind: str, exc: Exception) -> str:
    """Why a file could not be judged, in words a drafter can act on."""
    from .pdf_reader import Locked, NoText

    if isinstance(exc, NoText | Locked | TooLarge):
        return str(exc)
    parser = type(exc).__module__.split(".")[0] in ("pypdfium2", "pypdf", "lxml", "docx")
    if isinstance(exc, OSError | zipfile.BadZipFile | KeyError | ValueError) or parser:
        return f"tệp hỏng hoặc không đúng định dạng {kind.upper()} ({type(exc).__name__})"
    return f"lỗi nội bộ của notice-gen ({type(exc).__name__}: {exc}); xin báo lại kèm tệp này"


def _ordered(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by place in the document; duplicates dropped."""

    def place(f: Finding) -> tuple[int, ...]:
        w = f.where
        return tuple(w.get(k, 0) for k in ("section", "header", "page", "table", "row", "cell", "paragraph", "line"))

    unique = list({(f.rule, f.message, tuple(f.where.items()), f.text): f for f in findings}.values())
    return sorted(unique, key=lambda f: (f.level != "error", place(f)))
