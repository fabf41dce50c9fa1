"""POST /api/v1/students/sync/: the roster upsert, all or nothing (api-data)."""

import time

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import Role, StudentProfile, User
from api.models import Scope
from office.models import RosterImport
from tests.api.data_helpers import other_scopes, service_client, two_faculties
from tests.factories import StaffFactory, StudentFactory

pytestmark = pytest.mark.django_db
SYNC = "/api/v1/students/sync/"


def row(number, **overrides):
    return {
        "student_number": number,
        "first_name": "Maria",
        "last_name": "Pop",
        "email": f"{number.lower()}@student.example.edu",
        "programme": "INF-A",
        "year_of_study": 2,
    } | overrides


@pytest.fixture
def faculties():
    return two_faculties()


@pytest.fixture
def client(faculties):
    a = faculties[0]
    return service_client([Scope.WRITE_ROSTER], faculties=[a])


def post(client, rows, **extra):
    return client.post(SYNC, {"students": rows, **extra}, format="json")


def snapshot():
    return sorted(
        StudentProfile.objects.values_list(
            "student_number", "user__first_name", "user__email", "year_of_study", "updated_at"
        )
    )


def test_creates_then_leaves_alone_then_updates(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, [row("S1"), row("S2")])
    assert response.status_code == 200, response.json()
    assert response.json() == {"created": ["S1", "S2"], "updated": [], "unchanged": []}
    user = User.objects.get(student_profile__student_number="S1")
    assert user.role == Role.STUDENT and not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    # Invited as the CSV roster import invites: an e-mail to choose a password.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "s1@student.example.edu",
        "s2@student.example.edu",
    ]
    assert RosterImport.objects.get().created_count == 2

    before = snapshot()
    again = post(client, [row("S1"), row("S2")])
    assert again.json() == {"created": [], "updated": [], "unchanged": ["S1", "S2"]}
    assert snapshot() == before  # not even updated_at moved
    assert RosterImport.objects.count() == 1  # an unchanged batch is not recorded

    changed = post(client, [row("S1", first_name="Mara", year_of_study=3), row("S2")])
    assert changed.json() == {"created": [], "updated": ["S1"], "unchanged": ["S2"]}
    profile = StudentProfile.objects.get(student_number="S1")
    assert (profile.user.first_name, profile.year_of_study) == ("Mara", 3)


@pytest.mark.parametrize("scope", other_scopes(Scope.WRITE_ROSTER))
def test_other_scopes_are_refused(faculties, scope):
    response = post(service_client([scope]), [row("S1")])
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    assert not StudentProfile.objects.exists()


def errors_of(response):
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 422 and body["title"] and body["detail"]
    return {(error.get("row"), error.get("field")) for error in body["errors"]}


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"nickname": "Mimi"}, "nickname"),
        ({"year_of_study": "2"}, "year_of_study"),
        ({"year_of_study": True}, "year_of_study"),
        ({"year_of_study": 9}, "year_of_study"),
        ({"first_name": 12}, "first_name"),
        ({"programme": "NOPE"}, "programme"),
        ({"programme": "MAT-B"}, "programme"),  # another faculty's
        ({"email": "not-an-address"}, "email"),
        ({"email": "elena@example.edu"}, "email"),  # a staff member's
        ({"student_number": ""}, "student_number"),
    ],
)
def test_one_bad_row_refuses_the_batch(client, bad, field):
    StaffFactory(email="elena@example.edu")
    StudentFactory(student_number="OLD", user__first_name="Old")
    before = snapshot()
    users = User.objects.count()
    response = post(client, [row("S1"), row("S2", **bad), row("S3")])
    assert errors_of(response) == {(1, field)}
    assert User.objects.count() == users
    assert snapshot() == before
    assert not RosterImport.objects.exists()


def test_a_missing_field_and_a_repeated_number_are_named(client):
    incomplete = row("S2")
    del incomplete["email"]
    response = post(client, [row("S1"), incomplete, row("S1", email="other@student.example.edu")])
    assert errors_of(response) == {(1, "email"), (0, "student_number"), (2, "student_number")}
    assert not StudentProfile.objects.exists()


def test_a_student_number_of_another_account_is_refused(client, faculties):
    StudentFactory(programme=faculties[2], student_number="S1", user__email="first@example.edu")
    response = post(client, [row("S1")])
    assert errors_of(response) == {(0, "student_number")}


def test_a_student_of_another_faculty_is_not_touched(client, faculties):
    StudentFactory(
        programme=faculties[3], student_number="S1", user__email="s1@student.example.edu"
    )
    response = post(client, [row("S1")])
    assert (0, "email") in errors_of(response)
    assert StudentProfile.objects.get(student_number="S1").programme == faculties[3]


def test_unknown_fields_of_the_batch_and_wrong_shapes(client, settings):
    assert errors_of(post(client, [row("S1")], dry_run=True)) == {(None, "dry_run")}
    assert errors_of(client.post(SYNC, [row("S1")], format="json")) == {(None, "students")}
    assert errors_of(post(client, [])) == {(None, "students")}
    assert errors_of(post(client, ["S1"])) == {(0, None)}
    settings.API_ROSTER_MAX_ROWS = 2
    assert errors_of(post(client, [row("S1"), row("S2"), row("S3")])) == {(None, "students")}
    assert not StudentProfile.objects.exists()


def test_a_large_batch_twice(client):
    """500 students here (5,000 in bench/api_roster.py): the second run changes nothing."""
    rows = [row(f"N{n:05d}", first_name=f"Ana{n}") for n in range(500)]
    started = time.monotonic()
    first = post(client, rows).json()
    assert len(first["created"]) == 500
    before = snapshot()
    second = post(client, rows).json()
    assert second == {
        "created": [],
        "updated": [],
        "unchanged": [r["student_number"] for r in rows],
    }
    assert snapshot() == before
    assert time.monotonic() - started < 120


def test_a_body_that_is_not_json_is_a_problem_and_changes_nothing(client):
    form = client.post(SYNC, {"students": "S1"}, format="multipart")
    assert form.status_code == 415
    assert form["Content-Type"].startswith("application/problem+json")
    broken = client.post(SYNC, '{"students": [', content_type="application/json")
    assert broken.status_code == 400
    assert broken.json()["type"].endswith("/malformed-request")
    assert not StudentProfile.objects.exists()
