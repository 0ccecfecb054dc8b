"""Test certificates and signature images, made on the spot.

A small CA issues two RSA-2048 certificates, one for a person (the signer) and
one for an organisation (the issuing body), as NĐ30 recommends (SHA-256, RSA
2048); each goes into a PKCS#12 file with its password. Images are drawn with
Pillow: a blue stroke on a transparent background for the signature, a red
ring for the seal, with a resolution (pHYs) so that the seal has a real size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSWORD = "mat-khau-thu"


@dataclass
class Kit:
    ca_pem: Path
    signer_p12: Path
    issuer_p12: Path
    signature_png: Path
    seal_png: Path


def _name(common: str, organisation: str | None = None) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.COMMON_NAME, common)]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    return x509.Name(parts)


def _certificate(
    subject: x509.Name,
    key: rsa.RSAPrivateKey,
    issuer: x509.Name,
    signing_key: rsa.RSAPrivateKey,
    *,
    ca: bool,
    start: dt.datetime = dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    days: int = 365 * 30,
    signing: bool = True,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca and signing,
                content_commitment=not ca and signing,
                key_encipherment=not signing,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    return builder.sign(signing_key, hashes.SHA256())


def make_kit(folder: Path) -> Kit:
    folder.mkdir(parents=True, exist_ok=True)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name("CA thử nghiệm notice-gen", "notice-gen")
    ca_cert = _certificate(ca_name, ca_key, ca_name, ca_key, ca=True)
    ca_pem = folder / "ca.pem"
    ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    pem = serialization.Encoding.PEM
    (folder / "ca-key.pem").write_bytes(
        ca_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    files = {}
    for role, subject in (
        ("signer", _name("Bùi Hoàng Phương")),
        ("issuer", _name("Bộ Thông tin và Truyền thông", "Bộ Thông tin và Truyền thông")),
    ):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = _certificate(subject, key, ca_name, ca_key, ca=False)
        data = pkcs12.serialize_key_and_certificates(
            role.encode(),
            key,
            cert,
            [ca_cert],
            serialization.BestAvailableEncryption(PASSWORD.encode()),
        )
        files[role] = folder / f"{role}.p12"
        files[role].write_bytes(data)
    return Kit(
        ca_pem,
        files["signer"],
        files["issuer"],
        signature_png(folder / "chu-ky.png"),
        seal_png(folder / "dau.png"),
    )


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


def signature_png(path: Path, size: tuple[int, int] = (600, 240), dpi: int = 300) -> Path:
    """A blue scribble on a transparent background."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    width, height = size
    points = [(int(width * x / 20), int(height * (0.5 + 0.35 * ((-1) ** x) * (x % 3) / 2))) for x in range(1, 20)]
    draw.line(points, fill=(20, 40, 200, 255), width=8)
    image.save(path, dpi=(dpi, dpi))
    return path


def seal_png(path: Path, diameter_px: int = 425, dpi: int = 300) -> Path:
    """A red ring, 36 mm across at 300 dpi (425 px), on a transparent background."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (diameter_px, diameter_px), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, diameter_px - 4, diameter_px - 4), outline=(220, 20, 20, 230), width=14)
    draw.ellipse((60, 60, diameter_px - 60, diameter_px - 60), outline=(220, 20, 20, 230), width=6)
    draw.regular_polygon((diameter_px // 2, diameter_px // 2, 40), 5, fill=(220, 20, 20, 230))
    image.save(path, dpi=(dpi, dpi))
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
