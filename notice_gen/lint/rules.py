"""`notice-gen lint`: mistakes of content that a valid input can still have.

The model (model.py) refuses what cannot be printed; lint reads a notice that loads and
looks for what a careful office clerk would mark in the margin: an abbreviation nobody
explained, "Bộ Trưởng" before a name, a unit name that is not quite the unit's name, hóa
and hoá in one text, text pasted in a legacy encoding, a deadline on a public holiday, a
notice issued too late, an empty section. Each finding has a place (file:line:column), a
level, a rule name, a message and a one-line hint, all in Vietnamese for office staff.

Rule names are Vietnamese without diacritics, in kebab-case (``viet-tat-chua-dinh-nghia``),
like the messages they head; docs/lint.md lists them. The lists that decide what is right
(positions, well-known abbreviations, each issuer's units) are data files under
notice_gen/data, so that the office edits them without touching code.

Levels: ``lỗi`` when the printed notice would be wrong or a rule binding on the office is
broken; ``cảnh báo`` when something is probably wrong or inconsistent and a person decides.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .. import nd30
from ..errors import InputError, Problem
from ..notice.load import PathKey, Source, load
from ..notice.model import Notice, validate
from ..office.data import DataDir
from ..tasks.workdays import Calendar
from .legacy_text import find_legacy, is_syllable

ERROR, WARNING = "lỗi", "cảnh báo"
TONE_STYLES = ("old", "new")  # hóa, thủy | hoá, thuỷ

DEADLINE_HORIZON_YEARS = 3  # a deadline further than this after the meeting is most likely a typo
ISSUE_WITHIN_WORKING_DAYS = 5  # Quyết định 45/2018/QĐ-TTg: the notice within 5 working days
FIX_ROUNDS = 3  # a fix can unblock another (two fixes of one word): a few rounds, never a loop


@dataclass(frozen=True)
class Edit:
    """Replace value[start:end] of the scalar at ``path`` (as loaded, NFC) by ``new``."""

    path: PathKey
    start: int
    end: int
    new: str


@dataclass(frozen=True)
class Finding:
    file: Path
    line: int
    column: int
    level: str
    rule: str
    message: str
    hint: str
    edits: tuple[Edit, ...] = ()
    normalize: bool = False  # fixed by normalising the whole file to NFC

    @property
    def fixable(self) -> bool:
        return bool(self.edits) or self.normalize

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}:{self.column}: {self.level} {self.rule}: {self.message}\n    gợi ý: {self.hint}"
        )


# --- Data ---------------------------------------------------------------------------------


def _data_file(data: DataDir, *parts: str) -> dict[str, Any] | None:
    """A TOML data file, the office's or the packaged default (office/data.py), None when there
    is none; the office edits these files, so a mistake in one is reported with its place, like
    a mistake in an input."""
    resource = data.file(*parts)
    if not resource.is_file():
        return None
    try:
        return tomllib.loads(resource.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r" \(at line (\d+), column (\d+)\)$", str(exc))
        line, column = (int(where.group(1)), int(where.group(2))) if where else (1, 1)
        message = str(exc)[: where.start()] if where else str(exc)
        problem = Problem(
            Path(str(resource)), line, column, "", f"lỗi cú pháp TOML: {message}; hãy sửa tệp dữ liệu này"
        )
        raise InputError([problem]) from None
    except UnicodeDecodeError:
        raise InputError([Problem(Path(str(resource)), 1, 1, "", "tệp dữ liệu phải lưu bằng mã UTF-8")]) from None


@dataclass(frozen=True)
class Unit:
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class UnitList:
    """One issuer's units (notice_gen/data/units/<abbreviation>.toml)."""

    file: str  # where the list was read from, for a message
    edit: str  # where the office adds a unit, for a hint: never a file inside the installed package
    kinds: tuple[str, ...]
    units: tuple[Unit, ...]

    @classmethod
    def for_issuer(cls, abbreviation: str, data: DataDir) -> UnitList | None:
        # The abbreviation becomes a file name: only letters and digits, never a path.
        if not re.fullmatch(r"\w+", abbreviation):
            return None
        name = f"{abbreviation}.toml"
        found = _data_file(data, "units", name)
        if found is None:
            return None
        entries = [*found.get("don_vi", []), *found.get("ngoai_bo", [])]
        if not all(isinstance(e, dict) and isinstance(e.get("ten"), str) for e in entries):
            problem = Problem(Path(str(data.file("units", name))), 1, 1, "", 'mỗi [[don_vi]] cần ten = "…"')
            raise InputError([problem])
        units = tuple(Unit(e["ten"], tuple(e.get("ten_khac", ()))) for e in entries)
        return cls(
            data.shown("units", name), data.where_to_edit("units", name), tuple(found.get("loai", ())), units
        )

    @cached_property
    def spellings(self) -> dict[str, str]:
        """Every accepted spelling, case-folded → the unit's name."""
        return {_casefold(s): u.name for u in self.units for s in (u.name, *u.aliases)}


@dataclass(frozen=True)
class Rules:
    """What the rules compare against: the data files and the working-day calendar."""

    positions: tuple[str, ...]
    well_known: frozenset[str]
    calendar: Calendar
    tone_style: str | None = None  # one of TONE_STYLES; None: the document's majority
    data: DataDir = field(default_factory=DataDir)  # the office's data folder (office/data.py); packaged lists
    _units: dict[str, UnitList | None] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def load(
        cls, *, tone_style: str | None = None, days_file: Path | None = None, data: DataDir | None = None
    ) -> Rules:
        """The office's lists or the shipped ones (``data``), and the calendar with the office's
        day swaps (``days_file``, or the file NOTICE_GEN_DAYS names), as `notice-gen tasks` counts them."""
        if tone_style is not None and tone_style not in TONE_STYLES:
            raise ValueError(f"tone_style must be one of {TONE_STYLES}, not {tone_style!r}")
        data = data or DataDir()
        lists = _data_file(data, "lint.toml") or {}
        try:
            positions, well_known = lists["chuc_vu"]["danh_sach"], lists["viet_tat"]["thong_dung"]
        except (KeyError, TypeError):
            where = Path(str(data.file("lint.toml")))
            wanted = "cần [chuc_vu] danh_sach = […] và [viet_tat] thong_dung = […]"
            raise InputError([Problem(where, 1, 1, "", wanted)]) from None
        return cls(
            positions=tuple(positions),
            well_known=frozenset(well_known),
            calendar=Calendar.load(days_file, data=data),
            tone_style=tone_style,
            data=data,
        )

    def units(self, abbreviation: str) -> UnitList | None:
        """The issuer's unit list, read once per run."""
        if abbreviation not in self._units:
            self._units[abbreviation] = UnitList.for_issuer(abbreviation, self.data)
        return self._units[abbreviation]

    @cached_property
    def position_pattern(self) -> re.Pattern[str]:
        names = sorted(self.positions, key=len, reverse=True)  # "Phó Chánh Văn phòng" before "Chánh Văn phòng"
        return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(n) for n in names)})(?!\w)", re.IGNORECASE)

    @cached_property
    def canonical_position(self) -> dict[str, str]:
        return {_casefold(p): p for p in self.positions}


# --- Texts of a notice ----------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """One string of the input, with what it is for.

    role: "header" (issuer, place), "subject", "body" (everything in the running text),
    "heading" (a section title), "title" (a person's title), "person" (a person's name),
    "recipient", "signer", "unit" (task lead/support), "leader" (task directed_by) and
    "glossary". All but the last three are printed (the signer's lines in capitals).
    """

    path: PathKey
    value: str
    role: str

    @property
    def printed(self) -> bool:
        return self.role not in ("unit", "leader", "glossary")


def notice_texts(data: dict[str, Any]) -> list[Text]:
    """The strings of a loaded notice in the order the printed notice shows them."""
    out: list[Text] = []

    def add(path: PathKey, role: str) -> None:
        value: Any = data
        for part in path:
            if isinstance(value, dict) and isinstance(part, str):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                return
        if isinstance(value, str) and value.strip():
            out.append(Text(path, value, role))

    def person(path: PathKey, entry: Any) -> None:
        if isinstance(entry, str):
            add(path, "body")
            return
        add((*path, "title"), "title")
        add((*path, "name"), "person")
        for index in range(len(entry.get("roles", []))):
            add((*path, "roles", index), "body")
        add((*path, "position"), "body")

    def task(path: PathKey, entry: dict[str, Any]) -> None:
        add((*path, "task"), "body")
        add((*path, "deadline_label"), "body")
        add((*path, "deadline"), "body")
        add((*path, "lead"), "unit")
        for index in range(len(entry.get("support", []))):
            add((*path, "support", index), "unit")
        add((*path, "directed_by"), "leader")

    def items(path: PathKey, entries: list[Any]) -> None:
        for index, entry in enumerate(entries):
            here = (*path, index)
            if isinstance(entry, str):
                add(here, "body")
            elif "section" in entry:
                add((*here, "section"), "heading")
                items((*here, "content"), entry["content"])
            elif "list" in entry:
                items((*here, "list"), entry["list"])
            elif "item" in entry:  # a list item of several paragraphs
                add((*here, "item"), "body")
                items((*here, "content"), entry["content"])
            else:
                task(here, entry)

    add(("issuer", "parent"), "header")
    add(("issuer", "name"), "header")
    add(("issuer", "short_name"), "header")
    add(("place",), "header")
    add(("subject",), "subject")
    opening = data.get("opening", {})
    for index in range(len(opening.get("paragraphs") or [])):
        add(("opening", "paragraphs", index), "body")
    meeting = data["meeting"]
    # The opening sentence: "<ngày>, tại <venue>, <chair> đã chủ trì <name> <form_wording> … <counterpart>."
    add(("meeting", "venue"), "body")
    person(("meeting", "chair"), meeting["chair"])
    add(("meeting", "name"), "body")
    add(("meeting", "form_wording"), "body")
    add(("meeting", "counterpart"), "body")
    add(("meeting", "kind"), "body")
    add(("meeting", "attendees_intro"), "body")
    add(("meeting", "organizer"), "body")
    add(("meeting", "authorized_by"), "body")
    for group in ("attendees", "guests"):
        for index, entry in enumerate(meeting.get(group, [])):
            person(("meeting", group, index), entry)
    for key in ("heard_wording", "heard", "concluded_by", "conclusion", "lead_in"):
        add(("opening", key), "body")
    items(("body",), data["body"])
    for key in data.get("footnotes", {}):
        add(("footnotes", key), "body")
    for key in ("text", "audience", "action"):
        add(("closing", key), "body")
    for index, entry in enumerate(data.get("recipients", [])):
        if isinstance(entry, str):
            add(("recipients", index), "recipient")
        else:
            add(("recipients", index, "name"), "recipient")
            add(("recipients", index, "note"), "recipient")
            for member in range(len(entry.get("members", []))):
                add(("recipients", index, "members", member), "recipient")
    signer = data.get("signer", {})
    for index in range(len(signer.get("authority", []))):
        add(("signer", "authority", index), "signer")
    add(("signer", "position"), "signer")
    add(("signer", "name"), "signer")
    for key in data.get("glossary", {}):
        add(("glossary", key), "glossary")
    return out


# --- Positions in the file ------------------------------------------------------------------


class Locator:
    """The line and column of a character inside a scalar.

    load.Source knows where each scalar starts; the character's place is found by walking
    the scalar's text in the file alongside its value, where a folded line break or the
    indentation of a block scalar is one space of the value. When the two part ways (an
    escape sequence in a double-quoted string), the scalar's own position is given.
    """

    def __init__(self, source: Source, text: str) -> None:
        self.source = source
        self.lines = unicodedata.normalize("NFC", text.removeprefix("\ufeff")).split("\n")  # marks skip a BOM

    def __call__(self, path: PathKey, offset: int = 0, *, key: bool = False) -> tuple[int, int]:
        start = self.source.position(path, key=key)
        if key:
            return start
        value: Any = self.source.data
        for part in path:
            value = value[part]
        if not isinstance(value, str) or not 0 <= offset < len(value):
            return start
        return self._walk(start, value, offset) or start

    def _walk(self, start: tuple[int, int], value: str, offset: int) -> tuple[int, int] | None:
        row, col = start[0] - 1, start[1] - 1
        if row >= len(self.lines):
            return None
        quote = self.lines[row][col : col + 1]
        if quote in ("|", ">"):
            row, col = row + 1, 0
        elif quote in ("'", '"'):
            col += 1
        for index, char in enumerate(value[: offset + 1]):
            # Source whitespace (spaces, line breaks, indentation) stands for value whitespace.
            while row < len(self.lines) and (col >= len(self.lines[row]) or self.lines[row][col] in " \t"):
                if col >= len(self.lines[row]):
                    row, col = row + 1, 0
                else:
                    col += 1
            if char.isspace():
                continue
            if row >= len(self.lines):
                return None
            line = self.lines[row]
            if quote == '"' and line[col] == "\\" and line[col + 1 : col + 2] == char:  # \" or \\
                col += 1
            if line[col] != char:
                return None
            if index == offset:
                return (row + 1, col + 1)
            col += 2 if quote == "'" and char == "'" else 1  # '' is one quote in single quotes
        return None


# --- The checker ------------------------------------------------------------------------------


@dataclass
class Check:
    """One notice under examination."""

    path: Path
    raw: str  # the file as read, before any normalisation
    source: Source
    notice: Notice
    rules: Rules
    findings: list[Finding] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.locate = Locator(self.source, self.raw)
        self.texts = notice_texts(self.source.data)
        self.units = self.rules.units(self.notice.issuer.abbreviation)

    def report(
        self,
        where: tuple[int, int],
        level: str,
        rule: str,
        message: str,
        hint: str,
        edits: tuple[Edit, ...] = (),
        *,
        normalize: bool = False,
    ) -> None:
        self.findings.append(Finding(self.path, where[0], where[1], level, rule, message, hint, edits, normalize))

    def run(self) -> list[Finding]:
        for rule in (
            self.encoding,
            self.abbreviations,
            self.positions,
            self.unit_names,
            self.tone_marks,
            self.deadlines,
            self.issue_date,
            self.structure,
        ):
            rule()
        # A value reached through a YAML alias (*name) is read at every path that uses it, but
        # it is written once, at its anchor (&name): one finding for the user, one edit to make.
        unique: dict[tuple[int, int, str, str], Finding] = {}
        for finding in self.findings:
            unique.setdefault((finding.line, finding.column, finding.rule, finding.message), finding)
        return sorted(unique.values(), key=lambda f: (f.line, f.column, f.rule))

    # Encoding ---------------------------------------------------------------------------------

    def encoding(self) -> None:
        """NFD text (one finding for the file) and words in TCVN3 or VNI (one per string)."""
        decomposed = [
            (number, line)
            for number, line in enumerate(self.raw.split("\n"), 1)
            if not unicodedata.is_normalized("NFC", line)
        ]
        if decomposed:
            number, line = decomposed[0]
            # The letter before the first combining mark (a line can also be non-NFC without one).
            column = next((i for i, c in enumerate(line) if unicodedata.combining(c)), 1)
            lines = f"{len(decomposed)} dòng" if len(decomposed) > 1 else "dòng này"
            self.report(
                (number, max(column, 1)),
                WARNING,
                "ma-nfd",
                f"{lines} có chữ ghi ở dạng Unicode tổ hợp (NFD, dấu tách khỏi chữ); notice-gen vẫn in đúng, "
                "nhưng tìm kiếm và so sánh chữ trong tệp thì không",
                "--fix chuyển cả tệp sang dạng dựng sẵn (NFC)",
                normalize=True,
            )
        for text in self.texts:
            words = find_legacy(text.value)
            for encoding, label in (("TCVN3", "TCVN3 (ABC)"), ("VNI", "VNI")):
                found = [w for w in words if w.encoding == encoding]
                if not found:
                    continue
                span = text.value[found[0].start : found[-1].end]
                converted = span
                for word in reversed(found):
                    start, end = word.start - found[0].start, word.end - found[0].start
                    converted = converted[:start] + word.unicode + converted[end:]
                self.report(
                    self.locate(text.path, found[0].start),
                    ERROR,
                    f"ma-{encoding.lower()}",
                    f"“{_excerpt(span)}” là chữ gõ bằng bảng mã {label}, không phải Unicode: sẽ in ra sai",
                    f"--fix đổi thành “{_excerpt(converted)}”",
                    tuple(Edit(text.path, w.start, w.end, w.unicode) for w in found),
                )

    # Abbreviations ------------------------------------------------------------------------------

    def abbreviations(self) -> None:
        """Every abbreviation of the running text is explained before, or where, it is first used.

        The Nơi nhận block and the signature are left out: they are written in the
        conventional shorthand of NĐ30's own model ("Lưu: VT, …", "CVP …"). The trích yếu is
        a title: what it abbreviates must be explained somewhere, but not before it.
        """
        glossary = set(self.notice.glossary)
        scanned = [t for t in self.texts if t.printed and t.role not in ("recipient", "signer")]
        definitions: dict[str, tuple[int, int, Text]] = {}  # abbreviation → (order, offset, text)
        for order, text in enumerate(scanned):
            for abbreviation, offset in _definitions(text.value):
                definitions.setdefault(abbreviation, (order, offset, text))
        reported: set[str] = set()
        for order, text in enumerate(scanned):
            for abbreviation, offset in _abbreviations(text.value):
                if abbreviation in reported or abbreviation in self.rules.well_known:
                    continue
                defined = definitions.get(abbreviation)
                if defined is None and abbreviation not in glossary:
                    reported.add(abbreviation)
                    self.report(
                        self.locate(text.path, offset),
                        WARNING,
                        "viet-tat-chua-dinh-nghia",
                        f"chữ viết tắt “{abbreviation}” chưa được giải thích ở đâu trong văn bản",
                        f"ở lần dùng đầu tiên, viết đủ cụm từ rồi đặt “{abbreviation}” trong ngoặc đơn "
                        f"(NĐ30, Phụ lục I), hoặc khai trong glossary: “{abbreviation}: …”",
                    )
                elif defined is not None and text.role != "subject" and (order, offset) < defined[:2]:
                    reported.add(abbreviation)
                    line, _ = self.locate(defined[2].path, defined[1])
                    self.report(
                        self.locate(text.path, offset),
                        WARNING,
                        "viet-tat-dung-truoc-dinh-nghia",
                        f"“{abbreviation}” được dùng ở đây, trước khi được giải thích ở dòng {line}",
                        f"chuyển phần giải thích “… ({abbreviation})” lên lần dùng đầu tiên này",
                    )
        printed = [t.value for t in self.texts if t.printed]
        for abbreviation in self.notice.glossary:
            pattern = re.compile(rf"(?<![\w&]){re.escape(abbreviation)}(?![\w&])")
            if not any(pattern.search(value) for value in printed):
                self.report(
                    self.locate(("glossary", abbreviation), key=True),
                    WARNING,
                    "viet-tat-khong-dung",
                    f"“{abbreviation}” có trong glossary nhưng văn bản không dùng",
                    "xóa dòng này khỏi glossary, hoặc dùng chữ viết tắt trong văn bản",
                )

    # Positions ----------------------------------------------------------------------------------

    def positions(self) -> None:
        """ "Bộ Trưởng Nguyễn …" → "Bộ trưởng Nguyễn …" (NĐ30, Phụ lục II: a position takes a
        capital on its first letter, and on a word that is itself a name, as "Văn phòng").

        A wrong capital inside the position is reported wherever it is; a position in lower
        case only before a name ("thứ trưởng Phan Tâm"), because "các bộ trưởng" is right.
        Text in capitals throughout is left alone, and so is the signature, printed in capitals.
        """
        for text in self.texts:
            if not (text.printed or text.role == "leader") or text.role == "signer":
                continue
            for match in self.rules.position_pattern.finditer(text.value):
                written = match.group()
                right = self.rules.canonical_position[_casefold(written)]
                if written == right or written.isupper():
                    continue
                after = text.value[match.end() :]
                before_name = re.match(r"\s+[^\W\d_]", after) is not None and after.lstrip()[0].isupper()
                if written[0].islower() and not before_name:
                    continue
                if written[0].islower() and _TITLE_PREFIX.search(text.value[: match.start()]):
                    continue  # "Tổng cục trưởng" when the list lacks it: a longer title; never "Tổng Cục trưởng"
                self.report(
                    self.locate(text.path, match.start()),
                    ERROR,
                    "viet-hoa-chuc-vu",
                    f"“{written}” viết hoa sai: chức vụ viết là “{right}”",
                    "NĐ30 (Phụ lục II) chỉ viết hoa chữ cái đầu của chức vụ; --fix sửa được",
                    (Edit(text.path, match.start(), match.end(), right),),
                )

    # Unit names ---------------------------------------------------------------------------------

    def unit_names(self) -> None:
        """Task leads and supports, and the recipients that look like a unit, are the issuer's
        listed units. Letter case is not compared (official texts disagree on it); accents,
        hóa/hoá, spacing and a missing "Cục" are."""
        if self.units is None:
            return
        units = self.units
        for text in self.texts:
            if text.role == "recipient":
                folded = _fold(text.value)
                if not any(folded == _fold(k) or folded.startswith(_fold(k) + " ") for k in units.kinds):
                    continue
            elif text.role != "unit":
                continue
            if self._known_unit(units, text.value):
                continue
            folded = _fold(text.value)
            hits = sorted({name for spelling, name in units.spellings.items() if _fold(spelling) == folded})
            if not hits:  # the kind of unit left out: "Viễn thông" for "Cục Viễn thông"
                hits = sorted(
                    {
                        u.name
                        for u in units.units
                        for kind in units.kinds
                        if _fold(u.name) == _fold(f"{kind} {text.value}")
                    }
                )
            where = self.locate(text.path)
            if len(hits) == 1:
                self.report(
                    where,
                    WARNING,
                    "don-vi-khong-co-trong-danh-sach",
                    f"“{text.value}” không đúng tên đơn vị trong danh sách ({units.file})",
                    f"viết đúng “{hits[0]}”; --fix sửa được",
                    (Edit(text.path, 0, len(text.value), hits[0]),),
                )
                continue
            if not hits:
                hits = _nearest(text.value, units)
            suggestion = " hoặc ".join(f"“{h}”" for h in hits)
            self.report(
                where,
                WARNING,
                "don-vi-khong-co-trong-danh-sach",
                f"“{text.value}” không có trong danh sách đơn vị ({units.file})",
                (f"có phải {suggestion}? " if hits else "")
                + f"Nếu là đơn vị mới hoặc cơ quan ngoài Bộ, thêm vào {units.edit}",
            )

    def _known_unit(self, units: UnitList, value: str) -> bool:
        """Listed (any letter case), or listed once the notice's own glossary abbreviations
        are written out ("Viện Chiến lược TTTT" with TTTT: Thông tin và Truyền thông)."""
        expanded = value
        for abbreviation, meaning in self.notice.glossary.items():
            expanded = re.sub(rf"(?<![\w&]){re.escape(abbreviation)}(?![\w&])", meaning, expanded)
        return _casefold(value) in units.spellings or _casefold(expanded) in units.spellings

    # Tone marks ---------------------------------------------------------------------------------

    def tone_marks(self) -> None:
        """hóa/hoá, thủy/thuỷ, tòa/toà, khỏe/khoẻ, ủy/uỷ: one placement in one document.

        The old placement (hóa, thủy) puts the tone on the first vowel of oa, oe, uy ending a
        syllable; the new one (hoá, thuỷ) on the second. The document keeps the style most of
        its words have (the old one on a tie, as NĐ30's "CỘNG HÒA" that notice-gen prints),
        unless --tone-style chooses. Proper names keep their own spelling: people's names and
        the listed unit names ("Cục Tin học hóa") are neither counted nor reported.
        """
        found: list[tuple[Text, re.Match[str], str]] = []
        for text in self.texts:
            if text.role in ("unit", "person"):
                continue
            protected = self._unit_spans(text.value)
            for match in _WORD.finditer(text.value):
                style = _tone_style(match.group())
                if style and not any(s <= match.start() < e for s, e in protected):
                    found.append((text, match, style))
        counts = {style: sum(1 for *_, s in found if s == style) for style in TONE_STYLES}
        chosen = self.rules.tone_style or ("new" if counts["new"] > counts["old"] else "old")
        names = {"old": "kiểu cũ (hóa, thủy)", "new": "kiểu mới (hoá, thuỷ)"}
        why = (
            f"văn bản được yêu cầu đặt dấu {names[chosen]} (--tone-style {chosen})"
            if self.rules.tone_style
            else f"văn bản này chủ yếu đặt dấu {names[chosen]}: {counts[chosen]} chỗ, "
            f"kiểu kia {counts['new' if chosen == 'old' else 'old']} chỗ"
        )
        for text, match, style in found:
            if style == chosen:
                continue
            right = _move_tone(match.group())
            self.report(
                self.locate(text.path, match.start()),
                WARNING,
                "dau-thanh-khong-thong-nhat",
                f"“{match.group()}” đặt dấu {names[style]}, còn {why}",
                f"viết “{right}” cho thống nhất; --fix sửa được",
                (Edit(text.path, match.start(), match.end(), right),),
            )

    def _unit_spans(self, value: str) -> list[tuple[int, int]]:
        if self.units is None:
            return []
        spans = []
        for spelling in {s for u in self.units.units for s in (u.name, *u.aliases)}:
            spans += [m.span() for m in re.finditer(rf"(?<!\w){re.escape(spelling)}(?!\w)", value, re.IGNORECASE)]
        return spans

    # Dates --------------------------------------------------------------------------------------

    def deadlines(self) -> None:
        """A date deadline is after the meeting, not years after it, and on a working day.
        Dates written inside a text deadline ("trước ngày 30/4/2022") are checked too."""
        meeting = self.notice.meeting.date
        for text in self.texts:
            if text.path[-1:] != ("deadline",):
                continue
            for offset, day in _dates(text.value):
                self._deadline(text, offset, day, meeting)

    def _deadline(self, text: Text, offset: int, day: dt.date, meeting: dt.date) -> None:
        where = self.locate(text.path, offset)
        shown, met = nd30.short_date(day), nd30.short_date(meeting)
        if day < meeting:
            self.report(
                where,
                ERROR,
                "thoi-han-truoc-ngay-hop",
                f"thời hạn {shown} ở trước cả ngày họp {met}",
                "kiểm tra lại ngày, tháng, năm của thời hạn (hoặc meeting.date)",
            )
            return
        if day > _add_years(meeting, DEADLINE_HORIZON_YEARS):
            self.report(
                where,
                WARNING,
                "thoi-han-qua-xa",
                f"thời hạn {shown} cách ngày họp {met} hơn {DEADLINE_HORIZON_YEARS} năm",
                "kiểm tra lại năm của thời hạn",
            )
        calendar = self.rules.calendar
        if calendar.is_working_day(day):
            return
        holiday = calendar.holiday_name(day)
        weekday = _WEEKDAYS[day.weekday()]
        what = f"ngày nghỉ ({holiday}), {weekday}" if holiday else weekday
        previous = day - dt.timedelta(days=1)
        while not calendar.is_working_day(previous):
            previous -= dt.timedelta(days=1)
        self.report(
            where,
            WARNING,
            "thoi-han-ngay-nghi",
            f"thời hạn {shown} là {what}, không phải ngày làm việc",
            f"chọn ngày làm việc, ví dụ ngày làm việc liền trước là {nd30.short_date(previous)}; nếu để nguyên, "
            f"theo Bộ luật Dân sự 2015, Điều 148 thời hạn kết thúc vào ngày làm việc tiếp theo, "
            f"{nd30.short_date(calendar.period_end(day))}",
        )

    def issue_date(self) -> None:
        """Quyết định 45/2018/QĐ-TTg: the conclusion notice is issued within 5 working days of the meeting."""
        issued, meeting = self.notice.issue_date, self.notice.meeting.date
        if issued is None:
            return
        found = issue_date_problem(issued, meeting, self.rules.calendar)
        if found is not None:
            self.report(self.locate(("issue_date",)), *found)

    # Structure ----------------------------------------------------------------------------------

    def structure(self) -> None:
        """Empty sections, a task written twice, a task without its lead unit in a tasks
        section, and a hand-written closing without the final "./."."""
        seen: dict[str, PathKey] = {}

        def walk(blocks: list[Any], path: PathKey, in_tasks: bool) -> None:
            for index, block in enumerate(blocks):
                here = (*path, index)
                if isinstance(block, str):
                    continue
                if "section" in block:
                    title = block["section"]
                    if title and not _has_substance(block["content"]):
                        self.report(
                            self.locate((*here, "section")),
                            ERROR,
                            "muc-rong",
                            f"mục “{_excerpt(title)}” không có nội dung (chỉ có câu dẫn hoặc chữ giữ chỗ)",
                            "viết nội dung cho mục, hoặc xóa mục",
                        )
                    tasks = in_tasks or bool(title and _TASKS_HEADING.search(title))
                    walk(block["content"], (*here, "content"), tasks)
                elif "list" in block:
                    walk(block["list"], (*here, "list"), in_tasks)
                elif "item" in block:  # a list item of several paragraphs: its tasks are in its content
                    walk(block["content"], (*here, "content"), in_tasks)
                else:
                    self._task(block, here, in_tasks, seen)

        walk(self.source.data["body"], ("body",), False)
        text = self.source.data.get("closing", {}).get("text")
        if isinstance(text, str) and not text.rstrip().endswith(nd30.CLOSING_MARK):
            kept = len(text.rstrip().rstrip("."))
            self.report(
                self.locate(("closing", "text"), max(len(text.rstrip()) - 1, 0)),
                WARNING,
                "thieu-dau-ket-thuc",
                "câu kết (closing.text) không kết thúc bằng “./.”",
                "notice-gen thêm “./.” khi in, nhưng tệp nên viết đúng như bản in; --fix thêm vào",
                (Edit(("closing", "text"), kept, len(text), nd30.CLOSING_MARK),),
            )

    def _task(self, block: dict[str, Any], path: PathKey, in_tasks: bool, seen: dict[str, PathKey]) -> None:
        key = _same_words(block["task"])
        if key in seen:
            line, _ = self.locate((*seen[key], "task"))
            self.report(
                self.locate((*path, "task")),
                WARNING,
                "nhiem-vu-trung-lap",
                f"nhiệm vụ này trùng từng chữ với nhiệm vụ ở dòng {line}",
                "xóa một trong hai, hoặc gộp các đơn vị vào một nhiệm vụ (lead, support)",
            )
        else:
            seen[key] = path
        if in_tasks and not block.get("lead"):
            self.report(
                self.locate((*path, "task")),
                WARNING,
                "nhiem-vu-thieu-don-vi",
                "nhiệm vụ trong mục giao nhiệm vụ nhưng không có đơn vị chủ trì",
                "thêm “lead: <đơn vị chủ trì>” (không in ra; dùng để theo dõi và xuất danh sách nhiệm vụ)",
            )


# --- Helpers ----------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"[^\W_][\w&]*(?:-[^\W_][\w&]*)*")
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_PARENTHESIS = re.compile(r"(?<=\S)\s*\(([^()]{1,80})\)")
_NAMED_AS = re.compile(r"^(?:sau đây\s+)?(?:gọi|viết)\s+tắt\s+là\s+", re.IGNORECASE)
_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# A section gives tasks when its title, or a title above it, says so.
_TASKS_HEADING = re.compile(r"nhiệm vụ|phân công|giao việc|tổ chức thực hiện", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^\W*(?:todo|tbd|x{3,}|\(?(?:đang|sẽ)\s+(?:cập nhật|bổ sung)\)?)?\W*$", re.IGNORECASE)
# Words that make a longer title of a position ("Phó Tổng cục trưởng", "Quyền Cục trưởng").
_TITLE_PREFIX = re.compile(r"(?<!\w)(?:Phó|Tổng|Quyền)\s+$", re.IGNORECASE)
_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# oa, oe, uy ending a syllable, after any initial but "qu" (in "quý" the tone sits on y either way).
_TONE_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|[bcdđghklmnprstvx])?(?:oa|oe|uy)")


def _casefold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _fold(text: str) -> str:
    """Compare names without case, accents or tone placement: "Cuc Vien thong" ~ "Cục Viễn thông"."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))
    bare = bare.replace("đ", "d")
    return re.sub(r"\s*([-,&()])\s*", r"\1", " ".join(bare.split()))


def _excerpt(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_abbreviation(token: str) -> bool:
    """Two capitals or more, nothing in lower case, no digit, and no Roman numeral.

    Tokens joined by hyphens are document symbols ("TB-BTTTT", "749/QĐ-TTg") or compounds
    ("Covid-19"), never abbreviations to explain; codes with digits ("C06", "5G") neither.
    """
    if "-" in token or any(c.isdigit() for c in token) or _ROMAN.fullmatch(token):
        return False
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _abbreviations(value: str) -> Iterator[tuple[str, int]]:
    """The abbreviations of a text and their offsets.

    Words in capitals are no abbreviations: a text written all in capitals has none, and
    inside a text a Vietnamese syllable in capitals ("BỘ", "NAM" in "VIỆT NAM") is skipped
    when it, or a capitalised word next to it, carries a Vietnamese accent.
    """
    words = _TOKEN.findall(value)  # "TT&TT" is one word, not a text in capitals
    if (len(words) > 1 and not any(c.islower() for c in value)) or _PLACEHOLDER.fullmatch(value):
        return
    run: list[re.Match[str]] = []
    for match in [*_TOKEN.finditer(value), None]:
        if match is not None and _is_abbreviation(match.group()):
            if run and value[run[-1].end() : match.start()].isspace():
                run.append(match)
                continue
            yield from _outside_words(run)
            run = [match]
        else:
            yield from _outside_words(run)
            run = []


def _outside_words(run: list[re.Match[str]]) -> Iterator[tuple[str, int]]:
    accented = any(not m.group().isascii() and is_syllable(m.group()) for m in run)
    for match in run:
        if not (accented and is_syllable(match.group())):
            yield match.group(), match.start()


def _definitions(value: str) -> Iterator[tuple[str, int]]:
    """ "Thông tin và Truyền thông (TTTT)", "(Bộ TTTT)", "(sau đây gọi tắt là CĐS)": the
    abbreviations a text explains, and where."""
    for match in _PARENTHESIS.finditer(value):
        inside = match.group(1)
        named = _NAMED_AS.match(inside)
        if not named and len(inside.split()) > 3:
            continue
        start = match.start(1)
        for abbreviation, offset in _abbreviations(inside):
            yield abbreviation, start + offset


def _tone_style(word: str) -> str | None:
    """ "old" for hóa, thủy; "new" for hoá, thuỷ; None for a word without that choice."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    bare = "".join(c for c in decomposed if c not in _TONE_MARKS)
    if not _TONE_SYLLABLE.fullmatch(unicodedata.normalize("NFC", bare)):
        return None
    letters = [unicodedata.normalize("NFD", c) for c in unicodedata.normalize("NFC", word.lower())]
    if any(m in letters[-2] for m in _TONE_MARKS):
        return "old"
    if any(m in letters[-1] for m in _TONE_MARKS):
        return "new"
    return None


def _move_tone(word: str) -> str:
    """hóa ↔ hoá: the tone mark moves to the other vowel of the pair; letter case stays."""
    letters = list(unicodedata.normalize("NFC", word))
    first, second = (unicodedata.normalize("NFD", c) for c in letters[-2:])
    tone = next(m for m in _TONE_MARKS if m in first + second)
    if tone in first:
        first, second = first.replace(tone, ""), second + tone
    else:
        first, second = first + tone, second.replace(tone, "")
    letters[-2:] = [unicodedata.normalize("NFC", first), unicodedata.normalize("NFC", second)]
    return "".join(letters)


def _dates(value: str) -> Iterator[tuple[int, dt.date]]:
    """Real dates written in a text, as the model reads them (30/4/2022 or 2022-04-30)."""
    if match := _ISO_DATE.match(value.strip()):
        year, month, day = (int(g) for g in match.groups())
        yield len(value) - len(value.lstrip()), dt.date(year, month, day)  # the model made sure it is real
        return
    for match in _DATE.finditer(value):
        day, month, year = (int(g) for g in match.groups())
        try:
            yield match.start(), dt.date(year, month, day)
        except ValueError:
            continue


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _nearest(value: str, units: UnitList) -> list[str]:
    """Listed units close to ``value``: a near spelling ("Cục Tin hoc"), or the start of a listed
    name once the abbreviations of ``value`` are read as that name's initials ("Sở TT&TT các
    tỉnh, thành phố" → "Sở Thông tin và Truyền thông các tỉnh, thành phố trực thuộc Trung ương")."""
    folded = _fold(value)
    folded_names = {_fold(s): name for s, name in units.spellings.items()}
    found = {folded_names[m] for m in difflib.get_close_matches(folded, folded_names, n=3, cutoff=0.8)}
    for unit in units.units:
        for spelling in (unit.name, *unit.aliases):
            expanded, whole = _fold(_expand(value, spelling)), _fold(spelling)
            close = difflib.SequenceMatcher(None, expanded, whole).ratio() >= 0.8
            if expanded != folded and (close or (whole.startswith(expanded) and len(expanded) * 2 >= len(whole))):
                found.add(unit.name)
    return sorted(found)


def _expand(value: str, name: str) -> str:
    """``value`` with each abbreviation replaced by the words of ``name`` it stands for: the
    run of words whose initials are its letters, "và" read as "&" ("TT&TT" → "Thông tin và
    Truyền thông"). An abbreviation that ``name`` does not spell stays as it is."""
    words = name.split()
    for match in reversed(list(_TOKEN.finditer(value))):
        letters = [c.casefold() for c in match.group() if c.isalpha()]
        if not _is_abbreviation(match.group()):
            continue
        for start in range(len(words)):
            run: list[str] = []
            for word in words[start:]:
                taken = sum(1 for w in run if w.casefold() != "và")
                if taken == len(letters):
                    break
                if run and word.casefold() == "và":
                    run.append(word)
                elif word[:1].casefold() == letters[taken]:
                    run.append(word)
                else:
                    break
            if sum(1 for w in run if w.casefold() != "và") == len(letters):
                value = value[: match.start()] + " ".join(run) + value[match.end() :]
                break
    return value


def _same_words(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(" .;:")


def _has_substance(blocks: list[Any]) -> bool:
    """Anything but placeholders ("…", "TODO") and lead-ins ending in ":" with nothing after."""
    for block in blocks:
        if isinstance(block, str):
            if not _PLACEHOLDER.fullmatch(block) and not block.rstrip().endswith(":"):
                return True
        elif "section" in block and not block["section"]:
            if _has_substance(block["content"]):
                return True
        elif "list" in block:
            if _has_substance(block["list"]):
                return True
        else:  # a task, or a titled section (checked on its own)
            return True
    return False


# --- Entry points -----------------------------------------------------------------------------


def issue_date_problem(issued: dt.date, meeting: dt.date, calendar: Calendar) -> tuple[str, str, str, str] | None:
    """What is wrong with issuing on ``issued`` a notice of a meeting held on ``meeting``:
    (severity, code, message, hint), or None. An issue date before the meeting is an error;
    one later than 5 working days after it (Quyết định 45/2018/QĐ-TTg) a warning.
    `lint` reports it on issue_date; `issue` refuses the error and prints the warning."""
    if issued < meeting:
        return (
            ERROR,
            "ngay-ban-hanh-truoc-ngay-hop",
            f"ngày ban hành {nd30.short_date(issued)} ở trước ngày họp {nd30.short_date(meeting)}",
            "kiểm tra lại issue_date và meeting.date",
        )
    latest = calendar.add_working_days(meeting, ISSUE_WITHIN_WORKING_DAYS)
    if issued <= latest:
        return None
    days = calendar.working_days_between(meeting, issued)
    return (
        WARNING,
        "ngay-ban-hanh-muon",
        f"ngày ban hành {nd30.short_date(issued)} là {days} ngày làm việc sau ngày họp "
        f"{nd30.short_date(meeting)}; Quyết định 45/2018/QĐ-TTg yêu cầu ban hành trong "
        f"{ISSUE_WITHIN_WORKING_DAYS} ngày làm việc (chậm nhất {nd30.short_date(latest)})",
        "nếu ngày ban hành đúng, ghi lý do chậm trong hồ sơ; nếu sai, sửa issue_date",
    )


def examine(path: Path, rules: Rules) -> Check:
    """Lint one input; raises InputError (from load or the model) when the file is not a
    notice at all, exactly as `notice-gen render` would."""
    source = load(path)
    notice = validate(source)
    check = Check(path, path.read_text(encoding="utf-8"), source, notice, rules)
    check.findings = check.run()
    return check


def lint_file(path: Path, rules: Rules) -> list[Finding]:
    return examine(path, rules).findings


def scalars(data: Any, path: PathKey = ()) -> dict[PathKey, str]:
    """Every string value of loaded data, by path."""
    if isinstance(data, str):
        return {path: data}
    if isinstance(data, dict):
        items: Iterator[tuple[str | int, Any]] = iter(data.items())
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return {}
    out: dict[PathKey, str] = {}
    for key, value in items:
        out.update(scalars(value, (*path, key)))
    return out
