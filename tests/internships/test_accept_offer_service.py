import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from post_office.models import Email

from core.services import ServiceError
from internships import services
from internships.models import Application, Internship, Placement
from notifications.models import Notification, NotificationSettings
from tests.factories import ApplicationFactory, PlacementFactory, StudentFactory


def offered(placement, student=None, **extra):
    kwargs = {
        "placement": placement,
        "status": "offered",
        "offer_deadline": timezone.now() + timedelta(days=3),
        **extra,
    }
    if student is not None:
        kwargs["student"] = student
    return ApplicationFactory(**kwargs)


def test_accepting_creates_the_internship_from_the_placement(placement, student):
    application = offered(placement, student)

    internship = services.accept_offer(application=application, by=student)

    application.refresh_from_db()
    assert application.status == "accepted"
    assert (internship.student, internship.placement, internship.organisation) == (
        student,
        placement,
        placement.organisation,
    )
    assert internship.required_hours == placement.period.required_hours
    assert internship.status == Internship.Status.PLANNED


def test_accepting_withdraws_the_students_other_open_applications_in_the_period(
    placement, other_placement, student, company_admin
):
    application = offered(placement, student)
    other = ApplicationFactory(placement=other_placement, student=student)

    services.accept_offer(application=application, by=student)

    other.refresh_from_db()
    assert other.status == "withdrawn"
    assert Notification.objects.filter(
        recipient=other_placement.organisation.memberships.get().user, kind="application_withdrawn"
    ).exists()


def test_the_last_seat_closes_the_placement_and_tells_those_waiting(
    placement, student, company_admin
):
    placement.positions = 1
    placement.save()
    waiting = ApplicationFactory(placement=placement)
    application = offered(placement, student)

    services.accept_offer(application=application, by=student)

    placement.refresh_from_db()
    waiting.refresh_from_db()
    assert placement.status == Placement.Status.CLOSED
    assert waiting.status == Application.Status.CLOSED
    assert Notification.objects.filter(
        recipient=waiting.student, kind="application_closed"
    ).exists()
    assert Notification.objects.filter(recipient=company_admin, kind="offer_accepted").exists()
    assert Notification.objects.filter(recipient=company_admin, kind="placement_full").exists()


def test_the_hosts_admins_are_told_at_once_that_the_agreement_awaits_them(
    placement, student, company_admin, recruiter, django_capture_on_commit_callbacks
):
    NotificationSettings.objects.create(user=company_admin, choices={"internships": "in_app"})
    application = offered(placement, student)

    with django_capture_on_commit_callbacks(execute=True):
        internship = services.accept_offer(application=application, by=student)

    notice = Notification.objects.get(recipient=company_admin, kind="intern_joins_host")
    assert notice.url == internship.get_absolute_url()
    assert notice.delivery == "immediate" and notice.emailed_at is not None
    assert Email.objects.filter(to=company_admin.email, subject__contains="confirm").exists()
    assert not Notification.objects.filter(recipient=recruiter, kind="intern_joins_host").exists()
    assert Notification.objects.filter(recipient=recruiter, kind="offer_accepted").exists()


def test_a_full_placement_ends_the_other_offers_and_refuses_them(placement):
    placement.positions = 1
    placement.save()
    first, second = offered(placement), offered(placement)
    services.accept_offer(application=first, by=first.student)

    with pytest.raises(ServiceError, match="have been filled"):
        services.accept_offer(application=second, by=second.student)

    second.refresh_from_db()
    assert second.status == Application.Status.CLOSED
    assert Internship.objects.count() == 1


def test_a_full_placement_refuses_an_offer_it_could_not_end(placement):
    placement.positions = 1
    placement.save()
    first, second = offered(placement), offered(placement)
    services.accept_offer(application=first, by=first.student)
    Application.objects.filter(pk=second.pk).update(status="offered")

    with pytest.raises(ServiceError, match="All positions"):
        services.accept_offer(application=second, by=second.student)

    assert Internship.objects.count() == 1


def test_a_student_holds_one_internship_per_period(placement, other_placement, student):
    services.accept_offer(application=offered(placement, student), by=student)
    late_offer = offered(other_placement, StudentFactory().user)
    late_offer.student = student
    Application.objects.filter(pk=late_offer.pk).update(student=student)

    with pytest.raises(ServiceError, match="already hold an internship"):
        services.accept_offer(application=late_offer, by=student)


def test_an_expired_offer_cannot_be_accepted(placement, student):
    application = offered(placement, student, offer_deadline=timezone.now() - timedelta(hours=1))

    with pytest.raises(ServiceError, match="expired"):
        services.accept_offer(application=application, by=student)


def test_another_student_cannot_accept(placement, student, other_student):
    from django.core.exceptions import PermissionDenied

    application = offered(placement, student)

    with pytest.raises(PermissionDenied):
        services.accept_offer(application=application, by=other_student)
    assert not Internship.objects.exists()


def test_only_an_offer_can_be_accepted(application, student):
    with pytest.raises(ServiceError, match="no open offer"):
        services.accept_offer(application=application, by=student)


def test_every_step_is_on_the_timeline(placement, student):
    from internships import queries

    application = offered(placement, student)
    services.accept_offer(application=application, by=student)

    last = list(queries.timeline(application))[-1]
    assert (last.actor, last.from_status, last.to_status) == (student, "offered", "accepted")


@pytest.mark.django_db(transaction=True)
def test_two_students_accepting_the_last_seat_at_once_exactly_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    placement = PlacementFactory(positions=1)
    offers = [offered(placement), offered(placement)]
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(application):
        try:
            barrier.wait()
            services.accept_offer(application=application, by=application.student)
            outcomes.append("won")
        except ServiceError as error:
            outcomes.append(error.text)
        except Exception as error:  # noqa: BLE001 (the assertion below shows it)
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(a,)) for a in offers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("won") == 1
    assert "All positions of this placement have been filled." in outcomes
    assert Internship.objects.count() == 1
    assert Placement.objects.get(pk=placement.pk).status == "closed"
