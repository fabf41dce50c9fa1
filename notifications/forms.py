"""A person's notification choices and language, as the settings page asks them."""

from django import forms
from django.conf import settings
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from . import kinds
from .choices import Choices
from .models import NotificationSettings

GROUP_PREFIX = "group_"


class NotificationChoicesForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of the site, your e-mails and your notifications."),
    )
    digest = forms.ChoiceField(
        label=_("Digest"),
        choices=NotificationSettings.Digest.choices,
        widget=forms.RadioSelect,
        help_text=_("One e-mail listing what waits for you, for the groups you send to it."),
    )
    digest_weekday = forms.TypedChoiceField(
        label=_("Day of the weekly digest"),
        choices=sorted(WEEKDAYS.items()),
        coerce=int,
    )

    def __init__(self, *args, user, choices: Choices, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "language": user.reads,
                "digest": choices.digest,
                "digest_weekday": choices.digest_weekday,
                **{GROUP_PREFIX + name: choices.channel_of(name) for name in kinds.GROUPS},
            },
        )
        super().__init__(*args, **kwargs)
        for name, group in kinds.GROUPS.items():
            self.fields[GROUP_PREFIX + name] = forms.ChoiceField(
                label=group.label,
                choices=list(kinds.CHANNELS.items()),
                widget=forms.RadioSelect,
                help_text=f"{group.help} {group.always}".strip(),
            )

    def settings_fields(self):
        return [self[name] for name in ("language", "digest", "digest_weekday")]

    def group_fields(self):
        return [self[GROUP_PREFIX + name] for name in kinds.GROUPS]

    def choices(self) -> dict:
        """The service's arguments (a valid form only)."""
        data = self.cleaned_data
        return {
            "language": data["language"],
            "digest": data["digest"],
            "digest_weekday": data["digest_weekday"],
            "groups": {name: data[GROUP_PREFIX + name] for name in kinds.GROUPS},
        }
