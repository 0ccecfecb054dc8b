"""notice-gen lint: each rule on a failing and a passing draft, --fix, the CLI, and the seeds.

Drafts are built from BASE, a small valid notice, with one mistake put in at a known line,
so that each test can assert the exact place (line:column) of its finding.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from notice_gen.cli import main
from notice_gen.errors import InputError
from notice_gen.lint import legacy_text
from notice_gen.lint import rules as lint
from notice_gen.lint.fix import FixError, fix
from notice_gen.lint.rules import Edit, Finding, Rules, lint_file, scalars
from notice_gen.notice.load import load
from notice_gen.office.data import DataDir

from .conftest import INPUTS

# Line numbers below count from 1 in this text.
BASE = """\
issuer: {name: Bộ Thông tin và Truyền thông, abbreviation: BTTTT}
place: Hà Nội
meeting:
  name: Hội nghị giao ban tháng 3
  date: 2024-03-08
  venue: trụ sở Bộ
  chair: {title: Bộ trưởng, name: Nguyễn Mạnh Hùng}
body:
  - section: Nhận thức chung
    content:
      - Đoạn văn thứ nhất.
  - section: Các nhiệm vụ cụ thể
    content:
      - task: Cục Viễn thông rà soát quy hoạch hạ tầng.
        lead: Cục Viễn thông
        deadline: 2024-04-26
recipients: [Bộ trưởng]
signer: {authority: [TL. Bộ trưởng], position: Chánh Văn phòng, name: Bùi Hoàng Phương}
"""


@pytest.fixture(scope="module")
def rules() -> Rules:
    return Rules.load()


def write(folder: Path, text: str, name: str = "draft.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class Draft:
    text: str
    findings: list[Finding]

    def at(self, word: str, occurrence: int = 1) -> tuple[int, int]:
        """Line and column of ``word`` (not inside a longer word) in the file, by plain search."""
        matches = re.finditer(rf"(?<![\w&]){re.escape(word)}(?![\w&])", self.text)
        index = [m.start() for m in matches][occurrence - 1]
        return self.text.count("\n", 0, index) + 1, index - self.text.rfind("\n", 0, index)

    def found(self, rule: str) -> list[tuple[int, int]]:
        return [(f.line, f.column) for f in self.findings if f.rule == rule]


def draft(tmp_path: Path, rules: Rules, replace: dict[str, str] | None = None, add: str = "") -> Draft:
    """Lint BASE with some lines replaced (old → new, each must occur) and lines appended."""
    text = BASE
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    text += textwrap.dedent(add)
    return Draft(text, lint_file(write(tmp_path, text), rules))


def test_base_draft_is_clean(tmp_path: Path, rules: Rules) -> None:
    assert draft(tmp_path, rules).findings == []


# --- Abbreviations --------------------------------------------------------------------------


def test_abbreviation_never_defined(tmp_path: Path, rules: Rules) -> None:
    d = draft(tmp_path, rules, {"Đoạn văn thứ nhất.": "Giao Cục TTCS chủ trì, Cục TTCS báo cáo."})
    assert d.found("viet-tat-chua-dinh-nghia") == [d.at("TTCS")]  # once, at the first use
    assert "“TTCS”" in d.findings[0].message and not d.findings[0].fixable


def test_abbreviation_defined_in_text_or_glossary(tmp_path: Path, rules: Rules) -> None:
    in_text = {"Đoạn văn thứ nhất.": "Cục Thông tin cơ sở (TTCS) và Cục TTCS."}
    assert draft(tmp_path, rules, in_text).findings == []
    in_glossary = {"Đoạn văn thứ nhất.": "Giao Cục TTCS chủ trì."}
    assert draft(tmp_path, rules, in_glossary, add="glossary: {TTCS: Thông tin cơ sở}\n").findings == []
    named_as = {"Đoạn văn thứ nhất.": "Chuyển đổi số (sau đây gọi tắt là CĐS); CĐS toàn dân."}
    assert draft(tmp_path, rules, named_as).findings == []


def test_abbreviation_noise_is_not_reported(tmp_path: Path, rules: Rules) -> None:
    """Roman numerals, document symbols, codes with digits, the well-known list
    (data/lint.toml), text all in capitals and the Nơi nhận shorthand need no definition."""
    text = "Quý III/2022, Khóa XV; Quyết định 749/QĐ-TTg, số 05/TB-BTTTT; Cục C06, mạng 5G; UBND tỉnh, GDP, SIM."
    d = draft(
        tmp_path,
        rules,
        {
            "Đoạn văn thứ nhất.": text,
            "section: Nhận thức chung": "section: MỘT SỐ NHẬN THỨC CHUNG VỀ CĐS",
            "recipients: [Bộ trưởng]": "recipients: [CVP Bùi Hoàng Phương, Sở VH, TT&DL]",
        },
    )
    assert d.findings == []


def test_abbreviation_used_before_its_definition(tmp_path: Path, rules: Rules) -> None:
    closing = "closing: {text: Bộ Thông tin và Truyền thông (TTTT) thông báo./.}\n"
    d = draft(tmp_path, rules, {"Đoạn văn thứ nhất.": "Ngành TTTT phát triển."}, add=closing)
    assert d.found("viet-tat-dung-truoc-dinh-nghia") == [d.at("TTTT")]
    assert f"dòng {d.at('(TTTT)')[0]}" in d.findings[0].message
    # Explained in the opening sentence (the venue), used after it: fine.
    fine = {"venue: trụ sở Bộ": "venue: trụ sở Bộ Thông tin và Truyền thông (TTTT)", "thứ nhất.": "thứ nhất của TTTT."}
    assert draft(tmp_path, rules, fine).findings == []


def test_subject_may_abbreviate_before_the_text_explains(tmp_path: Path, rules: Rules) -> None:
    """The trích yếu is a title: its abbreviation must be explained somewhere, not before it."""
    subject = "subject: Kết luận tại Hội nghị giao ban Bộ TTTT\n"
    venue = {"venue: trụ sở Bộ": "venue: trụ sở Bộ Thông tin và Truyền thông (TTTT)"}
    assert draft(tmp_path, rules, venue, add=subject).findings == []
    undefined = draft(tmp_path, rules, add=subject)
    assert undefined.found("viet-tat-chua-dinh-nghia") == [undefined.at("TTTT")]


def test_glossary_entry_never_used(tmp_path: Path, rules: Rules) -> None:
    glossary = "glossary:\n  KGM: không gian mạng\n"
    d = draft(tmp_path, rules, add=glossary)
    assert d.found("viet-tat-khong-dung") == [d.at("KGM")]
    used = {"Đoạn văn thứ nhất.": "Bảo vệ không gian mạng (KGM)."}
    assert draft(tmp_path, rules, used, add=glossary).findings == []


# --- Positions ---------------------------------------------------------------------------------


def test_position_capitals_before_a_name(tmp_path: Path, rules: Rules) -> None:
    text = "Thứ Trưởng Phan Tâm và Chánh Văn Phòng Bùi Hoàng Phương; thứ trưởng Phạm Đức Long."
    d = draft(tmp_path, rules, {"title: Bộ trưởng, name": "title: Bộ Trưởng, name", "Đoạn văn thứ nhất.": text})
    wrong = ["Bộ Trưởng", "Thứ Trưởng", "Chánh Văn Phòng", "thứ trưởng"]
    assert d.found("viet-hoa-chuc-vu") == [d.at(w) for w in wrong]
    assert [e.new for f in d.findings for e in f.edits] == ["Bộ trưởng", "Thứ trưởng", "Chánh Văn phòng", "Thứ trưởng"]
    assert {f.level for f in d.findings} == {"lỗi"}


def test_position_capitals_that_are_right(tmp_path: Path, rules: Rules) -> None:
    """Right capitals; a position in lower case without a name after it; all capitals; the
    signature (printed in capitals anyway); "Phó Chánh Văn phòng" is one position."""
    text = "Phó Chánh Văn phòng Lê Văn A báo cáo các bộ trưởng; BỘ TRƯỞNG KẾT LUẬN; bộ trưởng."
    d = draft(
        tmp_path, rules, {"Đoạn văn thứ nhất.": text, "position: Chánh Văn phòng": "position: Phó Chánh Văn Phòng"}
    )
    assert d.findings == []


# --- Unit names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "right"),
    [
        ("Cục Tin học hoá", "Cục Tin học hóa"),  # tone placement differs from the listed name
        ("Cuc Vien thong", "Cục Viễn thông"),  # typed without accents
        ("Viễn thông", "Cục Viễn thông"),  # the kind of unit left out
        ("Vụ Kế hoạch-Tài chính", "Vụ Kế hoạch - Tài chính"),  # spacing around the hyphen
    ],
)
def test_unit_name_with_one_listed_match_is_fixable(tmp_path: Path, rules: Rules, written: str, right: str) -> None:
    d = draft(tmp_path, rules, {"lead: Cục Viễn thông": f"lead: {written}"})
    line, column = d.at(f"lead: {written}")
    assert d.found("don-vi-khong-co-trong-danh-sach") == [(line, column + len("lead: "))]
    assert d.findings[0].edits == (Edit(("body", 1, "content", 0, "lead"), 0, len(written), right),)


def test_unknown_unit_gets_a_suggestion_not_a_fix(tmp_path: Path, rules: Rules) -> None:
    d = draft(tmp_path, rules, {"lead: Cục Viễn thông": "lead: Cục Viễn thông\n        support: [Cục Tin hoc]"})
    assert d.found("don-vi-khong-co-trong-danh-sach") == [d.at("Cục Tin hoc")]
    assert "“Cục Tin học hóa”" in d.findings[0].hint and not d.findings[0].fixable


def test_unit_names_that_are_accepted(tmp_path: Path, rules: Rules) -> None:
    """A listed short form, a glossary abbreviation written out, another letter case, an
    outside body from the list; recipients that are no unit ("Các đơn vị thuộc Bộ")."""
    units = "lead: Viện Chiến lược TTTT\n        support: [Cục THH, cục viễn thông, Văn phòng Chính phủ]"
    d = draft(
        tmp_path,
        rules,
        {"lead: Cục Viễn thông": units, "recipients: [Bộ trưởng]": "recipients: [Các đơn vị thuộc Bộ, Cục Báo chí]"},
        add="glossary: {TTTT: Thông tin và Truyền thông}\n",
    )
    assert [f.rule for f in d.findings] == ["viet-tat-khong-dung"]  # no printed text uses TTTT: right


def test_recipient_that_looks_like_a_unit_is_checked(tmp_path: Path, rules: Rules) -> None:
    d = draft(tmp_path, rules, {"recipients: [Bộ trưởng]": "recipients: [Bộ trưởng, cuc vien thong]"})
    assert d.found("don-vi-khong-co-trong-danh-sach") == [d.at("cuc vien thong")]


def test_broken_unit_list_is_reported_with_its_place(tmp_path: Path) -> None:
    units = tmp_path / "data" / "units"
    units.mkdir(parents=True)
    (units / "BTTTT.toml").write_text('[[don_vi]]\nten = "Cục Viễn thông\n', encoding="utf-8")
    with pytest.raises(InputError) as raised:
        lint.UnitList.for_issuer("BTTTT", DataDir(tmp_path / "data"))
    problem = raised.value.problems[0]
    assert (problem.file, problem.line, problem.column) == (units / "BTTTT.toml", 2, 22)
    assert problem.message.startswith("lỗi cú pháp TOML: ")


def test_issuer_without_a_unit_list_is_not_checked(tmp_path: Path, rules: Rules) -> None:
    for abbreviation in ("VPUBND", "../units/BTTTT"):  # no such file; and never a path
        change = {
            "abbreviation: BTTTT": f'abbreviation: "{abbreviation}"',
            "lead: Cục Viễn thông": "lead: Cuc Vien thong",
        }
        assert draft(tmp_path, rules, change).findings == []


# --- Tone marks --------------------------------------------------------------------------------


def test_tone_mark_style_minority_is_reported(tmp_path: Path, rules: Rules) -> None:
    text = "Hiện đại hoá, công nghiệp hoá; Ủy ban nhân dân và Đảng uỷ; khoẻ mạnh; quý, toàn, hoàn."
    d = draft(tmp_path, rules, {"Đoạn văn thứ nhất.": text})
    assert d.found("dau-thanh-khong-thong-nhat") == [d.at("Ủy")]
    assert d.findings[0].edits[0].new == "Uỷ"  # the capital stays
    assert "kiểu mới (hoá, thuỷ): 4 chỗ, kiểu kia 1 chỗ" in d.findings[0].message  # quý, toàn, hoàn: no choice


def test_tone_mark_style_consistent_or_chosen(tmp_path: Path, rules: Rules) -> None:
    consistent = {"Đoạn văn thứ nhất.": "Hiện đại hóa, Ủy ban, thủy lợi, tòa nhà, khỏe."}
    assert draft(tmp_path, rules, consistent).findings == []
    chosen = Rules.load(tone_style="new")
    findings = lint_file(write(tmp_path, BASE.replace("Đoạn văn thứ nhất.", "Hiện đại hóa.")), chosen)
    assert [(f.rule, f.edits[0].new) for f in findings] == [("dau-thanh-khong-thong-nhat", "hoá")]


def test_listed_unit_names_keep_their_spelling(tmp_path: Path, rules: Rules) -> None:
    """ "Cục Tin học hóa" is a name: a document in the new style neither counts nor changes it."""
    text = "Cục Tin học hóa hiện đại hoá, số hoá."
    assert draft(tmp_path, rules, {"Đoạn văn thứ nhất.": text}).findings == []


# --- Encoding ----------------------------------------------------------------------------------


def test_nfd_file_is_reported_once_and_fixed(tmp_path: Path, rules: Rules) -> None:
    lines = BASE.split("\n")
    lines[3] = unicodedata.normalize("NFD", lines[3])  # meeting.name: "Hội" decomposed
    lines[10] = unicodedata.normalize("NFD", lines[10])
    path = write(tmp_path, "\n".join(lines))
    findings = lint_file(path, rules)
    assert [(f.rule, f.line, f.column) for f in findings] == [("ma-nfd", 4, BASE.split("\n")[3].index("ộ") + 1)]
    assert "2 dòng" in findings[0].message
    fix(path, findings, scalars(load(path).data))
    assert path.read_text(encoding="utf-8") == BASE


@pytest.mark.parametrize(
    ("legacy", "unicode", "rule"),
    [
        ("Th«ng b¸o kÕt luËn cña Bé tr\xadëng", "Thông báo kết luận của Bộ trưởng", "ma-tcvn3"),
        # "Côc" and "dùng" are Unicode words too ("côc", "dùng"): their TCVN3 neighbours decide.
        ("Giao Côc ViÔn th«ng chñ tr× x©y dùng", "Giao Cục Viễn thông chủ trì xây dựng", "ma-tcvn3"),
        ("TH«NG B¸O", "THÔNG BÁO", "ma-tcvn3"),
        ("Thoâng baùo keát luaän cuûa Boä tröôûng", "Thông báo kết luận của Bộ trưởng", "ma-vni"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam", "ma-vni"),
    ],
)
def test_legacy_encodings_are_found_and_converted(
    tmp_path: Path, rules: Rules, legacy: str, unicode: str, rule: str
) -> None:
    d = draft(tmp_path, rules, {"Đoạn văn thứ nhất.": f'"{legacy}"'})
    assert [(f.rule, f.level) for f in d.findings] == [(rule, "lỗi")]
    first = legacy_text.find_legacy(legacy)[0].start
    assert d.found(rule) == [d.at(legacy[first:])]
    value = legacy
    for edit in sorted(d.findings[0].edits, key=lambda e: e.start, reverse=True):
        value = value[: edit.start] + edit.new + value[edit.end :]
    assert value == unicode


def test_unicode_text_is_never_taken_for_legacy() -> None:
    """Words that read both ways ("công", "dùng") follow their neighbours; foreign words
    and symbols in Unicode text stay; nothing in the three inputs is legacy."""
    for text in (
        "Giao Cục Viễn thông chủ trì xây dựng các công trình",
        "Müller, café, São Paulo, 3 × 4, «Hello», Đảng uỷ",
        *(value for path in INPUTS for value in scalars(load(path).data).values()),
    ):
        assert legacy_text.find_legacy(text) == [], text
    mixed = legacy_text.find_legacy("Cục Viễn thông x©y dùng")  # "dùng" is next to x©y: dựng
    assert [w.unicode for w in mixed] == ["xây", "dựng"]


def test_tcvn3_table_agrees_with_glibc() -> None:
    """TCVN3 (ABC) is the VN3 subset of TCVN 5712:1993, which glibc knows as TCVN5712-1."""
    if shutil.which("iconv") is None:
        pytest.skip("iconv is not installed")
    codes = bytes(ord(c) for c in legacy_text.TCVN3)
    result = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=codes, capture_output=True)
    if result.returncode:
        pytest.skip("this iconv has no TCVN5712-1")
    assert result.stdout.decode("utf-8") == "".join(legacy_text.TCVN3.values())
    assert len(legacy_text.TCVN3) == 74  # 7 capitals, 7 lower-case letters, 60 toned vowels


def test_vni_table_samples() -> None:
    """VNI-Windows: a vowel, then one character for its marks; đ, ơ, ư, and i with a tone
    have characters of their own."""
    samples = {"aù": "á", "aâ": "â", "aá": "ấ", "aê": "ă", "aë": "ặ", "eä": "ệ", "oà": "ồ", "ôù": "ớ", "öï": "ự"}
    samples |= {"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "ö": "ư", "ò": "ị", "ó": "ĩ", "AÙ": "Á", "OÂ": "Ô"}
    assert {key: legacy_text.VNI[key] for key in samples} == samples


# --- Dates -------------------------------------------------------------------------------------


def test_deadline_before_the_meeting(tmp_path: Path, rules: Rules) -> None:
    d = draft(tmp_path, rules, {"deadline: 2024-04-26": "deadline: 2024-03-01"})
    assert [(f.rule, f.level) for f in d.findings] == [("thoi-han-truoc-ngay-hop", "lỗi")]
    assert d.found("thoi-han-truoc-ngay-hop") == [d.at("2024-03-01")]


def test_deadline_far_after_the_meeting(tmp_path: Path, rules: Rules) -> None:
    d = draft(tmp_path, rules, {"deadline: 2024-04-26": "deadline: 31/12/2027"})
    assert d.found("thoi-han-qua-xa") == [d.at("31/12/2027")]
    assert draft(tmp_path, rules, {"deadline: 2024-04-26": "deadline: 29/12/2026"}).findings == []


@pytest.mark.parametrize(
    ("deadline", "date", "what"),
    [
        ("2024-04-30", "2024-04-30", "Ngày Chiến thắng"),  # a public holiday
        ("2024-04-29", "2024-04-29", "Nghỉ hoán đổi"),  # a day off swapped by the government (day-swaps.toml)
        ("2024-04-28", "2024-04-28", "Chủ nhật"),
        ('"trước ngày 27/4/2024"', "27/4/2024", "thứ Bảy"),  # a date inside a text deadline
    ],
)
def test_deadline_on_a_day_off(tmp_path: Path, rules: Rules, deadline: str, date: str, what: str) -> None:
    d = draft(tmp_path, rules, {"deadline: 2024-04-26": f"deadline: {deadline}"})
    assert d.found("thoi-han-ngay-nghi") == [d.at(date)] and len(d.findings) == 1
    assert what in d.findings[0].message and "26/4/2024" in d.findings[0].hint


def test_deadline_on_a_day_off_of_the_office(tmp_path: Path, rules: Rules) -> None:
    """--days-file: the office's own day off (the same file `notice-gen tasks` reads)."""
    days = write(tmp_path, '[[day_off]]\ndate = 2024-04-26\nname = "Nghỉ của cơ quan"\n', "days.toml")
    path = write(tmp_path, BASE)
    result = CliRunner().invoke(main, ["lint", "--days-file", str(days), str(path)])
    assert "thoi-han-ngay-nghi: thời hạn 26/4/2024 là ngày nghỉ (Nghỉ của cơ quan), thứ Sáu" in result.output
    assert lint_file(path, rules) == []


def test_deadline_on_a_swapped_working_saturday(tmp_path: Path, rules: Rules) -> None:
    assert draft(tmp_path, rules, {"deadline: 2024-04-26": "deadline: 2024-05-04"}).findings == []  # làm bù


def test_issue_date_within_five_working_days(tmp_path: Path, rules: Rules) -> None:
    """Meeting on Friday 08/3/2024: the fifth working day after it is Friday 15/3."""
    assert draft(tmp_path, rules, add="issue_date: 2024-03-15\nnumber: 5\n").findings == []
    late = draft(tmp_path, rules, add="issue_date: 2024-03-18\nnumber: 5\n")
    assert late.found("ngay-ban-hanh-muon") == [late.at("2024-03-18")]
    assert "6 ngày làm việc" in late.findings[0].message and "15/3/2024" in late.findings[0].message
    early = draft(tmp_path, rules, add="issue_date: 2024-03-07\nnumber: 5\n")
    assert early.found("ngay-ban-hanh-truoc-ngay-hop") == [early.at("2024-03-07")]


def test_issue_date_counts_working_days_across_tet(tmp_path: Path, rules: Rules) -> None:
    """Meeting on 07/02/2024, before Tết (08–14/02/2024 off): 5 working days end on 21/02."""
    change = {"date: 2024-03-08": "date: 2024-02-07", "deadline: 2024-04-26": "deadline: 2024-02-28"}
    assert draft(tmp_path, rules, change, add="issue_date: 2024-02-21\nnumber: 5\n").findings == []
    late = draft(tmp_path, rules, change, add="issue_date: 2024-02-22\nnumber: 5\n")
    assert [f.rule for f in late.findings] == ["ngay-ban-hanh-muon"]


# --- Structure ---------------------------------------------------------------------------------


@pytest.mark.parametrize("content", ['"Thứ trưởng Phạm Đức Long chỉ đạo:"', '"…"', "TODO"])
def test_empty_section(tmp_path: Path, rules: Rules, content: str) -> None:
    d = draft(tmp_path, rules, {"Đoạn văn thứ nhất.": content})
    assert [(f.rule, f.line, f.column) for f in d.findings] == [("muc-rong", *d.at("Nhận thức chung"))]


def test_section_with_a_lead_in_and_its_list_is_not_empty(tmp_path: Path, rules: Rules) -> None:
    change = {"      - Đoạn văn thứ nhất.": '      - "Thứ trưởng chỉ đạo:"\n      - list: [Việc một., Việc hai.]'}
    assert draft(tmp_path, rules, change).findings == []


def test_task_repeated_word_for_word(tmp_path: Path, rules: Rules) -> None:
    again = "\n      - task: Cục Viễn thông rà soát quy hoạch  hạ tầng\n        lead: Cục Viễn thông"
    d = draft(tmp_path, rules, {"deadline: 2024-04-26": "deadline: 2024-04-26" + again})
    assert d.found("nhiem-vu-trung-lap") == [d.at("Cục Viễn thông rà soát", 2)]
    assert f"dòng {d.at('Cục Viễn thông rà soát')[0]}" in d.findings[0].message


def test_task_without_lead_in_a_tasks_section(tmp_path: Path, rules: Rules) -> None:
    """ "Các nhiệm vụ cụ thể" > "Lĩnh vực Viễn thông": the tasks heading is an ancestor."""
    nested = {
        "      - task: Cục Viễn thông rà soát quy hoạch hạ tầng.\n        lead: Cục Viễn thông\n": (
            "      - section: Lĩnh vực Viễn thông\n        content:\n"
            "          - task: Cục Viễn thông rà soát quy hoạch hạ tầng.\n"
        ),
        "        deadline: 2024-04-26": "            deadline: 2024-04-26",
    }
    d = draft(tmp_path, rules, nested)
    assert d.found("nhiem-vu-thieu-don-vi") == [d.at("Cục Viễn thông rà soát")]
    elsewhere = {"      - Đoạn văn thứ nhất.": "      - task: Tiếp tục theo dõi."}  # in "Nhận thức chung"
    assert draft(tmp_path, rules, elsewhere).findings == []


def test_closing_text_without_final_mark(tmp_path: Path, rules: Rules) -> None:
    d = draft(tmp_path, rules, add="closing:\n  text: Bộ thông báo để các đơn vị thực hiện.\n")
    line, column = d.at("thực hiện")
    assert d.found("thieu-dau-ket-thuc") == [(line, column + len("thực hiện"))]  # at the final "."
    edit = d.findings[0].edits[0]
    assert (edit.start, edit.new) == (len("Bộ thông báo để các đơn vị thực hiện"), "./.")
    assert draft(tmp_path, rules, add="closing:\n  text: Bộ thông báo để các đơn vị thực hiện./.\n").findings == []


# --- --fix ---------------------------------------------------------------------------------------

MESSY = """\
# Bản nháp có lỗi: các chú thích, ngoặc và thứ tự khóa phải còn nguyên sau --fix.
issuer: {name: Bộ Thông tin và Truyền thông, abbreviation: BTTTT}
place: Hà Nội   # địa danh
meeting:
  date: 2024-03-08          # khóa date trước name: thứ tự được giữ
  name: 'Hội nghị ''giao ban'' tháng 3'
  venue: trụ sở Bộ
  chair: {title: "Bộ Trưởng", name: Nguyễn Mạnh Hùng}
body:
  - section: Nhận thức chung
    content:
      - >-
        Đoạn văn dài gõ lẫn TCVN3: Th«ng b¸o kÕt luËn cña Bé tr­ëng vÒ viÖc
        triÓn khai, rồi một câu Unicode ở dòng sau để xem chỗ ngắt dòng
        có được giữ nguyên không; Đảng uỷ và Ủy ban, hiện đại hóa.
      - Một dòng plain
        viết tiếp ở dòng sau, không có lỗi
  - section: Các nhiệm vụ cụ thể
    content:
      - task: "Giao Cục Viễn thông chủ trì."
        lead: Cuc Vien thong   # gõ không dấu
        deadline: 30/4/2024
closing:
  text: >-
    Bộ Thông tin và Truyền thông thông báo để các đơn vị
    biết, thực hiện.
recipients: [Bộ trưởng]
signer: {authority: [TL. Bộ trưởng], position: Chánh Văn phòng, name: Bùi Hoàng Phương}
"""

MESSY_FIXED = {
    8: '  chair: {title: "Bộ trưởng", name: Nguyễn Mạnh Hùng}',
    13: "        Đoạn văn dài gõ lẫn TCVN3: Thông báo kết luận của Bộ trưởng về việc",
    14: "        triển khai, rồi một câu Unicode ở dòng sau để xem chỗ ngắt dòng",
    15: "        có được giữ nguyên không; Đảng ủy và Ủy ban, hiện đại hóa.",
    21: "        lead: Cục Viễn thông   # gõ không dấu",
    26: "    biết, thực hiện./.",
}


def test_fix_changes_only_the_reported_lines(tmp_path: Path) -> None:
    path = write(tmp_path, MESSY)
    path.chmod(0o640)
    result = CliRunner().invoke(main, ["lint", "--fix", str(path)])
    after = path.read_text(encoding="utf-8").split("\n")
    before = MESSY.split("\n")
    changed = {n: line for n, (old, line) in enumerate(zip(before, after, strict=True), 1) if old != line}
    assert changed == MESSY_FIXED
    assert [line.split(": ")[1] for line in result.output.splitlines() if ": đã sửa " in line] == [
        "đã sửa viet-hoa-chuc-vu",
        "đã sửa ma-tcvn3",
        "đã sửa dau-thanh-khong-thong-nhat",
        "đã sửa don-vi-khong-co-trong-danh-sach",
        "đã sửa thieu-dau-ket-thuc",
    ]
    # What is left is what a person decides: the deadline on 30/4 (a holiday).
    assert re.findall(r"(?m)^\S+: (?:lỗi|cảnh báo) (\S+):", result.output) == ["thoi-han-ngay-nghi"]
    assert result.exit_code == 0
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.yaml"]  # no temporary file left


def test_fix_is_idempotent_and_keeps_a_clean_file_byte_for_byte(tmp_path: Path) -> None:
    path = write(tmp_path, MESSY)
    CliRunner().invoke(main, ["lint", "--fix", str(path)])
    once = path.read_bytes()
    result = CliRunner().invoke(main, ["lint", "--fix", str(path)])
    assert path.read_bytes() == once and "đã sửa" not in result.output


def test_fix_on_the_seeds_changes_the_three_tone_marks_only(tmp_path: Path) -> None:
    for source in INPUTS:
        shutil.copy(source, tmp_path / source.name)
    CliRunner().invoke(main, ["lint", "--fix", str(tmp_path)])
    changed = {}
    for source in INPUTS:
        before, after = source.read_text(encoding="utf-8"), (tmp_path / source.name).read_text(encoding="utf-8")
        pairs = zip(before.split("\n"), after.split("\n"), strict=True)
        changed |= {(source.name[:3], n): (old, new) for n, (old, new) in enumerate(pairs, 1) if old != new}
    assert {key: (old.strip(), new.strip()) for key, (old, new) in changed.items()} == {
        ("000", 30): ("- Đảng uỷ, Công đoàn TTTT, Đoàn Thanh niên Bộ", "- Đảng ủy, Công đoàn TTTT, Đoàn Thanh niên Bộ"),
        ("001", 251): ("mới - một xã hội được số hoá toàn diện.", "mới - một xã hội được số hóa toàn diện."),
        ("003", 148): (
            "- task: Giao Cục Viễn thông chủ trì triển khai thương mại hóa 5G và điện toán đám mây (Cloud).",
            "- task: Giao Cục Viễn thông chủ trì triển khai thương mại hoá 5G và điện toán đám mây (Cloud).",
        ),
    }


def test_fix_keeps_windows_line_endings_and_byte_order_mark(tmp_path: Path, rules: Rules) -> None:
    text = "\ufeff" + BASE.replace("title: Bộ trưởng, name", "title: Bộ Trưởng, name").replace("\n", "\r\n")
    path = tmp_path / "draft.yaml"
    path.write_bytes(text.encode("utf-8"))
    findings = lint_file(path, rules)
    fix(path, findings, scalars(load(path).data))
    assert path.read_bytes().decode("utf-8") == text.replace("Bộ Trưởng, name", "Bộ trưởng, name")


def test_fix_keeps_other_indentation_styles(tmp_path: Path, rules: Rules) -> None:
    """A file that puts "- " under its key (offset 0) and indents by 4 keeps its layout."""
    text = BASE.replace("  - section", "- section").replace("    content:", "  content:")
    text = (
        text.replace("      - ", "  - ").replace("        lead", "    lead").replace("        deadline", "    deadline")
    )
    text = text.replace("title: Bộ trưởng, name", "title: Bộ Trưởng, name")
    text = text.replace("  date:", "    date:").replace("  name: Hội", "    name: Hội")
    text = text.replace("  venue:", "    venue:").replace("  chair:", "    chair:")
    path = write(tmp_path, text)
    findings = lint_file(path, rules)
    fix(path, findings, scalars(load(path).data))
    assert path.read_text(encoding="utf-8") == text.replace("Bộ Trưởng, name", "Bộ trưởng, name")


ALIASED = """\
issuer: {name: Bộ Thông tin và Truyền thông, abbreviation: BTTTT}
place: Hà Nội
meeting:
  name: Hội nghị giao ban tháng 3
  date: 2024-03-08
  venue: trụ sở Bộ
  chair: &bt {title: Bộ Trưởng, name: Nguyễn Mạnh Hùng}
  attendees:
    - *bt
    - {title: &tt Thứ Trưởng, name: Phan Tâm}
    - {title: *tt, name: Nguyễn Huy Dũng}
    - &spare {title: Thứ Trưởng, name: Phạm Đức Long}
body:
  - section: Nhận thức chung
    content:
      - Đoạn văn thứ nhất.
recipients: [&lead Bộ trưởng]
signer: {authority: [TL. Bộ trưởng], position: Chánh Văn phòng, name: Bùi Hoàng Phương}
"""


def test_fix_through_aliases_reports_once_and_fixes_the_anchor(tmp_path: Path, rules: Rules) -> None:
    """Issue 15, item 11: a value used through ``*alias`` was reported at each use and every fix
    was refused ("chạy lại lint"); ruamel also dropped an anchor no alias used. Now each anchored
    value is one finding and one edit at its anchor, and every ``&name`` stays."""
    path = write(tmp_path, ALIASED)
    findings = [f for f in lint_file(path, rules) if f.rule == "viet-hoa-chuc-vu"]
    assert [(f.line, f.column) for f in findings] == [(7, 22), (10, 15), (12, 22)]
    result = CliRunner().invoke(main, ["lint", "--fix", str(path)])
    assert "không sửa được" not in result.output and result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == ALIASED.replace("Trưởng", "trưởng")
    data = load(path).data
    assert data["meeting"]["attendees"][0] == data["meeting"]["chair"]  # the alias still follows its anchor
    assert data["meeting"]["attendees"][2]["title"] == "Thứ trưởng"


def test_round_trip_loader_constructs_no_object(tmp_path: Path) -> None:
    """--fix loads with ruamel's round-trip loader: a Python tag must never run. (lint itself
    refuses such a file before --fix: exit 2, file untouched.)"""
    marker = tmp_path / "pwned"
    text = BASE + f'x: !!python/object/apply:os.system ["touch {marker}"]\n'
    path = write(tmp_path, text)
    result = CliRunner().invoke(main, ["lint", "--fix", str(path)])
    assert result.exit_code == 2 and "du-lieu-khong-hop-le" in result.output
    finding = Finding(path, 7, 18, "lỗi", "viet-hoa-chuc-vu", "", "", (Edit(("place",), 0, 6, "Hà Nội"),))
    with pytest.raises(FixError):  # the safe loader of the final check refuses the tag
        fix(path, [finding], {("place",): "Hà Nội"})
    assert not marker.exists()
    assert path.read_text(encoding="utf-8") == text


# --- CLI ---------------------------------------------------------------------------------------

LINE = re.compile(r"^(?P<file>\S+):(?P<line>\d+):(?P<column>\d+): (?P<level>lỗi|cảnh báo) (?P<rule>[a-z0-9-]+): .+$")


def test_cli_format_and_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    clean = write(tmp_path, BASE, "clean.yaml")
    assert runner.invoke(main, ["lint", str(clean)]).exit_code == 0
    warning = write(tmp_path, BASE.replace("2024-04-26", "2024-04-28"), "warning.yaml")
    assert runner.invoke(main, ["lint", str(warning)]).exit_code == 0
    error = write(tmp_path, BASE.replace("2024-04-26", "2024-03-01"), "error.yaml")
    result = runner.invoke(main, ["lint", str(error)])
    assert result.exit_code == 1
    first, hint, summary = result.output.splitlines()
    assert LINE.match(first) and LINE.match(first)["rule"] == "thoi-han-truoc-ngay-hop"
    assert hint.startswith("    gợi ý: ")
    assert summary == "Đã kiểm tra 1 tệp: 1 lỗi, 0 cảnh báo."
    broken = write(tmp_path, BASE.replace("date: 2024-03-08", "date: 2024-02-30"), "broken.yaml")
    result = runner.invoke(main, ["lint", str(clean), str(broken)])
    assert result.exit_code == 2
    assert f"{broken}:5:9: lỗi du-lieu-khong-hop-le: meeting.date: ngày “2024-02-30” không có thật" in result.output


def test_the_example_in_the_docs_is_what_lint_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/lint.md quotes the output for docs/lint-example.yaml word for word."""
    root = INPUTS[0].parent.parent
    monkeypatch.chdir(root)
    doc = (root / "docs" / "lint.md").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "docs/lint-example.yaml"], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"```text\n{result.output}```" in doc


# --- The seeds ---------------------------------------------------------------------------------

# What lint reports on the three inputs (file, line, column, rule), each judged against the
# seed text (tests/fixtures/seeds) and kept because it is real:
SEED_FINDINGS = [
    # 000: "Đảng uỷ" (new placement) in a notice that writes "Ủy ban", "báo hóa", "tư nhân
    # hóa", "Xóa" (old); the seed has the same mix.
    ("000", 30, 12, "dau-thanh-khong-thong-nhat"),
    # 000: three deadlines "30/4/2022", as in the seed: a Saturday and the 30/4 public
    # holiday, so no unit can hand in on that day.
    ("000", 90, 23, "thoi-han-ngay-nghi"),
    ("000", 163, 31, "thoi-han-ngay-nghi"),
    ("000", 182, 31, "thoi-han-ngay-nghi"),
    # 001: deadlines 15/8/2021 and 01/8/2021 are Sundays (seed: "Thời hạn hoàn thành: 15/8/2021",
    # "… 01/8/2021").
    ("001", 111, 23, "thoi-han-ngay-nghi"),
    ("001", 175, 23, "thoi-han-ngay-nghi"),
    # 001: "phối hợp với các Cục: PTT&TTĐT, TTCS, TTĐN, THH": THH is explained earlier
    # ("Cục Tin học hóa (THH)"), the other three nowhere in the notice.
    ("001", 188, 58, "viet-tat-chua-dinh-nghia"),
    ("001", 188, 68, "viet-tat-chua-dinh-nghia"),
    ("001", 188, 74, "viet-tat-chua-dinh-nghia"),
    # 001: "số hoá" (new) at the end, in a notice that writes "Ủy viên", "hàng hóa", "lan tỏa" (old).
    ("001", 251, 42, "dau-thanh-khong-thong-nhat"),
    # 003: "thương mại hóa" (old) in a notice that writes "hiện đại hoá", "công nghiệp hoá",
    # "văn hoá", "Đảng uỷ" (new); the seed has the same mix.
    ("003", 148, 69, "dau-thanh-khong-thong-nhat"),
]
# Nothing else: every abbreviation of 000 and 003 is explained or in the glossary ("(ID)",
# "(QLNN)", …), GDP and SIM (001) are in the well-known list, every lead and support is a
# listed unit (C06 of Bộ Công an in the list of outside bodies), no task lacks its lead unit,
# and 000's hand-written closing ends with "./.".


def test_seeds_have_only_their_real_findings(rules: Rules) -> None:
    findings = [(path.name[:3], f.line, f.column, f.rule) for path in INPUTS for f in lint_file(path, rules)]
    assert findings == SEED_FINDINGS
    assert {f.level for path in INPUTS for f in lint_file(path, rules)} == {"cảnh báo"}


def test_seeds_lint_with_exit_code_zero() -> None:
    result = CliRunner().invoke(main, ["lint", *map(str, INPUTS)])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "Đã kiểm tra 3 tệp: 0 lỗi, 11 cảnh báo (3 chỗ sửa được bằng --fix)."


def test_the_summary_counts_the_problems_of_a_file_that_does_not_load(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from notice_gen.cli import main

    broken = tmp_path / "hong.yaml"
    broken.write_text("issuer: {name: X}\nbody: 3\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(broken)])
    shown = sum(": lỗi du-lieu-khong-hop-le:" in line for line in result.output.splitlines())
    assert result.exit_code == 2 and shown > 1
    assert f"Đã kiểm tra 1 tệp: {shown} lỗi, 0 cảnh báo; 1 tệp không đọc được." in result.output


# --- Issue 14: no false alarm, no fix that makes text worse ----------------------------------


def test_an_abbreviation_with_an_ampersand_is_defined_in_parentheses(tmp_path: Path, rules: Rules) -> None:
    text = "Sở Thông tin và Truyền thông (TT&TT) các tỉnh; Sở TT&TT báo cáo."
    assert draft(tmp_path, rules, {"Đoạn văn thứ nhất.": text}).findings == []
    undefined = draft(tmp_path, rules, {"Đoạn văn thứ nhất.": "Sở TT&TT báo cáo."})
    assert undefined.found("viet-tat-chua-dinh-nghia") == [undefined.at("TT&TT")]


def test_tong_cuc_truong_is_a_position_and_is_never_made_worse(tmp_path: Path, rules: Rules) -> None:
    assert "Tổng cục trưởng" in rules.positions and "Phó Tổng cục trưởng" in rules.positions
    text = "Phó Tổng cục trưởng Nguyễn Văn A và Tổng cục trưởng Trần Văn B báo cáo."
    assert draft(tmp_path, rules, {"Đoạn văn thứ nhất.": text}).findings == []
    wrong = draft(tmp_path, rules, {"Đoạn văn thứ nhất.": "Phó Tổng Cục trưởng Nguyễn Văn A báo cáo."})
    assert wrong.found("viet-hoa-chuc-vu") == [wrong.at("Phó Tổng Cục trưởng")]
    assert [e.new for f in wrong.findings for e in f.edits] == ["Phó Tổng cục trưởng"]


def test_a_position_inside_a_longer_unlisted_title_is_left_alone(tmp_path: Path, rules: Rules) -> None:
    """A list without "Tổng cục trưởng": "cục trưởng" after "Tổng" is part of a title it does not
    know, and "fixing" it to "Tổng Cục trưởng" would make the text worse."""
    short = Rules(
        positions=tuple(p for p in rules.positions if "Tổng cục" not in p),
        well_known=rules.well_known,
        calendar=rules.calendar,
    )
    text = "Phó Tổng cục trưởng Nguyễn Văn A báo cáo."
    assert draft(tmp_path, short, {"Đoạn văn thứ nhất.": text}).findings == []


def test_an_abbreviated_unit_gets_its_nearest_listed_name(tmp_path: Path, rules: Rules) -> None:
    written = "Sở TT&TT các tỉnh, thành phố"
    d = draft(tmp_path, rules, {"lead: Cục Viễn thông": f"lead: Cục Viễn thông\n        support: [\"{written}\"]"})
    assert d.found("don-vi-khong-co-trong-danh-sach") == [d.at("Sở TT&TT")]
    assert "“Sở Thông tin và Truyền thông các tỉnh, thành phố trực thuộc Trung ương”" in d.findings[0].hint


def test_deadline_on_a_day_off_names_the_day_article_148_moves_it_to(tmp_path: Path, rules: Rules) -> None:
    """Bộ luật Dân sự 2015, Điều 148: a period ending on a day off ends on the next working day."""
    d = draft(tmp_path, rules, {"deadline: 2024-04-26": "deadline: 2024-04-28"})
    assert "Điều 148" in d.findings[0].hint and "02/5/2024" in d.findings[0].hint


def test_render_final_refuses_an_issue_date_before_the_meeting(tmp_path: Path) -> None:
    """The rule `lint` and `issue` share (lint.issue_date_problem): `render --final` refuses it too,
    at the issue_date line, and writes nothing."""
    early = write(tmp_path, BASE + "number: 5\nissue_date: 2024-03-07\n", "early.yaml")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", "--final", str(early), "-o", str(out)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert f"{early}:20:13" in result.output and "ở trước ngày họp 08/3/2024" in result.output
    assert not list(out.glob("*.docx")) and not list(out.glob("*.pdf"))
    on_time = write(tmp_path, BASE + "number: 5\nissue_date: 2024-03-08\n", "on-time.yaml")
    assert CliRunner().invoke(main, ["render", "--final", str(on_time), "-o", str(out)]).exit_code == 0


# --- Office data outside the package ---------------------------------------------------------

NEW_UNIT = "Trung tâm Dữ liệu mới"


def test_the_hint_points_to_the_office_folder_not_the_package(tmp_path: Path, rules: Rules) -> None:
    d = draft(tmp_path, rules, {"lead: Cục Viễn thông": f"lead: {NEW_UNIT}"})
    (finding,) = d.findings
    assert "notice_gen/data" not in finding.hint and "site-packages" not in finding.hint
    assert ".notice-gen/units/BTTTT.toml" in finding.hint and "notice-gen data init" in finding.hint


def office_folder(folder: Path) -> Path:
    """`notice-gen data init`, then the office adds a unit and a position to its own copies."""
    result = CliRunner().invoke(main, ["data", "init", str(folder)])
    assert result.exit_code == 0, result.output
    units = folder / "units" / "BTTTT.toml"
    units.write_text(units.read_text(encoding="utf-8") + f'\n[[don_vi]]\nten = "{NEW_UNIT}"\n', encoding="utf-8")
    positions = folder / "lint.toml"
    text = positions.read_text(encoding="utf-8").replace('"Hiệu trưởng",', '"Hiệu trưởng", "Trưởng ban",', 1)
    positions.write_text(text, encoding="utf-8")
    return folder


OFFICE = {"lead: Cục Viễn thông": f"lead: {NEW_UNIT}", "Đoạn văn thứ nhất.": "Trưởng Ban Nguyễn Văn A báo cáo."}


def office_draft(folder: Path) -> Path:
    text = BASE
    for old, new in OFFICE.items():
        text = text.replace(old, new)
    return write(folder, text)


def test_data_init_copies_the_defaults_and_keeps_the_office_files(tmp_path: Path) -> None:
    folder = office_folder(tmp_path / ".notice-gen")
    assert {p.name for p in folder.iterdir()} == {"lint.toml", "day-swaps.toml", "units"}
    assert (folder / "units" / "BTTTT.toml").is_file()
    again = CliRunner().invoke(main, ["data", "init", str(folder)])
    assert again.exit_code == 0 and "Đã chép 0 tệp" in again.output
    assert NEW_UNIT in (folder / "units" / "BTTTT.toml").read_text(encoding="utf-8")  # not overwritten


def lint_output(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(main, ["lint", *args], env=env)
    assert "Traceback" not in result.output
    return result.output


def test_the_packaged_lists_are_the_defaults(tmp_path: Path) -> None:
    output = lint_output(str(office_draft(tmp_path)))
    assert f"“{NEW_UNIT}” không có trong danh sách đơn vị (danh sách có sẵn units/BTTTT.toml)" in output
    assert "viet-hoa-chuc-vu" not in output  # "Trưởng ban" is no position of the packaged list


def test_a_notice_gen_folder_beside_the_inputs_is_read(tmp_path: Path) -> None:
    office_folder(tmp_path / ".notice-gen")
    output = lint_output(str(office_draft(tmp_path)))
    assert "don-vi-khong-co-trong-danh-sach" not in output
    assert "“Trưởng Ban” viết hoa sai: chức vụ viết là “Trưởng ban”" in output
    assert lint_output(str(tmp_path)).count("viet-hoa-chuc-vu") == 1  # a folder given: its own .notice-gen


@pytest.mark.parametrize("how", ["--data-dir", "NOTICE_GEN_DATA"])
def test_a_data_folder_named_on_the_command_line_or_in_the_environment(tmp_path: Path, how: str) -> None:
    folder = office_folder(tmp_path / "du-lieu")  # not beside the input: found only as named
    notice = office_draft(tmp_path)
    if how == "--data-dir":
        output = lint_output("--data-dir", str(folder), str(notice))
    else:
        output = lint_output(str(notice), env={"NOTICE_GEN_DATA": str(folder)})
    assert "don-vi-khong-co-trong-danh-sach" not in output and "viet-hoa-chuc-vu" in output


def test_a_data_folder_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["lint", "--data-dir", str(tmp_path / "khong-co"), str(write(tmp_path, BASE))])
    assert result.exit_code == 2 and "không có thư mục dữ liệu này (--data-dir)" in result.output


def test_the_office_day_swaps_count_for_tasks_and_lint(tmp_path: Path) -> None:
    """The office's day-swaps.toml in its data folder: a day off of the office's own."""
    folder = tmp_path / ".notice-gen"
    assert CliRunner().invoke(main, ["data", "init", str(folder)]).exit_code == 0
    swaps = folder / "day-swaps.toml"
    swaps.write_text(
        swaps.read_text(encoding="utf-8") + '\n[[day_off]]\ndate = 2024-04-26\nname = "Nghỉ của cơ quan"\n',
        encoding="utf-8",
    )
    notice = write(tmp_path, BASE)
    assert "là ngày nghỉ (Nghỉ của cơ quan)" in lint_output(str(notice))
