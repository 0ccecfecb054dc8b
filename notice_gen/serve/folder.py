"""The served folder: names from requests become paths here, and only here.

A notice is named by its file name alone (``hop-giao-ban.yaml``): no slash, no "..", no
hidden file, a YAML suffix, and the resolved path must sit directly in FOLDER. Symbolic
links are refused rather than followed, for reading and for writing, so a link planted in
FOLDER cannot make the server read or overwrite a file elsewhere. The server's own files
(previous versions, scratch files, issued notices) live in FOLDER too, in folders whose
files never end in .yaml, so `notice-gen render FOLDER` still renders the notices only.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import NoticeError
from ..render.output import write_all

STATE_DIR = ".notice-gen-serve"  # versions/, scratch/: the server's own files
ISSUED_DIR = "ban-hanh"  # the issued DOCX and PDF (notice-gen issue -o)
REGISTER_NAME = "so-van-ban-di.sqlite3"
MAX_NOTICE_BYTES = 1_000_000  # a real notice is a few kB; this stops a runaway upload or paste
KEEP_VERSIONS = 50  # previous versions kept per notice, oldest dropped first

_NAME = re.compile(r"^[\w][\w .()-]{0,150}\.ya?ml$")
_FILE = re.compile(r"^[\w][\w.-]{0,150}$")


class FolderError(NoticeError):
    """A name that is not a notice of this folder, or a file that cannot be read or written."""


@dataclass(frozen=True)
class Version:
    id: str  # "20240105T093000123456": the time it was replaced, sortable
    size: int

    @property
    def when(self) -> dt.datetime:
        return dt.datetime.strptime(self.id, "%Y%m%dT%H%M%S%f")


class Folder:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    @property
    def state(self) -> Path:
        return self.root / STATE_DIR

    @property
    def issued(self) -> Path:
        return self.root / ISSUED_DIR

    def notice(self, name: str) -> Path:
        """The path of notice ``name``; FolderError unless it is a plain name of a file in FOLDER."""
        name = unicodedata.normalize("NFC", name)
        if not _NAME.match(name) or name.startswith(".") or ".." in name:
            raise FolderError(f"“{name}” không phải tên một thông báo: chỉ chữ, số, “-”, “_”, “.”, đuôi .yaml")
        return self._inside(self.root, name)

    def issued_file(self, name: str) -> Path:
        """A file of the issued folder, by name (the register's DOCX and PDF)."""
        if not _FILE.match(name) or ".." in name:
            raise FolderError(f"“{name}” không phải tên một tệp đã ban hành")
        return self._inside(self.issued, name)

    def _inside(self, folder: Path, name: str) -> Path:
        path = folder / name
        if path.is_symlink():
            raise FolderError(f"{name} là một liên kết (symlink); máy chủ không đi theo liên kết")
        if path.resolve().parent != folder.resolve() or folder.resolve() != folder:
            raise FolderError(f"{name} nằm ngoài thư mục được phục vụ")
        return path

    def names(self) -> list[str]:
        """The notices of the folder: regular YAML files directly inside it, sorted."""
        found = []
        for entry in os.scandir(self.root):
            if entry.name.startswith(".") or not entry.name.endswith((".yaml", ".yml")):
                continue
            if entry.is_file(follow_symlinks=False) and _NAME.match(entry.name):
                found.append(unicodedata.normalize("NFC", entry.name))
        return sorted(found)

    def issued_pdfs(self) -> list[str]:
        """The PDFs of the issued folder (issued notices, copies for signing), newest first."""
        if not self.issued.is_dir() or self.issued.is_symlink():
            return []
        found = [
            entry for entry in os.scandir(self.issued)
            if entry.name.endswith(".pdf") and _FILE.match(entry.name) and entry.is_file(follow_symlinks=False)
        ]  # fmt: skip
        return [e.name for e in sorted(found, key=lambda e: e.stat(follow_symlinks=False).st_mtime, reverse=True)]

    def read(self, name: str) -> bytes:
        return read_plain(self.notice(name))

    def exists(self, name: str) -> bool:
        return self.notice(name).exists()

    def write(self, name: str, data: bytes) -> None:
        """Write a notice atomically, keeping the text it replaces as a previous version."""
        if len(data) > MAX_NOTICE_BYTES:
            raise FolderError(f"tệp quá lớn ({len(data)} byte; tối đa {MAX_NOTICE_BYTES})")
        path = self.notice(name)
        old = read_plain(path) if path.exists() else None
        if old == data:
            return
        files = {path: data}
        if old is not None:
            stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
            files[self.own_dir(self._versions(name)) / f"{stamp}.yaml.prev"] = old
        write_all(files)
        self._prune(name)

    def _versions(self, name: str) -> Path:
        return self.state / "versions" / name

    def versions(self, name: str) -> list[Version]:
        """Previous versions of ``name``, newest first."""
        folder = self._versions(self.notice(name).name)
        if not folder.is_dir() or folder.is_symlink():
            return []
        found = [
            Version(p.name.removesuffix(".yaml.prev"), p.stat().st_size)
            for p in folder.iterdir()
            if p.name.endswith(".yaml.prev") and p.is_file() and not p.is_symlink()
        ]
        return sorted(found, key=lambda v: v.id, reverse=True)

    def version(self, name: str, version_id: str) -> bytes:
        if not re.fullmatch(r"\d{8}T\d{12}", version_id):
            raise FolderError(f"“{version_id}” không phải một phiên bản")
        return read_plain(self._versions(self.notice(name).name) / f"{version_id}.yaml.prev")

    def _prune(self, name: str) -> None:
        for old in self.versions(name)[KEEP_VERSIONS:]:
            (self._versions(name) / f"{old.id}.yaml.prev").unlink(missing_ok=True)

    def scratch(self) -> Path:
        """A folder for the server's temporary files (drafts being checked), inside FOLDER."""
        return self.own_dir(self.state / "scratch")

    def own_dir(self, path: Path) -> Path:
        """``path`` (inside FOLDER) made as real folders: a symbolic link on the way is refused,
        so a link planted at .notice-gen-serve/versions cannot send a write elsewhere."""
        here = self.root
        for part in path.relative_to(self.root).parts:
            here = here / part
            if here.is_symlink():
                where = here.relative_to(self.root)
                raise FolderError(f"{where} là một liên kết (symlink); máy chủ không ghi qua liên kết")
            here.mkdir(exist_ok=True)
        return path

    def register_path(self) -> Path:
        return self.root / REGISTER_NAME


def read_plain(path: Path) -> bytes:
    """Read a regular file without following a symbolic link (O_NOFOLLOW), within the size limit."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        raise FolderError(f"không có tệp {path.name}") from None
    except OSError as exc:
        raise FolderError(f"không đọc được {path.name}: {exc.strerror}") from None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise FolderError(f"{path.name} không phải một tệp thường")
        data = stream.read(MAX_NOTICE_BYTES * 50 + 1)
    return data
