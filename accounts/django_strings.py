"""Django's own strings that our users see on the account pages, so that our catalogue
translates them: Django's Romanian for the password rules lacks a diacritic ("ca parola sa
fie"), has a typo ("Acestă parolă") and reads awkwardly. As with accounts/allauth_strings.py,
the catalogue in LOCALE_PATHS takes precedence over Django's; nothing imports this module
at run time.
"""

from django.utils.translation import gettext_noop

MSGIDS = (
    # The password rules (AUTH_PASSWORD_VALIDATORS): help text and errors.
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("This password is entirely numeric."),
    # The months (django.utils.dates.MONTHS): Django's Romanian capitalises them ("1 Iulie
    # 2026"); Romanian writes them in lower case ("1 iulie 2026"), on pages and in documents.
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
