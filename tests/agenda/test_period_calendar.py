from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.services import ServiceError
from internships.models import Period
from office import services as office_services
from tests.factories import PeriodFactory

LIST_URL = reverse("staff_periods")

CALENDAR = {
    "agreements_due_on": "2027-09-15",
    "midterm_evaluation_due_on": "2027-11-10",
    "final_evaluation_due_on": "2027-12-22",
    "results_due_on": "2028-01-15",
    "certificates_on": "2028-01-31",
}


def period_data(**changes):
    data = {
        "name": "Autumn 2027",
        "starts_on": "2027-10-01",
        "ends_on": "2027-12-20",
        "applications_open_on": "2027-06-01",
        "applications_close_on": "2027-09-01",
        "required_hours": "120",
        "credits": "5",
        **CALENDAR,
    }
    return {**data, **changes}


def test_staff_set_the_whole_calendar(client, staff):
    client.force_login(staff)

    response = client.post(LIST_URL, period_data())

    assert response.status_code == 302
    period = Period.objects.get()
    assert (
        period.agreements_due_on,
        period.midterm_evaluation_due_on,
        period.final_evaluation_due_on,
        period.results_due_on,
        period.certificates_on,
    ) == (
        date(2027, 9, 15),
        date(2027, 11, 10),
        date(2027, 12, 22),
        date(2028, 1, 15),
        date(2028, 1, 31),
    )


def test_the_calendar_is_optional(client, staff):
    client.force_login(staff)

    response = client.post(LIST_URL, period_data(**dict.fromkeys(CALENDAR, "")))

    assert response.status_code == 302
    assert Period.objects.get().certificates_on is None


def test_the_form_shows_the_calendar_in_its_own_fieldset_with_its_bounds(client, staff):
    client.force_login(staff)

    page = client.get(LIST_URL).content.decode()

    assert "<legend>Calendar</legend>" in page
    assert "at most 30 days after the internship ends" in page
    assert "at most 120 days after the internship ends" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"agreements_due_on": "2027-08-01"},
            "agreements_due_on",
            "Agreements are due on or after the day applications close",
        ),
        (
            {"agreements_due_on": "2027-10-05"},
            "agreements_due_on",
            "Agreements are due by the day the internship starts",
        ),
        (
            {"midterm_evaluation_due_on": "2027-12-25"},
            "midterm_evaluation_due_on",
            "Mid-term evaluations are due during the internship",
        ),
        (
            {"midterm_evaluation_due_on": "2027-10-01"},
            "midterm_evaluation_due_on",
            "Mid-term evaluations are due during the internship",
        ),
        (
            {"final_evaluation_due_on": "2027-11-01"},
            "final_evaluation_due_on",
            "Final evaluations are due after the mid-term ones",
        ),
        (
            {"final_evaluation_due_on": "2028-01-25"},
            "final_evaluation_due_on",
            "at most 30 days after the internship ends",
        ),
        (
            {"results_due_on": "2027-12-21"},
            "results_due_on",
            "Results are due on or after the final evaluations",
        ),
        (
            {"results_due_on": "2028-05-01", "certificates_on": ""},
            "results_due_on",
            "at most 120 days after the internship ends",
        ),
        (
            {"certificates_on": "2028-01-10"},
            "certificates_on",
            "Certificates are issued on or after the day results are due",
        ),
        (
            {"results_due_on": "", "final_evaluation_due_on": "", "certificates_on": "2027-12-01"},
            "certificates_on",
            "Certificates are issued on or after the day the internship ends",
        ),
        (
            {"certificates_on": "9999-01-01"},
            "certificates_on",
            "Choose a date between the years 2000 and 2100.",
        ),
        (
            {"agreements_due_on": "1999-12-31"},
            "agreements_due_on",
            "Choose a date between the years 2000 and 2100.",
        ),
    ],
)
def test_a_deadline_outside_the_period_or_out_of_order_is_refused_beside_its_field(
    client, staff, changes, field, message
):
    client.force_login(staff)

    response = client.post(LIST_URL, period_data(**changes))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Period.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"midterm_evaluation_due_on": "2027-12-25"}, "midterm_evaluation_due_on"),
        ({"final_evaluation_due_on": "2028-01-25"}, "final_evaluation_due_on"),
        ({"results_due_on": "2028-05-01"}, "results_due_on"),
    ],
)
def test_a_date_outside_the_period_is_not_used_to_judge_the_others(client, staff, changes, field):
    client.force_login(staff)

    response = client.post(LIST_URL, period_data(**changes))

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {field}


def test_editing_with_a_bad_calendar_changes_nothing(client, staff, period):
    client.force_login(staff)
    url = reverse("staff_period_edit", args=[period.pk])

    response = client.post(url, period_data(name="Renamed", midterm_evaluation_due_on="2028-03-01"))

    assert response.status_code == 400
    assert "Mid-term evaluations are due during the internship" in response.content.decode()
    period.refresh_from_db()
    assert (period.name, period.midterm_evaluation_due_on) == ("Summer 2027", None)


def test_the_service_refuses_the_same_input_field_by_field(staff, period):
    with pytest.raises(ServiceError) as refused:
        office_services.save_period(
            by=staff,
            period=period,
            data={"results_due_on": period.starts_on, "midterm_evaluation_due_on": period.ends_on},
        )

    assert set(refused.value.message_dict) == {"results_due_on", "midterm_evaluation_due_on"}
    period.refresh_from_db()
    assert period.results_due_on is None


def test_the_service_refuses_a_year_no_one_means(staff, period):
    with pytest.raises(ServiceError) as refused:
        office_services.save_period(
            by=staff, period=period, data={"certificates_on": date(9999, 12, 31)}
        )

    assert refused.value.message_dict["certificates_on"] == [
        "Choose a date between the years 2000 and 2100."
    ]


def test_only_staff_set_a_calendar(student, period):
    with pytest.raises(PermissionDenied):
        office_services.save_period(
            by=student, period=period, data={"agreements_due_on": period.starts_on}
        )


@pytest.mark.parametrize(
    "dates",
    [
        {"agreements_due_on": date(2027, 8, 1)},
        {"midterm_evaluation_due_on": date(2028, 1, 1)},
        {
            "midterm_evaluation_due_on": date(2027, 11, 1),
            "final_evaluation_due_on": date(2027, 11, 1),
        },
        {"final_evaluation_due_on": date(2027, 12, 30), "results_due_on": date(2027, 12, 29)},
        {"results_due_on": date(2027, 12, 1)},
        {"results_due_on": date(2028, 1, 10), "certificates_on": date(2028, 1, 9)},
    ],
)
def test_the_database_keeps_the_calendar_in_order(db, dates):
    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodFactory(
            starts_on=date(2027, 10, 1),
            ends_on=date(2027, 12, 20),
            applications_open_on=date(2027, 6, 1),
            applications_close_on=date(2027, 9, 1),
            **dates,
        )


def test_the_factory_and_the_demo_calendar_follow_the_rules(db):
    from internships.services.periods import DATE_FIELDS, period_problems
    from seed.demo.calendar import calendar_of

    period = PeriodFactory()
    values = {field: getattr(period, field) for field in DATE_FIELDS}
    assert period_problems(values) == {}
    values |= calendar_of(
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        applications_close_on=period.applications_close_on,
    )
    assert period_problems(values) == {}


def test_the_admin_keeps_the_same_rules(db):
    from django.forms import modelform_factory

    from internships.admin import PeriodAdminForm

    Form = modelform_factory(  # noqa: N806
        Period,
        form=PeriodAdminForm,
        fields=[
            "name",
            "starts_on",
            "ends_on",
            "applications_open_on",
            "applications_close_on",
            "required_hours",
            "credits",
            *CALENDAR,
        ],
    )
    form = Form(period_data(agreements_due_on="2027-10-05"))

    assert not form.is_valid()
    assert (
        "Agreements are due by the day the internship starts" in form.errors["agreements_due_on"][0]
    )
