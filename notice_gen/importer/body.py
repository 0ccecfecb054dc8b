"""The body of a notice back into sections, lists, tasks and paragraphs.

Headings are told from list items by what the reader could see: a Word style
of notice-gen ("Notice Heading …", "Notice Item"), bold type, or, where the
source has no formatting (plain text), a short line without a full stop. The
section numbering scheme (R-SEC: "A.I.1.a)", "I.1.a)", "1.1.1.") follows from
the label of the first heading, and each heading's level from its label's
kind. A label that is not the one the scheme would print next stays as
written, in an unnumbered section, and is reported: nothing is renumbered
behind the drafter's back. List markers are the styles of the format
(R-SEC's "-", "+", "1.", "a)", "(1)", …); a run of items of another marker
between two items of one list is that list's sublist.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .. import nd30
from ..check.layout import Para
from . import fields

Warn = Callable[[Para, str], None]

_ROMAN_VALUES = {nd30.roman(n): n for n in range(1, 60)}
_ORDINALS = {nd30.ordinal(n).removeprefix("Thứ ").casefold(): n for n in range(1, 30)}


@dataclass
class Label:
    kind: str  # "A", "I", "1", "a", "dec" (section labels); or a list style of the format
    number: int
    depth: int  # decimal labels: how many numbers
    text: str  # the paragraph without its label


def _letter_number(letter: str) -> int:
    letter = letter.lower()
    return nd30.VIETNAMESE_LETTERS.index(letter) + 1 if letter in nd30.VIETNAMESE_LETTERS else 0


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("dec", re.compile(r"^(\d+(?:\.\d+)+)\.?\s+(\S.*)$")),
    ("(1)", re.compile(r"^\((\d+)\)\s*(\S.*)$")),
    ("(i)", re.compile(r"^\(([ivxl]+)\)\s*(\S.*)$")),
    ("(a)", re.compile(r"^\(([a-zđ])\)\s*(\S.*)$")),
    ("1)", re.compile(r"^(\d+)\)\s*(\S.*)$")),
    ("a)", re.compile(r"^([a-zđ])\)\s*(\S.*)$")),
    ("1.", re.compile(r"^(\d+)\.\s+(\S.*)$")),
    ("I.", re.compile(r"^([IVXLC]+)\.\s+(\S.*)$")),
    ("A.", re.compile(r"^([A-ZĐ])\.\s+(\S.*)$")),
    ("i.", re.compile(r"^([ivxl]+)\.\s+(\S.*)$")),
    ("Thứ nhất", re.compile(r"^Thứ\s+(\S+),\s*(\S.*)$")),
    ("-", re.compile(r"^[-–—•]\s*(\S.*)$")),
    ("+", re.compile(r"^\+\s*(\S.*)$")),
]


def labels(text: str) -> list[Label]:
    """Every reading of the paragraph's leading label ("C." is a letter and a Roman numeral)."""
    found = []
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        if kind in ("-", "+"):
            found.append(Label(kind, 1, 1, match.group(1)))
            continue
        value, rest = match.group(1), match.group(2)
        if kind == "dec":
            found.append(Label("dec", int(value.split(".")[-1]), value.count(".") + 1, rest))
        elif kind in ("(1)", "1)", "1."):
            found.append(Label(kind, int(value), 1, rest))
        elif kind in ("(i)", "i."):
            number = _ROMAN_VALUES.get(value.upper(), 0)
            if number:
                found.append(Label(kind, number, 1, rest))
        elif kind in ("(a)", "a)"):
            found.append(Label(kind, _letter_number(value), 1, rest))
        elif kind == "I.":
            if number := _ROMAN_VALUES.get(value, 0):
                found.append(Label("I.", number, 1, rest))
        elif kind == "A.":
            found.append(Label("A.", _letter_number(value), 1, rest))
        elif kind == "Thứ nhất":
            if number := _ORDINALS.get(value.casefold(), 0):
                found.append(Label(kind, number, 1, rest))
    return found


# The section label kind of each list style that can also number a section.
_SECTION_KIND = {"A.": "A", "I.": "I", "1.": "1", "a)": "a", "dec": "dec"}
_SCHEMES = {"A": "A.I.1.a)", "I": "I.1.a)", "1": "1.1.1.", "dec": "1.1.1."}


class BodyReader:
    def __init__(self, paras: list[Para], warn: Warn, *, formatting: bool) -> None:
        self.paras = paras
        self.warn = warn
        self.formatting = formatting  # the source shows bold type (DOCX, PDF, Markdown)
        self.scheme = "I.1.a)"
        self.directed_by: str | None = None
        self.top_counter = [0]  # the numbered mục so far
        self.items: set[int] = set()  # heading-like paragraphs that are items of a list (numbered_items)
        self.assignee: str | None = None  # the unit a heading above gives its points to ("Bộ Công Thương:")

    # -- headings ----------------------------------------------------------------------------------
    def is_heading(self, para: Para) -> bool:
        if para.style:
            if para.style.startswith("NoticeHeading"):
                return True
            if para.style.startswith("Notice"):
                return False
        if self.formatting:
            return para.bold
        text = para.text.rstrip()
        if text == nd30.upper(text) and any(c.isalpha() for c in text):
            return True
        return bool(self.section_label(para)) and len(text.split()) <= 20 and text[-1:] not in ".;!?…"

    def section_label(self, para: Para) -> Label | None:
        for label in labels(para.text):
            if label.kind in _SECTION_KIND:
                return label
        return None

    def read(self) -> tuple[list[Any], str]:
        heads = [(p, self.section_label(p)) for p in self.paras if self.is_heading(p)]
        first = next((label for _p, label in heads if label is not None), None)
        if first is not None:
            self.scheme = _SCHEMES[_SECTION_KIND[first.kind]]
        self.items = self.numbered_items()
        body: list[Any] = []
        stack: list[tuple[int, dict[str, Any], list[int]]] = []  # (level, section, counters of its children)
        top_counter = self.top_counter
        run: list[Para] = []

        def container() -> list[Any]:
            return stack[-1][1]["content"] if stack else body

        def flush() -> None:
            if run:
                titles = [str(section["section"]) for _level, section, _counter in reversed(stack)]
                self.assignee = next((u for t in titles if (u := fields.heading_unit(t, section=True))), None)
                container().extend(self.blocks(run))
                run.clear()

        def close_to(level: int) -> None:
            while stack and stack[-1][0] >= level:
                _level, section, _counter = stack.pop()
                if not section["content"]:
                    # A heading with nothing under it cannot be a section of the format: keep its words.
                    parent = stack[-1][1]["content"] if stack else body
                    parent.remove(section)
                    parent.append(section["_printed"])
                    self.warn(section["_para"], "tiêu đề mục không có nội dung: giữ thành một đoạn văn")
                section.pop("_printed", None)
                section.pop("_para", None)

        for index, para in enumerate(self.paras):
            heading = (
                index not in self.items
                and self.is_heading(para)
                and (label := self.heading_level(para, stack)) is not None
            )
            if not heading:
                run.append(para)
                continue
            flush()
            level, title, numbered = label  # type: ignore[misc]
            close_to(level)
            counter = stack[-1][2] if stack else top_counter
            section: dict[str, Any] = {"section": title}
            if level == 1 and title != nd30.upper(title):
                section["case"] = "as_written"  # R-SEC's capitals are the default; this mục was not in them
            if numbered:
                counter[0] += 1
            else:
                section["numbered"] = False
            section["content"] = []
            section["_printed"] = para.text
            section["_para"] = para
            container().append(section)
            stack.append((level, section, [0]))
            self.directed_by = None
        flush()
        close_to(1)
        return body, self.scheme

    def numbered_items(self) -> set[int]:
        """Paragraphs that look like headings but are items of a numbered list: "1. Bộ Công Thương:"
        above its a), b), when "2. Bộ Tài chính chủ trì …." that follows it is running text. A
        mục's label and its next sibling's are both headings in NĐ30 (R-SEC); where the sibling
        before or after a heading-like paragraph is a sentence, the run is a list whose items have
        paragraphs of their own (issue 12's item/content). notice-gen's own styles are never moved."""
        levels = nd30.NUMBERING[self.scheme] or ()
        rank = {kind: k for k, kind in enumerate(levels)}
        labelled = [(k, self.section_label(p)) for k, p in enumerate(self.paras)]
        labelled = [(k, lab) for k, lab in labelled if lab is not None and _SECTION_KIND[lab.kind] in rank]
        heading = {k: self.is_heading(self.paras[k]) for k, _lab in labelled}
        own = {k for k, _lab in labelled if (self.paras[k].style or "").startswith("Notice")}

        def sibling(at: int, step: int) -> tuple[int, Label] | None:
            """The nearest paragraph of the same label kind before (-1) or after (+1), unless a
            heading of the same or a higher level, or a new list (a "1." again), comes first."""
            kind = _SECTION_KIND[labelled[at][1].kind]
            k = at + step
            while 0 <= k < len(labelled):
                index, lab = labelled[k]
                other = _SECTION_KIND[lab.kind]
                if other == kind:
                    return None if step > 0 and lab.number == 1 else (index, lab)
                if heading[index] and rank[other] < rank[kind]:
                    return None
                k += step
            return None

        items: set[int] = set()
        for at, (index, lab) in enumerate(labelled):
            if not heading[index] or index in own or rank[_SECTION_KIND[lab.kind]] == 0:
                continue
            for step in (-1, 1):
                found = sibling(at, step)
                if found and found[1].number == lab.number + step and not heading[found[0]]:
                    items.add(index)
        return items

    def heading_level(
        self, para: Para, stack: list[tuple[int, dict[str, Any], list[int]]]
    ) -> tuple[int, str, bool] | None:
        """(level, title, numbered) of a heading paragraph, or None when it is not a heading."""
        levels = nd30.NUMBERING[self.scheme]
        depth = stack[-1][0] if stack else 0
        options = [lab for lab in labels(para.text) if lab.kind in _SECTION_KIND]
        for label in options:
            kind = _SECTION_KIND[label.kind]
            if levels is None:
                level = label.depth if kind == "dec" else (1 if kind == "1" else 0)
            else:
                level = levels.index(kind) + 1 if kind in levels else 0
            if not level or level > depth + 1:
                continue
            siblings = stack[level - 2][2] if level >= 2 else self.top_counter
            if label.number == siblings[0] + 1:
                return level, label.text, True
        upper = para.text == nd30.upper(para.text)
        if options:
            # A label the scheme would not print here: kept as written, in a section without a number.
            self.warn(para, f"số mục “{para.text.split()[0]}” không theo thứ tự {self.scheme}: giữ nguyên như viết")
            return (1 if upper and not stack else depth + 1), para.text, False
        if upper and not stack:
            return 1, para.text, False
        if self.formatting and stack and para.text.rstrip()[-1:] not in ".;":
            return depth + 1, para.text, False
        return None

    # -- blocks -------------------------------------------------------------------------------------
    def blocks(self, paras: list[Para]) -> list[Any]:
        """Paragraphs, tasks and lists of one stretch between headings."""
        items = [(p, self.item_label(p)) for p in paras]
        out: list[Any] = []
        k = 0
        while k < len(items):
            para, label = items[k]
            if label is None or (label.kind not in ("-", "+") and label.number != 1):
                # A list starts at its first marker; "3." on its own would be renumbered, so it stays text.
                out.append(self.text_or_task(para, para.text))
                k += 1
                continue
            block, k = self.list_block(items, k, label.kind)
            out.append(block)
        return out

    def item_label(self, para: Para) -> Label | None:
        if para.style and para.style.startswith("Notice") and not para.style.startswith("NoticeItem"):
            return None  # notice-gen printed it as a paragraph: its leading "1." is part of the text
        found = labels(para.text)
        return found[0] if found and found[0].kind != "dec" else None

    def list_block(self, items: list[tuple[Para, Label | None]], k: int, style: str) -> tuple[dict[str, Any], int]:
        def resumes(para: Para, number: int) -> bool:
            """The paragraph is this list's next item."""
            return any(
                lab.kind == style and (style in ("-", "+") or lab.number == number + 1) for lab in labels(para.text)
            )

        entries: list[Any] = []
        number = 0
        while k < len(items):
            para, label = items[k]
            if label is None:
                # What stands between two items of this list (paragraphs, other lists) belongs to the
                # item above it: an item of several paragraphs (issue 12's item/content), as "- Về …:"
                # sub-headings have.
                end = k
                while end < len(items) and not (items[end][1] is not None and resumes(items[end][0], number)):
                    end += 1
                if not (end < len(items) and entries and isinstance(entries[-1], str)):
                    break
                with self.assigned(entries[-1]):
                    content = self.blocks([p for p, _label in items[k:end]])
                entries[-1] = {"item": entries[-1], "content": content}
                k = end
                continue
            own = next((lab for lab in labels(para.text) if lab.kind == style), None)
            if own is not None and (style in ("-", "+") or own.number == number + 1):
                number += 1
                entries.append(self.text_or_task(para, own.text))
                k += 1
                continue
            # Another marker: a sublist if this list goes on after it, else the end of this list.
            end = k
            while end < len(items) and items[end][1] is not None and not resumes(items[end][0], number):
                end += 1
            starts = label.kind in ("-", "+") or label.number == 1
            if entries and starts and end < len(items) and items[end][1] is not None and end > k:
                with self.assigned(entries[-1]):
                    sub, k = self.list_block(items[:end], k, label.kind)
                entries.append(sub)
                continue
            break
        block: dict[str, Any] = {"list": entries}
        if style != "-":
            block = {"style": style, "list": entries}
        return block, k

    @contextmanager
    def assigned(self, entry: Any) -> Iterator[None]:
        """The points under an item that names a unit ("Bộ Công Thương:") are that unit's tasks."""
        outer = self.assignee
        if isinstance(entry, str) and (unit := fields.heading_unit(entry)):
            self.assignee = unit
        try:
            yield
        finally:
            self.assignee = outer

    def text_or_task(self, para: Para, text: str) -> Any:
        """A task when the sentence gives a deadline or names the unit that does it; else text."""
        if leader := fields.LEADER.match(text):
            if not leader.group("rest").strip(" :"):
                self.directed_by = leader.group("leader")  # "Thứ trưởng X chỉ đạo:" heads the tasks below
                return text
        task: dict[str, Any] = {"task": text}
        if match := fields.TRAILING_DEADLINE.match(text):
            deadline_text = match.group("deadline").strip()
            task["task"] = match.group("task")
            task["deadline"] = fields.as_date(deadline_text) or deadline_text
            if match.group("label") != "Thời hạn hoàn thành":
                task["deadline_label"] = match.group("label")
        elif (deadline := fields.in_text_deadline(text)) is not None:
            task["deadline"] = deadline
            task["deadline_in_text"] = True
        units = fields.task_units(task["task"])
        if "lead" not in units and self.assignee and not fields.heading_unit(text):
            units["lead"] = self.assignee
        if "deadline" not in task and "lead" not in units:
            return text
        if self.directed_by and "directed_by" not in units:
            units["directed_by"] = self.directed_by
        ordered = {"task": task.pop("task"), **{k: units[k] for k in ("lead", "support", "directed_by") if k in units}}
        return {**ordered, **task}
