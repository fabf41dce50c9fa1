"""The reminder that a round's ranking closes soon (alloc-rank): a rule of the reminders
app, sent by its daily run, once per person, round and phase."""

from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reminders.rules import Candidate, rule

from . import queries
from .models import Round


@rule("round_closing", label=_("Ranking of an allocation round closes soon"), audience="all")
def round_closing(today: date):
    """ALLOCATION_REMINDER_DAYS days before the students' phase ends, its students who may
    take part; as long before the hosts' phase ends, the hosts whose placements were ranked."""
    days = timedelta(days=settings.ALLOCATION_REMINDER_DAYS)
    now = timezone.now()
    rounds = Round.objects.filter(status=Round.Status.OPEN, hosts_until__gt=now).select_related(
        "previous"
    )
    for round in rounds:
        phase = round.phase_at(now)
        if phase == Round.Phase.STUDENTS:
            until, people, page = round.students_until, queries.students_of_round(round), "student"
            people = people.values_list("pk", flat=True)
        elif phase == Round.Phase.HOSTS:
            until, people, page = (
                round.hosts_until,
                queries.hosts_of_ranked_placements(round),
                "host",
            )
        else:
            continue
        if timezone.localdate(until) - today > days:
            continue
        url = reverse(f"{page}_round", args=[round.pk])
        params = {"round": round.name, "until": until.isoformat()}
        for person_id in people:
            yield Candidate(
                person_id, Round, round.pk, f"{phase}:{until.isoformat()}", None, params, url
            )
