"""Turn a source file into the paragraphs the recogniser reads.

DOCX and PDF go through the readers of ``notice-gen check`` (check/docx_reader,
check/pdf_reader): they already resolve Word's style chain, rebuild a PDF's
paragraphs from glyph positions and split Shift+Enter lines, so the importer
sees a notice exactly as the checker judges it. Plain text and Markdown (the
form archived notices and the seeds come in) have no reader there; this module
turns them into the same ``Para`` objects: one paragraph a line, ``**bold**``
and ``#`` marks read as bold, hard line breaks ("two spaces, newline") as lines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

from ..check.layout import Para, Span, split
from ..errors import NoticeError

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
SUFFIXES = (".docx", ".pdf", *TEXT_SUFFIXES)


class ReadError(NoticeError):
    """The source cannot be read as a notice (a scan, a locked PDF, a broken file)."""


@dataclass
class Source:
    kind: str  # "docx", "pdf" or "text"
    paras: list[Para]
    pages: int | None = None  # a PDF's page count
    footnotes: int = 0  # footnote calls in the body, which the readers leave out of the text
    notes: dict[str, str] = field(default_factory=dict)  # the footnotes called as [^name] in the text


def kind_of(path: Path) -> str | None:
    """The source kind by its first bytes, whatever its name says."""
    try:
        with path.open("rb") as stream:
            head = stream.read(5)
    except OSError:
        return None
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"%PDF"):
        return "pdf"
    return "text" if path.suffix.lower() in TEXT_SUFFIXES else None


def read(path: Path, *, footnotes: bool = True) -> Source:
    """``footnotes``: a DOCX's footnote calls as "[^1]" in the text, their texts in ``notes``."""
    kind = kind_of(path)
    opened = _bounded(path, kind) if kind in ("docx", "pdf") else None
    if kind == "docx":
        return _docx(path, footnotes)
    if kind == "pdf":
        return _pdf(path, opened)
    if kind == "text":
        return _text(path)
    raise ReadError("không nhận ra loại tệp: notice-gen import đọc tệp .docx, .pdf (có lớp chữ), .txt hoặc .md")


def _bounded(path: Path, kind: str) -> Any:
    """The bounds check reads within (size, zip directory, unpacked PDF content), before any parser;
    a PDF's parsed document, for the reader."""
    from ..check import TooLarge, bounded

    try:
        return bounded(path, kind)
    except TooLarge as exc:
        raise ReadError(str(exc)) from None
    except Exception as exc:  # zipfile's and pypdf's own errors on a broken file
        raise ReadError(f"tệp {kind.upper()} hỏng hoặc không mở được ({type(exc).__name__})") from None


def _docx(path: Path, footnotes: bool) -> Source:
    from ..check import docx_reader

    try:
        observed, _ = docx_reader.read(path)
        notes = _footnotes(path, observed.paras) if footnotes else {}
    except Exception as exc:  # python-docx, lxml, zipfile: a broken file is a message, not a traceback
        raise ReadError(f"tệp DOCX hỏng hoặc không mở được ({type(exc).__name__})") from None
    calls = sum(1 for p in observed.paras if p.element is not None for _ in p.element.iter(_FOOTNOTE_CALL))
    return Source("docx", [_nfc(p) for p in observed.paras], footnotes=calls, notes=notes)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTNOTE_CALL = f"{_W}footnoteReference"


def _footnotes(path: Path, paras: list[Para]) -> dict[str, str]:
    """Word's footnotes into the format's (docs/input-format.md): each reference becomes "[^1]", "[^2]" …
    in its paragraph's text where it stands, and its text (word/footnotes.xml) the footnote of that name.
    check's reader leaves references out (they print no text of the paragraph); the lines are cut again
    as that reader cuts them (Shift+Enter), and a paragraph cut otherwise keeps its text without calls."""
    from ..check.docx_reader import _run_text, _runs

    texts = _footnote_texts(path)
    notes: dict[str, str] = {}
    if not texts:
        return notes
    for _key, run in groupby(paras, key=lambda p: id(p.element)):
        group = list(run)
        element = group[0].element
        if element is None or next(element.iter(_FOOTNOTE_CALL), None) is None:
            continue
        spans, called = [], {}
        for r in _runs(element):
            if text := _run_text(r):
                spans.append(Span(text, None, None, False, False))
            for reference in r.iter(_FOOTNOTE_CALL):
                if (note := texts.get(reference.get(f"{_W}id") or "")) is not None:
                    name = str(len(notes) + len(called) + 1)
                    called[name] = note
                    spans.append(Span(f"[^{name}]", None, None, False, False))
        pieces = split(Para("".join(s.text for s in spans), spans, {}), "\n")
        if len(pieces) == len(group):
            for para, piece in zip(group, pieces, strict=True):
                para.text = piece.text
            notes.update(called)
    return notes


def _footnote_texts(path: Path) -> dict[str, str]:
    """Footnote id → its text, from word/footnotes.xml (Word's separators left out)."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as package:
        if "word/footnotes.xml" not in package.namelist():
            return {}
        data = package.read("word/footnotes.xml")  # bounded: check's bounds have measured the package
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    out = {}
    for note in root.iter(f"{_W}footnote"):
        if note.get(f"{_W}type") in (None, "normal"):
            text = " ".join("".join(t.text or "" for t in note.iter(f"{_W}t")).split())
            out[note.get(f"{_W}id") or ""] = unicodedata.normalize("NFC", text)
    return out


def _pdf(path: Path, document: Any = None) -> Source:
    from ..check import pdf_reader

    try:
        observed, _ = pdf_reader.read(path, document)
    except (pdf_reader.NoText, pdf_reader.Locked) as exc:
        raise ReadError(
            f"{exc}; tệp quét (ảnh) không có lớp chữ: hãy nhận dạng chữ (OCR) trước, hoặc dùng bản DOCX"
        ) from None
    except Exception as exc:  # PDFium's and pypdf's own errors
        raise ReadError(f"tệp PDF hỏng hoặc không mở được ({type(exc).__name__})") from None
    # A PDF's footnotes are not read back (the reader leaves the footnote area out): counted, so import warns.
    return Source("pdf", [_nfc(p) for p in observed.paras], observed.page_numbers.pages, observed.footnote_calls)


def _nfc(para: Para) -> Para:
    para.text = unicodedata.normalize("NFC", para.text)
    for span in para.spans:
        span.text = unicodedata.normalize("NFC", span.text)
    return para


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")  # a Word bookmark that a text export printed


def _text(path: Path) -> Source:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"không đọc được tệp: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(
            f"tệp chữ không phải UTF-8 (byte lỗi ở vị trí {exc.start}); hãy lưu lại với mã hóa UTF-8"
        ) from None
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    paras: list[Para] = []
    bold = False  # "**" may open on one line and close on the next (a hard line break inside)
    for number, line in enumerate(text.split("\n"), 1):
        line = _BOOKMARK.sub("", line)
        heading = bool(_MD_HEADING.match(line))
        line = _MD_HEADING.sub("", line)
        spans: list[Span] = []
        for k, piece in enumerate(re.split(r"\*\*|__", line)):
            if k:
                bold = not bold
            if piece:
                spans.append(Span(piece, None, None, bold or heading, False))
        content = "".join(s.text for s in spans)
        if not content.strip():
            bold = False
            continue
        depth = len(line) - len(line.lstrip("\t"))
        para = Para(" ".join(content.split()), spans, {"line": number})
        para.x0 = float(depth)  # tabs before a line: how deep a list item sits
        paras.append(para)
    return Source("text", paras)
