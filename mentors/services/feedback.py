"""Feedback: a mentor's notes, for the student or for staff only, and the student's replies."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.permissions import ensure
from core.services import ServiceError
from notifications.services import notify, record_event

from ..models import FeedbackNote


@transaction.atomic
def write_feedback(*, internship, by, body: str, visibility: str) -> FeedbackNote:
    """A mentor's note, for the student or for staff only."""
    ensure(by, "mentors.write_feedback", internship)
    if not body.strip():
        raise ServiceError(_("The note is empty."))
    if visibility not in FeedbackNote.Visibility.values:
        raise ServiceError(_("Choose who may read the note."))
    note = FeedbackNote.objects.create(
        internship=internship, author=by, body=body.strip(), visibility=visibility
    )
    # On the note itself: a note for staff only must not show on the student's timeline.
    record_event(note, by=by, action="feedback_written", new=visibility)
    if visibility == FeedbackNote.Visibility.STUDENT:
        notify(
            [internship.student],
            "feedback_written",
            by=by,
            url=internship.get_absolute_url(),
            mentor=by.display_name,
        )
    return note


@transaction.atomic
def reply_to_feedback(*, note, by, body: str) -> FeedbackNote:
    """The student answers a note meant for them."""
    internship = note.internship
    ensure(by, "mentors.reply_feedback", internship)
    if note.visibility != FeedbackNote.Visibility.STUDENT or note.reply_to_id:
        raise ServiceError(_("You can only reply to a note addressed to you."))
    if not body.strip():
        raise ServiceError(_("The reply is empty."))
    reply = FeedbackNote.objects.create(
        internship=internship,
        author=by,
        body=body.strip(),
        reply_to=note,
        visibility=FeedbackNote.Visibility.STUDENT,
    )
    record_event(reply, by=by, action="feedback_replied", note=f"#{note.pk}")
    notify(
        [note.author],
        "feedback_replied",
        by=by,
        url=internship.get_absolute_url(),
        student=by.display_name,
    )
    return reply
