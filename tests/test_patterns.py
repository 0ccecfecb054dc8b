"""Issue 12: the ways real notices are written, each a field of the input (compose and validation).

The rendered words of the pattern inputs (tests/fixtures/patterns) are read back from the DOCX
and the PDF in tests/test_pattern_outputs.py; here the composer's text and the model's messages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from notice_gen import nd30, templates
from notice_gen.errors import InputError
from notice_gen.notice.document import Document, Footnote, Run
from notice_gen.notice.model import Notice, load_notice
from notice_gen.render.compose import compose, outline
from tests.conftest import MINIMAL, write_yaml

BO = templates.find("bo")
BASE: dict[str, Any] = {
    "issuer": {"name": "Bộ Thông tin và Truyền thông", "abbreviation": "BTTTT"},
    "place": "Hà Nội",
    "meeting": {
        "name": "Hội nghị giao ban",
        "date": "2024-10-07",
        "venue": "trụ sở Bộ",
        "chair": {"title": "Bộ trưởng", "name": "Nguyễn Mạnh Hùng"},
    },
    "body": ["Đoạn."],
    "recipients": ["Bộ trưởng"],
    "signer": {"authority": ["TL. Bộ trưởng"], "position": "Chánh Văn phòng", "name": "Bùi Hoàng Phương"},
}


def make(**changes: Any) -> Document:
    """BASE with ``a__b=value`` set at data["a"]["b"]."""
    data = json.loads(json.dumps(BASE))
    for key, value in changes.items():
        target = data
        *parents, last = key.split("__")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[last] = value
    return compose(Notice.model_validate(data), BO, joins=False)  # the words; tests/test_joins.py: the marks


def problems(tmp_path: Path, text: str) -> list[str]:
    path = write_yaml(tmp_path, "x.yaml", text)
    with pytest.raises(InputError) as caught:
        load_notice(path)
    return [str(p).removeprefix(f"{path}:") for p in caught.value.problems]


# --- opening ------------------------------------------------------------------------------------


def test_the_defaults_write_the_opening_as_before() -> None:
    doc = make()
    assert doc.opening == (
        "Ngày 07/10/2024, tại trụ sở Bộ, Bộ trưởng Nguyễn Mạnh Hùng đã chủ trì Hội nghị giao ban.",
        "Sau khi nghe các ý kiến phát biểu của các đại biểu tham dự Hội nghị, Bộ trưởng Nguyễn Mạnh Hùng "
        "kết luận như sau:",
    )


def test_long_date_and_no_venue() -> None:
    doc = make(opening__date_style="long", meeting__venue=None, meeting__time_of_day="sáng")
    assert doc.opening[0] == "Sáng ngày 07 tháng 10 năm 2024, Bộ trưởng Nguyễn Mạnh Hùng đã chủ trì Hội nghị giao ban."
    january = make(opening__date_style="long", meeting__date="2025-01-05")
    assert january.opening[0].startswith("Ngày 05 tháng 01 năm 2025, tại trụ sở Bộ,")  # R-DATE: 0 before 1 and 2


def test_organized_construction_names_the_organizer_and_the_chair() -> None:
    chair = {"title": "Chủ tịch UBND tỉnh", "name": "Trịnh Xuân Trường", "position": "Chủ tịch UBND tỉnh"}
    doc = make(opening__construction="organized", meeting__chair=chair, meeting__organizer="Ủy ban nhân dân tỉnh")
    assert doc.opening[0] == (
        "Ngày 07/10/2024, tại trụ sở Bộ, Ủy ban nhân dân tỉnh tổ chức Hội nghị giao ban dưới sự chủ trì của "
        "đồng chí Trịnh Xuân Trường, Chủ tịch UBND tỉnh."
    )
    default = make(opening__construction="organized", meeting__form="trực tuyến")
    assert default.opening[0] == (
        "Ngày 07/10/2024, tại trụ sở Bộ, Bộ Thông tin và Truyền thông tổ chức Hội nghị giao ban theo hình thức "
        "trực tuyến dưới sự chủ trì của Bộ trưởng Nguyễn Mạnh Hùng."
    )


def test_authorized_chair() -> None:
    doc = make(meeting__authorized_by="đồng chí Tổng cục trưởng")
    assert doc.opening[0] == (
        "Ngày 07/10/2024, tại trụ sở Bộ, được sự ủy quyền của đồng chí Tổng cục trưởng, Bộ trưởng Nguyễn Mạnh Hùng "
        "đã chủ trì Hội nghị giao ban."
    )


def test_attendees_after_a_colon() -> None:
    attendees = [
        {"name": "Hoàng Quốc Khánh", "position": "Phó Chủ tịch UBND tỉnh"},
        {"title": "Thứ trưởng", "name": "Phan Tâm"},
        "lãnh đạo các sở, ban, ngành",
    ]
    doc = make(opening__attendees_style="colon", meeting__attendees=attendees)
    assert doc.opening[0].endswith(
        " Tham dự Hội nghị có các đồng chí: Hoàng Quốc Khánh, Phó Chủ tịch UBND tỉnh; Phan Tâm, Thứ trưởng; "
        "lãnh đạo các sở, ban, ngành."
    )
    own = make(opening__attendees_style="colon", meeting__attendees=attendees[:1], meeting__attendees_intro="Dự có:")
    assert own.opening[0].endswith(" Dự có: Hoàng Quốc Khánh, Phó Chủ tịch UBND tỉnh.")


def test_lead_in_as_the_last_sentence_with_other_words() -> None:
    doc = make(
        opening__lead_in_placement="last_sentence",
        opening__heard_wording="Trên cơ sở",
        opening__heard="báo cáo của Sở Kế hoạch và Đầu tư",
        opening__concluded_by="đồng chí Chủ tịch UBND tỉnh",
        opening__conclusion="thống nhất",
    )
    assert doc.opening == (
        "Ngày 07/10/2024, tại trụ sở Bộ, Bộ trưởng Nguyễn Mạnh Hùng đã chủ trì Hội nghị giao ban. Trên cơ sở báo cáo "
        "của Sở Kế hoạch và Đầu tư, đồng chí Chủ tịch UBND tỉnh thống nhất như sau:",
    )


# --- body ---------------------------------------------------------------------------------------


def texts(doc: Document) -> list[tuple[str, int, str]]:
    return [(b.kind, b.level, b.text) for b in doc.body]


def test_a_list_item_holds_paragraphs_and_a_sub_list() -> None:
    body = [
        {
            "style": "1.",
            "list": [
                {
                    "item": "Về chỉ đạo.",
                    "content": ["Đoạn hai.", {"list": [{"item": "Về thể chế:", "content": ["X."]}]}],
                },
                "Việc khác.",
            ],
        }
    ]
    assert texts(make(body=body)) == [
        ("item", 1, "1. Về chỉ đạo."),
        ("paragraph", 0, "Đoạn hai."),
        ("item", 2, "- Về thể chế:"),
        ("paragraph", 0, "X."),
        ("item", 1, "2. Việc khác."),
    ]


def test_nested_decimal_numbers_follow_the_item_or_section_that_holds_them() -> None:
    in_item = [
        {"style": "1.", "list": ["Một.", {"item": "Giao Vụ X:", "content": [{"style": "1.1.", "list": ["a", "b"]}]}]}
    ]
    assert [b.label for b in make(body=in_item).body] == ["1.", "2.", "2.1.", "2.2."]
    sub_list = [{"style": "1.", "list": ["Một.", {"style": "1.1.", "list": ["a", {"style": "1.1.", "list": ["c"]}]}]}]
    assert [b.label for b in make(body=sub_list).body] == ["1.", "1.1.", "1.1.1."]
    in_section = [{"section": "Hai", "content": [{"section": "Con", "content": [{"style": "1.1.", "list": ["a"]}]}]}]
    assert [b.label for b in make(body=in_section).body] == ["I.", "1.", "1.1."]


def test_a_section_in_a_style_of_its_own() -> None:
    body = [
        {"section": "Một", "content": [{"section": "Con", "style": "Thứ nhất", "content": ["x"]}]},
        {"section": "Hai", "style": "a)", "content": ["y"]},
        {"section": "Ba", "content": [{"section": "Cháu", "style": "1.1.", "content": ["z"]}]},
    ]
    assert [b.text for b in make(body=body, numbering="1.1.1.").body if b.kind == "heading"] == [
        "1. MỘT",
        "Thứ nhất, Con",
        "b) HAI",  # the level's count goes on; the label is never upper-cased
        "3. BA",
        "3.1. Cháu",
    ]


def test_heading_case_from_the_section_the_notice_or_the_template() -> None:
    body = [
        {"section": "Về tình hình quý I/2019:", "content": ["x"]},
        {"section": "Hai", "case": "upper", "content": ["y"]},
    ]
    doc = make(body=body, heading_case="as_written")
    assert [b.text for b in doc.body if b.kind == "heading"] == ["I. Về tình hình quý I/2019:", "II. HAI"]
    wording = BO.manifest.wording.model_copy(update={"heading_case": "as_written"})
    template = templates.Template(BO.name, BO.folder, BO.manifest.model_copy(update={"wording": wording}))
    data = json.loads(json.dumps(BASE)) | {"body": body[:1]}
    assert compose(Notice.model_validate(data), template, joins=False).body[0].text == "I. Về tình hình quý I/2019:"
    deep = [{"section": "Một", "content": [{"section": "con", "case": "upper", "content": ["x"]}]}]
    assert [b.text for b in make(body=deep).body if b.kind == "heading"] == ["I. MỘT", "1. CON"]


# --- header, draft, signer, recipients ----------------------------------------------------------


def test_a_line_break_in_the_header_names_is_kept() -> None:
    doc = make(issuer__short_name="Tổng cục\nThống kê", issuer__parent="Bộ Kế hoạch\nvà Đầu tư")
    assert (doc.header.issuer, doc.header.parent) == ("TỔNG CỤC\nTHỐNG KÊ", "BỘ KẾ HOẠCH\nVÀ ĐẦU TƯ")
    one_line = make(issuer__short_name="Tổng cục Thống kê")
    assert doc.header.issuer_rule_pt < one_line.header.issuer_rule_pt  # the rule follows the longest line (R-CQ)


def test_a_draft_date_with_its_month_known() -> None:
    doc = make(year=2026, month=6)
    assert doc.header.date_line == f"Hà Nội, ngày{nd30.BLANK}tháng 6 năm 2026"
    assert make(month=2).header.date_line == f"Hà Nội, ngày{nd30.BLANK}tháng 02 năm 2024"


def test_a_draft_signer_without_a_name_prints_an_empty_name() -> None:
    assert make(signer__name=None).signature.name == ""


def test_recipient_groups_list_their_members() -> None:
    recipients = ["Bộ trưởng", {"name": "Các Vụ, đơn vị thuộc Bộ:", "members": ["Vụ A", "Vụ B;"]}]
    assert make(recipients=recipients).recipients == (
        "- Bộ trưởng;",
        "- Các Vụ, đơn vị thuộc Bộ:",
        "+ Vụ A;",
        "+ Vụ B;",
        "- Lưu: VT.",
    )


# --- footnotes ----------------------------------------------------------------------------------


def test_footnotes_are_numbered_in_print_order_and_cut_the_text_into_runs() -> None:
    body = [
        {"section": "Kết quả[^b]", "content": ["Đạt 45,2 %[^a] kế hoạch."]},
        {"list": [{"task": "Báo cáo[^c]", "deadline": "2024-12-31"}]},
    ]
    doc = make(body=body, footnotes={"a": "Số liệu đến 30/9.", "b": "Theo báo cáo quý.", "c": "Bằng văn bản."})
    one, two, three = Footnote(1, "Theo báo cáo quý."), Footnote(2, "Số liệu đến 30/9."), Footnote(3, "Bằng văn bản.")
    assert doc.footnotes == (one, two, three)
    heading, paragraph, task = doc.body
    assert heading.text == "I. KẾT QUẢ" and heading.runs == (Run("I. KẾT QUẢ", one),)
    assert paragraph.text == "Đạt 45,2 % kế hoạch."
    assert paragraph.runs == (Run("Đạt 45,2 %", two), Run(" kế hoạch."))
    assert task.runs == (Run("- Báo cáo", three), Run(". Thời hạn hoàn thành: 31/12/2024."))


def test_a_block_without_footnotes_is_one_run() -> None:
    (block,) = make().body
    assert block.runs == (Run("Đoạn."),) and make().footnotes == ()


def test_the_task_export_prints_no_footnote_call() -> None:
    data = json.loads(json.dumps(BASE)) | {"body": [{"task": "Báo cáo[^a] ngay"}], "footnotes": {"a": "X."}}
    ((block, source),) = list(outline(Notice.model_validate(data)))
    assert block.text == "Báo cáo ngay" and source.task == "Báo cáo[^a] ngay"


# --- validation ---------------------------------------------------------------------------------


def test_footnote_mistakes_are_reported_where_they_are(tmp_path: Path) -> None:
    text = MINIMAL.replace("- Đoạn văn thứ nhất.", "- Đoạn[^a] một[^b] và[^a].").replace(
        "recipients:", "footnotes: {a: Một., c: Ba.}\n    recipients:"
    ).replace("venue: trụ sở Bộ", "venue: trụ sở Bộ[^a]")
    assert problems(tmp_path, text) == [
        "8:10: meeting.venue: chỉ đặt chú thích [^…] trong chữ của body (đoạn văn, mục, nhiệm vụ, tiêu đề)",
        "13:9: body[0].content[0]: chú thích [^b] chưa được viết trong footnotes ([^a], [^c]); thêm “b: <nội dung>”",
        "13:9: body[0].content[0]: chú thích [^a] đã được gọi ở body[0].content[0]; mỗi chú thích gọi một lần",
        "14:25: footnotes.c: chú thích “c” không được gọi: thêm [^c] vào chữ của body",
    ]


def test_a_footnote_name_may_be_a_number(tmp_path: Path) -> None:
    text = MINIMAL.replace("- Đoạn văn thứ nhất.", "- Đoạn[^1].").replace(
        "recipients:", "footnotes: {1: Một.}\n    recipients:"
    )
    notice = load_notice(write_yaml(tmp_path, "x.yaml", text))
    assert compose(notice, BO).footnotes == (Footnote(1, "Một."),)


def test_nested_decimal_style_needs_a_number_in_digits_above_it(tmp_path: Path) -> None:
    text = MINIMAL.replace("- Đoạn văn thứ nhất.", "- {style: '1.1.', list: [a]}")
    assert problems(tmp_path, text) == [
        "13:17: body[0].content[0].style: kiểu “1.1.” nối tiếp số của mục chứa nó, nên phải nằm trong một mục "
        "đánh số bằng chữ số (danh sách “1.” hoặc “1.1.”, hay mục số “1.”) (R-SEC)"
    ]


def test_month_is_for_a_draft_only(tmp_path: Path) -> None:
    assert problems(tmp_path, MINIMAL + "    month: 6\n") == [
        "16:8: month: đã có issue_date nên không dùng month (month chỉ dành cho dự thảo); hãy bỏ month"
    ]
    assert problems(tmp_path, MINIMAL.replace("issue_date: 2022-01-05", "month: 13")) == [
        "4:8: month: phải nhỏ hơn hoặc bằng 12"
    ]


def test_an_item_needs_content(tmp_path: Path) -> None:
    text = MINIMAL.replace("- Đoạn văn thứ nhất.", "- list: [{item: Một}]")
    assert problems(tmp_path, text) == ["13:16: body[0].content[0].list[0].content: thiếu trường bắt buộc này"]


def test_a_field_the_chosen_opening_does_not_print_is_an_error(tmp_path: Path) -> None:
    text = MINIMAL.replace("      venue: trụ sở Bộ", "      venue: trụ sở Bộ\n      organizer: Ủy ban nhân dân tỉnh")
    assert problems(tmp_path, text) == [
        "9:14: meeting.organizer: organizer chỉ được in khi opening.construction là organized; hãy thêm dòng đó "
        "hoặc bỏ organizer"
    ]
    text = MINIMAL.replace(
        "      venue: trụ sở Bộ", "      venue: trụ sở Bộ\n      authorized_by: đồng chí Bộ trưởng"
    ) + "    opening: {construction: organized}\n"
    assert problems(tmp_path, text) == [
        "9:18: meeting.authorized_by: authorized_by chỉ được in khi opening.construction là chaired (“được sự ủy "
        "quyền của …, … đã chủ trì …”); hãy bỏ một trong hai"
    ]
