"""Practica settings: every deployment-specific value comes from the environment.

See the README's "Configuration" section for the list of variables.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# Without SECRET_KEY, management commands still run with a development key (which
# `check --deploy` flags); the WSGI/ASGI entry points refuse to serve with it.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
SECRET_KEY_IS_DEVELOPMENT_KEY = not SECRET_KEY
if not SECRET_KEY:
    SECRET_KEY = "django-insecure-local-development-only-never-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_htmx",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "core",
    "accounts",
    "notifications",
    "internships",
    "mentors",
    "documents",
    "office",
    "seed",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every view needs a login unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "config.middleware.private_cache_for_users",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# Content-Security-Policy: every script, style, image and font from our own origin (static
# files are vendored), no inline script anywhere, no framing. The only inline style is the
# self-contained 500 page's, allowed by its hash (tests/test_security_headers.py checks it).
ERROR_PAGE_STYLE_HASH = "'sha256-9v/ScwR2IyqBb4Fxo+CkINGwdI63aZg2LmiADIvWEVo='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, ERROR_PAGE_STYLE_HASH],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    }
}
if DEBUG:
    # Django's technical error page is all inline styles and scripts: in development the
    # policy only reports (in the browser's console) what it would refuse.
    CONTENT_SECURITY_POLICY_REPORT_ONLY = CONTENT_SECURITY_POLICY
    CONTENT_SECURITY_POLICY = None

# Powerful browser features the product never uses, turned off for every page.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "midi=(), display-capture=(), browsing-topics=()"
)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Database: PostgreSQL when DATABASE_URL is set, a SQLite file otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0" if DEBUG else "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set; otherwise the database cache table, so that
# rate limits hold across worker processes.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/")
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail is the login; no usernames.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = os.environ.get(
    "ACCOUNT_EMAIL_VERIFICATION", "optional" if DEBUG else "mandatory"
)
# Sign-up and password reset answer alike whether or not an address has an account; the
# mailbox learns which (allauth e-mails "you already have an account" or "no account").
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Practica] "
if not env_bool("RATE_LIMITS_ENABLED", True):
    ACCOUNT_RATE_LIMITS = False  # only for load tests; allauth's defaults apply otherwise

# Background jobs (e-mails, certificates) through the Django Tasks API: run at once in
# development; in production use "django_tasks_db.DatabaseBackend" with `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Placements and applications.
MAX_OPEN_APPLICATIONS_PER_PERIOD = int(os.environ.get("MAX_OPEN_APPLICATIONS_PER_PERIOD", "5"))
VERIFIED_ORGANISATIONS_PUBLISH_DIRECTLY = env_bool("VERIFIED_ORGANISATIONS_PUBLISH_DIRECTLY", False)
OFFER_RESPONSE_DAYS = int(os.environ.get("OFFER_RESPONSE_DAYS", "7"))
PAGE_SIZE = 20
# The staff dashboard's figures of a period are counted at most this often (a refresh link
# recounts them at once); the moderation queues are always current.
DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "120"))
# Certificates: the university named on them, and the processes rendering a period's batch.
UNIVERSITY_NAME = os.environ.get("UNIVERSITY_NAME", "Universitatea din Cluj")
CERTIFICATE_WORKERS = int(os.environ.get("CERTIFICATE_WORKERS", str(os.cpu_count() or 1)))
VERIFY_RATE_LIMIT = os.environ.get("VERIFY_RATE_LIMIT", "30/m")
# How many reverse proxies (load balancer, nginx) stand in front of the app servers: the
# rate limits then key on the visitor's address they forward, not on the proxy's.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Student sign-up may be limited to the university's e-mail domains (empty = anyone).
STUDENT_EMAIL_DOMAINS = [d.lower().lstrip("@") for d in env_list("STUDENT_EMAIL_DOMAINS")]
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "14"))
# The public address of the site, for links in e-mails and on documents.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")

# E-mail: printed to the console unless an SMTP server is configured. The EMAIL_BACKEND
# variable names the backend that delivers; Django's EMAIL_BACKEND is the outbox (see the mail
# queue block at the end of this file).
EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Practica <no-reply@practica.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Internationalisation: English source strings, Romanian translation.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ro", _("Romanian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Bucharest"
USE_I18N = True
USE_TZ = True

# Static files are served by whitenoise; uploads live in MEDIA_ROOT and are never
# given a public URL: authorised views stream them.
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
CV_MAX_BYTES = 5 * 1024 * 1024
PDF_FONT_REGULAR = os.environ.get(
    "PDF_FONT_REGULAR", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
)
PDF_FONT_BOLD = os.environ.get(
    "PDF_FONT_BOLD", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
)

MESSAGE_TAGS = {40: "error"}

# Security: strict outside DEBUG, so that `check --deploy` is clean.
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Account security (accountsec, #13): two-factor authentication (allauth's MFA: an
# authenticator app's codes, with recovery codes), required of university staff and of
# accounts with Django admin access when STAFF_REQUIRE_MFA is on. Off unless set, so that the
# demo and the benchmarks sign staff in with a password; production should turn it on.
INSTALLED_APPS.insert(INSTALLED_APPS.index("allauth.account") + 1, "allauth.mfa")
MIDDLEWARE.insert(
    MIDDLEWARE.index("allauth.account.middleware.AccountMiddleware") + 1,
    "accounts.middleware.StaffMFAMiddleware",
)
# Addresses are looked up in one spelling: the domain in its ASCII (punycode) form.
ACCOUNT_FORMS = {"login": "accounts.forms.EmailLoginForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "Practica")
STAFF_REQUIRE_MFA = env_bool("STAFF_REQUIRE_MFA", False)

# Placement form (issue #13, piece "placementform"): how many positions one placement may
# offer, and the highest monthly stipend in RON accepted (above it is a typing mistake).
PLACEMENT_MAX_POSITIONS = int(os.environ.get("PLACEMENT_MAX_POSITIONS", "50"))
PLACEMENT_MAX_STIPEND = int(os.environ.get("PLACEMENT_MAX_STIPEND", "100000"))

# smallthings (#13): times in English pages use the 24-hour clock, as in Romanian, so no
# sentence ends in "a.m.." (core/formats/en overrides Django's English time formats).
FORMAT_MODULE_PATH = ["core.formats"]

# Academic rules (issue #13, piece "academic"): the lowest grade that passes, and how many
# days before its end an internship's final evaluation opens (earlier once the required
# hours are approved).
import decimal  # noqa: E402

PASS_MARK = decimal.Decimal(os.environ.get("PASS_MARK", "5"))
FINAL_EVALUATION_WINDOW_DAYS = int(os.environ.get("FINAL_EVALUATION_WINDOW_DAYS", "14"))

# Mail queue (issue #24, piece "mailq"): every e-mail is stored in the database outbox
# (django-post-office's tables) in the transaction of the action that sends it, and delivered
# after the commit by a background job and by `manage.py deliver_mail --loop`, through
# EMAIL_DELIVERY_BACKEND (the EMAIL_BACKEND variable: SMTP in production). A refused
# connection or a 4xx answer is tried again after MAIL_RETRY_DELAY seconds, doubling each time
# up to MAIL_RETRY_MAX_DELAY, at most MAIL_RETRIES times; a 5xx answer ends it at once. Both
# end as "failed", shown to staff at /staff/mail/.
INSTALLED_APPS.append("post_office")
EMAIL_BACKEND = "notifications.mail.OutboxBackend"
if EMAIL_DELIVERY_BACKEND == EMAIL_BACKEND:
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))  # seconds; Django's default waits
POST_OFFICE = {"BACKENDS": {"default": EMAIL_DELIVERY_BACKEND}, "LOG_LEVEL": 2}
MAIL_RETRIES = int(os.environ.get("MAIL_RETRIES", "12"))
MAIL_RETRY_DELAY = int(os.environ.get("MAIL_RETRY_DELAY", "60"))
MAIL_RETRY_MAX_DELAY = int(os.environ.get("MAIL_RETRY_MAX_DELAY", "3600"))
MAIL_BATCH_SIZE = int(os.environ.get("MAIL_BATCH_SIZE", "100"))
