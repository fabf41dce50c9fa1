# ruff: noqa: F811 (the fixtures imported are parameters here)
"""https targets: the connection goes to the checked address, yet the certificate is checked
against the URL's host name (SNI and verification), and a wrong certificate fails."""

import datetime
import ssl
import uuid

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.utils import timezone

from api import webhooks
from api.models import Delivery

from .webhook_fixtures import (  # noqa: F401 (fixtures)
    Receiver,
    _local_webhooks,
    make_account,
    make_webhook,
    staff,
)

pytestmark = pytest.mark.django_db


def self_signed(tmp_path, name):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / f"{name}.pem", tmp_path / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_receiver(tmp_path, monkeypatch):
    made = []

    def make(cert_name):
        cert_path, key_path = self_signed(tmp_path, cert_name)
        server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_context.load_cert_chain(cert_path, key_path)
        receiver = Receiver()
        receiver.server.socket = server_context.wrap_socket(
            receiver.server.socket, server_side=True
        )
        made.append(receiver)
        return receiver, cert_path

    yield make
    for receiver in made:
        receiver.close()


def trust(monkeypatch, cert_path):
    real = ssl.create_default_context
    monkeypatch.setattr(webhooks.ssl, "create_default_context", lambda: real(cafile=cert_path))


def delivery_to(staff, url):
    webhook, _ = make_webhook(staff, make_account(staff), url)
    return Delivery.objects.create(
        webhook=webhook,
        event_type="webhook.test",
        event_id=uuid.uuid4(),
        payload={"test": True},
        next_attempt_at=timezone.now(),
    )


def test_https_checks_the_certificate_against_the_url_host(staff, tls_receiver, monkeypatch):
    receiver, cert_path = tls_receiver("localhost")
    trust(monkeypatch, cert_path)
    port = receiver.server.server_address[1]
    delivery = webhooks.attempt(delivery_to(staff, f"https://localhost:{port}/hook").pk)
    assert delivery.status == Delivery.Status.SUCCEEDED, delivery.last_error
    assert receiver.requests[0][1]["Host"] == f"localhost:{port}"


def test_a_certificate_for_another_name_fails(staff, tls_receiver, monkeypatch):
    receiver, cert_path = tls_receiver("registry.example.edu")
    trust(monkeypatch, cert_path)
    port = receiver.server.server_address[1]
    delivery = webhooks.attempt(delivery_to(staff, f"https://localhost:{port}/hook").pk)
    assert delivery.status == Delivery.Status.FAILED
    assert "doesn't match" in delivery.last_error
    assert receiver.requests == []
