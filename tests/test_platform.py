"""The platform around the features: health check, languages, security settings, demo data."""

import functools
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from accounts.models import MentorProfile, Organisation, Programme, Role, StudentProfile, User
from internships.models import Application, Internship, Placement
from mentors.models import Evaluation, LogbookEntry


def test_healthz_answers_200_with_the_database_reachable(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_answers_503_when_the_database_fails(client, db):
    broken = mock.Mock()
    broken.cursor.side_effect = connection.Database.OperationalError("down")

    with mock.patch("accounts.views.connection", broken):
        response = client.get("/healthz")

    assert response.status_code == 503


def test_language_switcher_turns_the_pages_romanian(client, db):
    response = client.post(reverse("set_language"), {"language": "ro", "next": "/"}, follow=True)

    assert response.status_code == 200
    assert '<html lang="ro">' in response.content.decode()
    assert "Înscrieți-vă ca student" in response.content.decode()


def test_pages_say_the_browser_language(client, db):
    response = client.get(reverse("landing"), HTTP_ACCEPT_LANGUAGE="ro")

    assert "Găsiți stagiul" in response.content.decode()


def test_romanian_county_names_keep_their_diacritics(db):
    from accounts.models import County, Sector

    names = set(County.objects.values_list("name", flat=True))
    assert {"Bihor", "Bistrița-Năsăud", "Cluj", "Maramureș", "Satu Mare", "Sălaj"} <= names
    assert Sector.objects.count() >= 9


@functools.cache
def signing_authority() -> tuple[Path, Path]:
    """A signing certificate for the deploy checks (production sets its own)."""
    from documents.signing import make_development_authority

    directory = Path(tempfile.mkdtemp(prefix="practica-signing-"))
    return make_development_authority(directory, name="Universitatea din Cluj", password="pw")


def deploy_check(**env):
    """`check --deploy` as production runs it: real secrets, debug off, and `env` on top."""
    ca, p12 = signing_authority()
    env = {
        "SIGNING_CERTIFICATE": str(p12),
        "SIGNING_CERTIFICATE_PASSWORD": "pw",
        "SIGNING_TRUST_ROOTS": str(ca),
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "k3y-" + "x9Yz!Qw" * 10,
        "ALLOWED_HOSTS": "practica.example.org",
        "STAFF_REQUIRE_MFA": "1",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PATH": "/usr/bin:/bin",
        **env,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_is_clean_with_real_secrets():
    result = deploy_check()

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_asks_for_two_factor_of_staff():
    result = deploy_check(STAFF_REQUIRE_MFA="0")

    assert result.returncode != 0
    assert "accounts.W001" in result.stdout + result.stderr


def test_wsgi_refuses_to_serve_without_a_secret_key():
    env = {"DJANGO_DEBUG": "0", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import config.wsgi"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_seed_demo_builds_the_reference_programme_and_is_idempotent():
    call_command(
        "seed_demo",
        students=40,
        organisations=12,
        mentors=10,
        placements=30,
        applications=120,
        verbosity=0,
    )
    counts = (
        User.objects.count(),
        Organisation.objects.count(),
        MentorProfile.objects.count(),
        StudentProfile.objects.count(),
    )

    call_command(
        "seed_demo",
        students=40,
        organisations=12,
        mentors=10,
        placements=30,
        applications=120,
        verbosity=0,
    )

    assert counts == (
        User.objects.count(),
        Organisation.objects.count(),
        MentorProfile.objects.count(),
        StudentProfile.objects.count(),
    )
    assert Programme.objects.count() == 3
    assert counts[1:] == (12, 10, 40)
    for email, role in [
        ("student@demo.practica.ro", Role.STUDENT),
        ("company@demo.practica.ro", Role.COMPANY),
        ("mentor@demo.practica.ro", Role.MENTOR),
        ("supervisor@demo.practica.ro", Role.MENTOR),
        ("staff@demo.practica.ro", Role.STAFF),
    ]:
        user = User.objects.get(email=email)
        assert user.role == role
        assert user.check_password("practica-demo")
    names = " ".join(User.objects.values_list("last_name", flat=True))
    assert any(letter in names for letter in "ășțâî")
    assert Organisation.objects.filter(status="pending").exists()
    assert set(Placement.objects.values_list("status", flat=True)) == set(Placement.Status.values)
    assert len(set(Application.objects.values_list("status", flat=True))) >= 8
    assert {"active", "completed", "terminated"} <= set(
        Internship.objects.values_list("status", flat=True)
    )
    assert LogbookEntry.objects.filter(status="approved").exists()
    assert LogbookEntry.objects.filter(status="submitted").exists()
    assert Evaluation.objects.filter(kind="final", status="submitted").exists()


def test_demo_logins_work_through_the_login_form(client, db):
    call_command(
        "seed_demo",
        students=5,
        organisations=3,
        mentors=4,
        placements=10,
        applications=10,
        verbosity=0,
    )

    response = client.post(
        reverse("account_login"), {"login": "company@demo.practica.ro", "password": "practica-demo"}
    )

    assert response.url == reverse("company_home")


def test_server_error_page_is_our_own_and_needs_no_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "Something went wrong on our side" in html
    assert 'lang="ro"' in html


def test_a_crashing_view_answers_with_our_500_page(client, db, monkeypatch):
    from internships.views import homes as views

    def boom(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "render", lambda *a, **k: boom(None))
    client.raise_request_exception = False

    response = client.get(reverse("landing"))

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_deploy_check_asks_for_verified_addresses():
    result = deploy_check(ACCOUNT_EMAIL_VERIFICATION="optional")

    assert "accounts.W002" in result.stdout + result.stderr


def test_deploy_check_says_when_pdfs_go_out_unsigned():
    result = deploy_check(SIGNING_CERTIFICATE="")

    assert result.returncode != 0
    assert "documents.W001" in result.stdout + result.stderr


def test_the_check_stops_a_signing_certificate_with_a_wrong_password():
    result = deploy_check(SIGNING_CERTIFICATE_PASSWORD="wrong")

    assert result.returncode != 0
    assert "documents.E001" in result.stdout + result.stderr
    assert "the password is wrong" in result.stdout + result.stderr


def test_deploy_check_asks_for_a_task_queue():
    result = deploy_check(TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend")

    assert "accounts.W003" in result.stdout + result.stderr
