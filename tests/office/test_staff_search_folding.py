"""Every staff list's search box ignores case and diacritics, both ways: "Stetco" finds
"Ștețco" and "Ștețco" finds "Stetco"."""

import pytest
from django.urls import reverse

from tests import factories
from tests.office.test_staff_lists import (
    APPLICATIONS,
    ORGANISATIONS,
    PLACEMENTS,
    STUDENTS,
    _applications,
    _organisations,
    _placements,
    _students,
    new_student,
    rows,
)

INTERNSHIPS = reverse("staff_internships")
PAPERWORK = reverse("staff_paperwork")
NAMES = reverse("staff_organisation_names")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_stetco_finds_every_stetco_of_the_students(staff_client, programme):
    stetco = {new_student(programme, f"Ana{n}", "Ștețco").pk for n in range(12)}
    new_student(programme, "Radu", "Ilie")

    response = staff_client.get(STUDENTS, {"q": "Stetco"})

    assert response.context["page"].paginator.count == 12
    assert {user.pk for user in rows(response)} <= stetco


@pytest.mark.parametrize(
    ("first", "last", "typed"),
    [
        ("Ștefan", "Țurcanu", "stefan turcanu"),
        ("Ştefan", "Ţurcanu", "ștefan"),  # cedilla in the name, comma in the text
        ("Stefan", "Turcanu", "Ștefan Țurcanu"),
        ("Ioana", "Bălan", "BALAN"),
    ],
)
def test_students_are_found_whatever_the_diacritics(staff_client, programme, first, last, typed):
    student = new_student(programme, first, last)
    new_student(programme, "Radu", "Ilie")

    assert rows(staff_client.get(STUDENTS, {"q": typed})) == [student]


def test_a_student_is_found_by_name_and_number_together(staff_client, programme):
    student = new_student(programme, "Ștefan", "Pop", student_number="S900123")
    new_student(programme, "Ștefan", "Ilie", student_number="S900999")

    assert rows(staff_client.get(STUDENTS, {"q": "stefan 900123"})) == [student]


def test_organisations_are_found_whatever_the_diacritics(staff_client):
    somes = factories.OrganisationFactory(legal_name="Codează Someș SRL", city="Târgu Mureș")
    plain = factories.OrganisationFactory(legal_name="Stiinta Aplicata SA", city="Oradea")

    def found(text):
        return rows(staff_client.get(ORGANISATIONS, {"q": text}))

    assert found("codeaza somes") == [somes]
    assert found("targu") == [somes]
    assert found("Știința aplicată") == [plain]


def test_an_administrators_e_mail_is_found_whatever_the_case(staff_client):
    membership = factories.MembershipFactory(user__email="hr@oradeamed.ro")

    assert rows(staff_client.get(ORGANISATIONS, {"q": "HR@ORADEAMED"})) == [membership.organisation]


def test_placements_are_found_whatever_the_diacritics(staff_client, organisation, period):
    science = factories.PlacementFactory(
        organisation=organisation, period=period, title="Știința datelor", city="Iași"
    )
    plain = factories.PlacementFactory(title="Stiinta solului", city="Cluj-Napoca")

    def found(text):
        return sorted(rows(staff_client.get(PLACEMENTS, {"q": text})), key=lambda p: p.pk)

    assert found("stiinta datelor") == [science]
    assert found("iasi") == [science]
    assert found("codeaza") == [science]
    assert found("Știința") == [science, plain]
    assert found("napoca") == [plain]


def test_applications_are_found_whatever_the_diacritics(
    staff_client, application, other_student, other_placement
):
    turcanu = factories.ApplicationFactory(placement=other_placement, student=other_student)

    def found(text):
        return rows(staff_client.get(APPLICATIONS, {"q": text}))

    assert found("stefan turcanu") == [turcanu]
    assert found("ŞTEFAN") == [turcanu]
    assert found("codeaza somes") == [application]


@pytest.mark.parametrize("url", [PLACEMENTS, APPLICATIONS, INTERNSHIPS, PAPERWORK])
def test_the_organisation_filter_finds_the_name_from_plain_letters(
    staff_client, url, internship, other_placement
):
    factories.InternshipFactory(  # at "Alt Nume SRL"
        application=factories.ApplicationFactory(placement=other_placement, status="accepted")
    )
    params = {"organisation": "codeaza somes"}
    if url == PAPERWORK:
        params["period"] = internship.period_id

    found = [row.pk for row in rows(staff_client.get(url, params))]

    expected = {
        PLACEMENTS: internship.application.placement.pk,
        APPLICATIONS: internship.application.pk,
    }.get(url, internship.pk)
    assert found == [expected]


def test_the_organisation_suggestions_ignore_diacritics(staff_client):
    factories.OrganisationFactory(legal_name="Codează Someș SRL")
    factories.OrganisationFactory(legal_name="Alt Codează SRL")

    response = staff_client.get(NAMES, {"organisation": "codeaza"})

    assert response.status_code == 200
    assert response.context["names"] == ["Codează Someș SRL", "Alt Codează SRL"]


@pytest.mark.parametrize("rows_count", [3, 30])
@pytest.mark.parametrize(
    ("url", "build", "text", "budget"),
    [
        (STUDENTS, _students, "balan ioana", 7),
        (ORGANISATIONS, _organisations, "organisation srl", 8),
        (PLACEMENTS, _placements, "backend cluj", 9),
        (APPLICATIONS, _applications, "balan backend", 8),
    ],
)
def test_a_search_needs_the_same_queries_for_3_or_30_rows(
    staff_client,
    programme,
    placement,
    rows_count,
    url,
    build,
    text,
    budget,
    django_assert_max_num_queries,
):
    build(rows_count, programme, placement)

    with django_assert_max_num_queries(budget):
        response = staff_client.get(url, {"q": text})

    page = response.context["page"]
    assert page.paginator.count >= rows_count
    assert len(page) == min(page.paginator.count, 20)
