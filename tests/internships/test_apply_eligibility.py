"""A student sees whether they may apply before writing a letter: the placement's page, the
apply page (GET and POST) and the apply service give the same reason."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from core.services import ServiceError
from internships import services
from internships.models import Application
from tests.factories import (
    ApplicationFactory,
    InternshipFactory,
    PeriodFactory,
    PlacementFactory,
    ProgrammeFactory,
    pdf_upload,
)

LETTER = "Lucrez cu Django de doi ani și vreau să învăț mai mult."


def unconfirmed(student, placement):
    EmailAddress.objects.filter(user=student).update(verified=False)
    return placement


def not_eligible(student, placement):
    placement.programmes.set([ProgrammeFactory(name="Law", code="DREPT")])
    return placement


def cap_reached(student, placement, settings=None):
    other = PlacementFactory(
        organisation=placement.organisation,
        period=placement.period,
        programmes=list(placement.programmes.all()),
    )
    ApplicationFactory(placement=other, student=student)
    return placement


def deadline_passed(student, placement):
    placement.deadline = timezone.localdate() - timedelta(days=1)
    placement.save()
    return placement


def already_applied(student, placement):
    ApplicationFactory(placement=placement, student=student)
    return placement


def holds_an_internship(student, placement):
    other = PlacementFactory(
        organisation=placement.organisation,
        period=placement.period,
        programmes=list(placement.programmes.all()),
    )
    InternshipFactory(
        application=ApplicationFactory(placement=other, student=student, status="accepted")
    )
    return placement


def not_open_yet(student, placement):
    placement.period.applications_open_on = timezone.localdate() + timedelta(days=3)
    placement.period.save()
    return placement


REASONS = {
    unconfirmed: "Confirm your e-mail address before you apply",
    not_eligible: "This placement is not open to students of your programme.",
    cap_reached: "the most allowed",
    deadline_passed: "The deadline for applications to this placement has passed.",
    already_applied: "You have already applied to this placement.",
    holds_an_internship: "You already hold an internship in this period.",
    not_open_yet: "Applications for Summer 2027 open on",
}
SITUATIONS = pytest.mark.parametrize("situation", list(REASONS), ids=lambda f: f.__name__)


@pytest.fixture(autouse=True)
def _one_open_application_allowed(settings):
    settings.MAX_OPEN_APPLICATIONS_PER_PERIOD = 1


@SITUATIONS
def test_the_service_gives_the_reason(student, placement, situation):
    situation(student, placement)

    assert REASONS[situation] in services.refusal_to_apply(student=student, placement=placement)


def test_a_student_who_may_apply_gets_no_reason(student, placement):
    assert services.refusal_to_apply(student=student, placement=placement) == ""


@SITUATIONS
def test_the_placement_page_shows_the_reason_instead_of_the_apply_button(
    client, student, placement, situation
):
    situation(student, placement)
    client.force_login(student)

    page = client.get(placement.get_absolute_url()).content.decode()

    if situation is already_applied:
        assert "You applied on" in page
    else:
        assert REASONS[situation] in page
    assert f'href="{reverse("apply", args=[placement.pk])}"' not in page


@SITUATIONS
def test_the_apply_page_answers_with_the_reason_and_no_form(client, student, placement, situation):
    situation(student, placement)
    client.force_login(student)

    page = client.get(reverse("apply", args=[placement.pk])).content.decode()

    assert REASONS[situation] in page
    assert 'name="cover_letter"' not in page


@SITUATIONS
def test_posting_anyway_is_refused_with_the_reason(client, student, placement, situation):
    situation(student, placement)
    before = Application.objects.count()
    client.force_login(student)

    response = client.post(
        reverse("apply", args=[placement.pk]), {"cover_letter": LETTER, "cv_upload": pdf_upload()}
    )

    assert REASONS[situation] in response.content.decode()
    assert Application.objects.count() == before


def test_an_unconfirmed_email_cannot_apply_through_the_service(student, placement):
    unconfirmed(student, placement)

    with pytest.raises(ServiceError, match="Confirm your e-mail address"):
        services.apply(by=student, placement=placement, cover_letter=LETTER, cv_upload=pdf_upload())

    assert Application.objects.count() == 0


def test_a_confirmed_address_that_is_not_the_primary_one_is_not_enough(student, placement):
    EmailAddress.objects.filter(user=student).update(verified=False)
    EmailAddress.objects.create(user=student, email="other@example.org", verified=True)

    assert "Confirm your e-mail" in services.refusal_to_apply(student=student, placement=placement)


def test_a_student_who_may_apply_sees_the_button(client, student, placement):
    client.force_login(student)

    page = client.get(placement.get_absolute_url()).content.decode()

    assert f'href="{reverse("apply", args=[placement.pk])}"' in page


def test_a_closed_application_frees_a_place_under_the_cap(student, placement, other_placement):
    ApplicationFactory(placement=other_placement, student=student, status="closed")

    assert services.refusal_to_apply(student=student, placement=placement) == ""


def test_other_periods_do_not_count_against_the_cap(student, placement, organisation, programme):
    older = PeriodFactory(name="Summer 2026")
    old = PlacementFactory(organisation=organisation, period=older, programmes=[programme])
    ApplicationFactory(placement=old, student=student)

    assert services.refusal_to_apply(student=student, placement=placement) == ""
