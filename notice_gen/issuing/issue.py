"""`notice-gen issue`: number, date, render and register a notice in one step.

The register's docstring (register.py) gives the scheme that keeps numbers and
documents together through crashes; this module follows it: render with the
held number, write hidden temporary files, record, commit, then rename.

The issued files are named from the register, not from the input:
``05-TB-BTTTT-2022.docx`` and ``.pdf``. The number is ours (an integer) and the
ký hiệu is reduced to letters, digits, "-" and "_", so a name cannot leave the
output folder; and one folder can hold a whole year without two issues of the
same input overwriting each other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import secrets
import signal
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import __version__, nd30, templates
from ..errors import InputError, NoticeError, Problem, RenderError
from ..notice.document import Document
from ..notice.load import read_input
from ..notice.model import Notice, load_notice
from ..render.compose import compose, symbol
from ..render.output import safe_stem, temporary_prefix
from .register import (
    TEMP_MARK,
    VIETNAM,
    NewEntry,
    Output,
    Prepared,
    Register,
    RegisterError,
    Reservation,
    now,
)

PDF_VARIANTS = {"2b": "pdf/a-2b", "3b": "pdf/a-3b"}
DEFAULT_PDFA = "2b"
CRASH_ENV = "NOTICE_GEN_CRASH_AT"  # fault injection for the tests: kill the run at this step


def today() -> dt.date:
    """Today in Vietnam: an office's date does not change at 17:00 because a server runs on UTC."""
    return dt.datetime.now(VIETNAM).date()


def _checkpoint(step: str) -> None:
    """Die here, like a power cut, when the tests ask for it (NOTICE_GEN_CRASH_AT=<step>).

    SIGKILL runs no cleanup, no ``finally`` and no SQLite rollback: the next run must cope."""
    if os.environ.get(CRASH_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass
class Issued:
    number: int
    symbol: str
    year: int
    issue_date: dt.date
    files: list[Path]
    entry_id: int
    problems: list[str]

    @property
    def number_symbol(self) -> str:
        return f"{nd30.pad2(self.number)}/{self.symbol}"


def issue(
    path: Path,
    register: Register,
    out_dir: Path,
    *,
    date: dt.date | None = None,
    pdfa: str = DEFAULT_PDFA,
    copies: int | None = None,
    templates_dir: Path | None = None,
    again: bool = False,
    say: Callable[[str], None] = lambda _text: None,
) -> Issued:
    """Issue one notice; raises InputError (bad input), RenderError or RegisterError, with nothing taken.

    A file whose exact bytes were already issued (and not voided) is refused unless ``again``:
    running `issue` twice by mistake must not give one notice two numbers. The check runs under
    the register's lock, so two parallel runs of the same file are caught too."""
    source = _read(path)
    notice = load_notice(path)
    if hashlib.sha256(_read(path)).digest() != hashlib.sha256(source).digest():
        raise RegisterError(f"{path} thay đổi trong lúc đọc; hãy chạy lại khi không còn ai sửa tệp")
    _must_be_unnumbered(path, notice)
    date = date or today()
    if date > today():
        say(f"Lưu ý: ngày ban hành {date:%d/%m/%Y} là một ngày trong tương lai.")
    _check_date(date, notice, say)
    template = templates.find(notice.template, templates_dir)
    # Everything slow happens before the register's lock is taken: WeasyPrint, the CSS, the fonts.
    from ..render.docx import DocxRenderer
    from ..render.pdf import Embedded, PdfRenderer

    docx_renderer, pdf_renderer = DocxRenderer(template), PdfRenderer(template)
    variant = PDF_VARIANTS[pdfa]
    ky_hieu = symbol(notice)
    issuer = nd30.upper(notice.issuer.name)
    out_dir.mkdir(parents=True, exist_ok=True)

    def make(number: int) -> _Made:
        """The notice rendered with ``number``: the slow part, done outside the register's lock."""
        final = notice.model_copy(update={"number": number, "issue_date": date})
        issued_text = issued_source(path, source.decode("utf-8"), final)
        doc = compose(final, template, final=True)
        stem = f"{nd30.pad2(number)}-{safe_stem(Path(ky_hieu))}-{date.year}"
        attachments = (
            [Embedded(f"{stem}.yaml", issued_text.encode("utf-8"), "Dữ liệu nguồn (YAML) của văn bản")]
            if pdfa == "3b"
            else []
        )
        rendered = {
            "docx": docx_renderer.render(doc),
            "pdf": pdf_renderer.render(doc, variant=variant, attachments=attachments),
        }
        return _Made(number, stem, rendered, _entry(path, source, issued_text, final, doc, template, variant, copies))

    held, outputs = _take_number(
        register, (issuer, ky_hieu, date), out_dir, (hashlib.sha256(source).hexdigest(), again), say, make
    )
    # Committed: the notice is issued. Now its files take their names (register.py, step 6).
    _checkpoint("committed")
    assert held.entry_id is not None
    problems = register.finish(held.entry_id)
    return Issued(held.number, held.symbol, held.year, date, [o.path for o in outputs], held.entry_id, problems)


OPTIMISTIC_TRIES = 3  # races lost before the notice is rendered under the lock


@dataclass
class _Made:
    """A notice rendered with one number, ready to be staged and recorded."""

    number: int
    stem: str
    rendered: dict[str, bytes]
    entry: NewEntry


class _Taken(Exception):
    """The number rendered with went to another run meanwhile; this is the next one."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def _take_number(
    register: Register,
    series: tuple[str, str, dt.date],
    out_dir: Path,
    repeat: tuple[str, bool],
    say: Callable[[str], None],
    make: Callable[[int], _Made],
) -> tuple[Reservation, list[Output]]:
    """Render outside the lock with the number the register would give now (``next_number``), then
    take the lock only to check it, stage the files and record them (register.py, steps 0–5).

    Another run that took that number meanwhile means rendering again with the next one; after
    OPTIMISTIC_TRIES lost races the notice is rendered under the lock, so every run ends. A large
    notice never keeps the other `issue` runs waiting for its rendering."""
    issuer, ky_hieu, date = series
    made = make(register.next_number(issuer, ky_hieu, date.year))
    for attempt in range(OPTIMISTIC_TRIES + 1):
        try:
            with register.reserve(issuer, ky_hieu, date.year, out_dirs=[out_dir]) as held:
                _refuse_twice(register, *repeat)
                if held.number != made.number:
                    if attempt < OPTIMISTIC_TRIES:
                        raise _Taken(held.number)
                    made = make(held.number)
                _tell_earlier(register, held, date, say)
                outputs = _stage_and_record(held, out_dir, made.stem, made.rendered, made.entry)
            return held, outputs
        except _Taken as taken:
            made = make(taken.number)
    raise AssertionError("unreachable: the last try renders under the lock")


def _refuse_twice(register: Register, source_sha256: str, again: bool) -> None:
    """A source whose exact bytes were issued (and not voided) is refused unless ``again``."""
    earlier = register.issued_from(source_sha256)
    if earlier and not again:
        done = "; ".join(f"số {e.number_symbol} ngày {e.issue_date:%d/%m/%Y}" for e in earlier)
        raise RegisterError(
            f"tệp này, đúng nội dung này, đã được cấp {done}. Nếu thật sự ban hành lại: hủy số cũ "
            f"(register void {earlier[-1].number} --reason …) hoặc chạy lại với --again"
        )


def _tell_earlier(register: Register, held: Reservation, date: dt.date, say: Callable[[str], None]) -> None:
    latest = register.db.execute(
        "SELECT MAX(issue_date) FROM entries WHERE issuer = ? AND symbol = ? AND year = ?",
        (held.issuer, held.symbol, held.year),
    ).fetchone()[0]
    if latest and dt.date.fromisoformat(latest) > date:
        say(
            f"Lưu ý: số {nd30.pad2(held.number)} mang ngày {date:%d/%m/%Y}, sớm hơn văn bản đã vào sổ ngày "
            f"{dt.date.fromisoformat(latest):%d/%m/%Y}."
        )


def _stage_and_record(
    held: Reservation, out_dir: Path, stem: str, rendered: dict[str, bytes], entry: NewEntry
) -> list[Output]:
    """Steps 4 and 5 of register.py: hidden temporary files, then the entry naming them (committed
    when the reservation's block ends). Nothing is written over an existing file."""
    _checkpoint("rendered")
    targets = {fmt: out_dir.resolve() / f"{stem}.{fmt}" for fmt in rendered}
    for final_path in targets.values():
        if final_path.exists() or final_path.is_symlink():
            raise RegisterError(
                f"đã có tệp {final_path}; số {nd30.pad2(held.number)}/{held.symbol} chưa được cấp. "
                "Hãy chuyển tệp cũ đi hoặc chọn thư mục khác (-o)"
            )
    outputs: list[Output] = []
    try:
        for fmt, data in rendered.items():
            digest = hashlib.sha256(data).hexdigest()
            outputs.append(Output(fmt, targets[fmt], digest, len(data), _stage(targets[fmt], data)))
        _checkpoint("staged")
        held.record(entry, outputs)
    except BaseException:  # the transaction rolls back: its temporary files go too
        for output in outputs:
            if output.temp_path:
                output.temp_path.unlink(missing_ok=True)
        raise
    _checkpoint("recorded")
    return outputs


class IssueDateError(NoticeError):
    """The issue date cannot be right (before the meeting): refused before any number is taken."""


def _check_date(date: dt.date, notice: Notice, say: Callable[[str], None]) -> None:
    """`lint`'s issue-date rule: before the meeting is refused, later than 5 working days is told."""
    from ..lint.rules import ERROR, issue_date_problem
    from ..tasks.workdays import Calendar

    found = issue_date_problem(date, notice.meeting.date, Calendar.load())
    if found is None:
        return
    level, _code, message, _hint = found
    if level == ERROR:
        raise IssueDateError(f"{message}; hãy kiểm tra lại --date (hoặc meeting.date trong tệp)")
    say(f"Lưu ý: {message}.")


def _read(path: Path) -> bytes:
    try:
        return read_input(path)
    except OSError as exc:
        raise InputError([Problem(path, 1, 1, "", f"không đọc được tệp: {exc.strerror}")]) from None


def _must_be_unnumbered(path: Path, notice: Notice) -> None:
    """The register gives the number and the date; a file that already has one is a mistake."""
    from ..notice.load import load

    source = load(path)
    problems = [
        source.problem(
            (key,),
            key,
            f"“issue” tự cấp {what}; hãy bỏ trường {key} khỏi tệp (đang là “{value}”)",
        )
        for key, value, what in (
            ("number", notice.number, "số văn bản từ sổ đăng ký"),
            ("issue_date", notice.issue_date, "ngày ban hành (hôm nay, hoặc --date)"),
            ("month", notice.month, "ngày ban hành (hôm nay, hoặc --date)"),
        )
        if value is not None
    ]
    if notice.signer.name is None:  # R-NAME: an issued notice names its signer
        problems.append(
            source.problem(
                ("signer",), "signer.name", "bản ban hành phải có họ tên người ký (R-NAME): thêm “name: …” trong signer"
            )
        )
    if problems:
        raise InputError(problems)


def _stage(final: Path, data: bytes) -> Path:
    """A hidden temporary file beside ``final``, written and flushed to disk."""
    handle, name = tempfile.mkstemp(
        dir=final.parent, prefix=f"{temporary_prefix(final)[:-1]}{TEMP_MARK}{secrets.token_hex(4)}.", suffix=".tmp"
    )
    temporary = Path(name)
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.fchmod(handle, 0o666 & ~mask)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise RenderError(f"không ghi được {final.parent}: {exc.strerror or exc}") from None
    return temporary


def _entry(
    path: Path,
    source: bytes,
    issued_text: str,
    notice: Notice,
    doc: Document,
    template: templates.Template,
    variant: str,
    copies: int | None,
) -> NewEntry:
    lines = [re.sub(r"^[-+]\s*|[;.:]$", "", line).strip() for line in doc.recipients]
    return NewEntry(
        issuer=nd30.upper(notice.issuer.name),
        symbol=symbol(notice),
        issue_date=notice.issue_date or today(),
        doc_type=nd30.DOC_TYPE.capitalize(),
        subject=doc.subject,
        signer_name=notice.signer.name,
        signer_position=" / ".join(doc.signature.authority),
        recipients=lines[:-1],
        archive=lines[-1],
        copies=copies if copies is not None else (notice.drafter.copies if notice.drafter else None),
        source_path=str(path.resolve()),
        source_sha256=hashlib.sha256(source).hexdigest(),
        source_text=issued_text,
        template=f"{template.manifest.name} {template.manifest.version}",
        pdf_variant=variant,
        tool_version=__version__,
    )


_TOP_KEY = re.compile(r"^(number|issue_date)\s*:(.*)$")


def issued_source(path: Path, text: str, final: Notice) -> str:
    """The input as issued: its own text, with the number and date written in.

    The text is kept (comments, order) so that the register and a PDF/A-3 carry what the
    drafter wrote, plus the two values the register gave; rendered again as a final with the
    same template, version and PDF variant, it gives the same bytes. A blank ``number:`` or ``issue_date:`` line is
    filled in place, otherwise the two lines are appended. The result is read back and must
    be the issued notice; if the file's layout defeats that (flow style), the notice's data is
    written out as YAML instead, without comments."""
    assert final.number is not None and final.issue_date is not None
    values = {"number": str(final.number), "issue_date": final.issue_date.isoformat()}
    lines, done = text.splitlines(keepends=True), set()
    for index, line in enumerate(lines):
        match = _TOP_KEY.match(line)
        if match and re.fullmatch(r"\s*(null|~|Null|NULL)?\s*(#.*)?\s*", match.group(2)):
            key = match.group(1)
            lines[index] = f"{key}: {values[key]}" + ("\r\n" if line.endswith("\r\n") else "\n")
            done.add(key)
    candidate = "".join(lines)
    if not candidate.endswith("\n"):
        candidate += "\n"
    missing = [key for key in values if key not in done]
    if missing:
        candidate += "# Số và ngày do sổ đăng ký văn bản đi cấp (notice-gen issue):\n"
        candidate += "".join(f"{key}: {values[key]}\n" for key in missing)
    if _reads_as(path, candidate, final):
        return candidate
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    stream = io.StringIO()
    yaml.dump(final.model_dump(mode="json", exclude_defaults=True), stream)
    fallback = stream.getvalue()
    if not _reads_as(path, fallback, final):
        raise RenderError(f"{path}: nội bộ: không ghi lại được tệp YAML đã cấp số; xin báo lại kèm tệp này")
    return fallback


def _reads_as(path: Path, text: str, final: Notice) -> bool:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        copy.write_text(text, encoding="utf-8")
        try:
            return load_notice(copy) == final
        except InputError:
            return False


# Sign first, then number (NĐ30 Điều 15.2): `prepare`, the signer signs, `issue SIGNED.pdf`.

PREPARED_SUFFIX = "trinh-ky"  # giao-ban.trinh-ky.pdf: the copy presented for signing (bản trình ký)


def prepare(
    path: Path,
    register: Register,
    out_dir: Path,
    *,
    pdfa: str = DEFAULT_PDFA,
    templates_dir: Path | None = None,
) -> Path:
    """The copy for signing: the final layout (no draft mark) with ô 3 and ô 4 left to the office
    as form fields (prepared.py). The register keeps the YAML, the template and the copy's SHA-256,
    so that `issue` numbers exactly what was signed. No number is taken."""
    source = _read(path)
    notice = load_notice(path)
    _must_be_unnumbered(path, notice)
    template = templates.find(notice.template, templates_dir)
    variant = PDF_VARIANTS[pdfa]
    data = _prepared_pdf(path, source, notice, template, variant)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = (out_dir / f"{safe_stem(path)}.{PREPARED_SUFFIX}.pdf").resolve()
    from ..render.output import write_all

    write_all({target: data})
    register.add_prepared(
        Prepared(
            pdf_path=str(target),
            pdf_sha256=hashlib.sha256(data).hexdigest(),
            pdf_size=len(data),
            source_path=str(path.resolve()),
            source_sha256=hashlib.sha256(source).hexdigest(),
            source_text=source.decode("utf-8"),
            template=f"{template.manifest.name} {template.manifest.version}",
            pdf_variant=variant,
            prepared_at=now().isoformat(),
            tool_version=__version__,
        )
    )
    return target


def _prepared_pdf(path: Path, source: bytes, notice: Notice, template: templates.Template, variant: str) -> bytes:
    """The bytes of the copy for signing; the same for the same input, template and version (a
    PDF/A-3 copy carries its YAML, so `issue` can make it again and compare)."""
    from ..render.pdf import Embedded, PdfRenderer
    from . import prepared as fields

    renderer = PdfRenderer(template)
    doc = compose(notice, template, final=True)
    attachments = (
        [Embedded(f"{safe_stem(path)}.yaml", source, "Dữ liệu nguồn (YAML) của văn bản")]
        if variant == PDF_VARIANTS["3b"]
        else []
    )
    page = renderer.layout(doc, fields.HIDE_CSS)
    where = fields.places(page)
    page_pdf = renderer.write(page, doc, variant=variant, attachments=attachments)
    lines = renderer.layout(doc, fields.ONLY_CSS)
    if fields.places(lines) != where:
        raise RenderError(f"{path}: nội bộ: dòng số, ngày không cùng chỗ ở hai lần dàn trang; xin báo lại kèm tệp này")
    return fields.add_fields(page_pdf, renderer.write(lines, doc), where)


def _embedded_prepared(pdf_path: Path, data: bytes, templates_dir: Path | None) -> Prepared | None:
    """A PDF/A-3 copy for signing carries its YAML: made again from it, the copy must be the signed
    file's first bytes, and then it stands for the register's record (a register that never saw it)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        attachments = PdfReader(io.BytesIO(data), strict=False).attachments
        found = [(name, contents[0]) for name, contents in attachments.items() if name.endswith(".yaml") and contents]
    except (PyPdfError, ValueError, KeyError):
        return None
    if len(found) != 1:
        return None
    name, source = found[0]
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / name
        copy.write_bytes(source)
        try:
            notice = load_notice(copy)
            template = templates.find(notice.template, templates_dir)
            again = _prepared_pdf(Path(name), source, notice, template, PDF_VARIANTS["3b"])
        except NoticeError:
            return None
    if not data.startswith(again):
        return None
    return Prepared(
        pdf_path=str(pdf_path.resolve()),
        pdf_sha256=hashlib.sha256(again).hexdigest(),
        pdf_size=len(again),
        source_path=f"{pdf_path.resolve()}#{name}",
        source_sha256=hashlib.sha256(source).hexdigest(),
        source_text=source.decode("utf-8"),
        template=f"{template.manifest.name} {template.manifest.version}",
        pdf_variant=PDF_VARIANTS["3b"],
        prepared_at="",
        tool_version=__version__,
    )


def issue_signed(
    pdf_path: Path,
    register: Register,
    out_dir: Path,
    *,
    date: dt.date | None = None,
    copies: int | None = None,
    templates_dir: Path | None = None,
    again: bool = False,
    say: Callable[[str], None] = lambda _text: None,
) -> Issued:
    """Number a copy the signer has signed: check the signature, take the next number, fill ô 3 and
    ô 4 in an incremental update (the signature stays valid), record, and render the DOCX of the
    issued notice. Refused, with nothing taken, when the copy is not one `prepare` made for this
    register, or its signature is missing, broken or followed by anything."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    from ..render.docx import DocxRenderer
    from ..render.pdf import PdfRenderer
    from . import prepared as fields
    from .signing import FIELDS, SignError, verify

    data = _read(pdf_path)
    try:
        office = fields.office_fields(PdfFileReader(io.BytesIO(data), strict=False))
        reports = verify(pdf_path)
    except (SignError, PdfError, ValueError, KeyError) as exc:
        raise RegisterError(f"không đọc được {pdf_path} như một PDF ({exc})") from None
    if not office:
        raise RegisterError(
            f"{pdf_path} không phải bản trình ký của notice-gen prepare (không có ô số, ngày cho Văn thư)"
        )
    signer = [r for r in reports if r.field == FIELDS["signer"]]
    if not signer:
        raise RegisterError(f"{pdf_path} chưa có chữ ký số của người ký; NĐ30: người có thẩm quyền ký trước khi cấp số")
    if not (signer[0].intact and signer[0].valid):
        raise RegisterError(
            f"chữ ký số của người ký trong {pdf_path} không hợp lệ (tệp bị sửa sau khi ký, hoặc chữ ký hỏng): "
            f"{signer[0].summary}"
        )
    if any(value for value, _place, _ref in office.values()):
        raise RegisterError(f"{pdf_path} đã được điền số, ngày (đã cấp số); không cấp số lần nữa")
    if len(reports) > 1 or signer[0].modified_after != "không":
        raise RegisterError(
            f"{pdf_path} có thêm dữ liệu hoặc chữ ký khác sau chữ ký của người ký; chỉ cấp số cho bản người ký vừa ký"
        )
    found = register.find_prepared(data) or _embedded_prepared(pdf_path, data, templates_dir)
    if found is None:
        raise RegisterError(
            f"sổ {register.path} không có bản trình ký này (notice-gen prepare ghi bản trình ký vào sổ), và tệp không "
            "mang kèm tệp YAML tạo ra đúng nó (prepare --pdfa 3b); hãy chỉ tới đúng sổ (--db), hoặc chạy prepare với "
            "sổ này rồi trình ký lại"
        )
    source_path = Path(found.source_path)  # embedded: "<copy>.pdf#<name>.yaml", still a .yaml name to read
    notice = _load_text(source_path, found.source_text)
    template = templates.find(notice.template, templates_dir)
    if f"{template.manifest.name} {template.manifest.version}" != found.template:
        raise RegisterError(
            f"bản trình ký dùng mẫu {found.template}, nay là {template.manifest.name} {template.manifest.version}; "
            "số và ngày sẽ không đúng chỗ. Dùng đúng mẫu đó (--templates-dir), hoặc prepare và trình ký lại"
        )
    date = date or today()
    if date > today():
        say(f"Lưu ý: ngày ban hành {date:%d/%m/%Y} là một ngày trong tương lai.")
    _check_date(date, notice, say)
    if signer[0].when and date < signer[0].when.date():
        say(f"Lưu ý: ngày ban hành {date:%d/%m/%Y} trước ngày người ký ký số ({signer[0].when:%d/%m/%Y}).")
    docx_renderer, pdf_renderer = DocxRenderer(template), PdfRenderer(template)
    ky_hieu = symbol(notice)
    out_dir.mkdir(parents=True, exist_ok=True)

    def make(number: int) -> _Made:
        """The signed copy with its number and date filled in, and the DOCX: outside the lock."""
        final = notice.model_copy(update={"number": number, "issue_date": date})
        issued_text = issued_source(source_path, found.source_text, final)
        doc = compose(final, template, final=True)
        lines = pdf_renderer.layout(doc, fields.ONLY_CSS)
        values = {"SoKyHieu": doc.header.number_line, "NgayBanHanh": doc.header.date_line}
        try:
            filled = fields.fill(data, pdf_renderer.write(lines, doc), values, fields.places(lines))
        except (PdfError, ValueError, KeyError) as exc:
            raise RenderError(f"{pdf_path}: không điền được số, ngày ({exc})") from None
        stem = f"{nd30.pad2(number)}-{safe_stem(Path(ky_hieu))}-{date.year}"
        rendered = {"docx": docx_renderer.render(doc), "pdf": filled}
        entry = _entry(
            source_path,
            found.source_text.encode("utf-8"),
            issued_text,
            final,
            doc,
            template,
            found.pdf_variant or "",
            copies,
        )
        return _Made(number, stem, rendered, entry)

    issuer = nd30.upper(notice.issuer.name)
    held, outputs = _take_number(
        register, (issuer, ky_hieu, date), out_dir, (found.source_sha256, again), say, make
    )
    _checkpoint("committed")
    assert held.entry_id is not None
    problems = register.finish(held.entry_id)
    return Issued(held.number, held.symbol, held.year, date, [o.path for o in outputs], held.entry_id, problems)


def _load_text(path: Path, text: str) -> Notice:
    """The notice of a YAML text kept in the register, read as if it were the file ``path``."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        copy.write_text(text, encoding="utf-8")
        return load_notice(copy)
