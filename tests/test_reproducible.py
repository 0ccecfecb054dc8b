"""The same input, template and version give the same bytes, whoever runs it, wherever, whenever."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from notice_gen import templates
from notice_gen.errors import RenderError
from notice_gen.notice.model import load_notice
from notice_gen.render.compose import compose
from notice_gen.render.docx import DocxRenderer
from notice_gen.render.pdf import Embedded, PdfRenderer
from tests.conftest import INPUTS, MINIMAL, ROOT, write_yaml

UNNUMBERED = MINIMAL.replace("    number: 5\n", "").replace("    issue_date: 2022-01-05\n", "")

# Print the SHA-256 of every output of every input, rendered in this process.
HASHES = """
import hashlib, sys
from pathlib import Path
from notice_gen.render.pipeline import Pipeline
pipeline = Pipeline(out_dir=Path(sys.argv[1]))
for source in sys.argv[2:]:
    for path in pipeline.render(Path(source)):
        print(path.name, hashlib.sha256(path.read_bytes()).hexdigest())
"""


def in_process_of_its_own(code: str, *args: str, tz: str, extra: dict[str, str] | None = None) -> str:
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    env.update(TZ=tz, **(extra or {}))
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_two_runs_in_different_time_zones_give_the_same_bytes(tmp_path: Path) -> None:
    inputs = [str(p) for p in INPUTS]
    first = in_process_of_its_own(HASHES, str(tmp_path / "a"), *inputs, tz="UTC")
    second = in_process_of_its_own(HASHES, str(tmp_path / "b"), *inputs, tz="Pacific/Kiritimati")  # UTC+14
    assert first == second
    assert len(first.splitlines()) == 2 * len(INPUTS)


def test_issued_files_are_the_same_from_two_registers(tmp_path: Path) -> None:
    """Two offices issuing the same file as number 01 on the same day get the same DOCX and PDF/A."""
    source = write_yaml(tmp_path, "a.yaml", UNNUMBERED)
    hashes = []
    for name, tz in (("x", "America/Los_Angeles"), ("y", "Asia/Ho_Chi_Minh")):
        out = tmp_path / name
        out.mkdir()
        for pdfa in ("2b", "3b"):
            folder = out / pdfa
            args = ("issue", str(source), "-o", str(folder), "--db", str(out / f"so-{pdfa}.sqlite3"))
            code = "import sys; from notice_gen.cli import main; sys.argv[0] = 'notice-gen'; main()"
            in_process_of_its_own(code, *args, "--date", "2022-01-05", "--pdfa", pdfa, tz=tz)
        hashes.append(
            {p.relative_to(out): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.rglob("*-2022.*"))}
        )
    assert len(hashes[0]) == 4
    assert hashes[0] == hashes[1]


@pytest.fixture(scope="module")
def final() -> tuple:
    path = INPUTS[0]
    notice = load_notice(path).model_copy(update={"number": 5, "issue_date": dt.date(2022, 1, 5)})
    template = templates.find(notice.template)
    return notice, template, compose(notice, template, final=True)


def test_docx_zip_has_fixed_order_times_and_properties(final: tuple) -> None:
    _notice, template, doc = final
    data = DocxRenderer(template).render(doc)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        infos = package.infolist()
        core = package.read("docProps/core.xml").decode()
    names = [i.filename for i in infos]
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert names[2:] == sorted(names[2:])
    assert {i.date_time for i in infos} == {(2022, 1, 5, 0, 0, 0)}  # 00:00 in Hà Nội on the issue date
    assert {i.external_attr for i in infos} == {0o100644 << 16}
    # 00:00 +07:00 is 17:00 UTC the day before; python-docx writes UTC.
    assert "<dcterms:created" in core and ">2022-01-04T17:00:00Z</dcterms:created>" in core
    assert ">2022-01-04T17:00:00Z</dcterms:modified>" in core
    assert "<cp:revision>1</cp:revision>" in core


def test_a_draft_takes_the_meeting_date(minimal: Path) -> None:
    notice = load_notice(minimal).model_copy(update={"number": None, "issue_date": None})
    template = templates.find(notice.template)
    data = DocxRenderer(template).render(compose(notice, template))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {i.date_time for i in package.infolist()} == {(2021, 12, 29, 0, 0, 0)}


def test_pdf_dates_come_from_the_issue_date(final: tuple) -> None:
    _notice, template, doc = final
    reader = PdfReader(io.BytesIO(PdfRenderer(template).render(doc)))
    assert reader.metadata["/CreationDate"] == "D:20220105000000+07'00"
    assert reader.metadata["/ModDate"] == "D:20220105000000+07'00"
    assert reader.metadata["/Creator"].startswith("notice-gen ")


def test_source_date_epoch_wins(final: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    _notice, template, doc = final
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    reader = PdfReader(io.BytesIO(PdfRenderer(template).render(doc)))
    assert reader.metadata["/CreationDate"] == "D:20231115051320+07'00"
    with zipfile.ZipFile(io.BytesIO(DocxRenderer(template).render(doc))) as package:
        assert package.infolist()[0].date_time == (2023, 11, 15, 5, 13, 20)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "hôm qua")
    with pytest.raises(RenderError, match="SOURCE_DATE_EPOCH phải là một số nguyên"):
        PdfRenderer(template).render(doc)


def _xmp(reader: PdfReader) -> bytes:
    return reader.root_object["/Metadata"].get_object().get_data()


def test_pdf_a_2b(final: tuple) -> None:
    _notice, template, doc = final
    data = PdfRenderer(template).render(doc, variant="pdf/a-2b")
    reader = PdfReader(io.BytesIO(data))
    xmp = _xmp(reader)
    assert b'pdfaid:part="2"' in xmp and b'pdfaid:conformance="B"' in xmp
    assert b"<xmp:CreateDate>2022-01-05T00:00:00+07:00</xmp:CreateDate>" in xmp
    (intent,) = reader.root_object["/OutputIntents"]
    assert intent["/S"] == "/GTS_PDFA1" and "sRGB" in intent["/OutputConditionIdentifier"]
    assert reader.trailer["/ID"][0] == reader.trailer["/ID"][1]  # from the content, not random
    assert "/Names" not in reader.root_object  # no attachment in a PDF/A-2b
    assert data == PdfRenderer(template).render(doc, variant="pdf/a-2b")


def test_pdf_a_3b_carries_the_source(final: tuple) -> None:
    _notice, template, doc = final
    source = INPUTS[0].read_bytes()
    item = Embedded("05-TB-BTTTT-2022.yaml", source, "Dữ liệu nguồn (YAML) của văn bản")
    reader = PdfReader(io.BytesIO(PdfRenderer(template).render(doc, variant="pdf/a-3b", attachments=[item])))
    assert b'pdfaid:part="3"' in _xmp(reader)
    names = reader.root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    spec = names[1].get_object()
    assert spec["/UF"] == "05-TB-BTTTT-2022.yaml" and spec["/AFRelationship"] == "/Source"
    stream = spec["/EF"]["/F"].get_object()
    assert stream["/Subtype"] == "/application/yaml"
    assert stream.get_data() == source
    assert stream["/Params"]["/ModDate"] == "D:20220104170000Z"
    assert [a.idnum for a in reader.root_object["/AF"]] == [names[1].idnum]
    with pytest.raises(RenderError, match="chỉ PDF/A-3"):
        PdfRenderer(template).render(doc, variant="pdf/a-2b", attachments=[item])
