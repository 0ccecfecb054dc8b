"""`notice-gen lint` over many files: examine each, apply the fixes asked for, report.

The rules (rules.py) find; the fixer (fix.py) rewrites the YAML; this module runs the two in
turn, so neither imports the other.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import InputError, NoticeError
from .fix import fix as rewrite
from .rules import ERROR, FIX_ROUNDS, WARNING, Rules, examine, scalars


def run(files: list[Path], rules: Rules, *, fix: bool, echo: Callable[[str], None]) -> int:
    """Lint (and with ``fix``, rewrite) each file; print the findings and a summary line.
    Returns the exit code: 2 when a file does not load, 1 when an error remains, else 0."""
    counts = {ERROR: 0, WARNING: 0}
    fixable = invalid = 0
    for path in files:
        try:
            check = examine(path, rules)
            for _ in range(FIX_ROUNDS if fix else 0):
                todo = [f for f in check.findings if f.fixable]
                if not todo:
                    break
                try:
                    changes = rewrite(path, todo, scalars(check.source.data))
                except NoticeError as exc:  # the rewrite would do more than the fixes, or cannot be written
                    echo(f"{path}: không sửa được: {exc}")
                    break
                for change in changes:
                    echo(str(change))
                if not changes:
                    break
                check = examine(path, rules)
        except InputError as exc:
            invalid += 1
            counts[ERROR] += len(exc.problems)  # the summary counts them, as it shows them
            for problem in exc.problems:
                where = f"{problem.file}:{problem.line}:{problem.column}"
                field_name = f"{problem.field}: " if problem.field else ""
                echo(f"{where}: {ERROR} du-lieu-khong-hop-le: {field_name}{problem.message}")
                echo("    gợi ý: sửa lỗi này trước; tệp chưa đọc được thì chưa kiểm tra được nội dung")
            continue
        for finding in check.findings:
            echo(str(finding))
            counts[finding.level] += 1
            fixable += finding.fixable
    summary = f"Đã kiểm tra {len(files)} tệp: {counts[ERROR]} lỗi, {counts[WARNING]} cảnh báo"
    if fixable:
        summary += f" ({fixable} chỗ sửa được bằng --fix)"
    if invalid:
        summary += f"; {invalid} tệp không đọc được"
    echo(summary + ".")
    return 2 if invalid else 1 if counts[ERROR] else 0
