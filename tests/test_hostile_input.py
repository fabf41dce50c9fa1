"""Input any signed-in person can type or post never causes a server error: it is refused
with a message, and nothing changes."""

import copy
from datetime import date

import pytest
from django.urls import reverse

from accounts.validators import cui_is_valid
from core.forms import validate_calendar_date
from mentors.models import LogbookEntry
from notifications.models import Notification
from office.forms.setup import PeriodForm

from .factories import LogbookEntryFactory

NUL = "Bine\x00 făcut"
NOT_ASCII_DIGITS = ["²", "٣", "१२", "1²"]
ENORMOUS_ID = "9" * 30


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def submitted(internship):
    return LogbookEntryFactory(internship=internship, status="submitted")


def test_a_nul_character_in_a_return_comment_is_refused(client, host_tutor, submitted):
    client.force_login(host_tutor)

    response = client.post(
        reverse("logbook_return", args=[submitted.internship_id, submitted.pk]),
        {"comment": NUL},
        follow=True,
    )

    assert response.status_code == 200
    assert any("Null characters" in text for text in messages_of(response))
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_a_return_comment_has_a_length_limit(client, host_tutor, submitted):
    client.force_login(host_tutor)

    response = client.post(
        reverse("logbook_return", args=[submitted.internship_id, submitted.pk]),
        {"comment": "x" * 100_000},
        follow=True,
    )

    assert any("3000" in text for text in messages_of(response))
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.review_comment == ""


@pytest.mark.parametrize("week_of", ["9999-12-31", "0001-01-02", "2999-06-15"])
def test_approving_a_week_far_from_the_internship_is_refused(
    client, host_tutor, submitted, week_of
):
    client.force_login(host_tutor)

    response = client.post(
        reverse("logbook_approve", args=[submitted.internship_id]),
        {"week_of": week_of},
        follow=True,
    )

    assert response.status_code == 200
    assert "Choose a week of the internship." in messages_of(response)
    assert LogbookEntry.objects.get().status == "submitted"


@pytest.mark.parametrize("entry_id", [*NOT_ASCII_DIGITS, ENORMOUS_ID])
def test_approving_entries_by_ids_that_are_no_ids_is_refused(
    client, host_tutor, submitted, entry_id
):
    client.force_login(host_tutor)

    response = client.post(
        reverse("logbook_approve", args=[submitted.internship_id]),
        {"entry_ids": [entry_id]},
        follow=True,
    )

    assert response.status_code == 200
    assert "Choose the entries or the week to approve." in messages_of(response)
    assert LogbookEntry.objects.get().status == "submitted"


@pytest.mark.parametrize("notification_id", [*NOT_ASCII_DIGITS, ENORMOUS_ID])
def test_marking_notifications_read_by_ids_that_are_no_ids_changes_nothing(
    client, student, notification_id
):
    notification = Notification.objects.create(recipient=student, kind="offer_made")
    client.force_login(student)

    response = client.post(reverse("notifications_read"), {"id": [notification_id]})

    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize("code", ["12²", "RO ٣٤٥٦٧٨", "１２３４５６７８"])
def test_a_fiscal_code_with_digits_of_other_scripts_is_invalid_not_an_error(code):
    assert cui_is_valid(code) is False


@pytest.mark.parametrize("year", [1, 1999, 2101, 9999])
def test_a_period_in_a_year_no_one_means_is_refused_beside_its_field(year):
    form = PeriodForm(
        {
            "name": "Odd",
            "applications_open_on": date(year, 3, 1),
            "applications_close_on": date(year, 4, 1),
            "starts_on": date(year, 6, 1),
            "ends_on": date(year, 8, 1),
            "required_hours": 120,
            "credits": 5,
            "certificate_language": "ro",
        }
    )

    assert not form.is_valid()
    assert {"starts_on", "ends_on", "applications_open_on"} <= set(form.errors)


def test_dates_of_this_century_are_accepted():
    validate_calendar_date(date(2026, 12, 4))
    validate_calendar_date(date(2000, 1, 1))
    validate_calendar_date(date(2100, 12, 31))


# Every free-text input has a length limit -------------------------------------------------

ALLAUTH_REMOVES = {"username"}  # allauth's own field, dropped: accounts have no user name


def _form_classes():
    import importlib
    import inspect
    import pkgutil

    from django import forms as django_forms

    found = {}
    for app in ("core", "accounts", "notifications", "internships", "mentors", "documents"):
        for name in (f"{app}.forms", f"{app}.filters", "office.forms", "office.filters"):
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError:
                continue
            modules = [module]
            for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
                modules.append(importlib.import_module(f"{name}.{info.name}"))
            for inner in modules:
                for _, cls in inspect.getmembers(inner, inspect.isclass):
                    if cls.__module__ != inner.__name__:
                        continue
                    if issubclass(cls, django_forms.BaseForm):
                        found[cls.__qualname__] = getattr(cls, "base_fields", {})
                    elif hasattr(cls, "base_filters"):
                        # A copy's field: reading a class's filter's `field` would keep it,
                        # with choices made for no one, for every later FilterSet.
                        found[cls.__qualname__] = {
                            key: copy.deepcopy(f).field for key, f in cls.base_filters.items()
                        }
    return found


def test_every_free_text_field_of_every_form_and_filter_has_a_length_limit():
    from django import forms as django_forms

    forms = _form_classes()
    unlimited = [
        f"{form}.{name}"
        for form, fields in forms.items()
        for name, field in fields.items()
        if isinstance(field, django_forms.CharField)
        and field.max_length is None
        and name not in ALLAUTH_REMOVES
    ]

    assert len(forms) > 40
    assert unlimited == []
