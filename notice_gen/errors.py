"""Errors a drafter can act on.

Every problem with an input names the file, the line, the column and the field,
and says in Vietnamese what was expected. A file's problems are collected and
reported together, so that one run shows everything there is to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one input file."""

    file: Path
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class NoticeError(Exception):
    """Base of the errors notice_gen reports to its user without a traceback."""


class InputError(NoticeError):
    """The input file is not a valid notice; nothing is written for it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class RenderError(NoticeError):
    """The input is valid but an output could not be made (template, font, …)."""
