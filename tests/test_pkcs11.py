"""Signing with keys on a token (PKCS#11): a real SoftHSM2 token, for both roles, then `verify`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from notice_gen.issuing.signing import verify
from tests.conftest import MINIMAL, write_yaml
from tests.signing_kit import PIN, Kit, Token, make_kit, softhsm_tokens

UNNUMBERED = MINIMAL.replace("    number: 5\n", "").replace("    issue_date: 2022-01-05\n", "")


def notice_gen(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command as a Văn thư runs it, in a process of its own (the token's library is loaded
    once per process, with the SOFTHSM2_CONF of that process); no terminal on standard input."""
    return subprocess.run(
        [sys.executable, "-m", "notice_gen", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("kit"))


@pytest.fixture(scope="module")
def tokens(kit: Kit, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Token]:
    return softhsm_tokens(tmp_path_factory.mktemp("softhsm"), kit)


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("issued")
    source = write_yaml(folder, "a.yaml", UNNUMBERED)
    args = ("-o", str(folder / "out"), "--db", str(folder / "so.sqlite3"), "--date", "5/1/2022")
    done = notice_gen("issue", str(source), *args)
    assert done.returncode == 0, done.stderr
    return folder / "out" / "01-TB-BTTTT-2022.pdf"


def token_args(token: Token, role: str) -> list[str]:
    return [
        *("--role", role, "--pkcs11-module", str(token.module)),
        *("--token-label", token.label, "--key-label", token.key_label),
    ]


def env_of(token: Token, pin: str | None = PIN) -> dict[str, str]:
    env = {"SOFTHSM2_CONF": str(token.conf)}
    if pin is not None:
        env["NOTICE_GEN_PKCS11_PIN"] = pin
    return env


def test_both_roles_sign_with_a_token_and_verify(
    issued: Path, kit: Kit, tokens: dict[str, Token], tmp_path: Path
) -> None:
    pdf = tmp_path / "token.pdf"
    shutil.copy(issued, pdf)
    signer, issuer = tokens["signer"], tokens["issuer"]
    image = ("--image", str(kit.signature_png))
    done = notice_gen("sign", str(pdf), *token_args(signer, "signer"), *image, env=env_of(signer))
    assert done.returncode == 0, done.stderr
    assert "✓ Đã ký (người ký: Bùi Hoàng Phương)" in done.stderr
    image = ("--image", str(kit.seal_png))
    done = notice_gen("sign", str(pdf), *token_args(issuer, "issuer"), *image, env=env_of(issuer))
    assert done.returncode == 0, done.stderr
    assert "✓ Đã ký (cơ quan ban hành: Bộ Thông tin và Truyền thông)" in done.stderr
    reports = verify(pdf, [kit.ca_pem])
    assert [(r.role, r.signer, r.ok, r.trusted) for r in reports] == [
        ("signer", "Bùi Hoàng Phương", True, True),
        ("issuer", "Bộ Thông tin và Truyền thông", True, True),
    ]
    done = notice_gen("verify", str(pdf), "--trust", str(kit.ca_pem))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✓ Chữ ký 1 (người ký): Bùi Hoàng Phương" in done.stdout
    assert "✓ Chữ ký 2 (cơ quan ban hành): Bộ Thông tin và Truyền thông" in done.stdout
    assert pdf.read_bytes().startswith(issued.read_bytes())


def test_token_problems_are_told_and_leave_the_file_alone(
    issued: Path, tokens: dict[str, Token], tmp_path: Path
) -> None:
    pdf = tmp_path / "x.pdf"
    shutil.copy(issued, pdf)
    before = pdf.read_bytes()
    token = tokens["signer"]
    cases = [
        # No PIN and no terminal to ask on: a clear message, not a hang.
        (token_args(token, "signer"), env_of(token, None),
         "cần mã PIN của token “nguoi-ky”: đặt biến môi trường NOTICE_GEN_PKCS11_PIN"),
        (token_args(token, "signer"), env_of(token, "000000"), "token “nguoi-ky”: sai mã PIN"),
        (["--pkcs11-module", str(token.module), "--token-label", "khong-co", "--key-label", "khoa-ky"],
         env_of(token), "không thấy token có nhãn “khong-co”"),
        (["--pkcs11-module", str(token.module), "--token-label", token.label, "--key-label", "khac"],
         env_of(token), "token “nguoi-ky” không có khóa và chứng thư nhãn “khac”"),
        (["--pkcs11-module", str(tmp_path / "khong-co.so"), "--token-label", token.label, "--key-label", "khoa-ky"],
         env_of(token), "không có tệp PKCS#11 module"),
    ]
    for args, env, message in cases:
        done = notice_gen("sign", str(pdf), *args, env=env)
        assert done.returncode == 1, done.stderr
        assert message in done.stderr
        assert "Traceback" not in done.stderr
    assert pdf.read_bytes() == before


def test_one_key_source_at_a_time(issued: Path, kit: Kit, tokens: dict[str, Token]) -> None:
    done = notice_gen("sign", str(issued), "--p12", str(kit.signer_p12), *token_args(tokens["signer"], "signer"))
    assert done.returncode == 2 and "chọn một nguồn khóa" in done.stderr
    done = notice_gen("sign", str(issued))
    assert done.returncode == 2 and "chọn một nguồn khóa" in done.stderr
    done = notice_gen("sign", str(issued), "--pkcs11-module", str(tokens["signer"].module), "--token-label", "x")
    assert done.returncode == 2 and "cần cả --token-label và --key-label" in done.stderr


def test_tokens_in_the_sign_first_flow(kit: Kit, tokens: dict[str, Token], tmp_path: Path) -> None:
    """prepare → the signer's token certifies → issue SIGNED.pdf → the office's token seals → verify."""
    source = write_yaml(tmp_path, "a.yaml", UNNUMBERED)
    db = ("--db", str(tmp_path / "so.sqlite3"))
    done = notice_gen("prepare", str(source), "-o", str(tmp_path / "out"), *db)
    assert done.returncode == 0, done.stderr
    copy = tmp_path / "out" / "a.trinh-ky.pdf"
    signer, issuer = tokens["signer"], tokens["issuer"]
    done = notice_gen("sign", str(copy), *token_args(signer, "signer"), env=env_of(signer))
    assert done.returncode == 0, done.stderr
    done = notice_gen("issue", str(copy), "-o", str(tmp_path / "out"), *db)
    assert done.returncode == 0, done.stderr
    (issued,) = (tmp_path / "out").glob("01-TB-BTTTT-*.pdf")
    seal = ("--image", str(kit.seal_png))
    done = notice_gen("sign", str(issued), *token_args(issuer, "issuer"), *seal, env=env_of(issuer))
    assert done.returncode == 0, done.stderr
    done = notice_gen("verify", str(issued), "--trust", str(kit.ca_pem))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "sửa sau khi ký: Văn thư điền số, ngày (được phép): “Số: 01/TB-BTTTT”" in done.stdout
    assert "✓ Chữ ký 2 (cơ quan ban hành): Bộ Thông tin và Truyền thông" in done.stdout
