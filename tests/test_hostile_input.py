"""Issue 15: hostile input files are located input errors (exit 2), checked before any work."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from notice_gen.cli import main
from notice_gen.notice.load import MAX_BYTES, MAX_TEXT_CHARS
from tests.conftest import MINIMAL, write_yaml

UNNUMBERED = MINIMAL.replace("    number: 5\n", "").replace("    issue_date: 2022-01-05\n", "")
PARAGRAPH = "Đoạn văn thứ nhất."


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("Chuyển 10 tỷ \u202eđồng 999", "điều khiển hướng chữ (bidi) U+202E"),
        ("Chuyển 10 tỷ\u2066 đồng", "điều khiển hướng chữ (bidi) U+2066"),
        ("Chuyển 10\u200b tỷ đồng", "vô hình (độ rộng bằng 0) U+200B"),
    ],
)
def test_invisible_controls_are_located_input_errors(tmp_path: Path, value: str, said: str) -> None:
    """Issue 15 #6: U+202E reversed the rest of the paragraph in the PDF, with exit 0."""
    source = write_yaml(tmp_path, "a.yaml", MINIMAL.replace(PARAGRAPH, value))
    code, output = run("render", str(source), "-o", str(tmp_path / "out"))
    assert code == 2, output
    assert f"{source}:13:9: body[0].content[0]: có ký tự {said}" in output
    assert f"ở ký tự thứ {value.index(next(c for c in value if ord(c) > 0x7F and not c.isprintable())) + 1}" in output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.*"))


def test_control_characters_are_located_whether_typed_or_escaped(tmp_path: Path) -> None:
    typed = write_yaml(tmp_path, "a.yaml", MINIMAL.replace(PARAGRAPH, "Chuyển 10 tỷ\u009b đồng"))
    code, output = run("render", str(typed), "-o", str(tmp_path / "out"))
    assert code == 2 and f"{typed}:13:21: có ký tự điều khiển U+009B không được có trong tệp" in output, output
    escaped = write_yaml(tmp_path, "b.yaml", MINIMAL.replace(PARAGRAPH, '"Chuyển 10 tỷ\\x9b đồng"'))
    code, output = run("render", str(escaped), "-o", str(tmp_path / "out"))
    assert code == 2 and f"{escaped}:13:9: body[0].content[0]: có ký tự điều khiển C1 U+009B" in output, output


def test_a_lone_surrogate_is_an_input_error_in_render_and_issue(tmp_path: Path) -> None:
    """Issue 15 #10: "\\uD800" gave "lỗi nội bộ" (exit 1) from render and a traceback from issue."""
    text = UNNUMBERED.replace(PARAGRAPH, '"Đoạn \\uD800 văn"')
    source = write_yaml(tmp_path, "a.yaml", text)
    code, output = run("render", str(source), "-o", str(tmp_path / "out"))
    assert code == 2 and "mã U+D800 lẻ (nửa cặp surrogate" in output and f"{source}:11:9" in output, output
    code, output = run("issue", str(source), "-o", str(tmp_path / "out"), "--db", str(tmp_path / "so.sqlite3"))
    assert code == 2 and "U+D800" in output and "Traceback" not in output, output
    assert not (tmp_path / "out").exists() or not [p for p in (tmp_path / "out").iterdir()]


def test_a_date_out_of_range_is_an_input_error(tmp_path: Path) -> None:
    """Issue 15 #10: meeting.date 9999-12-31 gave exit 1."""
    source = write_yaml(tmp_path, "a.yaml", MINIMAL.replace("2021-12-29", "9999-12-31"))
    code, output = run("render", str(source), "-o", str(tmp_path / "out"))
    assert code == 2, output
    assert f"{source}:7:9: meeting.date: năm 9999 của ngày “9999-12-31” nằm ngoài khoảng 1945–2099" in output


@pytest.mark.parametrize("date", ["21/4/2202", "21/4/2102"])
def test_issue_refuses_a_date_out_of_range(tmp_path: Path, date: str) -> None:
    """Issue 15 #10: 2202 gave a struct.error traceback; 2102 issued number 01/2102 with only a note."""
    source = write_yaml(tmp_path, "a.yaml", UNNUMBERED)
    db = tmp_path / "so.sqlite3"
    code, output = run("issue", str(source), "-o", str(tmp_path / "out"), "--db", str(db), "--date", date)
    assert code == 2 and "nằm ngoài khoảng 1945–2099" in output and "Traceback" not in output, output
    assert not db.exists() and not (tmp_path / "out").exists()


def test_an_endless_input_stops_before_reading_it_all(tmp_path: Path) -> None:
    """Issue 15 #9: `render /dev/zero` reached 13 GB."""
    code, output = run("render", "/dev/zero", "-o", str(tmp_path / "out"))
    assert code == 2 and "/dev/zero:1:1: không phải một tệp thường" in output, output


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    padding = "# " + "x" * 998 + "\n"
    text = MINIMAL + padding * (MAX_BYTES // len(padding) + 1)
    source = write_yaml(tmp_path, "big.yaml", text)
    assert source.stat().st_size > MAX_BYTES
    code, output = run("render", str(source), "-o", str(tmp_path / "out"))
    assert code == 2 and f"{source}:1:1: tệp lớn hơn 1 MB" in output, output


def test_a_paragraph_over_the_limit_is_located(tmp_path: Path) -> None:
    """Issue 15 #9: one 2 MB paragraph took 188 s (WeasyPrint's line breaking is quadratic in a
    paragraph's length); 20,000 characters is the documented bound."""
    long = "Nhiệm vụ " * (MAX_TEXT_CHARS // 9 + 1)
    source = write_yaml(tmp_path, "a.yaml", MINIMAL.replace(PARAGRAPH, long.strip()))
    code, output = run("render", str(source), "-o", str(tmp_path / "out"))
    assert code == 2, output
    assert f"{source}:13:9: body[0].content[0]: đoạn văn dài {len(long.strip()):,} ký tự".replace(",", ".") in output
    assert "quá giới hạn 20.000 ký tự một đoạn" in output


def test_a_paragraph_at_the_limit_renders(tmp_path: Path) -> None:
    text = ("Nhiệm vụ " * (MAX_TEXT_CHARS // 9 + 1))[: MAX_TEXT_CHARS - 1] + "."
    assert len(text) == MAX_TEXT_CHARS
    source = write_yaml(tmp_path, "a.yaml", MINIMAL.replace(PARAGRAPH, text))
    code, output = run("render", str(source), "-o", str(tmp_path / "out"), "--format", "docx")
    assert code == 0, output


def test_a_batch_goes_on_past_a_hostile_file(tmp_path: Path) -> None:
    bad = write_yaml(tmp_path, "a.yaml", MINIMAL.replace(PARAGRAPH, "Đoạn \u202evăn"))
    good = write_yaml(tmp_path, "b.yaml", MINIMAL)
    code, output = run("render", str(bad), str(good), "-o", str(tmp_path / "out"), "--format", "docx")
    assert code == 2, output
    assert (tmp_path / "out" / "b.docx").exists() and not (tmp_path / "out" / "a.docx").exists()
