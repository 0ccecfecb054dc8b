"""One notice through the whole pipeline: load → validate → compose → render → write.

A Pipeline keeps one renderer per template and format, so a batch parses each
template, its CSS and the font configuration once. Both formats are rendered
in memory, then written together (output.write_all): a notice whose PDF fails
leaves no DOCX behind either. With the files goes a stamp (stamps.py), so a
later batch can leave an unchanged notice alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .. import templates
from ..errors import InputError, Problem, RenderError
from ..notice.document import Document
from ..notice.load import Source, load
from ..notice.model import Notice, validate
from . import stamps
from .compose import compose

if TYPE_CHECKING:
    from ..tasks.workdays import Calendar
from .output import target, write_all

FORMATS = ("docx", "pdf")


class Renderer(Protocol):
    def render(self, doc: Document) -> bytes: ...


@dataclass
class Pipeline:
    out_dir: Path
    formats: tuple[str, ...] = FORMATS
    templates_dir: Path | None = None
    final: bool = False  # a final must have its number and date; a draft is marked on every page
    _renderers: dict[tuple[str, str], Renderer] = field(default_factory=dict)
    _calendar: Calendar | None = None  # read once a batch, for the issue-date rule of a final

    def renderer(self, template: templates.Template, fmt: str) -> Renderer:
        key = (str(template.folder), fmt)
        if key not in self._renderers:
            if fmt == "docx":
                from .docx import DocxRenderer

                self._renderers[key] = DocxRenderer(template)
            else:
                from .pdf import PdfRenderer

                self._renderers[key] = PdfRenderer(template)
        return self._renderers[key]

    def render(self, path: Path) -> list[Path]:
        """Render one input; raises a NoticeError (nothing written) on failure."""
        outputs, _ = self.update(path, force=True)
        return outputs

    def update(self, path: Path, *, force: bool = False) -> tuple[list[Path], bool]:
        """Render one input unless its outputs are current (stamps.py) or ``force``; returns the
        outputs and whether they were written now. Raises a NoticeError (nothing written) on failure."""
        source = stamps.read_source(path)
        loaded = load(path)
        notice = validate(loaded)
        if self.final:
            _require_number_and_date(path, notice)
            self._refuse_early_issue(loaded, notice)
        template = templates.find(notice.template, self.templates_dir)
        if unsupported := template.unsupported(templates.features_used(notice)):
            # A template prints only what its manifest declares: never half a notice.
            raise RenderError(
                f"mẫu “{template.name}” không in được {'; '.join(unsupported)}; "
                "chọn mẫu khác (notice-gen templates list) hoặc bỏ phần đó"
            )
        targets = {fmt: target(self.out_dir, path, fmt) for fmt in self.formats}
        stamp = stamps.stamp_path(self.out_dir, path)
        key = stamps.key(source, template, {"final": self.final})
        if not force and stamps.is_current(stamp, key, targets.values()):
            return list(targets.values()), False
        doc = compose(notice, template, final=self.final)
        outputs = {targets[fmt]: self.renderer(template, fmt).render(doc) for fmt in self.formats}
        write_all({**outputs, stamp: stamps.record(stamp, key, outputs)})  # the stamp last
        return list(outputs), True


    def _refuse_early_issue(self, loaded: Source, notice: Notice) -> None:
        """The issue-date rule `issue` and `lint` apply (lint.issue_date_problem), one rule for the
        three: a final issued before its meeting is refused; lateness is `lint`'s to tell."""
        from ..lint.rules import ERROR, issue_date_problem
        from ..tasks.workdays import Calendar

        if self._calendar is None:
            self._calendar = Calendar.load()
        assert notice.issue_date is not None  # _require_number_and_date made sure
        found = issue_date_problem(notice.issue_date, notice.meeting.date, self._calendar)
        if found is not None and found[0] == ERROR:
            _level, _code, message, hint = found
            raise InputError([loaded.problem(("issue_date",), "issue_date", f"{message}; {hint}")])


def _require_number_and_date(path: Path, notice: Notice) -> None:
    """Only a draft may leave the number, the date or the signer's name blank (Phần "Numbers
    and dates" of the spec; R-NAME: a final names its signer)."""
    missing = [
        Problem(path, 1, 1, field, f"bản chính thức (--final) phải có {what}: thêm dòng “{example}”")
        for field, value, what, example in (
            ("number", notice.number, "số văn bản", "number: 5"),
            ("issue_date", notice.issue_date, "ngày ban hành", "issue_date: 05/01/2022"),
            ("signer.name", notice.signer.name, "họ tên người ký (R-NAME)", "name: Nguyễn Văn A"),
        )
        if value is None
    ]
    if missing:
        raise InputError(missing)


def collect(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the *.yaml / *.yml files of folders, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            found.append(path)
    return found
