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


def missing_characters(text: str) -> list[str]:
    """Characters of ``text`` that the regular or the bold face cannot print (R-FONT)."""
    face = serif()
    regular, bold = _metrics(face.regular)[0], _metrics(face.bold)[0]
    # Line breaks and tabs are layout, not glyphs.
    return sorted({c for c in text if c not in "\n\t" and (ord(c) not in regular or ord(c) not in bold)})


@cache
def single_line_factor() -> float:
    """Height of one "single" line in ems, as Word computes it from the face's
    win metrics; CSS needs it to reproduce Word's line spacing."""
    font = TTFont(serif().regular, lazy=True)
    os2 = font["OS/2"]
    return (os2.usWinAscent + os2.usWinDescent) / font["head"].unitsPerEm
