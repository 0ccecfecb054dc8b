"""Writers for the task export: XLSX, CSV, ICS and JSON, each to bytes.

The format follows the output file's extension. Every writer returns the whole file, so
the command line writes it with output.write_all: the office never opens a half-written
spreadsheet. openpyxl and icalendar are imported by their writer only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import nd30
from ..render.output import csv_text, xlsx_text
from .rows import DUE_SOON, OVERDUE, TaskRow, for_unit, units

FORMATS = ("xlsx", "csv", "ics", "json")
JSON_FORMAT = "notice-gen/tasks"
JSON_VERSION = 1
ALL_TASKS_SHEET = "Tất cả nhiệm vụ"
NO_UNIT_SHEET = "Chưa có đơn vị"
SUMMARY_LENGTH = 90  # characters of the task in a calendar event's title


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # in Excel's character widths
    value: Callable[[TaskRow], str | dt.date | None]
    wrap: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("Số thông báo", 20, lambda r: r.number, wrap=True),
    Column("Ngày ban hành", 12, lambda r: r.issue_date),
    Column("Ngày họp", 12, lambda r: r.meeting_date),
    Column("Trích yếu", 36, lambda r: r.subject, wrap=True),
    Column("Mục", 30, lambda r: r.section_path, wrap=True),
    Column("Nhiệm vụ", 60, lambda r: r.task, wrap=True),
    Column("Đơn vị chủ trì", 24, lambda r: r.lead, wrap=True),
    Column("Đơn vị phối hợp", 24, lambda r: "; ".join(r.support), wrap=True),
    Column("Lãnh đạo chỉ đạo", 22, lambda r: r.directed_by, wrap=True),
    Column("Thời hạn (như ghi)", 18, lambda r: r.deadline.text, wrap=True),
    Column("Hạn (ngày)", 12, lambda r: r.deadline.date),
    Column("Cách tính hạn", 28, lambda r: r.deadline.basis, wrap=True),
    Column("Trạng thái", 14, lambda r: r.status, wrap=True),
    Column("Tệp nguồn", 28, lambda r: str(r.file), wrap=True),
)
NUMBER_HEADER = "STT"


def export(task_rows: Sequence[TaskRow], path: Path, *, as_of: dt.date, unit: str | None, stamp: dt.datetime) -> bytes:
    """The file for ``path``'s extension (one of FORMATS). ``stamp`` is the time of the
    export, which ICS must carry (DTSTAMP); the other formats do not depend on it."""
    kind = path.suffix.lower().lstrip(".")
    if kind == "xlsx":
        return xlsx(task_rows, as_of=as_of)
    if kind == "csv":
        return csv_bytes(task_rows, as_of=as_of)
    if kind == "ics":
        return ics(task_rows, stamp=stamp)
    if kind == "json":
        return json_bytes(task_rows, as_of=as_of, unit=unit)
    raise ValueError(f"không hỗ trợ định dạng “{path.suffix}”: chọn {', '.join('.' + f for f in FORMATS)}")


def _status_header(as_of: dt.date) -> str:
    return f"Trạng thái ngày {nd30.short_date(as_of)}"


def _headers(as_of: dt.date) -> list[str]:
    return [
        NUMBER_HEADER,
        *(_status_header(as_of) if c.header == "Trạng thái" else c.header for c in COLUMNS),
    ]


# --- XLSX -------------------------------------------------------------------------------

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31  # Excel's limit


def sheet_names(names: Sequence[str]) -> list[str]:
    """Names Excel accepts for ``names``, in order: at most 31 characters, none of
    [ ] : * ? / \\, not starting or ending with an apostrophe, not "History", and unique
    without regard to case (Excel's rule). A shortened name ends with "…"."""
    taken: set[str] = set()
    out = []
    for name in names:
        # A name starting like a formula (= + - @) loses those characters (OWASP), as do ' at the ends.
        base = " ".join(_SHEET_FORBIDDEN.sub(" ", name).split()).strip("'").lstrip("=+-@ '") or "Đơn vị"
        candidate, number = _fit(base, ""), 1
        while candidate.casefold() in taken or candidate.casefold() == "history":
            number += 1
            candidate = _fit(base, f" ({number})")
        taken.add(candidate.casefold())
        out.append(candidate)
    return out


def _fit(base: str, suffix: str) -> str:
    room = SHEET_NAME_MAX - len(suffix)
    text = base if len(base) <= room else base[: room - 1].rstrip() + "…"
    return (text + suffix).strip("'")


def xlsx(task_rows: Sequence[TaskRow], *, as_of: dt.date) -> bytes:
    """Every task on the first sheet, then one sheet per unit (lead or supporting), and one
    for the tasks without a unit, if any."""
    from openpyxl import Workbook

    book = Workbook()
    book.properties.title = "Theo dõi nhiệm vụ theo thông báo kết luận"
    book.properties.creator = "notice-gen"
    sheets: list[tuple[str, list[TaskRow]]] = [(ALL_TASKS_SHEET, list(task_rows))]
    sheets += [(unit, for_unit(task_rows, unit)) for unit in units(task_rows)]
    orphans = [row for row in task_rows if not row.units]
    if orphans:
        sheets.append((NO_UNIT_SHEET, orphans))
    for index, (name, (title, sheet_rows)) in enumerate(zip(sheet_names([t for t, _ in sheets]), sheets, strict=True)):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = name
        _fill(sheet, title, sheet_rows, as_of)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _fill(sheet: Any, title: str, sheet_rows: Sequence[TaskRow], as_of: dt.date) -> None:
    """One sheet ready to filter and print: header frozen and repeated on every page,
    dates as real date cells, overdue and due tasks shaded."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_fill = PatternFill("solid", fgColor="D9D9D9")
    shades = {OVERDUE: PatternFill("solid", fgColor="F4CCCC"), DUE_SOON: PatternFill("solid", fgColor="FFF2CC")}
    sheet.append(_headers(as_of))
    xlsx_text(sheet[1])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    top = Alignment(vertical="top")
    wrapped = Alignment(vertical="top", wrap_text=True)
    for number, row in enumerate(sheet_rows, 1):
        sheet.append([number, *(column.value(row) for column in COLUMNS)])
        cells = sheet[sheet.max_row]
        xlsx_text(cells)
        cells[0].alignment = top
        for cell, column in zip(cells[1:], COLUMNS, strict=True):
            cell.alignment = wrapped if column.wrap else top
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
        if row.status in shades:
            cells[-2].fill = shades[row.status]  # the status column, before the file name
    sheet.column_dimensions["A"].width = 5
    for index, column in enumerate(COLUMNS, 2):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS) + 1)}{max(sheet.max_row, 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    # The full unit name, which the sheet name may shorten; "&" starts a code in a page header.
    sheet.oddHeader.center.text = title.replace("&", "&&")
    sheet.oddFooter.center.text = "Trang &P/&N"


# --- CSV --------------------------------------------------------------------------------


def csv_bytes(task_rows: Sequence[TaskRow], *, as_of: dt.date) -> bytes:
    """UTF-8 with a byte order mark, so that Excel shows Vietnamese correctly; dates as
    YYYY-MM-DD, which Excel reads as dates in any locale."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream)
    writer.writerow(_headers(as_of))
    for number, row in enumerate(task_rows, 1):
        values = (column.value(row) for column in COLUMNS)
        writer.writerow([number, *(v.isoformat() if isinstance(v, dt.date) else csv_text(v or "") for v in values)])
    return stream.getvalue().encode("utf-8-sig")


# --- ICS --------------------------------------------------------------------------------


def ics(task_rows: Sequence[TaskRow], *, stamp: dt.datetime) -> bytes:
    """One all-day event per task with a dated deadline, on the deadline. UIDs come from
    the task (tasks._Uids), so importing a new export updates the events it already made."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//notice-gen//Thời hạn nhiệm vụ//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Thời hạn nhiệm vụ theo thông báo kết luận")
    for row in task_rows:
        if row.deadline.date is None:
            continue
        event = Event()
        event.add("uid", row.uid)
        event.add("dtstamp", stamp.astimezone(dt.UTC))
        event.add("dtstart", row.deadline.date)
        event.add("dtend", row.deadline.date + dt.timedelta(days=1))
        event.add("summary", _summary(row))
        event.add("description", _description(row))
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
        if row.units:
            event.add("categories", list(row.units))
        calendar.add_component(event)
    return calendar.to_ical()


def _summary(row: TaskRow) -> str:
    task = row.task if len(row.task) <= SUMMARY_LENGTH else row.task[: SUMMARY_LENGTH - 1].rstrip() + "…"
    return f"[{row.lead or NO_UNIT_SHEET}] {task}"


def _description(row: TaskRow) -> str:
    deadline = row.deadline.text or ""
    if row.deadline.derived:
        deadline += f" ({row.deadline.basis})"
    lines = [
        f"Nhiệm vụ: {row.task}",
        f"Đơn vị chủ trì: {row.lead or '—'}",
        f"Đơn vị phối hợp: {'; '.join(row.support) or '—'}",
        f"Lãnh đạo chỉ đạo: {row.directed_by or '—'}",
        f"Thời hạn: {deadline}",
        f"Thông báo: {row.number} — {row.subject}",
        f"Mục: {row.section_path or '—'}",
        f"Tệp: {row.file}",
    ]
    return "\n".join(lines)


# --- JSON -------------------------------------------------------------------------------


def json_bytes(task_rows: Sequence[TaskRow], *, as_of: dt.date, unit: str | None) -> bytes:
    """The shape documented in docs/tasks.md; keys never change within a version."""
    document = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "as_of": as_of.isoformat(),
        "unit": unit,
        "tasks": [_json_task(row) for row in task_rows],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _json_task(row: TaskRow) -> dict[str, Any]:
    return {
        "uid": row.uid,
        "file": str(row.file),
        "notice": {
            "number": row.number,
            "draft": row.draft,
            "issue_date": _iso(row.issue_date),
            "meeting_date": _iso(row.meeting_date),
            "subject": row.subject,
        },
        "section": list(row.section),
        "section_path": row.section_path,
        "task": row.task,
        "lead": row.lead,
        "support": list(row.support),
        "directed_by": row.directed_by,
        "deadline": {
            "text": row.deadline.text,
            "date": _iso(row.deadline.date),
            "derived": row.deadline.derived,
            "basis": row.deadline.basis,
        },
        "status": row.status,
    }
