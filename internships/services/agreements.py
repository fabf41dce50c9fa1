"""The tripartite agreement: its versions, each party's confirmation of one version, and
staff's two ways of opening the logbook without it (a reason, or the scan of a paper one).

A version is a snapshot of every fact the agreement states (the parties, the terms, the
mentors, the articles' text): its PDF is drawn from that snapshot once, so a version's PDF
never changes. A party confirms a version by the SHA-256 of the PDF it was shown. When the
facts change, the next reading of the agreement makes a new version, and those who had
confirmed the old one are asked to confirm the new one (their old confirmation stays,
recorded against the old version with its digest).

Once the three parties have confirmed, or the agreement was signed on paper, or the
internship has ended, the agreement no longer changes by itself: a change goes through an
amendment (act adițional).
"""

import hashlib
import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import University, User
from accounts.validators import validate_pdf
from core.outage import storing
from core.permissions import ensure
from core.services import ServiceError
from notifications.services import notify, record_event

from ..agreement_defaults import text_in
from ..models import (
    Agreement,
    AgreementText,
    AgreementVersion,
    Amendment,
    Confirmation,
    Internship,
)
from ..rules import party_of
from ..signals import agreement_confirmed_by_all, agreement_version_needs_pdf

PARTIES = ("student", "organisation", "university")
PARTY_LABELS = {
    "student": gettext_lazy("The student"),
    "organisation": gettext_lazy("The host organisation"),
    "university": gettext_lazy("The university"),
}
LANGUAGES = ("ro", "en")


def agreement_of(internship) -> Agreement:
    agreement, _created = Agreement.objects.get_or_create(internship=internship)
    return agreement


def _locked(internship) -> Agreement:
    agreement_of(internship)
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("internship__student")
        .get(internship=internship)
    )


# The facts ----------------------------------------------------------------------------


def person_facts(user) -> dict | None:
    """A mentor as the agreement names them: name, e-mail, position and phone."""
    if user is None:
        return None
    profile = getattr(user, "mentor_profile", None)
    return {
        "name": user.display_name,
        "email": user.email,
        "position": profile.job_title if profile else "",
        "phone": profile.phone if profile else "",
    }


def latest_text(language: str) -> AgreementText | None:
    return text_in(language)


def _text_of(agreement, language: str) -> AgreementText | None:
    """The articles the agreement states: those its latest version used, while it stays in
    that language (staff editing the articles resets no agreement in progress); the latest
    articles for a new agreement, or one whose language was changed."""
    latest = (
        agreement.versions.select_related("text").order_by("-number").first()
        if agreement and agreement.pk
        else None
    )
    if latest is not None and latest.text is not None and latest.text.language == language:
        return latest.text
    return latest_text(language)


def _iso(day) -> str:
    return day.isoformat() if day else ""


def agreement_facts(internship) -> dict:
    """Every fact the agreement's PDF prints, JSON-safe, in the agreement's language: a
    version's snapshot, compared with the internship's present state to tell a change."""
    internship = Internship.objects.select_related(
        "student__student_profile__programme",
        "organisation__county",
        "period",
        "county",
        "host_tutor__mentor_profile",
        "academic_supervisor__mentor_profile",
        "agreement",
    ).get(pk=internship.pk)
    agreement = getattr(internship, "agreement", None)
    language = agreement.language if agreement else "ro"
    university = University.current()
    student = internship.student
    profile = getattr(student, "student_profile", None)
    programme = profile.programme if profile and profile.programme_id else None
    organisation = internship.organisation
    text = _text_of(agreement, language)
    return {
        "language": language,
        "text": {"id": text.pk, "version": text.version} if text else None,
        "university": {
            "name": university.name_in(language),
            "address": university.address,
            "cif": university.registration_number,
            "representative": university.legal_representative,
            "representative_function": university.legal_representative_function,
            "phone": university.phone,
            "email": university.email,
            "faculty": programme.faculty_in(language) if programme else "",
            "dean": programme.dean if programme else "",
        },
        "host": {
            "name": organisation.legal_name,
            "cui": organisation.registration_number,
            "address": organisation.address,
            "county": organisation.county.name if organisation.county_id else "",
            "city": organisation.city,
            "representative": organisation.legal_representative,
            "representative_function": organisation.legal_representative_function,
            "phone": organisation.phone,
        },
        "student": {
            "name": student.display_name,
            "programme": programme.name_in(language) if programme else "",
            "year": profile.year_of_study if profile and profile.year_of_study else None,
            "student_number": profile.student_number if profile else "",
            "email": student.email,
            "phone": profile.phone if profile else "",
        },
        "title": internship.title,
        "period": internship.period.name_in(language),
        "starts_on": _iso(internship.starts_on),
        "ends_on": _iso(internship.ends_on),
        "required_hours": int(internship.required_hours),
        "hours_per_week": int(internship.hours_per_week),
        "schedule": internship.schedule,
        "place": internship.place,
        "city": internship.city,
        "county": internship.county.name if internship.county_id else "",
        "work_mode": internship.work_mode,
        "activities": internship.activities,
        "competences": internship.competences,
        "credits": int(internship.period.credits),
        "host_tutor": person_facts(internship.host_tutor),
        "academic_supervisor": person_facts(internship.academic_supervisor),
    }


def _canonical(facts: dict) -> str:
    return json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def facts_digest(facts: dict) -> str:
    return hashlib.sha256(_canonical(facts).encode()).hexdigest()


def effective_facts(version: AgreementVersion) -> dict:
    """The version's facts with every amendment confirmed since it applied, in order."""
    facts = json.loads(_canonical(version.facts))
    amendments = Amendment.objects.filter(
        agreement_id=version.agreement_id,
        status=Amendment.Status.CONFIRMED,
        created_at__gte=version.created_at,
    ).order_by("number")
    for amendment in amendments:
        for key, change in (amendment.changes or {}).items():
            facts[key] = change[1]
    return facts


# The versions -------------------------------------------------------------------------


def _settled(agreement: Agreement, internship) -> bool:
    """Whether the agreement stands as it is: confirmed by all, signed on paper, or its
    internship over. A change then goes through an amendment, never a new version."""
    return bool(
        agreement.is_confirmed_by_all or agreement.paper_recorded_at or not internship.is_running
    )


def _latest(agreement) -> AgreementVersion | None:
    return agreement.versions.order_by("-number").first()


def _with_pdf(version: AgreementVersion) -> AgreementVersion:
    """The documents app draws the version's PDF (once) and stores its digest."""
    if not version.sha256:
        agreement_version_needs_pdf.send(sender=AgreementVersion, version=version)
    return version


def _needs_new_version(agreement, internship, latest) -> dict | None:
    """The facts of a new version when one is due, else None."""
    if latest is not None and _settled(agreement, internship):
        return None
    facts = agreement_facts(internship)
    if latest is not None and _canonical(effective_facts(latest)) == _canonical(facts):
        return None
    return facts


def current_version(internship, *, by=None) -> AgreementVersion:
    """The version the parties confirm now: version 1 the first time, a new version when the
    facts differ from the latest one's (with its confirmed amendments), unless the agreement
    is settled. A new version clears the confirmations of the old and asks those who had
    confirmed to confirm again. `by` is who changed the facts, when known."""
    agreement = agreement_of(internship)
    latest = _latest(agreement)
    if latest is not None and _needs_new_version(agreement, internship, latest) is None:
        return _with_pdf(latest)
    return _with_pdf(_make_version(internship, by=by))


@transaction.atomic
def _make_version(internship, *, by) -> AgreementVersion:
    agreement = _locked(internship)  # one new version, however many readers arrive at once
    latest = _latest(agreement)
    facts = _needs_new_version(agreement, internship, latest)
    if facts is None:
        return latest
    text = AgreementText.objects.get(pk=facts["text"]["id"]) if facts["text"] else None
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=latest.number + 1 if latest else 1,
        language=facts["language"],
        facts=facts,
        facts_digest=facts_digest(facts),
        text=text,
    )
    if latest is None:
        # The first version: confirmations recorded before versions existed (imported or
        # seeded agreements) stand.
        return version
    asked = _confirmers(agreement, internship)
    for party in PARTIES:
        setattr(agreement, f"{party}_confirmed_at", None)
        if party != "student":
            setattr(agreement, f"{party}_confirmed_by", None)
    agreement.save()
    record_event(
        internship,
        by=by,
        action="agreement_version",
        note_kind="version",
        note_params={"number": version.number},
    )
    notify(
        asked,
        "agreement_changed",
        url=internship.get_absolute_url(),
        student=internship.student.display_name,
        number=version.number,
    )
    return version


def _confirmers(agreement, internship) -> list:
    """Who had confirmed the agreement's current version (asked again when it changes)."""
    people = []
    if agreement.student_confirmed_at:
        people.append(internship.student)
    for party in ("organisation", "university"):
        person = getattr(agreement, f"{party}_confirmed_by")
        if getattr(agreement, f"{party}_confirmed_at") and person:
            people.append(person)
    return people


def ask_host_to_confirm(internship, *, by) -> None:
    """The host's admins, who confirm the agreement for it, are told that it waits for them:
    a mandatory notice, e-mailed whatever they chose (an offer accepted, a proposal
    approved, an internship the office recorded)."""
    admins = User.objects.filter(
        membership__organisation_id=internship.organisation_id,
        membership__role="admin",
        is_active=True,
    )
    notify(
        admins,
        "intern_joins_host",
        by=by,
        url=internship.get_absolute_url(),
        student=internship.student.display_name,
    )


def reconsider_agreement(internship, *, by=None) -> None:
    """After a service changed a fact: when someone has confirmed the agreement (and not all
    three), make the new version now so that they are asked again at once."""
    agreement = Agreement.objects.filter(internship=internship).first()
    if agreement is None or _settled(agreement, internship):
        return
    if any(getattr(agreement, f"{party}_confirmed_at") for party in PARTIES):
        current_version(internship, by=by)


@transaction.atomic
def set_agreement_language(*, internship, by, language: str) -> Agreement:
    """A party chooses the agreement's language (Romanian, or English for a foreign student
    or host) before anyone has confirmed it."""
    ensure(by, "internships.confirm_agreement", internship)
    if language not in LANGUAGES:
        raise ServiceError(_("Choose Romanian or English."))
    agreement = _locked(internship)
    confirmed = any(getattr(agreement, f"{party}_confirmed_at") for party in PARTIES)
    if confirmed or _settled(agreement, internship):
        raise ServiceError(_("The language is chosen before anyone confirms the agreement."))
    if agreement.language == language:
        return agreement
    old = agreement.language
    agreement.language = language
    agreement.save(update_fields=["language", "updated_at"])
    record_event(internship, by=by, action="agreement_language", old=old, new=language)
    return agreement


# Confirming ---------------------------------------------------------------------------


def confirm_agreement(*, internship, by, sha256: str) -> Agreement:
    """A party confirms the current version, by the SHA-256 of the PDF it was shown: a
    digest of another version (the facts changed since) is refused and changes nothing.
    Each party confirms a version once; who, when and the digest are recorded. The third
    confirmation tells the documents app (on commit) to sign the version."""
    ensure(by, "internships.confirm_agreement", internship)
    party = party_of(by, internship)
    if party is None:
        raise ServiceError(_("You do not sign this agreement."))
    if internship.status not in (Internship.Status.PLANNED, Internship.Status.ACTIVE):
        raise ServiceError(_("The agreement is confirmed before and during the internship."))
    version = current_version(internship)
    return _confirm(internship=internship, by=by, party=party, version=version, sha256=sha256)


@transaction.atomic
def _confirm(*, internship, by, party, version, sha256) -> Agreement:
    agreement = _locked(internship)
    if _latest(agreement).pk != version.pk or not version.sha256 or sha256 != version.sha256:
        raise ServiceError(
            _("The agreement changed since you opened it: read the new version, then confirm.")
        )
    if getattr(agreement, f"{party}_confirmed_at"):
        raise ServiceError(_("You have already confirmed this agreement."))
    now = timezone.now()
    Confirmation.objects.create(
        version=version, party=party, by=by, sha256=sha256, confirmed_at=now
    )
    setattr(agreement, f"{party}_confirmed_at", now)
    if party != "student":
        setattr(agreement, f"{party}_confirmed_by", by)
    agreement.save()
    record_event(
        internship,
        by=by,
        action="agreement_confirmed",
        note_kind="party_version",
        note_params={"party": party, "number": version.number},
    )
    others = [
        internship.student,
        *User.objects.filter(
            membership__organisation_id=internship.organisation_id, membership__role="admin"
        ),
    ]
    if internship.academic_supervisor:
        others.append(internship.academic_supervisor)
    notify(
        [u for u in others if u.pk != by.pk],
        "agreement_confirmed",
        by=by,
        url=internship.get_absolute_url(),
        party=party,
        student=internship.student.display_name,
    )
    if agreement.is_confirmed_by_all:
        transaction.on_commit(
            lambda: agreement_confirmed_by_all.send(sender=AgreementVersion, version=version)
        )
    return agreement


def confirmations_of(version: AgreementVersion) -> dict:
    """Each party's confirmation of this version, by party."""
    return {c.party: c for c in version.confirmations.select_related("by")}


def last_confirmations(agreement: Agreement) -> dict:
    """Each party's latest confirmation of any version of this agreement, by party: what the
    page shows beside the party (which version it confirmed)."""
    latest = {}
    rows = Confirmation.objects.filter(version__agreement=agreement).select_related("by", "version")
    for confirmation in rows.order_by("confirmed_at", "pk"):
        latest[confirmation.party] = confirmation
    return latest


# Staff: opening the logbook without it ---------------------------------------------------


@transaction.atomic
def override_agreement(*, internship, by, reason: str) -> Agreement:
    """Staff open the logbook without every confirmation, saying why."""
    ensure(by, "internships.moderate")
    if not reason.strip():
        raise ServiceError(_("Give the reason for opening the logbook without the agreement."))
    if not internship.is_running:
        raise ServiceError(_("The logbook of a finished internship stays as it is."))
    agreement = _locked(internship)
    agreement.override_reason = reason.strip()
    agreement.overridden_by = by
    agreement.overridden_at = timezone.now()
    agreement.save()
    record_event(internship, by=by, action="agreement_overridden", note=reason.strip())
    return agreement


@transaction.atomic
def record_paper_agreement(*, internship, by, scan) -> Agreement:
    """Staff record that the agreement was signed on paper, keeping the scan (a PDF)."""
    ensure(by, "internships.moderate")
    try:
        validate_pdf(scan)
    except Exception as error:
        raise ServiceError(" ".join(getattr(error, "messages", [str(error)]))) from error
    agreement = _locked(internship)
    if agreement.paper_scan:
        raise ServiceError(_("A signed scan is already recorded for this agreement."))
    if agreement.is_confirmed_by_all:
        raise ServiceError(
            _("The three parties have confirmed this agreement in Practica: it needs no paper.")
        )
    with storing(
        _(
            "The scan could not be stored just now, so nothing was recorded. "
            "Try again in a few minutes."
        )
    ):
        agreement.paper_scan.save("scan.pdf", scan, save=False)
    agreement.paper_recorded_by = by
    agreement.paper_recorded_at = timezone.now()
    agreement.save()
    record_event(internship, by=by, action="agreement_on_paper")
    return agreement
