"""Snapshots of every shipped template's examples: the text and the layout facts, never bytes.

A snapshot records, for the PDF, the page count and every line with its page, position (to
half a point), font and size; for the DOCX, every paragraph with its style and the sizes and
margins the styles carry. A change to a template, the composer or a renderer that moves a
line shows up here as a readable diff.

After a deliberate change, update every snapshot with one command and review the diff:

    NOTICE_GEN_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_snapshots.py
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from docx import Document as open_docx

from notice_gen.notice.model import load_notice
from tests.conftest import EXAMPLES, ROOT, docx_paragraphs

SNAPSHOTS = ROOT / "tests" / "snapshots"
UPDATE = os.environ.get("NOTICE_GEN_UPDATE_SNAPSHOTS") == "1"
COLUMN_GAP_PT = 12  # wider than any space between words of a justified line
CASES = [(load_notice(path).template, path.stem) for path in EXAMPLES]


def _half(value: float) -> float:
    return round(value * 2) / 2


def _font(name: str) -> str:
    return re.sub(r"^[A-Z]{6}\+", "", name)  # the subset tag changes with the glyphs used


def pdf_facts(path: Path) -> dict[str, Any]:
    """Each run of words on a line, split where a wide gap separates the two columns of the header
    and the signature block, so every header part has a position of its own."""
    with pdfplumber.open(path) as pdf:
        lines = []
        for number, page in enumerate(pdf.pages, 1):
            words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
            words.sort(key=lambda w: (round(w["top"]), w["x0"]))
            runs: list[list[dict[str, Any]]] = []
            for word in words:
                last = runs[-1][-1] if runs else None
                if last and abs(word["top"] - last["top"]) <= 1 and word["x0"] - last["x1"] < COLUMN_GAP_PT:
                    runs[-1].append(word)
                else:
                    runs.append([word])
            for run in runs:
                first = run[0]
                lines.append(
                    {
                        "page": number,
                        "top": _half(first["top"]),
                        "x0": _half(first["x0"]),
                        "x1": _half(run[-1]["x1"]),
                        "font": _font(first["fontname"]),
                        "size": round(first["size"], 1),
                        "text": " ".join(w["text"] for w in run),
                    }
                )
        return {"pages": len(pdf.pages), "lines": lines}


def docx_facts(path: Path) -> dict[str, Any]:
    doc = open_docx(str(path))
    styles = {}
    for style in doc.styles:
        if style.name.startswith("Notice ") and style.font is not None:
            font = style.font
            styles[style.name] = {
                "size": font.size.pt if font.size else None,
                "bold": font.bold,
                "italic": font.italic,
            }
    section = doc.sections[0]
    return {
        "margins_mm": [
            round(m.mm, 1)
            for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
        ],
        "styles": styles,
        "paragraphs": [[p.style.name if p.style is not None else "", p.text] for p in docx_paragraphs(path)],
    }


def dump(facts: dict[str, Any]) -> str:
    """JSON with one line per PDF line, DOCX paragraph and style, so that a diff reads line by line."""

    def compact(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    docx, pdf = facts["docx"], facts["pdf"]
    styles = ",\n".join(f"   {compact(k)}: {compact(v)}" for k, v in docx["styles"].items())
    paragraphs = ",\n".join(f"   {compact(p)}" for p in docx["paragraphs"])
    lines = ",\n".join(f"   {compact(line)}" for line in pdf["lines"])
    return (
        "{\n"
        f' "template": {compact(facts["template"])},\n "input": {compact(facts["input"])},\n'
        f' "docx": {{\n  "margins_mm": {compact(docx["margins_mm"])},\n'
        f'  "styles": {{\n{styles}\n  }},\n  "paragraphs": [\n{paragraphs}\n  ]\n }},\n'
        f' "pdf": {{\n  "pages": {pdf["pages"]},\n  "lines": [\n{lines}\n  ]\n }}\n'
        "}\n"
    )


@pytest.mark.parametrize(("template", "stem"), CASES, ids=[f"{t}-{s}" for t, s in CASES])
def test_snapshot(rendered: dict[str, tuple[Path, Path]], template: str, stem: str) -> None:
    docx, pdf = rendered[stem]
    facts = {"template": template, "input": f"inputs/{stem}.yaml", "docx": docx_facts(docx), "pdf": pdf_facts(pdf)}
    path = SNAPSHOTS / template / f"{stem}.json"
    text = dump(facts)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path}: run NOTICE_GEN_UPDATE_SNAPSHOTS=1 pytest tests/test_snapshots.py"
    recorded = json.loads(path.read_text(encoding="utf-8"))
    assert recorded["docx"] == facts["docx"], f"DOCX of {stem} through {template} changed (see the module docstring)"
    assert recorded["pdf"]["pages"] == facts["pdf"]["pages"], f"page count of {stem} through {template} changed"
    assert recorded["pdf"]["lines"] == facts["pdf"]["lines"], f"PDF layout of {stem} through {template} changed"


def test_every_snapshot_has_its_input() -> None:
    """A snapshot whose input is gone is stale, not a test."""
    wanted = {SNAPSHOTS / t / f"{s}.json" for t, s in CASES}
    assert set(SNAPSHOTS.glob("*/*.json")) <= wanted
