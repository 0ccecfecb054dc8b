"""Vietnamese working days, for deadlines such as "07 ngày làm việc kể từ ngày ban hành".

A working day is Monday to Friday, unless it is a public holiday or a day off, plus the
Saturdays and Sundays the government swaps into working days. Three sources, later ones
winning for the same date:

1. the ``holidays`` package (country VN): the holidays of the Labour Code, the days off in
   lieu when a holiday falls on a weekend, and the swaps it knows;
2. ``notice_gen/data/day-swaps.toml``: the government's yearly swaps, with their sources, so a
   swap does not wait for a new release of ``holidays``;
3. the office's own file, in the same format, for a swap decided after this release (or a
   correction): ``Calendar.load(path)``, or the file named by ``NOTICE_GEN_DAYS``.

A date written in both a day-off and a working-day entry of one file is an error: the file
would say two things about one day.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import holidays

from .. import nd30
from ..errors import InputError, Problem
from ..office.data import DataDir

ENV_VAR = "NOTICE_GEN_DAYS"
KINDS = ("day_off", "working_day")
KEYS = ("date", "name", "source")
_VN_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_TOML_ERROR_AT = re.compile(r"^(.*) \(at line (\d+), column (\d+)\)$")


@dataclass
class _Swaps:
    """The entries of one swap file: date → name, for each kind."""

    day_off: dict[dt.date, str] = field(default_factory=dict)
    working_day: dict[dt.date, str] = field(default_factory=dict)


class Calendar:
    """Vietnamese working days for a five-day-week office."""

    def __init__(self, day_off: dict[dt.date, str], working_day: dict[dt.date, str]) -> None:
        self._day_off = day_off
        self._working_day = working_day
        self._holidays = holidays.country_holidays("VN", language="vi")
        self._years: set[int] = set()

    @classmethod
    def load(cls, overrides: Path | None = None, *, data: DataDir | None = None) -> Calendar:
        """The shipped swaps (or the office's day-swaps.toml in its data folder, office/data.py),
        then ``overrides`` (or the file named by NOTICE_GEN_DAYS).

        Raises InputError, with the file, line and column, when the user file is missing or
        wrong: a calendar that silently ignored the office's file would count deadlines wrong.
        """
        shipped = (data or DataDir()).file("day-swaps.toml")
        layers = [_parse(shipped.read_text(encoding="utf-8"), Path(str(shipped)))]
        if overrides is None and os.environ.get(ENV_VAR):
            overrides = Path(os.environ[ENV_VAR])
        if overrides is not None:
            try:
                text = overrides.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise InputError([Problem(overrides, 1, 1, "", "không có tệp ngày nghỉ này")]) from None
            except UnicodeDecodeError:
                raise InputError([Problem(overrides, 1, 1, "", "tệp ngày nghỉ phải lưu bằng mã UTF-8")]) from None
            except OSError as exc:
                message = f"không đọc được tệp ngày nghỉ: {exc.strerror or exc}"
                raise InputError([Problem(overrides, 1, 1, "", message)]) from None
            layers.append(_parse(text, overrides))
        day_off: dict[dt.date, str] = {}
        working_day: dict[dt.date, str] = {}
        for layer in layers:  # a later file decides a date the earlier one also named
            for day, name in layer.day_off.items():
                working_day.pop(day, None)
                day_off[day] = name
            for day, name in layer.working_day.items():
                day_off.pop(day, None)
                working_day[day] = name
        return cls(day_off, working_day)

    def _package(self, day: dt.date) -> holidays.HolidayBase:
        """The holidays of ``day``'s year and its neighbours: a swap decided in one year
        can move a working day into the next (31/12/2018 ↔ 05/01/2019)."""
        for year in (day.year - 1, day.year, day.year + 1):
            if year not in self._years:
                self._years.add(year)
                _ = dt.date(year, 1, 1) in self._holidays  # populates that year
        return self._holidays

    def holiday_name(self, day: dt.date) -> str | None:
        """The Vietnamese name of the holiday or day off on ``day``; None on any other day,
        a plain weekend included."""
        if day in self._working_day:
            return None
        if day in self._day_off:
            return self._day_off[day]
        package = self._package(day)
        if day in package.weekend_workdays:
            return None
        return package.get(day)

    def is_working_day(self, day: dt.date) -> bool:
        """Monday to Friday and not a holiday or day off, or a swapped working weekend day."""
        if day in self._working_day:
            return True
        if day in self._day_off:
            return False
        package = self._package(day)
        if day in package.weekend_workdays:
            return True
        return day.weekday() < 5 and day not in package

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (``start`` itself is not counted, as in
        "07 ngày làm việc kể từ ngày ban hành"); ``start`` itself when n is 0."""
        if n < 0:
            raise ValueError(f"số ngày làm việc phải không âm, không phải {n}")
        day = start
        while n:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def period_end(self, day: dt.date) -> dt.date:
        """The day a period ending on ``day`` really ends: Bộ luật Dân sự 2015, Điều 148,
        khoản 5 (a period whose last day is a weekend day or a holiday ends at the end of the
        next working day). `notice-gen tasks` dates derived deadlines by it ("năm 2022",
        "Quý IV/2022"), and `notice-gen lint` names it for a date typed on a day off: one rule."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """The number of working days in (start, end]; negative, counted the other way,
        when ``end`` is before ``start``, so that add_working_days(start, n) gives n back."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(self.is_working_day(start + dt.timedelta(days=i)) for i in range(1, (end - start).days + 1))


def _parse(text: str, path: Path) -> _Swaps:
    """One swap file; every problem in it is reported together, each at its line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line, column = str(exc), 1, 1
        if match := _TOML_ERROR_AT.match(message):
            message, line, column = match.group(1), int(match.group(2)), int(match.group(3))
        hint = 'ngày viết 2024-04-29 hoặc trong ngoặc kép "29/4/2024", chữ đặt trong ngoặc kép'
        raise InputError([Problem(path, line, column, "", f"lỗi cú pháp TOML: {message}; {hint}")]) from None
    locate = _Locator(text)
    problems: list[Problem] = []
    swaps = _Swaps()
    seen: dict[dt.date, str] = {}
    for key, value in data.items():
        if key not in KINDS:
            line = locate.table(key, 0) or locate.key(key, 1, len(locate.lines))
            message = f"nhóm “{key}” không có trong định dạng; chỉ có [[day_off]] và [[working_day]]"
            problems.append(Problem(path, line, 1, key, message))
            continue
        if not isinstance(value, list):
            line = locate.key(key, 1, len(locate.lines))
            problems.append(Problem(path, line, 1, key, f"viết mỗi ngày một nhóm [[{key}]], không phải “{key} = …”"))
            continue
        for index, entry in enumerate(value):
            start = locate.table(key, index) or 1
            end = locate.next_table(start)
            where = f"{key}[{index}]"
            if not isinstance(entry, dict):
                problems.append(Problem(path, start, 1, where, f"viết mỗi ngày một nhóm [[{key}]] có date và name"))
                continue
            unknown = [k for k in entry if k not in KEYS]
            for name in unknown:
                problems.append(
                    Problem(
                        path,
                        locate.key(name, start, end),
                        1,
                        f"{where}.{name}",
                        f"trường “{name}” không có trong định dạng; chỉ có date, name, source",
                    )
                )
            try:
                day = _date(entry.get("date"))
            except ValueError as exc:
                problems.append(Problem(path, locate.key("date", start, end), 1, f"{where}.date", str(exc)))
                continue
            name = entry.get("name")
            if not isinstance(name, str) or not name.strip():
                problems.append(
                    Problem(path, locate.key("name", start, end), 1, f"{where}.name", 'thiếu tên ngày (name = "…")')
                )
                continue
            if day in seen:
                problems.append(
                    Problem(
                        path,
                        locate.key("date", start, end),
                        1,
                        f"{where}.date",
                        f"ngày {nd30.short_date(day)} đã được ghi ở {seen[day]}; mỗi ngày chỉ ghi một lần",
                    )
                )
                continue
            seen[day] = where
            getattr(swaps, key)[day] = name.strip()
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.line, p.column)))
    return swaps


def _date(value: Any) -> dt.date:
    """A TOML date (2024-04-29) or the Vietnamese "29/4/2024"; ValueError, in Vietnamese, otherwise."""
    if isinstance(value, dt.datetime):
        raise ValueError("chỉ ghi ngày, không ghi giờ")
    if isinstance(value, dt.date):
        return value
    if value is None:
        raise ValueError("thiếu ngày (date = 2024-04-29)")
    if isinstance(value, str) and (match := _VN_DATE.match(value.strip())):
        day, month, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"ngày “{value}” không có thật trong lịch") from None
    raise ValueError(f'“{value}” không phải một ngày: viết 2024-04-29 (không ngoặc kép) hoặc "29/4/2024"')


class _Locator:
    """Line numbers for a parsed TOML file, which tomllib does not keep: the n-th
    ``[[kind]]`` header, and a key inside the table that follows it."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def table(self, kind: str, index: int) -> int | None:
        header = re.compile(rf"^\s*\[\[?\s*{re.escape(kind)}\s*\]\]?")
        found = [number for number, line in enumerate(self.lines, 1) if header.match(line)]
        return found[index] if index < len(found) else None

    def next_table(self, after: int) -> int:
        for number in range(after + 1, len(self.lines) + 1):
            if self.lines[number - 1].lstrip().startswith("["):
                return number - 1
        return len(self.lines)

    def key(self, name: str, start: int, end: int) -> int:
        pattern = re.compile(rf"^\s*{re.escape(name)}\s*=")
        for number in range(start, end + 1):
            if pattern.match(self.lines[number - 1]):
                return number
        return start
