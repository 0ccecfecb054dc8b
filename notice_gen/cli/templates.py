"""`notice-gen templates …`: the commands of a template maintainer (docs/templates.md).

Kept apart from cli.py so that the drafter's commands and the maintainer's do
not grow into one file; imports stay lazy, as in cli.py.

Exit codes: 0 done (check: no problem); 1 check found problems; 2 bad usage,
or a name or folder that is not a template.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import options

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2



def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(EXIT_INVALID)


@click.group("templates")
def templates_group() -> None:
    """Các mẫu trình bày: xem, chép thành mẫu mới, kiểm tra (docs/templates.md).

    \b
    Mã thoát: 0 xong (check: không có vấn đề); 1 check thấy vấn đề;
              2 sai cách dùng, hoặc không phải mẫu.
    """


@templates_group.command("list")
@options.templates_dir
def list_(templates_dir: Path | None) -> None:
    """Liệt kê các mẫu theo thứ tự tìm: --templates-dir, NOTICE_GEN_TEMPLATES, mẫu có sẵn."""
    from ..templates.tools import listing

    for item in listing(templates_dir):
        if item.template is None:
            click.echo(f"{item.name}  (manifest lỗi: {item.error})  {item.folder}")
            continue
        m = item.template.manifest
        shadow = f"  [bị che bởi {item.shadowed_by}]" if item.shadowed_by else ""
        click.echo(f"{m.name} {m.version}  {m.description}  {item.folder}{shadow}")


@templates_group.command()
@click.argument("name")
@options.templates_dir
def show(name: str, templates_dir: Path | None) -> None:
    """In manifest của mẫu NAME: tính năng, câu kết mặc định, mọi số đo."""
    from .. import templates
    from ..errors import NoticeError
    from ..templates.tools import describe

    try:
        template = templates.find(name, templates_dir)
    except NoticeError as exc:
        _fail(str(exc))
    for line in describe(template):
        click.echo(line)


@templates_group.command()
@click.argument("name")
@click.option("--from", "source", default="bo", show_default=True, help="Mẫu được chép.")
@click.option(
    "--into",
    type=click.Path(file_okay=False, path_type=Path),
    help="Thư mục đặt mẫu mới; mặc định --templates-dir, rồi thư mục đầu của NOTICE_GEN_TEMPLATES, rồi ./templates.",
)
@options.templates_dir
def new(name: str, source: str, into: Path | None, templates_dir: Path | None) -> None:
    """Chép mẫu --from thành mẫu mới NAME (phiên bản 0.1.0) để sửa."""
    from .. import templates
    from ..errors import NoticeError
    from ..templates.tools import new as copy_template

    from_env = [Path(p) for p in os.environ.get(templates.ENV_VAR, "").split(os.pathsep) if p]
    into = into or templates_dir or (from_env[0] if from_env else Path("templates"))
    try:
        folder = copy_template(name, templates.find(source, templates_dir), into)
    except NoticeError as exc:
        _fail(str(exc))
    click.echo(f"Đã tạo {folder} từ mẫu “{source}”. Sửa {folder / templates.MANIFEST}, rồi chạy:")
    click.echo(f"  notice-gen templates check {folder}")


@templates_group.command("check")
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option(
    "--input",
    "inputs",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Thêm một tệp YAML vào các tệp thử (dùng nhiều lần được).",
)
@click.option(
    "--keep",
    type=click.Path(file_okay=False, path_type=Path),
    help="Giữ các tệp DOCX, PDF đã kết xuất trong thư mục này để mở xem.",
)
def check_(folder: Path, inputs: tuple[Path, ...], keep: Path | None) -> None:
    """Kiểm tra mẫu trong FOLDER: manifest, thẻ của DOCX/HTML/CSS, rồi kết xuất các tệp thử
    và kiểm tra thể thức NĐ30 của từng tệp ra (notice-gen check)."""
    from .. import templates
    from ..templates.tools import check

    if not (folder / templates.MANIFEST).is_file():
        _fail(f"{folder} không phải thư mục mẫu: thiếu {templates.MANIFEST}")
    result = check(folder, inputs, keep)
    for note in result.notes:
        click.echo(f"  ghi chú: {note}")
    for issue in result.problems:
        click.echo(f"✗ {issue}")
    if keep:
        click.echo(f"Các tệp đã kết xuất: {keep}")
    if result.ok:
        click.echo(f"Mẫu {folder} đạt: {len(result.rendered) or 'mọi'} tệp ra, không có lỗi NĐ30.")
        sys.exit(EXIT_OK)
    click.echo(f"Mẫu {folder}: {len(result.problems)} vấn đề.")
    sys.exit(EXIT_FAILED)


@templates_group.command()
@click.option(
    "--write",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Cập nhật phần sinh tự động trong tệp này (docs/templates.md) thay vì in ra.",
)
def reference(write: Path | None) -> None:
    """In bảng mọi biến mà mẫu dùng được, sinh từ mã nguồn (phần tham chiếu của docs/templates.md)."""
    from ..templates.reference import markdown, replace_in

    if write is None:
        click.echo(markdown(), nl=False)
        return
    try:
        write.write_text(replace_in(write.read_text(encoding="utf-8")), encoding="utf-8")
    except ValueError as exc:
        _fail(f"{write}: {exc}")
    click.echo(f"Đã cập nhật {write}.")
