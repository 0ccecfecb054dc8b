"""Write outputs safely: inside the output folder, whole or not at all.

Output names come from the input file's name, never from the notice's text,
so "Số: 12/TB-BTTTT" can never become a path. Each file is written to a
temporary file beside its target and renamed over it, so a crash or a failed
render never leaves a half-written notice.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from ..errors import RenderError

_UNSAFE = re.compile(r"[^\w.-]+")


def safe_stem(input_path: Path) -> str:
    """The input's stem, reduced to letters, digits, ".", "-" and "_"."""
    stem = _UNSAFE.sub("_", unicodedata.normalize("NFC", input_path.stem)).strip("._")
    return stem or "thong-bao"


def target(out_dir: Path, input_path: Path, extension: str) -> Path:
    """The output's path in ``out_dir``. The folder is resolved, the file name never is: a symlink
    ``b.docx → a.docx`` left in the folder must not make notice B overwrite notice A."""
    folder = out_dir.resolve()
    path = folder / f"{safe_stem(input_path)}.{extension}"
    if path.parent != folder:
        raise RenderError(f"tên tệp ra {path} nằm ngoài thư mục {out_dir}")
    return path


def refuse_symlink(path: Path) -> None:
    """Outputs are written as new files renamed into place, never through a symlink."""
    if path.is_symlink():
        raise RenderError(
            f"{path} là một liên kết (symlink); notice-gen không ghi qua liên kết. Hãy xóa liên kết, "
            "hoặc chọn thư mục ra khác (-o)"
        )


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_all(files: dict[Path, bytes]) -> None:
    """Write a notice's files together: each goes to a temporary file beside its target
    first, and only when all are written are they renamed over their targets. A failure
    before that leaves no new file and no temporary one behind."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_stage(path, data), path))
        for temporary, path in staged:
            refuse_symlink(path)  # made while the others were written
            os.replace(temporary, path)
    except OSError as exc:
        raise RenderError(f"không ghi được {exc.filename or ''}: {exc.strerror or exc}") from None
    finally:
        for temporary, _path in staged:
            temporary.unlink(missing_ok=True)


def temporary_prefix(path: Path) -> str:
    """A hidden temporary name beside ``path``, short enough that a valid long name stays valid
    (the file system allows 255 bytes; mkstemp adds 8 characters and the suffix)."""
    name = path.name
    while len(name.encode()) > 64:
        name = name[:-1]
    return f".{name}."


def _stage(path: Path, data: bytes) -> Path:
    refuse_symlink(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=temporary_prefix(path), suffix=".tmp")
    temporary = Path(name)
    try:
        os.fchmod(handle, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


# Spreadsheets (task and register exports): a text is never a formula. OWASP "CSV Injection":
# a cell starting with = + - @ (or a tab or carriage return) is run by Excel and LibreOffice.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: object) -> object:
    """A CSV value: a text that would start a formula gets a leading apostrophe (OWASP), which
    spreadsheets show as text; anything else is kept."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xlsx_text(cells: Any) -> None:
    """XLSX cells just written: every text cell is stored as text, never as a formula (openpyxl
    makes "=1+2" a formula), so it shows as typed and is never evaluated."""
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"
