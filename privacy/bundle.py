"""What goes into a person's copy of their data: their records as JSON, one file per kind,
and the files they own, in one ZIP with a README in their language.

Each kind is a function of the person giving rows; a row is turned into JSON from its
model's own fields (a foreign key as its id, a file as its name), leaving out secrets
(the password's hash, tokens' hashes), which are not personal data but keys.
"""

import json
import shutil
import zipfile
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import (
    MentorProfile,
    OrganisationMembership,
    StudentCV,
    StudentExperience,
    StudentLanguage,
    StudentLink,
    StudentProfile,
    User,
)
from conversations.models import Message
from documents.models import Certificate
from internships.models import (
    Agreement,
    AgreementVersion,
    Application,
    Internship,
    Proposal,
    SavedPlacement,
    SavedSearch,
    ScreeningAnswer,
)
from interviews.models import Booking
from mentors.models import AcademicResult, Evaluation, FeedbackNote, LogbookEntry, Score
from notifications.models import Event, Notification, NotificationSettings

from .models import ErasureRequest

SECRETS = {"password", "token_hash"}


def _value(field, obj):
    value = getattr(obj, field.attname)
    if isinstance(field, models.FileField):
        return value.name if value else ""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def as_dict(obj) -> dict:
    """A row as JSON: its own fields, foreign keys as ids, files by name, secrets left out."""
    return {
        field.name: _value(field, obj)
        for field in obj._meta.concrete_fields
        if field.name not in SECRETS
    }


def _rows(queryset) -> list[dict]:
    return [as_dict(obj) for obj in queryset.order_by("pk")]


def _only(queryset, fields) -> list[dict]:
    """Rows of what the person did to someone else's record (reviewed a logbook, recorded a
    result, wrote an evaluation): the ids, dates and the text they wrote, never the other
    person's data (their grade, their activities, a note naming them)."""
    return [
        {name: value for name, value in as_dict(obj).items() if name in fields}
        for obj in queryset.order_by("pk")
    ]


# A person's contribution to others' records: which fields of each go into their copy.
REVIEW_FIELDS = {"id", "internship", "status", "review_comment", "reviewed_at"}
EVALUATION_FIELDS = {
    "id", "internship", "kind", "status", "comment", "task_relevance", "mentoring_quality",
    "would_recommend", "submitted_at", "created_at", "updated_at",
}  # fmt: skip
SCORE_FIELDS = {"id", "evaluation", "competency", "comment"}
RECORDED_FIELDS = {"id", "internship", "recorded_at"}
# The record of what they did, without its notes: a note may quote another person's data.
EVENT_FIELDS = {
    "id",
    "content_type",
    "object_id",
    "action",
    "from_status",
    "to_status",
    "created_at",
}


def _applications(user):
    return Application.objects.filter(student=user)


def _internships(user):
    return Internship.objects.filter(student=user)


# Each kind: its file name and the rows of the person (an empty kind is left out).
KINDS: list[tuple[str, Callable[[User], Iterable]]] = [
    ("account.json", lambda u: _rows(User.objects.filter(pk=u.pk))),
    ("student_profile.json", lambda u: _rows(StudentProfile.objects.filter(user=u))),
    ("student_cvs.json", lambda u: _rows(StudentCV.objects.filter(profile__user=u))),
    ("student_links.json", lambda u: _rows(StudentLink.objects.filter(profile__user=u))),
    ("student_languages.json", lambda u: _rows(StudentLanguage.objects.filter(profile__user=u))),
    (
        "student_experience.json",
        lambda u: _rows(StudentExperience.objects.filter(profile__user=u)),
    ),
    ("mentor_profile.json", lambda u: _rows(MentorProfile.objects.filter(user=u))),
    (
        "organisation_membership.json",
        lambda u: _rows(OrganisationMembership.objects.filter(user=u)),
    ),
    ("applications.json", lambda u: _rows(_applications(u))),
    (
        "screening_answers.json",
        lambda u: _rows(ScreeningAnswer.objects.filter(application__student=u)),
    ),
    ("interview_bookings.json", lambda u: _rows(Booking.objects.filter(application__student=u))),
    ("proposals.json", lambda u: _rows(Proposal.objects.filter(student=u))),
    ("internships.json", lambda u: _rows(_internships(u))),
    ("agreements.json", lambda u: _rows(Agreement.objects.filter(internship__student=u))),
    ("logbook_entries.json", lambda u: _rows(LogbookEntry.objects.filter(internship__student=u))),
    (
        "logbook_reviews.json",
        lambda u: _only(LogbookEntry.objects.filter(reviewed_by=u), REVIEW_FIELDS),
    ),
    (
        "evaluations.json",
        lambda u: _rows(
            Evaluation.objects.filter(internship__student=u).filter(
                Q(status=Evaluation.Status.SUBMITTED) | Q(author=u)
            )
        ),
    ),
    (
        "evaluation_scores.json",
        lambda u: _rows(
            Score.objects.filter(evaluation__internship__student=u).filter(
                Q(evaluation__status=Evaluation.Status.SUBMITTED) | Q(evaluation__author=u)
            )
        ),
    ),
    (
        "evaluations_written.json",
        lambda u: _only(
            Evaluation.objects.filter(author=u).exclude(internship__student=u), EVALUATION_FIELDS
        ),
    ),
    (
        "evaluation_scores_written.json",
        lambda u: _only(
            Score.objects.filter(evaluation__author=u).exclude(evaluation__internship__student=u),
            SCORE_FIELDS,
        ),
    ),
    (
        "feedback_notes.json",
        lambda u: _rows(
            FeedbackNote.objects.filter(
                Q(author=u) | Q(internship__student=u, visibility=FeedbackNote.Visibility.STUDENT)
            )
        ),
    ),
    (
        "academic_results.json",
        lambda u: _rows(AcademicResult.objects.filter(internship__student=u)),
    ),
    (
        "academic_results_recorded.json",
        lambda u: _only(AcademicResult.objects.filter(recorded_by=u), RECORDED_FIELDS),
    ),
    ("certificates.json", lambda u: _rows(Certificate.objects.filter(internship__student=u))),
    (
        "messages.json",
        lambda u: _rows(Message.objects.filter(Q(author=u) | Q(application__student=u))),
    ),
    ("notifications.json", lambda u: _rows(Notification.objects.filter(recipient=u))),
    (
        "notification_settings.json",
        lambda u: _rows(NotificationSettings.objects.filter(user=u)),
    ),
    ("saved_searches.json", lambda u: _rows(SavedSearch.objects.filter(student=u))),
    ("saved_placements.json", lambda u: _rows(SavedPlacement.objects.filter(student=u))),
    ("events.json", lambda u: _only(Event.objects.filter(actor=u), EVENT_FIELDS)),
    ("erasure_requests.json", lambda u: _rows(ErasureRequest.objects.filter(user=u))),
]


def owned_files(user) -> list[tuple[str, object, str]]:
    """The files the person owns: (folder in the ZIP, storage, stored name), each once."""
    found = []
    for cv in StudentCV.objects.filter(profile__user=user).order_by("pk"):
        found.append(("files/cvs", cv.file))
    for application in _applications(user).exclude(cv="").order_by("pk"):
        found.append(("files/applications", application.cv))
    for version in AgreementVersion.objects.filter(agreement__internship__student=user).order_by(
        "pk"
    ):
        found += [("files/agreements", version.pdf), ("files/agreements", version.signed_pdf)]
    for certificate in Certificate.objects.filter(internship__student=user).order_by("pk"):
        found += [
            ("files/certificates", certificate.pdf_ro),
            ("files/certificates", certificate.pdf_en),
        ]
    seen, files = set(), []
    for folder, field in found:
        if field and field.name and (folder, field.name) not in seen:
            seen.add((folder, field.name))
            files.append((folder, field.storage, field.name))
    return files


def readme(user, kinds: list[str], files: list[str]) -> str:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        lines = [
            _("Your personal data in Practica"),
            "",
            _(
                "This archive holds a copy of what Practica keeps about you: each kind of "
                "record in its own JSON file, and the files you own (CVs, agreements, "
                "certificates) in the folder files/."
            ),
            _("Dates and times are in ISO 8601; a reference to another record is its number."),
            "",
            _("Records:"),
            *(f"  {name}" for name in kinds),
            "",
            _("Files:"),
            *(f"  {name}" for name in files),
            "",
            _("Questions about your data: %(contact)s")
            % {"contact": settings.PRIVACY_CONTACT_EMAIL},
        ]
    return "\n".join(lines) + "\n"


def write_bundle(user, target) -> None:
    """Write the person's ZIP to the open binary file `target`. A file that cannot be read
    (missing from the storage) stops the build: a copy must not be silently incomplete."""
    kinds, names = [], []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, rows_of in KINDS:
            rows = list(rows_of(user))
            if not rows:
                continue
            archive.writestr(name, json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True))
            kinds.append(name)
        for folder, storage, stored in owned_files(user):
            inside = f"{folder}/{PurePosixPath(stored).name}"
            while inside in names:
                inside = f"{folder}/{len(names)}-{PurePosixPath(stored).name}"
            with storage.open(stored, "rb") as source, archive.open(inside, "w") as sink:
                shutil.copyfileobj(source, sink)
            names.append(inside)
        archive.writestr("README.txt", readme(user, kinds, names))
