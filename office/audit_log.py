"""The staff audit log in words: each line's person, object, action and change, the link to
the object's page where staff have one, and the columns of its export."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.exports import Column
from internships.timeline import APPLICATION_ACTIONS
from mentors.timeline import ACTION_LABELS as INTERNSHIP_ACTIONS
from notifications.models import Access
from notifications.queries import ACCESS, AuditFilter, Cursor, audit_log

# The page of each kind of object that staff may open, by its id.
STAFF_PAGES = {
    "internships.application": "staff_application",
    "internships.internship": "internship_detail",
    "internships.placement": "placement_detail",
    "internships.proposal": "proposal_detail",
    "internships.amendment": "amendment_detail",
    "accounts.organisation": "staff_organisation",
}
ACTIONS_BY_SUBJECT = {
    "internships.application": APPLICATION_ACTIONS,
    "internships.internship": INTERNSHIP_ACTIONS,
}
BATCH = 500


def action_choices() -> dict:
    """The actions the log can be narrowed to, each by its words."""
    return {**INTERNSHIP_ACTIONS, **APPLICATION_ACTIONS}


def _matching(labels, text: str) -> list[str]:
    text = text.strip().lower()
    return [code for code, label in labels if text and text in str(label).lower()]


def search_codes(flt: AuditFilter) -> dict:
    """The action codes and kinds of file whose words hold the search text (in the reader's
    language), so that a search for "offer accepted" finds the code `accepted`."""
    return {
        "search_actions": _matching(action_choices().items(), flt.search),
        "search_kinds": _matching(Access.Kind.choices, flt.search),
    }


def _object(entry) -> None:
    entry.object_text = entry.url = ""
    if entry.content_type_id is None:
        return
    model_type = ContentType.objects.get_for_id(entry.content_type_id)
    model = model_type.model_class()
    name = capfirst(model._meta.verbose_name) if model else model_type.model
    entry.object_text = f"{name} #{entry.object_id}"
    page = STAFF_PAGES.get(f"{model_type.app_label}.{model_type.model}")
    if page:
        entry.url = reverse(page, args=[entry.object_id])


def _access_note(access) -> str:
    parts = [access.label] if access.label else []
    details = access.details or {}
    if details.get("filters"):
        parts.append(_("filters: %(filters)s") % {"filters": details["filters"]})
    if isinstance(details.get("rows"), int):
        count = details["rows"]
        parts.append(ngettext("%(count)d row", "%(count)d rows", count) % {"count": count})
    return "; ".join(parts)


def describe(entry):
    """One line of the log in the reader's language."""
    _object(entry)
    if entry.source == ACCESS:
        entry.person = entry.user
        entry.action_text = _("File opened: %(kind)s") % {"kind": entry.get_kind_display()}
        entry.from_text = entry.to_text = ""
        entry.note_words = _access_note(entry)
        if not entry.object_text:
            entry.object_text = entry.get_kind_display()
        return entry
    entry.person = entry.actor
    model_type = ContentType.objects.get_for_id(entry.content_type_id)
    labels = ACTIONS_BY_SUBJECT.get(f"{model_type.app_label}.{model_type.model}", {})
    entry.action_text = str(labels.get(entry.action) or capfirst(entry.action.replace("_", " ")))
    changed = entry.from_status != entry.to_status
    entry.from_text = entry.from_label if changed else ""
    entry.to_text = entry.to_label if changed else ""
    entry.note_words = entry.note_text
    return entry


def page(flt: AuditFilter, *, cursor=None, limit: int) -> list:
    return [
        describe(entry) for entry in audit_log(flt, cursor=cursor, limit=limit, **search_codes(flt))
    ]


def every_entry(flt: AuditFilter):
    """Every line the filter gives, newest first, read a batch at a time, for the export."""
    codes = search_codes(flt)
    cursor = None
    while True:
        batch = audit_log(flt, cursor=cursor, limit=BATCH, **codes)
        yield from (describe(entry) for entry in batch)
        if len(batch) < BATCH:
            return
        cursor = cursor_after(batch[-1])


def cursor_after(entry):
    return Cursor(entry.created_at, entry.source, entry.pk)


def _person_name(entry) -> str:
    return entry.person.display_name if entry.person else _("Practica")


COLUMNS = [
    Column(gettext_lazy("When"), lambda entry: entry.created_at, width=18),
    Column(gettext_lazy("Person"), _person_name, width=24),
    Column(
        gettext_lazy("E-mail"), lambda entry: entry.person.email if entry.person else "", width=28
    ),
    Column(gettext_lazy("Object"), lambda entry: entry.object_text, width=24),
    Column(gettext_lazy("Action"), lambda entry: entry.action_text, width=28),
    Column(gettext_lazy("From"), lambda entry: entry.from_text, width=16),
    Column(gettext_lazy("To"), lambda entry: entry.to_text, width=16),
    Column(gettext_lazy("Note"), lambda entry: entry.note_words, width=40),
]
