"""The university's signature on its PDFs: PAdES (baseline B-B) with pyHanko, a signing
certificate read from a PKCS#12 file (SIGNING_CERTIFICATE, SIGNING_CERTIFICATE_PASSWORD),
and the check of an uploaded PDF against the university's authority (SIGNING_TRUST_ROOTS).

The signer is loaded once per process and kept: reading the PKCS#12 file and decrypting the
key cost more than signing a certificate does. A development authority and certificate are
made by `manage.py make_signing_certificate` (`make_development_authority` below)."""

import datetime
import functools
import hashlib
import io
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from core.services import ServiceError

FIELD_NAME = "UniversitySignature"
# Room for the CMS signature object in the file: an EC P-256 signature with its certificate
# and the authority's is about 1.5 KB; an RSA 4096 chain stays under 8 KB. Reserving it
# spares pyHanko a dummy signature per PDF to estimate it.
BYTES_RESERVED = 16 * 1024


class SigningError(ServiceError):
    """Signing is configured but cannot be done: the file is missing, unreadable, or the
    password is wrong. The message says which, for the person who issues."""

    def __str__(self):  # the message itself, as a failed batch keeps and shows it
        return self.text


def signing_configured() -> bool:
    """A signing certificate is set (it may still be missing or unusable)."""
    return bool(settings.SIGNING_CERTIFICATE)


def signing_available() -> bool:
    """A signing certificate is set and loads: PDFs go out signed."""
    if not signing_configured():
        return False
    try:
        _signer()
    except SigningError:
        return False
    return True


def load_problem() -> str | None:
    """Why the configured certificate cannot sign, or None when it can (or none is set)."""
    if not signing_configured():
        return None
    try:
        _load_signer(settings.SIGNING_CERTIFICATE, settings.SIGNING_CERTIFICATE_PASSWORD)
    except SigningError as error:
        return error.message
    return None


def ensure_signing_ready() -> None:
    """Raise SigningError when a certificate is set but cannot sign: checked before anything
    is rendered or written, so that a failure leaves nothing behind."""
    if signing_configured():
        _signer()


def _signer():
    return _load_signer(settings.SIGNING_CERTIFICATE, settings.SIGNING_CERTIFICATE_PASSWORD)


@functools.cache
def _load_signer(path: str, password: str):
    """The signer of this certificate, once per process (keyed by path and password, so a
    test that points the settings elsewhere gets its own). Failures are not cached."""
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign import signers

    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise SigningError(
            _("The signing certificate %(path)s does not exist.") % {"path": path}
        ) from None
    except OSError as error:
        raise SigningError(
            _("The signing certificate %(path)s cannot be read: %(error)s.")
            % {"path": path, "error": error.strerror or error}
        ) from None
    try:
        # cryptography first: it tells a wrong password from a damaged file, pyHanko does not.
        pkcs12.load_key_and_certificates(data, password.encode() or None)
    except ValueError:
        raise SigningError(
            _(
                "The signing certificate %(path)s cannot be opened: the password is wrong or "
                "the file is not a PKCS#12 file."
            )
            % {"path": path}
        ) from None
    loaded = signers.SimpleSigner.load_pkcs12_data(data, (), passphrase=password.encode() or None)
    if loaded.signing_cert is None or loaded.signing_key is None:
        raise SigningError(
            _("The signing certificate %(path)s holds no certificate with its key.")
            % {"path": path}
        )
    return _template_signer_class()(
        signing_key=loaded.signing_key,
        signing_cert=loaded.signing_cert,
        cert_registry=loaded.cert_registry,
    )


# The CMS signed attributes of a PAdES signature are the same for every PDF but one: the
# digest of the document. pyHanko builds them, and the whole CMS container with the
# certificates, through asn1crypto for every signature, which takes about 9 ms against
# 0.1 ms for the ECDSA signature itself, three times the rendering of a certificate. So the
# container pyHanko makes for a placeholder digest is kept per process, and each signature
# puts its digest in place of the placeholder and signs those attributes anew: the result
# is byte for byte what pyHanko would write but for the signature value (a test checks it).
PLACEHOLDER_DIGEST_SIZE = {"sha256": 32, "sha384": 48, "sha512": 64}
CONSTANT_ATTRIBUTES = {"content_type", "message_digest", "signing_certificate_v2"}


@functools.cache
def _template_signer_class():
    from asn1crypto import cms
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from pyhanko.sign import signers
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    class TemplateSigner(signers.SimpleSigner):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self._templates = {}
            # pyHanko decodes the key from DER for every signature (0.2 ms): once is enough.
            self._private_key = serialization.load_der_private_key(
                self.signing_key.dump(), password=None
            )

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            if mechanism.signature_algo != "ecdsa":
                return super().sign_raw(data, digest_algorithm)
            algorithm = get_pyca_cryptography_hash(digest_algorithm)
            return self._private_key.sign(data, ec.ECDSA(algorithm))

        async def _template(self, digest_algorithm, signed_attr_settings):
            if digest_algorithm not in self._templates:
                placeholder = secrets.token_bytes(PLACEHOLDER_DIGEST_SIZE[digest_algorithm])
                container = await super().async_sign(
                    placeholder,
                    digest_algorithm,
                    use_pades=True,
                    signed_attr_settings=signed_attr_settings,
                )
                attributes = container["content"]["signer_infos"][0]["signed_attrs"]
                types = {attribute["type"].native for attribute in attributes}
                der = container.dump()
                usable = types <= CONSTANT_ATTRIBUTES and der.count(placeholder) == 1
                self._templates[digest_algorithm] = (placeholder, der) if usable else None
            return self._templates[digest_algorithm]

        async def async_sign(self, data_digest, digest_algorithm, *args, **kwargs):
            settings_ = kwargs.get("signed_attr_settings")
            plain = (
                not args
                and kwargs.get("use_pades")
                and not kwargs.get("dry_run")
                and kwargs.get("timestamper") is None
                and kwargs.get("encap_content_info") is None
                and kwargs.get("is_pdf_sig", True)
                and digest_algorithm in PLACEHOLDER_DIGEST_SIZE
                and settings_ is not None
                and settings_.cades_signed_attrs is None
                and settings_.adobe_revinfo_attr is None
            )
            template = await self._template(digest_algorithm, settings_) if plain else None
            if template is None:
                return await super().async_sign(data_digest, digest_algorithm, *args, **kwargs)
            placeholder, der = template
            container = cms.ContentInfo.load(der.replace(placeholder, data_digest))
            signer_info = container["content"]["signer_infos"][0]
            # The signature covers the attributes DER-encoded as a SET (RFC 5652, 5.4).
            to_sign = b"\x31" + signer_info["signed_attrs"].dump()[1:]
            signer_info["signature"] = await self.async_sign_raw(to_sign, digest_algorithm)
            return container

    return TemplateSigner


def location() -> str:
    return settings.SIGNING_LOCATION


def sign_pdf(data: bytes, *, reason: str, location: str = "") -> bytes:
    """The PDF with the university's PAdES signature (baseline B-B, SHA-256) in an invisible
    field, appended as an incremental update: the bytes before it are left as they were.
    Raises SigningError when the certificate cannot be used."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer()
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason or None,
        location=location or None,
        name=settings.UNIVERSITY_NAME,
    )
    output = signers.sign_pdf(
        writer,
        metadata,
        signer=signer,
        bytes_reserved=BYTES_RESERVED,
        output=io.BytesIO(),
    )
    return output.getvalue()


# Checking a signed PDF -------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """What the check of a PDF found. `signed` False: the other fields say nothing."""

    signed: bool
    intact: bool = False  # the signed bytes are those the signature was made on
    valid: bool = False  # the signature is mathematically right for those bytes
    trusted: bool = False  # the signer's certificate chains up to the university's authority
    whole_document: bool = False  # nothing was added after the signature
    signer: str = ""
    signed_at: datetime.datetime | None = None
    readable: bool = True  # False: the file could not be read as a PDF at all

    @property
    def genuine(self) -> bool:
        """Intact, valid, trusted and covering the whole file: exactly what was signed."""
        return self.signed and self.intact and self.valid and self.trusted and self.whole_document


@functools.cache
def _trust_roots(paths: tuple[str, ...]):
    from pyhanko.keys import load_certs_from_pemder

    return list(load_certs_from_pemder(list(paths)))


def trust_root_problem(path: str) -> str | None:
    """Why this trust root cannot be read as a certificate, or None."""
    from pyhanko.keys import load_certs_from_pemder

    try:
        if not list(load_certs_from_pemder([path])):
            return _("The trust root %(path)s holds no certificate.") % {"path": path}
    except OSError as error:
        return _("The trust root %(path)s cannot be read: %(error)s.") % {
            "path": path,
            "error": error.strerror or error,
        }
    except ValueError:
        return _("The trust root %(path)s is not a PEM or DER certificate.") % {"path": path}
    return None


def _validation_context():
    from pyhanko_certvalidator import ValidationContext

    paths = tuple(str(p) for p in settings.SIGNING_TRUST_ROOTS if p)
    roots = _trust_roots(paths) if paths else []
    # Our certificates carry no revocation information to fetch: the check is offline.
    return ValidationContext(trust_roots=roots, allow_fetching=False)


def verify_pdf(data: bytes) -> Result:
    """Check the last signature of a PDF against the trust roots: signed or not, intact (no
    byte of the signed part changed), by whom and when, trusted, and whether it covers the
    whole file (nothing appended after it)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # any upload at all: a file pyHanko cannot read carries no signature of ours
        return Result(signed=False, readable=False)
    if not signatures:
        return Result(signed=False)
    embedded = signatures[-1]
    try:
        status = validate_pdf_signature(embedded, _validation_context(), skip_diff=True)
    except Exception:  # a signature too damaged to read is no signature we made
        return Result(signed=True)
    subject = status.signing_cert.subject.native if status.signing_cert else {}
    return Result(
        signed=True,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        whole_document=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=subject.get("common_name") or subject.get("organization_name") or "",
        signed_at=status.signer_reported_dt,
    )


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# A development authority -----------------------------------------------------------------


DEVELOPMENT_PASSWORD = "practica-demo"  # noqa: S105 (the demo's, as the demo accounts')


def make_development_authority(
    directory: Path, *, name: str, password: str = DEVELOPMENT_PASSWORD, days: int = 3650
) -> tuple[Path, Path]:
    """A certificate authority and a signing certificate it issued, for development and the
    demo: EC P-256 keys (they sign many times faster than RSA), key usage digitalSignature
    and nonRepudiation, the university as subject. Writes `ca.pem` and `signing.p12`
    (files 0600 in a folder 0700) and returns their paths."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    directory = Path(directory)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "RO"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{name} — development authority"),
        ]
    )
    ca_certificate = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COUNTRY_NAME, "RO"),
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
                    x509.NameAttribute(NameOID.COMMON_NAME, name),
                ]
            )
        )
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days - 1))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_path, p12_path = directory / "ca.pem", directory / "signing.p12"
    _write_private(ca_path, ca_certificate.public_bytes(serialization.Encoding.PEM))
    _write_private(
        p12_path,
        pkcs12.serialize_key_and_certificates(
            name=b"signing",
            key=key,
            cert=certificate,
            cas=[ca_certificate],
            encryption_algorithm=serialization.BestAvailableEncryption(password.encode()),
        ),
    )
    return ca_path, p12_path


def _write_private(path: Path, content: bytes) -> None:
    """Written whole under a temporary name, then renamed: never a half-written file."""
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)
