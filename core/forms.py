"""What the forms of every app share."""

import re
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Dates people can mean in this product. Outside them date arithmetic (a week after, the
# previous Monday) overflows, and a page that shows such a date fails for everyone.
FIRST_YEAR = 2000
LAST_YEAR = 2100


def validate_calendar_date(value) -> None:
    day = value.date() if isinstance(value, datetime) else value
    if isinstance(day, date) and not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(
            _("Choose a date between the years %(first)d and %(last)d."),
            code="out_of_calendar",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


class CalendarDates(forms.BaseForm):
    """A form whose every date and date-time field refuses years no one means (0001, 9999)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(validate_calendar_date)


class SearchText(forms.CharField):
    """What someone types into a search box: control characters out, spaces single, cut to
    `max_length` (200 by default). Long text is shortened, never refused: a search answers."""

    def __init__(self, *, max_length: int = 200, **kwargs):
        super().__init__(max_length=max_length, **kwargs)
        self.validators = [v for v in self.validators if not hasattr(v, "limit_value")]

    def to_python(self, value):
        text = super().to_python(value)
        text = re.sub(r"[\x00-\x1f\x7f]", " ", text[: self.max_length * 4])
        return re.sub(r"\s+", " ", text).strip()[: self.max_length].strip()
