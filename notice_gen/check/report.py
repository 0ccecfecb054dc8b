"""Findings, and the two ways to print them: lines for a person, JSON for a program.

The JSON shape is documented in docs/check.md and versioned by ``JSON_VERSION``;
a change of shape bumps it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

JSON_VERSION = 1
Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One deviation from NĐ30, with what to do about it."""

    rule: str  # R-… of shared/spec/nd30.md
    level: Level
    where: dict[str, int]
    part: str  # which part of the notice: "date", "body", "page", …
    message: str  # what is wrong, in Vietnamese
    measured: str  # what was found
    required: str  # what NĐ30 requires
    hint: str  # one line: how to fix it
    text: str = ""  # the text concerned, shortened

    def location(self) -> str:
        return describe(self.where)


def describe(where: dict[str, int]) -> str:
    """A location a drafter can find: "trang 2, dòng 5", "bảng 1, hàng 2, ô 1, đoạn 3"."""
    names = {
        "section": "phần (section)",
        "header": "đầu trang (header), đoạn",
        "footer": "chân trang (footer), đoạn",
        "page": "trang",
        "line": "dòng",
        "table": "bảng",
        "row": "hàng",
        "cell": "ô",
        "paragraph": "đoạn",
    }
    return ", ".join(f"{names[k]} {v}" for k, v in where.items()) or "cả văn bản"


@dataclass
class Report:
    """The findings for one file."""

    file: Path
    format: str
    findings: list[Finding] = field(default_factory=list)
    draft: bool = False  # a blank number or date, or "DỰ THẢO" on the page: a draft, not an error
    draft_reason: str = ""  # which of the two, in the words the report prints
    fixed: Path | None = None  # the --fix copy, when one was written
    unreadable: str | None = None  # why the file could not be read at all

    @property
    def errors(self) -> int:
        return sum(f.level == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.level == "warning" for f in self.findings)

    def lines(self) -> list[str]:
        """The report for a person, one finding per line plus its measure and hint."""
        if self.unreadable:
            return [f"{self.file}: không đọc được: {self.unreadable}"]
        out = []
        if self.draft:
            out.append(f"{self.file}: ghi chú: dự thảo ({self.draft_reason}), không phải lỗi")
        for f in self.findings:
            level = "lỗi" if f.level == "error" else "cảnh báo"
            quoted = f" “{f.text}”" if f.text else ""
            out.append(f"{self.file}: {f.location()}: {level} {f.rule}: {f.message}{quoted}")
            out.append(f"    đo được: {f.measured}  |  NĐ30: {f.required}")
            out.append(f"    cách sửa: {f.hint}")
        if self.fixed:
            out.append(f"{self.file}: đã ghi bản sửa {self.fixed}")
        verdict = "đạt" if not self.errors else "chưa đạt"
        out.append(f"{self.file}: {verdict}: {self.errors} lỗi, {self.warnings} cảnh báo")
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.file),
            "format": self.format,
            "readable": self.unreadable is None,
            "reason": self.unreadable,
            "draft": self.draft,
            "errors": self.errors,
            "warnings": self.warnings,
            "fixed": str(self.fixed) if self.fixed else None,
            "findings": [
                {
                    "rule": f.rule,
                    "level": f.level,
                    "where": f.where,
                    "location": f.location(),
                    "part": f.part,
                    "message": f.message,
                    "text": f.text,
                    "measured": f.measured,
                    "required": f.required,
                    "hint": f.hint,
                }
                for f in self.findings
            ],
        }
