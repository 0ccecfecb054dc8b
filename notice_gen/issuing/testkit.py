"""`notice-gen sign --make-test-kit DIR`: keys and pictures to try signing with, never to issue with.

A small CA issues two RSA-2048 certificates, one for a person (the signer) and
one for an organisation (the issuing body), as NĐ30 recommends (SHA-256, RSA
2048); each goes into a PKCS#12 file with its password. Images are drawn with
Pillow at their real size (the resolution is written in the PNG, pHYs): a blue
stroke on a transparent background for the signature (51 × 20 mm), a red ring
for the seal (36 mm). The test suite signs with the same kit (tests/signing_kit.py).
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
    """The files of a test kit."""

    ca_pem: Path
    signer_p12: Path
    issuer_p12: Path
    signature_png: Path
    seal_png: Path


def name(common: str, organisation: str | None = None) -> x509.Name:
    """A subject as Vietnamese CAs write it: country VN, the common name, the organisation if any."""
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.COMMON_NAME, common)]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    return x509.Name(parts)


def certificate(
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
    """A certificate with the key usages of a signing certificate (or, ``ca``, a CA's)."""
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
    """The CA (ca.pem, and its key ca-key.pem to make more certificates), signer.p12, issuer.p12,
    chu-ky.png and dau.png in ``folder``; the .p12 password is PASSWORD."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = name("CA thử nghiệm notice-gen", "notice-gen")
    ca_cert = certificate(ca_name, ca_key, ca_name, ca_key, ca=True)
    ca_pem = folder / "ca.pem"
    ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    pem = serialization.Encoding.PEM
    (folder / "ca-key.pem").write_bytes(
        ca_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    files = {}
    for role, subject in (
        ("signer", name("Bùi Hoàng Phương")),
        ("issuer", name("Bộ Thông tin và Truyền thông", "Bộ Thông tin và Truyền thông")),
    ):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = certificate(subject, key, ca_name, ca_key, ca=False)
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
