"""An organisation's saved rejection messages: the texts its members choose from when they
decline several applicants at once."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.permissions import ensure
from core.services import ServiceError
from notifications.services import record_event

from ..models import RejectionTemplate


def _clean_template(*, organisation, name: str, body: str, exclude=None) -> tuple[str, str]:
    name, body = name.strip(), body.strip()
    if not name or not body:
        raise ServiceError(_("Give the message a name and a text."))
    same_name = RejectionTemplate.objects.filter(
        organisation=organisation, name__iexact=name, is_archived=False
    )
    if exclude is not None:
        same_name = same_name.exclude(pk=exclude.pk)
    if same_name.exists():
        raise ServiceError(_same_name(name))
    return name, body


def _same_name(name: str) -> str:
    return _("Your organisation already has a message named “%(name)s”.") % {"name": name}


@transaction.atomic
def create_rejection_template(*, organisation, by, name: str, body: str) -> RejectionTemplate:
    """A member saves a message to send with the applicants the organisation declines."""
    ensure(by, "internships.manage_rejection_templates", organisation)
    name, body = _clean_template(organisation=organisation, name=name, body=body)
    try:
        with transaction.atomic():
            template = RejectionTemplate.objects.create(
                organisation=organisation, name=name, body=body, created_by=by
            )
    except IntegrityError:
        # Another request saved the same name between the check and this insert (a
        # double submit): the unique index, case-insensitive like the check, says so.
        raise ServiceError(_same_name(name)) from None
    record_event(template, by=by, action="created")
    return template


@transaction.atomic
def update_rejection_template(*, template, by, name: str, body: str) -> RejectionTemplate:
    """A member rewrites a saved message; applicants already told keep what they read."""
    ensure(by, "internships.manage_rejection_templates", template.organisation)
    template = RejectionTemplate.objects.select_for_update().get(pk=template.pk)
    if template.is_archived:
        raise ServiceError(_("This message was removed."))
    name, body = _clean_template(
        organisation=template.organisation, name=name, body=body, exclude=template
    )
    template.name, template.body = name, body
    try:
        with transaction.atomic():
            template.save(update_fields=["name", "body", "updated_at"])
    except IntegrityError:
        raise ServiceError(_same_name(name)) from None
    record_event(template, by=by, action="changed")
    return template


@transaction.atomic
def archive_rejection_template(*, template, by) -> RejectionTemplate:
    """A member removes a saved message from the list (kept for the record)."""
    ensure(by, "internships.manage_rejection_templates", template.organisation)
    template = RejectionTemplate.objects.select_for_update().get(pk=template.pk)
    if not template.is_archived:
        template.is_archived = True
        template.save(update_fields=["is_archived", "updated_at"])
        record_event(template, by=by, action="archived")
    return template
