"""DOCX and PDF paginate alike (issue 13): LibreOffice's layout of our DOCX against our PDF.

Every input of inputs/ is rendered twice, as a draft and as a final (with a number and an issue
date added), and all the DOCX go through LibreOffice in one call (`conftest.office_pdfs`). The
two layouts must have the same number of pages, every page must start within 3 words of the
same place, and the page that holds the signature must hold at least 3 lines of body text above
it, in both. These tests read the pages; they would fail if the two renderers used different
line heights, header heights or keep rules, as they did before issue 13.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from notice_gen.render.compose import MIN_SIGNATURE_PAGE_LINES
from tests.conftest import EXAMPLES, MM

CASES = [(path.stem, kind) for path in EXAMPLES for kind in ("draft", "final")]
TOP_MARGIN_PT = 20 * MM  # every shipped template's top margin; the page number line lies above it
PAGE_START_SLACK = 3  # words


def body_words(path: Path) -> list[list[str]]:
    """Each page's words below the top margin's line (page number and draft mark left out)."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            # LibreOffice lays a header line's glyph boxes a little lower than WeasyPrint: 4 pt of slack.
            below = page.crop((0, TOP_MARGIN_PT - 4, page.width, page.height)).extract_words()
            pages.append([w["text"] for w in below if w["bottom"] > TOP_MARGIN_PT - 4])
    return pages


def page_starts(pages: list[list[str]]) -> list[int]:
    """The index, in the whole notice's words, of each page's first word."""
    starts, count = [], 0
    for words in pages:
        starts.append(count)
        count += len(words)
    return starts


@pytest.mark.parametrize(("name", "kind"), CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_libreoffice_breaks_our_docx_where_our_pdf_breaks(
    office_pdfs: dict[tuple[str, str], tuple[Path, Path]], name: str, kind: str
) -> None:
    ours, office = (body_words(path) for path in office_pdfs[name, kind])
    assert len(ours) == len(office), f"{name} ({kind}): PDF {len(ours)} trang, LibreOffice {len(office)} trang"
    assert sum(map(len, ours)) == sum(map(len, office))  # the same words: only the page breaks are judged
    for number, (mine, theirs) in enumerate(zip(page_starts(ours), page_starts(office), strict=True), 1):
        assert abs(mine - theirs) <= PAGE_START_SLACK, (
            f"{name} ({kind}), trang {number}: PDF bắt đầu bằng {ours[number - 1][:6]}, "
            f"LibreOffice bằng {office[number - 1][:6]}"
        )


def body_lines_above_signature(path: Path) -> int:
    """Lines of 14 pt body text above "Nơi nhận:" on the page that holds it."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            lines = page.extract_text_lines(return_chars=True)
            label = next((line for line in lines if line["text"].startswith("Nơi nhận")), None)
            if label is None:
                continue
            return sum(
                1
                for line in lines
                if TOP_MARGIN_PT - 4 < line["top"] < label["top"] - 1 and round(line["chars"][0]["size"]) == 14
            )
    raise AssertionError(f"{path}: không thấy “Nơi nhận:”")


@pytest.mark.parametrize(("name", "kind"), CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_the_signature_page_holds_three_lines_of_body_text(
    office_pdfs: dict[tuple[str, str], tuple[Path, Path]], name: str, kind: str
) -> None:
    for path in office_pdfs[name, kind]:
        assert body_lines_above_signature(path) >= MIN_SIGNATURE_PAGE_LINES, path
