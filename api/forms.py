"""The staff pages' forms: a service account, a token, a webhook."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import Faculty

from . import webhook_services
from .models import Scope, WebhookEvent


class ServiceAccountForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    description = forms.CharField(
        label=_("What it is for"), max_length=2000, required=False, widget=forms.Textarea
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("What the account may read or write. Programmes and periods need none."),
    )
    all_faculties = forms.TypedChoiceField(
        label=_("Faculties"),
        choices=[("1", _("All faculties")), ("0", _("Only the faculties chosen below"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    faculties = forms.ModelMultipleChoiceField(
        label=_("Faculties it may read"),
        queryset=Faculty.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("all_faculties") is False and not data.get("faculties"):
            self.add_error("faculties", _("Choose at least one faculty, or all faculties."))
        return data


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=150, help_text=_("Where it is used, e.g. “records server”.")
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional. The token works through this day."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rate_limit"] = forms.IntegerField(
            label=_("Calls a minute"),
            min_value=1,
            max_value=settings.API_TOKEN_MAX_RATE,
            initial=600,
            help_text=_("This token's own rate limit."),
        )


class WebhookForm(forms.Form):
    account = forms.ModelChoiceField(
        label=_("Service account"),
        queryset=None,
        help_text=_("Deliveries carry only what this account may read: its scopes and faculties."),
    )
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        help_text=_("An https:// address of the university's system."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(label=_("What it is for"), max_length=200, required=False)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        # A switched-off account receives no deliveries: it is not offered.
        self.fields["account"].queryset = (
            webhook_services.accounts_in_scope(viewer).filter(user__is_active=True).order_by("name")
        )
