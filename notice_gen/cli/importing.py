"""`notice-gen import`: finished notices (DOCX, PDF, text) back into input YAML (docs/import.md).

Exit codes: 0 every file imported (warnings say what stayed text); 1 a file was read but gave no
valid notice, or a target could not be written; 2 bad usage, or a file that cannot be read as a
notice (a scan without a text layer, a broken file, an unknown kind).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import options

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2
PROGRESS_FROM = 4
SCHEMA = Path("schema") / "notice.schema.json"


def _schema_for(target: Path) -> str | None:
    """The schema line's path, relative to the YAML file, when the file is in a project with the schema;
    else the path the shipped inputs use (../schema/notice.schema.json)."""
    folder = target.resolve().parent
    for root in (Path.cwd().resolve(), Path(__file__).resolve().parents[2]):  # the project of this checkout
        if (root / SCHEMA).is_file() and folder.is_relative_to(root):
            return Path(os.path.relpath(root / SCHEMA, folder)).as_posix()
    return None


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp YAML ghi ra (khi nhập một tệp).",
)
@click.option(
    "-O",
    "--output-dir",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Thư mục ghi các tệp YAML (mặc định: inputs). Tên tệp lấy theo tên tệp vào.",
)
@click.option(
    "--onto",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Gộp vào tệp YAML đã có (bản Word do lãnh đạo sửa): giữ đơn vị, lãnh đạo chỉ đạo, mẫu, "
    "chữ viết tắt, chú thích.",
)
@click.option("--dry-run", is_flag=True, help="Chỉ in kết quả (hoặc phần thay đổi với --onto), không ghi tệp nào.")
@click.option("--template", help="Tên mẫu ghi vào tệp YAML (mặc định: đoán theo câu kết, không thì “bo”).")
@options.templates_dir
@click.option("--force", is_flag=True, help="Ghi đè tệp YAML đã có (mặc định: không ghi đè).")
def import_command(
    files: tuple[Path, ...],
    out_file: Path | None,
    out_dir: Path | None,
    onto: Path | None,
    dry_run: bool,
    template: str | None,
    templates_dir: Path | None,
    force: bool,
) -> None:
    """Nhập thông báo đã có (DOCX, PDF có lớp chữ, văn bản .txt/.md) thành tệp YAML.

    \b
    notice-gen import "TB 12.docx"                   → inputs/TB_12.yaml
    notice-gen import cu/*.pdf -O inputs/           nhiều tệp một lần
    notice-gen import sua.docx --onto inputs/a.yaml  đưa bản Word đã sửa về tệp YAML cũ
    notice-gen import sua.docx --onto inputs/a.yaml --dry-run   chỉ xem thay đổi

    Tệp vào không bao giờ bị sửa. Phần không nhận ra được giữ thành chữ ở đúng chỗ
    và được báo kèm vị trí (trang/dòng hoặc đoạn). Mã thoát: 0 xong; 1 có tệp không
    thành thông báo hợp lệ hoặc không ghi được; 2 sai cách dùng hoặc có tệp không đọc được.
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import Progress

    from ..errors import NoticeError
    from ..importer import import_file
    from ..render.output import safe_stem, write_all

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if (out_file or onto) and len(files) > 1:
        _usage("-o và --onto chỉ dùng khi nhập một tệp; nhiều tệp thì dùng -O THƯ_MỤC")
    if out_file and out_dir:
        _usage("chỉ dùng một trong hai: -o TỆP.yaml hoặc -O THƯ_MỤC")
    if onto and out_dir:
        _usage("--onto ghi vào chính tệp đó (hoặc vào -o TỆP.yaml), không dùng -O")
    folder = out_dir or Path("inputs")
    counts = {"ok": 0, "unreadable": 0, "failed": 0}
    claimed: dict[Path, Path] = {}

    with Progress(console=err, transient=True, disable=len(files) < PROGRESS_FROM) as progress:
        job = progress.add_task("Đang nhập", total=len(files))
        for path in files:
            progress.advance(job)
            target = (onto if onto and not out_file else out_file) or (folder / f"{safe_stem(path)}.yaml")
            if path.resolve() == target.resolve():
                counts["failed"] += 1
                err.print(f"[red]✗[/] {escape(str(path))}: tệp ra trùng tệp vào; tệp vào không bao giờ bị ghi đè")
                continue
            if target.resolve() in claimed:
                counts["failed"] += 1
                err.print(
                    f"[red]✗[/] {escape(str(path))}: tên tệp ra trùng với tệp {escape(str(claimed[target.resolve()]))}"
                    "; hãy nhập riêng tệp này với -o"
                )
                continue
            claimed[target.resolve()] = path
            try:
                imported = import_file(path, template=template, templates_dir=templates_dir)
            except NoticeError as exc:
                from ..importer import ReadError

                kind = "unreadable" if isinstance(exc, ReadError) else "failed"
                counts[kind] += 1
                err.print(f"[red]✗[/] {escape(str(path))}: {escape(str(exc))}")
                continue
            warnings = [f"{path}: {w}" for w in imported.warnings]
            if onto:
                from ..importer.onto import merge

                try:
                    merged = merge(onto, imported.data, templates_dir)
                except NoticeError as exc:
                    counts["failed"] += 1
                    err.print(f"[red]✗[/] {escape(str(onto))}: {escape(str(exc))}")
                    continue
                click.echo("\n".join(merged.diff) if merged.diff else "Không có thay đổi nào trong chữ của văn bản.")
                text, changed = merged.text, merged.changed
            else:
                text, changed = imported.yaml_text(_schema_for(target)), True
                if dry_run:
                    click.echo(text, nl=False)
            if not dry_run and changed:
                if target.exists() and not force and not onto:
                    counts["failed"] += 1
                    err.print(
                        f"[red]✗[/] {escape(str(path))}: {escape(str(target))} đã có; dùng --onto {escape(str(target))}"
                        " để gộp bản sửa vào tệp đó, hoặc --force để ghi đè"
                    )
                    continue
                try:
                    write_all({target: text.encode("utf-8")})
                except NoticeError as exc:
                    counts["failed"] += 1
                    err.print(f"[red]✗[/] {escape(str(path))}: {escape(str(exc))}")
                    continue
            counts["ok"] += 1
            where = (
                "(không ghi, --dry-run)" if dry_run else f"→ {target}" if changed else f"= {target} (không thay đổi)"
            )
            tail = f" ({len(warnings)} cảnh báo)" if warnings else ""
            err.print(f"[green]✓[/] {escape(str(path))} {escape(where)}{tail}")
            for line in warnings:
                err.print(f"  cảnh báo: {line}", markup=False)
    err.print(
        f"Đã nhập {counts['ok']}/{len(files)} tệp"
        + (f"; {counts['unreadable']} tệp không đọc được" if counts["unreadable"] else "")
        + (f"; {counts['failed']} tệp lỗi" if counts["failed"] else "")
        + "."
    )
    sys.exit(EXIT_INVALID if counts["unreadable"] else EXIT_FAILED if counts["failed"] else EXIT_OK)


def _usage(message: str) -> None:
    click.echo(f"Lỗi: {message}", err=True)
    sys.exit(EXIT_INVALID)
