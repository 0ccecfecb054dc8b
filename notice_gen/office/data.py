"""The office's own data: the lists `lint` judges by, and the days off `tasks` and `lint` count.

The lists shipped in notice_gen/data are defaults. An office that adds a unit, a position or
a day swap must not edit files inside the installed package (an upgrade wipes them, and an
office clerk cannot find them), so each file is looked up first in a folder the office owns:

1. ``--data-dir FOLDER`` on the command line;
2. else the folder named by the environment variable NOTICE_GEN_DATA;
3. else a ``.notice-gen`` folder beside the inputs (in the folder given, or the folder of
   the first file given that has one).

A file present there replaces the packaged file of the same name; a file absent there is
read from the package. ``notice-gen data init`` copies the packaged files into the folder
for editing. docs/lint.md tells the office how.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from ..errors import InputError, Problem

ENV_VAR = "NOTICE_GEN_DATA"
FOLDER = ".notice-gen"
# The files an office may own, as notice_gen/data names them (units/ holds one list per issuer).
FILES = ("lint.toml", "day-swaps.toml", "units")


def packaged(*parts: str) -> Traversable:
    return resources.files("notice_gen").joinpath("data", *parts)


@dataclass(frozen=True)
class DataDir:
    """Where the office's data files are; ``folder`` None: the packaged defaults only."""

    folder: Path | None = None

    def file(self, *parts: str) -> Traversable:
        """The office's file when it has one, else the packaged default."""
        if self.folder is not None:
            own = self.folder.joinpath(*parts)
            if own.is_file():
                return own
        return packaged(*parts)

    def is_own(self, *parts: str) -> bool:
        return self.folder is not None and self.folder.joinpath(*parts).is_file()

    def where_to_edit(self, *parts: str) -> str:
        """Where an office adds to a list, for a hint: its own file, or the folder `data init` makes."""
        if self.folder is not None:
            return str(self.folder.joinpath(*parts))
        return f"{Path(FOLDER).joinpath(*parts)} (tạo bằng lệnh “notice-gen data init”, xem docs/lint.md)"

    def shown(self, *parts: str) -> str:
        """The file a list was read from, for a message."""
        if self.is_own(*parts):
            return str(self.folder.joinpath(*parts)) if self.folder else ""
        return f"danh sách có sẵn {'/'.join(parts)}"


def find(explicit: Path | None, inputs: Iterable[Path] = ()) -> DataDir:
    """The office's data folder for a run over ``inputs`` (the order in the module's docstring).

    A folder named by --data-dir or NOTICE_GEN_DATA must exist: a run that silently fell back
    to the defaults would judge by lists the office did not choose."""
    for named, how in ((explicit, "--data-dir"), (_env(), ENV_VAR)):
        if named is not None:
            if not named.is_dir():
                raise InputError([Problem(named, 1, 1, "", f"không có thư mục dữ liệu này ({how})")])
            return DataDir(named)
    for path in inputs:
        beside = (path if path.is_dir() else path.parent) / FOLDER
        if beside.is_dir():
            return DataDir(beside)
    return DataDir()


def _env() -> Path | None:
    value = os.environ.get(ENV_VAR)
    return Path(value) if value else None


def init(folder: Path) -> list[Path]:
    """Copy the packaged files into ``folder`` for the office to edit; a file already there is
    kept (it is the office's). Returns the files written."""
    written: list[Path] = []
    folder.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        source = packaged(name)
        entries = [(name, source)] if source.is_file() else [(f"{name}/{e.name}", e) for e in source.iterdir()]
        for relative, entry in entries:
            target = folder / relative
            if target.exists() or target.is_symlink() or not entry.is_file():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(entry.read_bytes())
            written.append(target)
    return written
