"""English date and time formats: day first, as on the Romanian pages, which take them from
here (core/formats/ro/formats.py; issue #16).

"4 December 2026" and "04.12.2026", never "Dec. 4, 2026" or "12/04/2026": the site's readers
are in Romania, and a date read as month first one day and day first the next is a date
read wrong. The 24-hour clock too: Django's English "P" prints "10:50 a.m.", and a sentence
ending on a time then shows "a.m.." (two full stops)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1

# ISO first: that is what <input type="date"> sends; then the day-first form people type.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%d %B %Y",
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y, %H:%M",
    "%d.%m.%Y %H:%M:%S",
]
