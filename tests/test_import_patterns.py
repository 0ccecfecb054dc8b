"""notice-gen import on the forms of other agencies (issue 11: "works on notices it has never seen").

The notices below are written for these tests in the general forms NĐ30 and the offices use, not
copied from any one notice: a province's two-line "ỦY BAN NHÂN DÂN / TỈNH …" header, a Lưu line
with the drafter's name or copies in brackets, a signature block in capitals, and a mục whose
numbered points mix a unit's heading ("1. Bộ Công Thương:" over its a), b)) with running text
("2. Bộ Tài chính chủ trì …."). Each is imported, its fields are checked, and it is rendered
again with its words in order.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest

from notice_gen.check import docx_reader
from notice_gen.importer import import_file
from notice_gen.importer.fields import name_case, position_case
from notice_gen.render.pipeline import Pipeline

PROVINCE = """\
ỦY BAN NHÂN DÂN
TỈNH BẮC SƠN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 87/TB-UBND
Bắc Sơn, ngày 09 tháng 10 năm 2025
THÔNG BÁO
Kết luận của Phó Chủ tịch UBND tỉnh Hoàng Minh Đức tại buổi làm việc về công tác chuyển đổi số
Ngày 06/10/2025, tại trụ sở UBND tỉnh, Phó Chủ tịch UBND tỉnh Hoàng Minh Đức chủ trì buổi làm việc về công tác chuyển đổi số. Tham dự có lãnh đạo các Sở, ngành và UBND các huyện.
Sau khi nghe báo cáo và ý kiến của các đại biểu, Phó Chủ tịch UBND tỉnh kết luận như sau:
1. Đánh giá chung
Các cơ quan đã triển khai đồng bộ các nền tảng số; tỷ lệ hồ sơ trực tuyến còn thấp.
2. Nhiệm vụ thời gian tới
a) Sở Khoa học và Công nghệ chủ trì, phối hợp với Văn phòng UBND tỉnh hoàn thành kết nối dữ liệu trước ngày 30/11/2025.
b) UBND các huyện rà soát thủ tục hành chính trực tuyến, báo cáo trong tháng 12 năm 2025.
Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.
Nơi nhận:
- CT, các PCT UBND tỉnh;
- Các Sở: KH&CN, TC;
- UBND các huyện;
- Lưu: VT, KGVX (Hà).
TL. CHỦ TỊCH
KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG
Lê Thị Hà
"""  # noqa: E501 (a paragraph is one line in a text export)

GOVERNMENT = """\
VĂN PHÒNG CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 301/TB-VPCP
Hà Nội, ngày 14 tháng 8 năm 2025
THÔNG BÁO
Kết luận của Phó Thủ tướng Chính phủ Trần Quốc Bảo tại cuộc họp về phát triển hạ tầng sạc xe điện
Ngày 11 tháng 8 năm 2025, tại Trụ sở Chính phủ, Phó Thủ tướng Chính phủ Trần Quốc Bảo chủ trì cuộc họp về phát triển hạ tầng sạc xe điện. Tham dự cuộc họp có lãnh đạo các Bộ: Công Thương, Xây dựng, Tài chính.
Sau khi nghe báo cáo và ý kiến của các đại biểu dự họp, Phó Thủ tướng Chính phủ kết luận như sau:
I. ĐÁNH GIÁ CHUNG
Các Bộ đã chủ động phối hợp; một số quy chuẩn kỹ thuật còn chậm ban hành.
II. NHIỆM VỤ CỤ THỂ
1. Bộ Công Thương:
a) Chủ trì, phối hợp với Bộ Xây dựng xây dựng quy chuẩn trạm sạc, trình trước ngày 30 tháng 9 năm 2025.
b) Hướng dẫn các địa phương quy hoạch mạng lưới trạm sạc.
2. Bộ Tài chính chủ trì nghiên cứu chính sách ưu đãi thuế (hoàn thành trước 15/10/2025).
3. Bộ Xây dựng tổng hợp nhu cầu sử dụng đất cho trạm sạc trong Quý IV/2025.
Văn phòng Chính phủ thông báo để các cơ quan liên quan biết, thực hiện./.
Nơi nhận:
- Thủ tướng, các Phó Thủ tướng Chính phủ;
- Các Bộ: Công Thương, Xây dựng, Tài chính;
- VPCP: BTCN, các PCN, các Vụ: CN, KTTH;
- Lưu: VT, CN (2b).
KT. BỘ TRƯỞNG, CHỦ NHIỆM
PHÓ CHỦ NHIỆM
Phạm Văn Sơn
"""  # noqa: E501

DEPARTMENT = """\
UBND TỈNH NAM SƠN
SỞ XÂY DỰNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 1520/TB-SXD
Nam Sơn, ngày 03 tháng 11 năm 2025
THÔNG BÁO
Kết luận của Giám đốc Sở Xây dựng tại cuộc họp giao ban tháng 10 năm 2025
Chiều ngày 31/10/2025, tại Sở Xây dựng, đồng chí Nguyễn Hữu Tài, Giám đốc Sở chủ trì cuộc họp giao ban tháng 10 năm 2025. Tham dự cuộc họp có các đồng chí Phó Giám đốc Sở, Trưởng các phòng, đơn vị thuộc Sở.
Sau khi nghe Văn phòng Sở báo cáo và ý kiến của các đại biểu dự họp, Giám đốc Sở kết luận như sau:
Thứ nhất, trong tháng 10, các phòng, đơn vị đã hoàn thành cơ bản các nhiệm vụ được giao.
Thứ hai, về nhiệm vụ trọng tâm tháng 11 năm 2025:
- Về quy hoạch:
+ Phòng Quy hoạch - Kiến trúc hoàn thành thẩm định đồ án quy hoạch chung đô thị trước ngày 20/11/2025.
+ Phòng Quản lý nhà và Thị trường bất động sản phối hợp với Thanh tra Sở kiểm tra các dự án nhà ở thương mại.
- Về hạ tầng kỹ thuật: Phòng Hạ tầng kỹ thuật tham mưu văn bản hướng dẫn quản lý chiếu sáng đô thị, trình Giám đốc Sở trước ngày 25/11/2025.
Thứ ba, Văn phòng Sở theo dõi, đôn đốc việc thực hiện, báo cáo Giám đốc Sở định kỳ hằng tháng.
Văn phòng Sở Xây dựng thông báo để các phòng, đơn vị biết, thực hiện./.
Nơi nhận:
- Giám đốc, các PGĐ Sở;
- Các phòng, đơn vị thuộc Sở;
- Lưu: VT, VP.
TL. GIÁM ĐỐC
CHÁNH VĂN PHÒNG
Trần Thị Mai
"""  # noqa: E501


def imported(tmp_path: Path, text: str) -> tuple[dict[str, Any], Path]:
    source = tmp_path / "thong-bao.txt"
    source.write_text(text, encoding="utf-8")
    result = import_file(source)
    yaml_path = tmp_path / "thong-bao.yaml"
    yaml_path.write_text(result.yaml_text(), encoding="utf-8")
    return result.data, yaml_path


def words_in_order(text: str, yaml_path: Path, tmp_path: Path) -> float:
    (docx,) = Pipeline(out_dir=tmp_path / "out", formats=("docx",)).render(yaml_path)
    observed, _ = docx_reader.read(docx)
    got = " ".join(p.text for p in observed.paras).split()
    expected = text.split()
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / len(expected)


def tasks(blocks: list[Any]) -> list[dict[str, Any]]:
    """Every task under ``blocks``, in order."""
    out: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, dict):
            if "task" in block:
                out.append(block)
            for key in ("content", "list"):
                out += tasks(block.get(key, []))
    return out


def test_a_province_header_of_two_lines_is_one_name(tmp_path: Path) -> None:
    data, yaml_path = imported(tmp_path, PROVINCE)
    issuer = data["issuer"]
    assert issuer["name"] == "Ủy ban nhân dân tỉnh Bắc Sơn" and "parent" not in issuer
    assert issuer["short_name"] == "ỦY BAN NHÂN DÂN\nTỈNH BẮC SƠN"  # broken where the header broke it
    assert (data["number"], issuer["abbreviation"], data["place"]) == (87, "UBND", "Bắc Sơn")
    assert data["archive"] == {"units": ["VT", "KGVX (Hà)"]}  # the drafter's name in brackets, as written
    signer = data["signer"]
    assert signer["authority"] == ["TL. Chủ tịch", "KT. Chánh Văn phòng"]
    assert (signer["position"], signer["name"]) == ("Phó Chánh Văn phòng", "Lê Thị Hà")
    science, districts = tasks(data["body"])
    assert science["lead"] == "Sở Khoa học và Công nghệ" and science["deadline"].isoformat() == "2025-11-30"
    assert districts["lead"] == "UBND các huyện" and districts["deadline"] == "tháng 12 năm 2025"
    assert words_in_order(PROVINCE, yaml_path, tmp_path) >= 0.98


def test_a_units_heading_among_numbered_points_is_a_list_item(tmp_path: Path) -> None:
    """ "1. Bộ Công Thương:" over a), b), then "2. Bộ Tài chính chủ trì …." running text: one list
    of three points (not a mục 1 that swallows points 2 and 3), and the points under the unit's
    heading are that unit's tasks."""
    data, yaml_path = imported(tmp_path, GOVERNMENT)
    tasks_section = data["body"][1]
    assert tasks_section["section"] == "NHIỆM VỤ CỤ THỂ"
    (numbered,) = tasks_section["content"]
    assert numbered["style"] == "1."
    heading, points, finance, construction = numbered["list"]
    assert heading == "Bộ Công Thương:"
    assert points["style"] == "a)"
    first, second = points["list"]
    assert first["lead"] == "Bộ Công Thương" and first["support"] == ["Bộ Xây dựng"]
    assert first["deadline"].isoformat() == "2025-09-30"
    assert second["lead"] == "Bộ Công Thương"  # no deadline: a task because its unit is known
    assert finance["task"].startswith("Bộ Tài chính chủ trì") and finance["lead"] == "Bộ Tài chính"
    assert construction["lead"] == "Bộ Xây dựng" and construction["deadline"] == "Quý IV/2025"
    assert data["archive"] == {"units": ["VT", "CN (2b)"]}
    assert data["signer"]["authority"] == ["KT. Bộ trưởng, Chủ nhiệm"]
    assert data["signer"]["position"] == "Phó Chủ nhiệm"
    assert words_in_order(GOVERNMENT, yaml_path, tmp_path) >= 0.98


def test_a_department_under_a_province_with_ordinal_points_and_topics(tmp_path: Path) -> None:
    """A Sở under its UBND tỉnh (the parent line), "Thứ nhất, …" points, "- Về …:" topics: a task
    that names its topic first still gives its unit."""
    data, yaml_path = imported(tmp_path, DEPARTMENT)
    assert data["issuer"]["parent"] == "UBND TỈNH NAM SƠN" and data["issuer"]["name"] == "Sở Xây dựng"
    # "đồng chí <tên>, <chức vụ> chủ trì" (no "đã"): the chair's name and position; the title from the subject
    chair = data["meeting"]["chair"]
    assert chair == {"title": "Giám đốc Sở Xây dựng", "name": "Nguyễn Hữu Tài", "position": "Giám đốc Sở"}
    assert (data["meeting"]["time_of_day"], data["meeting"]["venue"]) == ("chiều", "Sở Xây dựng")
    (points,) = data["body"]
    assert points["style"] == "Thứ nhất"
    assert len([e for e in points["list"] if not isinstance(e, dict) or "list" not in e]) == 3  # thứ nhất … thứ ba
    planning, housing, lighting, office = tasks(data["body"])
    assert (planning["lead"], planning["deadline"].isoformat()) == ("Phòng Quy hoạch - Kiến trúc", "2025-11-20")
    assert housing["support"] == ["Thanh tra Sở"]
    assert lighting["task"].startswith("Về hạ tầng kỹ thuật:") and lighting["lead"] == "Phòng Hạ tầng kỹ thuật"
    assert (office["lead"], office["deadline"]) == ("Văn phòng Sở", "định kỳ hằng tháng")
    assert data["signer"] == {"authority": ["TL. Giám đốc"], "position": "Chánh Văn phòng", "name": "Trần Thị Mai"}
    assert words_in_order(DEPARTMENT, yaml_path, tmp_path) >= 0.98


@pytest.mark.parametrize(
    ("capitals", "name"),
    [
        ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM", "Ủy ban nhân dân tỉnh Quảng Nam"),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "Ủy ban nhân dân thành phố Hồ Chí Minh"),
        ("BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", "Bộ Nông nghiệp và Phát triển nông thôn"),
        ("VĂN PHÒNG UBND TỈNH ĐỒNG THÁP", "Văn phòng UBND tỉnh Đồng Tháp"),
        ("SỞ TÀI CHÍNH", "Sở Tài chính"),
        ("TỔNG CỤC THUẾ", "Tổng cục Thuế"),
        ("Bộ Y tế", "Bộ Y tế"),  # written in a sentence already: kept
    ],
)
def test_names_in_capitals_are_cased_as_nd30_writes_them(capitals: str, name: str) -> None:
    assert name_case(capitals) == name


@pytest.mark.parametrize(
    ("capitals", "position"),
    [
        ("PHÓ CHÁNH VĂN PHÒNG", "Phó Chánh Văn phòng"),
        ("BỘ TRƯỞNG, CHỦ NHIỆM", "Bộ trưởng, Chủ nhiệm"),
        ("PHÓ TỔNG CỤC TRƯỞNG", "Phó Tổng cục trưởng"),
        ("GIÁM ĐỐC SỞ TÀI CHÍNH", "Giám đốc Sở Tài chính"),
        ("CHỦ TỊCH", "Chủ tịch"),
    ],
)
def test_positions_in_capitals_are_cased_as_nd30_writes_them(capitals: str, position: str) -> None:
    assert position_case(capitals) == position
