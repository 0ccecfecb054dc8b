"""Leave a notice alone when nothing that makes its files has changed: content stamps.

``notice-gen render`` skips a notice whose outputs are current, unless ``--force``.
"Current" is decided by content, never by modification times, which a copy, a
checkout or a clock can move either way. Beside the outputs, ``OUT/.notice-gen/``
holds one small JSON stamp per notice with

* a key: SHA-256 over the input file's bytes; every file of the template folder
  that printed it, and the folder's path; the settings that change the bytes
  (``--final``, ``SOURCE_DATE_EPOCH``); notice_gen's version and its own files;
  the versions of the libraries that make the bytes; the serif font files;
* the SHA-256 of each output written under that key.

A notice is skipped when its key equals the stamp's and every output asked for
is on disk with the recorded hash: an output edited, deleted or copied over
since is made again. The stamp is written last, with the outputs
(output.write_all), so it never vouches for a file that was not written.

Not covered: the system's Pango, HarfBuzz and fontconfig. After upgrading those,
render once with ``--force``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..errors import RenderError
from ..templates import Template
from . import fonts
from .output import target
from .reproducible import ENV as SOURCE_DATE_EPOCH

FOLDER = ".notice-gen"
# The libraries whose release can change an output's bytes (pinned in pyproject.toml).
LIBRARIES = (
    "weasyprint",
    "pydyf",
    "tinycss2",
    "fonttools",
    "docxtpl",
    "python-docx",
    "lxml",
    "Jinja2",
    "ruamel.yaml",
    "pydantic",
)
PACKAGE = Path(__file__).resolve().parent.parent


def stamp_path(out_dir: Path, input_path: Path) -> Path:
    """Where the stamp of the notice read from ``input_path`` lives; a stamps folder that is a
    symlink (stamps would land outside the output folder) is refused."""
    beside = target(out_dir, input_path, "json")
    folder = beside.parent / FOLDER
    if folder.is_symlink():
        raise RenderError(
            f"{folder} là một liên kết (symlink) ra chỗ khác; notice-gen chỉ ghi trong thư mục ra. Hãy xóa liên kết"
        )
    return folder / beside.name


def read_source(path: Path) -> bytes:
    """The input's bytes, read before the notice is: an edit made while it renders then makes
    the stamp stale (rendered again next time), never wrong. Unreadable gives b"", and
    loading the notice reports why (so does one too large or not a regular file)."""
    from ..errors import InputError
    from ..notice.load import read_input

    try:
        return read_input(path)
    except (OSError, InputError):
        return b""


def key(source: bytes, template: Template, settings: Mapping[str, object]) -> str:
    """Everything an output's bytes depend on, as one hex digest."""
    digest = hashlib.sha256()
    for part in (
        _environment(),
        _template_digest(template.folder),
        json.dumps({**settings, SOURCE_DATE_EPOCH: os.environ.get(SOURCE_DATE_EPOCH, "")}, sort_keys=True),
        hashlib.sha256(source).hexdigest(),
    ):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def is_current(stamp: Path, expected: str, outputs: Iterable[Path]) -> bool:
    """True when ``stamp`` was written under ``expected`` and every output still has its bytes."""
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
        if recorded["key"] != expected:
            return False
        return all(recorded["files"].get(path.name) == _file_digest(path) for path in outputs)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False  # no stamp, or one we cannot read: render


def record(stamp: Path, expected: str, written: Mapping[Path, bytes]) -> bytes:
    """The stamp for outputs just rendered; it keeps the other formats' entries made under the
    same key (a run with --format pdf after one with both leaves the DOCX current)."""
    files: dict[str, str] = {}
    try:
        previous = json.loads(stamp.read_text(encoding="utf-8"))
        if previous["key"] == expected:
            files.update(previous["files"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    files.update({path.name: hashlib.sha256(data).hexdigest() for path, data in written.items()})
    return json.dumps({"key": expected, "files": dict(sorted(files.items()))}, indent=1).encode() + b"\n"


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@cache
def _environment() -> str:
    """notice_gen and the libraries and fonts it prints with; the same for a whole process."""
    digest = hashlib.sha256(__version__.encode() + b"\0")
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in LIBRARIES:
        try:
            digest.update(f"{name}=={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing\0".encode())
    face = fonts.serif()
    digest.update(face.family.encode() + b"\0")
    for path in (face.regular, face.bold):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _template_digest(folder: Path) -> str:
    """Every file of a template folder, by relative name and content."""
    digest = hashlib.sha256(str(folder).encode() + b"\0")
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
