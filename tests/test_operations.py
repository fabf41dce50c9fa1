"""Running it: keys rotate without logging anyone out, gunicorn's settings, JSON logs, and
Sentry only when it is configured."""

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

from allauth.account.forms import default_token_generator
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
OLD_KEY = "the-old-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
NEW_KEY = "the-new-secret-key-9876543210-zyxwvutsrqponmlkjihgfedcba"


def settings_in_a_new_process(env: dict, code: str) -> subprocess.CompletedProcess:
    script = (
        "import django, os, logging; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; "
        "django.setup(); from django.conf import settings as s; " + code
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_DEBUG": "0", "SENTRY_DSN": "", **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )


# Keys rotate ----------------------------------------------------------------------------


def test_a_session_made_with_the_old_key_survives_its_rotation(client, student, settings):
    settings.SECRET_KEY = OLD_KEY
    client.force_login(student)

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, [OLD_KEY]
    response = client.get(reverse("student_home"))

    assert response.status_code == 200


def test_without_the_fallback_the_old_session_ends(client, student, settings):
    settings.SECRET_KEY = OLD_KEY
    client.force_login(student)

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, []
    response = client.get(reverse("student_home"))

    assert response.status_code == 302


def test_a_password_reset_link_made_with_the_old_key_still_works(student, settings):
    settings.SECRET_KEY = OLD_KEY
    token = default_token_generator.make_token(student)

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, [OLD_KEY]

    assert default_token_generator.check_token(student, token)


def test_the_fallback_keys_are_read_from_the_environment_and_logs_can_be_json():
    result = settings_in_a_new_process(
        {"SECRET_KEY_FALLBACKS": "old-one, old-two,", "LOG_FORMAT": "json"},
        "print(s.SECRET_KEY_FALLBACKS); "
        "import sentry_sdk; print(sentry_sdk.get_client().is_active()); "
        "logging.getLogger('practica').warning('hello %s', 'there')",
    )

    fallbacks, sentry_active = result.stdout.splitlines()
    assert fallbacks == "['old-one', 'old-two']"
    assert sentry_active == "False"
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "hello there"
    assert line["level"] == "WARNING"
    assert line["request_id"] == "-"


def test_errors_go_to_sentry_when_a_dsn_is_set():
    result = settings_in_a_new_process(
        {
            "SENTRY_DSN": "https://public@sentry.example.org/1",
            "SENTRY_ENVIRONMENT": "staging",
            "RELEASE": "v1.2.3",
        },
        "import sentry_sdk; c = sentry_sdk.get_client(); "
        "print(c.is_active(), c.options['environment'], c.options['release'], "
        "c.options['send_default_pii'])",
    )

    assert result.stdout.split() == ["True", "staging", "v1.2.3", "False"]


# gunicorn ------------------------------------------------------------------------------


def test_gunicorn_conf_sets_workers_timeouts_logs_and_capture(monkeypatch):
    for name in ("GUNICORN_WORKERS", "GUNICORN_ERROR_LOG", "GUNICORN_ACCESS_LOG"):
        monkeypatch.delenv(name, raising=False)

    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    assert 3 <= conf["workers"] <= 12
    assert conf["timeout"] == 30 and conf["graceful_timeout"] == 30
    assert conf["keepalive"] == 5
    assert conf["errorlog"] == "-" and conf["accesslog"] == "-"
    assert conf["capture_output"] is True
    assert "x-request-id" in conf["access_log_format"]


def test_gunicorn_conf_reads_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_ERROR_LOG", "/var/log/practica/error.log")
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.5")

    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    assert conf["workers"] == 3
    assert conf["errorlog"] == "/var/log/practica/error.log"
    assert conf["forwarded_allow_ips"] == "10.0.0.5"


def test_gunicorn_accepts_the_conf():
    from gunicorn.config import Config

    config = Config()
    for name, value in runpy.run_path(str(ROOT / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)

    assert config.capture_output is True
    assert config.graceful_timeout == 30
