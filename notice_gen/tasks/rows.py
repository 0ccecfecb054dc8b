"""The task follow-up export: one row per task of the notices given, with its deadline.

After a notice goes out the office follows each task to its deadline. The rows come from
the validated Notice (never from re-reading the YAML) and the section path from the
composer's outline, so "B. > II. Lĩnh vực Ứng dụng CNTT" is what the notice prints.

A deadline is kept as written and, where it can be computed, as a date: a date as such;
"07 ngày làm việc kể từ ngày ban hành" counted in Vietnamese working days (workdays.py);
"Quý III/2022", "tháng 6/2022", "năm 2022" as the last day of that period, marked derived.
Recurring deadlines ("hằng quý", "định kỳ") have no date.
"""

from __future__ import annotations

import calendar as gregorian
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import nd30
from ..notice.model import FOOTNOTE_CALL, Notice, Section, Task
from ..render import compose
from .workdays import Calendar

OVERDUE = "quá hạn"
DUE_SOON = "đến hạn trong 7 ngày"
OPEN = "còn hạn"
NO_DEADLINE = "không có thời hạn"
STATUSES = (OVERDUE, DUE_SOON, OPEN, NO_DEADLINE)
DUE_SOON_DAYS = 7
SECTION_SEPARATOR = " > "


@dataclass(frozen=True)
class Deadline:
    """A deadline as written, and as a date when one can be computed.

    ``derived`` is true when the date is not written as such in the notice (end of a
    quarter, working days counted, a year supplied), and then ``basis`` starts with
    "suy ra:"; ``basis`` says how the date was found, or why there is none.
    """

    text: str | None
    date: dt.date | None
    derived: bool
    basis: str


@dataclass(frozen=True)
class TaskRow:
    """One task of one notice, as the exports show it."""

    uid: str
    file: Path
    number: str  # "05/TB-BTTTT", or "…/TB-BTTTT (dự thảo)"
    draft: bool
    issue_date: dt.date | None
    meeting_date: dt.date
    subject: str
    section: tuple[str, ...]  # ("B.", "II. Lĩnh vực Ứng dụng CNTT")
    task: str
    lead: str | None
    support: tuple[str, ...]
    directed_by: str | None
    deadline: Deadline
    status: str

    @property
    def section_path(self) -> str:
        return SECTION_SEPARATOR.join(self.section)

    @property
    def units(self) -> tuple[str, ...]:
        return (self.lead, *self.support) if self.lead else self.support


def rows(notice: Notice, file: Path, calendar: Calendar, as_of: dt.date) -> Iterator[TaskRow]:
    """The tasks of one notice in reading order."""
    if notice.number:
        number = nd30.number_line(notice.number, compose.symbol(notice)).removeprefix("Số:").strip()
    else:
        number = f"…/{compose.symbol(notice)} (dự thảo)"
    subject = " ".join(compose.subject(notice).split("\n"))
    uids = _Uids(notice)
    for section, task in _tasks_with_sections(notice):
        deadline = parse_deadline(task.deadline, notice, calendar)
        yield TaskRow(
            uid=uids.next(task.task),
            file=file,
            number=number,
            draft=notice.number is None or notice.issue_date is None,
            issue_date=notice.issue_date,
            meeting_date=notice.meeting.date,
            subject=subject,
            section=section,
            task=FOOTNOTE_CALL.sub("", task.task),  # the footnote's number is the notice's, not the table's
            lead=task.lead,
            support=tuple(task.support),
            directed_by=task.directed_by,
            deadline=deadline,
            status=status(deadline.date, as_of),
        )


def _tasks_with_sections(notice: Notice) -> Iterator[tuple[tuple[str, ...], Task]]:
    """Each task with the headings above it, as printed: the enclosing sections by their
    number alone ("B."), the innermost in full ("II. Lĩnh vực Ứng dụng CNTT"). A section
    without a number is named by its title, having no number to stand for it."""
    numbers: list[str] = []  # per heading level: the short form
    titles: list[str] = []  # per heading level: the full heading
    for block, source in compose.outline(notice):
        if block.kind == "heading" and isinstance(source, Section):
            del numbers[block.level - 1 :], titles[block.level - 1 :]
            numbers.append(block.label or block.text)
            titles.append(block.text)
        elif isinstance(source, Task):
            yield (*numbers[:-1], titles[-1]) if titles else (), source


class _Uids:
    """UIDs that survive a re-export and issuing: from what names the meeting (the issuer,
    the meeting's date and name) and the task's words, never from the file name, so that
    the draft's calendar and the issued notice's (``05-TB-BTTTT-2022.yaml``) hold the same
    events. A changed deadline keeps the UID; the same words twice in one notice are told
    apart by their order."""

    def __init__(self, notice: Notice) -> None:
        meeting = notice.meeting
        self._notice = unicodedata.normalize(
            "NFC", f"{notice.issuer.abbreviation}\n{meeting.date.isoformat()}\n{' '.join(meeting.name.split())}"
        )
        self._seen: dict[str, int] = {}

    def next(self, text: str) -> str:
        words = " ".join(unicodedata.normalize("NFC", text).casefold().split())
        occurrence = self._seen[words] = self._seen.get(words, 0) + 1
        digest = hashlib.sha256(f"{self._notice}\n{words}\n{occurrence}".encode()).hexdigest()
        return f"{digest[:32]}@notice-gen"


def status(deadline: dt.date | None, as_of: dt.date) -> str:
    """One of STATUSES on ``as_of``; a deadline today is due, not overdue."""
    if deadline is None:
        return NO_DEADLINE
    if deadline < as_of:
        return OVERDUE
    if (deadline - as_of).days <= DUE_SOON_DAYS:
        return DUE_SOON
    return OPEN


_ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}
_RELATIVE = re.compile(r"(\d{1,3})\s+ngày(\s+làm\s+việc)?\b(.*)", re.IGNORECASE)
_FULL_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?![\d/.-])")
_QUARTER = re.compile(r"quý\s+(IV|I{1,3}|[1-4])\s*(?:/\s*|năm\s+)(\d{4})", re.IGNORECASE)
_HALF = re.compile(r"6\s+tháng\s+(đầu|cuối)\s+năm\s+(\d{4})", re.IGNORECASE)
_MONTH = re.compile(r"(trước\s+)?tháng\s+(\d{1,2})\s*(?:/\s*|năm\s+)(\d{4})", re.IGNORECASE)
_DAY_MONTH = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")
_YEAR = re.compile(r"(trước\s+)?năm\s+(\d{4})", re.IGNORECASE)


def parse_deadline(value: dt.date | str | None, notice: Notice, calendar: Calendar) -> Deadline:
    """The deadline as written and, where it can be computed, as a date. A period the notice
    states ("năm 2022", "trong 10 ngày") ends as Bộ luật Dân sự 2015, Điều 148 says: on the
    next working day when its last day is a day off (``_period``)."""
    if value is None:
        return Deadline(None, None, False, "")
    if isinstance(value, dt.date):
        return Deadline(nd30.short_date(value), value, False, "ghi rõ ngày")
    text = value
    if match := _RELATIVE.search(text):
        count, working, rest = int(match.group(1)), bool(match.group(2)), match.group(3).lower()
        unit = "ngày làm việc" if working else "ngày"
        if "ban hành" in rest or re.search(r"\bký\b", rest):
            anchor, anchor_name = notice.issue_date, "ngày ban hành"
        elif "họp" in rest:
            anchor, anchor_name = notice.meeting.date, "ngày họp"
        else:
            return Deadline(text, None, False, "chưa tính được: không rõ tính từ ngày nào")
        if anchor is None:
            return Deadline(text, None, False, "chưa tính được: thông báo chưa có ngày ban hành")
        day = calendar.add_working_days(anchor, count) if working else anchor + dt.timedelta(days=count)
        return _period(text, day, f"suy ra: {count} {unit} từ {anchor_name} {nd30.short_date(anchor)}", calendar)
    if match := _FULL_DATE.search(text):
        day_, month, year = (int(g) for g in match.groups())
        try:
            return Deadline(text, dt.date(year, month, day_), False, "ngày ghi trong thời hạn")
        except ValueError:
            return Deadline(text, None, False, f"chưa tính được: ngày “{match.group()}” không có thật")
    if match := _QUARTER.search(text):
        quarter = _ROMAN_QUARTERS.get(match.group(1).upper()) or int(match.group(1))
        year = int(match.group(2))
        basis = f"suy ra: ngày cuối quý {nd30.roman(quarter)}/{year}"
        return _period(text, _month_end(year, 3 * quarter), basis, calendar)
    if match := _HALF.search(text):
        first, year = match.group(1).lower() == "đầu", int(match.group(2))
        half = "6 tháng đầu năm" if first else "năm"
        return _period(text, _month_end(year, 6 if first else 12), f"suy ra: ngày cuối {half} {year}", calendar)
    if match := _MONTH.search(text):
        before, month, year = bool(match.group(1)), int(match.group(2)), int(match.group(3))
        if not 1 <= month <= 12:
            return Deadline(text, None, False, f"chưa tính được: không có tháng {month}")
        if before:  # "trước tháng 6/2022": by the end of May
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return _period(text, _month_end(year, month), f"suy ra: ngày cuối tháng {month}/{year}", calendar)
    if match := _DAY_MONTH.search(text):
        day_, month = int(match.group(1)), int(match.group(2))
        reference = notice.issue_date or notice.meeting.date
        for year in (reference.year, reference.year + 1):  # a day already past is next year's
            try:
                day = dt.date(year, month, day_)
            except ValueError:
                return Deadline(text, None, False, f"chưa tính được: ngày “{match.group()}” không có thật")
            if day >= notice.meeting.date:
                return Deadline(text, day, True, f"suy ra: năm {year} (thời hạn không ghi năm)")
    if match := _YEAR.search(text):
        before, year = bool(match.group(1)), int(match.group(2))
        year -= before  # "trước năm 2023": by the end of 2022
        return _period(text, dt.date(year, 12, 31), f"suy ra: ngày cuối năm {year}", calendar)
    return Deadline(text, None, False, "không có ngày cụ thể")


def _period(text: str, last: dt.date, basis: str, calendar: Calendar) -> Deadline:
    """A period ending on ``last``: on a day off it ends on the next working day (Bộ luật Dân
    sự 2015, Điều 148, khoản 5; ``Calendar.period_end``, which lint names too)."""
    end = calendar.period_end(last)
    if end != last:
        basis += (
            f"; {nd30.short_date(last)} là ngày nghỉ nên hạn là ngày làm việc tiếp theo (Bộ luật Dân sự 2015, Điều 148)"
        )
    return Deadline(text, end, True, basis)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, gregorian.monthrange(year, month)[1])


def unit_key(name: str) -> str:
    """A unit's name for comparison: case, spacing and the placement of the tone mark
    ("Tin học hoá" / "Tin học hóa") do not tell two units apart."""
    words = []
    for word in unicodedata.normalize("NFD", name).casefold().split():
        tones = "".join(sorted(c for c in word if c in _TONE_MARKS))
        words.append(unicodedata.normalize("NFC", "".join(c for c in word if c not in _TONE_MARKS) + tones))
    return " ".join(words)


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def for_unit(task_rows: Iterable[TaskRow], unit: str) -> list[TaskRow]:
    """The rows whose lead or supporting units include ``unit``."""
    key = unit_key(unit)
    return [row for row in task_rows if key in (unit_key(u) for u in row.units)]


def units(task_rows: Iterable[TaskRow]) -> list[str]:
    """Every unit named, lead or supporting, in order of first appearance, spelled as first written."""
    found: dict[str, str] = {}
    for row in task_rows:
        for unit in row.units:
            found.setdefault(unit_key(unit), unit)
    return list(found.values())
