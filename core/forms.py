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


# Choice lists of names in the reader's alphabet (issue #16) -----------------------------

NAME_FIELDS = ("name", "legal_name")


def _ordered_by_name(queryset) -> bool:
    ordering = tuple(queryset.query.order_by) or tuple(queryset.model._meta.ordering or ())
    return len(ordering) == 1 and ordering[0] in NAME_FIELDS


def _in_romanian_order(iterator_class):
    class InRomanianOrder(iterator_class):
        """The choices as the field shows them, the named records sorted by their label
        in Romanian alphabetical order (core.text.romanian_key); "Any" and the like stay
        first. The database still reads them in one query."""

        def __iter__(self):
            from .text import romanian_key

            choices = super().__iter__()
            named = []
            for value, label in choices:  # "Any" yielded at once: Select asks for it alone
                if hasattr(value, "instance"):
                    named.append((value, label))
                    break
                yield value, label
            named.extend(choices)
            yield from sorted(named, key=lambda choice: romanian_key(choice[1]))

    return InRomanianOrder


def order_names_alphabetically(form) -> None:
    """Every choice list of `form` that the database sorts by a name (counties, sectors,
    skills, programmes, organisations) lists its names in Romanian alphabetical order,
    whatever the database's collation: "Călărași" before "Covasna", "Școala" after "Sud".
    Lists sorted otherwise (periods by their dates) keep their order."""
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and _ordered_by_name(queryset):
            field.iterator = _in_romanian_order(type(field).iterator)
            field.widget.choices = field.choices  # the widget keeps the choices it was given


def sent_formset(data, prefix: str):
    """The request's data for a formset when the form sent its rows, else None: a page that
    posts without them (an older page, a script) leaves that part unchanged."""
    if data is not None and f"{prefix}-TOTAL_FORMS" in data:
        return data
    return None


def valid_if_sent(formset) -> bool:
    """An unsent formset (see `sent_formset`) is no error."""
    return not formset.is_bound or formset.is_valid()
