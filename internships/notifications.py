"""In-app notifications and their e-mails.

A notification stores its kind and parameters, not its text, so that each person reads it
in the language of the page; the e-mail goes out in a background job after the commit.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

TEXTS = {
    "application_received": _("%(student)s applied to “%(placement)s”."),
    "application_moved": _("Your application to “%(placement)s” is now: %(status)s."),
    "interview_invited": _("You are invited to an interview for “%(placement)s” on %(when)s."),
    "offer_made": _("You have an offer for “%(placement)s”. Please answer by %(deadline)s."),
    "offer_accepted": _("%(student)s accepted the offer for “%(placement)s”."),
    "offer_declined": _("%(student)s declined the offer for “%(placement)s”."),
    "offer_expired": _("The offer for “%(placement)s” expired without an answer."),
    "application_withdrawn": _("%(student)s withdrew the application to “%(placement)s”."),
    "application_rejected": _("Your application to “%(placement)s” was not selected."),
    "placement_full": _("“%(placement)s” has filled its positions and is closed."),
    "placement_submitted": _("“%(placement)s” of %(organisation)s awaits approval."),
    "placement_published": _("“%(placement)s” is published."),
    "placement_returned": _("“%(placement)s” was returned for changes: %(comment)s"),
    "organisation_verified": _("%(organisation)s is verified: its placements can be published."),
    "organisation_suspended": _("%(organisation)s is suspended: %(note)s"),
    "report_received": _("A student reported %(organisation)s."),
    "certificate_revoked": _("Your certificate %(serial)s was revoked: %(reason)s"),
    "certificate_issued": _("Your internship certificate %(serial)s is ready to download."),
    "agreement_confirmed": _("%(party)s confirmed the internship agreement of %(student)s."),
    "mentor_assigned": _("You are now the %(role)s of %(student)s."),
    "internship_started": _("The internship of %(student)s has started: the logbook is open."),
    "internship_completed": _("The internship of %(student)s is completed."),
    "internship_terminated": _("The internship of %(student)s ended early: %(reason)s"),
    "logbook_submitted": _("%(student)s submitted %(count)s logbook entries for approval."),
    "logbook_approved": _("Your tutor approved %(count)s logbook entries."),
    "logbook_returned": _("Your tutor returned the logbook entry of %(date)s: %(comment)s"),
    "feedback_written": _("%(mentor)s wrote you a note."),
    "feedback_replied": _("%(student)s replied to your note."),
    "evaluation_submitted": _("%(kind)s submitted for the internship of %(student)s."),
    "evaluation_reopened": _("Your %(kind)s was reopened by staff: %(reason)s"),
    "result_recorded": _("The academic result of %(student)s's internship is recorded."),
}


def render_text(kind: str, params: dict) -> str:
    from mentors.models import Evaluation, MentorAssignment

    from .models import Application

    values = dict(params)
    if "status" in values:
        values["status"] = Application.Status(values["status"]).label
    if values.get("kind") in Evaluation.Kind.values:
        values["kind"] = Evaluation.Kind(values["kind"]).label
    if values.get("role") in MentorAssignment.Kind.values:
        values["role"] = str(MentorAssignment.Kind(values["role"]).label).lower()
    template = TEXTS.get(kind)
    return str(template) % values if template else kind


def notify(recipients, event: str, *, url: str = "", **params) -> None:
    """Queue a notification for each recipient: in-app now, e-mail after the commit."""
    from .models import Notification

    params = {key: str(value) for key, value in params.items()}
    for recipient in {r.pk: r for r in recipients}.values():
        notification = Notification.objects.create(
            recipient=recipient, kind=event, params=params, url=url
        )
        transaction.on_commit(lambda pk=notification.pk: email_notification.enqueue(pk))


@task()
def email_notification(notification_id: int) -> None:
    """Send one notification by e-mail; running it twice sends it once."""
    from .models import Notification

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at=None)
            .first()
        )
        if notification is None:
            return
        # E-mails leave in the site's language: no request tells us the reader's.
        with translation.override(settings.LANGUAGE_CODE):
            text = notification.text
        link = settings.SITE_URL.rstrip("/") + notification.url if notification.url else ""
        send_mail(
            subject="[Practica] " + " ".join(text.split())[:90],
            message=f"{text}\n\n{link}\n" if link else f"{text}\n",
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
