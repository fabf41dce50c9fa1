"""Documents are signed in these tests as in production: a development authority made once
per test session, and every test of this folder pointed at it."""

import pytest

from documents import signing

PASSWORD = "test-signing-password"


@pytest.fixture(scope="session")
def signing_authority(tmp_path_factory):
    """(ca.pem, signing.p12) of an authority made for the test session."""
    return signing.make_development_authority(
        tmp_path_factory.mktemp("signing") / "authority",
        name="Universitatea din Cluj",
        password=PASSWORD,
    )


@pytest.fixture(autouse=True)
def signing_configured(settings, signing_authority):
    ca, p12 = signing_authority
    settings.SIGNING_CERTIFICATE = str(p12)
    settings.SIGNING_CERTIFICATE_PASSWORD = PASSWORD
    settings.SIGNING_TRUST_ROOTS = [str(ca)]
    return signing_authority
