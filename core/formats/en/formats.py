"""English date and time formats: Django's, with the 24-hour clock the Romanian pages use.

Django's English "P" prints "10:50 a.m.", and a sentence ending on a time then shows
"a.m.." (two full stops). Every datetime and time shown in English goes through these."""

DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATETIME_FORMAT = "m/d/Y H:i"
TIME_FORMAT = "H:i"
