"""`notice-gen templates`: list, show, copy and check templates, for their maintainers.

A maintainer edits a DOCX in Word, some HTML and a manifest; none of it is
Python, and none of it is checked by a compiler. ``check`` is that compiler: it
reads the template's files for mistakes Word and editors make silently (a
variable that does not exist, a tag Word split across runs), renders a fixed
set of notices through the template with undefined variables as errors, and
judges every output with ``notice-gen check``, so a template that breaks NĐ30
is told where before any notice is printed with it.
"""

from __future__ import annotations

import difflib
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes
from lxml import etree

from .. import templates
from ..errors import NoticeError, RenderError
from .reference import ANY, Ref, css_context, document_context

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "template-fixtures"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
OPEN = re.compile(r"\{\{|\{%|\{#")
# docxtpl's own block tags ({%p …%} for a paragraph, {%tr …%} for a row, …) are Jinja once it
# has removed the paragraph, row or cell around them.
DOCXTPL_PREFIX = re.compile(r"\{([{%])(p|tr|tc|r)\s")


@dataclass(frozen=True)
class Issue:
    """One problem in a template, with the place a maintainer opens to fix it."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class CheckResult:
    """What ``templates check`` found: problems fail the check, notes do not."""

    folder: Path
    problems: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rendered: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# ---------------------------------------------------------------------------------------------
# The DOCX as a maintainer sees it: paragraphs, each made of runs.


@dataclass(frozen=True)
class DocxParagraph:
    where: str  # "đoạn 3", "bảng 1, hàng 2, ô 1, đoạn 1", "đầu trang (header1.xml), đoạn 1"
    runs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(self.runs)


def _run_text(run: Any) -> str:
    parts = []
    for child in run.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        parts.append(child.text or "" if child.tag == f"{W}t" else " ")
    return "".join(parts)


def _paragraph(element: Any, where: str) -> DocxParagraph:
    runs = tuple(_run_text(r) for r in element.iter(f"{W}r"))
    return DocxParagraph(where, runs)


def _walk_container(container: Any, prefix: str, counters: dict[str, int]) -> Iterator[DocxParagraph]:
    """Paragraphs of a body or a cell, in reading order, tables numbered as Word shows them."""
    number = 0
    for child in container:
        if child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _walk_container(content, prefix, counters)
        elif child.tag == f"{W}p":
            number += 1
            yield _paragraph(child, f"{prefix}đoạn {number}")
        elif child.tag == f"{W}tbl":
            counters["table"] += 1
            table = counters["table"]
            for r, row in enumerate(child.iter(f"{W}tr"), 1):
                for c, cell in enumerate(row.findall(f"{W}tc"), 1):
                    yield from _walk_container(cell, f"bảng {table}, hàng {r}, ô {c}, ", counters)


def docx_parts(path: Path) -> dict[str, list[DocxParagraph]]:
    """The paragraphs of the main text and of each header and footer."""
    out: dict[str, list[DocxParagraph]] = {}
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        parts = ["word/document.xml", *sorted(n for n in names if re.match(r"word/(header|footer)\d*\.xml$", n))]
        for name in parts:
            root = etree.fromstring(archive.read(name))
            if name == "word/document.xml":
                body = root.find(f"{W}body")
                out[name] = list(_walk_container(body if body is not None else [], "", {"table": 0}))
            else:
                kind = "đầu trang" if "header" in name else "chân trang"
                prefix = f"{kind} ({name.removeprefix('word/')}), "
                out[name] = list(_walk_container(root, prefix, {"table": 0}))
    return out


def split_tags(paragraphs: Sequence[DocxParagraph]) -> list[Issue]:
    """Tags whose characters sit in more than one run: Word does this when a tag is typed in
    pieces, corrected by the spell checker, or partly reformatted. docxtpl mends some of these
    cases and not others; a maintainer retypes the tag in one go (docs/templates.md)."""
    found = []
    for paragraph in paragraphs:
        text = paragraph.text
        starts, position = [], 0
        for run in paragraph.runs:
            starts.append(position)
            position += len(run)
        for match in TAG.finditer(text):
            pieces = [
                run[max(match.start() - start, 0) : match.end() - start]
                for run, start in zip(paragraph.runs, starts, strict=True)
                if run and start < match.end() and start + len(run) > match.start()
            ]
            if len(pieces) > 1:
                shown = " + ".join(f"“{p}”" for p in pieces)
                found.append(
                    Issue(
                        paragraph.where,
                        f"thẻ “{match.group()}” bị Word tách thành {len(pieces)} đoạn chữ (run): {shown}; "
                        "hãy xóa cả thẻ rồi gõ lại một lần, không sửa từng phần",
                    )
                )
        rest = TAG.sub("", text)
        if unclosed := OPEN.search(rest):
            found.append(
                Issue(paragraph.where, f"thẻ “{rest[unclosed.start() :][:30]}” không được đóng trong cùng đoạn")
            )
    return found


def docx_source(paragraphs: Sequence[DocxParagraph]) -> str:
    """The Jinja that docxtpl will run, one line per paragraph, so a line number is a paragraph."""
    return "\n".join(DOCXTPL_PREFIX.sub(r"{\1 ", p.text.replace("\n", " ")) for p in paragraphs)


# ---------------------------------------------------------------------------------------------
# Variables: every name a template uses, resolved against the context reference.


class _Resolver:
    """Walks a parsed Jinja template and reports each variable that the context lacks."""

    def __init__(self, context: dict[str, Ref], known_globals: set[str], report: Callable[[int, str], None]) -> None:
        self.context = context
        self.globals = known_globals
        self.report = report

    def walk(self, node: nodes.Node, scope: dict[str, tuple[Ref, str]]) -> None:
        if isinstance(node, nodes.For):
            iterable, path = self.resolve(node.iter, scope)
            inner = dict(scope)
            element = iterable.element if iterable.element is not None else ANY
            self._bind(node.target, inner, element, f"{path}[…]")
            inner["loop"] = (ANY, "loop")
            if node.test is not None:
                self.walk(node.test, inner)
            for child in node.body:
                self.walk(child, inner)
            for child in node.else_:
                self.walk(child, scope)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope)
            for name in ("caller", "varargs", "kwargs"):
                inner[name] = (ANY, name)
            for arg in node.args:
                self._bind(arg, inner, ANY, arg.name)
            for default in node.defaults:
                self.walk(default, scope)
            if isinstance(node, nodes.Macro):
                scope[node.name] = (ANY, node.name)
            else:
                self.walk(node.call, scope)
            for child in node.body:
                self.walk(child, inner)
        elif isinstance(node, nodes.Assign):
            self.walk(node.node, scope)
            self._bind(node.target, scope, ANY, "")
        elif isinstance(node, nodes.AssignBlock):
            for child in node.body:
                self.walk(child, scope)
            self._bind(node.target, scope, ANY, "")
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=True):
                self.walk(value, scope)
                self._bind(target, inner, ANY, "")
            for child in node.body:
                self.walk(child, inner)
        elif isinstance(node, nodes.Expr):
            self.resolve(node, scope)
        else:
            for child in node.iter_child_nodes():
                self.walk(child, scope)

    def _bind(self, target: nodes.Node, scope: dict[str, tuple[Ref, str]], ref: Ref, path: str) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = (ref, path or target.name)
        else:
            for name in target.find_all(nodes.Name):
                scope[name.name] = (ANY, name.name)

    def resolve(self, node: nodes.Expr, scope: dict[str, tuple[Ref, str]]) -> tuple[Ref, str]:
        """What ``node`` names in the reference tree (ANY when it cannot be known)."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.context:
                return self.context[node.name], node.name
            if node.name not in self.globals:
                self._unknown(node.lineno, node.name, [*self.context, *scope])
            return ANY, node.name
        if isinstance(node, nodes.Getattr):
            return self._member(node, node.node, node.attr, scope)
        if isinstance(node, nodes.Getitem):
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self._member(node, node.node, node.arg.value, scope)
            base, path = self.resolve(node.node, scope)
            self.walk(node.arg, scope)
            return (base.element if base.element is not None else ANY), f"{path}[…]"
        for child in node.iter_child_nodes():
            self.walk(child, scope)
        return ANY, ""

    def _member(self, node: nodes.Expr, base_node: nodes.Expr, name: str, scope: dict) -> tuple[Ref, str]:
        base, path = self.resolve(base_node, scope)
        dotted = f"{path}.{name}" if path else name
        if base.any or not base.fields:  # a text or a number: its methods are Jinja's business
            return ANY, dotted
        if name in base.fields:
            return base.fields[name], dotted
        self._unknown(node.lineno, dotted, [f"{path}.{key}" for key in base.fields])
        return ANY, dotted

    def _unknown(self, line: int, name: str, known: list[str]) -> None:
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"; có phải ý bạn là “{close[0]}”?" if close else ""
        self.report(line, f"biến “{name}” không có trong dữ liệu notice-gen đưa cho mẫu{hint} (docs/templates.md)")


def unknown_variables(source: str, context: dict[str, Ref], where: Callable[[int], str]) -> list[Issue]:
    """Syntax errors and unknown variables of one Jinja source, placed by ``where(line)``."""
    env = templates.jinja_environment(autoescape=False)
    found: list[Issue] = []
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        return [Issue(where(exc.lineno), f"lỗi cú pháp của thẻ: {exc.message}")]
    resolver = _Resolver(context, set(env.globals), lambda line, message: found.append(Issue(where(line), message)))
    resolver.walk(tree, {})
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------------------------------------
# The check.


def fixtures() -> list[Path]:
    """The notices every template is rendered with: one per feature, and a plain final one."""
    return sorted(FIXTURES.glob("*.yaml"))


def _static(folder: Path, docx: str, html: str, css: str, result: CheckResult) -> None:
    docx_path, html_path, css_path = (_own(folder, name) for name in (docx, html, css))
    if docx_path is not None:
        try:
            parts = docx_parts(docx_path)
        except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError) as exc:
            result.problems.append(Issue(str(docx_path), f"không phải tệp DOCX đọc được ({type(exc).__name__})"))
        else:
            for paragraphs in parts.values():
                result.problems += [Issue(f"{docx_path}: {i.where}", i.message) for i in split_tags(paragraphs)]
                source = docx_source(paragraphs)
                result.problems += unknown_variables(
                    source,
                    document_context(),
                    lambda line, ps=paragraphs: f"{docx_path}: {ps[min(line, len(ps)) - 1].where}" if ps else "",
                )
    for path, context in ((html_path, document_context()), (css_path, css_context())):
        if path is not None:
            text = path.read_text(encoding="utf-8")
            result.problems += unknown_variables(text, context, lambda line, p=path: f"{p}:{line}")


def _own(folder: Path, name: str) -> Path | None:
    """The template's own file, or None when it is missing or outside the folder (load_template
    reports that): the check never reads a file the template may not read."""
    try:
        return templates.template_file(folder, name)
    except RenderError:
        return None


def _raw_files(folder: Path) -> tuple[str, str, str]:
    """The file names a manifest names, even when the rest of it is wrong."""
    import tomllib

    try:
        data = tomllib.loads((folder / templates.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        data = {}
    names = [data.get(key) for key in ("docx", "html", "css")]
    defaults = ("notice.docx", "notice.html", "notice.css")
    return tuple(n if isinstance(n, str) else d for n, d in zip(names, defaults, strict=True))  # type: ignore[return-value]


def check(folder: Path, inputs: Sequence[Path] = (), keep: Path | None = None) -> CheckResult:
    """Everything wrong with the template in ``folder``; the outputs go to ``keep`` when given."""
    from ..check import check_file
    from ..notice.model import load_notice
    from ..render.compose import compose
    from ..render.docx import DocxRenderer
    from ..render.pdf import PdfRenderer

    result = CheckResult(folder)
    manifest_path = folder / templates.MANIFEST
    try:
        template = templates.load_template(folder)
    except RenderError as exc:
        result.problems += [
            Issue(*line.split(": ", 1)) if ": " in line else Issue(str(folder), line) for line in str(exc).splitlines()
        ]
        template = None
    if template is not None and template.manifest.name != folder.name:
        line = templates.toml_line(manifest_path.read_text(encoding="utf-8"), ("name",))
        result.problems.append(
            Issue(
                f"{manifest_path}:{line}",
                f"name = “{template.manifest.name}” khác tên thư mục “{folder.name}”; tệp YAML chọn mẫu theo "
                f'tên thư mục, hãy đặt name = "{folder.name}"',
            )
        )
    _static(folder, *_raw_files(folder), result)
    if template is None:
        return result

    out = keep or Path(tempfile.mkdtemp(prefix="notice-gen-template-check-"))
    out.mkdir(parents=True, exist_ok=True)
    renderers: dict[str, Any] = {}
    failures: dict[str, list[str]] = {}
    supported = set(template.manifest.features)
    for path in [*fixtures(), *inputs]:
        try:
            notice = load_notice(path)
        except NoticeError as exc:
            result.problems.append(Issue(str(path), f"tệp thử không đọc được: {exc}"))
            continue
        if missing := templates.features_used(notice) - supported:
            result.notes.append(f"bỏ qua {path.name}: mẫu không khai báo tính năng {', '.join(sorted(missing))}")
            continue
        final = notice.number is not None and notice.issue_date is not None
        doc = compose(notice, template, final=final)
        for fmt in ("docx", "pdf"):
            try:
                if fmt not in renderers:
                    renderers[fmt] = DocxRenderer(template) if fmt == "docx" else PdfRenderer(template)
                data = renderers[fmt].render(doc)
            except NoticeError as exc:
                failures.setdefault(str(exc), []).append(f"{path.stem}.{fmt}")
                continue
            target = out / f"{path.stem}.{fmt}"
            target.write_bytes(data)
            result.rendered.append(target)
            report = check_file(target)
            if report.unreadable:
                result.problems.append(Issue(str(target), f"notice-gen check không đọc được: {report.unreadable}"))
            for finding in report.findings:
                text = f" “{finding.text}”" if finding.text else ""
                line = f"{finding.rule}: {finding.message}{text} (đo được {finding.measured}; NĐ30: {finding.required})"
                if finding.level == "error":
                    result.problems.append(Issue(f"{target.name}: {finding.location()}", line))
                else:
                    result.notes.append(f"{target.name}: {finding.location()}: cảnh báo {line}")
    for message, outputs in failures.items():
        result.problems.append(Issue(f"kết xuất {', '.join(outputs)}", message))
    if not result.rendered and not failures:
        result.problems.append(Issue(str(folder), "không có tệp thử nào hợp với các tính năng của mẫu"))
    if keep is None:
        shutil.rmtree(out, ignore_errors=True)
        result.rendered = []
    return result


# ---------------------------------------------------------------------------------------------
# list, show, new.


@dataclass(frozen=True)
class Listed:
    name: str
    folder: Path
    template: templates.Template | None
    error: str | None
    shadowed_by: Path | None  # a folder earlier in the search path with the same name


def listing(extra: Path | None = None) -> list[Listed]:
    """Every template on the search path, the ones a user folder overrides included."""
    seen: dict[str, Path] = {}
    out = []
    for root in templates.search_path(extra):
        if not root.is_dir():
            continue
        for manifest in sorted(root.glob(f"*/{templates.MANIFEST}")):
            folder = manifest.parent
            try:
                template, error = templates.load_template(folder), None
            except RenderError as exc:
                template, error = None, str(exc).splitlines()[0]
            out.append(Listed(folder.name, folder, template, error, seen.get(folder.name)))
            seen.setdefault(folder.name, folder)
    return out


def describe(template: templates.Template) -> list[str]:
    """``templates show``: what a maintainer wants to know before copying a template."""
    m = template.manifest
    lines = [
        f"{m.name} {m.version}: {m.description}",
        f"thư mục: {template.folder}",
        f"tệp: {m.docx}, {m.html}, {m.css}",
        "tính năng: " + (", ".join(m.features) or "(không có)"),
        f"câu kết mặc định: {m.wording.closing}./.",
        "trang (mm): " + ", ".join(f"{k} = {v:g}" for k, v in m.page.model_dump().items()),
        "bố cục: " + ", ".join(f"{k} = {v:g}" for k, v in m.layout.model_dump().items()),
        "cỡ chữ (pt): " + ", ".join(f"{k} = {v:g}" for k, v in m.sizes.items()),
    ]
    return lines


NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def new(name: str, source: templates.Template, into: Path) -> Path:
    """Copy ``source`` to ``into/name``, renamed and at version 0.1.0, ready to edit."""
    if not NAME.match(name):
        raise NoticeError(f"“{name}” không dùng được làm tên mẫu: chỉ gồm chữ thường không dấu, số, “-” và “_”")
    target = into / name
    if target.exists():
        raise NoticeError(f"{target} đã có; chọn tên khác hoặc xóa thư mục đó trước")
    into.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source.folder, target, ignore=shutil.ignore_patterns("__pycache__", "~$*", ".~lock*", "*.bak"))
    manifest = target / templates.MANIFEST
    text = manifest.read_text(encoding="utf-8")
    fields = {
        "name": name,
        "version": "0.1.0",
        "description": f"Sửa từ mẫu “{source.name}” {source.manifest.version}: {source.manifest.description}",
    }
    for key, value in fields.items():
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        text = re.sub(rf'(?m)^{key}\s*=\s*"[^"\n]*"', lambda _m, k=key, v=quoted: f'{k} = "{v}"', text, count=1)
    manifest.write_text(text, encoding="utf-8")
    return target
