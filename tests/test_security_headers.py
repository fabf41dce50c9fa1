"""Every page says where its scripts, styles and images may come from (our own origin) and
turns off the browser features the product never uses."""

import base64
import gzip
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get(reverse("landing"))

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_pages_turn_off_unused_browser_features(client, student):
    client.force_login(student)

    response = client.get(reverse("student_home"))

    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_no_template_carries_an_inline_script_or_an_event_handler():
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text)
        handlers = re.findall(r"\son[a-z]+=", text)
        if scripts or handlers:
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


def test_the_error_pages_inline_style_is_the_one_the_policy_allows():
    page = (ROOT / "templates/500.html").read_text()
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()

    assert settings.ERROR_PAGE_STYLE_HASH == f"'sha256-{digest}'"


@override_settings(DEBUG=False)
def test_htmx_is_told_not_to_add_inline_styles(client):
    page = client.get(reverse("landing")).content.decode()

    assert '"includeIndicatorStyles": false' in page


def test_in_development_the_policy_only_reports_so_djangos_error_page_works():
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; "
        "django.setup(); from django.conf import settings as s; "
        "print(s.CONTENT_SECURITY_POLICY is None, bool(s.CONTENT_SECURITY_POLICY_REPORT_ONLY))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_DEBUG": "1"},
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split() == ["True", "True"]


def test_html_pages_are_compressed_for_browsers_that_accept_gzip(client, placement):
    response = client.get(reverse("placement_search"), HTTP_ACCEPT_ENCODING="gzip, br")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content).decode().startswith("<!DOCTYPE html>")


def test_pages_are_not_compressed_for_clients_that_do_not_ask(client, placement):
    response = client.get(reverse("placement_search"))

    assert not response.has_header("Content-Encoding")


@pytest.mark.parametrize(("debug", "secure"), [(False, True), (True, False)])
def test_the_language_cookie_is_secure_in_production_and_never_sent_cross_site(
    client, db, debug, secure
):
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; "
        "django.setup(); from django.conf import settings as s; "
        "print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_SAMESITE)"
    )
    env = {**os.environ, "DJANGO_DEBUG": "1" if debug else "0"}
    env.pop("SECURE_COOKIES", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [str(secure), "Lax"]

    with override_settings(LANGUAGE_COOKIE_SECURE=secure, LANGUAGE_COOKIE_SAMESITE="Lax"):
        response = client.post(reverse("set_language"), {"language": "ro", "next": "/"})

    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ro"
    assert bool(cookie["secure"]) is secure
    assert cookie["samesite"] == "Lax"
