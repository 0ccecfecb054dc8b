"""The NĐ30 text rules (nd30.py): padding, dates, numbers, case and numbering."""

import datetime as dt

import pytest

from notice_gen import nd30


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2022, 1, 5), "Hà Nội, ngày 05 tháng 01 năm 2022"),  # R-DATE: day < 10, month 1
        (dt.date(2022, 2, 9), "Hà Nội, ngày 09 tháng 02 năm 2022"),  # month 2 padded too
        (dt.date(2021, 6, 29), "Hà Nội, ngày 29 tháng 6 năm 2021"),  # months 3–12 never padded
        (dt.date(2021, 3, 1), "Hà Nội, ngày 01 tháng 3 năm 2021"),
        (dt.date(2023, 12, 31), "Hà Nội, ngày 31 tháng 12 năm 2023"),
        (dt.date(2023, 10, 10), "Hà Nội, ngày 10 tháng 10 năm 2023"),
    ],
)
def test_date_line_pads_days_below_10_and_only_months_1_and_2(day: dt.date, expected: str) -> None:
    assert nd30.date_line("Hà Nội", day, day.year) == expected


def test_draft_date_line_leaves_day_and_month_blank_as_seed_001() -> None:
    blank = " \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 "
    assert nd30.date_line("Hà Nội", None, 2021) == f"Hà Nội, ngày{blank}tháng{blank}năm 2021"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2021, 7, 16), "16/7/2021"),
        (dt.date(2021, 9, 1), "01/9/2021"),
        (dt.date(2022, 1, 5), "05/01/2022"),
        (dt.date(2022, 2, 28), "28/02/2022"),
        (dt.date(2022, 12, 30), "30/12/2022"),
    ],
)
def test_short_date_follows_the_same_padding(day: dt.date, expected: str) -> None:
    assert nd30.short_date(day) == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [(5, "Số: 05/TB-BTTTT"), (9, "Số: 09/TB-BTTTT"), (10, "Số: 10/TB-BTTTT"), (123, "Số: 123/TB-BTTTT")],
)
def test_number_line_pads_numbers_below_10(number: int, expected: str) -> None:
    assert nd30.number_line(number, "TB-BTTTT") == expected  # R-SO


def test_draft_number_line_is_blank_before_the_symbol() -> None:
    assert nd30.number_line(None, "TB-BTTTT") == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 /TB-BTTTT"


def test_symbol_is_type_then_issuer_upper_case_without_spaces() -> None:
    assert nd30.symbol("btttt") == "TB-BTTTT"
    assert nd30.symbol("VPCP") == "TB-VPCP"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bộ Thông tin và Truyền thông", "BỘ THÔNG TIN VÀ TRUYỀN THÔNG"),
        ("đường ưu tiên ơn huệ", "ĐƯỜNG ƯU TIÊN ƠN HUỆ"),
        ("ỷ ỹ ỵ ỳ ý ữ ự ở ợ", "Ỷ Ỹ Ỵ Ỳ Ý Ữ Ự Ở Ợ"),
        ("về phòng, chống dịch covid-19", "VỀ PHÒNG, CHỐNG DỊCH COVID-19"),
    ],
)
def test_upper_maps_every_vietnamese_letter(text: str, expected: str) -> None:
    assert nd30.upper(text) == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "I"), (2, "II"), (3, "III"), (4, "IV"), (5, "V"), (9, "IX"), (14, "XIV"), (40, "XL"), (1994, "MCMXCIV")],
)
def test_roman(number: int, expected: str) -> None:
    assert nd30.roman(number) == expected


def test_roman_rejects_zero() -> None:
    with pytest.raises(ValueError, match="start at 1"):
        nd30.roman(0)


def test_letters_follow_the_vietnamese_alphabet() -> None:
    assert [nd30.letter(n) for n in range(1, 8)] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert nd30.letter(23) == "y"
    assert nd30.letter(24) == "aa"


def test_ordinals() -> None:
    assert [nd30.ordinal(n) for n in (1, 2, 4, 10, 11)] == [
        "Thứ nhất",
        "Thứ hai",
        "Thứ tư",
        "Thứ mười",
        "Thứ 11",
    ]


def test_every_part_has_a_rule_id_and_an_ordered_size_range() -> None:
    for part, rule in nd30.PARTS.items():
        assert rule.rule.startswith("R-"), part
        assert rule.sizes[0] <= rule.sizes[1], part
    assert nd30.PARTS["recipients_label"].bold and nd30.PARTS["recipients_label"].italic  # R-NN
    assert nd30.PARTS["date"].italic and not nd30.PARTS["date"].bold  # R-DATE
