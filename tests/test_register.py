"""The outgoing register: numbers in order, never twice, never lost, through parallel runs and crashes."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from notice_gen.cli import main
from notice_gen.errors import InputError, RenderError
from notice_gen.issuing.issue import issue
from notice_gen.issuing.register import TEMP_MARK, Register, RegisterError
from notice_gen.notice.model import load_notice
from tests.conftest import MINIMAL, write_yaml

UNNUMBERED = MINIMAL.replace("    number: 5\n", "").replace("    issue_date: 2022-01-05\n", "")
STEPS = ("rendered", "staged", "recorded", "committed")


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.output


def notice_gen(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.Popen[str]:
    """notice-gen in a process of its own, as a Văn thư would start it."""
    return subprocess.Popen(
        [sys.executable, "-m", "notice_gen", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    return write_yaml(tmp_path, "giao-ban.yaml", UNNUMBERED)


def consistent(db: Path, out: Path) -> list[tuple[int, int, str]]:
    """Check what the issue demands after anything happened, and return (year, number, status).

    Every entry's files exist under their final names and match their SHA-256; every visible
    file in the output folder belongs to an entry; no temporary file is left; the numbers of
    each year run 1, 2, 3 … without a gap (void ones included)."""
    with Register(db) as register:
        register.recover()
        entries = register.entries()
        assert not register.warnings
    claimed = set()
    for entry in entries:
        for output in entry.outputs:
            assert output.temp_path is None
            assert hashlib.sha256(output.path.read_bytes()).hexdigest() == output.sha256
            claimed.add(output.path.name)
    visible = {p.name for p in out.iterdir() if not p.name.startswith(".")} if out.exists() else set()
    assert visible == claimed
    by_year: dict[tuple[int, str], list[int]] = {}
    for entry in entries:
        by_year.setdefault((entry.year, entry.symbol), []).append(entry.number)
    for numbers in by_year.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
    return [(e.year, e.number, e.status) for e in entries]


def test_numbers_follow_each_other_and_restart_each_year(draft: Path, tmp_path: Path) -> None:
    out, db = tmp_path / "out", tmp_path / "so.sqlite3"
    with Register(db) as register:
        dates = [dt.date(2022, 1, 5), dt.date(2022, 3, 1), dt.date(2022, 12, 31), dt.date(2023, 1, 2)]
        issued = [issue(draft, register, out, date=day, again=True) for day in dates]
    assert [(i.year, i.number) for i in issued] == [(2022, 1), (2022, 2), (2022, 3), (2023, 1)]
    assert issued[0].number_symbol == "01/TB-BTTTT"
    assert sorted(p.name for p in out.iterdir()) == [
        "01-TB-BTTTT-2022.docx",
        "01-TB-BTTTT-2022.pdf",
        "01-TB-BTTTT-2023.docx",
        "01-TB-BTTTT-2023.pdf",
        "02-TB-BTTTT-2022.docx",
        "02-TB-BTTTT-2022.pdf",
        "03-TB-BTTTT-2022.docx",
        "03-TB-BTTTT-2022.pdf",
    ]
    assert consistent(db, out) == [(2022, 1, "issued"), (2022, 2, "issued"), (2022, 3, "issued"), (2023, 1, "issued")]


def test_the_entry_holds_the_register_fields(tmp_path: Path) -> None:
    text = UNNUMBERED.replace(
        "recipients: [Bộ trưởng]", "recipients: [Bộ trưởng, {name: Các Thứ trưởng, note: để b/c}]"
    )
    source = write_yaml(tmp_path, "a.yaml", text + "    drafter: {initials: pl, copies: 30}\n")
    with Register(tmp_path / "so.sqlite3") as register:
        issue(source, register, tmp_path / "out", date=dt.date(2022, 1, 5))
        (entry,) = register.entries()
    assert (entry.number_symbol, entry.issue_date, entry.year) == ("01/TB-BTTTT", dt.date(2022, 1, 5), 2022)
    assert entry.issuer == "BỘ THÔNG TIN VÀ TRUYỀN THÔNG"
    assert entry.doc_type == "Thông báo"
    assert entry.subject == "Kết luận của Bộ trưởng Nguyễn Mạnh Hùng tại Hội nghị giao ban tháng 12"
    assert (entry.signer_name, entry.signer_position) == ("Bùi Hoàng Phương", "TL. BỘ TRƯỞNG / CHÁNH VĂN PHÒNG")
    assert entry.recipients == ["Bộ trưởng", "Các Thứ trưởng (để b/c)"]
    assert entry.archive == "Lưu: VT. PL.(30)"
    assert entry.copies == 30
    assert entry.pdf_variant == "pdf/a-2b"
    assert entry.source_sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert {o.format for o in entry.outputs} == {"docx", "pdf"}
    for output in entry.outputs:
        data = output.path.read_bytes()
        assert (output.sha256, output.size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert entry.registered_at.endswith("+07:00")


def test_the_issued_source_renders_the_same_notice(draft: Path, tmp_path: Path) -> None:
    """The register keeps the input as issued: the drafter's text with the number and date filled in."""
    with Register(tmp_path / "so.sqlite3") as register:
        issue(draft, register, tmp_path / "out", date=dt.date(2022, 1, 5))
        (entry,) = register.entries()
    assert entry.source_text.startswith(draft.read_text(encoding="utf-8"))
    assert entry.source_text.endswith("number: 1\nissue_date: 2022-01-05\n")
    again = tmp_path / "again.yaml"
    again.write_text(entry.source_text, encoding="utf-8")
    notice = load_notice(again)
    assert (notice.number, notice.issue_date) == (1, dt.date(2022, 1, 5))


def test_blank_number_and_date_lines_are_filled_in_place(tmp_path: Path) -> None:
    text = UNNUMBERED.replace("place: Hà Nội\n", "place: Hà Nội\n    number:   # cấp khi vào sổ\n    issue_date: ~\n")
    source = write_yaml(tmp_path, "a.yaml", text)
    with Register(tmp_path / "so.sqlite3") as register:
        issue(source, register, tmp_path / "out", date=dt.date(2022, 1, 5))
        (entry,) = register.entries()
    assert "number: 1\nissue_date: 2022-01-05\nmeeting:" in entry.source_text
    assert "notice-gen issue" not in entry.source_text


def test_a_numbered_input_is_refused(tmp_path: Path) -> None:
    numbered = write_yaml(tmp_path, "a.yaml", MINIMAL)
    db = tmp_path / "so.sqlite3"
    code, output = run("issue", str(numbered), "-o", str(tmp_path / "out"), "--db", str(db))
    assert code == 2
    assert "number: “issue” tự cấp số văn bản từ sổ đăng ký; hãy bỏ trường number khỏi tệp (đang là “5”)" in output
    assert "issue_date: “issue” tự cấp ngày ban hành" in output
    assert "Traceback" not in output
    with Register(db) as register:
        assert register.entries() == []


def test_a_failed_render_takes_no_number(draft: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from notice_gen.render import pdf as render_pdf

    def broken(*_args: object, **_kwargs: object) -> bytes:
        raise RenderError("phông hỏng")

    out, db = tmp_path / "out", tmp_path / "so.sqlite3"
    with Register(db) as register:
        monkeypatch.setattr(render_pdf.PdfRenderer, "render", broken)
        with pytest.raises(RenderError):
            issue(draft, register, out, date=dt.date(2022, 1, 5))
        monkeypatch.undo()
        assert register.entries() == []
        assert issue(draft, register, out, date=dt.date(2022, 1, 5)).number == 1
    consistent(db, out)


def test_an_existing_file_is_never_overwritten(draft: Path, tmp_path: Path) -> None:
    out, db = tmp_path / "out", tmp_path / "so.sqlite3"
    out.mkdir()
    (out / "01-TB-BTTTT-2022.pdf").write_bytes(b"someone else's file")
    code, output = run("issue", str(draft), "-o", str(out), "--db", str(db), "--date", "5/1/2022")
    assert code == 1
    assert "01-TB-BTTTT-2022.pdf; số 01/TB-BTTTT chưa được cấp" in output
    assert (out / "01-TB-BTTTT-2022.pdf").read_bytes() == b"someone else's file"
    assert sorted(p.name for p in out.iterdir()) == ["01-TB-BTTTT-2022.pdf"]  # no temporary file left
    with Register(db) as register:
        assert register.entries() == []


def test_each_ky_hieu_has_its_own_series(draft: Path, tmp_path: Path) -> None:
    other = write_yaml(tmp_path, "vpcp.yaml", UNNUMBERED.replace("place: Hà Nội", "place: Hà Nội\n    symbol: TB-VPCP"))
    with Register(tmp_path / "so.sqlite3") as register:
        first = issue(draft, register, tmp_path / "out", date=dt.date(2022, 1, 5))
        second = issue(other, register, tmp_path / "out", date=dt.date(2022, 1, 5))
        third = issue(draft, register, tmp_path / "out", date=dt.date(2022, 1, 6), again=True)
    assert [i.number_symbol for i in (first, second, third)] == ["01/TB-BTTTT", "01/TB-VPCP", "02/TB-BTTTT"]


def test_void_cancels_a_number_which_is_never_given_again(draft: Path, tmp_path: Path) -> None:
    out, db = tmp_path / "out", tmp_path / "so.sqlite3"
    args = ["-o", str(out), "--db", str(db), "--again"]
    for day in ("5/1/2022", "6/1/2022"):
        assert run("issue", str(draft), *args, "--date", day)[0] == 0
    code, output = run("register", "void", "2", "--reason", "Sai nơi nhận, ban hành lại", "--db", str(db))
    assert code == 0, output
    assert "Đã hủy số 02/TB-BTTTT năm 2022: Sai nơi nhận, ban hành lại" in output
    assert run("issue", str(draft), *args, "--date", "7/1/2022")[0] == 0
    assert consistent(db, out) == [(2022, 1, "issued"), (2022, 2, "void"), (2022, 3, "issued")]
    code, output = run("register", "void", "2", "--reason", "lần nữa", "--db", str(db))
    assert code == 2 and "số 02/TB-BTTTT năm 2022 đã bị hủy trước đó" in output
    code, output = run("register", "void", "9", "--reason", "không có", "--db", str(db))
    assert code == 2 and "sổ không có số 09" in output
    code, output = run("register", "void", "1", "--reason", "  ", "--db", str(db))
    assert code == 2 and "cần ghi lý do hủy số" in output
    code, output = run("register", "list", "--db", str(db))
    assert code == 0
    assert [line.split()[0] for line in output.splitlines()[:-1]] == ["01/TB-BTTTT", "02/TB-BTTTT", "03/TB-BTTTT"]
    assert output.splitlines()[-1] == f"(3 văn bản; sổ {db})"
    assert "ĐÃ HỦY" in output.splitlines()[1]


def test_show_says_whether_the_files_still_match(draft: Path, tmp_path: Path) -> None:
    out, db = tmp_path / "out", tmp_path / "so.sqlite3"
    assert run("issue", str(draft), "-o", str(out), "--db", str(db), "--date", "5/1/2022")[0] == 0
    code, output = run("register", "show", "1", "--db", str(db))
    assert code == 0
    assert "Số, ký hiệu       01/TB-BTTTT" in output
    assert output.count("— khớp") == 2
    code, output = run("register", "show", "1", "--source", "--db", str(db))
    assert code == 0 and output == draft.read_text(encoding="utf-8") + (
        "# Số và ngày do sổ đăng ký văn bản đi cấp (notice-gen issue):\nnumber: 1\nissue_date: 2022-01-05\n"
    )
    with (out / "01-TB-BTTTT-2022.pdf").open("ab") as stream:
        stream.write(b"%")  # the issued bytes are still the beginning, but what follows is no signature
    (out / "01-TB-BTTTT-2022.docx").write_bytes(b"changed")
    output = run("register", "show", "1", "--db", str(db))[1]
    assert "01-TB-BTTTT-2022.pdf — có thêm dữ liệu sau bản gốc — chạy notice-gen verify" in output
    assert "đã ký thêm" not in output
    assert "01-TB-BTTTT-2022.docx — đã thay đổi" in output


def test_ambiguous_numbers_ask_for_the_year(draft: Path, tmp_path: Path) -> None:
    db = tmp_path / "so.sqlite3"
    for day in ("5/1/2022", "5/1/2023"):
        assert run("issue", str(draft), "-o", str(tmp_path / "out"), "--db", str(db), "--date", day, "--again")[0] == 0
    code, output = run("register", "show", "1", "--db", str(db))
    assert code == 2 and "hãy chỉ rõ --year hoặc --symbol" in output
    code, output = run("register", "show", "1", "--year", "2023", "--db", str(db))
    assert code == 0 and "Ngày ban hành     05/01/2023" in output


def test_export_has_the_register_columns(draft: Path, tmp_path: Path) -> None:
    db = tmp_path / "so.sqlite3"
    for day in ("5/1/2022", "6/1/2022", "2/1/2023"):
        assert run("issue", str(draft), "-o", str(tmp_path / "out"), "--db", str(db), "--date", day, "--again")[0] == 0
    run("register", "void", "2", "--year", "2022", "--reason", "Hủy theo yêu cầu", "--db", str(db))
    target = tmp_path / "so-2022.csv"
    code, output = run("register", "export", "--year", "2022", "--csv", "-o", str(target), "--db", str(db))
    assert code == 0 and "Đã xuất 2 văn bản năm 2022" in output
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:10] == [
        "Số, ký hiệu văn bản",
        "Ngày tháng văn bản",
        "Tên loại và trích yếu nội dung văn bản",
        "Người ký",
        "Nơi nhận văn bản",
        "Đơn vị, người nhận bản lưu",
        "Số lượng bản",
        "Ngày chuyển",
        "Ký nhận",
        "Ghi chú",
    ]
    assert [r[0] for r in rows[1:]] == ["01/TB-BTTTT", "02/TB-BTTTT"]
    assert rows[1][1] == "2022-01-05"
    assert rows[2][9].startswith("Hủy số: Hủy theo yêu cầu (")
    book_path = tmp_path / "so-2022.xlsx"
    assert run("register", "export", "--year", "2022", "--xlsx", "-o", str(book_path), "--db", str(db))[0] == 0
    from openpyxl import load_workbook

    sheet = load_workbook(book_path).active
    assert sheet["A2"].value == "01/TB-BTTTT"
    assert sheet["B2"].value == dt.datetime(2022, 1, 5)
    assert sheet.max_row == 3


def test_the_register_path_comes_from_the_environment(draft: Path, tmp_path: Path) -> None:
    db = tmp_path / "env.sqlite3"
    code, output = run("issue", str(draft), "-o", str(tmp_path / "out"), env={"NOTICE_GEN_REGISTER": str(db)})
    assert code == 0, output
    assert f"(sổ {db})" in output
    with Register(db) as register:
        assert len(register.entries()) == 1


def test_a_file_that_is_not_a_register_is_reported(draft: Path, tmp_path: Path) -> None:
    db = tmp_path / "so.sqlite3"
    db.write_text("không phải SQLite " * 100)
    code, output = run("register", "list", "--db", str(db))
    assert code == 1 and "không phải tệp sổ đăng ký SQLite" in output and "Traceback" not in output
    with pytest.raises(RegisterError):
        Register(tmp_path / "no-such-folder" / "so.sqlite3")


def test_parallel_issues_get_every_number_once(draft: Path, tmp_path: Path) -> None:
    """Six `issue` processes at once on one register: numbers 1 to 6, each once, each with its files."""
    out, db = tmp_path / "out", tmp_path / "so.sqlite3"
    args = ("issue", str(draft), "-o", str(out), "--db", str(db), "--date", "2022-01-05", "--again")
    runs = [notice_gen(*args) for _ in range(6)]
    for process in runs:
        _stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
    assert consistent(db, out) == [(2022, n, "issued") for n in range(1, 7)]


@pytest.mark.parametrize("step", STEPS)
def test_a_crash_leaves_the_register_consistent(step: str, draft: Path, tmp_path: Path) -> None:
    """`issue` killed (SIGKILL, no cleanup) at each step: before the commit nothing is taken;
    after it, the entry stands and the next run puts its files in place. Either way the next
    number follows without a gap."""
    out, db = tmp_path / "out", tmp_path / "so.sqlite3"
    args = ("issue", str(draft), "-o", str(out), "--db", str(db), "--date", "2022-01-05", "--again")
    first = notice_gen(*args)
    first.communicate(timeout=120)
    assert first.returncode == 0
    crashed = notice_gen(*args, env={"NOTICE_GEN_CRASH_AT": step})
    crashed.communicate(timeout=120)
    assert crashed.returncode == -9
    hidden = [p for p in out.iterdir() if TEMP_MARK in p.name]
    assert bool(hidden) == (step != "rendered")  # the crash left its temporary files
    after = notice_gen(*args)
    _stdout, stderr = after.communicate(timeout=120)
    assert after.returncode == 0, stderr
    expected = [1, 2, 3] if step == "committed" else [1, 2]
    assert consistent(db, out) == [(2022, n, "issued") for n in expected]
    assert not [p for p in out.iterdir() if TEMP_MARK in p.name]


def test_the_next_write_finishes_a_crashed_issue(draft: Path, tmp_path: Path) -> None:
    out, db = tmp_path / "out", tmp_path / "so.sqlite3"
    crashed = notice_gen(
        "issue",
        str(draft),
        "-o",
        str(out),
        "--db",
        str(db),
        "--date",
        "5/1/2022",
        env={"NOTICE_GEN_CRASH_AT": "committed"},
    )
    crashed.communicate(timeout=120)
    assert crashed.returncode == -9
    assert not [p for p in out.iterdir() if not p.name.startswith(".")]
    before = db.read_bytes()
    code, output = run("register", "list", "--db", str(db))
    assert code == 0 and "\n01/TB-BTTTT " in output
    # `list` only reads (issue 15): it says what is pending and leaves the files and the register alone …
    assert "số 01/TB-BTTTT năm 2022: lần cấp số bị ngắt, tệp chưa đổi tên xong" in output
    assert not [p for p in out.iterdir() if not p.name.startswith(".")] and db.read_bytes() == before
    # … and the next command that writes finishes the renames: the files are there, under their names.
    other = write_yaml(tmp_path, "khac.yaml", UNNUMBERED.replace("tháng 12", "tháng 11"))
    code, output = run("issue", str(other), "-o", str(out), "--db", str(db), "--date", "5/1/2022")
    assert code == 0, output
    assert sorted(p.name for p in out.iterdir()) == [
        "01-TB-BTTTT-2022.docx",
        "01-TB-BTTTT-2022.pdf",
        "02-TB-BTTTT-2022.docx",
        "02-TB-BTTTT-2022.pdf",
    ]
    consistent(db, out)


def test_the_same_file_is_not_issued_twice_by_mistake(draft: Path, tmp_path: Path) -> None:
    out, db = tmp_path / "out", tmp_path / "so.sqlite3"
    args = ("issue", str(draft), "-o", str(out), "--db", str(db), "--date", "2022-01-05")
    assert run(*args)[0] == 0
    code, output = run(*args)
    assert code == 1
    assert "tệp này, đúng nội dung này, đã được cấp số 01/TB-BTTTT ngày 05/01/2022" in output
    assert "register void 1 --reason" in output and "--again" in output
    assert run("register", "void", "1", "--reason", "ban hành lại", "--db", str(db))[0] == 0
    assert run(*args)[0] == 0  # the old number is void: the file may be issued again, as number 02
    assert consistent(db, out) == [(2022, 1, "void"), (2022, 2, "issued")]


def test_parallel_runs_of_one_file_issue_it_once(draft: Path, tmp_path: Path) -> None:
    """The check for an earlier issue runs under the lock: of four parallel runs, one issues."""
    out, db = tmp_path / "out", tmp_path / "so.sqlite3"
    runs = [notice_gen("issue", str(draft), "-o", str(out), "--db", str(db), "--date", "2022-01-05") for _ in range(4)]
    codes = sorted(process.wait(timeout=300) for process in runs)
    assert codes == [0, 1, 1, 1]
    assert consistent(db, out) == [(2022, 1, "issued")]


def test_input_errors_name_the_file(tmp_path: Path) -> None:
    bad = write_yaml(tmp_path, "bad.yaml", UNNUMBERED.replace("2021-12-29", "2021-12-32"))
    with Register(tmp_path / "so.sqlite3") as register, pytest.raises(InputError) as caught:
        issue(bad, register, tmp_path / "out")
    assert "meeting.date" in str(caught.value)


def test_bad_input_makes_no_register(tmp_path: Path) -> None:
    """A YAML error is said (file, line, field) before the register is opened: no new, empty
    register is left where the Văn thư pointed --db."""
    bad = write_yaml(tmp_path, "bad.yaml", UNNUMBERED.replace("2021-12-29", "2021-12-32"))
    db = tmp_path / "so-moi.sqlite3"
    code, output = run("issue", str(bad), "-o", str(tmp_path / "out"), "--db", str(db))
    assert code == 2, output
    assert "chưa cấp số" in output and "bad.yaml:" in output and "meeting.date" in output
    assert not db.exists() and not (tmp_path / "out").exists()


def test_an_issue_date_before_the_meeting_takes_no_number(draft: Path, tmp_path: Path) -> None:
    """The meeting is on 29/12/2021: an issue date before it is refused before any number is taken;
    one later than 5 working days after it is issued with a warning (Quyết định 45/2018/QĐ-TTg)."""
    out, db = tmp_path / "out", tmp_path / "so.sqlite3"
    args = ("issue", str(draft), "-o", str(out), "--db", str(db), "--again")
    code, output = run(*args, "--date", "2021-04-01")
    assert code == 2, output
    assert "chưa cấp số: ngày ban hành 01/4/2021 ở trước ngày họp 29/12/2021" in output
    assert "Traceback" not in output
    assert not out.exists() or not list(out.iterdir())
    if db.exists():
        with Register(db) as register:
            assert register.entries() == []
    code, output = run(*args, "--date", "6/1/2022")  # the 5th working day after the meeting (3/1 is a day off)
    assert code == 0 and "Đã cấp số 01/TB-BTTTT" in output and "45/2018" not in output
    code, output = run(*args, "--date", "20/1/2022")
    assert code == 0 and "Đã cấp số 02/TB-BTTTT" in output
    assert (
        "Lưu ý: ngày ban hành 20/01/2022 là 15 ngày làm việc sau ngày họp 29/12/2021; "
        "Quyết định 45/2018/QĐ-TTg yêu cầu ban hành trong 5 ngày làm việc (chậm nhất 06/01/2022)." in output
    )


def test_reading_commands_never_create_a_register(draft: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`register list/show/export/void` where there is no register: a message naming the full path
    and how to point at the right register, exit 2, and no empty register made on the spot."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("NOTICE_GEN_REGISTER", raising=False)
    commands = (["list"], ["show", "1"], ["export", "--csv"], ["void", "1", "--reason", "x"])
    for command in commands:
        code, output = run("register", *command)
        assert code == 2, output
        assert f"không có sổ đăng ký văn bản đi tại {folder / 'so-van-ban-di.sqlite3'}" in output
        assert "--db" in output and "NOTICE_GEN_REGISTER" in output and "Traceback" not in output
        assert "chưa có văn bản nào" not in output
    missing = tmp_path / "khong-co.sqlite3"
    code, output = run("register", "list", env={"NOTICE_GEN_REGISTER": str(missing)})
    assert code == 2 and f"tại {missing} (biến môi trường NOTICE_GEN_REGISTER chỉ tới {missing})" in output
    assert list(folder.iterdir()) == [] and not missing.exists()
    # `issue` creates the register, and says where; the next one finds it.
    db = tmp_path / "so.sqlite3"
    args = ("issue", str(draft), "-o", str(tmp_path / "out"), "--db", str(db), "--date", "5/1/2022", "--again")
    code, output = run(*args)
    assert code == 0 and f"tạo sổ mới tại {db}" in output
    code, output = run(*args)
    assert code == 0 and "tạo sổ mới" not in output and f"(sổ {db})" in output
    code, output = run("register", "list", "--year", "2031", "--db", str(db))
    assert code == 0 and f"Sổ {db} chưa có văn bản nào năm 2031." in output
    code, output = run("register", "show", "9", "--db", str(db))
    assert code == 2 and f"sổ không có số 09 (sổ {db})" in output


def test_issue_finds_templates_in_templates_dir_and_says_how_when_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from notice_gen import templates

    monkeypatch.delenv(templates.ENV_VAR, raising=False)
    source = write_yaml(tmp_path, "a.yaml", "    template: rieng\n" + UNNUMBERED.lstrip("\n"))
    out, db = tmp_path / "out", tmp_path / "so.sqlite3"
    args = ("issue", str(source), "-o", str(out), "--db", str(db), "--date", "5/1/2022")
    code, output = run(*args)
    assert code != 0 and "Traceback" not in output
    assert "không có mẫu “rieng”; các mẫu có: bo, tinh, vpcp." in output
    assert "dùng --templates-dir hoặc biến NOTICE_GEN_TEMPLATES" in output
    with Register(db) as register:
        assert register.entries() == []  # no number taken
    mine = tmp_path / "mau"
    shutil.copytree(templates.SHIPPED / "bo", mine / "rieng")
    code, output = run(*args, "--templates-dir", str(mine))
    assert code == 0, output
    with Register(db) as register:
        (entry,) = register.entries()
    assert entry.number == 1 and entry.template.startswith("bo ")


def test_a_register_continues_a_paper_book(draft: Path, tmp_path: Path) -> None:
    """`register start`: an office that adopts notice-gen in July goes on from its paper book's 56."""
    out, db = tmp_path / "out", tmp_path / "so.sqlite3"
    code, output = run("register", "start", "--year", "2022", "--next", "57", "--db", str(db))
    assert code == 0, output
    assert "Chưa có sổ đăng ký văn bản đi: tạo sổ mới" in output  # the office's first command
    assert "✓ Sổ bắt đầu: năm 2022, mọi ký hiệu: tiếp nối sổ cũ, số đầu tiên trong sổ này là 57" in output
    args = ("-o", str(out), "--db", str(db), "--again")
    for day in ("2022-07-01", "2022-07-02", "2023-01-03"):
        code, output = run("issue", str(draft), *args, "--date", day)
        assert code == 0, output
    assert "✓ Đã cấp số 01/TB-BTTTT ngày 03/01/2023" in output  # another year starts at 01
    code, output = run("register", "list", "--db", str(db))
    assert code == 0, output
    assert "Sổ bắt đầu: năm 2022, mọi ký hiệu: tiếp nối sổ cũ, số đầu tiên trong sổ này là 57" in output
    assert [line.split()[0] for line in output.splitlines() if "/TB-BTTTT" in line and "ban hành" in line] == [
        "57/TB-BTTTT",
        "58/TB-BTTTT",
        "01/TB-BTTTT",
    ]
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".pdf") == [
        "01-TB-BTTTT-2023.pdf",
        "57-TB-BTTTT-2022.pdf",
        "58-TB-BTTTT-2022.pdf",
    ]


def test_a_start_never_goes_back_to_an_issued_number(draft: Path, tmp_path: Path) -> None:
    out, db = tmp_path / "out", tmp_path / "so.sqlite3"
    assert run("register", "start", "--year", "2022", "--next", "10", "--db", str(db))[0] == 0
    code, output = run("issue", str(draft), "-o", str(out), "--db", str(db), "--date", "2022-01-05")
    assert code == 0 and "số 10/TB-BTTTT" in output, output
    for below in ("10", "3"):
        code, output = run("register", "start", "--year", "2022", "--next", below, "--db", str(db))
        assert code == 2, output
        assert (
            "sổ đã có số 10/TB-BTTTT năm 2022; số tiếp theo phải lớn hơn 10 (không cấp lại một số đã cấp), "
            f"không thể là {int(below):02d}"
        ) in output
        assert "Traceback" not in output
    # Forward is fine (numbers 11-19 stay in the paper book), and a ký hiệu can have its own start.
    assert run("register", "start", "--year", "2022", "--next", "20", "--db", str(db))[0] == 0
    code, output = run("register", "start", "--year", "2022", "--next", "7", "--symbol", "tb-bnv", "--db", str(db))
    assert code == 0 and "ký hiệu TB-BNV" in output, output
    with Register(db) as register:
        assert [(s.year, s.symbol, s.next_number) for s in register.starts()] == [
            (2022, None, 20),
            (2022, "TB-BNV", 7),
        ]
    code, output = run("issue", str(draft), "-o", str(out), "--db", str(db), "--date", "2022-01-06", "--again")
    assert code == 0 and "số 20/TB-BTTTT" in output, output


def test_parallel_issues_after_a_start_stay_gapless(draft: Path, tmp_path: Path) -> None:
    out, db = tmp_path / "out", tmp_path / "so.sqlite3"
    assert run("register", "start", "--year", "2022", "--next", "57", "--db", str(db))[0] == 0
    args = ("issue", str(draft), "-o", str(out), "--db", str(db), "--date", "2022-07-05", "--again")
    runs = [notice_gen(*args) for _ in range(4)]
    for process in runs:
        _stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
    with Register(db) as register:
        assert sorted(e.number for e in register.entries()) == [57, 58, 59, 60]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        f"{n}-TB-BTTTT-2022.{ext}" for n in range(57, 61) for ext in ("docx", "pdf")
    ]


# Issue 15: a register is only ever a register


def _issue(source: Path, out: Path, db: Path) -> tuple[int, str]:
    return run("issue", str(source), "-o", str(out), "--db", str(db), "--date", "5/1/2022")


def test_an_empty_file_never_restarts_the_numbering(draft: Path, tmp_path: Path) -> None:
    """A register truncated to 0 bytes is refused by every command, and stays as it is."""
    db, out = tmp_path / "so.sqlite3", tmp_path / "out"
    db.write_bytes(b"")
    for args in (("register", "list"), ("register", "show", "1"), ("register", "export", "--csv")):
        code, output = run(*args, "--db", str(db))
        assert code == 1 and "là tệp rỗng (0 byte), không phải sổ đăng ký văn bản đi" in output, output
    code, output = _issue(draft, out, db)
    assert code == 1 and "tệp rỗng" in output and "Traceback" not in output
    assert db.read_bytes() == b"" and not (out.exists() and list(out.iterdir()))
    assert not list(tmp_path.glob("so.sqlite3-*"))


def test_another_applications_database_is_refused_and_left_alone(draft: Path, tmp_path: Path) -> None:
    import sqlite3

    db, out = tmp_path / "khac.sqlite3", tmp_path / "out"
    with sqlite3.connect(db) as other:
        other.execute("CREATE TABLE users (name TEXT)")
        other.execute("INSERT INTO users VALUES ('a')")
    other.close()
    before = db.read_bytes()
    code, output = run("register", "list", "--db", str(db))
    assert code == 1 and "không phải sổ đăng ký văn bản đi của notice-gen" in output
    code, output = _issue(draft, out, db)
    assert code == 1 and "không phải sổ đăng ký văn bản đi của notice-gen" in output, output
    assert db.read_bytes() == before


def test_a_damaged_register_is_refused_by_reading_and_issuing(tmp_path: Path) -> None:
    """A register whose pages are damaged: a message (restore the backup), never a traceback, never a write."""
    db, out = tmp_path / "so.sqlite3", tmp_path / "out"
    for month in range(1, 13):  # enough entries (each keeps its YAML) for several pages
        source = write_yaml(tmp_path, f"t{month}.yaml", UNNUMBERED.replace("tháng 12", f"tháng {month}"))
        code, output = _issue(source, out, db)
        assert code == 0, output
    good = db.read_bytes()
    pages = len(good) // 4096
    assert pages > 5
    later = write_yaml(tmp_path, "sau.yaml", UNNUMBERED.replace("tháng 12", "tháng 10 năm sau"))
    # Each page in turn (all but the header page) overwritten: before issue 15, a damaged index
    # page listed normally and `issue` gave a sqlite3.DatabaseError traceback, and a damaged
    # overflow page let `issue` go on writing into the damaged file.
    for page in range(1, pages):
        data = bytearray(good)
        data[page * 4096 : (page + 1) * 4096] = b"\xa5" * 4096
        db.write_bytes(bytes(data))
        for args in (("register", "list", "--db", str(db)), ("issue", str(later), "-o", str(out), "--db", str(db))):
            code, output = run(*args)
            assert code == 1, (page, output)
            assert "hỏng" in output and "Traceback" not in output, (page, output)
        assert db.read_bytes() == bytes(data), page


def test_reading_commands_never_write(draft: Path, tmp_path: Path) -> None:
    db, out = tmp_path / "so.sqlite3", tmp_path / "out"
    code, output = _issue(draft, out, db)
    assert code == 0, output
    before = db.read_bytes()
    export = tmp_path / "so.csv"
    for args in (("register", "list"), ("register", "show", "1"), ("register", "export", "--csv", "-o", str(export))):
        code, output = run(*args, "--db", str(db))
        assert code == 0, output
    assert db.read_bytes() == before


def test_a_register_made_before_the_application_id_is_still_used(draft: Path, tmp_path: Path) -> None:
    import sqlite3

    db, out = tmp_path / "so.sqlite3", tmp_path / "out"
    code, output = _issue(draft, out, db)
    assert code == 0, output
    with sqlite3.connect(db) as old:
        old.execute("PRAGMA application_id = 0")
    old.close()
    code, output = run("register", "list", "--db", str(db))
    assert code == 0 and output.startswith("01/TB-BTTTT"), output
    other = write_yaml(tmp_path, "b.yaml", UNNUMBERED.replace("tháng 12", "tháng 11"))
    code, output = _issue(other, out, db)
    assert code == 0 and "02/TB-BTTTT" in output, output
    with sqlite3.connect(db) as now:
        assert now.execute("PRAGMA application_id").fetchone()[0] == 0x4E475356
    now.close()


def test_issue_renders_outside_the_lock(draft: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15 #9: the register's write lock is free while WeasyPrint works."""
    import sqlite3

    from notice_gen.render.pdf import PdfRenderer

    db, out = tmp_path / "so.sqlite3", tmp_path / "out"
    free: list[bool] = []
    render = PdfRenderer.render

    def watching(self: PdfRenderer, *args: object, **kwargs: object) -> bytes:
        probe = sqlite3.connect(db, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            free.append(True)
        except sqlite3.OperationalError:
            free.append(False)
        finally:
            probe.close()
        return render(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PdfRenderer, "render", watching)
    with Register(db) as register:
        issued = issue(draft, register, out, date=dt.date(2022, 1, 5))
    assert issued.number == 1 and free == [True]


def test_a_number_taken_while_rendering_is_rendered_again(
    draft: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another run takes the number this one rendered with: it renders again with the next one."""
    import pdfplumber

    db, out = tmp_path / "so.sqlite3", tmp_path / "out"
    other = write_yaml(tmp_path, "b.yaml", UNNUMBERED.replace("tháng 12", "tháng 11"))
    with Register(db) as register:
        issue(other, register, out, date=dt.date(2022, 1, 5))
        monkeypatch.setattr(Register, "next_number", lambda *_args: 1)  # a stale guess
        issued = issue(draft, register, out, date=dt.date(2022, 1, 5))
    assert issued.number == 2
    with pdfplumber.open(out / "02-TB-BTTTT-2022.pdf") as pdf:
        assert "Số: 02/TB-BTTTT" in pdf.pages[0].extract_text()
    consistent(db, out)


def test_the_register_export_never_writes_a_formula(tmp_path: Path) -> None:
    """Issue 15 #5: the register's CSV and XLSX keep a recipient "=1+2" as text (OWASP)."""
    from openpyxl import load_workbook

    source = write_yaml(tmp_path, "a.yaml", UNNUMBERED.replace("[Bộ trưởng]", "['=1+2', '@SUM(A1)']"))
    db, out = tmp_path / "so.sqlite3", tmp_path / "out"
    code, output = _issue(source, out, db)
    assert code == 0, output
    csv_path, xlsx_path = tmp_path / "so.csv", tmp_path / "so.xlsx"
    assert run("register", "export", "--year", "2022", "--csv", "-o", str(csv_path), "--db", str(db))[0] == 0
    assert run("register", "export", "--year", "2022", "--xlsx", "-o", str(xlsx_path), "--db", str(db))[0] == 0
    rows = list(csv.reader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"))))
    assert "'=1+2; @SUM(A1)" in rows[1]
    sheet = load_workbook(xlsx_path).active
    cells = [cell for cell in sheet[2]]
    assert "=1+2; @SUM(A1)" in [cell.value for cell in cells] and all(cell.data_type != "f" for cell in cells)


def test_export_without_a_year_takes_the_books_latest_year_and_never_writes_an_empty_file(
    draft: Path, tmp_path: Path
) -> None:
    """Issue 14: not the current year's empty book with a ✓."""
    db = tmp_path / "so.sqlite3"
    for day in ("5/1/2022", "6/1/2022"):
        assert run("issue", str(draft), "-o", str(tmp_path / "out"), "--db", str(db), "--date", day, "--again")[0] == 0
    target = tmp_path / "so.csv"
    code, output = run("register", "export", "--csv", "-o", str(target), "--db", str(db))
    assert code == 0 and "Đã xuất 2 văn bản năm 2022" in output
    empty = tmp_path / "so-2021.csv"
    code, output = run("register", "export", "--year", "2021", "--csv", "-o", str(empty), "--db", str(db))
    assert code == 1 and "✓" not in output and "không có văn bản nào năm 2021" in output
    assert not empty.exists()
