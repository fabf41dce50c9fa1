"""What the internship office tells people: reminders of the agreements they have not
confirmed."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register

register(
    "agreement_reminder_student",
    _(
        "The internship office reminds you: your confirmation of your internship agreement "
        "with %(organisation)s is awaited. Read it and confirm it."
    ),
    group="office",
)
register(
    "agreement_reminder",
    _(
        "The internship office reminds you: your confirmation of the internship agreement of "
        "%(student)s is awaited. Read it and confirm it."
    ),
    group="office",
)
