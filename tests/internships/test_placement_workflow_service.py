from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.services import ServiceError
from internships import services
from internships.models import Placement
from notifications.models import Event, Notification
from tests.factories import PeriodFactory, PlacementFactory


@pytest.fixture
def draft(organisation, period, programme):
    return PlacementFactory(
        organisation=organisation,
        period=period,
        programmes=[programme],
        status="draft",
        published_at=None,
    )


def test_submitting_a_draft_asks_staff_for_approval(draft, company_admin, staff):
    services.submit_placement(placement=draft, by=company_admin)

    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert Notification.objects.filter(recipient=staff, kind="placement_submitted").exists()


def test_verified_organisations_may_publish_directly_when_the_setting_allows(
    draft, company_admin, settings
):
    settings.VERIFIED_ORGANISATIONS_PUBLISH_DIRECTLY = True

    services.submit_placement(placement=draft, by=company_admin)

    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.published_at is not None


def test_staff_approve_a_submitted_placement(draft, company_admin, staff):
    services.submit_placement(placement=draft, by=company_admin)

    services.approve_placement(placement=draft, by=staff)

    draft.refresh_from_db()
    assert draft.status == "published"
    assert Notification.objects.filter(recipient=company_admin, kind="placement_published").exists()


def test_an_unverified_organisation_cannot_publish(draft, company_admin, staff, organisation):
    services.submit_placement(placement=draft, by=company_admin)
    organisation.status = "pending"
    organisation.save()

    with pytest.raises(ServiceError, match="verified organisation"):
        services.approve_placement(placement=draft, by=staff)
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_staff_return_a_placement_with_a_comment(draft, company_admin, staff):
    services.submit_placement(placement=draft, by=company_admin)

    with pytest.raises(ServiceError):
        services.return_placement(placement=draft, by=staff, comment="  ")
    services.return_placement(placement=draft, by=staff, comment="Add the stipend.")

    draft.refresh_from_db()
    assert (draft.status, draft.review_comment) == ("draft", "Add the stipend.")
    event = Event.objects.filter(action="returned").get()
    assert (event.actor, event.note) == (staff, "Add the stipend.")


def test_another_organisation_cannot_touch_the_placement(draft, other_company_admin):
    with pytest.raises(PermissionDenied):
        services.submit_placement(placement=draft, by=other_company_admin)
    with pytest.raises(PermissionDenied):
        services.close_placement(placement=draft, by=other_company_admin)


def test_only_staff_approve(draft, company_admin):
    with pytest.raises(PermissionDenied):
        services.approve_placement(placement=draft, by=company_admin)


def test_a_published_placement_cannot_be_rewritten(placement, company_admin, programme):
    with pytest.raises(ServiceError, match="Only a draft"):
        services.update_placement(
            placement=placement, by=company_admin, data={"title": "Other"}, programmes=[programme]
        )


def test_a_past_deadline_blocks_submission(draft, company_admin):
    Placement.objects.filter(pk=draft.pk).update(deadline=timezone.localdate() - timedelta(1))
    draft.refresh_from_db()

    with pytest.raises(ServiceError, match="deadline has passed"):
        services.submit_placement(placement=draft, by=company_admin)


def test_duplicating_last_years_placement_moves_it_to_the_newest_period(placement, company_admin):
    newer = PeriodFactory(
        starts_on=placement.period.starts_on + timedelta(days=365),
        ends_on=placement.period.ends_on + timedelta(days=365),
        applications_close_on=placement.deadline + timedelta(days=365),
    )

    copy = services.duplicate_placement(placement=placement, by=company_admin)

    assert (copy.status, copy.period, copy.title) == ("draft", newer, placement.title)
    assert copy.starts_on == placement.starts_on + timedelta(days=365)
    assert set(copy.programmes.all()) == set(placement.programmes.all())
    assert copy.duplicated_from == placement


def test_archived_is_final(placement, company_admin):
    services.close_placement(placement=placement, by=company_admin)
    services.archive_placement(placement=placement, by=company_admin)

    with pytest.raises(ServiceError):
        services.close_placement(placement=placement, by=company_admin)


def test_a_duplicate_keeps_the_form_rules_and_skips_periods_closed_for_postings(
    placement, company_admin, settings
):
    settings.PLACEMENT_MAX_POSITIONS = 3
    Placement.objects.filter(pk=placement.pk).update(positions=40)
    placement.refresh_from_db()
    closed = PeriodFactory(
        starts_on=placement.period.starts_on + timedelta(days=400),
        ends_on=placement.period.ends_on + timedelta(days=400),
        applications_open_on=timezone.localdate() - timedelta(days=60),
        applications_close_on=timezone.localdate() - timedelta(days=1),
    )

    copy = services.duplicate_placement(placement=placement, by=company_admin)

    assert copy.period != closed
    assert copy.positions == 3
    assert copy.period.starts_on <= copy.starts_on <= copy.ends_on <= copy.period.ends_on
    assert timezone.localdate() <= copy.deadline <= copy.period.applications_close_on
    assert copy.deadline < copy.starts_on
    services.submit_placement(placement=copy, by=company_admin)  # passes every rule
