"""The filters of the staff audit log."""

from datetime import datetime, time, timedelta

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from notifications.models import Access
from notifications.queries import AuditFilter

# The apps whose objects the log names (the project's own, not Django's or a library's).
PROJECT_APPS = (
    "accounts",
    "notifications",
    "internships",
    "interviews",
    "conversations",
    "mentors",
    "documents",
    "agenda",
    "reminders",
    "allocation",
    "privacy",
    "office",
    "api",
)
FILE_PREFIX = "file:"


def object_kinds() -> list[tuple[str, str]]:
    """Every kind of object of the project people know by a name, as `app_label.model`.

    Bookkeeping models without a name of their own (no `verbose_name`, so no translation)
    are left out; two kinds of the same name are told apart by their part of the product."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and "verbose_name" in model._meta.original_attrs
    ]
    names = [str(model._meta.verbose_name).lower() for model in models]
    kinds = []
    for model in models:
        label = capfirst(model._meta.verbose_name)
        if names.count(str(model._meta.verbose_name).lower()) > 1:
            label = f"{label} ({model._meta.app_config.verbose_name})"
        kinds.append((model._meta.label_lower, label))
    return sorted(kinds, key=lambda kind: str(kind[1]).lower())


class AuditLogFilterForm(forms.Form):
    search = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Words of a note, an action, a file's name or a person."),
    )
    person = forms.CharField(
        label=_("Person"), required=False, max_length=100, help_text=_("Name or e-mail address.")
    )
    object_kind = forms.ChoiceField(label=_("Kind of object"), required=False)
    object = forms.CharField(
        label=_("Object"),
        required=False,
        max_length=100,
        help_text=_("Its number, or words of a file's name."),
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, actions: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_kind"].choices = [("", _("Any kind"))] + object_kinds()
        changes = sorted(actions.items(), key=lambda item: str(item[1]).lower())
        files = [(FILE_PREFIX + value, label) for value, label in Access.Kind.choices]
        self.fields["action"].choices = [
            ("", _("Any action")),
            (_("Files opened"), files),
            (_("Changes"), changes),
        ]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned

    def audit_filter(self) -> AuditFilter:
        """The filter of the fields given well; a field refused is left out (and shown)."""
        self.is_valid()
        data = self.cleaned_data
        content_type_id = None
        if kind := data.get("object_kind"):
            content_type_id = ContentType.objects.get_for_model(apps.get_model(kind)).pk
        text = (data.get("object") or "").strip()
        object_id = int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None
        action = data.get("action") or ""
        actions = kinds = None
        if action.startswith(FILE_PREFIX):
            kinds = (action.removeprefix(FILE_PREFIX),)
        elif action:
            actions = (action,)
        return AuditFilter(
            search=data.get("search") or "",
            person=data.get("person") or "",
            content_type_id=content_type_id,
            object_id=object_id,
            object_text="" if object_id is not None else text,
            actions=actions,
            kinds=kinds,
            since=_start_of(data.get("since")),
            until=_start_of(data.get("until"), days=1),
        )


def _start_of(day, days: int = 0) -> datetime | None:
    """The first instant of `day` (plus `days`) in the platform's time zone; None (no
    bound) past the last day a date can hold (until 31 December 9999)."""
    if day is None:
        return None
    try:
        day += timedelta(days=days)
    except OverflowError:
        return None
    return timezone.make_aware(
        datetime.combine(day, time.min),
        timezone.get_default_timezone() if settings.USE_TZ else None,
    )
