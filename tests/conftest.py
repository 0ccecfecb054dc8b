"""Shared fixtures: every input rendered once per session, and readers for the outputs."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pdfplumber
import pytest
from docx import Document as open_docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from notice_gen import templates
from notice_gen.notice.model import load_notice
from notice_gen.render import stamps
from notice_gen.render.pipeline import Pipeline

MM = 72 / 25.4

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "inputs").glob("*.yaml"))  # every input: the seeds and each template's example
# The three seeds (template bo): the tests that hold the outputs to the seeds' own text and layout.
INPUTS = [p for p in EXAMPLES if p.name[:3] in ("000", "001", "003")]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"  # copies of ../shared/seeds, so a clone tests alone


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """stem → (docx, pdf) for every file in inputs/."""
    out = tmp_path_factory.mktemp("outputs")
    pipeline = Pipeline(out_dir=out)
    result = {}
    for path in EXAMPLES:
        docx, pdf = pipeline.render(path)
        result[path.stem] = (docx, pdf)
    return result


def soffice_pdf(docs: list[Path], out: Path, *, timeout: int = 600) -> None:
    """LibreOffice's PDF of each DOCX, in one call (a call costs seconds; CI has 2 CPUs)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by scripts/setup.sh --test"
    profile = f"-env:UserInstallation={(out / 'profile').as_uri()}"
    command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(out), *map(str, docs)]
    subprocess.run(command, check=True, capture_output=True, timeout=timeout)


@pytest.fixture(scope="session")
def office_pdfs(
    rendered: dict[str, tuple[Path, Path]], tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], tuple[Path, Path]]:
    """(stem, "draft" | "final") → (our PDF, LibreOffice's PDF of our DOCX), for every input.

    A final is the input with a number and an issue date a week after the meeting."""
    folder = tmp_path_factory.mktemp("office")
    finals = Pipeline(out_dir=folder / "final", final=True)
    docs: dict[tuple[str, str], tuple[Path, Path]] = {}
    for path in EXAMPLES:
        issued = load_notice(path).meeting.date + dt.timedelta(days=7)
        source = folder / f"{path.stem}-final.yaml"  # a name of its own: one LibreOffice call for all
        source.write_text(path.read_text(encoding="utf-8") + f"number: 7\nissue_date: {issued}\n", encoding="utf-8")
        docs[path.stem, "final"] = finals.render(source)
        docs[path.stem, "draft"] = rendered[path.stem]
    office = folder / "office"
    soffice_pdf([docx for docx, _pdf in docs.values()], office)
    return {key: (pdf, office / pdf.name) for key, (_docx, pdf) in docs.items()}


def write_yaml(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


MINIMAL = """
    issuer: {name: Bộ Thông tin và Truyền thông, abbreviation: BTTTT}
    place: Hà Nội
    number: 5
    issue_date: 2022-01-05
    meeting:
      name: Hội nghị giao ban tháng 12
      date: 2021-12-29
      venue: trụ sở Bộ
      chair: {title: Bộ trưởng, name: Nguyễn Mạnh Hùng}
    body:
      - section: Nhận thức chung
        content:
          - Đoạn văn thứ nhất.
    recipients: [Bộ trưởng]
    signer: {authority: [TL. Bộ trưởng], position: Chánh Văn phòng, name: Bùi Hoàng Phương}
"""


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    return write_yaml(tmp_path, "minimal.yaml", MINIMAL)


def docx_paragraphs(path: Path) -> list[Paragraph]:
    """Body paragraphs in reading order, table cells included (header and footer excluded)."""
    doc = open_docx(str(path))
    out: list[Paragraph] = []
    for child in doc.element.body.iterchildren():
        if child.tag.endswith("}p"):
            out.append(Paragraph(child, doc))
        elif child.tag.endswith("}tbl"):
            table = Table(child, doc)
            for column in range(len(table.columns)):
                for row in table.rows:
                    out.extend(row.cells[column].paragraphs)
    return out


def output_names(folder: Path) -> list[str]:
    """The files a render left in ``folder``, sorted, its stamps folder (notice_gen/render/stamps.py) aside."""
    return sorted(p.name for p in folder.iterdir() if p.name != stamps.FOLDER)


def words(text: str) -> list[str]:
    return re.findall(r"\S+", text)


def docx_words(path: Path) -> list[str]:
    return [w for p in docx_paragraphs(path) for w in words(p.text)]


def pdf_words(path: Path) -> list[str]:
    """The PDF's words in the DOCX reader's order.

    The two-column blocks (the header above THÔNG BÁO, the signature block after
    the closing "./.") are read column by column, like table cells; the page
    numbers in the top margin are left out.
    """
    template = templates.find("bo")
    middle = template.manifest.page.margin_left_mm * MM + template.column_widths_pt()[0]
    found: list[dict] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            top = template.manifest.page.margin_top_mm * MM
            words = page.crop((0, top, page.width, page.height)).extract_words()
            # The draft mark belongs to the top margin; LibreOffice lowers it to the margin's edge.
            found.extend(w for w in words if not (w["text"] in ("DỰ", "THẢO") and w["top"] < top + 3 * MM))
    texts = [w["text"] for w in found]
    title = next(i for i in range(len(texts) - 1) if texts[i : i + 2] == ["THÔNG", "BÁO"])
    closing = max(i for i, text in enumerate(texts) if text.endswith("./."))

    def by_column(block: list[dict]) -> list[str]:
        return [w["text"] for w in block if w["x0"] < middle] + [w["text"] for w in block if w["x0"] >= middle]

    return by_column(found[:title]) + texts[title : closing + 1] + by_column(found[closing + 1 :])
