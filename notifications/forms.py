"""A person's notification choices and language, as the settings page asks them."""

from django import forms
from django.conf import settings
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from . import kinds
from .choices import Choices
from .models import NotificationSettings

GROUP_PREFIX = "group_"


# A refused choice is named, never echoed: what was posted may hold control characters.
CHANNEL_REFUSED = _("Choose how each group reaches you: at once, in the digest or in the app only.")


class NotificationChoicesForm(forms.Form):
    """A person's language, digest and channels, for the groups of their role only: a
    group of another role's posted is ignored, and one not asked keeps what it had."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of the site, your e-mails and your notifications."),
        error_messages={"invalid_choice": _("Choose one of the languages in the list.")},
    )
    digest = forms.ChoiceField(
        label=_("Digest"),
        choices=NotificationSettings.Digest.choices,
        widget=forms.RadioSelect,
        help_text=_("One e-mail listing what waits for you, for the groups you send to it."),
        error_messages={"invalid_choice": _("Choose a daily or a weekly digest.")},
    )
    digest_weekday = forms.TypedChoiceField(
        label=_("Day of the weekly digest"),
        choices=sorted(WEEKDAYS.items()),
        coerce=int,
        error_messages={
            "invalid_choice": _("Choose a day of the week for the weekly digest."),
        },
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
        self.groups = kinds.groups_for(user.role)
        for name in self.groups:
            group = kinds.GROUPS[name]
            self.fields[GROUP_PREFIX + name] = forms.ChoiceField(
                label=group.label,
                choices=[(channel, kinds.CHANNELS[channel]) for channel in group.channels],
                widget=forms.RadioSelect,
                help_text=group.described_for(user.role),
                error_messages={"invalid_choice": CHANNEL_REFUSED},
            )

    def settings_fields(self):
        return [self[name] for name in ("language", "digest", "digest_weekday")]

    def group_fields(self):
        return [self[GROUP_PREFIX + name] for name in self.groups]

    def choices(self) -> dict:
        """The service's arguments (a valid form only)."""
        data = self.cleaned_data
        return {
            "language": data["language"],
            "digest": data["digest"],
            "digest_weekday": data["digest_weekday"],
            "groups": {name: data[GROUP_PREFIX + name] for name in self.groups},
        }
