"""Working days across Tết, 30/4–1/5 and the government's swaps.

Expected days are counted by hand from the published holiday schedules (quoted in each test),
not taken from the implementation.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from notice_gen.errors import InputError
from notice_gen.tasks.workdays import ENV_VAR, Calendar

D = dt.date


@pytest.fixture(scope="module")
def calendar() -> Calendar:
    return Calendar.load()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ngay-nghi.toml"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def test_plain_week(calendar: Calendar) -> None:
    # 2022-03-07 is a Monday with no holiday near it.
    assert [calendar.is_working_day(D(2022, 3, 7) + dt.timedelta(days=i)) for i in range(7)] == [True] * 5 + [False] * 2
    assert calendar.holiday_name(D(2022, 3, 12)) is None  # a plain Saturday is no holiday


def test_tet_2023(calendar: Calendar) -> None:
    # Công văn 8056/VPCP-KGVX: Tết Quý Mão off from Fri 20/01 to Thu 26/01/2023, back on Fri 27/01.
    for day in range(20, 27):
        assert not calendar.is_working_day(D(2023, 1, day)), day
        assert calendar.holiday_name(D(2023, 1, day)), day
    assert calendar.is_working_day(D(2023, 1, 19))
    assert calendar.is_working_day(D(2023, 1, 27))
    # Thu 19/01 + 1 working day skips the whole of Tết.
    assert calendar.add_working_days(D(2023, 1, 19), 1) == D(2023, 1, 27)
    # (19/01, 31/01]: 27, 30, 31 January.
    assert calendar.working_days_between(D(2023, 1, 19), D(2023, 1, 31)) == 3


def test_tet_names_are_vietnamese(calendar: Calendar) -> None:
    assert "Tết Nguyên Đán" in (calendar.holiday_name(D(2023, 1, 22)) or "")
    assert calendar.holiday_name(D(2022, 9, 2)) == "Quốc khánh"


def test_30_4_and_1_5_of_2023_without_swap(calendar: Calendar) -> None:
    # Giỗ Tổ Sat 29/4, 30/4 Sunday, 1/5 Monday: days off in lieu on Tue 2/5 and Wed 3/5.
    assert [calendar.is_working_day(D(2023, 4, 28)), calendar.is_working_day(D(2023, 5, 4))] == [True, True]
    assert not any(calendar.is_working_day(D(2023, 5, day)) for day in (1, 2, 3))
    assert calendar.add_working_days(D(2023, 4, 28), 1) == D(2023, 5, 4)


def test_30_4_and_1_5_of_2024_with_a_working_saturday(calendar: Calendar) -> None:
    # Off Sat 27/4 – Wed 1/5/2024: Mon 29/4 swapped with Saturday 4/5, which is a working day.
    assert not calendar.is_working_day(D(2024, 4, 29))
    assert "4/5/2024" in (calendar.holiday_name(D(2024, 4, 29)) or "")
    assert calendar.is_working_day(D(2024, 5, 4))
    assert calendar.holiday_name(D(2024, 5, 4)) is None
    assert not calendar.is_working_day(D(2024, 5, 5))  # the Sunday after stays off
    # From Fri 26/4: Thu 2/5, Fri 3/5, Sat 4/5, Mon 6/5.
    assert calendar.add_working_days(D(2024, 4, 26), 3) == D(2024, 5, 4)
    assert calendar.add_working_days(D(2024, 4, 26), 4) == D(2024, 5, 6)
    assert calendar.working_days_between(D(2024, 4, 26), D(2024, 5, 6)) == 4


def test_30_4_and_1_5_of_2025_swap(calendar: Calendar) -> None:
    # Work Saturday 26/4/2025, off Fri 2/5: off from Wed 30/4 to Sun 4/5.
    assert calendar.is_working_day(D(2025, 4, 26))
    assert not any(calendar.is_working_day(D(2025, 5, day)) for day in (1, 2))
    assert calendar.add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)


def test_new_year_2026_swap(calendar: Calendar) -> None:
    # Off Thu 1/1 – Sun 4/1/2026; Friday 2/1 swapped with Saturday 10/1.
    assert not calendar.is_working_day(D(2026, 1, 2))
    assert calendar.is_working_day(D(2026, 1, 10))
    # (31/12/2025, 10/01/2026]: 5, 6, 7, 8, 9 and Saturday 10 January.
    assert calendar.working_days_between(D(2025, 12, 31), D(2026, 1, 10)) == 6


def test_counting_is_consistent(calendar: Calendar) -> None:
    start = D(2024, 1, 30)
    for n in (0, 1, 7, 30):
        end = calendar.add_working_days(start, n)
        assert calendar.working_days_between(start, end) == n
        assert calendar.working_days_between(end, start) == -n
    with pytest.raises(ValueError):
        calendar.add_working_days(start, -1)


def test_override_file_adds_and_cancels(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        # Một đợt hoán đổi giả định năm 2027, và một sửa đổi lịch có sẵn.
        [[day_off]]
        date = 2027-04-29
        name = "Nghỉ hoán đổi"

        [[working_day]]
        date = "8/5/2027"
        name = "Làm bù cho thứ Năm 29/4/2027"

        [[working_day]]
        date = 2024-04-29
        name = "Đơn vị làm việc"
        """,
    )
    calendar = Calendar.load(path)
    assert not calendar.is_working_day(D(2027, 4, 29))
    assert calendar.holiday_name(D(2027, 4, 29)) == "Nghỉ hoán đổi"
    assert calendar.is_working_day(D(2027, 5, 8))
    assert calendar.is_working_day(D(2024, 4, 29))  # the office's file wins over the shipped data
    assert calendar.holiday_name(D(2024, 4, 29)) is None
    assert not Calendar.load().is_working_day(D(2027, 5, 8))  # the shipped calendar is untouched


def test_override_file_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, '[[day_off]]\ndate = 2027-03-03\nname = "Nghỉ"\n')
    monkeypatch.setenv(ENV_VAR, str(path))
    assert not Calendar.load().is_working_day(D(2027, 3, 3))
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "khong-co.toml"))
    with pytest.raises(InputError, match=r"khong-co\.toml:1:1: không có tệp"):
        Calendar.load()


def test_override_file_errors_have_places(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        [[day_off]]
        date = 2027-04-29
        name = "Một"

        [[working_day]]
        date = 2027-04-29
        name = "Hai"

        [[day_off]]
        date = "31/4/2027"
        ten = "Ba"
        """,
    )
    with pytest.raises(InputError) as caught:
        Calendar.load(path)
    lines = [str(p) for p in caught.value.problems]
    assert lines == [
        f"{path}:6:1: working_day[0].date: ngày 29/4/2027 đã được ghi ở day_off[0]; mỗi ngày chỉ ghi một lần",
        f"{path}:10:1: day_off[1].date: ngày “31/4/2027” không có thật trong lịch",
        f"{path}:11:1: day_off[1].ten: trường “ten” không có trong định dạng; chỉ có date, name, source",
    ]


def test_override_file_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, "[[day_off]]\ndate = 2/1/2027\n")  # a Vietnamese date without quotes
    with pytest.raises(InputError, match=r":2:\d+: lỗi cú pháp TOML"):
        Calendar.load(path)
