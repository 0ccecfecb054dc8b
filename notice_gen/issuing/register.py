"""The outgoing register (sổ đăng ký văn bản đi, NĐ30 Phụ lục IV) in one SQLite file.

Why SQLite: one file, no server, and a real write lock. ``BEGIN IMMEDIATE``
takes the database's write lock before the next number is read, so two
``issue`` runs (two terminals, two machines on one local disk) are served one
after the other and never read the same "last number".

How a number is never lost nor doubled (the scheme ``issuing.issue`` follows):

0. Without the lock, the next number is read (``next_number``) and the notice
   rendered with it: rendering takes a second or more, and a large notice must
   not keep every other ``issue`` waiting.
1. ``BEGIN IMMEDIATE``: the write lock is held from here to the commit.
2. Finish what a crashed run left (see 6) and sweep its temporary files.
3. The number is the largest of the year for this issuing body and ký hiệu,
   plus one. Voided numbers count: a number is never given twice. An office
   that continues a paper book sets where the year's numbering goes on
   (``register start``): the next number is then at least that one.
4. If that is not the number rendered at step 0 (another run took it), the
   transaction ends and the notice is rendered again with the new number (after
   a few such races, under the lock). The rendered files are written to hidden
   temporary files beside their final names. Any failure: ``ROLLBACK``; the
   number was never taken and nothing is left but temporary files, swept at step 2.
5. The entry is inserted with the SHA-256 of each file and the temporary
   names still to rename; then ``COMMIT``. The commit is the moment of issue.
6. Under the lock again, each temporary file is linked to its final name (never
   over an existing file) and the entry's pending renames are cleared.
   A crash between 5 and 6 leaves an entry whose files are complete but
   hidden; whoever opens the register next finishes the renames (step 2),
   after checking each file's SHA-256 against the entry.

So after a crash at any point there is either no entry and no visible
document, or an entry whose documents exist and match their recorded hashes.

The database must be on a local disk: SQLite's locking is not reliable on
network file systems (NFS, SMB shares).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import nd30
from ..errors import NoticeError

ENV = "NOTICE_GEN_REGISTER"
DEFAULT_NAME = "so-van-ban-di.sqlite3"
# PRAGMA application_id: "NGSV" (notice-gen, sổ văn bản đi), so a register is told from any other SQLite file.
APPLICATION_ID = 0x4E475356
SQLITE_HEADER = b"SQLite format 3\x00"
SCHEMA_VERSION = 3  # 2: the starts table (a register that continues a paper book); 3: prepared copies
# An `issue` holds the lock to take, stage and record a number (it renders before); a queue waits its turn.
LOCK_TIMEOUT_S = 120.0
TEMP_MARK = ".notice-gen-issue."  # hidden temporary files: .<name>.notice-gen-issue.<token>.tmp
VIETNAM = dt.timezone(dt.timedelta(hours=7), "+07:00")

_SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS entries (
    id              INTEGER PRIMARY KEY,
    issuer          TEXT NOT NULL,   -- issuing body as printed (ô 2), e.g. BỘ THÔNG TIN VÀ TRUYỀN THÔNG
    symbol          TEXT NOT NULL,   -- ký hiệu after the number, e.g. TB-BTTTT
    year            INTEGER NOT NULL,
    number          INTEGER NOT NULL CHECK (number > 0),
    issue_date      TEXT NOT NULL,   -- ISO date
    doc_type        TEXT NOT NULL,   -- tên loại: Thông báo
    subject         TEXT NOT NULL,   -- trích yếu
    signer_name     TEXT NOT NULL,
    signer_position TEXT NOT NULL,   -- authority lines and position, as printed, joined by " / "
    recipients      TEXT NOT NULL,   -- JSON list of the Nơi nhận lines, without their dash and end mark
    archive         TEXT NOT NULL,   -- the Lưu line: where the file copies are kept
    copies          INTEGER,         -- số lượng bản phát hành
    source_path     TEXT NOT NULL,
    source_sha256   TEXT NOT NULL,
    source_text     TEXT NOT NULL,   -- the YAML as issued (number and date filled in)
    template        TEXT NOT NULL,
    pdf_variant     TEXT,            -- pdf/a-2b, pdf/a-3b or NULL
    status          TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'void')),
    void_reason     TEXT,
    voided_at       TEXT,
    registered_at   TEXT NOT NULL,   -- ISO 8601, +07:00
    tool_version    TEXT NOT NULL,
    UNIQUE (issuer, symbol, year, number)
)""",
    """
CREATE TABLE IF NOT EXISTS outputs (
    entry_id  INTEGER NOT NULL REFERENCES entries(id),
    format    TEXT NOT NULL,         -- docx, pdf
    path      TEXT NOT NULL,         -- absolute final path
    sha256    TEXT NOT NULL,
    size      INTEGER NOT NULL,
    temp_path TEXT,                  -- set while the rename to path is still to do
    PRIMARY KEY (entry_id, format)
)""",
    """
CREATE TABLE IF NOT EXISTS starts (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL,
    symbol      TEXT,                -- NULL: every ký hiệu of the year that has no start of its own
    next_number INTEGER NOT NULL CHECK (next_number > 0),
    set_at      TEXT NOT NULL        -- ISO 8601, +07:00; the latest row of a (year, symbol) is in force
)""",
    """
CREATE TABLE IF NOT EXISTS prepared (
    id            INTEGER PRIMARY KEY,
    pdf_path      TEXT NOT NULL,     -- the copy for signing as `prepare` wrote it
    pdf_sha256    TEXT NOT NULL,     -- its bytes: the signed copy begins with them
    pdf_size      INTEGER NOT NULL,
    source_path   TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    source_text   TEXT NOT NULL,     -- the YAML, without number and date
    template      TEXT NOT NULL,
    pdf_variant   TEXT,
    prepared_at   TEXT NOT NULL,
    tool_version  TEXT NOT NULL
)""",
)


class RegisterError(NoticeError):
    """The register cannot do what was asked; the message says why, in Vietnamese."""


class NoRegister(RegisterError):
    """There is no register file where one is looked for (and this command does not create one)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        env = os.environ.get(ENV)
        if env and Path(env).absolute() == path.absolute():
            where = f"biến môi trường {ENV} chỉ tới {path}"
        elif path.absolute() == Path(DEFAULT_NAME).absolute():
            where = f"mặc định là {DEFAULT_NAME} trong thư mục hiện tại"
        else:
            where = "đường dẫn cho ở --db"
        super().__init__(
            f"không có sổ đăng ký văn bản đi tại {path} ({where}). Hãy chỉ tới sổ đang dùng bằng "
            f"--db ĐƯỜNG-DẪN hoặc biến môi trường {ENV}; sổ mới chỉ được tạo khi cấp số (notice-gen issue)"
        )


def default_path() -> Path:
    """$NOTICE_GEN_REGISTER, or so-van-ban-di.sqlite3 in the current folder."""
    return Path(os.environ.get(ENV) or DEFAULT_NAME)


def now() -> dt.datetime:
    """Vietnam time to the second (Vietnam has one offset all year, no summer time)."""
    return dt.datetime.now(VIETNAM).replace(microsecond=0)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def series_key(text: str) -> str:
    """Issuer and ký hiệu compare in NFC upper case, single-spaced: one series whatever the typing."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().upper()


@dataclass
class Output:
    format: str
    path: Path
    sha256: str
    size: int
    temp_path: Path | None = None

    def state(self) -> str:
        """What is on disk now: "khớp", "đã thay đổi", "đã ký thêm", "có thêm dữ liệu" or "không còn tệp"."""
        if not self.path.is_file():
            return "chưa đổi tên xong" if self.temp_path and self.temp_path.is_file() else "không còn tệp"
        with self.path.open("rb") as stream:
            head = stream.read(self.size)
            rest = stream.read(1)
        if sha256(head) != self.sha256:
            return "đã thay đổi"
        if not rest:
            return "khớp"
        # A PDF signed by incremental update keeps the issued bytes as its beginning; but so does
        # any file with anything appended. Signed means: `verify` finds every signature good and
        # one of them covering the whole file, appended part included.
        if self.format == "pdf" and signed_to_the_end(self.path):
            return "đã ký thêm (phần gốc nguyên vẹn, chữ ký số hợp lệ)"
        return "có thêm dữ liệu sau bản gốc — chạy notice-gen verify"


def signed_to_the_end(path: Path) -> bool:
    """Whether the PDF's signatures, checked as `notice-gen verify` checks them, are all good
    and the last covers the file to its last byte (nothing unsigned after it)."""
    from .signing import SignError, verify

    try:
        reports = verify(path)
    except SignError:
        return False
    return bool(reports) and all(r.ok for r in reports) and any(r.modified_after == "không" for r in reports)


@dataclass
class NewEntry:
    """What issuing records; the register adds the id, status and time."""

    issuer: str
    symbol: str
    issue_date: dt.date
    doc_type: str
    subject: str
    signer_name: str
    signer_position: str
    recipients: list[str]
    archive: str
    copies: int | None
    source_path: str
    source_sha256: str
    source_text: str
    template: str
    pdf_variant: str | None
    tool_version: str


@dataclass
class Entry(NewEntry):
    """One line of the register: what issuing recorded, and what the register added."""

    id: int
    year: int
    number: int
    status: str
    void_reason: str | None
    voided_at: str | None
    registered_at: str
    outputs: list[Output] = field(default_factory=list)

    @property
    def number_symbol(self) -> str:
        """ "05/TB-BTTTT": numbers below 10 take a leading 0 (R-SO)."""
        return f"{nd30.pad2(self.number)}/{self.symbol}"

    @property
    def void(self) -> bool:
        return self.status == "void"


@dataclass(frozen=True)
class Start:
    """Where a year's numbering goes on, for an office that continues its paper book."""

    year: int
    symbol: str | None  # None: every ký hiệu of the year without a start of its own
    next_number: int
    set_at: str

    def describe(self) -> str:
        """ "năm 2022, ký hiệu TB-BTTTT: tiếp nối sổ giấy, số đầu tiên trong sổ này là 57"."""
        series = f"ký hiệu {self.symbol}" if self.symbol else "mọi ký hiệu"
        return (
            f"năm {self.year}, {series}: tiếp nối sổ cũ, số đầu tiên trong sổ này là {nd30.pad2(self.next_number)} "
            f"(đặt lúc {self.set_at})"
        )


@dataclass(frozen=True)
class Prepared:
    """A copy for signing made by `prepare`: what `issue SIGNED.pdf` needs to number it."""

    pdf_path: str
    pdf_sha256: str
    pdf_size: int
    source_path: str
    source_sha256: str
    source_text: str
    template: str
    pdf_variant: str | None
    prepared_at: str
    tool_version: str


class Reservation:
    """The next number, held under the register's write lock until commit or rollback."""

    def __init__(self, register: Register, issuer: str, symbol: str, year: int, number: int) -> None:
        self.register = register
        self.issuer, self.symbol, self.year, self.number = issuer, symbol, year, number
        self.entry_id: int | None = None

    def record(self, entry: NewEntry, outputs: Sequence[Output]) -> int:
        """Insert the entry and its files (still under their temporary names); committed on leaving."""
        if series_key(entry.issuer) != self.issuer or series_key(entry.symbol) != self.symbol:
            raise RegisterError("số đã giữ thuộc một sổ khác (cơ quan hoặc ký hiệu khác)")
        if entry.issue_date.year != self.year:
            raise RegisterError(f"số đã giữ thuộc năm {self.year}, không phải năm {entry.issue_date.year}")
        db = self.register.db
        cursor = db.execute(
            """INSERT INTO entries (issuer, symbol, year, number, issue_date, doc_type, subject, signer_name,
                   signer_position, recipients, archive, copies, source_path, source_sha256, source_text, template,
                   pdf_variant, registered_at, tool_version)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                self.issuer,
                self.symbol,
                self.year,
                self.number,
                entry.issue_date.isoformat(),
                entry.doc_type,
                entry.subject,
                entry.signer_name,
                entry.signer_position,
                json.dumps(entry.recipients, ensure_ascii=False),
                entry.archive,
                entry.copies,
                entry.source_path,
                entry.source_sha256,
                entry.source_text,
                entry.template,
                entry.pdf_variant,
                now().isoformat(),
                entry.tool_version,
            ),
        )
        entry_id = cursor.lastrowid
        assert entry_id is not None
        db.executemany(
            "INSERT INTO outputs (entry_id, format, path, sha256, size, temp_path) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (entry_id, o.format, str(o.path), o.sha256, o.size, str(o.temp_path) if o.temp_path else None)
                for o in outputs
            ],
        )
        self.entry_id = entry_id
        return entry_id


class Register:
    """An open register. Every method that writes takes the write lock (BEGIN IMMEDIATE)."""

    def __init__(
        self, path: Path, *, timeout: float = LOCK_TIMEOUT_S, create: bool = True, read_only: bool = False
    ) -> None:
        """Open the register at ``path``; ``create=False`` (the commands that only read or void) raises
        NoRegister rather than creating an empty register where there is none. ``read_only`` (list,
        show, export) opens the file read-only (SQLite's ``mode=ro``): it is never written, and a
        crashed run's renames are left to the next command that writes (they are reported).

        A file is used only when it is a register: SQLite's header, notice-gen's application id
        and a schema version it knows, and a clean ``quick_check``. An empty file, another
        application's database or a damaged one is refused before anything is written to it: a
        truncated register must never restart the year's numbering at 01."""
        self.path = path
        self.warnings: list[str] = []  # what recovering a crashed run could not finish
        self.created = False  # this opening created the file
        self.read_only = read_only
        if path.is_dir():
            raise RegisterError(f"{path} là một thư mục; cần đường dẫn tới tệp sổ đăng ký (.sqlite3)")
        if (read_only or not create) and not path.exists():
            raise NoRegister(path.absolute())
        if not path.parent.exists():
            raise RegisterError(f"không có thư mục {path.parent} để đặt sổ đăng ký {path.name}")
        try:
            if not path.exists():
                self.created = _create(path)
            _refuse_foreign_file(path)
            # isolation_level=None: no implicit transactions; every transaction here is explicit.
            # mode=rw/ro: SQLite never creates the file (an empty one would be refused by the next run).
            target = f"{path.absolute().as_uri()}?mode={'ro' if read_only else 'rw'}"
            self.db = sqlite3.connect(target, timeout=timeout, isolation_level=None, uri=True)
            self.db.row_factory = sqlite3.Row
            self._identify()
            if read_only:
                pending = self.db.execute(
                    "SELECT DISTINCT entry_id FROM outputs WHERE temp_path IS NOT NULL"
                ).fetchall()
                self.warnings += [
                    f"{self._label(row[0])}: lần cấp số bị ngắt, tệp chưa đổi tên xong; lệnh ghi sổ tiếp theo "
                    "(issue, register void, register start) sẽ hoàn tất"
                    for row in pending
                ]
                return
            self.db.execute("PRAGMA foreign_keys = ON")
            if self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
                raise RegisterError(f"{path}: không bật được chế độ ghi WAL của SQLite")
            self.db.execute("PRAGMA synchronous = FULL")  # a committed entry survives a power cut
            with self._write():
                version = self.db.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise RegisterError(_newer(path, version))
                if version < SCHEMA_VERSION:
                    for statement in _SCHEMA:
                        self.db.execute(statement)
                    self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                if self.db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                    self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                # Whoever opens the register first after a crash finishes the crashed run's renames.
                self._recover(())
        except sqlite3.DatabaseError as exc:
            raise RegisterError(_db_message(path, exc)) from None

    def _identify(self) -> None:
        """Refuse a SQLite file that is not a notice-gen register, or is damaged, before any write."""
        application = self.db.execute("PRAGMA application_id").fetchone()[0]
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        # Registers made before the application id was set: user_version 1 or 2 and our two tables.
        legacy = application == 0 and 1 <= version <= SCHEMA_VERSION and {"entries", "outputs"} <= tables
        if application != APPLICATION_ID and not legacy:
            raise RegisterError(
                f"{self.path} là cơ sở dữ liệu SQLite nhưng không phải sổ đăng ký văn bản đi của notice-gen "
                "(của một ứng dụng khác, hoặc rỗng); notice-gen không dùng và không sửa tệp này. "
                "Hãy chỉ tới đúng sổ bằng --db"
            )
        if version > SCHEMA_VERSION:
            raise RegisterError(_newer(self.path, version))
        problems = [row[0] for row in self.db.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise RegisterError(
                f"sổ đăng ký {self.path} bị hỏng ({problems[0]}); notice-gen không ghi thêm vào sổ hỏng. "
                "Hãy khôi phục sổ từ bản sao lưu gần nhất"
            )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _rollback(self) -> None:
        """ROLLBACK, unless SQLite already ended the transaction (it does on some errors)."""
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction; the lock is taken before anything is read."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise RegisterError(_db_message(self.path, exc)) from None
        try:
            yield
        except sqlite3.DatabaseError as exc:  # a page damaged after opening: a message, never a traceback
            self._rollback()
            raise RegisterError(_db_message(self.path, exc)) from None
        except BaseException:
            self._rollback()
            raise
        else:
            self.db.execute("COMMIT")

    @contextmanager
    def reserve(self, issuer: str, symbol: str, year: int, out_dirs: Sequence[Path] = ()) -> Iterator[Reservation]:
        """Hold the next number of ``year`` for ``issuer`` and ``symbol`` until the block ends.

        Leaving the block normally commits what ``Reservation.record`` inserted; an exception
        rolls it back, and the number is free again for the next run."""
        with self._write():
            self._recover(out_dirs)
            issuer_key, symbol_key = series_key(issuer), series_key(symbol)
            reservation = Reservation(self, issuer_key, symbol_key, year, self._next(issuer_key, symbol_key, year))
            yield reservation
            if reservation.entry_id is None:
                raise RegisterError("nội bộ: số đã giữ nhưng không ghi vào sổ")

    def next_number(self, issuer: str, symbol: str, year: int) -> int:
        """The number the next `reserve` would give now, read without the lock: `issue` renders
        with it outside the lock, and ``reserve`` then tells whether it still holds."""
        try:
            return self._next(series_key(issuer), series_key(symbol), year)
        except sqlite3.DatabaseError as exc:
            raise RegisterError(_db_message(self.path, exc)) from None

    def _next(self, issuer_key: str, symbol_key: str, year: int) -> int:
        last = self.db.execute(
            "SELECT MAX(number) FROM entries WHERE issuer = ? AND symbol = ? AND year = ?",
            (issuer_key, symbol_key, year),
        ).fetchone()[0]
        start = self._start_of(year, symbol_key)
        return max((last or 0) + 1, start.next_number if start else 1)

    def start(self, year: int, next_number: int, symbol: str | None = None) -> Start:
        """Continue a paper book: the next number of ``year`` (for ``symbol``, or every ký hiệu
        without a start of its own) is ``next_number``. Refused at or below a number already in
        the register for the series it applies to: a number is never given twice."""
        if next_number < 1:
            raise RegisterError("số tiếp theo phải từ 1 trở lên")
        symbol_key = series_key(symbol) if symbol else None
        with self._write():
            clauses, args = "year = ?", [year]
            if symbol_key is not None:
                clauses += " AND symbol = ?"
                args.append(symbol_key)
            row = self.db.execute(
                f"SELECT number, symbol FROM entries WHERE {clauses} ORDER BY number DESC LIMIT 1", args
            ).fetchone()
            if row is not None and next_number <= row["number"]:
                raise RegisterError(
                    f"sổ đã có số {nd30.pad2(row['number'])}/{row['symbol']} năm {year}; số tiếp theo phải lớn hơn "
                    f"{nd30.pad2(row['number'])} (không cấp lại một số đã cấp), không thể là {nd30.pad2(next_number)}"
                )
            self.db.execute(
                "INSERT INTO starts (year, symbol, next_number, set_at) VALUES (?, ?, ?, ?)",
                (year, symbol_key, next_number, now().isoformat()),
            )
            start = self._start_of(year, symbol_key)
        assert start is not None
        return start

    def starts(self, year: int | None = None) -> list[Start]:
        """The starts in force (the latest of each year and ký hiệu), by year then ký hiệu."""
        rows = self.db.execute(
            "SELECT year, symbol, next_number, set_at FROM starts s WHERE id = (SELECT MAX(id) FROM starts t "
            "WHERE t.year = s.year AND t.symbol IS s.symbol) ORDER BY year, symbol IS NOT NULL, symbol"
        ).fetchall()
        return [Start(r["year"], r["symbol"], r["next_number"], r["set_at"]) for r in rows if year in (None, r["year"])]

    def _start_of(self, year: int, symbol_key: str | None) -> Start | None:
        """The start that applies to a series: its own, else the year's (symbol NULL)."""
        found = {s.symbol: s for s in self.starts(year)}
        return found.get(symbol_key) or found.get(None)

    def add_prepared(self, prepared: Prepared) -> None:
        """Keep what `issue` will need of a copy for signing (it carries no YAML of its own)."""
        with self._write():
            self.db.execute(
                """INSERT INTO prepared (pdf_path, pdf_sha256, pdf_size, source_path, source_sha256, source_text,
                       template, pdf_variant, prepared_at, tool_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    prepared.pdf_path,
                    prepared.pdf_sha256,
                    prepared.pdf_size,
                    prepared.source_path,
                    prepared.source_sha256,
                    prepared.source_text,
                    prepared.template,
                    prepared.pdf_variant,
                    prepared.prepared_at,
                    prepared.tool_version,
                ),
            )

    def find_prepared(self, data: bytes) -> Prepared | None:
        """The copy for signing that ``data`` begins with (a signed copy keeps it as its first bytes)."""
        rows = self.db.execute("SELECT * FROM prepared ORDER BY id DESC").fetchall()
        for row in rows:
            if len(data) >= row["pdf_size"] and sha256(data[: row["pdf_size"]]) == row["pdf_sha256"]:
                return Prepared(**{k: row[k] for k in row.keys() if k != "id"})
        return None

    def issued_from(self, source_sha256: str) -> list[Entry]:
        """Entries (not voided) issued from a source file with these exact bytes."""
        ids = {
            row[0]
            for row in self.db.execute(
                "SELECT id FROM entries WHERE source_sha256 = ? AND status = 'issued'", (source_sha256,)
            )
        }
        return [e for e in self.entries() if e.id in ids]

    def finish(self, entry_id: int) -> list[str]:
        """Step 6: move the entry's files to their final names. Returns problems, if any."""
        with self._write():
            return self._finish(entry_id)

    def recover(self) -> list[str]:
        """Finish the renames of entries a crashed run committed; returns what could not be done."""
        with self._write():
            return self._recover(())

    def _recover(self, out_dirs: Sequence[Path]) -> list[str]:
        problems: list[str] = []
        pending = [
            row[0] for row in self.db.execute("SELECT DISTINCT entry_id FROM outputs WHERE temp_path IS NOT NULL")
        ]
        for entry_id in pending:
            problems += self._finish(entry_id)
        for folder in out_dirs:
            self._sweep(folder)
        self.warnings += problems
        return problems

    def _sweep(self, folder: Path) -> None:
        """Delete temporary files of runs that crashed before their commit.

        Only a run holding the write lock writes temporary files, and this runs under the
        lock: any temporary file no entry points to belongs to a dead run."""
        if not folder.is_dir():
            return
        wanted = {row[0] for row in self.db.execute("SELECT temp_path FROM outputs WHERE temp_path IS NOT NULL")}
        for path in folder.iterdir():
            if path.name.startswith(".") and TEMP_MARK in path.name and str(path.resolve()) not in wanted:
                path.unlink(missing_ok=True)

    def _finish(self, entry_id: int) -> list[str]:
        problems: list[str] = []
        rows = self.db.execute(
            "SELECT format, path, sha256, size, temp_path FROM outputs WHERE entry_id = ? AND temp_path IS NOT NULL",
            (entry_id,),
        ).fetchall()
        label = self._label(entry_id)
        for row in rows:
            final, temp = Path(row["path"]), Path(row["temp_path"])
            if temp.is_file():
                if sha256(temp.read_bytes()) != row["sha256"]:
                    problems.append(f"{label}: tệp tạm {temp} không khớp SHA-256 đã ghi; giữ nguyên để kiểm tra")
                    continue
                try:
                    os.link(temp, final)  # never over an existing file: link fails if the name is taken
                except FileExistsError:
                    if not (final.is_file() and sha256(final.read_bytes()) == row["sha256"]):
                        problems.append(f"{label}: đã có một tệp khác tên {final}; bản phát hành vẫn ở {temp}")
                        continue
                except OSError as exc:
                    problems.append(f"{label}: không đổi được tên {temp} thành {final}: {exc.strerror or exc}")
                    continue
                temp.unlink()
                _sync_dir(final.parent)
            elif not (final.is_file() and sha256(final.read_bytes()) == row["sha256"]):
                problems.append(f"{label}: không còn tệp {final} (cũng không còn tệp tạm {temp})")
                continue
            self.db.execute(
                "UPDATE outputs SET temp_path = NULL WHERE entry_id = ? AND format = ?", (entry_id, row["format"])
            )
        return problems

    def _label(self, entry_id: int) -> str:
        row = self.db.execute("SELECT number, symbol, year FROM entries WHERE id = ?", (entry_id,)).fetchone()
        return f"số {nd30.pad2(row['number'])}/{row['symbol']} năm {row['year']}" if row else f"mục {entry_id}"

    # Reading

    def entries(self, *, year: int | None = None, symbol: str | None = None, issuer: str | None = None) -> list[Entry]:
        """Entries in register order (year, series, number)."""
        clauses, args = ["1"], []
        for column, value in (("year", year), ("symbol", symbol), ("issuer", issuer)):
            if value is not None:
                clauses.append(f"{column} = ?")
                args.append(series_key(value) if isinstance(value, str) else value)
        rows = self.db.execute(
            f"SELECT * FROM entries WHERE {' AND '.join(clauses)} ORDER BY year, issuer, symbol, number", args
        ).fetchall()
        outputs: dict[int, list[Output]] = {}
        for row in self.db.execute("SELECT * FROM outputs ORDER BY entry_id, format"):
            outputs.setdefault(row["entry_id"], []).append(
                Output(
                    row["format"],
                    Path(row["path"]),
                    row["sha256"],
                    row["size"],
                    Path(row["temp_path"]) if row["temp_path"] else None,
                )
            )
        return [_entry(row, outputs.get(row["id"], [])) for row in rows]

    def find(
        self, number: int, *, year: int | None = None, symbol: str | None = None, issuer: str | None = None
    ) -> Entry:
        """The one entry with ``number``; asks for --year/--symbol when several series have it."""
        found = [e for e in self.entries(year=year, symbol=symbol, issuer=issuer) if e.number == number]
        if not found:
            where = f" năm {year}" if year else ""
            raise RegisterError(f"sổ không có số {nd30.pad2(number)}{where}")
        if len(found) > 1:
            listed = "; ".join(f"{e.number_symbol} năm {e.year}" for e in found)
            raise RegisterError(
                f"có {len(found)} văn bản số {nd30.pad2(number)} ({listed}); hãy chỉ rõ --year hoặc --symbol"
            )
        return found[0]

    def find_file(self, data: bytes) -> Entry | None:
        """The entry one of whose issued files begins ``data`` (SHA-256 of that many bytes): the
        file itself, or the file with signatures appended."""
        for entry in self.entries():
            for output in entry.outputs:
                if len(data) >= output.size and sha256(data[: output.size]) == output.sha256:
                    return entry
        return None

    def void(self, entry: Entry, reason: str) -> Entry:
        """Cancel a number (thu hồi, hủy): the entry stays, marked, and the number is never given again."""
        reason = reason.strip()
        if not reason:
            raise RegisterError("cần ghi lý do hủy số (--reason)")
        with self._write():
            row = self.db.execute("SELECT status FROM entries WHERE id = ?", (entry.id,)).fetchone()
            if row["status"] == "void":
                raise RegisterError(f"số {entry.number_symbol} năm {entry.year} đã bị hủy trước đó")
            self.db.execute(
                "UPDATE entries SET status = 'void', void_reason = ?, voided_at = ? WHERE id = ?",
                (reason, now().isoformat(), entry.id),
            )
        return self.find(entry.number, year=entry.year, symbol=entry.symbol, issuer=entry.issuer)


def _entry(row: sqlite3.Row, outputs: list[Output]) -> Entry:
    data: dict[str, Any] = dict(row)
    data["issue_date"] = dt.date.fromisoformat(data["issue_date"])
    data["recipients"] = json.loads(data["recipients"])
    return Entry(**data, outputs=outputs)


def _sync_dir(folder: Path) -> None:
    """Make a rename durable: fsync the folder that holds the new name."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _create(path: Path) -> bool:
    """A new, empty register at ``path``, made whole beside it and linked into place: parallel
    first runs never see a half-made (0-byte) file. False when another run made it first."""
    import tempfile

    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:64]}.", suffix=".new")
    os.close(handle)
    temporary = Path(name)
    try:
        db = sqlite3.connect(temporary, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute("COMMIT")
        finally:
            db.close()
        try:
            os.link(temporary, path)  # never over a register another run just made
        except FileExistsError:
            return False
        _sync_dir(path.parent)
        return True
    finally:
        temporary.unlink(missing_ok=True)


def _refuse_foreign_file(path: Path) -> None:
    """An existing file must start like a SQLite database; an empty one is not a register."""
    try:
        with path.open("rb") as stream:
            head = stream.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise RegisterError(f"không đọc được sổ đăng ký {path}: {exc.strerror or exc}") from None
    if not head:
        raise RegisterError(
            f"{path} là tệp rỗng (0 byte), không phải sổ đăng ký văn bản đi; notice-gen không dùng và không sửa "
            "tệp này, để số không bị cấp lại từ 01. Hãy khôi phục sổ từ bản sao lưu, hoặc chỉ tới đúng sổ bằng --db"
        )
    if head != SQLITE_HEADER:
        raise RegisterError(f"{path} không phải tệp sổ đăng ký SQLite, hoặc tệp đã hỏng")


def _newer(path: Path, version: int) -> str:
    return f"{path} được tạo bởi một phiên bản notice-gen mới hơn (cấu trúc {version}); hãy cập nhật notice-gen"


def _db_message(path: Path, exc: sqlite3.Error) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"sổ đăng ký {path} đang bận (một lệnh khác giữ khóa quá {LOCK_TIMEOUT_S:.0f} giây); hãy thử lại"
    if "not a database" in text or "malformed" in text:
        return f"{path} không phải tệp sổ đăng ký SQLite, hoặc tệp đã hỏng"
    if "unable to open" in text or "readonly" in text:
        return f"không mở được sổ đăng ký {path} để ghi (quyền truy cập?)"
    return f"lỗi sổ đăng ký {path}: {text}"


# Export: the columns of the outgoing register (sổ đăng ký văn bản đi, NĐ30 Phụ lục IV), then ours.

EXPORT_COLUMNS = (
    ("Số, ký hiệu văn bản", 16),
    ("Ngày tháng văn bản", 12),
    ("Tên loại và trích yếu nội dung văn bản", 50),
    ("Người ký", 22),
    ("Nơi nhận văn bản", 40),
    ("Đơn vị, người nhận bản lưu", 20),
    ("Số lượng bản", 8),
    ("Ngày chuyển", 12),
    ("Ký nhận", 12),
    ("Ghi chú", 30),
    ("Trạng thái", 12),
    ("Vào sổ lúc", 22),
    ("Tệp DOCX", 30),
    ("SHA-256 DOCX", 66),
    ("Tệp PDF", 30),
    ("SHA-256 PDF", 66),
)


def export_rows(entries: Sequence[Entry]) -> list[list[Any]]:
    """One row per entry; "Ngày chuyển" and "Ký nhận" stay blank for the Văn thư to fill on paper."""
    rows = []
    for e in entries:
        files = {o.format: o for o in e.outputs}
        note = f"Hủy số: {e.void_reason} ({e.voided_at})" if e.void else ""
        rows.append(
            [
                e.number_symbol,
                e.issue_date,
                f"{e.doc_type}: {e.subject}",
                f"{e.signer_name} ({e.signer_position})",
                "; ".join(e.recipients),
                e.archive.removeprefix("Lưu:").strip(),
                e.copies,
                None,
                None,
                note,
                "đã hủy" if e.void else "đã ban hành",
                e.registered_at,
                str(files["docx"].path) if "docx" in files else "",
                files["docx"].sha256 if "docx" in files else "",
                str(files["pdf"].path) if "pdf" in files else "",
                files["pdf"].sha256 if "pdf" in files else "",
            ]
        )
    return rows


def export_csv(entries: Sequence[Entry]) -> bytes:
    """UTF-8 with a byte order mark (Excel then shows Vietnamese right); dates as YYYY-MM-DD."""
    import csv
    import io

    from ..render.output import csv_text

    stream = io.StringIO(newline="")
    writer = csv.writer(stream)
    writer.writerow([name for name, _width in EXPORT_COLUMNS])
    for row in export_rows(entries):
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else csv_text(v) for v in row])
    return stream.getvalue().encode("utf-8-sig")


def export_xlsx(entries: Sequence[Entry], title: str) -> bytes:
    """One sheet, header frozen and repeated on each printed page, dates as date cells."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from ..render.output import xlsx_text

    book = Workbook()
    book.properties.title = title
    book.properties.creator = "notice-gen"
    sheet = book.active
    sheet.title = "Sổ văn bản đi"
    sheet.append([name for name, _width in EXPORT_COLUMNS])
    xlsx_text(sheet[1])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in export_rows(entries):
        sheet.append(row)
        xlsx_text(sheet[sheet.max_row])
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    for index, (_name, width) in enumerate(EXPORT_COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(EXPORT_COLUMNS))}{max(sheet.max_row, 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.oddHeader.center.text = title.replace("&", "&&")
    sheet.oddFooter.center.text = "Trang &P/&N"
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()
