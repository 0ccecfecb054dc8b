"""`notice-gen import`: a finished notice (DOCX, PDF, text) back into input YAML.

As Pandoc does, one reader per format (``readers``) turns the source into the
same paragraphs, one recogniser (``recognise``, ``body``) reads them into the
fields of the input format, the model validates them, and one writer
(``writer``) prints the YAML. ``onto`` merges an import into an existing YAML
file. The Python API for other front ends (the web upload of issue 16):

    from notice_gen.importer import import_file
    result = import_file(Path("thong-bao.docx"))
    result.yaml_text, result.warnings
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import templates
from ..errors import NoticeError
from .readers import ReadError, read
from .recognise import PLACEHOLDER, ImportWarning, Recogniser, header_issuer_case

__all__ = ["ImportError_", "ImportWarning", "Imported", "ReadError", "import_file", "import_paras"]


class ImportError_(NoticeError):
    """The source was read but gives no valid notice (a bug of the recogniser, or text the model refuses)."""


@dataclass
class Imported:
    """What an import gives: the data of the notice, its YAML, and what could not be read into fields."""

    data: dict[str, Any]
    warnings: list[ImportWarning] = field(default_factory=list)
    kind: str = ""
    pages: int | None = None

    def yaml_text(self, schema: str | None = None) -> str:
        from .writer import dump

        return dump(self.data, schema)


def import_file(path: Path, *, template: str | None = None, templates_dir: Path | None = None) -> Imported:
    """Read one notice. Raises ReadError (a scan, a broken file) or ImportError_; never writes anything."""
    source = read(path)
    formatting = source.kind != "text" or any(s.bold for p in source.paras for s in p.spans)
    try:
        imported = import_paras(
            source.paras, formatting=formatting, template=template, templates_dir=templates_dir, footnotes=source.notes
        )
    except ImportError_:
        if not source.notes:
            raise
        # A call where the format allows none (the opening, the closing): the text without calls, and said.
        source = read(path, footnotes=False)
        imported = import_paras(source.paras, formatting=formatting, template=template, templates_dir=templates_dir)
    imported.kind, imported.pages = source.kind, source.pages
    if source.footnotes > len(source.notes):
        imported.warnings.append(
            ImportWarning(
                "",
                f"văn bản có {source.footnotes} chú thích cuối trang, {len(source.notes)} nhập được: hãy chép "
                "những chú thích còn lại vào footnotes và gọi [^tên] ở đúng chỗ trong body (docs/input-format.md)",
            )
        )
    return imported


def import_paras(
    paras: list[Any],
    *,
    formatting: bool,
    template: str | None = None,
    templates_dir: Path | None = None,
    footnotes: dict[str, str] | None = None,
) -> Imported:
    """``footnotes``: the texts of the "[^name]" calls the paragraphs hold (a DOCX's Word footnotes)."""
    recogniser = Recogniser(paras, formatting=formatting)
    data = recogniser.run()
    if footnotes:
        data["footnotes"] = dict(footnotes)
    warnings = recogniser.warnings
    _issuer(data, warnings)
    chosen = _template(data, template, templates_dir)
    _generated_wording(data, chosen)
    ordered = _ordered(data)
    from ..notice.model import Notice

    try:
        notice = Notice.model_validate(ordered)
    except Exception as exc:  # pydantic's ValidationError: the text has what the format refuses
        raise ImportError_(f"nội dung đọc được không thành một thông báo hợp lệ: {_first_error(exc)}") from None
    from ..notice.load import field_path
    from ..notice.model import footnote_problems

    if problems := footnote_problems(notice):  # a call outside the body: import_file retries without calls
        path, message = problems[0]
        raise ImportError_(f"nội dung đọc được không thành một thông báo hợp lệ: {field_path(path)}: {message}")
    return Imported(ordered, warnings)


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors(include_url=False)[0]
        return f"{'.'.join(str(p) for p in first['loc'] if not str(p).startswith('#'))}: {first['msg']}"
    return str(exc)


def _issuer(data: dict[str, Any], warnings: list[ImportWarning]) -> None:
    """The issuer's name as the sentences write it, and its abbreviation when the header has none."""
    issuer = data["issuer"]
    lines = issuer.pop("_lines", None)
    texts = [*data["_opening_texts"], data["_closing_text"].text if data["_closing_text"] else ""]
    closing = texts[-1]
    said = closing.split(" thông báo ", 1)[0] if " thông báo " in closing else None
    if "name" in issuer:
        header = issuer["name"]
        folded = (said or "").casefold()
        if issuer.get("parent") and said and folded.startswith(header.casefold()) and folded != header.casefold():
            issuer["short_name"] = lines or header_issuer_case(header, [said])
            issuer["name"] = said
        else:
            issuer["name"] = header_issuer_case(header, texts)
    elif said:
        issuer["name"] = said
        message = f"không thấy tên cơ quan ban hành ở phần đầu (R-CQ): lấy từ câu kết (“{said}”)"
        warnings.append(ImportWarning("", message))
    else:
        issuer["name"] = PLACEHOLDER
        warnings.append(ImportWarning("", "không thấy tên cơ quan ban hành: hãy điền issuer.name"))
    if lines and "short_name" not in issuer:
        issuer["short_name"] = lines  # the header breaks the name where it did in the source
    if "abbreviation" not in issuer:
        from .fields import abbreviation

        issuer["abbreviation"] = abbreviation(issuer["name"]) if issuer["name"] != PLACEHOLDER else "CQ"
        warnings.append(
            ImportWarning("", f"không thấy số và ký hiệu: ký hiệu tạm là TB-{issuer['abbreviation']}, hãy kiểm tra")
        )
    if "place" not in data:
        data["place"] = PLACEHOLDER
        warnings.append(ImportWarning("", "không thấy địa danh, ngày tháng (R-DATE): hãy điền place"))
    if "issue_date" not in data and "year" not in data:
        data["year"] = data["meeting"]["date"].year
    if data.get("year") == data["meeting"]["date"].year:
        data.pop("year")  # the draft's year is the meeting's by default


def _template(data: dict[str, Any], name: str | None, folder: Path | None) -> templates.Template:
    """The template asked for; else the first whose closing formula gives the notice's closing."""
    if name:
        data["template"] = name
        return templates.find(name, folder)
    candidates = ["bo", *sorted(n for n in _available(folder) if n != "bo")]
    closing = _closing_text(data)
    for candidate in candidates:
        template = templates.find(candidate, folder)
        if _closing_fields(data, template, closing) is not None:
            data["template"] = candidate
            return template
    data["template"] = "bo"
    return templates.find("bo", folder)


def _available(folder: Path | None) -> list[str]:
    found = {p.parent.name for f in templates.search_path(folder) if f.is_dir() for p in f.glob("*/manifest.toml")}
    return sorted(found)


def _closing_text(data: dict[str, Any]) -> str | None:
    para = data["_closing_text"]
    if para is None:
        return None
    from .. import nd30

    return para.text.strip().removesuffix(nd30.CLOSING_MARK).rstrip(" .")


_ACTIONS = (
    "biết và thực hiện",
    "biết, thực hiện",
    "biết và triển khai thực hiện",
    "quán triệt và triển khai thực hiện",
)


def _closing_fields(
    data: dict[str, Any], template: templates.Template, closing: str | None
) -> dict[str, str] | None:
    """closing.audience and closing.action that make the template's formula print ``closing``."""
    if closing is None:
        return None
    from ..notice.model import Chair
    from ..render.compose import _titled  # the chair as the closing names them

    chair = data["meeting"]["chair"]
    try:
        titled = _titled(Chair.model_validate(chair))
    except Exception:
        return None
    base = {"issuer": data["issuer"]["name"], "chair": titled, "meeting": data["meeting"]["name"]}
    defaults = {"audience": "các cơ quan, đơn vị liên quan", "action": "biết và thực hiện"}
    if template.closing({**base, **defaults}) == closing:
        return {}
    marker = "\x00"
    formula = template.closing({**base, "audience": marker, "action": marker})
    head, _, tail = formula.partition(marker + " " + marker)
    if not _ or not closing.startswith(head) or not closing.endswith(tail):
        return None
    middle = closing[len(head) : len(closing) - len(tail) if tail else None]
    for action in (*_ACTIONS, *_split_actions(middle)):
        if middle.endswith(" " + action):
            audience = middle[: -len(action) - 1]
            out = {}
            if audience != defaults["audience"]:
                out["audience"] = audience
            if action != defaults["action"]:
                out["action"] = action
            return out
    return None


def _split_actions(middle: str) -> list[str]:
    import re

    match = re.search(r"\s((?:biết|quán triệt|nghiên cứu|triển khai|thực hiện)\b.*)$", middle)
    return [match.group(1)] if match else []


_STYLE = ("date_style", "construction", "attendees_style")  # opening fields that shape the opening sentence


def _generated_wording(data: dict[str, Any], template: templates.Template) -> None:
    """Keep the generated opening, lead-in and closing where they print the source's words; else the words."""
    from ..notice.model import Meeting, Notice
    from ..render.compose import _opening

    meeting = data["meeting"]
    intro = meeting.pop("_intro", None)
    guest_kind = meeting.pop("_guest_kind", None)
    opening = data["opening"]
    texts = data.pop("_opening_texts")
    lead_in = data.pop("_lead_in")
    lead_in_candidates = data.pop("_lead_in_candidates", [])
    closing = _closing_text(data)
    data.pop("_closing_text")
    style = {k: opening[k] for k in _STYLE if k in opening}

    def attempt(meeting_try: dict[str, Any]) -> bool:
        try:
            probe = Notice.model_validate({**_minimal(data), "meeting": meeting_try, "opening": style})
        except Exception:
            return False
        return _opening(probe) == texts

    generated = False
    if texts:
        candidates = []
        organizers = [None, meeting["organizer"]] if "organizer" in meeting else [None]
        for attendees_intro in (None, intro):  # the plainest first: the default intro of a named kind
            for kind in (None, *(_kinds(intro, guest_kind))):
                for organizer in organizers:  # none: the issuer's name, which compose prints by default
                    m = {k: v for k, v in meeting.items() if k != "organizer"}
                    if kind:
                        m["kind"] = kind
                    if attendees_intro:
                        m["attendees_intro"] = attendees_intro
                    if organizer:
                        m["organizer"] = organizer
                    candidates.append(m)
        for m in candidates:
            try:
                Meeting.model_validate(m)
            except Exception:
                continue
            if attempt(m):
                data["meeting"] = meeting = m
                generated = True
                break
    if not generated:
        for key in ("attendees", "guests", "organizer", "authorized_by"):
            meeting.pop(key, None)
        for key in _STYLE:
            opening.pop(key, None)
        opening["paragraphs"] = texts
    # The lead-in: the first cut of its words that compose prints back (the plainest are tried first).
    same = False
    try:
        base = Notice.model_validate({**_minimal(data), "meeting": meeting, "opening": {}})
    except Exception:
        base = None
    if base is not None and lead_in is not None:
        chosen = _lead_in_fields(base, lead_in, lead_in_candidates, texts if generated else None)
        if chosen is not None:
            fields, kind = chosen
            opening.update(fields)
            if kind:
                meeting["kind"] = kind
            same = True
    if not same and lead_in is not None:
        opening["lead_in"] = lead_in
    if not opening:
        data.pop("opening")
    # The closing.
    found = _closing_fields(data, template, closing)
    if found is None and closing is not None:
        data["closing"] = {"text": closing + "./."}
    elif found:
        data["closing"] = found
def _lead_in_fields(
    base: Any, lead_in: str, candidates: list[dict[str, str]], opening_texts: list[str] | None
) -> tuple[dict[str, str], str | None] | None:
    """The opening fields (and perhaps meeting.kind) that make compose print ``lead_in``: the first
    candidate cut that does, without every field whose default prints the same words; a ``heard`` that
    is the default sentence of some kind becomes that kind, if the generated opening stays the same."""
    from ..notice.model import Opening
    from ..render.compose import _lead_in, _opening

    def prints(fields: dict[str, Any], kind: str | None = None) -> bool:
        meeting = base.meeting.model_copy(update={"kind": kind}) if kind else base.meeting
        probe = base.model_copy(update={"opening": base.opening.model_copy(update=fields), "meeting": meeting})
        if kind and opening_texts is not None and _opening(probe) != opening_texts:
            return False
        return _lead_in(probe) == lead_in

    found = next((c for c in candidates if prints(c)), None)
    if found is None:
        return None
    chosen = dict(found)
    for key in ("heard_wording", "concluded_by", "conclusion", "heard"):
        trial = {**chosen, key: Opening.model_fields[key].default}
        if prints(trial):
            chosen = trial
    kind = None
    if chosen["heard"] is not None and base.meeting.kind is None:
        words = chosen["heard"].split(" ")
        for n in range(1, min(4, len(words))):
            if prints({**chosen, "heard": None}, " ".join(words[-n:])):
                kind, chosen = " ".join(words[-n:]), {**chosen, "heard": None}
                break
    defaults = {key: Opening.model_fields[key].default for key in chosen}
    return {k: v for k, v in chosen.items() if v != defaults[k]}, kind


def _kinds(intro: str | None, guest_kind: str | None) -> list[str]:
    out = []
    intro = intro.removesuffix(" các đồng chí") if intro else intro  # a colon list's intro (attendees_style)
    if intro and intro.startswith("Tham dự ") and intro.endswith(" có") and intro != "Tham dự có":
        out.append(intro.removeprefix("Tham dự ").removesuffix(" có"))
    if guest_kind:
        out.append(guest_kind[0].lower() + guest_kind[1:])
        out.append(guest_kind)
    return out


def _minimal(data: dict[str, Any]) -> dict[str, Any]:
    """Enough of the notice for the model to compose one sentence."""
    return {
        "issuer": data["issuer"],
        "place": data.get("place", PLACEHOLDER),
        "body": ["."],
        "recipients": ["."],
        "signer": {"position": ".", "name": "."},
    }


_ORDER = (
    "template",
    "issuer",
    "symbol",
    "number",
    "issue_date",
    "year",
    "month",
    "place",
    "secrecy",
    "urgency",
    "subject",
    "meeting",
    "opening",
    "glossary",
    "numbering",
    "body",
    "footnotes",
    "closing",
    "recipients",
    "archive",
    "drafter",
    "signer",
)
_MEETING_ORDER = (
    "name",
    "kind",
    "date",
    "time_of_day",
    "venue",
    "form",
    "form_wording",
    "connection_points",
    "counterpart",
    "organizer",
    "authorized_by",
    "chair",
    "attendees_intro",
    "attendees",
    "guests",
)


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    """The fields in the order of the format (model.Notice), as the shipped inputs write them."""
    out = {key: data[key] for key in _ORDER if key in data}
    issuer = out["issuer"]
    out["issuer"] = {k: issuer[k] for k in ("parent", "name", "short_name", "abbreviation") if k in issuer}
    meeting = out["meeting"]
    out["meeting"] = {k: meeting[k] for k in _MEETING_ORDER if k in meeting}
    return out
