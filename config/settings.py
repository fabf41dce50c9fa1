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
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "core",
    "accounts",
    "notifications",
    "internships",
    "interviews",
    "conversations",
    "mentors",
    "documents",
    "agenda",
    "reminders",
    "allocation",
    "privacy",
    "office",
    "api",
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
    "accounts.middleware.user_language",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes share the file (the server, the worker, the scheduler): each write
    # transaction takes the lock when it begins and waits up to 20 s for it, instead of
    # failing with "database is locked" when two upgrade a read lock at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set; otherwise the database cache table, so that
# rate limits hold across worker processes. While Redis does not answer, the resilient
# backend (core/cache_backends.py) counts figures without it and keeps the rate limits in
# each process's memory, so that pages, login and /verify/ go on working.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
                "RETRY_SECONDS": float(os.environ.get("REDIS_RETRY_SECONDS", "5")),
            },
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
# development; in production "django_tasks_db.DatabaseBackend" with `run_worker` and
# `run_scheduler` (manage.py commands).
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

# Degrade, do not fail (degrade, #24). Pages are compressed: GZipMiddleware, inside WhiteNoise
# (which serves static files compressed already). Against BREACH, Django masks the CSRF token
# anew in every response and the middleware pads each gzip stream with random bytes.
# While the database does not answer, pages answer 503 with Retry-After (core/outage.py):
# placed before the session and the user, and inside the security and CSP middleware so that
# its page carries their headers, and gzip compresses it.
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "django.middleware.gzip.GZipMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.gzip.GZipMiddleware") + 1,
    "core.outage.DatabaseOutageMiddleware",
)
# The language cookie goes over HTTPS only in production, and not on cross-site requests.
# It stays readable by scripts (Django's default): it holds a language code, nothing secret.
LANGUAGE_COOKIE_SECURE = not DEBUG and env_bool("SECURE_COOKIES", True)
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Operations (issue #24, piece "ops"): request ids, logs, readiness, metrics, errors to
# Sentry, key rotation, backups.
#
# Keys rotate: a new SECRET_KEY with the old one(s) here (comma-separated) keeps sessions and
# password-reset links made with the old key working; drop an old key once they expired.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
# The release running (shown in backups' manifests and sent to Sentry); else `git describe`.
RELEASE = os.environ.get("RELEASE", "")
# Every response carries X-Request-ID (a trusted proxy's, when TRUSTED_PROXY_COUNT > 0, or a
# new one) and every log line of the request carries the same id. The id middleware runs
# first; django-prometheus's pair wraps everything else, to time the whole request.
MIDDLEWARE.insert(0, "core.requestid.RequestIdMiddleware")
MIDDLEWARE.insert(1, "django_prometheus.middleware.PrometheusBeforeMiddleware")
MIDDLEWARE.append("django_prometheus.middleware.PrometheusAfterMiddleware")
INSTALLED_APPS.append("django_prometheus")
# Logs go to standard error (gunicorn.conf.py captures it into gunicorn's error log), one
# line a record with the request id; LOG_FORMAT=json writes one JSON object a line instead.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.requestid.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own handlers (console in debug, mail to ADMINS) give way to the root's, so a
    # traceback is written once, with its request id.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}
# Readiness (/readyz): not ready when a background job has waited longer than this, or when
# jobs wait and no worker started or finished one for READINESS_MAX_HEARTBEAT_AGE_SECONDS.
READINESS_MAX_JOB_WAIT_SECONDS = int(os.environ.get("READINESS_MAX_JOB_WAIT_SECONDS", "600"))
READINESS_MAX_HEARTBEAT_AGE_SECONDS = int(
    os.environ.get("READINESS_MAX_HEARTBEAT_AGE_SECONDS", "120")
)
# Prometheus metrics: served to staff and to these networks only (others get a 404).
METRICS_PATH = os.environ.get("METRICS_PATH", "metrics").strip("/")
# Empty by default: behind a proxy on the same host every visitor comes from 127.0.0.1 unless
# TRUSTED_PROXY_COUNT is set, so loopback alone proves nothing. Name the scraper's network.
METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS", "")
if not DEBUG:
    SECURE_REDIRECT_EXEMPT = [*SECURE_REDIRECT_EXEMPT, r"^readyz$", rf"^{METRICS_PATH}$"]
# Errors go to Sentry when SENTRY_DSN is set: no personal data, the environment and release.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk  # noqa: E402

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        send_default_pii=False,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=RELEASE or None,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
# Backups (`manage.py backup` / `restore`): where they are written unless --to says otherwise.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))

# Jobs that finish (issue #24, piece "jobs"): a certificate batch whose worker has not
# touched it for ISSUE_JOB_LEASE seconds is taken over by another worker; a task whose
# worker has not beaten for TASK_LEASE seconds is run again; a job failing on a transient
# error (database, storage) is tried JOB_MAX_ATTEMPTS times in all, with a backoff doubling
# from JOB_RETRY_DELAY seconds, before it ends as failed.
ISSUE_JOB_LEASE = int(os.environ.get("ISSUE_JOB_LEASE", "30"))
TASK_LEASE = int(os.environ.get("TASK_LEASE", "30"))
JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", "5"))
JOB_RETRY_DELAY = int(os.environ.get("JOB_RETRY_DELAY", "10"))

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

# Signed PDFs (issue #14, piece "signing"): certificates and fully confirmed agreements carry
# the university's PAdES signature, made with the PKCS#12 file SIGNING_CERTIFICATE (key and
# certificate) and its SIGNING_CERTIFICATE_PASSWORD; /verify/ trusts the authorities whose
# PEM certificates SIGNING_TRUST_ROOTS names (comma-separated paths). Unset: PDFs go out
# unsigned (`check --deploy` warns). In development (DEBUG) the demo authority that
# `manage.py make_signing_certificate` writes into SIGNING_DEVELOPMENT_DIR (`make run` makes
# it) is used when its files exist and nothing else is set.
SIGNING_DEVELOPMENT_DIR = Path(
    os.environ.get("SIGNING_DEVELOPMENT_DIR", MEDIA_ROOT / "private" / "signing")
)
_development_signing = DEBUG and (SIGNING_DEVELOPMENT_DIR / "signing.p12").is_file()
SIGNING_CERTIFICATE = os.environ.get(
    "SIGNING_CERTIFICATE",
    str(SIGNING_DEVELOPMENT_DIR / "signing.p12") if _development_signing else "",
)
SIGNING_CERTIFICATE_PASSWORD = os.environ.get(
    "SIGNING_CERTIFICATE_PASSWORD", "practica-demo" if _development_signing else ""
)
SIGNING_TRUST_ROOTS = env_list(
    "SIGNING_TRUST_ROOTS",
    str(SIGNING_DEVELOPMENT_DIR / "ca.pem") if _development_signing else "",
)
SIGNING_LOCATION = os.environ.get("SIGNING_LOCATION", "")
# A cohort's paperwork (issue #14, piece "cohort"): staff remind the parties who have not
# confirmed an agreement; the same person is not reminded about the same agreement again
# within PAPERWORK_REMINDER_INTERVAL_HOURS, so a double click sends nothing twice.
PAPERWORK_REMINDER_INTERVAL_HOURS = int(os.environ.get("PAPERWORK_REMINDER_INTERVAL_HOURS", "24"))

# The framework agreement (issue #14, piece "agreement"): the university's logo, printed at
# the top of the agreements, is a PNG or JPEG of at most this many bytes.
UNIVERSITY_LOGO_MAX_BYTES = int(os.environ.get("UNIVERSITY_LOGO_MAX_BYTES", str(512 * 1024)))

# The calendar (issue #15): a result is due RESULTS_DUE_DAYS after the internship's last
# day when its period's calendar sets no date (internships.deadlines).
RESULTS_DUE_DAYS = int(os.environ.get("RESULTS_DUE_DAYS", "14"))

# Notification choices (issue #15, piece "choices"): the digest goes out from DIGEST_HOUR
# (local time; send_digests is scheduled hourly and sends once a day), after the reminders'
# run at REMINDERS_HOUR, so that the day's digest carries that morning's reminders; the
# unsubscribe link of an e-mail works for UNSUBSCRIBE_MAX_AGE_DAYS.
DIGEST_HOUR = int(os.environ.get("DIGEST_HOUR", "8"))
UNSUBSCRIBE_MAX_AGE_DAYS = int(os.environ.get("UNSUBSCRIBE_MAX_AGE_DAYS", "90"))

# The calendar (issue #15, piece "agenda"): each person's deadlines on their home page and on
# /calendar/, and their personal iCalendar feed, read without a login and limited by address
# like the certificate verification.
CALENDAR_FEED_RATE_LIMIT = os.environ.get("CALENDAR_FEED_RATE_LIMIT", "60/m")

# Reminders (issue #15, piece "reminders"): what is about to be late reminds the people who
# can act, once per subject and threshold (reminders.rules). The daily run is at
# REMINDERS_HOUR, local time, before DIGEST_HOUR: a reminder waits for the digest by default
# (notifications.kinds), and goes out in that morning's; REMINDER_EVALUATION_DAYS are the
# days before an evaluation's due date that remind the host tutor (then once more when it
# is overdue).
REMINDERS_HOUR = int(os.environ.get("REMINDERS_HOUR", "7"))
REMINDER_LOGBOOK_SILENT_DAYS = int(os.environ.get("REMINDER_LOGBOOK_SILENT_DAYS", "7"))
REMINDER_ENTRIES_WAITING_DAYS = int(os.environ.get("REMINDER_ENTRIES_WAITING_DAYS", "3"))
REMINDER_EVALUATION_DAYS = [
    int(days) for days in env_list("REMINDER_EVALUATION_DAYS", "7,1") if days.strip()
]
REMINDER_SELF_EVALUATION_DAYS = int(os.environ.get("REMINDER_SELF_EVALUATION_DAYS", "7"))
REMINDER_RESULT_DAYS = int(os.environ.get("REMINDER_RESULT_DAYS", "7"))
REMINDER_APPLICATIONS_UNANSWERED_DAYS = int(
    os.environ.get("REMINDER_APPLICATIONS_UNANSWERED_DAYS", "7")
)
REMINDER_QUEUE_DAYS = int(os.environ.get("REMINDER_QUEUE_DAYS", "3"))
REMINDER_BATCH_SIZE = int(os.environ.get("REMINDER_BATCH_SIZE", "1000"))

# Organisation logos (issue #16, piece "landing"): an organisation's admins upload a PNG,
# JPEG or WebP of at most ORGANISATION_LOGO_MAX_BYTES and ORGANISATION_LOGO_MAX_PIXELS
# (width × height, checked before the image is decoded: a small file that unpacks into a huge
# image is refused). It is re-encoded as PNG at most ORGANISATION_LOGO_SIZE pixels wide and
# high, plus a copy of ORGANISATION_LOGO_SMALL_SIZE for cards, under MEDIA_ROOT/public/,
# which anyone may read at /media/public/ (core.media.public_file).
ORGANISATION_LOGO_MAX_BYTES = int(
    os.environ.get("ORGANISATION_LOGO_MAX_BYTES", str(2 * 1024 * 1024))
)
ORGANISATION_LOGO_MAX_PIXELS = int(os.environ.get("ORGANISATION_LOGO_MAX_PIXELS", "16000000"))
ORGANISATION_LOGO_SIZE = 256
ORGANISATION_LOGO_SMALL_SIZE = 96

# Interview slots (issue #16, piece "slots"): a host publishes at most
# INTERVIEW_SLOTS_PER_BATCH slots at once, each INTERVIEW_SLOT_MINUTES_MIN to
# INTERVIEW_SLOT_MINUTES_MAX long, starting within INTERVIEW_SLOTS_DAYS_AHEAD days.
INTERVIEW_SLOTS_PER_BATCH = int(os.environ.get("INTERVIEW_SLOTS_PER_BATCH", "40"))
INTERVIEW_SLOT_MINUTES_MIN = int(os.environ.get("INTERVIEW_SLOT_MINUTES_MIN", "10"))
INTERVIEW_SLOT_MINUTES_MAX = int(os.environ.get("INTERVIEW_SLOT_MINUTES_MAX", "240"))
INTERVIEW_SLOTS_DAYS_AHEAD = int(os.environ.get("INTERVIEW_SLOTS_DAYS_AHEAD", "365"))

# Messages (issue #16, piece "messages"): one conversation per application between the
# student and the placement's organisation (the conversations app). A person posts at most
# MESSAGES_RATE_LIMIT messages (a fixed window, core.ratelimit), so that a slip of the Send
# button or a script cannot flood the other side's inbox and mailbox.
MESSAGES_RATE_LIMIT = os.environ.get("MESSAGES_RATE_LIMIT", "20/m")
# A student's profile and applying (issue #16): how many CVs and links a student keeps,
# and how many screening questions a placement may ask.
STUDENT_MAX_CVS = int(os.environ.get("STUDENT_MAX_CVS", "5"))
STUDENT_MAX_LINKS = int(os.environ.get("STUDENT_MAX_LINKS", "5"))
PLACEMENT_MAX_QUESTIONS = int(os.environ.get("PLACEMENT_MAX_QUESTIONS", "5"))
# Discovery (issue #16, piece "discover"): a student keeps at most SAVED_SEARCHES_MAX saved
# searches; each alert lists at most SAVED_SEARCH_ALERT_SHOWN new placements of one search
# in the digest (the rest are counted); the student's home recommends
# RECOMMENDATIONS_SHOWN placements.
SAVED_SEARCHES_MAX = int(os.environ.get("SAVED_SEARCHES_MAX", "20"))
SAVED_SEARCH_ALERT_SHOWN = int(os.environ.get("SAVED_SEARCH_ALERT_SHOWN", "10"))
RECOMMENDATIONS_SHOWN = int(os.environ.get("RECOMMENDATIONS_SHOWN", "5"))

# A student's experience (issue #16, review fixes): a student lists at most
# STUDENT_MAX_EXPERIENCES entries of work, projects and volunteering on their profile.
STUDENT_MAX_EXPERIENCES = int(os.environ.get("STUDENT_MAX_EXPERIENCES", "20"))

# Public media without Vary (review fixes, issue #16): a logo is the same for everyone, so
# the outermost middleware takes off the `Vary: Accept-Language, Cookie` that the session and
# locale middleware add to it (core.media marks the response); shared caches keep one copy.
MIDDLEWARE.insert(0, "config.middleware.without_vary")
# A conversation's page (issue #16, fix "fixmsg"): the latest CONVERSATION_PAGE_SIZE
# messages, with a link to the older ones.
CONVERSATION_PAGE_SIZE = int(os.environ.get("CONVERSATION_PAGE_SIZE", "50"))
# The applicant board (issue #16, fix "fixmsg"): each column shows at most
# PIPELINE_BOARD_COLUMN_MAX applicants, and links to the table for the rest.
PIPELINE_BOARD_COLUMN_MAX = int(os.environ.get("PIPELINE_BOARD_COLUMN_MAX", "50"))
# Saved searches' alerts (issue #16, "fixalerts"): an alert looks back over the placements
# published in the last SAVED_SEARCH_ALERT_WINDOW_DAYS days (and still open), listing those
# not alerted yet, so a placement that matches later (re-verified, or committed after a
# digest began) is still alerted; what was alerted is forgotten after the same window.
SAVED_SEARCH_ALERT_WINDOW_DAYS = int(os.environ.get("SAVED_SEARCH_ALERT_WINDOW_DAYS", "14"))

# Single sign-on (issue #17): OpenID Connect (Entra ID, Google Workspace, Keycloak …) and
# SAML 2.0 through allauth. Providers come from SSO_OIDC_PROVIDERS and SSO_SAML_PROVIDERS
# (JSON, described in config/sso.py) or from the admin's "Social applications"; the login page
# offers "Sign in with <name>" for each. A first sign-on links to the account of the same
# e-mail only when the provider says the address is verified; otherwise it creates an account
# with the role of the first matching accounts.SignOnRule (kept in the admin), or
# SSO_DEFAULT_ROLE ("student", "staff", "mentor"; blank: refuse) when none matches and the
# provider verified the address (an unverified address gets no default role).
from config import sso  # noqa: E402

INSTALLED_APPS += [
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
]
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # linking is the adapter's, by verified e-mail only
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = int(os.environ.get("SSO_REQUESTS_TIMEOUT", "10"))
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {"APPS": sso.oidc_apps()},
    "saml": {"APPS": sso.saml_apps()},
}
SSO_DEFAULT_ROLE = os.environ.get("SSO_DEFAULT_ROLE", "").strip().lower()
# Under STAFF_REQUIRE_MFA, staff who have no password (they only ever sign on through the
# university's provider) are not asked for Practica's second factor: the provider's applies.
SSO_STAFF_MFA_AT_PROVIDER = env_bool("SSO_STAFF_MFA_AT_PROVIDER", True)

# Personal data (issue #17, piece "gdpr"): a person's copy of their data (a ZIP) may be
# downloaded for EXPORT_EXPIRY_DAYS days, then it is deleted; one still being prepared after
# EXPORT_STALE_MINUTES is given up and may be asked again. The records the law keeps after
# an erasure (agreements, results, certificates) are kept DATA_RETENTION_YEARS years after
# the internship ended. The daily retention job removes the CV of an application that ended
# more than CV_RETENTION_MONTHS ago, and warns, then (ACCOUNT_INACTIVITY_WARNING_DAYS later)
# closes and anonymises an account nobody logged into for ACCOUNT_INACTIVITY_YEARS.
# PRIVACY_CONTACT_EMAIL is the data-protection contact the privacy notice names.
EXPORT_EXPIRY_DAYS = int(os.environ.get("EXPORT_EXPIRY_DAYS", "7"))
EXPORT_STALE_MINUTES = int(os.environ.get("EXPORT_STALE_MINUTES", "60"))
DATA_RETENTION_YEARS = int(os.environ.get("DATA_RETENTION_YEARS", "10"))
CV_RETENTION_MONTHS = int(os.environ.get("CV_RETENTION_MONTHS", "12"))
ACCOUNT_INACTIVITY_YEARS = int(os.environ.get("ACCOUNT_INACTIVITY_YEARS", "3"))
ACCOUNT_INACTIVITY_WARNING_DAYS = int(os.environ.get("ACCOUNT_INACTIVITY_WARNING_DAYS", "30"))
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "dpo@example.edu")

# The REST API (issue #19): Django REST framework with drf-spectacular for the schema.
# Service accounts call it with `Authorization: Bearer <token>` (api.authentication);
# each view names the scope it needs (api.permissions.HasScope).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasScope"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Practica API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Allocation rounds, ranking (issue #18, piece "alloc-rank"): how many days before a
# round's students' or hosts' phase closes its people are reminded (by the daily reminders).
ALLOCATION_REMINDER_DAYS = int(os.environ.get("ALLOCATION_REMINDER_DAYS", "2"))

# Allocation rounds (issue #18, piece "alloc-staff"): the most placements a student ranks
# in a new round (staff may change it per round, 1 to 50).
ALLOCATION_MAX_CHOICES = int(os.environ.get("ALLOCATION_MAX_CHOICES", "10"))
# The REST API's frame (issue #19, api-core): errors are RFC 9457 problems whose `type` is
# API_PROBLEM_TYPE_BASE + a slug (api/problems.py); lists are paged by a cursor, API_PAGE_SIZE
# rows a page unless `?page_size=` asks for up to API_MAX_PAGE_SIZE; each token has its own
# rate limit (calls a minute, api/throttling.py); every call with a token leaves a line in
# the audit log (api/middleware.py). Answers are JSON only (the documentation is at
# /api/v1/docs/). The schema is public, like the documentation.
API_PROBLEM_TYPE_BASE = os.environ.get(
    "API_PROBLEM_TYPE_BASE", "https://practica.invalid/problems/"
)
API_PAGE_SIZE = int(os.environ.get("API_PAGE_SIZE", "100"))
API_MAX_PAGE_SIZE = int(os.environ.get("API_MAX_PAGE_SIZE", "1000"))
REST_FRAMEWORK.update(
    {
        "EXCEPTION_HANDLER": "api.problems.exception_handler",
        "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursor",
        "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
        "TEST_REQUEST_DEFAULT_FORMAT": "json",
        # A refused token leaves an anonymous user (not None), as the site's middleware expects.
        "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    }
)
SPECTACULAR_SETTINGS.update(
    {
        "DESCRIPTION": (
            "Practica's data for the university's systems. Call it with "
            "`Authorization: Bearer <token>` (tokens are made by staff under /staff/api/). "
            "Errors are RFC 9457 problem details (application/problem+json); lists are paged "
            "by a cursor; each token has its own rate limit."
        ),
        "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
        "SERVE_AUTHENTICATION": [],
        "SCHEMA_PATH_PREFIX": "/api/v1",
        "COMPONENT_SPLIT_REQUEST": True,
        "POSTPROCESSING_HOOKS": [
            "drf_spectacular.hooks.postprocess_schema_enums",
            "api.schema.add_problem_responses",
        ],
    }
)
MIDDLEWARE.append("api.middleware.audit_api_calls")
# Tokens (api.services): one expires at the latest API_TOKEN_MAX_DAYS after it is made, and
# may be given at most API_TOKEN_MAX_RATE calls a minute.
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "730"))
API_TOKEN_MAX_RATE = int(os.environ.get("API_TOKEN_MAX_RATE", "10000"))

# Webhooks (issue #19, piece "api-hooks"): deliveries time out after WEBHOOK_TIMEOUT_SECONDS
# and are retried after each of WEBHOOK_RETRY_MINUTES (comma-separated), then given up.
# Secrets are stored encrypted with WEBHOOK_SECRET_KEY (by default a key derived from
# SECRET_KEY: changing SECRET_KEY without setting this makes the webhooks' secrets
# unreadable, and they must be rotated). WEBHOOK_ALLOW_LOCAL lets a webhook target
# http://127.0.0.1 or http://localhost (tests, development); never in production.
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))
WEBHOOK_RETRY_MINUTES = [
    int(m) for m in os.environ.get("WEBHOOK_RETRY_MINUTES", "1,5,30,120,720").split(",") if m
]
WEBHOOK_SECRET_KEY = os.environ.get("WEBHOOK_SECRET_KEY", "")
WEBHOOK_ALLOW_LOCAL = env_bool("WEBHOOK_ALLOW_LOCAL", DEBUG)
# The sweep (every five minutes) fans out again the events of this many hours back whose
# deliveries were never made (an event written in bulk, a process stopped mid-way).
WEBHOOK_CATCH_UP_HOURS = int(os.environ.get("WEBHOOK_CATCH_UP_HOURS", "24"))
# The API's data endpoints (issue #19, api-data): a roster sync (POST /api/v1/students/sync/)
# takes at most API_ROSTER_MAX_ROWS students in one batch.
API_ROSTER_MAX_ROWS = int(os.environ.get("API_ROSTER_MAX_ROWS", "5000"))

# Allocation rounds (issue #18, fix-alloc): a run waiting or running with no sign of life
# from its worker for this many minutes has lost it; staff may then run the round again
# (the stuck run is marked failed).
ALLOCATION_RUN_STALE_MINUTES = int(os.environ.get("ALLOCATION_RUN_STALE_MINUTES", "10"))
