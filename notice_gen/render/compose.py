"""Turn a validated Notice into the one Document both renderers print.

Here, and only here, the notice gets its words: the header lines, the
generated opening and closing sentences, section numbers, list markers,
deadlines, the Nơi nhận punctuation and the signer's authority lines. Text is
already NFC and on one line (load and model see to that), so every comparison and
every width measured here sees composed characters.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal

from .. import nd30
from ..notice.document import Block, Document, Footnote, Header, Run, Signature
from ..notice.model import (
    FOOTNOTE_CALL,
    Attendee,
    Chair,
    ListBlock,
    Meeting,
    Notice,
    Person,
    Point,
    Recipient,
    Section,
    Task,
)
from ..templates import PartStyle, Template
from .fonts import line_count, text_width_pt
from .joins import join

_TRAILING = re.compile(r"[\s;.,]+$")  # whatever punctuation a drafter typed, R-NNITEM adds its own
# The page that holds the signature holds at least this many lines of body text above it: the
# closing sentence is kept whole with the signature block, and when it is shorter than this,
# the block before it goes with it (issue 13; an office sends back a page with a lone signature).
MIN_SIGNATURE_PAGE_LINES = 3
KINDS = ("Hội nghị", "Hội thảo", "Cuộc họp", "Phiên họp", "Buổi làm việc", "Cuộc làm việc")


def compose(notice: Notice, template: Template, *, final: bool = False, joins: bool = True) -> Document:
    """The notice as it will print. Without ``final`` it is a draft, marked as one on every page.

    With ``joins`` (what the renderers need) the flowing text carries the marks of the units that
    never break over two lines (render/joins.py); without, it is the plain text, for those who
    write it back into YAML (import --onto)."""
    header = _header(notice, template)
    notes = Notes(notice.footnotes)
    body = tuple(block for block, _source in _outline(notice, template, notes))
    subject_lines = tuple(subject(notice).split("\n"))  # the model keeps only non-empty, trimmed lines
    closing = _closing(notice, template)
    mark = join if joins else str
    footnotes = {note.number: dataclasses.replace(note, text=mark(note.text)) for note in notes.called}
    return Document(
        header=header,
        doc_type=nd30.DOC_TYPE,
        subject_lines=tuple(map(mark, subject_lines)),
        subject_rule_pt=_rule(
            subject_lines, "subject", template, template.manifest.layout.subject_rule, sum(template.column_widths_pt())
        ),
        opening=tuple(map(mark, _opening_and_lead_in(notice))),
        body=tuple(_marked(block, mark, footnotes) for block in _keep_before_closing(body, closing, template)),
        closing=mark(closing),
        recipients_label=nd30.RECIPIENTS_LABEL,
        recipients=_recipients(notice),
        signature=Signature(
            authority=(*(_authority(line) for line in notice.signer.authority), nd30.upper(notice.signer.position)),
            name=notice.signer.name or "",  # a draft may leave it blank; a final may not (pipeline)
        ),
        draft_mark="" if final else nd30.DRAFT_MARK,
        title=f"{nd30.DOC_TYPE} {header.number_line}",
        subject=" ".join(subject_lines),
        author=notice.issuer.name,
        date=notice.issue_date or notice.meeting.date,
        footnotes=tuple(footnotes.values()),
    )


def _marked(block: Block, mark: Callable[[str], str], footnotes: dict[int, Footnote]) -> Block:
    """``block`` with its text and its runs (and the footnotes they call) marked by ``mark``."""
    runs = tuple(Run(mark(run.text), footnotes[run.note.number] if run.note else None) for run in block.runs)
    return dataclasses.replace(block, text=mark(block.text), runs=runs)


def subject(notice: Notice) -> str:
    """The trích yếu, lines separated by "\\n": as written, or made from the meeting."""
    return notice.subject or f"Kết luận của {_titled(notice.meeting.chair)} tại {notice.meeting.name}"


def symbol(notice: Notice) -> str:
    """The ký hiệu after the number: as written, or TB-<issuer abbreviation> (R-SO)."""
    return nd30.upper(notice.symbol) if notice.symbol else nd30.symbol(notice.issuer.abbreviation)


def _header(notice: Notice, template: Template) -> Header:
    left, right = template.header_widths_pt()
    # A line break the drafter typed in short_name or parent is kept ("\n"): both renderers break there.
    # A name without one that would come closer to the Quốc hiệu than the template allows is broken here.
    room = _name_room(template)
    issuer = _fit(nd30.upper(notice.issuer.short_name or notice.issuer.name), template.style("issuer"), room)
    parent = _fit(nd30.upper(notice.issuer.parent), template.style("parent"), room) if notice.issuer.parent else None
    year = notice.issue_date.year if notice.issue_date else (notice.year or notice.meeting.date.year)
    return Header(
        national_title=nd30.NATIONAL_TITLE,
        motto=nd30.MOTTO,
        # R-TN: the rule under the motto is as long as the motto.
        motto_rule_pt=_rule([nd30.MOTTO], "motto", template, 1.0, right),
        parent=parent,
        issuer=issuer,
        issuer_rule_pt=_rule(issuer.split("\n"), "issuer", template, template.manifest.layout.issuer_rule, left),
        number_line=nd30.number_line(notice.number, symbol(notice)),
        date_line=nd30.date_line(notice.place, notice.issue_date, year, notice.month),
        secrecy=notice.secrecy,
        urgency=notice.urgency,
    )


def _name_room(template: Template) -> float:
    """How wide a line of the left block may be (pt) for the two header blocks, each centred in
    its column, to stay ``header_gap_mm`` apart: the gap is half of each column's slack, so
    (left - name) / 2 + (right - Quốc hiệu) / 2 >= gap (issue 13)."""
    left, right = template.header_widths_pt()
    widest_right = max(
        text_width_pt(nd30.NATIONAL_TITLE, template.style("national_title").size, bold=True),
        text_width_pt(nd30.MOTTO, template.style("motto").size, bold=True),
    )
    gap = template.manifest.layout.header_gap_mm * 72 / 25.4
    return min(left, left + right - widest_right - 2 * gap)


def _fit(name: str, style: PartStyle, room: float) -> str:
    """``name`` as it is if the drafter broke it or it fits in ``room``; otherwise broken between
    words where its two lines are the most even, as offices break "BỘ NÔNG NGHIỆP VÀ / PHÁT TRIỂN
    NÔNG THÔN", and the second line again if it is still too wide."""
    words = name.split(" ")
    if "\n" in name or len(words) < 2 or text_width_pt(name, style.size, bold=style.bold) <= room:
        return name

    def widest(cut: int) -> float:
        return max(text_width_pt(" ".join(part), style.size, bold=style.bold) for part in (words[:cut], words[cut:]))

    cut = min(range(1, len(words)), key=widest)
    return " ".join(words[:cut]) + "\n" + _fit(" ".join(words[cut:]), style, room)


def _rule(lines: Sequence[str], part: str, template: Template, ratio: float, column_pt: float) -> float:
    """A rule's length: ``ratio`` of the longest line, a line never wider than its column."""
    style = template.style(part)
    widest = max(text_width_pt(line, style.size, bold=style.bold) for line in lines)
    return round(ratio * min(widest, column_pt), 1)


def _titled(person: Person) -> str:
    return f"{person.title} {person.name}" if person.title else person.name


def _comrade(person: Person) -> str:
    """ "đồng chí Lê Quốc Minh, Ủy viên …, Tổng biên tập …", or "Thứ trưởng Phan Tâm"."""
    if not person.roles and not person.position:
        return _titled(person)
    position = person.position or person.title
    return ", ".join([f"đồng chí {person.name}", *person.roles, *([position] if position else [])])


def _listed(person: Person) -> str:
    """A person in a colon list, whose intro already says "các đồng chí": "Lê Minh, Bộ trưởng"."""
    return ", ".join([person.name, *person.roles, *([p] if (p := person.position or person.title) else [])])


def _join(entries: Sequence[Attendee]) -> str:
    """Consecutive persons named by title become one group, "các đồng chí Thứ trưởng A,
    Thứ trưởng B"; a person with roles ("đồng chí X, Ủy viên …, …") and each text are
    groups of their own. Groups are separated by semicolons when one of them has commas
    of its own (a text with commas, or a person with roles), by commas otherwise."""
    groups: list[str] = []
    titled: list[str] = []
    nested = False

    def flush() -> None:
        if titled:
            groups.append(("các đồng chí " if len(titled) > 1 else "đồng chí ") + ", ".join(titled))
            titled.clear()

    for entry in entries:
        if isinstance(entry, Person) and not (entry.roles or entry.position):
            titled.append(_titled(entry))
            continue
        flush()
        text = _comrade(entry) if isinstance(entry, Person) else entry
        nested = nested or "," in text
        groups.append(text)
    flush()
    return ("; " if nested else ", ").join(groups)


def _kind(meeting: Meeting) -> str:
    if meeting.kind:
        return meeting.kind
    return next((k for k in KINDS if meeting.name.lower().startswith(k.lower())), "cuộc họp")


def _chair_phrase(chair: Chair) -> str:
    return _comrade(chair) if chair.roles or chair.position else _titled(chair)


def _opening_and_lead_in(notice: Notice) -> tuple[str, ...]:
    """The opening paragraphs, then the lead-in: a paragraph of its own, or the last sentence
    of the last opening paragraph (opening.lead_in_placement)."""
    paragraphs, lead_in = _opening(notice), _lead_in(notice)
    if notice.opening.lead_in_placement == "last_sentence" and paragraphs:
        return (*paragraphs[:-1], f"{paragraphs[-1]} {lead_in}")
    return (*paragraphs, lead_in)


def _opening(notice: Notice) -> list[str]:
    if notice.opening.paragraphs is not None:
        return list(notice.opening.paragraphs)
    meeting, opening = notice.meeting, notice.opening
    date = nd30.long_date(meeting.date) if opening.date_style == "long" else f"ngày {nd30.short_date(meeting.date)}"
    when = f"{meeting.time_of_day.capitalize()} {date}" if meeting.time_of_day else date[0].upper() + date[1:]
    where = f", tại {meeting.venue}" if meeting.venue else ""
    how = ""
    if meeting.form:
        how += f" {meeting.form_wording} {meeting.form}"
    if meeting.connection_points:
        how += f" tại {meeting.connection_points} điểm cầu"
    if meeting.counterpart:
        how += f" {meeting.counterpart}"
    chair = _chair_phrase(meeting.chair)
    if opening.construction == "organized":
        organizer = meeting.organizer or notice.issuer.name
        sentence = f"{when}{where}, {organizer} tổ chức {meeting.name}{how} dưới sự chủ trì của {chair}"
    else:
        authorized = f"được sự ủy quyền của {meeting.authorized_by}, " if meeting.authorized_by else ""
        sentence = f"{when}{where}, {authorized}{chair} đã chủ trì {meeting.name}{how}"
    first = sentence + "."
    kind = _kind(meeting)
    if meeting.attendees and opening.attendees_style == "colon":
        intro = (meeting.attendees_intro or f"Tham dự {kind} có các đồng chí").rstrip(" :")
        names = "; ".join(_listed(e) if isinstance(e, Person) else e for e in meeting.attendees)
        first += f" {intro}: {names}."
    elif meeting.attendees:
        intro = meeting.attendees_intro or f"Tham dự {kind} có"
        first += f" {intro} {_join(meeting.attendees)}."
    paragraphs = [first]
    if meeting.guests:
        paragraphs.append(f"{kind[0].upper()}{kind[1:]} còn có sự tham dự của {_join(meeting.guests)}.")
    return paragraphs


def _lead_in(notice: Notice) -> str:
    if notice.opening.lead_in:
        return notice.opening.lead_in
    opening = notice.opening
    heard = opening.heard or f"các ý kiến phát biểu của các đại biểu tham dự {_kind(notice.meeting)}"
    who = opening.concluded_by or _titled(notice.meeting.chair)
    return f"{opening.heard_wording} {heard}, {who} {opening.conclusion} như sau:"


def _closing(notice: Notice, template: Template) -> str:
    """As written, or the template's closing formula (manifest [wording]) with its blanks filled."""
    closing = notice.closing
    text = closing.text or template.closing(
        {
            "issuer": notice.issuer.name,
            "chair": _titled(notice.meeting.chair),
            "meeting": notice.meeting.name,
            "audience": closing.audience,
            "action": closing.action,
        }
    )
    # The closing sentence always ends with "./." (spec, "Writing").
    text = text.rstrip().removesuffix(nd30.CLOSING_MARK).rstrip(" .")
    return text + nd30.CLOSING_MARK


def _keep_before_closing(body: tuple[Block, ...], closing: str, template: Template) -> tuple[Block, ...]:
    """The body, its last block kept with the closing when the closing has fewer lines than
    MIN_SIGNATURE_PAGE_LINES, so the signature page never holds less body text than that."""
    style, layout = template.style("body"), template.manifest.layout
    lines = line_count(
        closing, style.size, sum(template.column_widths_pt()), indent_pt=layout.first_line_indent_cm * 72 / 2.54
    )
    if not body or lines >= MIN_SIGNATURE_PAGE_LINES:
        return body
    return (*body[:-1], dataclasses.replace(body[-1], keep_with_next=True))


def _sentence(text: str) -> str:
    text = text.rstrip()
    return text if text[-1:] in ".!?:;…" else text + "."


def _task_text(task: Task) -> str:
    if task.deadline is None or task.deadline_in_text:
        return task.task
    deadline = task.deadline if isinstance(task.deadline, str) else nd30.short_date(task.deadline)
    return f"{_sentence(task.task)} {task.deadline_label}: {_sentence(deadline)}"


class Notes:
    """The footnotes of one notice, numbered 1, 2, … in the order the body calls them."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts
        self.numbers: dict[str, Footnote] = {}

    @property
    def called(self) -> tuple[Footnote, ...]:
        return tuple(self.numbers.values())

    def runs(self, text: str, case: Callable[[str], str] = str) -> tuple[str, tuple[Run, ...]]:
        """``text`` without its "[^name]" calls, and cut into runs where they stand."""
        runs: list[Run] = []
        start = 0
        for match in FOOTNOTE_CALL.finditer(text):
            name = match.group(1)
            if name not in self.numbers:  # the model saw to it that each is called once
                self.numbers[name] = Footnote(len(self.numbers) + 1, self.texts[name])
            runs.append(Run(case(text[start : match.start()]), self.numbers[name]))
            start = match.end()
        runs.append(Run(case(text[start:])))
        runs = [run for run in runs if run.text or run.note]
        return "".join(run.text for run in runs), tuple(runs)

    def block(
        self,
        kind: Literal["heading", "paragraph", "item"],
        level: int,
        text: str,
        label: str = "",
        case: Callable[[str], str] = str,
    ) -> Block:
        """A body block: ``label`` (a number or marker, never re-cased: "b)" stays) and one space
        before ``text``, if any."""
        whole, runs = self.runs(text, case)
        if label:
            whole = f"{label} {whole}"
            runs = (Run(f"{label} {runs[0].text}", runs[0].note), *runs[1:])
        return Block(kind, level, whole, runs, label)


def _decimal_prefix(label: str) -> str | None:
    """A label in digits ("2.", "2.1.") goes on in the labels of what it holds ("2.1.", "2.1.1.")."""
    return label if re.fullmatch(r"(\d+\.)+", label) else None


def _section_label(scheme: str, numbers: Sequence[int], style: str | None = None, prefix: str | None = None) -> str:
    """The number of a section at depth len(numbers) under ``scheme``, or in its own ``style``."""
    if style:
        return _marker(style, numbers[-1], prefix)
    levels = nd30.NUMBERING[scheme]
    if levels is None:
        return ".".join(str(n) for n in numbers if n) + "."  # a level without a number adds nothing
    style, number = levels[len(numbers) - 1], numbers[-1]
    if style == "A":
        return nd30.letter(number).upper() + "."
    if style == "I":
        return nd30.roman(number) + "."
    if style == "1":
        return f"{number}."
    return nd30.letter(number) + ")"


def _marker(style: str, number: int, prefix: str | None = None) -> str:
    if style in ("-", "+"):
        return style
    if style == "Thứ nhất":
        return nd30.ordinal(number) + ","
    if style == "1.1.":  # the model allows it only inside something numbered in digits
        return f"{prefix or ''}{number}."
    templates = {"1.": "{n}.", "1)": "{n})", "(1)": "({n})"}
    if style in templates:
        return templates[style].format(n=number)
    if style in ("a)", "(a)"):
        return style.replace("a", nd30.letter(number))
    if style == "(i)":
        return f"({nd30.roman(number).lower()})"
    if style == "i.":
        return f"{nd30.roman(number).lower()}."
    return f"{nd30.roman(number)}."  # "I."


def outline(notice: Notice, template: Template | None = None) -> Iterator[tuple[Block, Section | Task | Point | str]]:
    """The body's blocks, each with the input it prints: its Section, Task, Point or text.

    The task export reads the section numbers here, so a task's section path is the one
    the notice prints, never a second count that could disagree with it. Without a template,
    headings take the shipped templates' case (upper) unless the notice says otherwise.
    """
    yield from _outline(notice, template, Notes(notice.footnotes))


def _outline(
    notice: Notice, template: Template | None, notes: Notes
) -> Iterator[tuple[Block, Section | Task | Point | str]]:
    case = notice.heading_case or (template.manifest.wording.heading_case if template else "upper")
    yield from _Body(notice.numbering, case, notes).blocks(notice.body, (), [0], None)


class _Body:
    """Walks the body once, numbering sections and list items, and cutting footnote calls."""

    def __init__(self, scheme: str, case: str, notes: Notes) -> None:
        self.scheme, self.case, self.notes = scheme, case, notes

    def blocks(
        self, blocks: Sequence[Any], numbers: tuple[int, ...], count: list[int], prefix: str | None
    ) -> Iterator[tuple[Block, Section | Task | Point | str]]:
        """``numbers`` is the number path of the enclosing section (0 for a level without a
        number); ``count`` is the counter of this level, shared with untitled sections, which
        only group blocks and are not a level of their own; ``prefix`` is the enclosing
        section's label when it is in digits, for a "1.1." style inside it."""
        for block in blocks:
            if isinstance(block, Section):
                if not block.section:
                    yield from self.blocks(block.content, numbers, count, prefix)
                    continue
                label = None
                if block.numbered:
                    count[0] += 1
                    inner = (*numbers, count[0])
                    label = _section_label(self.scheme, inner, block.style, prefix)
                else:
                    inner = (*numbers, 0)
                # R-SEC: mục titles in upper case, deeper ones as written; either as the notice,
                # its template or the section itself says.
                case = block.case or (self.case if not numbers else "as_written")
                title = self.notes.block(
                    "heading", len(inner), block.section, label or "", nd30.upper if case == "upper" else str
                )
                yield title, block
                yield from self.blocks(block.content, inner, [0], _decimal_prefix(label or ""))
            else:
                yield from self.inline(block, 0, prefix)

    def inline(
        self, block: Any, depth: int, prefix: str | None
    ) -> Iterator[tuple[Block, Section | Task | Point | str]]:
        """A block that is no section: a list, a task or a paragraph (in a list item: its paragraphs)."""
        if isinstance(block, ListBlock):
            yield from self.items(block, depth + 1, prefix)
        elif isinstance(block, Task):
            yield self.notes.block("paragraph", 0, _task_text(block)), block
        else:
            yield self.notes.block("paragraph", 0, block), block

    def items(
        self, block: ListBlock, depth: int, prefix: str | None
    ) -> Iterator[tuple[Block, Task | Point | str]]:
        number = 0
        label: str | None = None
        for item in block.list:
            if isinstance(item, ListBlock):  # a sub-list goes on from the item before it
                yield from self.items(item, depth + 1, _decimal_prefix(label or "") if label else None)
                continue
            number += 1
            label = _marker(block.style, number, prefix)
            if isinstance(item, Point):
                yield self.notes.block("item", depth, item.item, label), item
                for inner in item.content:
                    yield from self.inline(inner, depth, _decimal_prefix(label))
                continue
            text = _task_text(item) if isinstance(item, Task) else item
            yield self.notes.block("item", depth, text, label), item


def _recipients(notice: Notice) -> tuple[str, ...]:
    """R-NNITEM: "- x;" for each recipient, then "- Lưu: VT, … (n)." last."""
    lines = []
    for entry in notice.recipients:
        if isinstance(entry, Recipient):
            text = f"{entry.name} ({entry.note})" if entry.note else entry.name
        else:
            text = entry
        if isinstance(entry, Recipient) and entry.members:
            # A group line announces its members: "- Các Vụ, đơn vị thuộc Bộ:", then "+ Vụ A;" each.
            lines.append(f"- {_TRAILING.sub('', text.strip()).rstrip(':')}:")
            lines += [f"+ {_TRAILING.sub('', member.strip())};" for member in entry.members]
            continue
        lines.append(f"- {_TRAILING.sub('', text.strip())};")
    archive = f"Lưu: {', '.join(notice.archive.units)}"
    if notice.archive.copies:
        archive += f" ({notice.archive.copies})"
    if notice.drafter:  # R-DRAFTER: after the Lưu part, as Mẫu 1.4 writes it: "Lưu: VT, …⁹. …¹⁰."
        copies = f".({notice.drafter.copies})" if notice.drafter.copies else ""
        archive += f". {notice.drafter.initials.upper()}{copies}"
    lines.append(f"- {archive}.")
    return tuple(lines)


def _authority(line: str) -> str:
    """ "tl. Bộ trưởng" → "TL. BỘ TRƯỞNG" (R-AUTH: the abbreviation ends with a full stop)."""
    abbreviation, _, office = line.strip().partition(".")
    return f"{abbreviation.upper()}. {nd30.upper(office.strip())}"
