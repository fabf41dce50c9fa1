"""`seed_scale` at a tiny size: every kind of record, consistent, and only once."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from accounts.models import User
from documents.models import Certificate
from internships.models import Application, Internship, Placement
from mentors.models import LogbookEntry
from notifications.models import Event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(programme, staff, capsys):
    call_command("seed_scale", scale=0.002, pipeline=40, students=120)
    return capsys.readouterr().out


def test_it_writes_every_kind_of_record_in_the_asked_sizes(seeded):
    assert User.objects.filter(email__endswith="@bench.practica.ro", role="student").count() == 120
    assert Placement.objects.filter(status="published").exists()
    assert set(Application.objects.values_list("status", flat=True)) == set(
        Application.Status.values
    )
    assert set(Internship.objects.values_list("status", flat=True)) >= {
        "completed",
        "active",
        "planned",
    }
    assert LogbookEntry.objects.exists()
    assert Certificate.objects.count() == Internship.objects.filter(status="completed").count()
    assert "rows written" in seeded


def test_the_records_hang_together(seeded):
    busiest = Placement.objects.annotate(n=Count("applications")).order_by("-n").first()
    assert busiest.n >= 40
    for internship in Internship.objects.select_related("application"):
        assert internship.application.status == "accepted"
        assert internship.application.student_id == internship.student_id
        assert internship.application.placement_id == internship.placement_id
    # Every application has its timeline, starting with the student applying.
    assert Event.objects.filter(action="applied").count() == Application.objects.count()
    # Completed logbooks add up to the required hours at most.
    for internship in Internship.objects.filter(status="completed")[:5]:
        hours = sum(e.hours for e in internship.logbook.all())
        assert 0 < hours <= internship.required_hours + 6


def test_new_records_get_fresh_keys_after_it(seeded):
    """The sequences are moved past the keys the seed chose (PostgreSQL)."""
    user = UserFactory()
    assert user.pk > User.objects.exclude(pk=user.pk).order_by("-pk").first().pk


def test_a_second_run_adds_nothing(seeded, capsys):
    before = Application.objects.count()
    call_command("seed_scale", scale=0.002)
    assert Application.objects.count() == before
    assert "nothing done" in capsys.readouterr().out
