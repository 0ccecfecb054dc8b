"""`notice-gen serve`: the drafting web page over a folder of notices (notice_gen/serve/)."""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

import click

from . import options

EXIT_INVALID = 2


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command()
@click.argument("folder", required=False, default="inputs", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Địa chỉ nghe. Khác 127.0.0.1 thì bắt buộc --users."
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Cổng.")
@click.option(
    "--users",
    "users_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp tài khoản (tên:vai-trò:mã-băm scrypt), bắt buộc khi nghe trên mạng (LAN).",
)
@options.register_db(
    "Sổ đăng ký văn bản đi; mặc định FOLDER/so-van-ban-di.sqlite3 (một máy chủ là sổ chung của cơ quan)."
)
@options.templates_dir
@click.option(
    "--trust",
    multiple=True,
    envvar="NOTICE_GEN_TRUST",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Chứng thư gốc tin cậy cho màn hình kiểm tra chữ ký (như notice-gen verify --trust).",
)
@click.option("--add-user", metavar="TÊN", help="Thêm (hoặc đổi mật khẩu) một tài khoản vào --users rồi thoát.")
@click.option(
    "--role",
    type=click.Choice(["soan-thao", "van-thu"]),
    default="soan-thao",
    show_default=True,
    help="Vai trò của tài khoản thêm bằng --add-user: soan-thao, hoặc van-thu (cấp số, ký, sổ).",
)
def serve(
    folder: Path,
    host: str,
    port: int,
    users_file: Path | None,
    db_path: Path | None,
    templates_dir: Path | None,
    trust: tuple[Path, ...],
    add_user: str | None,
    role: str,
) -> None:
    """Mở trang soạn thảo trên trình duyệt: biểu mẫu, xem trước trang in, lỗi bên cạnh từng trường.

    Các tệp YAML trong FOLDER (mặc định inputs/) vẫn là bản gốc: lưu là ghi vào chúng (giữ chú
    thích, thứ tự, và các phiên bản trước). Văn thư cấp số, ký số, xem sổ trên cùng trang. Mặc
    định chỉ máy này truy cập được (127.0.0.1); mở cho mạng LAN bằng --host 0.0.0.0 --users FILE.
    """
    from ..errors import NoticeError
    from ..serve.auth import UsersError, read_users
    from ..serve.auth import add_user as write_user

    if add_user:
        if users_file is None:
            raise click.UsageError("--add-user cần --users FILE: tệp để ghi tài khoản")
        password = click.prompt(f"Mật khẩu cho {add_user}", hide_input=True, confirmation_prompt="Gõ lại mật khẩu")
        try:
            write_user(users_file, add_user, role, password)
        except UsersError as exc:
            click.echo(f"✗ {exc}", err=True)
            sys.exit(EXIT_INVALID)
        click.echo(f"✓ Đã ghi tài khoản {add_user} ({role}) vào {users_file}", err=True)
        return
    if not folder.is_dir():
        click.echo(f"✗ Không có thư mục {folder}; tạo nó hoặc chỉ tới thư mục chứa các tệp .yaml", err=True)
        sys.exit(EXIT_INVALID)
    loopback = is_loopback(host)
    if not loopback and users_file is None:
        click.echo(
            f"✗ Nghe trên {host} (mạng) cần tài khoản: thêm --users FILE "
            "(tạo bằng notice-gen serve --users FILE --add-user TÊN). Máy chủ không khởi động.",
            err=True,
        )
        sys.exit(EXIT_INVALID)
    try:
        users = read_users(users_file) if users_file else None
    except NoticeError as exc:
        click.echo(f"✗ {exc}", err=True)
        sys.exit(EXIT_INVALID)
    import uvicorn

    from ..serve.app import Settings, create_app

    app = create_app(Settings(folder, users, db_path, templates_dir, loopback=loopback, trust=trust))
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Trang soạn thảo: http://{shown}:{port}/  (thư mục {folder.resolve()}; Ctrl+C để dừng)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
