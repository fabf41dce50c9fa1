"""Amendments (acte adiționale) to an agreement the three parties have confirmed.

Staff, the host organisation's admin or the academic supervisor propose one: new dates,
hours, schedule, place or host tutor, with a reason. It is its own document (a PDF the
documents app renders once and stores with its SHA-256); each party confirms that exact PDF.
Nothing changes on the internship until the third party confirms; then the new terms are
written onto it (the host tutor through the mentor assignment, so its history stays whole).
At most one amendment of an agreement awaits confirmations at a time.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import MentorProfile, User
from accounts.rules import administers, is_university_staff
from core.permissions import ensure
from core.services import ServiceError
from notifications.services import notify, record_event

from ..models import Agreement, Amendment, Confirmation, Internship, MentorAssignment
from ..rules import party_of
from ..signals import amendment_confirmed_by_all, amendment_proposed
from .agreements import agreement_facts, person_facts
from .assignments import assign_mentor, lock_internship

# The facts an amendment may change, in the order documents list them; the keys and their
# forms are those of the agreement's facts (services.agreements.agreement_facts).
FACT_LABELS = {
    "starts_on": gettext_lazy("Start date"),
    "ends_on": gettext_lazy("End date"),
    "required_hours": gettext_lazy("Required hours"),
    "hours_per_week": gettext_lazy("Hours per week"),
    "schedule": gettext_lazy("Working schedule"),
    "place": gettext_lazy("Place of work"),
    "city": gettext_lazy("City"),
    "host_tutor": gettext_lazy("Host tutor"),
}
DATES = ("starts_on", "ends_on")
INTEGERS = ("required_hours", "hours_per_week")
TEXTS = {"schedule": 200, "place": 300, "city": 100}
MAX_REQUIRED_HOURS = 1000
MAX_HOURS_PER_WEEK = 40
PARTIES = tuple(Confirmation.Party.values)


def tutor_facts(user) -> dict | None:
    """The host tutor as the agreement states them, with their account's id ("pk"): the
    person an amendment names, whatever their e-mail address becomes meanwhile."""
    facts = person_facts(user)
    if facts is not None:
        facts["pk"] = user.pk
    return facts


AMENDABLE = (
    "starts_on",
    "ends_on",
    "required_hours",
    "hours_per_week",
    "schedule",
    "place",
    "city",
    "host_tutor",
)


def current_terms(internship) -> dict:
    """The facts an amendment may change, as the agreement's next version would state them
    (services.agreements.agreement_facts), so that an amendment's “after” values equal them."""
    facts = agreement_facts(internship)
    terms = {key: facts[key] for key in AMENDABLE}
    terms["host_tutor"] = tutor_facts(internship.host_tutor)
    return terms


def shown(key: str, value) -> str:
    """A fact's value in words, in the active language."""
    if value in (None, ""):
        return "—"
    if key in DATES:
        return date_format(date.fromisoformat(value), "DATE_FORMAT")
    if key == "host_tutor":
        return f"{value['name']} <{value['email']}>" if value.get("email") else value["name"]
    return str(value)


def change_rows(changes: dict) -> list[dict]:
    """Each change of an amendment in words: what, before, after (in the facts' order)."""
    return [
        {
            "key": key,
            "label": str(label),
            "before": shown(key, changes[key][0]),
            "after": shown(key, changes[key][1]),
        }
        for key, label in FACT_LABELS.items()
        if key in changes
    ]


def _same(key: str, a, b) -> bool:
    if key == "host_tutor":  # the person, not how their profile reads today
        a, b = a or {}, b or {}
        if "pk" in a and "pk" in b:
            return a["pk"] == b["pk"]
        return (a.get("email") or "").lower() == (b.get("email") or "").lower()  # older ones
    return a == b


def _tutor_named(facts: dict) -> User:
    """The account an amendment's tutor facts name: by id (by e-mail in those stored before
    the id was); refused when it is gone."""
    found = (
        User.objects.filter(pk=facts["pk"])
        if "pk" in facts
        else User.objects.filter(email__iexact=facts.get("email") or "")
    ).first()
    if found is None:
        raise ServiceError(
            _(
                "The host tutor this amendment names no longer has an account: withdraw it "
                "and propose a new one."
            )
        )
    return found


def _new_facts(terms: dict) -> dict:
    """The proposed terms in the facts' forms ({key: after}); keys not given are left out."""
    facts = {}
    for key in FACT_LABELS:
        value = terms.get(key)
        if value is None:
            continue
        if key in DATES:
            facts[key] = value.isoformat()
        elif key in INTEGERS:
            facts[key] = int(value)
        elif key == "host_tutor":
            facts[key] = value
        elif key == "schedule":
            facts[key] = str(value).strip()
        else:
            facts[key] = " ".join(str(value).split())
    return facts


def _checked_changes(internship, before: dict, terms: dict) -> dict:
    """{key: [before, after]} of the terms that differ from today's, each checked: a bad
    value is refused with what is wrong."""
    proposed = _new_facts(terms)
    if "host_tutor" in proposed:
        tutor = proposed["host_tutor"]
        if tutor.pk == internship.host_tutor_id:
            del proposed["host_tutor"]
        else:
            proposed["host_tutor"] = tutor_facts(_checked_tutor(internship, tutor))
    changes = {
        key: [before[key], after]
        for key, after in proposed.items()
        if not _same(key, before[key], after)
    }
    period = internship.period
    for key in DATES:
        if key in changes and not (
            period.starts_on <= date.fromisoformat(changes[key][1]) <= period.ends_on
        ):
            raise ServiceError(
                _("The dates must fall within the period, from %(start)s to %(end)s.")
                % {
                    "start": date_format(period.starts_on, "DATE_FORMAT"),
                    "end": date_format(period.ends_on, "DATE_FORMAT"),
                }
            )
    starts_on = changes.get("starts_on", [None, before["starts_on"]])[1]
    ends_on = changes.get("ends_on", [None, before["ends_on"]])[1]
    if ends_on < starts_on:  # ISO dates compare as dates
        raise ServiceError(_("The internship cannot end before it starts."))
    limits = {"required_hours": MAX_REQUIRED_HOURS, "hours_per_week": MAX_HOURS_PER_WEEK}
    for key, most in limits.items():
        if key in changes and not 1 <= changes[key][1] <= most:
            raise ServiceError(
                _("%(what)s must be between 1 and %(max)d.")
                % {"what": FACT_LABELS[key], "max": most}
            )
    for key, length in TEXTS.items():
        if key not in changes:
            continue
        if len(changes[key][1]) > length:
            raise ServiceError(
                _("%(what)s is too long: at most %(max)d characters.")
                % {"what": FACT_LABELS[key], "max": length}
            )
        if not changes[key][1] and key in ("place", "city"):
            raise ServiceError(_("%(what)s cannot be left empty.") % {"what": FACT_LABELS[key]})
    return changes


def _checked_tutor(internship, mentor) -> User:
    if not MentorProfile.objects.filter(
        user=mentor, kind=MentorProfile.Kind.HOST_TUTOR, organisation_id=internship.organisation_id
    ).exists():
        raise ServiceError(_("The host tutor must be a mentor of the host organisation."))
    if not mentor.is_active:
        raise ServiceError(
            _("%(mentor)s's account is deactivated: choose an active mentor.")
            % {"mentor": mentor.display_name or mentor.email}
        )
    return mentor


def _agreement_confirmed(internship) -> Agreement:
    agreement = Agreement.objects.filter(internship=internship).first()
    if agreement is None or not agreement.is_confirmed_by_all:
        raise ServiceError(
            _(
                "An amendment follows an agreement the three parties have confirmed. Until "
                "then, change the internship's terms and the parties confirm the agreement "
                "again."
            )
        )
    return agreement


def _people_of(internship, *also) -> list:
    """The parties told about an amendment: the student, the organisation's admins and the
    academic supervisor (and whoever else is named: the proposer, the host tutor)."""
    people = [
        internship.student,
        *User.objects.filter(
            membership__organisation_id=internship.organisation_id, membership__role="admin"
        ),
    ]
    if internship.academic_supervisor:
        people.append(internship.academic_supervisor)
    people.extend(person for person in also if person is not None)
    return people


def _running(internship) -> None:
    if not internship.is_running:
        raise ServiceError(
            _("A finished or terminated internship cannot be amended: it is “%(status)s”.")
            % {"status": internship.get_status_display()}
        )


def why_no_amendment(internship) -> str:
    """Why no amendment can be proposed on this internship now, in words ("" when one can):
    the proposal page says so instead of offering a form that would be refused."""
    try:
        _running(internship)
        agreement = _agreement_confirmed(internship)
    except ServiceError as error:
        return error.text
    if agreement.amendments.filter(status=Amendment.Status.PENDING).exists():
        return _(
            "Another amendment of this agreement awaits confirmations: it must be confirmed "
            "by all or withdrawn before a new one is proposed."
        )
    return ""


@transaction.atomic
def propose_amendment(*, internship, by, terms: dict, reason: str) -> Amendment:
    """Staff, the organisation's admin or the academic supervisor propose new terms for an
    agreement the three parties have confirmed, saying why. `terms` holds the new values
    (dates, numbers, texts, the host tutor as a user); those equal to today's are no change.
    Refused when nothing changes, a value is invalid, or another amendment awaits."""
    ensure(by, "internships.propose_amendment", internship)
    internship = lock_internship(internship)
    _running(internship)
    agreement = _agreement_confirmed(internship)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give the reason for the amendment."))
    if agreement.amendments.filter(status=Amendment.Status.PENDING).exists():
        raise ServiceError(
            _(
                "Another amendment of this agreement awaits confirmations: it must be "
                "confirmed by all or withdrawn before a new one is proposed."
            )
        )
    changes = _checked_changes(internship, current_terms(internship), terms)
    if not changes:
        raise ServiceError(_("The amendment changes nothing: give at least one new value."))
    number = (agreement.amendments.aggregate(last=Max("number"))["last"] or 0) + 1
    try:
        with transaction.atomic():
            amendment = Amendment.objects.create(
                agreement=agreement,
                number=number,
                changes=changes,
                reason=reason,
                language=agreement.language,
                proposed_by=by,
            )
    except IntegrityError as error:  # another proposal won the race
        raise ServiceError(
            _("Another amendment of this agreement awaits confirmations.")
        ) from error
    record_event(
        internship,
        by=by,
        action="amendment_proposed",
        note_kind="amendment_reason",
        note_params={"number": number, "reason": reason},
    )
    notify(
        _people_of(internship),
        "amendment_proposed",
        by=by,
        url=amendment.get_absolute_url(),
        number=number,
        student=internship.student.display_name,
    )
    transaction.on_commit(lambda: amendment_proposed.send(sender=Amendment, amendment=amendment))
    return amendment


def _locked_pending(amendment) -> tuple[Internship, Amendment]:
    """The internship's row, then the amendment's (always in this order), the amendment
    still awaiting confirmations."""
    internship = lock_internship(amendment.agreement.internship)
    amendment = (
        Amendment.objects.select_for_update(of=("self",))
        .select_related("agreement")
        .get(pk=amendment.pk)
    )
    if amendment.status != Amendment.Status.PENDING:
        raise ServiceError(
            _("This amendment no longer awaits confirmations: it is “%(status)s”.")
            % {"status": amendment.get_status_display()}
        )
    return internship, amendment


@transaction.atomic
def withdraw_amendment(*, amendment, by) -> Amendment:
    """The person who proposed an amendment (or staff, should the proposer have lost their
    access) withdraws it while it awaits confirmations; nothing it proposed applies, and a
    new one may be proposed."""
    ensure(by, "internships.withdraw_amendment", amendment)
    internship, amendment = _locked_pending(amendment)
    amendment.status = Amendment.Status.WITHDRAWN
    amendment.decided_at = timezone.now()
    amendment.save(update_fields=["status", "decided_at"])
    record_event(
        internship,
        by=by,
        action="amendment_withdrawn",
        note_kind="amendment",
        note_params={"number": amendment.number},
    )
    notify(
        _people_of(internship),
        "amendment_withdrawn",
        by=by,
        url=amendment.get_absolute_url(),
        number=amendment.number,
        student=internship.student.display_name,
    )
    return amendment


@transaction.atomic
def confirm_amendment(*, amendment, by, sha256: str) -> Amendment:
    """One party confirms the amendment's exact PDF (`sha256`, the digest of the file it
    was shown). The third confirmation puts it in force: the new terms are written onto the
    internship, and `amendment_confirmed_by_all` is sent after the commit."""
    ensure(by, "internships.confirm_amendment", amendment.agreement.internship)
    internship, amendment = _locked_pending(amendment)
    _running(internship)
    party = party_of(by, internship)
    if party is None:
        raise ServiceError(_("You do not sign this agreement."))
    if not amendment.sha256:
        raise ServiceError(_("Open the amendment's PDF first: you confirm the document you read."))
    if (sha256 or "").strip().lower() != amendment.sha256:
        raise ServiceError(
            _(
                "The PDF you confirmed is not this amendment's PDF. Open the amendment again, "
                "read its PDF and confirm it."
            )
        )
    if amendment.confirmations.filter(party=party).exists():
        raise ServiceError(_("Your party has already confirmed this amendment."))
    Confirmation.objects.create(amendment=amendment, party=party, by=by, sha256=amendment.sha256)
    record_event(
        internship,
        by=by,
        action="amendment_confirmed",
        note_kind="amendment_party",
        note_params={"number": amendment.number, "party": party},
    )
    notify(
        _people_of(internship, amendment.proposed_by),
        "amendment_confirmed",
        by=by,
        url=amendment.get_absolute_url(),
        party=party,
        number=amendment.number,
        student=internship.student.display_name,
    )
    if set(amendment.confirmations.values_list("party", flat=True)) >= set(PARTIES):
        _put_in_force(internship, amendment, by=by)
    return amendment


def _put_in_force(internship, amendment, *, by) -> None:
    """Write the amendment's new terms onto the internship (the caller holds both rows)."""
    now_terms = current_terms(internship)
    if any(not _same(key, now_terms[key], old) for key, (old, _new) in amendment.changes.items()):
        raise ServiceError(
            _(
                "The internship's terms have changed since this amendment was proposed: "
                "withdraw it and propose a new one."
            )
        )
    fields = []
    tutor = None
    for key, (_old, new) in amendment.changes.items():
        if key == "host_tutor":
            tutor = _checked_tutor(internship, _tutor_named(new))
        elif key in DATES:
            setattr(internship, key, date.fromisoformat(new))
            fields.append(key)
        else:
            setattr(internship, key, new)
            fields.append(key)
    if internship.ends_on < internship.starts_on:
        raise ServiceError(_("The internship cannot end before it starts."))
    if fields:
        internship.save(update_fields=[*fields, "updated_at"])
    if tutor is not None:
        assign_mentor(internship, mentor=tutor, kind=MentorAssignment.Kind.HOST_TUTOR, by=by)
    amendment.status = Amendment.Status.CONFIRMED
    amendment.decided_at = timezone.now()
    amendment.save(update_fields=["status", "decided_at"])
    record_event(
        internship,
        by=by,
        action="amendment_in_force",
        note_kind="amendment_changes",
        note_params={"number": amendment.number, "changes": amendment.changes},
    )
    notify(
        _people_of(internship, internship.host_tutor, amendment.proposed_by),
        "amendment_in_force",
        by=by,
        url=amendment.get_absolute_url(),
        number=amendment.number,
        student=internship.student.display_name,
    )
    transaction.on_commit(
        lambda: amendment_confirmed_by_all.send(sender=Amendment, amendment=amendment)
    )


def tutor_change_problem(internship, *, mentor, by, reason: str) -> str | None:
    """Why the host tutor cannot be changed directly now (None when they can): once the
    three parties have confirmed the agreement, it names the tutor. The organisation's admin
    then proposes an amendment; staff (the tutor left, say) reassign at once, giving the
    reason, and the change is recorded as an amendment (record_tutor_change)."""
    agreement = Agreement.objects.filter(internship=internship).first()
    if (
        agreement is None
        or not agreement.is_confirmed_by_all
        or mentor.pk == internship.host_tutor_id
    ):
        return None
    if not is_university_staff(by):
        return _(
            "The three parties have confirmed the agreement, and it names the host tutor: to "
            "change the tutor, use “Propose an amendment” on the internship's page."
        )
    if not (reason or "").strip():
        return _(
            "The three parties have confirmed the agreement: give the reason for the new host "
            "tutor, which is recorded as an amendment to it."
        )
    return None


def record_tutor_change(internship, *, before: dict | None, mentor, by, reason: str) -> Amendment:
    """Staff changed the host tutor of an agreement the three parties confirmed (the caller
    holds the internship's row and has assigned the tutor): the change is recorded as an
    amendment already in force, its reason saying that the internship office recorded it."""
    agreement = _agreement_confirmed(internship)
    with translation.override(agreement.language):
        note = _(
            "Recorded by the internship office, which assigned the new host tutor without "
            "awaiting the parties' confirmations."
        )
    number = (agreement.amendments.aggregate(last=Max("number"))["last"] or 0) + 1
    amendment = Amendment.objects.create(
        agreement=agreement,
        number=number,
        status=Amendment.Status.CONFIRMED,
        changes={"host_tutor": [before, tutor_facts(mentor)]},
        reason=f"{reason.strip()}\n\n{note}",
        language=agreement.language,
        proposed_by=by,
        decided_at=timezone.now(),
    )
    record_event(
        internship,
        by=by,
        action="amendment_recorded",
        note_kind="amendment_changes",
        note_params={"number": number, "changes": amendment.changes},
    )
    notify(
        _people_of(internship, mentor),
        "amendment_in_force",
        by=by,
        url=amendment.get_absolute_url(),
        number=number,
        student=internship.student.display_name,
    )
    return amendment


# The host tutor: named by the organisation; after the agreement, through an amendment ---


@transaction.atomic
def assign_host_tutor(*, internship, mentor, by, reason: str = "") -> str | None:
    """The organisation's admin (or staff, when the tutor has left) names the host tutor, an
    active mentor of the host organisation.

    Once the three parties have confirmed the agreement, it names the tutor: the admin then
    proposes an amendment instead, and staff give a `reason`, the change being recorded as
    an amendment in force.

    Returns a warning when the tutor is past their maximum number of interns.
    """
    ensure(by, "internships.assign_host_tutor", internship)
    internship = lock_internship(internship)
    if not MentorProfile.objects.filter(
        user=mentor, kind=MentorProfile.Kind.HOST_TUTOR, organisation_id=internship.organisation_id
    ).exists():
        raise ServiceError(
            _("The host tutor must be a mentor of your organisation.")
            if administers(by, internship.organisation_id)
            else _("The host tutor must be a mentor of the host organisation.")
        )
    if not mentor.is_active:
        raise ServiceError(
            _("%(mentor)s's account is deactivated: choose an active mentor.")
            % {"mentor": mentor.display_name or mentor.email}
        )
    problem = tutor_change_problem(internship, mentor=mentor, by=by, reason=reason)
    if problem:
        raise ServiceError(problem)
    agreement = Agreement.objects.filter(internship=internship).first()
    amended = bool(
        internship.is_running
        and mentor.pk != internship.host_tutor_id
        and agreement
        and agreement.is_confirmed_by_all
    )
    before = current_terms(internship)["host_tutor"] if amended else None
    warning = assign_mentor(internship, mentor=mentor, kind=MentorAssignment.Kind.HOST_TUTOR, by=by)
    if amended:
        record_tutor_change(internship, before=before, mentor=mentor, by=by, reason=reason)
    return warning
