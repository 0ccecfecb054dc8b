"""Test certificates and signature images, made on the spot.

The kit itself is notice_gen.issuing.testkit (what `notice-gen sign --make-test-kit` makes);
here are what only the tests need: certificates `sign` must refuse, and SoftHSM2
tokens holding the kit's keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from notice_gen.issuing.testkit import PASSWORD, Kit, make_kit, seal_png, signature_png
from notice_gen.issuing.testkit import certificate as _certificate
from notice_gen.issuing.testkit import name as _name

__all__ = ["PASSWORD", "Kit", "Token", "make_kit", "odd_p12", "seal_png", "signature_png", "softhsm_tokens"]


def odd_p12(kit: Kit, name: str, *, ca: bool = False, self_signed: bool = False, **options: object) -> Path:
    """A PKCS#12 that `sign` must refuse: issued by the kit's CA (or by itself) with the given
    ``_certificate`` options (start, days, signing) or as a CA."""
    folder = kit.ca_pem.parent
    ca_cert = x509.load_pem_x509_certificate(kit.ca_pem.read_bytes())
    ca_key = serialization.load_pem_private_key((folder / "ca-key.pem").read_bytes(), None)
    assert isinstance(ca_key, rsa.RSAPrivateKey)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = _name(f"Người thử {name}")
    if self_signed:
        cert = _certificate(subject, key, subject, key, ca=ca, **options)  # type: ignore[arg-type]
        chain = []
    else:
        cert = _certificate(subject, key, ca_cert.subject, ca_key, ca=ca, **options)  # type: ignore[arg-type]
        chain = [ca_cert]
    path = folder / f"{name}.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            name.encode(), key, cert, chain, serialization.BestAvailableEncryption(PASSWORD.encode())
        )
    )
    return path


SOFTHSM_MODULE = Path("/usr/lib/softhsm/libsofthsm2.so")  # Debian's softhsm2 (scripts/setup.sh --test)
PIN = "123456"


@dataclass
class Token:
    """A SoftHSM2 token holding one role's key, certificate and the CA certificate, as a USB token does."""

    conf: Path  # SOFTHSM2_CONF: the tokens live in the test's own folder
    module: Path
    label: str
    key_label: str


def softhsm_tokens(folder: Path, kit: Kit) -> dict[str, Token]:
    """Two tokens, "nguoi-ky" and "van-thu", each with its role's key imported from the kit's .p12
    (pkcs11-tool from opensc writes a PKCS#8 key and DER certificates, as an office imports them)."""
    import os
    import subprocess

    tokens = folder / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    ca = x509.load_pem_x509_certificate(kit.ca_pem.read_bytes()).public_bytes(serialization.Encoding.DER)
    out = {}
    for role, p12, label in (("signer", kit.signer_p12, "nguoi-ky"), ("issuer", kit.issuer_p12, "van-thu")):
        key, cert, _chain = pkcs12.load_key_and_certificates(p12.read_bytes(), PASSWORD.encode())
        assert key is not None and cert is not None
        files = {
            "privkey": key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            ),
            "cert": cert.public_bytes(serialization.Encoding.DER),
        }
        subprocess.run(
            ["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN, "--so-pin", "87654321"],
            env=env,
            check=True,
            capture_output=True,
        )
        tool = ["pkcs11-tool", "--module", str(SOFTHSM_MODULE), "--token-label", label, "--login", "--pin", PIN]
        for kind, object_label, object_id, data in (
            ("privkey", "khoa-ky", "01", files["privkey"]),
            ("cert", "khoa-ky", "01", files["cert"]),
            ("cert", "ca", "02", ca),
        ):
            path = folder / f"{label}-{object_label}-{kind}.der"
            path.write_bytes(data)
            subprocess.run(
                [*tool, "--write-object", str(path), "--type", kind, "--label", object_label, "--id", object_id],
                env=env,
                check=True,
                capture_output=True,
            )
            path.unlink()
        out[role] = Token(conf, SOFTHSM_MODULE, label, "khoa-ky")
    return out
