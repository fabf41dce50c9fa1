import time

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from accounts.models import MentorProfile, OrganisationMembership
from notifications import mail

from . import factories, template_db
from .races import postgresql  # noqa: F401 (a fixture: skips a race test off PostgreSQL)

# The test identity providers of single sign-on (issue #17): the identity_providers fixture.
pytest_plugins = ["tests.idp.fixtures"]


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or {"transactional_db", "live_server", "django_db_serialized_rollback"} & fixtures
    )


def pytest_collection_modifyitems(items):
    """Tests that commit (a live server, races between connections) empty the database when
    they end, data migrations' rows included (counties, sectors ...). One process runs them
    after the others (pytest-django orders them last), but pytest-xdist's workers would not:
    so they are marked `transactional`, and `make test` runs them in a second pass."""
    for item in items:
        if _is_transactional(item):
            item.add_marker(pytest.mark.transactional)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """The test database is a copy of a migrated template, not migrated again by every
    worker of every pass (tests/template_db.py)."""
    from django.db import connections

    if template_db.enabled() and not request.config.getvalue("nomigrations"):
        template_db.install(connections["default"])


@pytest.fixture(autouse=True)
def _default_language():
    """A test that activates a language for itself does not pass it on to the next one
    (pytest-xdist puts other files' tests after it in the same process)."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    """Rate-limit counters live in the cache (Redis on CI): each test starts clean."""
    cache.clear()
    yield


@pytest.fixture
def one_rate_window():
    """Our rate limits count in fixed windows (core/ratelimit.py): a test that makes
    several hits starts at the beginning of the current minute, with the clock running,
    so that its hits cannot fall on both sides of a window's edge."""
    now = time.time()
    with time_machine.travel(now - now % 60 + 0.5, tick=True):
        yield


def _on_commit_as_in_production(callback):
    """transaction.on_commit, for a test wrapped in pytest-django's transaction: where
    production would be in autocommit (no transaction of the application open), the
    callback runs at once; inside one it waits for the commit, which a test makes with
    django_capture_on_commit_callbacks(execute=True)."""
    blocks = transaction.get_connection().atomic_blocks
    if all(getattr(block, "_from_testcase", False) for block in blocks):
        callback()
    else:
        transaction.on_commit(callback, robust=True)


@pytest.fixture(autouse=True)
def _mail_goes_through_the_outbox(settings, monkeypatch):
    """Every e-mail goes through the outbox as in production (Django's test setup would
    send straight to its memory outbox): it is queued in the database, and delivered after
    the commit by the deliver_mail job (immediate in tests) to `mailoutbox`."""
    settings.EMAIL_BACKEND = "notifications.mail.OutboxBackend"
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"},
    }
    monkeypatch.setattr(mail, "after_commit", _on_commit_as_in_production)


@pytest.fixture
def programme(db):
    return factories.ProgrammeFactory(name="Computer Science", code="INFO")


@pytest.fixture
def student(db, programme):
    return factories.StudentFactory(programme=programme).user


@pytest.fixture
def other_student(db, programme):
    return factories.StudentFactory(
        programme=programme, user__first_name="Ștefan", user__last_name="Țurcanu"
    ).user


@pytest.fixture
def organisation(db):
    return factories.OrganisationFactory(legal_name="Codează Someș SRL")


@pytest.fixture
def company_admin(organisation):
    return factories.MembershipFactory(organisation=organisation).user


@pytest.fixture
def recruiter(organisation):
    return factories.MembershipFactory(
        organisation=organisation,
        role=OrganisationMembership.Role.RECRUITER,
        user__first_name="Maria",
        user__last_name="Rusu",
    ).user


@pytest.fixture
def other_company_admin(db):
    return factories.MembershipFactory(organisation__legal_name="Alt Nume SRL").user


@pytest.fixture
def host_tutor(organisation):
    return factories.MentorFactory(organisation=organisation).user


@pytest.fixture
def supervisor(db):
    return factories.MentorFactory(
        kind=MentorProfile.Kind.SUPERVISOR,
        organisation=None,
        user__first_name="Horațiu",
        user__last_name="Crișan",
    ).user


@pytest.fixture
def staff(db):
    return factories.StaffFactory()


@pytest.fixture
def period(db):
    return factories.PeriodFactory(name="Summer 2027")


@pytest.fixture
def placement(organisation, period, programme):
    """Published, open, two positions, at the `organisation` the company fixtures belong to."""
    return factories.PlacementFactory(
        organisation=organisation,
        period=period,
        programmes=[programme],
        title="Backend intern (Django)",
    )


@pytest.fixture
def application(placement, student):
    return factories.ApplicationFactory(placement=placement, student=student)


@pytest.fixture
def other_placement(period, programme, other_company_admin):
    return factories.PlacementFactory(
        organisation=other_company_admin.membership.organisation,
        period=period,
        programmes=[programme],
        title="Data analyst intern",
    )


@pytest.fixture
def internship(student, placement, host_tutor, supervisor):
    """Active since 30 days ago, ends in 30 days, 120 hours; both mentors assigned."""
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    return factories.InternshipFactory(
        application=application, host_tutor=host_tutor, academic_supervisor=supervisor
    )


@pytest.fixture
def other_internship(other_placement):
    """Someone else's internship, at another organisation, with other mentors."""
    other_tutor = factories.MentorFactory(organisation=other_placement.organisation).user
    other_supervisor = factories.MentorFactory(kind="supervisor", organisation=None).user
    application = factories.ApplicationFactory(placement=other_placement, status="accepted")
    return factories.InternshipFactory(
        application=application, host_tutor=other_tutor, academic_supervisor=other_supervisor
    )
