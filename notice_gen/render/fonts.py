"""Which serif face prints the notice, and how wide its text is.

R-FONT: Times New Roman where it is installed, otherwise Liberation Serif,
which has the same metrics and full Vietnamese coverage. Never another face
in silence: if neither is installed, rendering stops with a message that says
what to install. Because the two faces share their metrics, text widths
measured here hold for the DOCX opened in Word with Times New Roman too.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from ..errors import RenderError

FAMILIES = ("Times New Roman", "Liberation Serif")
DOCX_FAMILY = "Times New Roman"
USE_TYPO_METRICS = 1 << 7  # OS/2 fsSelection bit 7


@dataclass(frozen=True)
class Face:
    """The family found, and its regular and bold files."""

    family: str
    regular: Path
    bold: Path


def _list(family: str) -> dict[str, Path]:
    """style → file for one family, as fontconfig knows it."""
    out = subprocess.run(
        ["fc-list", "--format", "%{style[0]}|%{file}\n", f":family={family}"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    styles: dict[str, Path] = {}
    for line in out.splitlines():
        style, _, file = line.partition("|")
        styles.setdefault(style.strip(), Path(file.strip()))
    return styles


@cache
def serif() -> Face:
    """The face every notice is printed in; raises RenderError if there is none."""
    if shutil.which("fc-list"):
        for family in FAMILIES:
            styles = _list(family)
            if "Regular" in styles and "Bold" in styles:
                return Face(family, styles["Regular"], styles["Bold"])
    raise RenderError(
        "Không tìm thấy phông Times New Roman hay Liberation Serif (R-FONT). "
        "Hãy cài phông thay thế: sudo apt-get install fonts-liberation2 fontconfig"
    )


@cache
def _metrics(path: Path) -> tuple[dict[int, str], dict[str, tuple[int, int]], int]:
    font = TTFont(path, lazy=True)
    return font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm


def text_width_pt(text: str, size_pt: float, *, bold: bool) -> float:
    """Advance width of one line of ``text`` at ``size_pt`` (no kerning: Word does none)."""
    face = serif()
    cmap, advances, units = _metrics(face.bold if bold else face.regular)
    total = 0
    for char in text:
        glyph = cmap.get(ord(char))
        total += advances[glyph][0] if glyph else units // 2
    return total * size_pt / units


def line_count(text: str, size_pt: float, width_pt: float, *, indent_pt: float = 0, bold: bool = False) -> int:
    """How many lines ``text`` takes in a column ``width_pt`` wide, its first line indented by
    ``indent_pt``: words set one after another, a line broken before the word that would pass
    the edge, as Word, LibreOffice and WeasyPrint do with unhyphenated text. An estimate to
    the word, exact for text without kerning (both renderers set none)."""
    space = text_width_pt(" ", size_pt, bold=bold)
    lines, used, room = 1, 0.0, width_pt - indent_pt
    for word in text.split(" "):
        width = text_width_pt(word, size_pt, bold=bold)
        if used and used + space + width > room:
            lines, used, room = lines + 1, width, width_pt
        else:
            used += (space if used else 0) + width
    return lines


def missing_characters(text: str) -> list[str]:
    """Characters of ``text`` that the regular or the bold face cannot print (R-FONT)."""
    face = serif()
    regular, bold = _metrics(face.regular)[0], _metrics(face.bold)[0]
    # Line breaks and tabs are layout, not glyphs.
    # Each distinct character once: the model asks this of every text it validates.
    return sorted(c for c in set(text) if c not in "\n\t" and (ord(c) not in regular or ord(c) not in bold))


@cache
def single_line_factor() -> float:
    """Height of one "single" line in ems, as Word and LibreOffice compute it.

    Both take the face's ascent and descent and add its line gap ("external leading"): the
    OS/2 typo values when the face sets USE_TYPO_METRICS, otherwise the win ascent and descent
    plus what the hhea line gap adds beyond them. For Times New Roman and Liberation Serif
    that is 1.149 em (17.70 pt for a 14 pt line at 1.1 lines); the win metrics alone (1.107 em)
    would make the PDF's lines shorter than the DOCX's, and the two formats would break pages
    in different places. Both renderers and both ``check`` readers use this one figure.
    """
    font = TTFont(serif().regular, lazy=True)
    os2, hhea, units = font["OS/2"], font["hhea"], font["head"].unitsPerEm
    if os2.fsSelection & USE_TYPO_METRICS:
        return (os2.sTypoAscender - os2.sTypoDescender + os2.sTypoLineGap) / units
    win = os2.usWinAscent + os2.usWinDescent
    leading = max(0, hhea.lineGap - (win - (hhea.ascent - hhea.descent)))
    return (win + leading) / units
