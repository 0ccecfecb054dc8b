"""`notice-gen data …`: the office's own copy of the lists `lint` and `tasks` read (docs/lint.md, section 4).

Imports stay lazy, as in main.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_FAILED = 1


@click.group("data")
def data_group() -> None:
    """Dữ liệu của cơ quan: danh sách đơn vị, chức vụ, chữ viết tắt, ngày nghỉ (docs/lint.md)."""


@data_group.command("init")
@click.argument("folder", required=False, default=".notice-gen", type=click.Path(file_okay=False, path_type=Path))
def data_init(folder: Path) -> None:
    """Chép các danh sách có sẵn vào FOLDER (mặc định .notice-gen) để cơ quan sửa.

    Tệp đã có trong FOLDER được giữ nguyên. lint và tasks đọc thư mục .notice-gen cạnh tệp đầu
    vào; thư mục khác thì chỉ bằng --data-dir hoặc biến môi trường NOTICE_GEN_DATA.
    """
    from ..office.data import init

    try:
        written = init(folder)
    except OSError as exc:
        click.echo(f"✗ Không ghi được vào {folder}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_FAILED)
    for path in written:
        click.echo(f"✓ {path}")
    kept = "" if written else " (mọi tệp đã có sẵn, không ghi đè)"
    click.echo(f"Đã chép {len(written)} tệp dữ liệu vào {folder}{kept}. Sửa các tệp này, không sửa trong gói cài đặt.")
