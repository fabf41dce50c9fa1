"""Settings for the test suite: the real settings, with fast hashing and in-memory mail."""

import os
import re
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-secret-key-only-for-the-test-suite-0123456789abcdef")
os.environ.setdefault("DJANGO_DEBUG", "0")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="practica-test-media-"))
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
CERTIFICATE_WORKERS = 1

# The test identity providers of single sign-on (issue #17, tests/idp): django-oauth-toolkit
# serves OpenID Connect under /test-idp/o/ when a test sets ROOT_URLCONF = "tests.idp.urls".
from tests.idp.keys import key_and_certificate  # noqa: E402

INSTALLED_APPS += ["oauth2_provider"]  # noqa: F405
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": key_and_certificate()[0],
    "OAUTH2_VALIDATOR_CLASS": "tests.idp.oidc.Validator",
    "PKCE_REQUIRED": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
    "SCOPES": {"openid": "OpenID Connect", "profile": "Profile", "email": "E-mail"},
}
# pytest-xdist: each worker (gw0, gw1 ...) has its own test database (pytest-django names
# them) and its own Redis database, since the tests clear the cache between them.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER and REDIS_URL:  # noqa: F405
    _INDEX = int(_WORKER.removeprefix("gw") or 0) + 1
    CACHES["default"]["LOCATION"] = re.sub(r"(/\d*)?$", f"/{_INDEX}", REDIS_URL, count=1)  # noqa: F405
