"""The Văn thư's commands: issue, register, sign and verify (docs/issuing.md).

They live apart from cli.py so that `notice-gen --help` still loads nothing
heavy: SQLite, WeasyPrint and pyHanko are imported by the command that uses
them. Exit codes follow the rest of notice-gen: 0 done, 1 failed (render,
register, signature), 2 bad usage or an input that is not a valid notice.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import options
from .options import day

if TYPE_CHECKING:
    from ..errors import InputError

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2
PASSWORD_ENV = "NOTICE_GEN_P12_PASSWORD"
PIN_ENV = "NOTICE_GEN_PKCS11_PIN"



_db_option = options.register_db(
    "Tệp sổ đăng ký văn bản đi (SQLite). Mặc định: so-van-ban-di.sqlite3 trong thư mục hiện tại."
)


def _open(db_path: Path | None, *, create: bool = False, read_only: bool = False) -> Any:
    """The register at --db, $NOTICE_GEN_REGISTER or the default name, by its full path.

    Only `issue` creates a register (and says so); the other commands refuse to run
    without one (exit 2) rather than read an empty register made on the spot. The commands
    that only read (list, show, export) open it read-only."""
    from ..issuing.register import NoRegister, Register, RegisterError, default_path

    path = (db_path or default_path()).absolute()
    try:
        register = Register(path, create=create, read_only=read_only)
    except NoRegister as exc:
        _fail(str(exc), EXIT_INVALID)
    except RegisterError as exc:
        _fail(str(exc))
    if register.created:
        _warn(
            [
                f"Chưa có sổ đăng ký văn bản đi: tạo sổ mới tại {path} "
                f"(nếu sổ ở chỗ khác, chỉ tới nó bằng --db hoặc biến môi trường NOTICE_GEN_REGISTER)"
            ]
        )
    return register


def _fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    click.echo(f"✗ {message}", err=True)
    sys.exit(code)


def _invalid(file: Path, exc: InputError, where: str) -> NoReturn:
    """An input error of `issue`: each problem with its place; no number was taken."""
    click.echo(f"✗ {file}: dữ liệu không hợp lệ, chưa cấp số{where}:", err=True)
    for problem in exc.problems:
        click.echo(f"  {problem}", err=True)
    sys.exit(EXIT_INVALID)


def _warn(lines: list[str]) -> None:
    for line in lines:
        click.echo(f"! {line}", err=True)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--date", "issue_date", callback=day, help="Ngày ban hành (2022-01-05 hoặc 5/1/2022); mặc định hôm nay.")
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("outputs"),
    show_default=True,
    help="Thư mục ghi văn bản đã cấp số (tên tệp: <số>-<ký hiệu>-<năm>.docx/.pdf).",
)
@_db_option
@options.pdfa("PDF/A-2b, hoặc PDF/A-3b mang kèm tệp YAML nguồn (docs/issuing.md giải thích).")
@click.option(
    "--copies", type=click.IntRange(min=1), help="Số lượng bản phát hành ghi vào sổ (mặc định theo drafter.copies)."
)
@options.templates_dir
@click.option("--again", is_flag=True, help="Cấp thêm một số cho tệp đã được cấp số (đúng nội dung đó).")
def issue(
    file: Path,
    issue_date: dt.date | None,
    out_dir: Path,
    db_path: Path | None,
    pdfa: str,
    copies: int | None,
    templates_dir: Path | None,
    again: bool,
) -> None:
    """Cấp số, ghi ngày, kết xuất bản chính thức (DOCX và PDF/A) và vào sổ văn bản đi, trong một bước.

    FILE là tệp YAML để trống number và issue_date: số là số tiếp theo của năm cho cơ quan và ký
    hiệu này, ngày là hôm nay (giờ Việt Nam) hoặc --date. Lỗi ở bất kỳ bước nào thì không số nào
    bị lấy mất và không tệp nào được ghi.

    FILE là bản trình ký (PDF của notice-gen prepare) người ký đã ký số: số và ngày được điền vào
    đúng ô 3, ô 4 mà chữ ký của người ký vẫn hợp lệ; DOCX của văn bản đã ban hành được kết xuất kèm.
    """
    from ..errors import InputError, NoticeError
    from ..issuing.issue import IssueDateError, issue_signed
    from ..issuing.issue import issue as issue_notice

    if file.suffix.lower() != ".pdf":
        from ..notice.model import load_notice

        try:
            load_notice(file)  # bad input is said before any register is opened, or made where none was
        except InputError as exc:
            _invalid(file, exc, "")
    register = _open(db_path, create=True)
    with register:
        try:
            if file.suffix.lower() == ".pdf":
                issued = issue_signed(
                    file,
                    register,
                    out_dir,
                    date=issue_date,
                    copies=copies,
                    templates_dir=templates_dir,
                    again=again,
                    say=lambda text: click.echo(f"! {text}", err=True),
                )
            else:
                issued = issue_notice(
                    file,
                    register,
                    out_dir,
                    date=issue_date,
                    pdfa=pdfa,
                    copies=copies,
                    templates_dir=templates_dir,
                    again=again,
                    say=lambda text: click.echo(f"! {text}", err=True),
                )
        except InputError as exc:
            _invalid(file, exc, f" (sổ {register.path})")
        except IssueDateError as exc:
            _fail(f"{file}: chưa cấp số: {exc} (sổ {register.path})", EXIT_INVALID)
        except NoticeError as exc:
            _fail(f"{file}: chưa cấp số: {exc} (sổ {register.path})")
        _warn(register.warnings)
        click.echo(
            f"✓ Đã cấp số {issued.number_symbol} ngày {issued.issue_date:%d/%m/%Y} cho {file} (sổ {register.path})",
            err=True,
        )
        for path in issued.files:
            click.echo(f"  → {path}", err=True)
        if issued.problems:
            _warn(issued.problems)
            sys.exit(EXIT_FAILED)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("outputs"),
    show_default=True,
    help="Thư mục ghi bản trình ký (<tên tệp>.trinh-ky.pdf).",
)
@_db_option
@options.pdfa("PDF/A-2b, hoặc PDF/A-3b mang kèm tệp YAML nguồn.")
@options.templates_dir
def prepare(file: Path, out_dir: Path, db_path: Path | None, pdfa: str, templates_dir: Path | None) -> None:
    """Làm bản trình ký: bố cục chính thức (không có dấu DỰ THẢO), số và ngày để trống cho Văn thư.

    Trong PDF, số, ký hiệu (ô 3) và ngày tháng (ô 4) là hai ô biểu mẫu đặt đúng chỗ NĐ30 in chúng.
    Người ký ký số bản này (notice-gen sign); chữ ký chỉ cho phép điền hai ô đó và đóng dấu của cơ
    quan. Văn thư cấp số bằng notice-gen issue BẢN-ĐÃ-KÝ.pdf. Không số nào bị lấy ở bước này; sổ đăng
    ký giữ tệp YAML để khi cấp số kết xuất đúng văn bản đã ký.
    """
    from ..errors import InputError, NoticeError
    from ..issuing.issue import prepare as prepare_notice

    register = _open(db_path, create=True)
    with register:
        try:
            target = prepare_notice(file, register, out_dir, pdfa=pdfa, templates_dir=templates_dir)
        except InputError as exc:
            click.echo(f"✗ {file}: dữ liệu không hợp lệ, chưa làm bản trình ký:", err=True)
            for problem in exc.problems:
                click.echo(f"  {problem}", err=True)
            sys.exit(EXIT_INVALID)
        except NoticeError as exc:
            _fail(f"{file}: chưa làm bản trình ký: {exc}")
    click.echo(f"✓ Bản trình ký: {target} (sổ {register.path})", err=True)
    click.echo(f"  Người ký ký số: notice-gen sign {target.name} --image chu-ky.png …", err=True)
    click.echo(f"  Rồi Văn thư cấp số: notice-gen issue {target.name}", err=True)


@click.group("register")
def register_group() -> None:
    """Sổ đăng ký văn bản đi: xem, xuất, hủy số, tiếp nối sổ cũ."""


def _series_options(function: Any) -> Any:
    function = click.option("--symbol", help="Ký hiệu, khi sổ có nhiều loại ký hiệu: TB-BTTTT.")(function)
    return click.option("--year", type=click.IntRange(1945, 2100), help="Năm của số văn bản.")(function)


@register_group.command("list")
@_series_options
@_db_option
def register_list(year: int | None, symbol: str | None, db_path: Path | None) -> None:
    """Liệt kê các văn bản đã vào sổ: số, ngày, trích yếu, người ký, trạng thái; và sổ bắt đầu từ số nào."""
    from ..issuing.register import series_key

    with _open(db_path, read_only=True) as register:
        entries = register.entries(year=year, symbol=symbol)
        starts = register.starts(year)
        _warn(register.warnings)
    for start in starts:
        if symbol is None or start.symbol is None or start.symbol == series_key(symbol):
            click.echo(f"Sổ bắt đầu: {start.describe()}", err=True)
    if not entries:
        click.echo(f"Sổ {register.path} chưa có văn bản nào" + (f" năm {year}" if year else "") + ".", err=True)
        return
    for e in entries:
        state = "ĐÃ HỦY" if e.void else "ban hành"
        subject = e.subject if len(e.subject) <= 70 else e.subject[:69] + "…"
        click.echo(f"{e.number_symbol:<16} {e.issue_date:%d/%m/%Y}  {state:<8}  {e.signer_name:<24} {subject}")
    click.echo(f"({len(entries)} văn bản; sổ {register.path})", err=True)


@register_group.command("start")
@click.option("--year", required=True, type=click.IntRange(1945, 2100), help="Năm của số văn bản.")
@click.option("--next", "next_number", required=True, type=click.IntRange(min=1), help="Số tiếp theo, ví dụ 57.")
@click.option("--symbol", help="Chỉ cho ký hiệu này (TB-BTTTT); mặc định: mọi ký hiệu của năm.")
@_db_option
def register_start(year: int, next_number: int, symbol: str | None, db_path: Path | None) -> None:
    """Tiếp nối sổ đăng ký cũ (sổ giấy): số tiếp theo của năm là --next.

    Dùng khi cơ quan bắt đầu dùng notice-gen giữa năm: sổ giấy đã tới số 56 thì
    `register start --year 2022 --next 57`. Không được đặt thấp hơn hay bằng một số đã cấp
    trong sổ này: một số không bao giờ được cấp hai lần.
    """
    from ..issuing.register import RegisterError

    with _open(db_path, create=True) as register:
        try:
            start = register.start(year, next_number, symbol)
        except RegisterError as exc:
            _fail(f"{exc} (sổ {register.path})", EXIT_INVALID)
    click.echo(f"✓ Sổ bắt đầu: {start.describe()} (sổ {register.path})", err=True)


@register_group.command("show")
@click.argument("number", type=click.IntRange(min=1))
@_series_options
@click.option(
    "--source", is_flag=True, help="In tệp YAML như đã cấp số (có number và issue_date), để lưu hay kết xuất lại."
)
@_db_option
def register_show(number: int, year: int | None, symbol: str | None, source: bool, db_path: Path | None) -> None:
    """Mọi thông tin của một số trong sổ, và tình trạng các tệp của nó (SHA-256 còn khớp không)."""
    from ..issuing.register import RegisterError

    with _open(db_path, read_only=True) as register:
        try:
            e = register.find(number, year=year, symbol=symbol)
        except RegisterError as exc:
            _fail(f"{exc} (sổ {register.path})", EXIT_INVALID)
    if source:
        click.echo(e.source_text, nl=False)
        return
    rows = [
        ("Số, ký hiệu", e.number_symbol),
        ("Năm", str(e.year)),
        ("Ngày ban hành", f"{e.issue_date:%d/%m/%Y}"),
        ("Cơ quan ban hành", e.issuer),
        ("Tên loại", e.doc_type),
        ("Trích yếu", e.subject),
        ("Người ký", f"{e.signer_name} ({e.signer_position})"),
        ("Nơi nhận", "; ".join(e.recipients)),
        ("Lưu", e.archive.removeprefix("Lưu:").strip()),
        ("Số lượng bản", str(e.copies) if e.copies else "(không ghi)"),
        ("Trạng thái", f"ĐÃ HỦY lúc {e.voided_at}: {e.void_reason}" if e.void else "đã ban hành"),
        ("Vào sổ lúc", e.registered_at),
        ("Tệp nguồn", f"{e.source_path} (SHA-256 {e.source_sha256})"),
        ("Mẫu", e.template),
        ("PDF", e.pdf_variant or "PDF 1.7"),
        ("notice-gen", e.tool_version),
        ("Sổ đăng ký", str(register.path)),
    ]
    for output in e.outputs:
        rows.append((f"Tệp {output.format.upper()}", f"{output.path} — {output.state()}"))
        rows.append((f"SHA-256 {output.format.upper()}", output.sha256))
    width = max(len(label) for label, _value in rows)
    for label, value in rows:
        click.echo(f"{label:<{width}}  {value}")


@register_group.command("export")
@click.option(
    "--year", type=click.IntRange(1945, 2100), help="Năm của sổ; mặc định năm gần nhất có văn bản trong sổ."
)
@click.option("--csv", "as_csv", is_flag=True, help="Xuất CSV (UTF-8 có BOM).")
@click.option("--xlsx", "as_xlsx", is_flag=True, help="Xuất bảng tính Excel.")
@click.option(
    "-o",
    "--output",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp kết quả; mặc định so-van-ban-di-<năm>.csv hoặc .xlsx.",
)
@_db_option
def register_export(year: int | None, as_csv: bool, as_xlsx: bool, out_file: Path | None, db_path: Path | None) -> None:
    """Xuất sổ đăng ký văn bản đi của một năm theo các cột của mẫu sổ (Phụ lục IV NĐ30)."""
    from ..errors import NoticeError
    from ..issuing.issue import today
    from ..issuing.register import export_csv, export_xlsx
    from ..render.output import write_all

    if as_csv and as_xlsx:
        raise click.UsageError("chọn một trong --csv và --xlsx")
    with _open(db_path, read_only=True) as register:
        # Without --year, the latest year the book holds: in January it is still last year's book.
        year = year or max((e.year for e in register.entries()), default=today().year)
        entries = register.entries(year=year)
        _warn(register.warnings)
    if not entries:  # an empty file with a ✓ would pass for the year's book
        _fail(f"sổ {register.path} không có văn bản nào năm {year}; không ghi tệp (chọn năm bằng --year)")
    suffix = out_file.suffix.lower() if out_file else ""
    kind = "xlsx" if as_xlsx or (not as_csv and suffix == ".xlsx") else "csv"
    out_file = out_file or Path(f"so-van-ban-di-{year}.{kind}")
    title = f"Sổ đăng ký văn bản đi năm {year}"
    data = export_xlsx(entries, title) if kind == "xlsx" else export_csv(entries)
    try:
        write_all({out_file: data})
    except NoticeError as exc:
        _fail(str(exc))
    click.echo(f"✓ Đã xuất {len(entries)} văn bản năm {year} của sổ {register.path} vào {out_file}.", err=True)


@register_group.command("void")
@click.argument("number", type=click.IntRange(min=1))
@click.option("--reason", required=True, help="Lý do hủy số (ghi vào sổ).")
@_series_options
@_db_option
def register_void(number: int, reason: str, year: int | None, symbol: str | None, db_path: Path | None) -> None:
    """Hủy một số đã cấp. Số đó không bao giờ được cấp lại; dòng trong sổ vẫn còn, ghi lý do hủy."""
    from ..issuing.register import RegisterError

    with _open(db_path) as register:
        try:
            entry = register.void(register.find(number, year=year, symbol=symbol), reason)
        except RegisterError as exc:
            _fail(f"{exc} (sổ {register.path})", EXIT_INVALID)
    click.echo(
        f"✓ Đã hủy số {entry.number_symbol} năm {entry.year}: {entry.void_reason} (sổ {register.path})", err=True
    )


def _make_test_kit(ctx: click.Context, _param: click.Parameter, folder: Path | None) -> None:
    """--make-test-kit DIR: keys and pictures to try `sign` with (testkit.py), then stop."""
    if folder is None or ctx.resilient_parsing:
        return
    from ..issuing.testkit import PASSWORD, make_kit

    if folder.exists() and any(folder.iterdir()):
        _fail(f"thư mục {folder} đã có tệp; chọn một thư mục mới cho bộ khóa thử", EXIT_INVALID)
    kit = make_kit(folder)
    click.echo(f"✓ Bộ khóa thử (CHỈ ĐỂ THỬ, không dùng ban hành văn bản thật) trong {folder}:", err=True)
    for path, what in (
        (kit.signer_p12, f"khóa của người ký (mật khẩu {PASSWORD})"),
        (kit.issuer_p12, f"khóa của cơ quan ban hành (mật khẩu {PASSWORD})"),
        (kit.ca_pem, "chứng thư gốc thử, cho verify --trust"),
        (kit.signature_png, "chữ ký màu xanh, nền trong suốt, 51 × 20 mm (300 dpi)"),
        (kit.seal_png, "dấu màu đỏ, nền trong suốt, đường kính 36 mm (300 dpi)"),
    ):
        click.echo(f"  {path.name:<12} {what}", err=True)
    ctx.exit(EXIT_OK)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--make-test-kit",
    type=click.Path(file_okay=False, path_type=Path),
    is_eager=True,
    expose_value=False,
    callback=_make_test_kit,
    help="Tạo bộ khóa và ảnh chữ ký, dấu để thử (CA thử, signer.p12, issuer.p12, chu-ky.png, dau.png) rồi dừng.",
)
@click.option("--p12", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Tệp khóa .p12/.pfx.")
@click.option(
    "--pkcs11-module",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Khóa trên USB token/HSM: thư viện PKCS#11 của token (.so), xem docs/issuing.md.",
)
@click.option("--token-label", help="Nhãn của token (pkcs11-tool --list-token-slots).")
@click.option("--key-label", help="Nhãn của khóa ký trên token (pkcs11-tool --login --list-objects).")
@click.option("--cert-label", help="Nhãn của chứng thư trên token, nếu khác nhãn khóa.")
@click.option(
    "--role",
    type=click.Choice(["signer", "issuer"]),
    default="signer",
    show_default=True,
    help="signer: người có thẩm quyền ký (ký trước); issuer: cơ quan ban hành, tức Văn thư đóng dấu (ký sau).",
)
@click.option(
    "--image",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Ảnh PNG nền trong suốt: chữ ký (màu xanh) cho signer, dấu (màu đỏ) cho issuer.",
)
@click.option(
    "--size-mm",
    type=click.FloatRange(min=5, max=80),
    help="Bề rộng thật của ảnh (mm), ví dụ đường kính dấu; mặc định theo độ phân giải (DPI) ghi trong PNG.",
)
@click.option(
    "--password",
    envvar=PASSWORD_ENV,
    show_envvar=True,
    help="Mật khẩu tệp .p12; nếu không có sẽ được hỏi (không hiện khi gõ).",
)
@click.option(
    "-o",
    "--output",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Ghi bản đã ký vào tệp này; mặc định ký ngay vào FILE (chỉ thêm vào cuối tệp).",
)
@_db_option
def sign(
    file: Path,
    p12: Path | None,
    pkcs11_module: Path | None,
    token_label: str | None,
    key_label: str | None,
    cert_label: str | None,
    role: str,
    image: Path | None,
    size_mm: float | None,
    password: str | None,
    out_file: Path | None,
    db_path: Path | None,
) -> None:
    """Ký số PAdES vào một PDF, đặt hình chữ ký hoặc dấu đúng vị trí NĐ30 quy định.

    Vị trí được tìm từ chính bố cục PDF: chữ ký của người ký ở giữa dòng chức vụ và họ tên;
    dấu của cơ quan, đúng kích thước thật, trùm lên khoảng 1/3 chữ ký về bên trái. Người ký
    ký trước, Văn thư (--role issuer) ký sau. Không ký dự thảo (dấu DỰ THẢO, hoặc chưa có số,
    ngày); cảnh báo khi tệp không có trong sổ đăng ký văn bản đi.

    Khóa: tệp .p12 (--p12), hoặc trên USB token/HSM (--pkcs11-module, --token-label, --key-label;
    mã PIN lấy từ biến môi trường NOTICE_GEN_PKCS11_PIN, hoặc được hỏi).
    """
    from ..issuing.signing import SignError, pkcs11_key
    from ..issuing.signing import sign as sign_pdf

    if (p12 is None) == (pkcs11_module is None):
        raise click.UsageError("chọn một nguồn khóa: --p12 TỆP, hoặc --pkcs11-module THƯ-VIỆN (USB token)")
    if pkcs11_module is not None and not (token_label and key_label):
        raise click.UsageError("khóa trên token cần cả --token-label và --key-label")
    unregistered = _not_registered(file, db_path)
    try:
        with ExitStack() as stack:
            if p12 is not None:
                key = _p12_key(p12, password)
            else:
                assert pkcs11_module is not None and token_label and key_label
                pin = _pin(token_label)
                key = stack.enter_context(pkcs11_key(pkcs11_module, token_label, key_label, pin, cert_label))
            result = sign_pdf(file, out_file or file, key=key, role=role, image=image, width_mm=size_mm)
    except SignError as exc:
        _fail(str(exc))
    _warn([*result.warnings, *unregistered])
    who = "người ký" if role == "signer" else "cơ quan ban hành"
    click.echo(
        f"✓ Đã ký ({who}: {result.signer}) lúc {result.when.isoformat()} vào trang {result.page + 1} "
        f"của {out_file or file}",
        err=True,
    )


def _p12_key(p12: Path, password: str | None) -> Any:
    """The key of a .p12 file; its password from --password or the environment, else asked."""
    from ..issuing.signing import SignError, load_key

    try:
        return load_key(p12, password)
    except SignError:
        if password is not None:
            raise
        if not sys.stdin.isatty():
            raise SignError(
                f"{p12}: cần mật khẩu của tệp khóa: --password, hoặc biến môi trường {PASSWORD_ENV}"
            ) from None
        return load_key(p12, click.prompt(f"Mật khẩu của {p12.name}", hide_input=True))


def _pin(token_label: str) -> str:
    """The token's PIN: from NOTICE_GEN_PKCS11_PIN, else asked without echo (never on the command line,
    where other users of the machine could read it)."""
    import os

    from ..issuing.signing import SignError

    pin = os.environ.get(PIN_ENV)
    if pin:
        return pin
    if not sys.stdin.isatty():
        raise SignError(
            f"cần mã PIN của token “{token_label}”: đặt biến môi trường {PIN_ENV}, hoặc chạy trong cửa sổ lệnh"
        )
    return str(click.prompt(f"Mã PIN của token {token_label}", hide_input=True))


def _not_registered(file: Path, db_path: Path | None) -> list[str]:
    """A warning when the register (--db, $NOTICE_GEN_REGISTER, or the default file if it exists)
    has no issued file that ``file`` begins with: signing what was never issued is most likely a
    mistake (a copy edited by hand, a file from elsewhere), but not for notice-gen to forbid."""
    from ..issuing.register import Register, RegisterError, default_path

    path = (db_path or default_path()).absolute()
    if not path.exists():
        return (
            [f"không có sổ đăng ký văn bản đi tại {path}; chưa kiểm tra được {file} đã vào sổ chưa"] if db_path else []
        )
    try:
        with Register(path, create=False, read_only=True) as register:
            entry = register.find_file(file.read_bytes())
    except (RegisterError, OSError) as exc:
        return [f"không đọc được sổ đăng ký {path} để kiểm tra {file}: {exc}"]
    if entry is None:
        return [
            f"{file} không có trong sổ đăng ký văn bản đi {path} (không khớp SHA-256 của bản nào đã cấp số); "
            "hãy chắc đây đúng là bản đã cấp số"
        ]
    if entry.void:
        return [f"{file} là văn bản số {entry.number_symbol} năm {entry.year}, ĐÃ BỊ HỦY trong sổ {path}"]
    return []


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--trust",
    multiple=True,
    envvar="NOTICE_GEN_TRUST",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Chứng thư gốc tin cậy (PEM/DER), ví dụ của Ban Cơ yếu Chính phủ; dùng nhiều lần được "
    "(hoặc biến môi trường NOTICE_GEN_TRUST, các tệp cách nhau bằng “:”).",
)
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def verify(file: Path, trust: tuple[Path, ...], as_json: bool) -> None:
    """Kiểm tra các chữ ký số trong PDF: ai ký, lúc nào, còn nguyên vẹn không, có bị sửa sau khi ký không.

    \b
    Mã thoát: 0 mọi chữ ký nguyên vẹn, chứng thư tin cậy (--trust), và trang văn bản
                không bị sửa sau khi ký ngoài chỗ NĐ30 dành cho chữ ký, con dấu;
              1 có chữ ký hỏng, chứng thư không tin cậy hoặc chưa kiểm tra, văn bản bị sửa,
                hoặc không có chữ ký nào;
              2 không đọc được tệp.
    """
    from ..issuing.signing import SignError
    from ..issuing.signing import verify as verify_pdf

    try:
        reports = verify_pdf(file, trust)
    except SignError as exc:
        _fail(str(exc), EXIT_INVALID)
    if as_json:
        payload = [
            {
                "field": r.field,
                "role": r.role,
                "signer": r.signer,
                "organisation": r.organisation,
                "signed_at": r.when.isoformat() if r.when else None,
                "intact": r.intact,
                "valid": r.valid,
                "trusted": r.trusted if trust else None,
                "self_signed": r.self_signed,
                "modified_after": r.modified_after,
                "ok": r.ok,
                "summary": r.summary,
            }
            for r in reports
        ]
        click.echo(json.dumps({"file": str(file), "signatures": payload}, ensure_ascii=False, indent=2))
    else:
        if not reports:
            click.echo(f"{file}: không có chữ ký số nào.")
        roles = {"signer": "người ký", "issuer": "cơ quan ban hành"}
        for number, r in enumerate(reports, 1):
            # Never ✓ without a trusted chain: anyone can make a certificate with any name on it.
            mark = "✓" if r.ok and r.trusted else ("?" if r.ok and not trust and not r.self_signed else "✗")
            click.echo(f"{mark} Chữ ký {number} ({roles.get(r.role or '', r.field)}): {r.signer}")
            if r.organisation and r.organisation != r.signer:
                click.echo(f"    cơ quan: {r.organisation}")
            click.echo(f"    thời gian ký: {r.when.isoformat() if r.when else 'không ghi'}")
            click.echo(f"    nguyên vẹn: {'có' if r.intact and r.valid else 'KHÔNG — chữ ký hỏng hoặc tệp bị sửa'}")
            click.echo(f"    sửa sau khi ký: {r.modified_after}")
            if r.self_signed:
                click.echo("    chứng thư tin cậy: KHÔNG — chứng thư tự ký, ai cũng tạo được")
            elif trust:
                click.echo(f"    chứng thư tin cậy: {'có' if r.trusted else 'KHÔNG'}")
            else:
                click.echo(
                    "    chứng thư tin cậy: chưa kiểm tra (dùng --trust <chứng thư gốc> hoặc biến NOTICE_GEN_TRUST)"
                )
    failed = not reports or any(not (r.ok and r.trusted) for r in reports)
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


COMMANDS = (prepare, issue, register_group, sign, verify)
