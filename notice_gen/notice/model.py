"""The input format: what a drafter may write, and nothing else.

Unknown keys are errors, so a typo is never ignored in silence. Dates accept
ISO (2022-04-30) and the Vietnamese day/month/year (30/4/2022), and must be
real dates. The field descriptions are in Vietnamese because they become the
JSON Schema an editor shows while the drafter types.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    WithJsonSchema,
    field_validator,
)

from .. import nd30
from ..errors import InputError, Problem
from ..render import fonts
from .load import PathKey, Source, field_path

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _printable(value: str) -> str:
    """Control characters (pasted from other programs) are invisible and break DOCX XML;
    a character the serif face lacks would print as a box or in another face (R-FONT)."""
    if match := _CONTROL.search(value.replace("\n", " ")):
        raise ValueError(
            f"có ký tự điều khiển không in được (mã U+{ord(match.group()):04X}) ở vị trí "
            f"{match.start() + 1}; hãy xóa nó"
        )
    if missing := fonts.missing_characters(value):
        shown = ", ".join(f"“{c}” (U+{ord(c):04X})" for c in missing)
        raise ValueError(f"phông {fonts.serif().family} không có ký tự {shown} (R-FONT); hãy bỏ hoặc thay chúng")
    return value


_SPACES = re.compile(r"[ \t\r\n]+")


def _one_line(value: Any) -> Any:
    """Line breaks and runs of spaces in YAML text are layout, not content: one space each,
    so that the DOCX (where a newline would be a line break) and the PDF print the same.
    No-break spaces are kept: a drafter types them on purpose."""
    return _SPACES.sub(" ", value).strip() if isinstance(value, str) else value


def _lines(value: Any) -> Any:
    """As _one_line, but a line break typed in the text is kept (the trích yếu)."""
    if not isinstance(value, str):
        return value
    return "\n".join(line for line in (_one_line(part) for part in value.split("\n")) if line)


Text = Annotated[str, BeforeValidator(_one_line), Field(min_length=1), AfterValidator(_printable)]
MultiLine = Annotated[str, BeforeValidator(_lines), Field(min_length=1), AfterValidator(_printable)]
TemplateName = Annotated[
    str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", description="Tên một mẫu (chữ thường, số, - và _).")
]
Count = Annotated[int, Field(strict=True, gt=0)]

# Dates a notice can carry: from the state's founding to the end of the century. Beyond, the date is a
# typo (9999-12-31, 21/4/2202), and working-day arithmetic and DOCX/ZIP timestamps would break on it.
MIN_YEAR, MAX_YEAR = 1945, 2099
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _parse_date(value: Any) -> Any:
    """Accept 2022-04-30 and 30/4/2022; a date that does not exist is an error."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError("cần một ngày dạng YYYY-MM-DD hoặc ngày/tháng/năm")
    text = value.strip()
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _VN.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise ValueError(
            f"“{value}” không phải một ngày: cần dạng YYYY-MM-DD (2022-04-30) hoặc ngày/tháng/năm (30/4/2022)"
        )
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"năm {year} của ngày “{value}” nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}; hãy kiểm tra lại")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"ngày “{value}” không có thật trong lịch") from None


def _parse_deadline(value: Any) -> Any:
    """A deadline that looks like a date must be one; any other text is kept as written."""
    if isinstance(value, str) and (_ISO.match(value.strip()) or _VN.match(value.strip())):
        return _parse_date(value)
    if not isinstance(value, str | dt.date):
        raise ValueError(f"“{value}” không phải thời hạn: cần một ngày (30/4/2022) hoặc chữ (“Quý III/2022”)")
    if isinstance(value, str):
        value = _printable(_one_line(value))
        if not value:
            raise ValueError("không được để trống")
    return value


# The schema says what a drafter may type (both date forms), not the ISO-only "format: date".
_DATE_SCHEMA = {"type": "string", "pattern": r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})$"}
Date = Annotated[dt.date, BeforeValidator(_parse_date), WithJsonSchema(_DATE_SCHEMA)]
Deadline = Annotated[dt.date | str, BeforeValidator(_parse_deadline), WithJsonSchema({"type": "string"})]


FootnoteKey = Annotated[
    str,
    Field(pattern=r"^[\w-]+$", description="Tên chú thích: chữ, số, “-” hoặc “_”, như trong [^tên]."),
]
# A footnote call inside body text: "đạt 45,2%[^1] kế hoạch". Compose numbers the calls in print order.
FOOTNOTE_CALL = re.compile(r"\[\^([\w-]+)\]")


def _by_key(*keys: str) -> Any:
    """Discriminate a union by the shape of the value: text, or a mapping with one of ``keys``."""

    def pick(value: Any) -> str | None:
        if isinstance(value, str):
            return "#text"
        # A dict when validating; a model instance when serialising.
        present = value if isinstance(value, dict) else getattr(type(value), "model_fields", {})
        return next((f"#{key}" for key in keys if key in present), None)

    return Discriminator(
        pick,
        custom_error_type="block_kind",
        custom_error_message="không rõ loại",
    )


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Issuer(Strict):
    """Cơ quan ban hành (ô 2)."""

    name: Text = Field(
        description="Tên cơ quan ban hành, viết thường như trong câu: "
        "“Bộ Thông tin và Truyền thông”. In hoa ở phần đầu văn bản."
    )
    abbreviation: Text = Field(description="Chữ viết tắt tên cơ quan, tạo ký hiệu TB-…: “BTTTT”.")
    short_name: MultiLine | None = Field(
        None,
        description="Tên in ở phần đầu văn bản khi ngắn hơn tên trong câu, thường khi có cơ quan chủ quản: "
        "“Văn phòng” (in “VĂN PHÒNG” dưới “UBND TỈNH LÀO CAI”). Xuống dòng bằng \\n đúng chỗ cơ quan ngắt dòng.",
    )
    parent: MultiLine | None = Field(
        None,
        description="Cơ quan chủ quản trực tiếp (nếu có), in ở dòng trên: “Ủy ban nhân dân tỉnh Lào Cai”. "
        "Xuống dòng bằng \\n.",
    )


class Person(Strict):
    """Một người dự họp."""

    title: Text | None = Field(None, description="Chức danh đứng trước tên: “Thứ trưởng”.")
    name: Text = Field(description="Họ và tên.")
    roles: list[Text] = Field([], description="Chức vụ Đảng, đoàn thể…: “Ủy viên Ban Chấp hành Trung ương Đảng”.")
    position: Text | None = Field(None, description="Chức vụ đầy đủ, in sau các chức vụ khác: “Bộ trưởng Bộ TTTT”.")


class Chair(Person):
    """Người chủ trì cuộc họp, cũng là người kết luận."""

    title: Text = Field(description="Chức danh: “Bộ trưởng”, “Phó Thủ tướng”.")


Attendee = Annotated[
    Annotated[Person, Tag("#name")] | Annotated[Text, Tag("#text")],
    _by_key("name"),
]


class Meeting(Strict):
    """Cuộc họp được thông báo kết luận."""

    name: Text = Field(description="Tên cuộc họp như in trong câu: “Hội nghị sơ kết công tác …”.")
    kind: Text | None = Field(
        None, description="Loại cuộc họp dùng trong câu mở đầu (“Hội nghị”). Mặc định lấy từ đầu tên cuộc họp."
    )
    date: Date = Field(description="Ngày họp.")
    time_of_day: Literal["sáng", "chiều", "tối"] | None = Field(None, description="Buổi họp.")
    venue: Text | None = Field(
        None,
        description="Địa điểm, sau chữ “tại”: “trụ sở Bộ Thông tin và Truyền thông (TTTT)”. "
        "Bỏ trống khi thông báo không nêu nơi họp.",
    )
    form: Literal["trực tiếp", "trực tuyến", "trực tiếp kết hợp trực tuyến"] | None = Field(
        None, description="Hình thức họp."
    )
    form_wording: Text = Field(
        "theo hình thức", description="Cách nói trước hình thức họp: “theo hình thức” hoặc “bằng hình thức”."
    )
    connection_points: Count | None = Field(None, description="Số điểm cầu trực tuyến.")
    counterpart: Text | None = Field(None, description="Đối tượng họp cùng: “với các Sở TTTT”.")
    chair: Chair
    organizer: Text | None = Field(
        None,
        description="Cơ quan tổ chức cuộc họp, khi opening.construction là organized: "
        "“Ủy ban nhân dân tỉnh”. Mặc định: tên cơ quan ban hành.",
    )
    authorized_by: Text | None = Field(
        None,
        description="Người ủy quyền cho người chủ trì: “đồng chí Tổng cục trưởng” "
        "(in “Được sự ủy quyền của đồng chí Tổng cục trưởng, …”).",
    )
    attendees_intro: Text | None = Field(
        None, description="Lời dẫn danh sách người dự. Mặc định “Tham dự <Hội nghị> có”."
    )
    attendees: list[Attendee] = Field([], description="Người dự: người (title, name) hoặc nhóm (chuỗi).")
    guests: list[Attendee] = Field([], description="Khách mời: in thành câu “… còn có sự tham dự của …”.")


class Opening(Strict):
    """Phần mở đầu. Mặc định được tạo từ thông tin cuộc họp."""

    paragraphs: list[Text] | None = Field(None, description="Thay toàn bộ các đoạn mở đầu (trừ câu dẫn).")
    date_style: Literal["short", "long"] = Field(
        "short", description="Ngày họp trong câu mở đầu: short “07/10/2024”, long “ngày 07 tháng 10 năm 2024”."
    )
    construction: Literal["chaired", "organized"] = Field(
        "chaired",
        description="Câu mở đầu: chaired “<chủ trì> đã chủ trì <cuộc họp>”; organized “<cơ quan> tổ chức "
        "<cuộc họp> dưới sự chủ trì của <chủ trì>” (cơ quan: meeting.organizer).",
    )
    attendees_style: Literal["inline", "colon"] = Field(
        "inline",
        description="Người dự: inline “Tham dự Hội nghị có đồng chí …”; colon “Tham dự Hội nghị có các đồng chí: "
        "A, chức vụ; B, chức vụ”.",
    )
    lead_in_placement: Literal["paragraph", "last_sentence"] = Field(
        "paragraph",
        description="Câu dẫn là một đoạn riêng (paragraph), hay câu cuối của đoạn mở đầu cuối cùng (last_sentence).",
    )
    heard_wording: Text = Field(
        "Sau khi nghe", description="Lời mở câu dẫn: “Sau khi nghe”, “Trên cơ sở”, “Sau khi nghe báo cáo của”."
    )
    heard: Text | None = Field(None, description="Điều đã nghe, trong câu dẫn “Sau khi nghe …”.")
    concluded_by: Text | None = Field(
        None,
        description="Ai kết luận, trong câu dẫn: “đồng chí Chủ tịch UBND tỉnh”. Mặc định: chức danh và tên người "
        "chủ trì.",
    )
    conclusion: Text = Field(
        "kết luận",
        description="Động từ của câu dẫn: “kết luận”, “có ý kiến kết luận”, “có ý kiến chỉ đạo”, “thống nhất”.",
    )
    lead_in: Text | None = Field(None, description="Thay toàn bộ câu dẫn “Sau khi nghe …:”.")


class Task(Strict):
    """Một nhiệm vụ: câu in ra, cộng các trường để theo dõi."""

    task: Text = Field(description="Câu nhiệm vụ, in đúng như viết.")
    lead: Text | None = Field(None, description="Đơn vị chủ trì.")
    support: list[Text] = Field([], description="Các đơn vị phối hợp.")
    directed_by: Text | None = Field(None, description="Lãnh đạo chỉ đạo: “Thứ trưởng Nguyễn Huy Dũng”.")
    deadline: Deadline | None = Field(
        None, description="Thời hạn: một ngày (30/4/2022) hoặc chữ (“Quý III/2022”, “định kỳ hằng quý”)."
    )
    deadline_label: Text = Field("Thời hạn hoàn thành", description="Nhãn in trước thời hạn.")
    deadline_in_text: bool = Field(False, description="true: thời hạn đã nằm trong câu, không in thêm.")


# "1.1." continues the number of the enclosing numbered item or section: "2.1.", "2.2.".
ListStyle = Literal["-", "+", "1.", "1.1.", "1)", "a)", "(1)", "(a)", "(i)", "i.", "I.", "Thứ nhất"]
HeadingCase = Literal["upper", "as_written"]


class ListBlock(Strict):
    """Một danh sách."""

    list: list[ListItem] = Field(
        min_length=1,
        description="Các mục: chuỗi, nhiệm vụ (task), mục nhiều đoạn (item, content) hoặc danh sách con (list).",
    )
    style: ListStyle = Field("-", description="Kiểu đánh dấu mục.")


class Point(Strict):
    """Một mục của danh sách có nhiều đoạn: đoạn đầu sau dấu đánh mục, rồi các đoạn, danh sách con."""

    item: Text = Field(description="Đoạn đầu của mục, in sau dấu đánh mục: “1. Về công tác …”, “- Về …:”.")
    content: list[ListItem] = Field(
        min_length=1,
        description="Các đoạn tiếp theo của mục: đoạn văn (chuỗi), nhiệm vụ (task), danh sách con (list).",
    )


class Section(Strict):
    """Một mục (có tiêu đề, đánh số tự động theo cấp)."""

    section: Text | None = Field(description="Tiêu đề mục; để trống nếu mục không có tiêu đề.")
    numbered: bool = Field(True, description="false: không đánh số mục này.")
    style: ListStyle | None = Field(
        None,
        description="Kiểu số của riêng mục này thay cho cấp của numbering: “Thứ nhất”, “a)”, “1.1.” (nối số mục cha).",
    )
    case: HeadingCase | None = Field(
        None, description="Chữ của tiêu đề: upper (in hoa, mặc định ở cấp 1) hoặc as_written (in như viết)."
    )
    content: list[Block] = Field(min_length=1, description="Nội dung: đoạn văn (chuỗi), list, task, section.")


ListItem = Annotated[
    Annotated[Text, Tag("#text")]
    | Annotated[Task, Tag("#task")]
    | Annotated[ListBlock, Tag("#list")]
    | Annotated[Point, Tag("#item")],
    _by_key("task", "list", "item"),
]
Block = Annotated[
    Annotated[Text, Tag("#text")]
    | Annotated[Task, Tag("#task")]
    | Annotated[ListBlock, Tag("#list")]
    | Annotated[Section, Tag("#section")],
    _by_key("section", "task", "list"),
]


class Closing(Strict):
    """Câu kết. Mặc định: “<Cơ quan> thông báo kết luận của … để <audience> <action>./.”."""

    audience: Text = Field("các cơ quan, đơn vị liên quan", description="Ai nhận để thực hiện.")
    action: Text = Field("biết và thực hiện", description="Việc phải làm.")
    text: Text | None = Field(None, description="Thay toàn bộ câu kết; “./.” được thêm nếu thiếu.")


class Recipient(Strict):
    name: Text = Field(description="Nơi nhận: “Bộ trưởng”, hoặc tên một nhóm: “Các Vụ, đơn vị thuộc Bộ”.")
    note: Text | None = Field(None, description="Mục đích, in trong ngoặc: “để b/c”.")
    members: list[Text] = Field(
        [], description="Các nơi nhận của nhóm, in dưới dòng nhóm “- <name>:”, mỗi nơi một dòng “+ <member>;”."
    )


RecipientEntry = Annotated[
    Annotated[Recipient, Tag("#name")] | Annotated[Text, Tag("#text")],
    _by_key("name"),
]


class Archive(Strict):
    """Dòng “Lưu: VT, …” (ô 9b)."""

    units: list[Text] = Field(["VT"], min_length=1, description="Nơi lưu: Văn thư (VT) và đơn vị soạn thảo.")
    copies: Count | None = Field(None, description="Số bản lưu.")


class Drafter(Strict):
    """Ký hiệu người soạn thảo và số bản phát hành (ô 12)."""

    initials: Text
    copies: Count | None = None


_AUTHORITY = re.compile(
    rf"^({'|'.join(re.escape(a.rstrip('.')) for a in nd30.AUTHORITIES)})\.\s+(\S.*)$", re.IGNORECASE
)


class Signer(Strict):
    """Người ký (ô 7)."""

    authority: list[Text] = Field(
        [],
        description="Các dòng thẩm quyền, mỗi dòng bắt đầu bằng TM., TL., "
        "KT., TUQ. hoặc Q.: [“TL. Bộ trưởng”, “KT. Chánh Văn phòng”].",
    )
    position: Text = Field(description="Chức vụ người ký: “Phó Chánh Văn phòng”.")
    name: Text | None = Field(
        None,
        description="Họ và tên, không kèm học hàm, học vị. Dự thảo được bỏ trống; bản chính thức (--final) phải có.",
    )

    @field_validator("authority")
    @classmethod
    def _authority_form(cls, lines: list[str]) -> list[str]:
        for line in lines:
            if not _AUTHORITY.match(line.strip()):
                raise ValueError(
                    f"“{line}” phải bắt đầu bằng một trong {', '.join(nd30.AUTHORITIES)} "
                    "rồi đến chức vụ: “TL. Bộ trưởng”"
                )
        return lines


class Notice(Strict):
    """Một THÔNG BÁO kết luận cuộc họp."""

    model_config = ConfigDict(title="notice_gen: THÔNG BÁO kết luận")

    template: TemplateName = "bo"
    issuer: Issuer
    symbol: Text | None = Field(None, description="Ký hiệu thay cho TB-<viết tắt>: “TB-VPCP”.")
    number: Count | None = Field(None, description="Số văn bản; bỏ trống khi là dự thảo.")
    issue_date: Date | None = Field(None, description="Ngày ban hành; bỏ trống khi là dự thảo.")
    year: int | None = Field(
        None, strict=True, ge=1945, le=2100, description="Năm in trên dòng ngày của dự thảo. Mặc định: năm họp."
    )
    month: int | None = Field(
        None,
        strict=True,
        ge=1,
        le=12,
        description="Tháng in trên dòng ngày của dự thảo khi đã biết tháng mà chưa biết ngày: "
        "“ngày        tháng 6 năm 2026”. Chỉ dùng khi chưa có issue_date.",
    )
    place: Text = Field(description="Địa danh: “Hà Nội”.")
    secrecy: Literal[nd30.SECRECY_MARKS] | None = Field(None, description="Độ mật (R-MAT).")
    urgency: Literal[nd30.URGENCY_MARKS] | None = Field(None, description="Độ khẩn (R-KHAN).")
    subject: MultiLine | None = Field(
        None, description="Trích yếu. Mặc định: “Kết luận của <chủ trì> tại <cuộc họp>”. Xuống dòng bằng \\n."
    )
    meeting: Meeting
    opening: Opening = Opening()
    glossary: dict[str, Text] = Field({}, description="Chữ viết tắt: {TTTT: Thông tin và Truyền thông}.")
    numbering: Literal[tuple(nd30.NUMBERING)] = Field("I.1.a)", description="Cách đánh số mục theo cấp.")
    heading_case: HeadingCase | None = Field(
        None,
        description="Chữ của tiêu đề mục cấp 1: upper (in hoa) hoặc as_written (in như viết). "
        "Mặc định: theo mẫu ([wording] heading_case, thường là upper).",
    )
    body: list[Block] = Field(min_length=1, description="Nội dung kết luận.")
    footnotes: dict[FootnoteKey, Text] = Field(
        {},
        description="Chú thích cuối trang: {tên: nội dung}. Gọi bằng [^tên] trong chữ của body: "
        "“đạt 45,2%[^so-lieu] kế hoạch”. Được đánh số 1, 2, … theo thứ tự in.",
    )
    closing: Closing = Closing()
    recipients: list[RecipientEntry] = Field(min_length=1, description="Nơi nhận, trừ dòng Lưu.")
    archive: Archive = Archive()
    drafter: Drafter | None = None
    signer: Signer


ListBlock.model_rebuild()
Point.model_rebuild()
Section.model_rebuild()
Notice.model_rebuild()


def _section_depth_problems(notice: Notice) -> list[tuple[PathKey, str]]:
    """A section deeper than the numbering scheme has levels cannot be numbered."""
    levels = nd30.NUMBERING[notice.numbering]
    if levels is None:  # decimal numbering has no last level
        return []
    limit = len(levels)
    found: list[tuple[PathKey, str]] = []

    def walk(blocks: list[Any], path: PathKey, depth: int) -> None:
        for index, block in enumerate(blocks):
            if not isinstance(block, Section):
                continue
            here = (*path, index)
            level = depth + 1 if block.section else depth  # an untitled section is no level
            if block.section and block.numbered and level > limit:
                found.append(
                    (
                        (*here, "section"),
                        f"mục lồng {level} cấp, nhưng cách đánh số “{notice.numbering}” chỉ có {limit} cấp "
                        "(R-SEC); dùng numbering: “1.1.1.” hoặc đặt numbered: false",
                    )
                )
            walk(block.content, (*here, "content"), level)

    walk(notice.body, ("body",), 0)
    return found


def _body_texts(blocks: list[Any], path: PathKey) -> Any:
    """Every printed text of the body, with its path: where footnote calls may stand."""
    for index, block in enumerate(blocks):
        here = (*path, index)
        if isinstance(block, str):
            yield here, block
        elif isinstance(block, Task):
            yield (*here, "task"), block.task
        elif isinstance(block, Point):
            yield (*here, "item"), block.item
            yield from _body_texts(block.content, (*here, "content"))
        elif isinstance(block, ListBlock):
            yield from _body_texts(block.list, (*here, "list"))
        elif isinstance(block, Section):
            if block.section:
                yield (*here, "section"), block.section
            yield from _body_texts(block.content, (*here, "content"))


def _strings(value: Any, path: PathKey) -> Any:
    """Every string of a dumped model, with its path (the dump keeps the input's keys)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def footnote_problems(notice: Notice) -> list[tuple[PathKey, str]]:
    """Each call names a footnote, each footnote is called once, and only body text calls them:
    the opening, the closing and the header are generated or short, and Word puts a footnote
    reference in running text."""
    found: list[tuple[PathKey, str]] = []
    called: dict[str, PathKey] = {}
    for path, text in _body_texts(notice.body, ("body",)):
        for name in FOOTNOTE_CALL.findall(text):
            if name not in notice.footnotes:
                known = ", ".join(f"[^{n}]" for n in notice.footnotes) or "chưa có chú thích nào"
                found.append(
                    (path, f"chú thích [^{name}] chưa được viết trong footnotes ({known}); thêm “{name}: <nội dung>”")
                )
            elif name in called:
                found.append(
                    (path, f"chú thích [^{name}] đã được gọi ở {field_path(called[name])}; mỗi chú thích gọi một lần")
                )
            else:
                called[name] = path
    for name in notice.footnotes:
        if name not in called:
            found.append((("footnotes", name), f"chú thích “{name}” không được gọi: thêm [^{name}] vào chữ của body"))
    outside = notice.model_dump(exclude={"body"})
    for path, text in _strings(outside, ()):
        if FOOTNOTE_CALL.search(text):
            found.append((path, "chỉ đặt chú thích [^…] trong chữ của body (đoạn văn, mục, nhiệm vụ, tiêu đề)"))
    return found


def _construction_problems(notice: Notice) -> list[tuple[PathKey, str]]:
    """The organizer belongs to "… tổ chức … dưới sự chủ trì của …", the delegation to "… đã chủ trì …":
    a field the chosen sentence does not print is a mistake, never dropped in silence."""
    organized = notice.opening.construction == "organized"
    found: list[tuple[PathKey, str]] = []
    if notice.meeting.organizer is not None and not organized:
        message = "organizer chỉ được in khi opening.construction là organized; hãy thêm dòng đó hoặc bỏ organizer"
        found.append((("meeting", "organizer"), message))
    if notice.meeting.authorized_by is not None and organized:
        message = (
            "authorized_by chỉ được in khi opening.construction là chaired (“được sự ủy quyền của …, "
            "… đã chủ trì …”); hãy bỏ một trong hai"
        )
        found.append((("meeting", "authorized_by"), message))
    return found


def _draft_date_problems(notice: Notice) -> list[tuple[PathKey, str]]:
    """``month`` fills in part of a draft's date line; a notice with its date has no blank to fill."""
    if notice.month is not None and notice.issue_date is not None:
        return [(("month",), "đã có issue_date nên không dùng month (month chỉ dành cho dự thảo); hãy bỏ month")]
    return []


def _decimal(style: str | None) -> bool:
    return style in ("1.", "1.1.")


def _nested_number_problems(notice: Notice) -> list[tuple[PathKey, str]]:
    """Style "1.1." continues the number of what encloses it ("2." → "2.1."), so that must be
    numbered in digits: a "1." or "1.1." list item, or a section numbered "1." at its level."""
    levels = nd30.NUMBERING[notice.numbering]
    message = (
        "kiểu “1.1.” nối tiếp số của mục chứa nó, nên phải nằm trong một mục đánh số bằng chữ số "
        "(danh sách “1.” hoặc “1.1.”, hay mục số “1.”) (R-SEC)"
    )
    found: list[tuple[PathKey, str]] = []

    def section_decimal(block: Section, depth: int) -> bool:
        if not block.numbered:
            return False
        if block.style:
            return _decimal(block.style)
        return levels is None or (depth <= len(levels) and levels[depth - 1] == "1")

    def items(entries: list[Any], path: PathKey, style: str, parent: bool) -> None:
        if style == "1.1." and not parent:
            found.append(((*path[:-1], "style"), message))
        for index, entry in enumerate(entries):
            here = (*path, index)
            if isinstance(entry, ListBlock):
                items(entry.list, (*here, "list"), entry.style, _decimal(style))
            elif isinstance(entry, Point):
                inner(entry.content, (*here, "content"), _decimal(style))

    def inner(entries: list[Any], path: PathKey, parent: bool) -> None:
        for index, entry in enumerate(entries):
            if isinstance(entry, ListBlock):
                items(entry.list, (*path, index, "list"), entry.style, parent)

    def blocks(entries: list[Any], path: PathKey, depth: int, parent: bool) -> None:
        for index, block in enumerate(entries):
            here = (*path, index)
            if isinstance(block, Section):
                if not block.section:
                    blocks(block.content, (*here, "content"), depth, parent)
                    continue
                if block.style == "1.1." and not parent:
                    found.append(((*here, "style"), message))
                blocks(block.content, (*here, "content"), depth + 1, section_decimal(block, depth + 1))
            elif isinstance(block, ListBlock):
                items(block.list, (*here, "list"), block.style, parent)

    blocks(notice.body, ("body",), 0, False)
    return found


# Every field name of the format, for "did you mean" on a typo.
def _all_field_names() -> set[str]:
    names: set[str] = set()
    for model in (
        Issuer,
        Person,
        Chair,
        Meeting,
        Opening,
        Task,
        ListBlock,
        Point,
        Section,
        Closing,
        Recipient,
        Archive,
        Drafter,
        Signer,
        Notice,
    ):
        names.update(model.model_fields)
    return names


_FIELD_NAMES = _all_field_names()

_KIND_HINTS = {
    ("body",): "một đoạn văn (chuỗi) hoặc một nhóm có khóa section, list hoặc task",
    ("content",): "một đoạn văn (chuỗi) hoặc một nhóm có khóa section, list, task (hay item, trong mục của danh sách)",
    ("list",): "một chuỗi hoặc một nhóm có khóa task, item hoặc list",
    ("attendees",): "một chuỗi (nhóm người) hoặc một người có name",
    ("guests",): "một chuỗi (nhóm người) hoặc một người có name",
    ("recipients",): "một chuỗi hoặc một nhóm có name (và note)",
}


def _message(error: dict[str, Any], path: PathKey) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    given = error.get("input")
    if kind == "missing":
        return "thiếu trường bắt buộc này"
    if kind == "extra_forbidden":
        name = str(path[-1])
        close = difflib.get_close_matches(name, _FIELD_NAMES, n=1, cutoff=0.6)
        hint = f"; có phải ý bạn là “{close[0]}”?" if close else ""
        return f"trường “{name}” không có trong mẫu nhập liệu{hint}"
    if kind == "block_kind":
        parent = next((p for p in reversed(path) if isinstance(p, str)), "")
        expected = _KIND_HINTS.get((parent,), "giá trị đúng loại")
        return f"không rõ đây là gì: cần {expected}"
    if kind in ("string_type",):
        return "cần một chuỗi văn bản"
    if kind == "string_too_short":
        return "không được để trống"
    if kind == "string_pattern_mismatch" and path[-1:] == ("template",):
        return f"“{given}” không phải tên mẫu: chỉ gồm chữ thường, số, “-” và “_”, không phải đường dẫn"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"cần một số nguyên, không phải “{given}”"
    if kind in ("greater_than", "greater_than_equal"):
        return f"phải lớn hơn {'hoặc bằng ' if kind.endswith('equal') else ''}{ctx.get('gt', ctx.get('ge'))}"
    if kind == "less_than_equal":
        return f"phải nhỏ hơn hoặc bằng {ctx.get('le')}"
    if kind in ("bool_type", "bool_parsing"):
        return "cần true hoặc false"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", " hoặc ")
        return f"giá trị “{given}” không hợp lệ: cần một trong {expected}"
    if kind in ("list_type",):
        return "cần một danh sách (mỗi mục một dòng bắt đầu bằng “- ”)"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "cần một nhóm trường (khóa: giá trị)"
    if kind == "too_short":
        return "không được để trống" if isinstance(given, str) else "danh sách không được rỗng"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        return "cần một ngày dạng YYYY-MM-DD hoặc ngày/tháng/năm"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return f"giá trị không hợp lệ ({error['msg']})"


def validate(source: Source) -> Notice:
    """Build the Notice, or raise InputError listing every problem with its place."""
    problems: list[Problem] = []
    try:
        notice = Notice.model_validate(source.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            # Discriminated unions put their tag ("#task") into the location; the user never wrote it.
            path = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("#")))
            # An unknown key points at itself; a missing one at the key of the mapping that lacks it.
            on_key = error["type"] in ("extra_forbidden", "missing")
            problems.append(source.problem(path, field_path(path), _message(error, path), key=on_key))
        raise InputError(sorted(_dedupe(problems), key=lambda p: (p.line, p.column))) from None
    for path, message in (
        *_section_depth_problems(notice),
        *footnote_problems(notice),
        *_nested_number_problems(notice),
        *_draft_date_problems(notice),
        *_construction_problems(notice),
    ):
        problems.append(source.problem(path, field_path(path), message))
    problems.sort(key=lambda p: (p.line, p.column))
    if problems:
        raise InputError(problems)
    return notice


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for problem in problems:
        if str(problem) not in seen:
            seen.add(str(problem))
            out.append(problem)
    return out


def load_notice(path: Path) -> Notice:
    """Read and validate one input file."""
    from .load import load

    return validate(load(path))
