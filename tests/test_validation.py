"""Bad input: every problem at once, each with file, line, column, field and a Vietnamese hint."""

from pathlib import Path

import pytest

from notice_gen.errors import InputError
from notice_gen.notice.model import load_notice
from tests.conftest import MINIMAL, write_yaml


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_notice(path)
    return [str(p) for p in caught.value.problems]


def test_minimal_input_is_valid(minimal: Path) -> None:
    notice = load_notice(minimal)
    assert notice.number == 5
    assert notice.meeting.chair.name == "Nguyễn Mạnh Hùng"


def test_impossible_date_names_its_line_and_column(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "bad.yaml", MINIMAL.replace("date: 2021-12-29", "date: 2022-02-30"))
    assert problems(path) == [f"{path}:7:9: meeting.date: ngày “2022-02-30” không có thật trong lịch"]


def test_vietnamese_date_form_is_accepted_and_checked(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "vn.yaml", MINIMAL.replace("date: 2021-12-29", "date: 29/12/2021"))
    assert str(load_notice(path).meeting.date) == "2021-12-29"
    path = write_yaml(tmp_path, "vn-bad.yaml", MINIMAL.replace("date: 2021-12-29", "date: 31/4/2022"))
    assert "không có thật" in problems(path)[0]


def test_unknown_key_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "typo.yaml", MINIMAL.replace("  chair:", "  chiar:"))
    missing, unknown = problems(path)
    assert missing == f"{path}:5:1: meeting.chair: thiếu trường bắt buộc này"
    assert unknown.startswith(f"{path}:9:3: meeting.chiar: trường “chiar” không có trong mẫu nhập liệu")
    assert unknown.endswith("có phải ý bạn là “chair”?")


def test_every_error_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        MINIMAL.replace("number: 5", "number: năm")
        .replace("date: 2021-12-29", "date: 2021-13-01")
        .replace("    place: Hà Nội\n", "")
        .replace("[TL. Bộ trưởng]", "[TL Bộ trưởng]")
    )
    found = problems(write_yaml(tmp_path, "many.yaml", text))
    fields = [message.split(": ")[1] for message in found]
    assert fields == ["place", "number", "meeting.date", "signer.authority"]
    assert "cần một số nguyên, không phải “năm”" in found[1]
    assert "thiếu trường bắt buộc" in found[0]
    assert "TM., TL., KT., TUQ., Q." in found[3]


def test_missing_field_points_at_its_parent_mapping(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "missing.yaml", MINIMAL.replace("      date: 2021-12-29\n", ""))
    assert problems(path) == [f"{path}:5:1: meeting.date: thiếu trường bắt buộc này"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("number: 5", "number: [5]", "cần một số nguyên"),
        ("number: 5", "number: 0", "phải lớn hơn 0"),
        ("recipients: [Bộ trưởng]", "recipients: Bộ trưởng", "cần một danh sách"),
        ("recipients: [Bộ trưởng]", "recipients: []", "danh sách không được rỗng"),
        ("          - Đoạn văn thứ nhất.", "          - {para: x}", "không rõ đây là gì"),
        ("    place: Hà Nội", "    place: ''", "không được để trống"),
        ("    number: 5", "    number: 5\n    urgency: GẤP", "cần một trong"),
    ],
)
def test_wrong_types_are_explained(tmp_path: Path, old: str, new: str, expected: str) -> None:
    text = MINIMAL.replace(old, new)
    assert text != MINIMAL
    found = problems(write_yaml(tmp_path, "types.yaml", text))
    assert len(found) == 1 and expected in found[0], found


def test_section_deeper_than_the_scheme_is_an_error(tmp_path: Path) -> None:
    deep = """
      - section: Một
        content:
          - section: Hai
            content:
              - section: Ba
                content:
                  - section: Bốn
                    content: [Chữ.]
    """
    text = MINIMAL.replace(
        "      - section: Nhận thức chung\n        content:\n          - Đoạn văn thứ nhất.\n",
        "\n".join("  " + line for line in deep.strip("\n").splitlines()) + "\n",
    )
    (message,) = problems(write_yaml(tmp_path, "deep.yaml", text))
    assert "body[0].content[0].content[0].content[0].section" in message
    assert "chỉ có 3 cấp (R-SEC)" in message


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "syntax.yaml", "issuer:\n  name: [a\nplace: x\n")
    (message,) = problems(path)
    assert message.startswith(f"{path}:3:")
    assert "lỗi cú pháp YAML" in message


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "dup.yaml", MINIMAL + "    place: Huế\n")
    assert problems(path) == [f"{path}:16:1: place: trường “place” được viết hai lần"]


def test_alias_bomb_stops_at_the_cap(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 12):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    path = write_yaml(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    (message,) = problems(path)
    assert "bí danh YAML" in message


def test_python_tags_are_refused_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write_yaml(tmp_path, "tag.yaml", f'place: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert any("thẻ YAML" in m for m in problems(path))
    assert not marker.exists()


def test_control_characters_are_refused(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "ctrl.yaml", MINIMAL.replace("place: Hà Nội", 'place: "Hà\\u0007Nội"'))
    (message,) = problems(path)
    assert "ký tự điều khiển" in message and "U+0007" in message


def test_not_utf8_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("place: Hà\n".encode("latin-1"))
    assert "không phải UTF-8" in problems(path)[0]


def test_empty_file_is_explained(tmp_path: Path) -> None:
    assert "tệp rỗng" in problems(write_yaml(tmp_path, "empty.yaml", "\n"))[0]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    place: Hà Nội", "    place: '   '", "không được để trống"),
        ("    number: 5", "    number: true", "cần một số nguyên"),
        ("    number: 5", "    number: '5'", "cần một số nguyên"),
        ("        content:\n          - Đoạn văn thứ nhất.", "        content: []", "danh sách không được rỗng"),
        ("          - Đoạn văn thứ nhất.", "          - list: []", "danh sách không được rỗng"),
        ("          - Đoạn văn thứ nhất.", "          - {task: Làm, deadline: ''}", "không được để trống"),
        ("    recipients: [Bộ trưởng]", "    recipients: [Bộ trưởng]\n    archive: {units: []}", "không được rỗng"),
    ],
)
def test_empty_and_loose_values_are_refused(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in MINIMAL
    found = problems(write_yaml(tmp_path, "loose.yaml", MINIMAL.replace(old, new)))
    assert len(found) == 1 and expected in found[0], found


def test_decomposed_choices_are_recognised(tmp_path: Path) -> None:
    import unicodedata

    text = MINIMAL.replace("    place: Hà Nội", "    place: Hà Nội\n    secrecy: MẬT").replace(
        "      venue: trụ sở Bộ", "      venue: trụ sở Bộ\n      time_of_day: sáng"
    )
    notice = load_notice(write_yaml(tmp_path, "nfd.yaml", unicodedata.normalize("NFD", text)))
    assert (notice.secrecy, notice.meeting.time_of_day, notice.place) == ("MẬT", "sáng", "Hà Nội")


def test_deep_nesting_is_an_input_error(tmp_path: Path) -> None:
    assert "lồng nhau quá" in problems(write_yaml(tmp_path, "deep.yaml", "a: " + "[" * 3000 + "]" * 3000 + "\n"))[0]


def test_a_task_without_its_dash_is_told_to_add_it(tmp_path: Path) -> None:
    """Issue 14: a second "task:" in one list item is a missing "- ", not a field written twice."""
    text = MINIMAL.replace(
        "- Đoạn văn thứ nhất.",
        "- task: Việc một.\n            lead: Cục Viễn thông\n"
        "            task: Việc hai.\n            lead: Vụ Pháp chế",
    )
    messages = problems(write_yaml(tmp_path, "dash.yaml", text))
    assert messages and all("thêm “- ” ở đầu dòng" in m for m in messages), messages
    assert "body[0].content[0].task" in messages[0]


def test_text_with_a_colon_and_space_is_told_to_use_quotes(tmp_path: Path) -> None:
    text = MINIMAL.replace("- Đoạn văn thứ nhất.", "- Kết luận: Bộ trưởng chỉ đạo: các đơn vị thực hiện.")
    (message,) = problems(write_yaml(tmp_path, "colon.yaml", text))
    assert "dấu nháy kép" in message and "mapping values" not in message
    assert ":13:" in message
