"""Read fields out of running Vietnamese text: persons, units, dates and deadlines.

These are the general patterns of NĐ30 notices, not of any one notice: a
person is "<chức danh> <họ tên>" where the name starts with a Vietnamese
surname; a unit starts with the word for its kind (Cục, Vụ, Sở, …); a
deadline is written after the task ("Thời hạn hoàn thành: 30/4/2022.") or
inside it ("trước ngày 20 tháng 10 năm 2024", "trong Quý IV/2025",
"định kỳ hằng quý"). Whatever does not fit stays text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from .. import nd30

# The common Vietnamese surnames: a person's name starts with one of them.
SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh Trương "
    "Đinh Lâm Phùng Mai Tô Hà Tạ Chu Lương Văn Quách Thái Lưu Cao Kiều Châu Tăng Triệu Khúc La Mạc Âu Nông "
    "Lò Tống Hứa Giang Đàm Thân Nghiêm Lục Bạch Ông Doãn Cù Lại Kim Thạch Quan Đồng Từ Diệp Phí Tiêu "
    "Vi Y Hầu Lã Mã Ninh Thiều Đậu Khổng Hàn Lều Viên Bế Thào Sùng Giàng Vàng".split()
)
# Words a unit's name starts with (the kind of body), longest first.
UNIT_WORDS = sorted(
    (
        "Bộ",
        "Cục",
        "Chi cục",
        "Tổng cục",
        "Vụ",
        "Sở",
        "Các Sở",
        "Các sở",
        "Văn phòng",
        "Thanh tra",
        "Viện",
        "Trung tâm",
        "Ban",
        "Học viện",
        "Trường",
        "Báo",
        "Tạp chí",
        "Đài",
        "Quỹ",
        "Nhà xuất bản",
        "Ủy ban nhân dân",
        "Uỷ ban nhân dân",
        "UBND",
        "Ủy ban",
        "Công ty",
        "Tổng công ty",
        "Tập đoàn",
        "Phòng",
        "Hội",
        "Thông tấn xã",
        "Kho bạc",
        "Cơ quan",
        "Các cơ quan",
        "Các đơn vị",
        "Các chủ đầu tư",
        "Đoàn",
        "Công an",
        "Bộ Chỉ huy",
    ),
    key=len,
    reverse=True,
)
_UNIT_START = "|".join(re.escape(w) for w in UNIT_WORDS)
# What a unit does first in a task sentence: the verb that ends the unit's name.
TASK_VERBS = (
    "chủ trì",
    "là đầu mối",
    "phối hợp",
    "rà soát",
    "nghiên cứu",
    "xây dựng",
    "hoàn thiện",
    "hoàn thành",
    "tổ chức",
    "thực hiện",
    "triển khai",
    "báo cáo",
    "tổng hợp",
    "hướng dẫn",
    "theo dõi",
    "chỉ đạo",
    "bố trí",
    "trình",
    "kiểm tra",
    "khẩn trương",
    "tập trung",
    "chủ động",
    "tiếp tục",
    "đẩy mạnh",
    "tăng cường",
    "cập nhật",
    "phát triển",
    "tham mưu",
    "đôn đốc",
    "cam kết",
    "giải quyết",
    "ban hành",
    "đề xuất",
    "sửa đổi",
    "rà",
)
_VERB = "|".join(re.escape(v) for v in TASK_VERBS)
_END = rf"(?:{_VERB}|đã|đang|được|còn|vẫn|chưa)"  # what ends a unit's name: its verb, or a report's "đã"
LEAD = re.compile(rf"^(?:Giao\s+(?:cho\s+)?)?(?P<unit>(?:{_UNIT_START})(?:\s[^,;:()]*?)??)\s+{_END}\b")
# "chủ trì" ends a unit's name even when the name has a comma ("Phòng Tổ chức, biên chế chủ trì").
LEAD_CHAIRS = re.compile(rf"^(?:Giao\s+(?:cho\s+)?)?(?P<unit>(?:{_UNIT_START})(?:\s[^;:()]*?)??)\s+chủ trì\b")
LEADER = re.compile(
    r"^(?P<leader>(?:Phó\s+)?(?:Thủ tướng|Bộ trưởng|Thứ trưởng|Chủ tịch|Chủ nhiệm|Giám đốc|Chánh Văn phòng|"
    r"Tổng cục trưởng|Cục trưởng|Vụ trưởng|Trưởng ban)[^,;:]*?)\s+chỉ đạo\b\s*(?P<rest>.*)$"
)
# A unit is named: its kind, then a proper name ("Cục Viễn thông", "Báo Nhân dân"), or a plural kind
# ("Các đơn vị", "Các Sở"); "Báo cáo Bộ trưởng …" starts with a verb, not with the newspaper "Báo".
_NAMED = re.compile(rf"^(?:Các\s\S+|UBND|Ủy ban nhân dân|Uỷ ban nhân dân|(?:{_UNIT_START})\s+[A-ZĐÀ-Ỹ])")
# "… đã hoàn thành", "… đang triển khai": what was done is reported, not assigned.
_REPORTED = re.compile(r"^\s+(?:đã|đang|được|còn|vẫn|chưa)\b")
SUPPORT = re.compile(
    rf"phối hợp(?:\s+chặt chẽ)?\s+với\s+(?P<units>.+?)(?=\s+(?:để|trong|{_VERB})\b|[;:.()]|$)"
)


# A line that names the unit the points under it are given to: "Bộ Công Thương:", "Đối với UBND các tỉnh:".
_UNIT_HEADING = re.compile(rf"^(?:(?:Giao|Đối với)\s+)?(?P<unit>(?:{_UNIT_START})(?:\s[^.;:()]*?)?)\s*:$")


def heading_unit(text: str, *, section: bool = False) -> str | None:
    """The unit a list item ("Bộ Công Thương:") or a section's title ("Sở Tài chính", no colon
    needed) gives the points under it to, or None."""
    text = " ".join(text.split())
    match = _UNIT_HEADING.match(text + ":" if section and not text.endswith(":") else text)
    if match and _NAMED.match(match.group("unit")) and len(match.group("unit").split()) <= 15:
        return match.group("unit")
    return None


_VOWELS = "aăâeêioôơuưyáắấéếíóốớúứýàằầèềìòồờùừỳảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ"
# One Vietnamese syllable; a word that is not one ("UBND", "HĐND", "TTTT") is an abbreviation.
_SYLLABLE = re.compile(
    rf"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?[{_VOWELS}]+(?:ch|ng|nh|[cmnpt])?$"
)


def name_case(text: str) -> str:
    """A name a header prints in capitals, written as NĐ30 (Phụ lục II) writes names of bodies:
    the first word, the word after the kind of body and after "và" capitalised, a place's name
    capitalised, abbreviations kept: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM" → "Ủy ban nhân dân tỉnh
    Quảng Nam", "BỘ THÔNG TIN VÀ TRUYỀN THÔNG" → "Bộ Thông tin và Truyền thông"."""
    if text != text.upper():
        return text
    words = _lowered(text)
    capital = {0}
    k = 0
    while k < len(words):
        if level := _leading(words[k:], nd30.ADMIN_LEVELS):
            capital |= set(range(k + len(level.split()), len(words)))
            break
        if (kind := _leading(words[k:], UNIT_WORDS)) and k + len(kind.split()) < len(words):
            k += len(kind.split())
            if not _leading(words[k:], nd30.ADMIN_LEVELS):
                capital.add(k)
            continue
        if words[k] == "và":
            capital.add(k + 1)
        k += 1
    return " ".join(w[:1].upper() + w[1:] if i in capital else w for i, w in enumerate(words))


def position_case(text: str) -> str:
    """A position a signature block prints in capitals, written as in a sentence: each title's first
    word capitalised (after "Phó" too), a body it names cased as a name: "PHÓ CHÁNH VĂN PHÒNG" →
    "Phó Chánh Văn phòng", "BỘ TRƯỞNG, CHỦ NHIỆM" → "Bộ trưởng, Chủ nhiệm"."""
    if text != text.upper():
        return text
    titles = []
    for title in text.split(", "):
        words = _lowered(title)
        first = 2 if words[:1] == ["phó"] and len(words) > 1 else 1
        body = next((k for k in range(first, len(words)) if _starts_unit(words[k:])), len(words))
        head = [w[:1].upper() + w[1:] if k < first else w for k, w in enumerate(words[:body])]
        titles.append(" ".join([*head, name_case(" ".join(words[body:]).upper())] if body < len(words) else head))
    return ", ".join(titles)


def _starts_unit(words: list[str]) -> bool:
    """The words start a body's name ("Sở Tài chính"), not a title ("cục trưởng")."""
    kind = _leading(words, UNIT_WORDS)
    return kind is not None and words[len(kind.split()) : len(kind.split()) + 1] != ["trưởng"]


def _lowered(text: str) -> list[str]:
    """The words of a text in capitals, in small letters; an abbreviation ("UBND") as it is."""
    return [w.lower() if _SYLLABLE.match(w.lower().strip(",.;:")) else w for w in text.split()]


def _leading(words: list[str], phrases: Iterable[str]) -> str | None:
    """The first of ``phrases`` that ``words`` start with, as whole words, in any case."""
    said = " ".join(words).lower() + " "
    return next((p for p in phrases if said.startswith(p.lower() + " ")), None)


def split_person(text: str) -> tuple[str | None, str] | None:
    """ "Thứ trưởng Phan Tâm" → ("Thứ trưởng", "Phan Tâm"); a bare name → (None, name)."""
    words = text.split()
    for k, word in enumerate(words):
        rest = words[k:]
        if word in SURNAMES and 2 <= len(rest) <= 4 and all(w[:1].isupper() for w in rest):
            return (" ".join(words[:k]) or None, " ".join(rest))
    return None


def person(text: str) -> dict[str, Any] | None:
    """A person as the opening writes one: "Thứ trưởng Phan Tâm" or
    "đồng chí Lê Quốc Minh, Ủy viên …, Tổng biên tập Báo Nhân dân"."""
    text = text.strip()
    if text.startswith("đồng chí "):
        name, *rest = [part.strip() for part in text.removeprefix("đồng chí ").split(",")]
        found = split_person(name)
        if found is None or found[0] is not None or not rest or len(rest) > 3 or any(":" in r for r in rest):
            return None  # more than a few offices, or a colon: a list of bodies, not one person's offices
        out: dict[str, Any] = {"name": found[1]}
        if len(rest) > 1:
            out["roles"] = rest[:-1]
        out["position"] = rest[-1]
        return out
    found = split_person(text)
    if found is None or found[0] is None:
        return None
    return {"title": found[0], "name": found[1]}


def abbreviation(name: str) -> str:
    """ "Bộ Thông tin và Truyền thông" → "BTTTT": the initials of the capitalised words."""
    initials = "".join(w[0] for w in name.split() if w.casefold() not in ("và", "của", "với"))
    return initials.upper() or "CQ"


_DATE_VN = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


def first_date(text: str) -> dt.date | None:
    for pattern in (_DATE_VN, _DATE_WORDS):
        for match in pattern.finditer(text):
            day, month, year = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                continue
    return None


def as_date(text: str) -> dt.date | None:
    """The text is exactly one date (30/4/2022, 30.4.2022 is not one)."""
    match = _DATE_VN.fullmatch(text.strip())
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# A deadline printed after the task, as notice-gen prints one: "<task>. Thời hạn hoàn thành: 30/4/2022."
TRAILING_DEADLINE = re.compile(
    r"^(?P<task>.*?[.!?:;…])\s+(?P<label>Thời hạn hoàn thành|Thời hạn|Hạn hoàn thành|Thời gian hoàn thành)"
    r"\s*:\s*(?P<deadline>[^:]+?)\.?$"
)
# A period is a deadline only after a word that makes it one: "trong Quý IV/2025", not "Quý IV/2025, …".
_BY = r"(?:(?<=trong )|(?<=trước )|(?<=hạn )|(?<=đến )|(?<=chậm nhất )|(?<=hoàn thành ))"
# Deadlines written inside the sentence, most precise first; each gives the phrase kept as the deadline.
IN_TEXT_DEADLINES = (
    re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.IGNORECASE),
    re.compile(
        r"(?:(?:thời\s+hạn|hạn|hoàn\s+thành|trước|chậm\s+nhất|trong)[^0-9;()]{0,30}?)(?<![\d/])\d{1,2}/\d{1,2}/\d{4}",
        re.IGNORECASE,
    ),
    re.compile(r"[Đđ]ịnh\s+kỳ[^.;,()]*"),
    re.compile(rf"{_BY}(?:quý|Quý)\s+(?:IV|I{{1,3}}|[1-4])\s*(?:/\s*|năm\s+)\d{{4}}", re.IGNORECASE),
    re.compile(rf"{_BY}6\s+tháng\s+(?:đầu|cuối)\s+năm\s+\d{{4}}", re.IGNORECASE),
    re.compile(rf"{_BY}tháng\s+\d{{1,2}}\s*(?:/\s*|năm\s+)\d{{4}}", re.IGNORECASE),
    re.compile(r"\d{1,3}\s+ngày(?:\s+làm\s+việc)?\s+kể\s+từ[^.;,()]*", re.IGNORECASE),
)


# A point that names its topic first: "Về quy hoạch: …", "Đối với dự án X: …".
_TOPIC = re.compile(r"^(?:Về|Đối với)\s[^:;.]{1,80}:\s+(?=\S)")


def in_text_deadline(text: str) -> dt.date | str | None:
    """The deadline a task sentence states in its own words, as the tasks export reads one."""
    for pattern in IN_TEXT_DEADLINES:
        if match := pattern.search(text):
            phrase = match.group().strip()
            if day := first_date(phrase):
                return day
            return phrase[0].lower() + phrase[1:] if phrase[:1] == "Đ" else phrase
    return None


def task_units(text: str) -> dict[str, Any]:
    """lead, support and directed_by of a task sentence, as far as its words tell."""
    out: dict[str, Any] = {}
    sentence = _TOPIC.sub("", text, count=1)  # "Về hạ tầng: Phòng Hạ tầng kỹ thuật tham mưu …"
    if match := LEADER.match(sentence):
        out["directed_by"] = match.group("leader")
        sentence = match.group("rest")
    match = LEAD_CHAIRS.match(sentence) or LEAD.match(sentence)
    if match and _NAMED.match(match.group("unit")) and not _REPORTED.match(sentence[match.end("unit") :]):
        out["lead"] = match.group("unit").strip()
    if match := SUPPORT.search(sentence):
        units = [u.strip() for u in re.split(rf"(?:,|\s+và)\s+(?=(?:{_UNIT_START})\s)", match.group("units"))]
        if all(0 < len(u.split()) <= 10 for u in units):  # longer: the sentence ran on past the units
            out["support"] = units
    return out
