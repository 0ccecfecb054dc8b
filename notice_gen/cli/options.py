"""Option values shared by several commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

templates_dir = click.option(
    "--templates-dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Thư mục mẫu của người dùng, được tìm trước các mẫu có sẵn (docs/templates.md).",
)


def pdfa(help: str) -> Decorator:
    """--pdfa 2b|3b, for the commands that write the final PDF."""
    return click.option("--pdfa", type=click.Choice(["2b", "3b"]), default="2b", show_default=True, help=help)


def register_db(help: str) -> Decorator:
    """--db, the outgoing register (SQLite), also from $NOTICE_GEN_REGISTER."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar="NOTICE_GEN_REGISTER",
        show_envvar=True,
        help=help,
    )


def day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """--date, --as-of: 2022-06-30 or 30/6/2022, the two forms the input files use."""
    if value is None:
        return None
    from ..notice.model import _parse_date

    try:
        return _parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
