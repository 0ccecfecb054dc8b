"""Click's own usage errors, said in Vietnamese.

Click words a missing option or a wrong value in English. The office staff who
run notice-gen read every message, so the group catches those errors and says
them again in Vietnamese, with the same exit code (2) and the same usage line.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import click

# (pattern of Click's message, its Vietnamese): the first that matches is used.
_TRANSLATIONS: Sequence[tuple[str, str]] = (
    (r"Missing option (.+)\.", r"thiếu tùy chọn \1."),
    (r"Missing argument (.+)\.", r"thiếu \1 (tệp hoặc thư mục cần xử lý)."),
    (r"Missing parameter: (.+)", r"thiếu \1."),
    (r"(?:Path|File|Directory) '(.+)' does not exist\.", r"không có “\1”: kiểm tra lại đường dẫn."),
    (r"(?:File|Path) '(.+)' is a directory\.", r"“\1” là một thư mục, cần một tệp."),
    (r"(?:Directory|Path) '(.+)' is a file\.", r"“\1” là một tệp, cần một thư mục."),
    (r"'(.*)' is not one of (.+)\.", r"“\1” không phải một trong các giá trị: \2."),
    (r"'(.*)' is not a valid integer range\.", r"“\1” không phải một số nguyên hợp lệ."),
    (r"'(.*)' is not a valid integer\.", r"“\1” không phải một số nguyên."),
    (r"'(.*)' is not a valid float(?: range)?\.", r"“\1” không phải một số."),
    (r"(.+) is not in the range (.+)\.", r"\1 nằm ngoài khoảng \2."),
    (r"No such option:? '?([^'\s]+?)'?\.?(?:\s+Did you mean .*)?", r"không có tùy chọn \1."),
    (r"No such command '(.+)'\.", r"không có lệnh “\1”."),
    (r"Option '(.+)' requires an argument\.", r"tùy chọn \1 cần một giá trị."),
    (r"Option '(.+)' requires (\d+) arguments\.", r"tùy chọn \1 cần \2 giá trị."),
    (r"Got unexpected extra arguments? \((.+)\)", r"thừa đối số: \1."),
)


def translate(message: str) -> str:
    """Click's message in Vietnamese; the inner part of "Invalid value for X: …" too."""
    valid = re.match(r"Invalid value for (.+?): (.*)", message, re.DOTALL)
    if valid:
        return f"giá trị của {valid[1]} không hợp lệ: {translate(valid[2])}"
    for pattern, vietnamese in _TRANSLATIONS:
        match = re.fullmatch(pattern, message.strip(), re.DOTALL)
        if match:
            said = match.expand(vietnamese)
            suggestion = re.search(r"Did you mean '?([^'?\s]+)'?\?", message)
            return said + (f" Có phải ý bạn là {suggestion[1]}?" if suggestion else "")
    return message  # our own messages are Vietnamese already


class VietnameseGroup(click.Group):
    """A click group whose usage errors are printed in Vietnamese."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone = kwargs.pop("standalone_mode", True)
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            if not standalone:
                raise
            if exc.ctx is not None:
                click.echo(exc.ctx.get_usage().replace("Usage:", "Cách dùng:", 1), err=True)
                command = exc.ctx.command_path
                click.echo(f"Xem “{command} --help” để biết cách dùng.", err=True)
            click.echo(f"Lỗi: {translate(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            if not standalone:
                raise
            click.echo(f"Lỗi: {translate(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            if not standalone:
                raise
            click.echo("Đã dừng.", err=True)
            sys.exit(1)
