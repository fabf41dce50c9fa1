"""Romanian date and time formats (issue #16): the same day-first forms as the English pages
(core/formats/en/formats.py), with the Romanian number separators.

"4 decembrie 2026" (the month in lower case: the project's catalogue translates Django's
month names, see accounts/django_strings.py) and "04.12.2026"."""

from core.formats.en.formats import (  # noqa: F401 - Django reads them from this module
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    FIRST_DAY_OF_WEEK,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    YEAR_MONTH_FORMAT,
)

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
