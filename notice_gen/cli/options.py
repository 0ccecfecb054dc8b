"""Option values shared by several commands."""

from __future__ import annotations

import datetime as dt

import click


def day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """--date, --as-of: 2022-06-30 or 30/6/2022, the two forms the input files use."""
    if value is None:
        return None
    from ..notice.model import _parse_date

    try:
        return _parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
