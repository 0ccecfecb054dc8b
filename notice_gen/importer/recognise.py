"""From the parts of Mẫu 1.4 to the fields of the input format.

``check.parts.recognise`` finds ô 1–9b among the paragraphs (the same code
``notice-gen check`` judges them with); this module reads each part into
fields: the number line into ``number`` and ``symbol`` (R-SO), the date line
into ``place`` and ``issue_date`` or a draft's ``year`` (R-DATE), the opening
into ``meeting``, the Nơi nhận into recipients, ``archive`` and ``drafter``
(R-NNITEM, R-DRAFTER), the signature into ``signer`` (R-AUTH, R-POS, R-NAME),
and the body through ``body.BodyReader``.

Sentences notice-gen writes itself (the opening, the lead-in, the closing)
are rebuilt from the fields read, composed, and compared with the source:
where the composed sentence is the source's word for word, the fields stand
alone; where it is not, the sentence is kept as written (``opening.paragraphs``,
``opening.lead_in``, ``closing.text``). So the YAML always prints what the
source printed, and uses the generated wording only where it is the same.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .. import nd30
from ..check.layout import Para
from ..check.parts import AUTHORITY, Parts, recognise
from . import fields
from .body import BodyReader, labels


@dataclass(frozen=True)
class ImportWarning:
    """Something the importer could not read into a field, and where it stands in the source."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def where(para: Para | None) -> str:
    """ "trang 2, dòng 5", "đoạn 12", "bảng 1, hàng 2, ô 1, đoạn 3", "dòng 40"."""
    if para is None:
        return ""
    w = para.where
    if "page" in w:
        return f"trang {w['page']}, dòng {w.get('line', 0)}"
    if "table" in w:
        return f"bảng {w['table']}, hàng {w.get('row', 0)}, ô {w.get('cell', 0)}, đoạn {w.get('paragraph', 0)}"
    if "paragraph" in w:
        return f"đoạn {w['paragraph']}" + (f", dòng {w['line']}" if "line" in w else "")
    return f"dòng {w.get('line', 0)}"


PLACEHOLDER = "(cần điền)"
_NUMBER = re.compile(r"^Số\s*:?\s*(?P<number>\d+)?\s*/\s*(?P<symbol>\S+)\s*$", re.IGNORECASE)
_DATE_LINE = re.compile(
    r"^(?P<place>[^,]+),\s*ngày\s*(?P<day>\d{1,2})?\s*tháng\s*(?P<month>\d{1,2})?\s*năm\s*(?P<year>\d{4})\s*$",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(r"^(?P<all>.*?như sau\s*:)$", re.IGNORECASE)
# The opening sentence in the shapes compose writes (issue 12): the date short or in words, the venue
# optional, "được sự ủy quyền của …, <chủ trì> đã chủ trì …" or "<cơ quan> tổ chức … dưới sự chủ trì của
# <chủ trì>", then the attendees inline or after a colon. Reading only: whether compose prints the same
# words is decided by composing (importer.__init__._generated_wording).
_WHEN = r"(?:(?P<tod>Sáng|Chiều|Tối) ngày|Ngày) (?P<date>\d{1,2}/\d{1,2}/\d{4}|\d{1,2} tháng \d{1,2} năm \d{4})"
_WHERE = r"(?:, tại (?P<venue>[^,]+(?:\([^)]*\))?))?"
_ATTENDING = r"(?: (?P<intro>Tham dự .+? có|Cùng dự có|Tham dự có) (?P<att>.+)\.)?$"
_OPENING = re.compile(
    rf"^{_WHEN}{_WHERE}, (?:được sự ủy quyền của (?P<auth>[^,]+), )?(?P<chair>.+?) (?:đã )?chủ trì (?P<rest>.+?)\."
    + _ATTENDING
)
_ORGANIZED = re.compile(
    rf"^{_WHEN}{_WHERE}, (?P<org>[^,]+?) tổ chức (?P<rest>.+?) dưới sự chủ trì của (?P<chair>.+?)\." + _ATTENDING
)
_COLON = re.compile(r"^(?P<head>các đồng chí)?: (?P<names>.+)$")  # "Tham dự … có các đồng chí: A, chức vụ; B"
_CONCLUSION = re.compile(
    r"^(?P<rest>.+?) (?P<conclusion>kết luận|có ý kiến kết luận|có ý kiến chỉ đạo|chỉ đạo|thống nhất kết luận"
    r"|thống nhất) như sau:$"
)
# The opening's fields when its wording is not notice-gen's: what the date, venue, chair and meeting are.
_OPENING_LOOSE = re.compile(
    r"^(?:(?P<tod>Sáng|Chiều|Tối) ngày|Ngày) (?P<date>\d{1,2}/\d{1,2}/\d{4}), tại (?P<venue>[^,]+), "
    r"(?P<chair>[^,;]+?) (?:đã )?chủ trì (?P<name>[^;.]+?)(?:[;.]|$| (?:theo|bằng) hình thức)"
)
_REST = re.compile(
    r"^(?P<name>.+?)(?: (?P<fw>theo hình thức|bằng hình thức) (?P<form>trực tiếp kết hợp trực tuyến|trực tuyến"
    r"|trực tiếp))?(?: tại (?P<points>\d+) điểm cầu)?(?: (?P<counterpart>với .+))?$"
)
_GUESTS = re.compile(r"^(?P<kind>\S.*?) còn có sự tham dự của (?P<guests>.+)\.$")
_ARCHIVE = re.compile(
    r"^Lưu\s*:\s*(?P<units>[^().]+?)(?:\s*\((?P<copies>\d+)\))?"
    r"(?:\.\s*(?P<initials>[^\s.()]+)(?:\.?\s*\((?P<drafter_copies>\d+)\))?)?\s*\.?$"
)
# Any other "Lưu:" line of units, with the drafter's name or a number of copies in brackets.
_ARCHIVE_AS_WRITTEN = re.compile(r"^Lưu\s*:\s*(?P<units>[^.;:]+?)\s*\.?$")
_NOTE = re.compile(r"^(?P<name>.+?)\s*\((?P<note>(?:để|đề)\s[^()]*|[a-zA-Zđ]{1,3}/[a-zA-Zđ]{1,3})\)$")
_SUBJECT_START = re.compile(r"^(V/v|Về|Kết luận|Ý kiến|Thông báo)\b")


class Recogniser:
    def __init__(self, paras: list[Para], *, formatting: bool) -> None:
        self.paras = paras
        self.formatting = formatting
        self.warnings: list[ImportWarning] = []
        self.data: dict[str, Any] = {}

    def warn(self, para: Para | None, message: str) -> None:
        self.warnings.append(ImportWarning(where(para), message))

    def run(self) -> dict[str, Any]:
        parts = recognise(self.paras)
        if parts.doc_type is None:
            self.warn(None, "không thấy tên loại “THÔNG BÁO”: cả tệp được đọc như phần nội dung")
            parts.body = [p for p in self.paras if p.text.strip()]
        self.header(parts)
        body = list(parts.body)
        self.subject(parts, body)
        closing_para = self.closing(body)
        opening, lead_in = self.opening(body)
        self.meeting(opening, lead_in)
        reader = BodyReader(body, self.warn, formatting=self.formatting)
        content, scheme = reader.read()
        if scheme != "I.1.a)":
            self.data["numbering"] = scheme
        self.data["body"] = content or [PLACEHOLDER]
        if not content:
            self.warn(None, "không thấy nội dung kết luận")
        self.data["_closing_text"] = closing_para
        self.recipients(parts)
        self.signer(parts)
        return self.data

    # -- header: ô 1–4, ô 10 ------------------------------------------------------------------------
    def header(self, parts: Parts) -> None:
        issuer_lines = [p.text.strip() for p in parts.issuer]
        parent_lines = [p.text.strip() for p in parts.parent]
        issuer: dict[str, Any] = {}
        if parent_lines:
            issuer["parent"] = "\n".join(parent_lines)  # where the header breaks the name (issue 12 format)
        if issuer_lines:
            issuer["name"] = " ".join(issuer_lines)
            if len(issuer_lines) > 1:
                issuer["_lines"] = "\n".join(issuer_lines)
        self.data["issuer"] = issuer
        if parts.number is not None:
            match = _NUMBER.match(" ".join(parts.number.text.split()))
            if match:
                if match.group("number"):
                    self.data["number"] = int(match.group("number"))
                symbol = match.group("symbol")
                prefix = f"{nd30.DOC_TYPE_ABBREVIATION}-"
                if symbol.upper().startswith(prefix) and "-" not in symbol[len(prefix) :]:
                    issuer["abbreviation"] = symbol[len(prefix) :]
                else:
                    issuer["abbreviation"] = symbol.rsplit("-", 1)[-1]
                    self.data["symbol"] = symbol
            else:
                self.warn(parts.number, f"không đọc được số và ký hiệu “{parts.number.text}” (R-SO)")
        if parts.date is not None:
            match = _DATE_LINE.match(" ".join(parts.date.text.split()))
            if match:
                self.data["place"] = match.group("place").strip()
                year = int(match.group("year"))
                if match.group("day") and match.group("month"):
                    try:
                        self.data["issue_date"] = dt.date(year, int(match.group("month")), int(match.group("day")))
                    except ValueError:
                        self.warn(parts.date, f"ngày “{parts.date.text}” không có thật trong lịch")
                        self.data["year"] = year
                else:
                    self.data["year"] = year  # a draft's date line: the day, perhaps the month, left blank
                    if match.group("month"):
                        self.data["month"] = int(match.group("month"))
            else:
                self.warn(parts.date, f"không đọc được dòng địa danh, ngày tháng “{parts.date.text}” (R-DATE)")
        for mark in parts.marks:
            text = mark.text.strip().upper()
            self.data["secrecy" if text in nd30.SECRECY_MARKS else "urgency"] = text

    # -- trích yếu ------------------------------------------------------------------------------------
    def subject(self, parts: Parts, body: list[Para]) -> None:
        # A PDF gives a centred block as one paragraph: its lines ended by hand are the subject's lines.
        lines = [line.strip() for p in parts.subject for line in (p.hard_lines or [p.text])]
        if not lines:  # typed without centring or bold: the short lines under "THÔNG BÁO"
            while body and len(lines) < 4 and body[0].text.rstrip()[-1:] not in ".:;!?" and not labels(body[0].text):
                if lines and _SUBJECT_START.match(body[0].text) and not _SUBJECT_START.match(lines[0]):
                    break
                lines.append(body.pop(0).text.strip())
        if lines:
            self.data["subject"] = "\n".join(lines)
        elif parts.doc_type is not None:
            self.warn(parts.doc_type, "không thấy trích yếu dưới “THÔNG BÁO” (R-SUBJ)")

    # -- opening and lead-in -------------------------------------------------------------------------
    def opening(self, body: list[Para]) -> tuple[list[Para], Para | None]:
        """The paragraphs before the conclusions, and the lead-in sentence ("… như sau:")."""
        limit = next((k for k, p in enumerate(body) if labels(p.text) or (p.bold and self.formatting)), len(body))
        at = next((k for k in range(limit) if _LEAD_IN.match(body[k].text.strip())), None)
        if at is None and limit and body[limit - 1].text.rstrip().endswith(":") and limit > 1:
            at = limit - 1
        if at is None:
            self.warn(body[0] if body else None, "không thấy câu dẫn “… như sau:”: notice-gen sẽ tự viết câu dẫn")
            return [], None
        opening, lead_in = body[:at], body[at]
        del body[: at + 1]
        return opening, lead_in

    def closing(self, body: list[Para]) -> Para | None:
        at = next((k for k in range(len(body) - 1, -1, -1) if body[k].text.rstrip().endswith(nd30.CLOSING_MARK)), None)
        if at is None:
            if body:
                self.warn(body[-1], "không thấy câu kết có “./.”: đoạn cuối được dùng làm câu kết")
                return body.pop()
            return None
        for para in body[at + 1 :]:
            self.warn(para, "đoạn sau câu kết không có chỗ trong mẫu nhập liệu: đã chuyển lên trước câu kết")
        closing = body.pop(at)
        return closing

    def meeting(self, opening: list[Para], lead_in: Para | None) -> None:
        texts = [p.text.strip() for p in opening]
        lead_text = lead_in.text.strip() if lead_in is not None else None
        meeting: dict[str, Any] = {}
        chair: dict[str, Any] = {}
        opening_fields: dict[str, Any] = {}
        if lead_text is not None and (split := _last_sentence(lead_text)):
            texts, lead_text = [*texts, split[0]], split[1]  # the lead-in ends the last opening paragraph
            opening_fields["lead_in_placement"] = "last_sentence"
        if lead_text is not None and (match := _CONCLUSION.match(lead_text)):
            who = match.group("rest").rsplit(", ", 1)[-1]
            if (found := fields.person(who)) and "title" in found:
                chair.update(found)
            self.data["_lead_in_candidates"] = _lead_in_candidates(match.group("rest"), match.group("conclusion"))
        match = (_ORGANIZED.match(texts[0]) or _OPENING.match(texts[0])) if texts else None  # the narrower first
        if match:
            meeting["date"] = fields.first_date(match.group("date")) or fields.first_date("ngày " + match.group("date"))
            if "tháng" in match.group("date"):
                opening_fields["date_style"] = "long"
            if match.group("tod"):
                meeting["time_of_day"] = match.group("tod").lower()
            if match.group("venue"):
                meeting["venue"] = match.group("venue")
            groups = match.groupdict()
            if groups.get("org"):
                opening_fields["construction"] = "organized"
                meeting["organizer"] = groups["org"]
            if groups.get("auth"):
                meeting["authorized_by"] = groups["auth"]
            said = match.group("chair")
            found = fields.person(said)
            if found and "title" in found:
                chair.update(found)
            elif found:
                chair.update({k: v for k, v in found.items()})
            rest = _REST.match(match.group("rest"))
            if rest:
                meeting["name"] = rest.group("name")
                if rest.group("form"):
                    meeting["form"] = rest.group("form")
                    if rest.group("fw") != "theo hình thức":
                        meeting["form_wording"] = rest.group("fw")
                if rest.group("points"):
                    meeting["connection_points"] = int(rest.group("points"))
                if rest.group("counterpart"):
                    meeting["counterpart"] = rest.group("counterpart")
            if match.group("att"):
                meeting["_intro"] = match.group("intro")
                if colon := _COLON.match(match.group("att")):
                    opening_fields["attendees_style"] = "colon"
                    meeting["_intro"] += f" {colon.group('head')}" if colon.group("head") else ""
                    meeting["attendees"] = [_listed(entry) for entry in colon.group("names").split("; ")]
                else:
                    meeting["attendees"] = attendee_groups(match.group("att"))
        elif texts and (match := _OPENING_LOOSE.match(texts[0])):
            meeting["date"] = fields.first_date(match.group("date"))
            if match.group("tod"):
                meeting["time_of_day"] = match.group("tod").lower()
            meeting["venue"], meeting["name"] = match.group("venue"), match.group("name")
            if (found := fields.person(match.group("chair"))) and "title" in found and not chair:
                chair.update(found)
        if len(texts) > 1 and (match := _GUESTS.match(texts[1])):
            meeting["guests"] = attendee_groups(match.group("guests"))
            meeting["_guest_kind"] = match.group("kind")
        # What the opening did not give, from the other parts, then placeholders the drafter must fill.
        subject = self.data.get("subject", "").replace("\n", " ")
        if "name" not in meeting and (match := re.search(r"\btại (.+)$", subject)):
            meeting["name"] = match.group(1)
        if "title" not in chair and (match := re.match(r"^(?:Ý kiến )?[Kk]ết luận của (.+?) tại ", subject)):
            # The opening may name the chair by office ("đồng chí X, Chủ tịch UBND tỉnh"): the subject's title.
            found = fields.person(match.group(1)) or {}
            if not chair or found.get("name") == chair.get("name"):
                chair = {**found, **chair}
            elif not found and "name" in chair:
                chair = {"title": match.group(1), **chair}  # "Kết luận của Giám đốc Sở Xây dựng tại …"
        if "title" not in chair and "position" in chair:
            chair = {"title": chair["position"], **chair}  # the title the opening gives after the name
        if "date" not in meeting or meeting["date"] is None:
            meeting["date"] = fields.first_date(" ".join(texts)) or self.data.get("issue_date")
        if meeting.get("date") is None:
            year = self.data.get("year", dt.date.today().year)
            meeting["date"] = dt.date(year, 1, 1)
            first = opening[0] if opening else None
            self.warn(first, f"không thấy ngày họp: tạm ghi 01/01/{year}, hãy sửa meeting.date")
        for key, what in (("name", "tên cuộc họp"),):  # the venue may be left out (issue 12 format)
            if key not in meeting:
                meeting[key] = PLACEHOLDER
                self.warn(opening[0] if opening else None, f"không thấy {what}: hãy điền meeting.{key}")
        if "title" not in chair or "name" not in chair:
            self.warn(lead_in, "không thấy chức danh và tên người chủ trì: hãy điền meeting.chair")
            chair = {"title": chair.get("title", PLACEHOLDER), "name": chair.get("name", PLACEHOLDER), **chair}
        meeting["chair"] = {k: chair[k] for k in ("title", "name", "roles", "position") if k in chair}
        self.data["meeting"] = meeting
        self.data["opening"] = opening_fields
        self.data["_opening_texts"] = texts
        self.data["_lead_in"] = lead_text
        self._opening_paras = opening

    # -- Nơi nhận, Lưu, người soạn thảo --------------------------------------------------------------
    def recipients(self, parts: Parts) -> None:
        recipients: list[Any] = []
        for para in parts.recipients:
            text = " ".join(para.text.split())
            bare = text.lstrip("-–•+ ").rstrip(" ;,.")
            if match := _ARCHIVE.match(text.lstrip("-–• ")):
                archive: dict[str, Any] = {"units": [u.strip() for u in match.group("units").split(",") if u.strip()]}
                if match.group("copies"):
                    archive["copies"] = int(match.group("copies"))
                if archive != {"units": ["VT"]}:
                    self.data["archive"] = archive
                if match.group("initials"):
                    drafter: dict[str, Any] = {"initials": match.group("initials")}
                    if match.group("drafter_copies"):
                        drafter["copies"] = int(match.group("drafter_copies"))
                    self.data["drafter"] = drafter
                continue
            if match := _ARCHIVE_AS_WRITTEN.match(text.lstrip("-–• ")):
                # "Lưu: VT, KTN (Bình).", "Lưu: VT, CN (2b).": the units as written, so the line prints again
                self.data["archive"] = {"units": [u.strip() for u in match.group("units").split(",") if u.strip()]}
                continue
            if bare.lower().startswith("lưu"):
                self.warn(para, f"không đọc được dòng Lưu “{text}” (R-NNITEM): hãy điền archive")
                continue
            if text.startswith("+") and recipients:
                group = recipients[-1]
                if not isinstance(group, dict) or "note" in group:
                    group = recipients[-1] = {"name": group if isinstance(group, str) else group["name"]}
                    self.warn(para, "dòng “+ …” dưới một nơi nhận không kết thúc bằng “:”: được in thành một nhóm")
                group.setdefault("members", []).append(bare)
                continue
            if not text.startswith(("-", "–", "•")):
                self.warn(para, f"nơi nhận “{text}” không bắt đầu bằng “-”: được in thành một mục “- …;”")
            if text.rstrip().endswith(":"):
                recipients.append({"name": bare.rstrip(":").rstrip()})  # a group: its members follow as "+ …;"
            elif match := _NOTE.match(bare):
                recipients.append({"name": match.group("name"), "note": match.group("note")})
            else:
                recipients.append(bare)
        if not recipients:
            self.warn(parts.recipients_label, "không thấy nơi nhận: hãy điền recipients")
            recipients = [PLACEHOLDER]
        self.data["recipients"] = recipients

    # -- người ký -------------------------------------------------------------------------------------
    def signer(self, parts: Parts) -> None:
        own = {id(p) for p in (*parts.authority, *parts.position, parts.signer_name) if p is not None}
        said = [p.text for p in self.paras if p.zone == "body" and id(p) not in own]  # not the block itself
        authority = []
        for para in parts.authority:
            match = AUTHORITY.match(para.text.strip())
            office = para.text.strip()[match.end() :] if match else para.text.strip()
            authority.append(f"{match.group(1).upper() if match else ''}. {_position_case(office, said)}")
        positions = list(parts.position)
        name = parts.signer_name.text.strip() if parts.signer_name is not None else ""
        if name and name == nd30.upper(name) and parts.signer_name is not None:
            # R-POS prints the position in capitals, R-NAME the name as written: a line in capitals
            # last is the position of a draft that has no name yet.
            positions.append(parts.signer_name)
            name = ""
        position = " ".join(p.text.strip() for p in positions)
        if not positions and not name:
            self.warn(parts.recipients_label, "không thấy người ký: hãy điền signer.position và signer.name")
        signer: dict[str, Any] = {}
        if authority:
            signer["authority"] = authority
        signer["position"] = _position_case(position, said) if position else PLACEHOLDER
        if name:
            signer["name"] = name  # a draft may leave it out (issue 12 format); --final refuses it
        self.data["signer"] = signer


def _last_sentence(text: str) -> tuple[str, str] | None:
    """An opening paragraph that ends with the lead-in ("… đã chủ trì …. Sau khi nghe …, … như sau:"):
    the opening and the lead-in, when what comes before the lead-in reads as an opening."""
    for match in reversed(list(re.finditer(r"\. (?=[A-ZĐÀ-Ỹ])", text))):
        before, after = text[: match.start() + 1], text[match.end() :]
        if _OPENING.match(before) or _ORGANIZED.match(before):
            return before, after
    return None


# How lead-ins usually open: a cut after one of these is preferred to any other cut that composes the same
# sentence ("Trên cơ sở" + "báo cáo …" rather than "Trên" + "cơ sở báo cáo …"). The first is the format's default.
_WORDINGS = ("Sau khi nghe", "Trên cơ sở", "Căn cứ", "Qua")


def _lead_in_candidates(rest: str, conclusion: str) -> list[dict[str, str]]:
    """The ways "<lời mở> <điều đã nghe>, <người kết luận>" may be cut into opening.heard_wording,
    heard and concluded_by: after each of the first words, at each comma. Which one compose turns back
    into the same sentence is for the caller to find; the plainest come first (Sau khi nghe, the last comma)."""
    words = rest.split(" ")
    out: list[dict[str, str]] = []
    cuts = [k for k in range(len(rest)) if rest.startswith(", ", k)]

    def preference(k: int) -> tuple[int, int]:
        said = " ".join(words[:k])
        return (_WORDINGS.index(said) if said in _WORDINGS else len(_WORDINGS), k)

    for k in sorted(range(1, min(len(words), 7)), key=preference):
        wording = " ".join(words[:k])
        for cut in reversed(cuts):
            if cut <= len(wording):
                continue
            heard, who = rest[len(wording) + 1 : cut], rest[cut + 2 :]
            out.append({"heard_wording": wording, "heard": heard, "concluded_by": who, "conclusion": conclusion})
    return out


def _listed(entry: str) -> Any:
    """One entry of a colon list ("Hoàng Quốc Khánh, Phó Chủ tịch UBND tỉnh"): a person when it starts
    with a name (compose._listed writes name, roles, position), else the text as written."""
    name, *offices = entry.split(", ")
    found = fields.split_person(name)
    if found is None or found[0] is not None or not offices or len(offices) > 3:
        return entry
    person: dict[str, Any] = {"name": found[1], "position": offices[-1]}
    if len(offices) > 1:
        person["roles"] = offices[:-1]
    return person


def attendee_groups(text: str) -> list[Any]:
    """The groups of an attendee list as compose joins them (``compose._join``)."""
    pieces = text.split("; ") if "; " in text else _comma_groups(text)
    out: list[Any] = []
    for piece in pieces:
        if piece.startswith(("các đồng chí ", "đồng chí ")):
            inner = piece.removeprefix("các đồng chí ").removeprefix("đồng chí ")
            persons = [fields.person(p) for p in inner.split(", ")]
            if all(p is not None and "title" in p for p in persons):
                out += persons
                continue
            if (one := fields.person(piece)) is not None:
                out.append(one)
                continue
        out.append(piece)
    return out


def _comma_groups(text: str) -> list[str]:
    """Comma-separated groups, a leading "các đồng chí A, B" kept together."""
    parts = text.split(", ")
    if not parts[0].startswith(("các đồng chí ", "đồng chí ")):
        return parts
    k = 1
    while k < len(parts) and (found := fields.person(parts[k])) is not None and "title" in found:
        k += 1
    return [", ".join(parts[:k]), *parts[k:]]


def _position_case(position: str, texts: list[str]) -> str:
    """A signer's title as the text writes it; else cased as NĐ30 writes titles (fields.position_case)."""
    return _as_written(position, texts) or fields.position_case(position)


def header_issuer_case(header: str, texts: list[str]) -> str:
    """The name as the text writes it ("Bộ Thông tin và Truyền thông"); else cased as NĐ30 writes
    the names of bodies (fields.name_case)."""
    return _as_written(header, texts) or fields.name_case(header)


def _as_written(capitals: str, texts: list[str]) -> str | None:
    """The words a header or signature block prints in capitals, as a sentence of the notice writes them."""
    pattern = re.compile(r"\s+".join(re.escape(word) for word in capitals.split()), re.IGNORECASE)
    return next((match.group() for text in texts if (match := pattern.search(text))), None)
