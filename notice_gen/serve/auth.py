"""Accounts, sessions and CSRF tokens of the drafting server.

On loopback (the default) the server is the drafter's own and has no accounts. Any other
--host needs --users FILE: one account a line, ``name:role:hash``, where role is
``soan-thao`` (drafting) or ``van-thu`` (also issue, sign, the register) and hash is
hashlib.scrypt's, written as ``scrypt$N$r$p$salt$key`` (hex). `notice-gen serve --add-user`
writes such lines; no password is ever stored or logged in clear.

Every state-changing request carries the session's CSRF token (a form field or the
X-CSRF-Token header), compared in constant time: a page from another site can make the
browser send a request, but cannot read the token.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from ..errors import NoticeError

ROLES = {"soan-thao": "Soạn thảo", "van-thu": "Văn thư"}
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # 16 MiB, ~50 ms a check: costly to guess, cheap to log in
_LINE = re.compile(r"^(?P<name>[\w.@-]{1,64}):(?P<role>[a-z-]+):(?P<hash>scrypt\$\d+\$\d+\$\d+\$[0-9a-f]+\$[0-9a-f]+)$")
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class UsersError(NoticeError):
    """The --users file cannot be used; the message names the line."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    hash: str

    @property
    def clerk(self) -> bool:
        """The Văn thư: may issue numbers, sign and manage the register."""
        return self.role == "van-thu"


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${key.hex()}"


def check_password(password: str, stored: str) -> bool:
    _, n, r, p, salt, key = stored.split("$")
    got = hashlib.scrypt(
        password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=len(key) // 2,
        maxmem=256 * 1024 * 1024,
    )  # fmt: skip
    return hmac.compare_digest(got.hex(), key)


def read_users(path: Path) -> dict[str, User]:
    """The accounts of ``path``; UsersError naming the line that is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsersError(f"không đọc được tệp tài khoản {path}: {exc}") from None
    users: dict[str, User] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line.strip())
        if not match or match["role"] not in ROLES:
            raise UsersError(
                f"{path}:{number}: dòng tài khoản phải có dạng tên:vai-trò:scrypt$…, vai trò là "
                f"{' hoặc '.join(ROLES)}; tạo dòng đúng bằng notice-gen serve --users {path} --add-user TÊN"
            )
        users[match["name"]] = User(match["name"], match["role"], match["hash"])
    if not users:
        raise UsersError(f"{path}: chưa có tài khoản nào; thêm bằng notice-gen serve --users {path} --add-user TÊN")
    return users


def add_user(path: Path, name: str, role: str, password: str) -> None:
    """Add (or replace) one account of ``path``."""
    if not re.fullmatch(r"[\w.@-]{1,64}", name):
        raise UsersError(f"tên tài khoản “{name}” chỉ gồm chữ, số, “.”, “@”, “-”, “_”")
    if role not in ROLES:
        raise UsersError(f"vai trò “{role}” không có; chọn {' hoặc '.join(ROLES)}")
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    lines = [line for line in lines if not line.startswith(f"{name}:")]
    lines.append(f"{name}:{role}:{hash_password(password)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def same_token(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
