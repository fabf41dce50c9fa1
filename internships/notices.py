"""What internships tell people: applications, offers, placements, vetting, agreements."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from notifications.kinds import register

from .models import Application, Confirmation, MentorAssignment


def moment(iso: str) -> str:
    """A stored ISO date and time in the reader's format and time zone (a value stored
    already formatted, by an older version, is shown as it is)."""
    try:
        value = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _role(code: str) -> str:
    if code not in MentorAssignment.Kind.values:
        return code
    return str(MentorAssignment.Kind(code).label).lower()


register("application_received", _("%(student)s applied to “%(placement)s”."), group="applications")
register(
    "application_moved",
    _("Your application to “%(placement)s” is now: %(status)s."),
    status=Application.Status,
    group="applications",
)
register(
    "interview_invited",
    _("You are invited to an interview for “%(placement)s” on %(when)s."),
    group="applications",
    mandatory=True,
    when=moment,
)
register(
    "offer_made",
    _("You have an offer for “%(placement)s”. Please answer by %(deadline)s."),
    group="offers",
    mandatory=True,
    deadline=moment,
)
register("offer_accepted", _("%(student)s accepted the offer for “%(placement)s”."), group="offers")
register("offer_declined", _("%(student)s declined the offer for “%(placement)s”."), group="offers")
register(
    "offer_expired", _("The offer for “%(placement)s” expired without an answer."), group="offers"
)
register(
    "offer_extended",
    _("You have more time to answer the offer for “%(placement)s”: until %(deadline)s."),
    group="offers",
    mandatory=True,
    deadline=moment,
)
register(
    "offer_rescinded",
    _("The organisation withdrew its offer for “%(placement)s”: %(reason)s"),
    group="offers",
    mandatory=True,
)
register(
    "application_withdrawn",
    _("%(student)s withdrew the application to “%(placement)s”."),
    group="applications",
)
register(
    "application_rejected",
    _("Your application to “%(placement)s” was not selected."),
    group="applications",
)
register(
    "placement_full",
    _("“%(placement)s” has filled its positions and is closed."),
    group="placements",
)
register(
    "placement_submitted",
    _("“%(placement)s” of %(organisation)s awaits approval."),
    group="placements",
)
register(
    "placement_withdrawn",
    _("%(organisation)s took “%(placement)s” back to draft: it no longer awaits approval."),
    group="placements",
)
register("placement_published", _("“%(placement)s” is published."), group="placements")
register(
    "placement_returned",
    _("“%(placement)s” was returned for changes: %(comment)s"),
    group="placements",
)
register(
    "organisation_verified",
    _("%(organisation)s is verified: its placements can be published."),
    group="placements",
    mandatory=True,
)
register(
    "organisation_suspended",
    _("%(organisation)s is suspended: %(note)s"),
    group="placements",
    mandatory=True,
)
register("report_received", _("A student reported %(organisation)s."), group="placements")
register(
    "agreement_confirmed",
    _("%(party)s confirmed the internship agreement of %(student)s."),
    group="internships",
)
register(
    "agreement_changed",
    _(
        "The internship agreement of %(student)s changed: read version %(number)s and "
        "confirm it again."
    ),
    group="internships",
    mandatory=True,
)
register(
    "mentor_assigned",
    _("You are now the %(role)s of %(student)s."),
    role=_role,
    group="internships",
)
register(
    "application_closed",
    _("“%(placement)s” is closed, so your application to it has ended: %(reason)s"),
    group="applications",
)
register(
    "placement_closed",
    _("The internship office closed “%(placement)s”: %(reason)s"),
    group="placements",
)
register(
    "amendment_proposed",
    _(
        "An amendment (no. %(number)s) to the internship agreement of %(student)s is proposed: "
        "read it and confirm it."
    ),
    group="internships",
    mandatory=True,
)
register(
    "amendment_confirmed",
    _("%(party)s confirmed amendment no. %(number)s to the internship agreement of %(student)s."),
    party=Confirmation.Party,
    group="internships",
)
register(
    "amendment_in_force",
    _(
        "Amendment no. %(number)s to the internship agreement of %(student)s is confirmed by "
        "all three parties and in force."
    ),
    group="internships",
)
register(
    "amendment_withdrawn",
    _("Amendment no. %(number)s to the internship agreement of %(student)s was withdrawn."),
    group="internships",
)
register(
    "proposal_submitted",
    _("%(student)s proposes an internship at %(organisation)s."),
    group="placements",
)
register(
    "proposal_resubmitted",
    _("%(student)s changed the proposed internship at %(organisation)s: it awaits approval again."),
    group="placements",
)
register(
    "proposal_withdrawn",
    _("%(student)s withdrew the proposed internship at %(organisation)s."),
    group="placements",
)
register(
    "proposal_returned",
    _("Your proposed internship at %(organisation)s was returned for changes: %(comment)s"),
    group="internships",  # with its approval: the student's settings show no placements
)
register(
    "proposal_approved",
    _("Your internship at %(organisation)s is approved. Confirm its agreement next."),
    group="internships",
    mandatory=True,
)
register(
    "internship_recorded",
    _("The internship office recorded your internship at %(organisation)s."),
    group="internships",
)
register(
    "intern_joins_host",
    _("%(student)s will intern with your organisation: confirm the internship agreement."),
    group="internships",
    mandatory=True,
)
register(
    "host_tutor_joined", _("%(tutor)s, your host tutor, has joined Practica."), group="internships"
)


def _day(iso: str) -> str:
    try:
        return date_format(date.fromisoformat(iso), "DATE_FORMAT")
    except (TypeError, ValueError):
        return iso


register(
    "placement_deadline_passed",
    _("“%(placement)s” is closed: its application deadline, %(deadline)s, has passed."),
    group="placements",
    deadline=_day,
)
