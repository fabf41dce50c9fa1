"""Service accounts, tokens and a small world of two faculties for the data endpoints'
tests (api-data)."""

import secrets

from rest_framework.test import APIClient

from accounts.models import Role
from api.models import TOKEN_PREFIX, Scope, ServiceAccount, Token, token_digest
from tests.factories import FacultyFactory, ProgrammeFactory, StaffFactory, UserFactory

ALL_SCOPES = [scope.value for scope in Scope]


def service_client(scopes, faculties=None, name=None):
    """An API client holding a token of a new service account with `scopes`, of all
    faculties or of `faculties` only."""
    user = UserFactory(role=Role.SERVICE, first_name="", last_name="")
    user.set_unusable_password()
    user.save()
    if faculties is not None:
        user.all_faculties = False
        user.save(update_fields=["all_faculties"])
        user.faculties.set(faculties)
    creator = StaffFactory()
    account = ServiceAccount.objects.create(
        user=user,
        name=name or f"System {user.pk}",
        scopes=[str(scope) for scope in scopes],
        created_by=creator,
    )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    Token.objects.create(
        account=account, name="main", prefix=raw[:10], digest=token_digest(raw), created_by=creator
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    client.account = account
    return client


def two_faculties():
    """Faculty A with programme "INF-A", faculty B with programme "MAT-B"."""
    a = FacultyFactory(code="FA", name="Faculty A", name_ro="Facultatea A")
    b = FacultyFactory(code="FB", name="Faculty B", name_ro="Facultatea B")
    pa = ProgrammeFactory(code="INF-A", name="Informatics A", faculty_unit=a)
    pb = ProgrammeFactory(code="MAT-B", name="Mathematics B", faculty_unit=b)
    return a, b, pa, pb


def other_scopes(scope):
    return [other for other in ALL_SCOPES if other != str(scope)]


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def placement_of(programme, **kwargs):
    from tests.factories import PlacementFactory

    return PlacementFactory(programmes=[programme], **kwargs)


def application_of(programme, **kwargs):
    from tests.factories import ApplicationFactory

    return ApplicationFactory(placement=placement_of(programme), **kwargs)


def internship_of(programme, **kwargs):
    from tests.factories import InternshipFactory

    return InternshipFactory(application=application_of(programme, status="accepted"), **kwargs)


_serials = iter(range(1, 100_000))


def certificate_of(programme, *, internship=None, **kwargs):
    from django.utils import timezone

    from documents.issuing import new_code
    from documents.models import Certificate

    internship = internship or internship_of(programme, status="completed")
    number = next(_serials)
    facts = {
        "university": "Universitatea Babeș-Bolyai",
        "student": internship.student.get_full_name(),
        "programme": internship.student.student_profile.programme.name,
        "organisation": internship.organisation.legal_name,
        "period": str(internship.period),
        "starts_on": internship.starts_on.isoformat(),
        "ends_on": internship.ends_on.isoformat(),
        "issued_on": timezone.localdate().isoformat(),
        "hours": 120.0,
        "host_tutor": "Ștefan Mureșan",
        "supervisor": "Elena Mărginean",
        "grade": 9,
        "passed": True,
        "credits": 6,
        "competencies": [["Teamwork", "Lucru în echipă", 5]],
        "serial": f"PR-2027-{number:05d}",
    }
    return Certificate.objects.create(
        internship=internship,
        serial=f"PR-2027-{number:05d}",
        code=new_code(),
        sha256_ro="0" * 64,
        sha256_en="0" * 64,
        issued_by=StaffFactory(),
        facts=facts,
        **kwargs,
    )


# A list call's SQL queries, whatever its page size, with the throttle's counter in the
# cache's memory (Redis in production: no SQL; the tests' database cache would add a dozen):
# the token's lookup (with its account and user), its last use (once a minute: the first
# call here), the faculty scope (an account of some faculties), the page, the audit line.
QUERY_BUDGET = 5
