"""Turn a validated Notice into the one Document both renderers print.

Here, and only here, the notice gets its words: the header lines, the
generated opening and closing sentences, section numbers, list markers,
deadlines, the Nơi nhận punctuation and the signer's authority lines. Text is
already NFC and on one line (load and model see to that), so every comparison and
every width measured here sees composed characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from . import nd30
from .document import Block, Document, Header, Signature
from .fonts import text_width_pt
from .model import Attendee, Chair, ListBlock, Meeting, Notice, Person, Recipient, Section, Task
from .templates import Template

_TRAILING = re.compile(r"[\s;.,]+$")  # whatever punctuation a drafter typed, R-NNITEM adds its own
KINDS = ("Hội nghị", "Hội thảo", "Cuộc họp", "Phiên họp", "Buổi làm việc", "Cuộc làm việc")


def compose(notice: Notice, template: Template, *, final: bool = False) -> Document:
    """The notice as it will print. Without ``final`` it is a draft, marked as one on every page."""
    header = _header(notice, template)
    subject_lines = tuple(subject(notice).split("\n"))  # the model keeps only non-empty, trimmed lines
    return Document(
        header=header,
        doc_type=nd30.DOC_TYPE,
        subject_lines=subject_lines,
        subject_rule_pt=_rule(
            subject_lines, "subject", template, template.manifest.layout.subject_rule, sum(template.column_widths_pt())
        ),
        opening=(*_opening(notice), _lead_in(notice)),
        body=tuple(_body(notice)),
        closing=_closing(notice, template),
        recipients_label=nd30.RECIPIENTS_LABEL,
        recipients=_recipients(notice),
        signature=Signature(
            authority=(*(_authority(line) for line in notice.signer.authority), nd30.upper(notice.signer.position)),
            name=notice.signer.name,
        ),
        draft_mark="" if final else nd30.DRAFT_MARK,
        title=f"{nd30.DOC_TYPE} {header.number_line}",
        subject=" ".join(subject_lines),
        author=notice.issuer.name,
        date=notice.issue_date or notice.meeting.date,
    )


def subject(notice: Notice) -> str:
    """The trích yếu, lines separated by "\\n": as written, or made from the meeting."""
    return notice.subject or f"Kết luận của {_titled(notice.meeting.chair)} tại {notice.meeting.name}"


def symbol(notice: Notice) -> str:
    """The ký hiệu after the number: as written, or TB-<issuer abbreviation> (R-SO)."""
    return nd30.upper(notice.symbol) if notice.symbol else nd30.symbol(notice.issuer.abbreviation)


def _header(notice: Notice, template: Template) -> Header:
    left, right = template.column_widths_pt()
    issuer = nd30.upper(notice.issuer.short_name or notice.issuer.name)
    year = notice.issue_date.year if notice.issue_date else (notice.year or notice.meeting.date.year)
    return Header(
        national_title=nd30.NATIONAL_TITLE,
        motto=nd30.MOTTO,
        # R-TN: the rule under the motto is as long as the motto.
        motto_rule_pt=_rule([nd30.MOTTO], "motto", template, 1.0, right),
        parent=nd30.upper(notice.issuer.parent) if notice.issuer.parent else None,
        issuer=issuer,
        issuer_rule_pt=_rule([issuer], "issuer", template, template.manifest.layout.issuer_rule, left),
        number_line=nd30.number_line(notice.number, symbol(notice)),
        date_line=nd30.date_line(notice.place, notice.issue_date, year),
        secrecy=notice.secrecy,
        urgency=notice.urgency,
    )


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


def _opening(notice: Notice) -> list[str]:
    if notice.opening.paragraphs is not None:
        return list(notice.opening.paragraphs)
    meeting = notice.meeting
    when = f"ngày {nd30.short_date(meeting.date)}"
    when = f"{meeting.time_of_day.capitalize()} {when}" if meeting.time_of_day else when.capitalize()
    sentence = f"{when}, tại {meeting.venue}, {_chair_phrase(meeting.chair)} đã chủ trì {meeting.name}"
    if meeting.form:
        sentence += f" {meeting.form_wording} {meeting.form}"
    if meeting.connection_points:
        sentence += f" tại {meeting.connection_points} điểm cầu"
    if meeting.counterpart:
        sentence += f" {meeting.counterpart}"
    first = sentence + "."
    kind = _kind(meeting)
    if meeting.attendees:
        intro = meeting.attendees_intro or f"Tham dự {kind} có"
        first += f" {intro} {_join(meeting.attendees)}."
    paragraphs = [first]
    if meeting.guests:
        paragraphs.append(f"{kind[0].upper()}{kind[1:]} còn có sự tham dự của {_join(meeting.guests)}.")
    return paragraphs


def _lead_in(notice: Notice) -> str:
    if notice.opening.lead_in:
        return notice.opening.lead_in
    heard = notice.opening.heard or f"các ý kiến phát biểu của các đại biểu tham dự {_kind(notice.meeting)}"
    return f"Sau khi nghe {heard}, {_titled(notice.meeting.chair)} {notice.opening.conclusion} như sau:"


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


def _sentence(text: str) -> str:
    text = text.rstrip()
    return text if text[-1:] in ".!?:;…" else text + "."


def _task_text(task: Task) -> str:
    if task.deadline is None or task.deadline_in_text:
        return task.task
    deadline = task.deadline if isinstance(task.deadline, str) else nd30.short_date(task.deadline)
    return f"{_sentence(task.task)} {task.deadline_label}: {_sentence(deadline)}"


def _section_label(scheme: str, numbers: Sequence[int]) -> str:
    """The number of a section at depth len(numbers) under ``scheme``."""
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


def _marker(style: str, number: int) -> str:
    if style in ("-", "+"):
        return style
    if style == "Thứ nhất":
        return nd30.ordinal(number) + ","
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


def _body(notice: Notice) -> Iterator[Block]:
    yield from (block for block, _source in outline(notice))


def outline(notice: Notice) -> Iterator[tuple[Block, Section | Task | str]]:
    """The body's blocks, each with the input it prints: its Section, Task or text.

    The task export reads the section numbers here, so a task's section path is the one
    the notice prints, never a second count that could disagree with it.
    """
    yield from _blocks(notice.body, notice.numbering, (), [0])


def _blocks(
    blocks: Sequence[Any], scheme: str, numbers: tuple[int, ...], count: list[int]
) -> Iterator[tuple[Block, Section | Task | str]]:
    """``numbers`` is the number path of the enclosing section (0 for a level without a
    number); ``count`` is the counter of this level, shared with untitled sections, which
    only group blocks and are not a level of their own."""
    for block in blocks:
        if isinstance(block, Section):
            if not block.section:
                yield from _blocks(block.content, scheme, numbers, count)
                continue
            title = block.section
            if block.numbered:
                count[0] += 1
                inner = (*numbers, count[0])
                title = f"{_section_label(scheme, inner)} {title}"
            else:
                inner = (*numbers, 0)
            if not numbers:  # R-SEC: mục titles in upper case
                title = nd30.upper(title)
            yield Block("heading", len(inner), title), block
            yield from _blocks(block.content, scheme, inner, [0])
        elif isinstance(block, ListBlock):
            yield from _list(block, 1)
        elif isinstance(block, Task):
            yield Block("paragraph", 0, _task_text(block)), block
        else:
            yield Block("paragraph", 0, block), block


def _list(block: ListBlock, depth: int) -> Iterator[tuple[Block, Task | str]]:
    number = 0
    for item in block.list:
        if isinstance(item, ListBlock):
            yield from _list(item, depth + 1)
            continue
        number += 1
        text = _task_text(item) if isinstance(item, Task) else item
        yield Block("item", depth, f"{_marker(block.style, number)} {text}"), item


def _recipients(notice: Notice) -> tuple[str, ...]:
    """R-NNITEM: "- x;" for each recipient, then "- Lưu: VT, … (n)." last."""
    lines = []
    for entry in notice.recipients:
        if isinstance(entry, Recipient):
            text = f"{entry.name} ({entry.note})" if entry.note else entry.name
        else:
            text = entry
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
