from datetime import date

import pytest
from django.urls import reverse

from internships.models import Period
from tests.factories import PeriodFactory, PlacementFactory

LIST_URL = reverse("staff_periods")


def period_data(**changes):
    data = {
        "name": "Autumn 2027",
        "starts_on": "2027-10-01",
        "ends_on": "2027-12-20",
        "applications_open_on": "2027-06-01",
        "applications_close_on": "2027-09-01",
        "required_hours": "120",
        "credits": "5",
    }
    return {**data, **changes}


def test_anonymous_visitors_are_sent_to_log_in(client, period):
    for url in (LIST_URL, reverse("staff_period_edit", args=[period.pk])):
        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor"])
def test_other_roles_are_forbidden(client, request, role, period):
    client.force_login(request.getfixturevalue(role))

    assert client.get(LIST_URL).status_code == 403
    assert client.post(LIST_URL, period_data()).status_code == 403
    assert client.get(reverse("staff_period_edit", args=[period.pk])).status_code == 403
    assert Period.objects.count() == 1


def test_staff_see_each_period_with_its_dates_hours_and_placements(client, staff, period):
    PlacementFactory.create_batch(2, period=period)
    client.force_login(staff)

    response = client.get(LIST_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Summer 2027" in page
    row = next(p for p in response.context["page"] if p.pk == period.pk)
    assert (row.required_hours, row.credits, row.placement_count) == (120, 5, 2)
    assert 'type="date"' in page


def test_staff_add_a_period(client, staff):
    client.force_login(staff)

    response = client.post(LIST_URL, period_data(), follow=True)

    period = Period.objects.get()
    assert (period.name, period.starts_on, period.required_hours) == (
        "Autumn 2027",
        date(2027, 10, 1),
        120,
    )
    assert "Period “Autumn 2027” saved." in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on": "2027-09-01"}, "ends_on", "The internship must end after it starts."),
        (
            {"applications_close_on": "2027-05-01"},
            "applications_close_on",
            "Applications must close on or after the day they open.",
        ),
        ({"required_hours": "0"}, "required_hours", "A period requires at least one hour."),
        ({"name": "Summer 2027"}, "name", "already exists"),
    ],
)
def test_bad_input_is_explained_beside_the_field_and_nothing_is_saved(
    client, staff, period, changes, field, message
):
    client.force_login(staff)

    response = client.post(LIST_URL, period_data(**changes))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert Period.objects.count() == 1


def test_staff_edit_a_period(client, staff, period):
    client.force_login(staff)
    url = reverse("staff_period_edit", args=[period.pk])

    page = client.get(url)
    response = client.post(url, period_data(name="Summer 2027 (extended)", required_hours="240"))

    assert page.context["form"].initial["name"] == "Summer 2027"
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.name, period.required_hours) == ("Summer 2027 (extended)", 240)


def test_editing_with_bad_dates_changes_nothing(client, staff, period):
    client.force_login(staff)
    before = (period.name, period.ends_on)

    response = client.post(
        reverse("staff_period_edit", args=[period.pk]),
        period_data(name="Renamed", starts_on="2027-10-01", ends_on="2027-10-01"),
    )

    assert response.status_code == 400
    assert "The internship must end after it starts." in response.content.decode()
    period.refresh_from_db()
    assert (period.name, period.ends_on) == before


def test_editing_an_unknown_period_is_not_found(client, staff):
    client.force_login(staff)

    assert client.get(reverse("staff_period_edit", args=[999])).status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_the_period_list_needs_the_same_queries_for_3_or_30_periods(
    client, staff, rows, django_assert_max_num_queries
):
    for period in PeriodFactory.create_batch(rows):
        PlacementFactory(period=period)
    client.force_login(staff)

    with django_assert_max_num_queries(5):
        response = client.get(LIST_URL)

    assert response.status_code == 200
