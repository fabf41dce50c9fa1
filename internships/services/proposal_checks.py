"""What a proposal (a placement the student found) may hold, field by field: the dates within
the period, the hours, a new host that is not already on Practica under another spelling,
addresses that do not belong to the wrong accounts. The forms show these beside their fields
and the services (internships.services.proposals) refuse the same input whoever calls them.
"""

from allauth.account.models import EmailAddress
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import MentorProfile, Organisation, Role, User
from accounts.validators import cui_is_valid, normalise_cui

from .. import vetting_checks
from ..models import Internship, Period, Proposal

NEW_HOST_FIELDS = (
    "org_legal_name",
    "org_registration_number",
    "org_county",
    "org_city",
    "org_address",
    "org_sector",
    "org_phone",
    "legal_representative",
    "legal_representative_function",
    "legal_representative_email",
    "contact_name",
    "contact_email",
)
TUTOR_FIELDS = (
    "tutor_first_name",
    "tutor_last_name",
    "tutor_position",
    "tutor_email",
    "tutor_phone",
)
TERM_FIELDS = (
    "title",
    "starts_on",
    "ends_on",
    "hours_per_week",
    "schedule",
    "county",
    "city",
    "place",
    "work_mode",
    "activities",
    "competences",
)
PROPOSAL_FIELDS = (
    "period",
    "organisation",
    *NEW_HOST_FIELDS,
    *TUTOR_FIELDS,
    *TERM_FIELDS,
    "academic_supervisor",
)
RUNNING = (Internship.Status.PLANNED, Internship.Status.ACTIVE)


# What may be proposed -------------------------------------------------------------------


def holds_internship_in(student, period) -> bool:
    return (
        Internship.objects.filter(student=student, period=period)
        .exclude(status=Internship.Status.TERMINATED)
        .exists()
    )


def host_like(*, legal_name: str = "", registration_number: str = "") -> Organisation | None:
    """The organisation already on Practica that a new host's CUI or name points to: the
    same CUI, or a name that folds to the same words (diacritics, case, word order and legal
    form aside: "Codeaza Somes S.R.L." is "SC Codează Someș SRL")."""
    code = normalise_cui(registration_number)
    if code:
        same_code = Organisation.objects.filter(registration_number=code).first()
        if same_code:
            return same_code
    words = vetting_checks.name_words(legal_name)
    if not words:
        return None
    # Every name is read (a few thousand short rows, on a form sent rarely): the folding is
    # Python's, the same as the vetting checks', and no database folds ș and ş alike.
    for pk, name in Organisation.objects.values_list("pk", "legal_name").iterator():
        if vetting_checks.name_words(name) == words:
            return Organisation.objects.get(pk=pk)
    return None


def account_of(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).select_related("mentor_profile").first()


def is_tutor_of(user: User | None, organisation_id) -> bool:
    profile = getattr(user, "mentor_profile", None) if user else None
    return bool(
        profile
        and profile.kind == MentorProfile.Kind.HOST_TUTOR
        and profile.organisation_id == organisation_id
    )


def _window(period) -> dict:
    return {
        "period": period.display_name,
        "start": formats.date_format(period.starts_on),
        "end": formats.date_format(period.ends_on),
    }


def term_problems(values: dict) -> dict[str, str]:
    """The dates (within the period, the end after the start) and the hours per week."""
    get = values.get
    period, starts_on, ends_on = get("period"), get("starts_on"), get("ends_on")
    problems = {}
    if period is not None and starts_on and not period.starts_on <= starts_on <= period.ends_on:
        problems["starts_on"] = _(
            "The internship must start within %(period)s, between %(start)s and %(end)s."
        ) % _window(period)
    if starts_on and ends_on and ends_on <= starts_on:
        problems["ends_on"] = _("The end date must come after the start date.")
    elif period is not None and ends_on and not period.starts_on <= ends_on <= period.ends_on:
        problems["ends_on"] = _(
            "The internship must end within %(period)s, between %(start)s and %(end)s."
        ) % _window(period)
    hours = get("hours_per_week")
    if hours is not None and not 1 <= hours <= 40:
        problems["hours_per_week"] = _("Hours per week are between 1 and 40.")
    return problems


def proposal_problems(values: dict, *, student, proposal=None, today=None) -> dict[str, str]:
    """What is wrong with a proposal, field by field: the form shows these beside its fields
    and the services refuse the same input whoever calls them. A value missing from
    `values` (a field the form already refused) is not checked."""
    today = today or timezone.localdate()
    get = values.get
    period = get("period")
    problems = term_problems(values)
    if period is not None:
        others = Proposal.objects.filter(
            student=student, period=period, status__in=Proposal.OPEN_STATUSES
        )
        if proposal is not None and proposal.pk:
            others = others.exclude(pk=proposal.pk)
        if period.ends_on < today:
            problems["period"] = _("%(period)s is over: choose a period still to come.") % {
                "period": period.display_name
            }
        elif holds_internship_in(student, period):
            problems["period"] = _(
                "You already hold an internship in %(period)s: there is no other to propose."
            ) % {"period": period.display_name}
        elif others.exists():
            problems["period"] = _(
                "You already have a proposal in %(period)s that awaits an answer: change or "
                "withdraw it instead of proposing another."
            ) % {"period": period.display_name}
        if (
            period.proposals_reviewed_by == Period.ProposalReviewer.SUPERVISOR
            and "academic_supervisor" in values
            and not get("academic_supervisor")
        ):
            problems["academic_supervisor"] = _(
                "In %(period)s your academic supervisor approves the internship: choose them."
            ) % {"period": period.display_name}
    supervisor = get("academic_supervisor")
    if supervisor is not None and not is_supervisor(supervisor):
        problems["academic_supervisor"] = _("Choose an academic supervisor of the university.")
    tutor_email = (get("tutor_email") or "").strip()
    if tutor_email:
        if (
            User.objects.filter(email__iexact=tutor_email, role=Role.STUDENT).exists()
            or EmailAddress.objects.filter(
                email__iexact=tutor_email, user__role=Role.STUDENT
            ).exists()
        ):
            problems["tutor_email"] = _(
                "This address belongs to a student's account: give the host tutor's own "
                "e-mail address."
            )
    if "organisation" in values:
        organisation = get("organisation")
        if organisation is None:
            problems |= _new_host_problems(values, tutor_email=tutor_email)
        elif organisation.status == Organisation.Status.SUSPENDED:
            problems["organisation"] = _(
                "%(organisation)s is suspended: the internship office does not place students "
                "there now."
            ) % {"organisation": organisation.legal_name}
    return problems


def is_supervisor(user) -> bool:
    return (
        user.is_active
        and MentorProfile.objects.filter(user=user, kind=MentorProfile.Kind.SUPERVISOR).exists()
    )


def _new_host_problems(values: dict, *, tutor_email: str) -> dict[str, str]:
    get = values.get
    problems = {}
    code = get("org_registration_number") or ""
    if code and not cui_is_valid(code):
        problems["org_registration_number"] = _(
            "This is not a valid Romanian registration code (CUI): check the digits."
        )
    match = host_like(
        legal_name=get("org_legal_name") or "",
        registration_number=code if "org_registration_number" not in problems else "",
    )
    if match is not None:
        field = (
            "org_registration_number"
            if match.registration_number == normalise_cui(code)
            else "org_legal_name"
        )
        problems[field] = _(
            "Did you mean %(organisation)s (CUI %(cui)s)? It is already on Practica: choose it "
            "above instead of describing it again."
        ) % {"organisation": match.legal_name, "cui": match.registration_number}
    representative_email = (get("legal_representative_email") or "").strip()
    if tutor_email and representative_email.lower() == tutor_email.lower():
        problems["legal_representative_email"] = _(
            "The legal representative and the host tutor each need their own e-mail address: "
            "each gets their own account."
        )
    elif representative_email and email_is_taken(representative_email):
        # Invited, its owner would only be told: the new host would have no admin, and nobody
        # could confirm the agreement for it.
        problems["legal_representative_email"] = _(
            "This address already belongs to an account on Practica: give the legal "
            "representative's own e-mail address, which becomes the new host's admin account."
        )
    return problems


def email_is_taken(email: str) -> bool:
    return (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )
