from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from tests.factories import OrganisationFactory, PlacementFactory, SkillFactory


def test_anonymous_reads_everything_a_student_needs(client, placement):
    placement.skills.set([SkillFactory(name="Python")])

    response = client.get(placement.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Backend intern (Django)",
        "Build REST services for hospital software",
        "Write code and tests.",
        "Django, PostgreSQL, code review.",
        "Computer Science",
        "Python",
        "Cluj-Napoca, Cluj",
        "Hybrid",
        "Summer 2027",
        "Hours per week",
        "Positions",
        "Application deadline",
        "Codează Someș SRL",
    ):
        assert text in page


def test_anonymous_is_invited_to_log_in_to_apply(client, placement):
    response = client.get(placement.get_absolute_url())

    page = response.content.decode()
    assert "Log in to apply" in page
    assert f"{reverse('account_login')}?next=/placements/{placement.pk}/" in page
    assert "Report this placement" not in page


def test_paid_placement_shows_the_stipend(client, organisation, period, programme):
    placement = PlacementFactory(
        organisation=organisation, period=period, is_paid=True, stipend=2500
    )

    page = client.get(placement.get_absolute_url()).content.decode()

    assert "RON a month" in page


def test_student_sees_the_apply_link_and_the_report_form(client, student, placement):
    client.force_login(student)

    page = client.get(placement.get_absolute_url()).content.decode()

    assert f'href="{reverse("apply", args=[placement.pk])}"' in page
    assert "Report this placement" in page
    assert f'action="{reverse("report_placement", args=[placement.pk])}"' in page
    assert 'for="id_reason"' in page


def test_student_who_applied_sees_the_date_and_a_link_to_the_application(
    client, student, application
):
    client.force_login(student)

    page = client.get(application.placement.get_absolute_url()).content.decode()

    assert "You applied on" in page
    assert reverse("student_application", args=[application.pk]) in page
    assert reverse("apply", args=[application.placement.pk]) not in page


def test_no_apply_link_after_the_deadline(client, student, organisation, period, programme):
    placement = PlacementFactory(
        organisation=organisation,
        period=period,
        programmes=[programme],
        deadline=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(student)

    page = client.get(placement.get_absolute_url()).content.decode()

    assert "The deadline for applications to this placement has passed." in page
    assert reverse("apply", args=[placement.pk]) not in page


@pytest.mark.parametrize("status", ["draft", "submitted", "closed", "archived"])
def test_an_unpublished_placement_is_404_for_outsiders(
    client, student, organisation, period, status
):
    placement = PlacementFactory(organisation=organisation, period=period, status=status)

    assert client.get(placement.get_absolute_url()).status_code == 404
    client.force_login(student)
    assert client.get(placement.get_absolute_url()).status_code == 404


def test_a_draft_is_404_for_a_member_of_another_organisation(
    client, other_company_admin, organisation, period
):
    placement = PlacementFactory(organisation=organisation, period=period, status="draft")
    client.force_login(other_company_admin)

    response = client.get(placement.get_absolute_url())

    assert response.status_code == 404


def test_a_member_of_the_organisation_sees_its_draft(client, company_admin, organisation, period):
    placement = PlacementFactory(organisation=organisation, period=period, status="draft")
    client.force_login(company_admin)

    response = client.get(placement.get_absolute_url())

    assert response.status_code == 200
    assert "This placement is not public" in response.content.decode()
    assert "Log in to apply" not in response.content.decode()


@pytest.mark.parametrize("status", [Organisation.Status.SUSPENDED, Organisation.Status.PENDING])
def test_a_placement_of_an_unverified_organisation_is_404(client, student, period, status):
    placement = PlacementFactory(organisation=OrganisationFactory(status=status), period=period)
    client.force_login(student)

    assert client.get(placement.get_absolute_url()).status_code == 404


def test_an_unknown_placement_is_404(client, db):
    assert client.get(reverse("placement_detail", args=[999999])).status_code == 404
