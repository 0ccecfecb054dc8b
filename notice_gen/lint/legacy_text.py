"""Find Vietnamese text typed in the legacy TCVN3 (ABC) or VNI encodings, and convert it.

Text copied from an old Word document set in a .VnTime (TCVN3) or VNI-Times (VNI) font
arrives as ordinary Latin-1 characters: "Th«ng b¸o" is TCVN3 for "Thông báo", "Thoâng baùo"
is VNI for the same words. Both tables use characters that also occur in real Vietnamese
Unicode text ("ô", "á", "ì", …), so a character alone proves nothing. A word is judged
instead: it is legacy when it is no Vietnamese syllable as written but becomes one once
converted. Words that read well both ways ("Bé" is a word, and TCVN3 for "Bộ") follow the
nearest word that was decided, and stay as written when there is none or the two
neighbours disagree, so a Unicode sentence is never converted.

Tables: TCVN3 is TCVN 5712:1993 VN3, the 0xA1–0xFE half of VN1 without its upper-case
toned letters (glibc's TCVN5712-1 gives the same characters; a test checks this). VNI is the
VNI-Windows layout: a base vowel followed by one character for the marks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# TCVN 5712:1993 VN3: byte (read as the Latin-1 character of the same number) → letter.
_TCVN3_BYTES = (
    (0xA1, "ĂÂÊÔƠƯĐăâêôơưđ"),
    (0xB5, "àảãáạ"),
    (0xBB, "ằẳẵắ"),
    (0xC6, "ặầẩẫấậè"),
    (0xCE, "ẻẽéẹềểễếệìỉ"),
    (0xDC, "ĩíịò"),
    (0xE1, "ỏõóọồổỗốộờởỡớợù"),
    (0xF1, "ủũúụừửữứựỳỷỹýỵ"),
)
TCVN3: dict[str, str] = {
    chr(start + offset): letter for start, letters in _TCVN3_BYTES for offset, letter in enumerate(letters)
}

_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
TONES = frozenset((_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT))

# VNI-Windows: the character after a vowel that carries its marks.
_VNI_TONE = {"ø": _GRAVE, "ù": _ACUTE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_VNI_CIRCUMFLEX = {"â": "", "á": _ACUTE, "à": _GRAVE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}
_VNI_BREVE = {"ê": "", "é": _ACUTE, "è": _GRAVE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}
# Letters VNI writes as one character of their own.
_VNI_SINGLE = {"ñ": "đ", "ô": "ơ", "ö": "ư", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(base: str, mark: str, marks: str) -> None:
        for b, m in ((base, mark), (base.upper(), mark.upper()), (base.upper(), mark), (base, mark.upper())):
            table[b + m] = unicodedata.normalize("NFC", (base.upper() if b.isupper() else base) + marks)

    for base in "aeouy":
        for mark, tone in _VNI_TONE.items():
            add(base, mark, tone)
    for base in "aeo":
        for mark, tone in _VNI_CIRCUMFLEX.items():
            add(base, mark, _CIRCUMFLEX + tone)
    for mark, tone in _VNI_BREVE.items():
        add("a", mark, _BREVE + tone)
    for base, letter in (("ô", "o" + _HORN), ("ö", "u" + _HORN)):  # ơ and ư, then a tone mark
        for mark, tone in _VNI_TONE.items():
            for b, m in ((base, mark), (base.upper(), mark.upper()), (base.upper(), mark), (base, mark.upper())):
                composed = unicodedata.normalize("NFC", letter + tone)
                table[b + m] = composed.upper() if b.isupper() else composed
    for single, letter in _VNI_SINGLE.items():
        table[single] = letter
        table[single.upper()] = letter.upper()
    return table


VNI: dict[str, str] = _vni_table()

_LEGACY_CHARS = "".join(sorted(set(TCVN3) | {c for key in VNI for c in key if not c.isascii()}))
_WORD = re.compile(rf"(?:[^\W\d_]|[{re.escape(_LEGACY_CHARS)}])+")

# A Vietnamese syllable without its tone mark: initial consonant, then a rhyme that is a
# vowel group alone or a vowel group and a final consonant.
_INITIAL = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
_OPEN = (
    "a|e|ê|i|o|ô|ơ|u|ư|y|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oa|oe|oi|ôi|ơi|ua|uê|ui|uơ|uy|ưa|ưi|ưu|"
    "iêu|yêu|oai|oay|oeo|uây|uôi|ươi|ươu|uya|uyu"
)
_CLOSED = "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y|iê|yê|uô|ươ|oa|oă|oe|uâ|uê|uy|uyê|oo|ôô"
_SYLLABLE = re.compile(f"{_INITIAL}(?:{_OPEN}|(?:{_CLOSED})(?:ch|ng|nh|[cmnpt]))")


def is_syllable(word: str) -> bool:
    """True when ``word`` is spelt like one Vietnamese syllable (with at most one tone mark)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(c in TONES for c in decomposed) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def _convert(word: str, table: dict[str, str]) -> str:
    out: list[str] = []
    index = 0
    while index < len(word):
        pair = word[index : index + 2]
        if len(pair) == 2 and pair in table:
            out.append(table[pair])
            index += 2
        else:
            out.append(table.get(word[index], word[index]))
            index += 1
    converted = "".join(out)
    letters = [c for c in word if c.isascii() and c.isalpha()]
    # Upper-case TCVN3 text was set in the .VnTimeH font, which puts capitals on the
    # lower-case codes: an all-capital word stays all capitals.
    if len(letters) > 1 and all(c.isupper() for c in letters):
        converted = converted.upper()
    return converted


@dataclass(frozen=True)
class LegacyWord:
    """One word of ``text`` to replace: text[start:end] → ``unicode``."""

    start: int
    end: int
    unicode: str
    encoding: str  # "TCVN3" or "VNI"


@dataclass
class _Word:
    start: int
    end: int
    text: str
    kind: str  # "unicode", "TCVN3", "VNI", "either" (reads well both ways) or "neutral"
    readings: dict[str, str]


def _classify(match: re.Match[str]) -> _Word:
    text = match.group()
    readings = {}
    for name, table in (("TCVN3", TCVN3), ("VNI", VNI)):
        converted = _convert(text, table)
        if converted != text and is_syllable(converted):
            readings[name] = converted
    word = _Word(match.start(), match.end(), text, "neutral", readings)
    # A word in plain ASCII reads the same in every encoding and decides nothing. Legacy text
    # is Latin-1 only; a letter beyond it (ụ, ơ, đ) is Unicode for certain.
    if text.isascii():
        return word
    if any(ord(c) > 0xFF for c in text):
        word.kind = "unicode"
    elif is_syllable(text):
        word.kind = "either" if readings else "unicode"
    elif readings and len(text) == 1:
        # A lone symbol ("×", "«") is punctuation in Unicode text, a letter in legacy text:
        # its neighbours decide.
        word.kind = "either"
    elif readings:
        word.kind = "TCVN3" if "TCVN3" in readings and (len(readings) == 1 or _has_tcvn3_only(text)) else "VNI"
    return word


def _has_tcvn3_only(text: str) -> bool:
    """Characters that are no letter in any Latin script: TCVN3's, never VNI's."""
    return any(c in TCVN3 and not c.isalpha() for c in text)


def find_legacy(text: str) -> list[LegacyWord]:
    """The words of ``text`` that are TCVN3 or VNI, with their Unicode spelling."""
    words = [_classify(m) for m in _WORD.finditer(text)]
    decided = [i for i, w in enumerate(words) if w.kind in ("unicode", "TCVN3", "VNI")]
    if not any(words[i].kind in ("TCVN3", "VNI") for i in decided):
        return []
    found = []
    for index, word in enumerate(words):
        kind = word.kind
        if kind == "either":
            kind = _nearest(words, decided, index)
        if kind in ("TCVN3", "VNI") and kind in word.readings:
            found.append(LegacyWord(word.start, word.end, word.readings[kind], kind))
    return found


def _nearest(words: list[_Word], decided: list[int], index: int) -> str:
    """The kind of the closest decided word; Unicode when the closest two disagree."""
    before = [(index - i, words[i].kind) for i in decided if i < index][-1:]
    after = [(i - index, words[i].kind) for i in decided if i > index][:1]
    near = sorted(before + after)
    if not near:
        return "unicode"
    if len(near) == 2 and near[0][0] == near[1][0] and near[0][1] != near[1][1]:
        return "unicode"
    return near[0][1]
