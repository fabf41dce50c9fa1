"""Every change to accounts, organisations and invitations goes through here."""

import logging
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.core.validators import URLValidator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.audit import changed_fields, changes, record_event, snapshot
from core.outage import storing
from core.permissions import ensure
from core.services import ServiceError
from core.stored import delete_if_unused

from .emails import normalise_email
from .logos import logo_files
from .models import (
    Invitation,
    MentorProfile,
    Organisation,
    OrganisationMembership,
    Role,
    StudentCV,
    StudentExperience,
    StudentLanguage,
    StudentLink,
    StudentProfile,
    University,
    User,
)
from .queries import university_staff
from .signals import invitation_accepted
from .validators import normalise_cui, validate_logo, validate_pdf

log = logging.getLogger(__name__)


def email_is_registered(email: str) -> bool:
    email = normalise_email(email)
    return (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


@transaction.atomic
def create_student_profile(
    *, user: User, programme=None, year_of_study=None, student_number: str = "", by=None
) -> StudentProfile:
    """A student account always has its profile; sign-up (by the student) creates it."""
    if user.role != Role.STUDENT:
        raise ServiceError(_("Only a student account has a student profile."))
    profile = StudentProfile.objects.create(
        user=user,
        programme=programme,
        year_of_study=year_of_study,
        student_number=student_number.strip(),
    )
    record_event(
        profile,
        by=by or user,
        action="student_profile_created",
        note=changed_fields({}, snapshot(profile, PROFILE_FIELDS)),
    )
    return profile


PROFILE_FIELDS = ("programme", "year_of_study", "student_number", "phone", "bio")


def _own_profile(profile: StudentProfile, by: User) -> None:
    ensure(by, "accounts.edit_student_profile")
    if profile.user_id != by.pk:
        raise ServiceError(_("You can only edit your own profile."))


@transaction.atomic
def update_student_profile(
    *,
    profile: StudentProfile,
    by: User,
    data: dict,
    skills=None,
    cv=None,
    cv_label: str = "",
    links=None,
    languages=None,
) -> StudentProfile:
    """The student keeps their own profile; a new CV is added to their CVs (see
    `add_student_cv`), links and languages replace the previous ones. The study programme
    is not theirs to change: staff or the roster set it."""
    _own_profile(profile, by)
    before = snapshot(profile, PROFILE_FIELDS)
    before["skills"] = {skill.name for skill in profile.skills.all()}
    before["links"] = [f"{link.kind} {link.url}" for link in profile.links.all()]
    before["languages"] = [f"{row.language} {row.level}" for row in profile.languages.all()]
    for field in ("year_of_study", "student_number", "phone", "bio"):  # not the programme
        if field in data:
            setattr(profile, field, data[field])
    profile.save()
    if skills is not None:
        profile.skills.set(skills)
    if links is not None:
        _replace_links(profile, links)
    if languages is not None:
        _replace_languages(profile, languages)
    if cv:
        add_student_cv(profile=profile, by=by, label=cv_label, upload=cv)
    after = snapshot(profile, PROFILE_FIELDS)
    after["skills"] = {skill.name for skill in profile.skills.all()}
    after["links"] = [f"{link.kind} {link.url}" for link in profile.links.all()]
    after["languages"] = [f"{row.language} {row.level}" for row in profile.languages.all()]
    # Which fields, not their values: a phone or a bio must not outlive an erasure.
    note = changed_fields(before, after)
    if note:
        record_event(profile, by=by, action="student_profile_edited", note=note)
    return profile


def _replace_links(profile: StudentProfile, links) -> None:
    """`links` is a list of (kind, url); at most settings.STUDENT_MAX_LINKS, each once."""
    links = list(dict.fromkeys((kind, url.strip()) for kind, url in links if url.strip()))
    if len(links) > settings.STUDENT_MAX_LINKS:
        raise ServiceError(
            _("Add at most %(count)d links.") % {"count": settings.STUDENT_MAX_LINKS}
        )
    validate_url = URLValidator(schemes=["http", "https"])
    for _kind, url in links:
        try:
            validate_url(url)
        except ValidationError as error:
            raise ServiceError(_("Enter a valid web address, such as https://…")) from error
    profile.links.all().delete()
    StudentLink.objects.bulk_create(
        StudentLink(profile=profile, kind=kind, url=url) for kind, url in links
    )


def _replace_languages(profile: StudentProfile, languages) -> None:
    """`languages` is a list of (language, level); a language is listed once."""
    rows, seen = [], set()
    for language, level in languages:
        language = language.strip()
        if not language:
            continue
        if language.casefold() in seen:
            raise ServiceError(_("%(language)s is listed twice.") % {"language": language})
        if level not in StudentLanguage.Level.values:
            raise ServiceError(_("Choose the level of %(language)s.") % {"language": language})
        seen.add(language.casefold())
        rows.append(StudentLanguage(profile=profile, language=language, level=level))
    profile.languages.all().delete()
    StudentLanguage.objects.bulk_create(rows)


@transaction.atomic
def add_student_cv(*, profile: StudentProfile, by: User, label: str, upload) -> StudentCV:
    """A student keeps at most settings.STUDENT_MAX_CVS CVs, each a PDF that passes
    `validate_pdf`, with a label of its own ("CV" when none is given)."""
    _own_profile(profile, by)
    StudentProfile.objects.select_for_update().filter(pk=profile.pk).first()
    label = (label or "").strip() or _("CV")
    if profile.cvs.count() >= settings.STUDENT_MAX_CVS:
        raise ServiceError(
            _("You already keep %(count)d CVs, the most allowed. Remove one to add another.")
            % {"count": settings.STUDENT_MAX_CVS}
        )
    if profile.cvs.filter(label__iexact=label).exists():
        raise ServiceError(
            _("You already have a CV labelled “%(label)s”. Choose another label.")
            % {"label": label}
        )
    try:
        validate_pdf(upload)  # the form checks it too; a caller without the form is held here
    except ValidationError as error:
        raise ServiceError(error.messages[0]) from error
    cv = StudentCV(profile=profile, label=label, uploaded_at=timezone.now())
    kept = _(
        "The file could not be stored just now, so nothing was changed. Try again in a few minutes."
    )
    if profile.cvs.exists():
        kept = _(
            "The file could not be stored just now; your previous CV is kept and nothing "
            "was changed. Try again in a few minutes."
        )
    with storing(kept):
        cv.file.save("cv.pdf", upload, save=False)
    cv.save()
    record_event(profile, by=by, action="student_cv_added", note=label)
    return cv


@transaction.atomic
def remove_student_cv(*, cv: StudentCV, by: User) -> None:
    """The student removes one of their CVs, and its file unless another row still refers to
    it (an application made from a seeded profile may share it); applications keep their
    copies."""
    _own_profile(cv.profile, by)
    name, storage, label = cv.file.name, cv.file.storage, cv.label
    cv.delete()
    record_event(cv.profile, by=by, action="student_cv_removed", note=label)
    transaction.on_commit(lambda: delete_if_unused(storage, [name]), robust=True)


EXPERIENCE_FIELDS = ("kind", "title", "organisation", "starts_on", "ends_on", "description")


@transaction.atomic
def save_student_experience(
    *, profile: StudentProfile, by: User, data: dict, experience: StudentExperience | None = None
) -> StudentExperience:
    """The student adds or edits an entry of their work, projects or volunteering; an entry
    ends on or after it starts (or has not ended). A student keeps at most
    settings.STUDENT_MAX_EXPERIENCES entries (counted under the profile's row lock, so two
    tabs adding at once cannot pass it)."""
    _own_profile(profile, by)
    if experience is not None and experience.profile_id != profile.pk:
        raise ServiceError(_("You can only edit your own profile."))
    StudentProfile.objects.select_for_update().filter(pk=profile.pk).first()
    limit = settings.STUDENT_MAX_EXPERIENCES
    if experience is None and profile.experiences.count() >= limit:
        raise ServiceError(
            ngettext(
                "You already list %(count)d entry of experience, the most allowed. Remove one "
                "to add another.",
                "You already list %(count)d entries of experience, the most allowed. Remove one "
                "to add another.",
                limit,
            )
            % {"count": limit}
        )
    if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
        raise ServiceError(_("The end date cannot be before the start date."))
    experience = experience or StudentExperience(profile=profile)
    before = snapshot(experience, EXPERIENCE_FIELDS) if experience.pk else {}
    for field in EXPERIENCE_FIELDS:
        if field in data:
            setattr(experience, field, data[field])
    experience.save()
    note = changed_fields(before, snapshot(experience, EXPERIENCE_FIELDS))
    record_event(profile, by=by, action="student_experience_saved", note=note)
    return experience


@transaction.atomic
def remove_student_experience(*, experience: StudentExperience, by: User) -> None:
    """The student removes an entry of their experience."""
    _own_profile(experience.profile, by)
    title = experience.title
    experience.delete()
    record_event(experience.profile, by=by, action="student_experience_removed", note=title)


@transaction.atomic
def register_organisation(
    *,
    admin: User,
    legal_name: str,
    registration_number: str,
    sector,
    county,
    city: str,
    address: str = "",
    phone: str = "",
    legal_representative: str = "",
    legal_representative_function: str = "",
    website: str = "",
    description: str = "",
) -> Organisation:
    """Sign-up of a host organisation: created pending verification, with its first admin."""
    if admin.role != Role.COMPANY:
        raise ServiceError(_("Only a host organisation account can register an organisation."))
    code = normalise_cui(registration_number)
    if Organisation.objects.filter(registration_number=code).exists():
        raise ServiceError(_("An organisation with this registration number already exists."))
    if Organisation.objects.filter(legal_name__iexact=legal_name.strip()).exists():
        raise ServiceError(_("An organisation with this name already exists."))
    organisation = Organisation.objects.create(
        legal_name=legal_name.strip(),
        registration_number=code,
        sector=sector,
        county=county,
        city=city.strip(),
        address=address.strip(),
        phone=phone.strip(),
        legal_representative=legal_representative.strip(),
        legal_representative_function=legal_representative_function.strip(),
        website=website,
        description=description,
        created_by=admin,
    )
    OrganisationMembership.objects.create(
        user=admin, organisation=organisation, role=OrganisationMembership.Role.ADMIN
    )
    record_event(
        organisation,
        by=admin,
        action="organisation_registered",
        new=organisation.status,
        note=f"{organisation.legal_name} ({organisation.registration_number})",
    )
    # Mail is queued in the outbox (EMAIL_BACKEND) in this transaction and delivered after
    # the commit: a mail server that is down fails nothing here.
    _tell_staff_about_new_organisation(organisation.pk)
    return organisation


ORGANISATION_FIELDS = (
    "legal_name",
    "registration_number",
    "sector",
    "county",
    "city",
    "address",
    "phone",
    "legal_representative",
    "legal_representative_function",
    "website",
    "description",
    "contact_name",
    "contact_email",
)
# A change of these is a change of who the organisation is: staff verify it again.
IDENTITY_FIELDS = ("legal_name", "registration_number")


@transaction.atomic
def update_organisation(
    *,
    organisation: Organisation,
    by: User,
    data: dict,
    logo=None,
    remove_logo: bool = False,
) -> Organisation:
    """An organisation's admins keep its details. A new legal name or CUI sends a verified
    organisation back to the internship office for verification (pending: its published
    placements stay, it publishes no new ones until verified again) and tells staff.

    `logo`, an upload, becomes the organisation's logo (accounts.logos checks it by its
    content and draws it again); `remove_logo` takes the present one away. A logo that is
    refused changes nothing, and its message belongs to the `logo` field."""
    ensure(by, "accounts.edit_organisation", organisation)
    new_logo = None
    if logo is not None:
        try:
            new_logo = logo_files(logo)
        except ValidationError as error:
            raise ServiceError({"logo": error.messages}) from error
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = snapshot(organisation, ORGANISATION_FIELDS)
    for field in ORGANISATION_FIELDS:
        if field in data:
            value = data[field]
            setattr(organisation, field, value.strip() if isinstance(value, str) else value)
    if not organisation.legal_name:
        raise ServiceError(_("Give the organisation's legal name."))
    try:
        organisation.registration_number = normalise_cui(organisation.registration_number)
        organisation.full_clean(exclude=["created_by", "status"], validate_unique=False)
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages)) from error
    others = Organisation.objects.exclude(pk=organisation.pk)
    if others.filter(registration_number=organisation.registration_number).exists():
        raise ServiceError(_("An organisation with this registration number already exists."))
    if others.filter(legal_name__iexact=organisation.legal_name).exists():
        raise ServiceError(_("An organisation with this name already exists."))
    after = snapshot(organisation, ORGANISATION_FIELDS)
    note = changes(before, after)
    logo_change, stored = _change_logo(organisation, new_logo, remove=remove_logo)
    if not note and not logo_change:
        return organisation
    try:
        _save_organisation_change(
            organisation, by=by, before=before, after=after, note=note, logo_change=logo_change
        )
    except BaseException:
        # Nothing of the change is kept, so neither are the files it stored.
        _delete_files(organisation.logo.storage, stored)
        raise
    return organisation


def _save_organisation_change(organisation, *, by, before, after, note, logo_change) -> None:
    identity_changed = any(before[name] != after[name] for name in IDENTITY_FIELDS)
    sent_back = identity_changed and organisation.status == Organisation.Status.VERIFIED
    if sent_back:
        organisation.status = Organisation.Status.PENDING
    organisation.save()
    if logo_change:  # the changes, in the reader's language with the words "new logo"
        kind = f"changes_and_{logo_change}" if note else logo_change
        record_event(
            organisation,
            by=by,
            action="organisation_edited",
            note_kind=kind,
            note_params={"changes": note},
        )
    else:
        record_event(organisation, by=by, action="organisation_edited", note=note)
    if sent_back:
        record_event(
            organisation,
            by=by,
            action="organisation_sent_back_to_vetting",
            old=Organisation.Status.VERIFIED,
            new=Organisation.Status.PENDING,
        )
        _tell_staff_about_new_organisation(organisation.pk, changed=True)


def _change_logo(organisation: Organisation, new_logo, *, remove: bool) -> tuple[str, list]:
    """Put the new logo's files in place of the old ones ("new_logo"), or take the logo away
    ("logo_removed"), without saving the row; "" when the logo stays. Also the names of the
    files stored here that were not in use before: the caller deletes them if the change
    fails. The old files are deleted once the change is committed (a rolled-back change keeps
    them in use), except a name the new logo uses again: a storage that overwrites (S3) puts
    the same image back under the same name."""
    old_names = [name for name in (organisation.logo.name, organisation.logo_small.name) if name]
    storage = organisation.logo.storage
    stored: list[str] = []
    if new_logo is not None:
        message = _("The logo could not be stored just now, so nothing was saved. Try again later.")
        try:
            with storing(message):
                organisation.logo.save(
                    f"logo-{new_logo.digest}.png", ContentFile(new_logo.large), save=False
                )
                stored.append(organisation.logo.name)
                organisation.logo_small.save(
                    f"logo-{new_logo.digest}-small.png", ContentFile(new_logo.small), save=False
                )
                stored.append(organisation.logo_small.name)
        except BaseException:
            _delete_files(storage, [name for name in stored if name not in old_names])
            raise
        change = "new_logo"
    elif remove and old_names:
        organisation.logo = organisation.logo_small = ""
        change = "logo_removed"
    else:
        return "", []
    in_use = {organisation.logo.name, organisation.logo_small.name}
    unused = [name for name in old_names if name not in in_use]
    if unused:
        transaction.on_commit(lambda: _delete_files(storage, unused), robust=True)
    return change, [name for name in stored if name not in old_names]


def _delete_files(storage, names) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError as error:  # a file left behind costs only its room
            log.warning("A logo file could not be deleted: %s", error)


def _tell_staff_about_new_organisation(organisation_id: int, *, changed: bool = False) -> None:
    """E-mail staff that an organisation awaits verification: a new one, or (`changed`) one
    whose legal name or CUI its admins changed."""
    organisation = Organisation.objects.get(pk=organisation_id)
    # One e-mail per language the staff read, each in that language.
    by_language: dict[str, list[str]] = {}
    for email, language in university_staff().values_list("email", "language"):
        by_language.setdefault(language or settings.LANGUAGE_CODE, []).append(email)
    context = {"organisation": organisation, "site_url": settings.SITE_URL, "changed": changed}
    for language, recipients in sorted(by_language.items()):
        with translation.override(language):
            send_mail(
                subject=render_to_string(
                    "accounts/email/new_organisation_subject.txt", context
                ).strip(),
                message=render_to_string("accounts/email/new_organisation_message.txt", context),
                from_email=None,
                recipient_list=recipients,
            )


@transaction.atomic
def invite(
    *,
    by: User,
    email: str,
    kind: str,
    organisation: Organisation | None = None,
    first_name: str = "",
    last_name: str = "",
) -> Invitation | None:
    """Staff invite staff and supervisors; an organisation's admin invites its own people.

    The link is single-use and expires; inviting the same address again replaces the
    pending invitation, so the newest e-mail is the one that works.
    """
    email = normalise_email(email)
    if kind not in Invitation.ORGANISATION_KINDS:
        organisation = None
    invitation = Invitation(
        email=email,
        kind=kind,
        organisation=organisation,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        invited_by=by,
    )
    ensure(by, "accounts.invite", invitation)
    if email_is_registered(email):
        if by.role == Role.STAFF:
            raise ServiceError(_("An account with this e-mail address already exists."))
        # An organisation's admin is answered as for any address (the invitation page must
        # not tell who has an account); the owner of the address is told instead.
        record_event(organisation or by, by=by, action="invitation_to_existing_account", note=email)
        _tell_owner_of_invitation(invitation)
        return None
    return _issue(invitation, by=by)


@transaction.atomic
def invite_for_internship(
    *,
    by: User,
    email: str,
    kind: str,
    organisation: Organisation,
    first_name: str = "",
    last_name: str = "",
) -> Invitation | None:
    """The university invites a host's people for an internship it made (a proposal
    approved, an internship recorded from paper): the host tutor, or the legal
    representative of a new host as its admin.

    Staff and academic supervisors may; an address that has an account already gets no link
    (None): its owner is told of the invitation instead, and logs in.
    """
    email = normalise_email(email)
    invitation = Invitation(
        email=email,
        kind=kind,
        organisation=organisation,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        invited_by=by,
    )
    ensure(by, "accounts.invite_for_internship", invitation)
    if email_is_registered(email):
        record_event(organisation, by=by, action="invitation_to_existing_account", note=email)
        _tell_owner_of_invitation(invitation)
        return None
    return _issue(invitation, by=by)


def _issue(invitation: Invitation, *, by: User) -> Invitation:
    """Save the invitation with a fresh token, replacing any pending one to the same address,
    and queue its e-mail."""
    email = invitation.email
    for earlier in Invitation.objects.pending().select_for_update().filter(email__iexact=email):
        earlier.revoked_at = timezone.now()
        earlier.save(update_fields=["revoked_at"])
        record_event(earlier, by=by, action="invitation_replaced", old="pending", new="revoked")
    token = secrets.token_urlsafe(32)
    invitation.token_hash = Invitation.hash_token(token)
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation.save()
    record_event(
        invitation,
        by=by,
        action="invitation_sent",
        new="pending",
        note_kind="invitation",
        note_params={"email": email, "kind": invitation.kind},
    )
    _send_invitation(invitation.pk, token)  # queued with the invitation, sent after the commit
    return invitation


def _tell_owner_of_invitation(invitation: Invitation) -> None:
    """The unsaved invitation, e-mailed to the address's owner instead of a link, once the
    action that invites commits (a rolled-back approval tells nobody)."""
    context = {"invitation": invitation}
    owner = User.objects.filter(email__iexact=invitation.email).only("language").first()
    with translation.override(owner.reads if owner else translation.get_language()):
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        message = render_to_string("accounts/email/invitation_existing_message.txt", context)
    transaction.on_commit(
        lambda: send_mail(
            subject=subject, message=message, from_email=None, recipient_list=[invitation.email]
        )
    )


def _send_invitation(invitation_id: int, token: str) -> None:
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(
        pk=invitation_id
    )
    context = {
        "invitation": invitation,
        "link": settings.SITE_URL.rstrip("/") + reverse("accept_invitation", args=[token]),
    }
    send_mail(
        subject=render_to_string("accounts/email/invitation_subject.txt", context).strip(),
        message=render_to_string("accounts/email/invitation_message.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: User) -> Invitation:
    """A pending invitation can be withdrawn; its link stops working at once."""
    ensure(by, "accounts.revoke_invitation", invitation)
    if not invitation.is_pending:
        raise ServiceError(_("This invitation is no longer pending."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record_event(invitation, by=by, action="invitation_revoked", old="pending", new="revoked")
    return invitation


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Why a link cannot be used, in words for the person who clicked it."""
    if invitation is None:
        return _("This invitation link is not valid. Check that you copied the whole link.")
    if invitation.accepted_at:
        return _("This invitation has already been used. Log in with your e-mail address.")
    if invitation.revoked_at:
        return _("This invitation was withdrawn. Ask the person who invited you for a new one.")
    if invitation.is_expired:
        return _("This invitation has expired. Ask the person who invited you for a new one.")
    return None


@transaction.atomic
def accept_invitation(*, token: str, first_name: str, last_name: str, password: str) -> User:
    """The invited person sets their name and password; the account gets the invited role.

    The invitation row is locked, so a link clicked twice at once creates one account.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    problem = invitation_problem(invitation)
    if problem:
        raise ServiceError(problem)
    if email_is_registered(invitation.email):
        raise ServiceError(_("An account with this e-mail address already exists. Log in instead."))
    user = User(
        email=invitation.email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=invitation.role,
    )
    validate_password(password, user)
    user.set_password(password)
    user.save()
    # The link arrived by e-mail, so the address is proven.
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    kind = invitation.kind
    if kind in (Invitation.Kind.RECRUITER, Invitation.Kind.ORG_ADMIN):
        OrganisationMembership.objects.create(
            user=user,
            organisation=invitation.organisation,
            role=OrganisationMembership.Role.ADMIN
            if kind == Invitation.Kind.ORG_ADMIN
            else OrganisationMembership.Role.RECRUITER,
        )
    elif kind == Invitation.Kind.HOST_TUTOR:
        MentorProfile.objects.create(
            user=user, kind=MentorProfile.Kind.HOST_TUTOR, organisation=invitation.organisation
        )
    elif kind == Invitation.Kind.SUPERVISOR:
        MentorProfile.objects.create(user=user, kind=MentorProfile.Kind.SUPERVISOR)
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    record_event(invitation, by=user, action="invitation_accepted", old="pending", new="accepted")
    invitation_accepted.send(sender=Invitation, invitation=invitation, user=user)
    return user


UNIVERSITY_FIELDS = (
    "legal_name",
    "legal_name_en",
    "address",
    "registration_number",
    "legal_representative",
    "legal_representative_function",
    "phone",
    "email",
    "website",
)


@transaction.atomic
def save_university(*, by, data: dict, logo=None) -> University:
    """Staff keep the university's details the agreements print (legal name, address, fiscal
    code, legal representative) and its logo: a PNG or JPEG checked by its content."""
    ensure(by, "accounts.edit_university")
    university = University.objects.select_for_update().get(pk=University.current().pk)
    before = snapshot(university, UNIVERSITY_FIELDS)
    for field in UNIVERSITY_FIELDS:
        if field in data:
            value = data[field]
            setattr(university, field, value.strip() if isinstance(value, str) else value)
    if not university.legal_name:
        raise ServiceError(_("Give the university's legal name."))
    note = changes(before, snapshot(university, UNIVERSITY_FIELDS))
    if logo is not None:
        try:
            extension = validate_logo(logo)
        except ValidationError as error:
            raise ServiceError(" ".join(error.messages)) from error
        with storing(
            _("The logo could not be stored just now, so nothing was saved. Try again later.")
        ):
            university.logo.save(f"logo.{extension}", logo, save=False)
    university.save()
    if logo is not None:  # the changes, in the reader's language with the words "new logo"
        kind = "changes_and_new_logo" if note else "new_logo"
        record_event(
            university,
            by=by,
            action="university_edited",
            note_kind=kind,
            note_params={"changes": note},
        )
    elif note:
        record_event(university, by=by, action="university_edited", note=note)
    return university


def set_language(*, by: User, language: str) -> User:
    """A person chooses the language they read: the site, their e-mails and notifications
    follow it. An unknown code changes nothing."""
    if language not in dict(settings.LANGUAGES):
        raise ServiceError(_("Choose one of the site's languages."))
    if by.language != language:
        old = by.language
        by.language = language
        by.save(update_fields=["language"])
        record_event(by, by=by, action="language_chosen", old=old, new=language)
    return by


@transaction.atomic
def set_up_signed_on_account(*, user: User, provider: str, rule=None) -> User:
    """A person's first single sign-on created `user` (issue #17): a student gets their profile
    as at sign-up, to complete themselves (programme, student number); a mentor from the
    university is a supervisor. Staff work for the faculties of the sign-on rule that gave them
    the role (accounts.SignOnRule), else for none until staff of all faculties assign them."""
    if user.role == Role.STUDENT:
        create_student_profile(user=user)
    elif user.role == Role.MENTOR:
        MentorProfile.objects.create(user=user, kind=MentorProfile.Kind.SUPERVISOR)
    elif user.role == Role.STAFF:
        user.all_faculties = bool(rule and rule.all_faculties)
        user.save(update_fields=["all_faculties"])
        user.faculties.set([] if user.all_faculties or rule is None else rule.faculties.all())
    record_event(user, by=user, action="account_created_by_sign_on", note=provider)
    return user
