"""The composer: numbering, markers, generated sentences and the Nơi nhận and signer lines."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from notice_gen import templates
from notice_gen.cli import main
from notice_gen.errors import InputError
from notice_gen.notice.document import Document
from notice_gen.notice.model import Notice, load_notice
from notice_gen.render.compose import compose
from tests.conftest import MINIMAL, output_names, write_yaml

BO = templates.find("bo")
BASE = {
    "issuer": {"name": "Bộ Thông tin và Truyền thông", "abbreviation": "BTTTT"},
    "place": "Hà Nội",
    "meeting": {
        "name": "Hội nghị giao ban",
        "date": "2022-01-05",
        "venue": "trụ sở Bộ",
        "chair": {"title": "Bộ trưởng", "name": "Nguyễn Mạnh Hùng"},
    },
    "body": ["Đoạn."],
    "recipients": ["Bộ trưởng"],
    "signer": {"authority": ["TL. Bộ trưởng"], "position": "Chánh Văn phòng", "name": "Bùi Hoàng Phương"},
}


def make(**changes: object) -> Document:
    data = json.loads(json.dumps(BASE))
    for key, value in changes.items():
        target = data
        *parents, last = key.split("__")
        for parent in parents:
            target = target[parent]
        target[last] = value
    return compose(Notice.model_validate(data), BO, joins=False)  # the words; tests/test_joins.py: the marks


def headings(doc: Document) -> list[str]:
    return [b.text for b in doc.body if b.kind == "heading"]


def section(title: str | None, *content: object, **extra: object) -> dict:
    return {"section": title, "content": list(content) or ["x"], **extra}


def test_scheme_a_i_1_a_numbers_each_level_and_upper_cases_the_top() -> None:
    body = [
        section("Nhận thức chung"),
        section("Nhiệm vụ", section("Viễn thông", section("Văn phòng", section("Điểm một"), section("Điểm hai")))),
    ]
    assert headings(make(numbering="A.I.1.a)", body=body)) == [
        "A. NHẬN THỨC CHUNG",
        "B. NHIỆM VỤ",
        "I. Viễn thông",
        "1. Văn phòng",
        "a) Điểm một",
        "b) Điểm hai",
    ]


def test_decimal_scheme_nests_without_limit() -> None:
    body = [section("Một", section("Hai", section("Ba", section("Bốn")))), section("Năm")]
    assert headings(make(numbering="1.1.1.", body=body)) == [
        "1. MỘT",
        "1.1. Hai",
        "1.1.1. Ba",
        "1.1.1.1. Bốn",
        "2. NĂM",
    ]


def test_inserting_a_section_renumbers_everything_after_it() -> None:
    before = [section("Một"), section("Hai", section("Con")), section("Ba")]
    after = [section("Một"), section("Mới"), section("Hai", section("Con")), section("Ba")]
    assert headings(make(body=before)) == ["I. MỘT", "II. HAI", "1. Con", "III. BA"]
    assert headings(make(body=after)) == ["I. MỘT", "II. MỚI", "III. HAI", "1. Con", "IV. BA"]


def test_untitled_sections_group_without_breaking_the_count() -> None:
    body = [section("Một"), section(None, section("Hai"), section("Ba")), section("Bốn")]
    assert headings(make(body=body)) == ["I. MỘT", "II. HAI", "III. BA", "IV. BỐN"]


def test_an_unnumbered_section_is_a_level_whose_children_start_at_one() -> None:
    body = [section("Một"), section("Không số", section("Con 1"), section("Con 2"), numbered=False), section("Hai")]
    assert headings(make(body=body)) == ["I. MỘT", "KHÔNG SỐ", "1. Con 1", "2. Con 2", "II. HAI"]


def test_untitled_sections_do_not_count_towards_the_depth_limit(tmp_path: Path) -> None:
    deep = section(None, section("Một", section(None, section("Hai", section("Ba")))))
    doc = make(body=[deep])
    assert headings(doc) == ["I. MỘT", "1. Hai", "a) Ba"]


@pytest.mark.parametrize(
    ("style", "markers"),
    [
        ("-", ["-", "-", "-"]),
        ("+", ["+", "+", "+"]),
        ("1.", ["1.", "2.", "3."]),
        ("1)", ["1)", "2)", "3)"]),
        ("a)", ["a)", "b)", "c)"]),
        ("(1)", ["(1)", "(2)", "(3)"]),
        ("(a)", ["(a)", "(b)", "(c)"]),
        ("(i)", ["(i)", "(ii)", "(iii)"]),
        ("i.", ["i.", "ii.", "iii."]),
        ("I.", ["I.", "II.", "III."]),
        ("Thứ nhất", ["Thứ nhất,", "Thứ hai,", "Thứ ba,"]),
    ],
)
def test_list_markers(style: str, markers: list[str]) -> None:
    doc = make(body=[{"list": ["một", "hai", "ba"], "style": style}])
    assert [b.text for b in doc.body] == [f"{m} {w}" for m, w in zip(markers, ["một", "hai", "ba"], strict=True)]


def test_a_nested_list_does_not_take_a_number_of_its_parent() -> None:
    doc = make(body=[{"list": ["một", {"list": ["con"], "style": "-"}, "hai"], "style": "1."}])
    assert [(b.level, b.text) for b in doc.body] == [(1, "1. một"), (2, "- con"), (1, "2. hai")]


def test_task_deadlines() -> None:
    body = [
        {"task": "Làm việc A", "deadline": "2022-04-30"},
        {"task": "Làm việc B.", "deadline": "Quý III/2022"},
        {"task": "Làm việc C.", "deadline": "05/01/2023", "deadline_label": "Thời hạn"},
        {"task": "Làm việc D, thời hạn: 30/6/2022", "deadline": "30/6/2022", "deadline_in_text": True},
    ]
    assert [b.text for b in make(body=body).body] == [
        "Làm việc A. Thời hạn hoàn thành: 30/4/2022.",
        "Làm việc B. Thời hạn hoàn thành: Quý III/2022.",
        "Làm việc C. Thời hạn: 05/01/2023.",
        "Làm việc D, thời hạn: 30/6/2022",
    ]


def test_opening_lead_in_and_closing_are_generated_from_the_meeting() -> None:
    doc = make(
        meeting__time_of_day="sáng",
        meeting__form="trực tuyến",
        meeting__connection_points=12,
        meeting__counterpart="với các Sở TTTT",
        meeting__attendees=[{"title": "Thứ trưởng", "name": "Phan Tâm"}, "Lãnh đạo các đơn vị"],
    )
    assert doc.opening == (
        "Sáng ngày 05/01/2022, tại trụ sở Bộ, Bộ trưởng Nguyễn Mạnh Hùng đã chủ trì Hội nghị giao ban theo "
        "hình thức trực tuyến tại 12 điểm cầu với các Sở TTTT. Tham dự Hội nghị có đồng chí Thứ trưởng Phan Tâm, "
        "Lãnh đạo các đơn vị.",
        "Sau khi nghe các ý kiến phát biểu của các đại biểu tham dự Hội nghị, Bộ trưởng Nguyễn Mạnh Hùng kết luận "
        "như sau:",
    )
    assert doc.closing == (
        "Bộ Thông tin và Truyền thông thông báo kết luận của Bộ trưởng Nguyễn Mạnh Hùng tại Hội nghị giao ban để "
        "các cơ quan, đơn vị liên quan biết và thực hiện./."
    )
    assert doc.subject_lines == ("Kết luận của Bộ trưởng Nguyễn Mạnh Hùng tại Hội nghị giao ban",)


def test_connection_points_print_without_a_form() -> None:
    assert "tại 5 điểm cầu." in make(meeting__connection_points=5).opening[0]


def test_a_meeting_kind_comes_from_its_name() -> None:
    doc = make(meeting__name="Cuộc họp về chuyển đổi số", meeting__guests=["đại diện Bộ Y tế"])
    assert doc.opening[1] == "Cuộc họp còn có sự tham dự của đại diện Bộ Y tế."
    assert "tham dự Cuộc họp," in doc.opening[2]


def test_a_chair_with_a_position_is_named_with_it() -> None:
    doc = make(meeting__chair={"title": "Bộ trưởng", "name": "Nguyễn Mạnh Hùng", "position": "Bộ trưởng Bộ TTTT"})
    assert "tại trụ sở Bộ, đồng chí Nguyễn Mạnh Hùng, Bộ trưởng Bộ TTTT đã chủ trì" in doc.opening[0]


def test_persons_with_roles_are_groups_separated_by_semicolons() -> None:
    doc = make(
        meeting__attendees=[
            {"title": "Thứ trưởng", "name": "Phan Tâm"},
            {"title": "Thứ trưởng", "name": "Phạm Đức Long"},
            {"name": "Lê Quốc Minh", "roles": ["Ủy viên Trung ương Đảng"], "position": "Tổng biên tập Báo Nhân dân"},
            "các đồng chí Trưởng đơn vị",
        ]
    )
    assert doc.opening[0].endswith(
        "Tham dự Hội nghị có các đồng chí Thứ trưởng Phan Tâm, Thứ trưởng Phạm Đức Long; đồng chí Lê Quốc Minh, "
        "Ủy viên Trung ương Đảng, Tổng biên tập Báo Nhân dân; các đồng chí Trưởng đơn vị."
    )


def test_overrides_replace_generated_sentences() -> None:
    doc = make(
        opening={"paragraphs": ["Mở đầu riêng."], "lead_in": "Bộ trưởng chỉ đạo:"},
        closing={"text": "Văn phòng Bộ thông báo để biết."},
        subject="V/v triển khai\nnhiệm vụ",
    )
    assert doc.opening == ("Mở đầu riêng.", "Bộ trưởng chỉ đạo:")
    assert doc.closing == "Văn phòng Bộ thông báo để biết./."  # "./." is added (spec, Writing)
    assert doc.subject_lines == ("V/v triển khai", "nhiệm vụ")


def test_number_date_and_symbol() -> None:
    doc = make(number=5, issue_date="2022-01-05", symbol="tb-vp")
    assert doc.header.number_line == "Số: 05/TB-VP"  # R-SO: ký hiệu in upper case
    assert doc.header.date_line == "Hà Nội, ngày 05 tháng 01 năm 2022"
    assert make().header.date_line.endswith("năm 2022")  # a draft takes the meeting's year


def test_issuer_with_parent_is_upper_case() -> None:
    doc = make(
        issuer={
            "name": "Sở Thông tin và Truyền thông",
            "abbreviation": "STTTT",
            "parent": "Ủy ban nhân dân tỉnh Lào Cai",
        }
    )
    assert (doc.header.parent, doc.header.issuer) == ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG")
    assert doc.header.number_line.endswith("/TB-STTTT")


def test_recipients_archive_and_drafter_lines() -> None:
    doc = make(
        recipients=[{"name": "Bộ trưởng", "note": "để b/c"}, "Các Vụ ,", "Cục Viễn thông;", "Viện, ;"],
        archive={"units": ["VT", "VP"], "copies": 2},
        drafter={"initials": "pl", "copies": 300},
    )
    assert doc.recipients == (
        "- Bộ trưởng (để b/c);",
        "- Các Vụ;",
        "- Cục Viễn thông;",
        "- Viện;",
        "- Lưu: VT, VP (2). PL.(300).",
    )
    assert make(drafter={"initials": "PL"}).recipients[-1] == "- Lưu: VT. PL."


@pytest.mark.parametrize(
    ("authority", "position", "expected"),
    [
        (
            ["TL. Bộ trưởng", "KT. Chánh Văn phòng"],
            "Phó Chánh Văn phòng",
            ("TL. BỘ TRƯỞNG", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"),
        ),
        (["kt. Bộ trưởng, Chủ nhiệm"], "Phó Chủ nhiệm", ("KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM")),
        (["TM. Ủy ban nhân dân"], "Chủ tịch", ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
        ([], "Chánh Văn phòng", ("CHÁNH VĂN PHÒNG",)),
    ],
)
def test_signer_forms(authority: list[str], position: str, expected: tuple[str, ...]) -> None:
    doc = make(signer={"authority": authority, "position": position, "name": "Nguyễn Văn A"})
    assert doc.signature.authority == expected  # R-AUTH, R-POS


def test_allowed_values_are_listed_in_vietnamese(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "style.yaml", MINIMAL.replace("- Đoạn văn thứ nhất.", "- {list: [a], style: '*'}"))
    with pytest.raises(InputError) as caught:
        load_notice(path)
    (problem,) = caught.value.problems
    assert "hoặc 'Thứ nhất'" in problem.message and " or " not in problem.message


def test_a_bare_number_is_not_a_deadline(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "n.yaml", MINIMAL.replace("- Đoạn văn thứ nhất.", "- {task: Làm, deadline: 2024}"))
    with pytest.raises(InputError) as caught:
        load_notice(path)
    (problem,) = caught.value.problems
    assert problem.field == "body[0].content[0].deadline"
    assert problem.message.startswith("“2024” không phải thời hạn")


def test_schema_accepts_both_date_forms() -> None:
    schema = Notice.model_json_schema()
    pattern = schema["$defs"]["Meeting"]["properties"]["date"]["pattern"]
    assert "format" not in schema["$defs"]["Meeting"]["properties"]["date"]
    assert re.match(pattern, "2022-04-30") and re.match(pattern, "30/4/2022") and not re.match(pattern, "30.4.2022")


def test_same_output_name_in_a_batch_is_refused(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / "in" / folder).mkdir(parents=True)
        write_yaml(tmp_path / "in" / folder, "thong-bao.yaml", MINIMAL)
    result = CliRunner().invoke(main, ["render", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-f", "docx"])
    assert result.exit_code == 2
    assert "tên tệp ra trùng với tệp" in result.output
    assert output_names(tmp_path / "out") == ["thong-bao.docx"]
