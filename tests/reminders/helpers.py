from datetime import timedelta

from django.utils import timezone

from internships.models import Agreement, AgreementVersion
from mentors.models import Evaluation
from reminders.models import Reminder
from reminders.services import send_reminders


def sent(rule=None, **filters):
    """(rule, threshold, recipient) of every reminder sent, sorted."""
    reminders = Reminder.objects.filter(**({"rule": rule} if rule else {}), **filters)
    return sorted(reminders.values_list("rule", "threshold", "recipient_id"))


def run(today=None, rule=None):
    send_reminders(today=today or timezone.localdate())
    return sent(rule)


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def unconfirmed_agreement(internship, *, versions=1):
    Agreement.objects.filter(internship=internship).delete()
    agreement = Agreement.objects.create(internship=internship)
    for number in range(1, versions + 1):
        AgreementVersion.objects.create(
            agreement=agreement, number=number, language="ro", facts={}, facts_digest="x"
        )
    return agreement


def submit_evaluation(internship, kind, author):
    return Evaluation.objects.create(
        internship=internship,
        kind=kind,
        author=author,
        status=Evaluation.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
