from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from internships import services, tasks
from notifications.models import Notification
from tests.factories import ApplicationFactory


def test_offers_past_their_deadline_expire_once(placement, company_admin):
    late = ApplicationFactory(
        placement=placement, status="offered", offer_deadline=timezone.now() - timedelta(minutes=5)
    )
    current = ApplicationFactory(
        placement=placement, status="offered", offer_deadline=timezone.now() + timedelta(days=2)
    )

    assert services.expire_offers() == 1
    assert services.expire_offers() == 0

    late.refresh_from_db()
    current.refresh_from_db()
    assert (late.status, current.status) == ("expired", "offered")
    assert Notification.objects.filter(recipient=late.student, kind="offer_expired").count() == 1
    assert Notification.objects.filter(recipient=company_admin, kind="offer_expired").exists()


def test_the_command_reports_what_it_did(placement, capsys):
    ApplicationFactory(
        placement=placement, status="offered", offer_deadline=timezone.now() - timedelta(minutes=5)
    )

    call_command("expire_offers")

    assert "1 offer(s) expired." in capsys.readouterr().out


def test_the_job_runs_through_the_tasks_api(placement):
    ApplicationFactory(
        placement=placement, status="offered", offer_deadline=timezone.now() - timedelta(minutes=5)
    )

    result = tasks.expire_offers.enqueue()

    assert result.return_value == 1
