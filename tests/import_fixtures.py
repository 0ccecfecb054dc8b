"""A notice typed by hand in Word, as offices type them: built with python-docx for the import tests."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt


def _cell_lines(cell, lines: list[tuple[str, bool]]) -> None:  # type: ignore[no-untyped-def]
    cell.paragraphs[0].text = ""
    for k, (text, bold) in enumerate(lines):
        para = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = para.add_run(text)
        run.bold = bold


def hand_typed(path: Path) -> Path:
    """Header as a two-column table, numbering typed by hand, Nơi nhận with Shift+Enter line breaks."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    header = doc.add_table(rows=1, cols=2)
    _cell_lines(
        header.rows[0].cells[0],
        [("ỦY BAN NHÂN DÂN", False), ("TỈNH HÀ GIANG", False), ("SỞ NỘI VỤ", True), ("Số: 27/TB-SNV", False)],
    )
    _cell_lines(
        header.rows[0].cells[1],
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
            ("Độc lập - Tự do - Hạnh phúc", True),
            ("Hà Giang, ngày 14 tháng 3 năm 2025", False),
        ],
    )

    def centred(text: str) -> None:
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.add_run(text).bold = True

    def body(text: str, *, bold: bool = False) -> None:
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        para.add_run(text).bold = bold

    centred("THÔNG BÁO")
    centred("Kết luận của Giám đốc Sở Nội vụ Trần Văn Khánh tại cuộc họp giao ban tháng 3 năm 2025")
    body(
        "Ngày 12/3/2025, tại trụ sở Sở Nội vụ, Giám đốc Sở Trần Văn Khánh chủ trì cuộc họp giao ban tháng 3; "
        "dự họp có các Phó Giám đốc Sở và trưởng các phòng, đơn vị thuộc Sở."
    )
    body("Sau khi nghe báo cáo của Văn phòng Sở và ý kiến của các đại biểu, Giám đốc Sở kết luận như sau:")
    body("I. ĐÁNH GIÁ CHUNG", bold=True)
    body("Tháng 3 năm 2025, các phòng, đơn vị đã hoàn thành cơ bản các nhiệm vụ được giao.")
    body("II. NHIỆM VỤ THỜI GIAN TỚI", bold=True)
    body("1. Công tác tổ chức bộ máy", bold=True)
    body(
        "Phòng Tổ chức, biên chế chủ trì, phối hợp với Văn phòng Sở rà soát chức năng, nhiệm vụ của các phòng. "
        "Thời hạn hoàn thành: 30/4/2025."
    )
    body("2. Công tác cải cách hành chính", bold=True)
    body("- Thanh tra Sở kiểm tra việc giải quyết thủ tục hành chính trước ngày 20 tháng 5 năm 2025.")
    body("- Văn phòng Sở tổng hợp, báo cáo kết quả cải cách hành chính định kỳ hằng quý.")
    body("Sở Nội vụ thông báo để các phòng, đơn vị biết, thực hiện./.")
    sign = doc.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    left.paragraphs[0].text = ""
    label = left.paragraphs[0].add_run("Nơi nhận:")
    label.bold = label.italic = True
    label.add_break()
    lines = [
        "- Giám đốc Sở (để b/c);",
        "- Các phòng thuộc Sở:",
        "+ Phòng Tổ chức, biên chế;",
        "+ Văn phòng Sở;",
        "- Lưu: VT, VP.",
    ]
    for k, line in enumerate(lines):
        run = left.paragraphs[0].add_run(line)
        if k < len(lines) - 1:
            run.add_break()  # Shift+Enter
    _cell_lines(right, [("KT. GIÁM ĐỐC", True), ("PHÓ GIÁM ĐỐC", True), ("", False), ("Lê Thị Mai", True)])
    doc.save(str(path))
    return path
