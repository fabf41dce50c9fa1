"""Forms of the interview pages."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import CalendarDates
from core.widgets import DATETIME_INPUT


class PublishSlotsForm(CalendarDates, forms.Form):
    first_start = forms.DateTimeField(label=_("First slot starts"), widget=DATETIME_INPUT)
    count = forms.IntegerField(
        label=_("Number of slots"),
        min_value=1,
        max_value=settings.INTERVIEW_SLOTS_PER_BATCH,
        initial=6,
    )
    minutes = forms.IntegerField(
        label=_("Minutes each"),
        min_value=settings.INTERVIEW_SLOT_MINUTES_MIN,
        max_value=settings.INTERVIEW_SLOT_MINUTES_MAX,
        initial=30,
    )
    gap = forms.IntegerField(
        label=_("Break between slots (minutes)"), min_value=0, max_value=240, initial=0
    )
    location = forms.CharField(
        label=_("Place or video link"),
        max_length=300,
        help_text=_("An address and room, or the link of the video call."),
    )


class RescheduleForm(forms.Form):
    message = forms.CharField(
        label=_("Why, and which times suit you"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
