"""The pipeline's two tabs (a board of open steps, a sortable table) and its exports."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from tests import factories


def pipeline_url(placement):
    return reverse("pipeline", args=[placement.pk])


def applicant(placement, first="Ana", last="Bălan", status="submitted", programme=None):
    profile = factories.StudentFactory(
        programme=programme or placement.programmes.first(),
        user__first_name=first,
        user__last_name=last,
    )
    return factories.ApplicationFactory(placement=placement, student=profile.user, status=status)


def board_of(response) -> dict:
    return {
        column["status"]: [a.student.last_name for a in column["cards"]]
        for column in response.context["board"]
    }


# The board ----------------------------------------------------------------------------


def test_board_is_the_first_tab_with_a_column_per_open_step(client, recruiter, placement):
    applicant(placement, last="Nou")
    applicant(placement, last="Citit", status="in_review")
    applicant(placement, last="Ales", status="shortlisted")
    applicant(placement, last="Interviu", status="interview")
    applicant(placement, last="Oferta", status="offered")
    applicant(placement, last="Respins", status="rejected")
    client.force_login(recruiter)

    response = client.get(pipeline_url(placement))

    assert response.context["view"] == "board"
    assert board_of(response) == {
        "submitted": ["Nou"],
        "in_review": ["Citit"],
        "shortlisted": ["Ales"],
        "interview": ["Interviu"],
        "offered": ["Oferta"],
    }
    content = response.content.decode()
    assert 'aria-current="page">Board<' in content
    assert "Ana Respins" not in content


def test_ended_applications_are_summarised_under_the_board(client, recruiter, placement):
    applicant(placement, status="rejected")
    applicant(placement, status="rejected")
    applicant(placement, status="withdrawn")
    client.force_login(recruiter)

    response = client.get(pipeline_url(placement))

    content = response.content.decode()
    assert "3 ended applications" in content
    assert "Not selected: 2" in content
    assert "Withdrawn: 1" in content
    assert "?view=table&amp;status=rejected" in content


def test_board_cards_can_be_selected_for_the_bulk_form(client, recruiter, placement):
    application = applicant(placement)
    client.force_login(recruiter)

    content = client.get(pipeline_url(placement)).content.decode()

    assert f'name="applications" value="{application.pk}" form="bulk-form"' in content
    assert reverse("pipeline_bulk", args=[placement.pk]) in content


def test_board_takes_the_name_search_too(client, recruiter, placement):
    applicant(placement, first="Ștefan", last="Țurcanu")
    applicant(placement, first="Ioana", last="Pop")
    client.force_login(recruiter)

    response = client.get(pipeline_url(placement), {"q": "stefan turc"})

    assert board_of(response)["submitted"] == ["Țurcanu"]


def test_each_column_is_capped_and_links_to_the_table_for_the_rest(
    client, settings, recruiter, placement
):
    settings.PIPELINE_BOARD_COLUMN_MAX = 2
    for last in ("Albu", "Marin", "Zamfir", "Ionescu"):
        applicant(placement, last=last)
    applicant(placement, last="Citit", status="in_review")
    client.force_login(recruiter)

    response = client.get(pipeline_url(placement), {"sort": "name"})

    assert board_of(response)["submitted"] == ["Albu", "Ionescu"]
    assert board_of(response)["in_review"] == ["Citit"]
    column = response.context["board"][0]
    assert (column["total"], column["more"]) == (4, 2)
    content = response.content.decode()
    assert "2 more — see them in the table" in content
    assert "sort=name&amp;view=table&amp;status=submitted" in content
    table = client.get(
        pipeline_url(placement), {"sort": "name", "view": "table", "status": "submitted"}
    )
    assert table.context["page"].paginator.count == 4


def test_a_capped_column_lists_each_applicant_once_under_a_skills_filter(
    client, settings, recruiter, placement
):
    settings.PIPELINE_BOARD_COLUMN_MAX = 2
    skills = [factories.SkillFactory(), factories.SkillFactory()]
    for last in ("Albu", "Marin", "Zamfir"):
        profile = applicant(placement, last=last).student.student_profile
        profile.skills.set(skills)
    client.force_login(recruiter)

    response = client.get(
        pipeline_url(placement), {"sort": "name", "skills": [s.pk for s in skills]}
    )

    assert board_of(response)["submitted"] == ["Albu", "Marin"]
    assert response.context["board"][0]["more"] == 1


# The table ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("", ["Zamfir", "Albu", "Marin"]),
        ("newest", ["Zamfir", "Albu", "Marin"]),
        ("name", ["Albu", "Marin", "Zamfir"]),
        ("programme", ["Albu", "Zamfir", "Marin"]),
    ],
)
def test_table_sorts(client, recruiter, placement, sort, expected):
    economics = factories.ProgrammeFactory(name="Economics", code="ECO")
    zoology = factories.ProgrammeFactory(name="Zoology", code="ZOO")
    placement.programmes.add(economics, zoology)
    applicant(placement, last="Marin", programme=zoology)
    applicant(placement, last="Albu", programme=economics)
    applicant(placement, last="Zamfir", programme=economics)
    client.force_login(recruiter)

    response = client.get(pipeline_url(placement), {"view": "table", "sort": sort})

    assert [a.student.last_name for a in response.context["page"].object_list] == expected


def test_table_searches_names_whatever_the_diacritics(client, recruiter, placement):
    applicant(placement, first="Ștefan", last="Țurcanu")
    applicant(placement, first="Ioana", last="Pop")
    client.force_login(recruiter)

    response = client.get(pipeline_url(placement), {"view": "table", "q": "ŢURCANU"})

    assert [a.student.last_name for a in response.context["page"].object_list] == ["Țurcanu"]


def test_an_unknown_sort_is_an_error_not_a_crash(client, recruiter, placement):
    applicant(placement)
    client.force_login(recruiter)

    response = client.get(pipeline_url(placement), {"view": "table", "sort": "'; drop"})

    assert response.status_code == 200
    assert response.context["filter"].form.errors["sort"]


def test_an_unknown_tab_shows_the_board(client, recruiter, placement):
    client.force_login(recruiter)

    response = client.get(pipeline_url(placement), {"view": "nonsense"})

    assert response.context["view"] == "board"


def test_only_open_applications_can_be_selected_in_the_table(client, recruiter, placement):
    waiting = applicant(placement, last="Waiting")
    ended = applicant(placement, last="Ended", status="withdrawn")
    client.force_login(recruiter)

    content = client.get(pipeline_url(placement), {"view": "table"}).content.decode()

    assert f'value="{waiting.pk}" form="bulk-form"' in content
    assert f'value="{ended.pk}" form="bulk-form"' not in content


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("view", ["board", "table"])
def test_query_count_does_not_grow(
    client, settings, recruiter, organisation, placement, django_assert_max_num_queries, rows, view
):
    settings.PIPELINE_BOARD_COLUMN_MAX = 4
    factories.RejectionTemplateFactory(organisation=organisation)
    statuses = ["submitted", "in_review", "shortlisted", "offered", "rejected"]
    for index in range(rows):
        applicant(placement, status=statuses[index % len(statuses)])
    client.force_login(recruiter)

    with django_assert_max_num_queries(15):  # with the header's unread-messages count
        response = client.get(pipeline_url(placement), {"view": view, "sort": "name", "q": "ana"})

    assert response.status_code == 200


# Exports ------------------------------------------------------------------------------


def test_exports_the_filtered_applicants_as_csv(client, recruiter, placement):
    applicant(placement, first="Ștefan", last="Țurcanu", status="shortlisted")
    applicant(placement, first="Ioana", last="Pop")
    applicant(factories.PlacementFactory(), first="Străin", last="Altundeva")
    client.force_login(recruiter)

    response = client.get(pipeline_url(placement), {"export": "csv", "status": "shortlisted"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert response["Content-Disposition"].startswith('attachment; filename="applicants-')
    assert rows[0][:4] == ["Student", "E-mail", "Student's phone", "Study programme"]
    assert [row[0] for row in rows[1:]] == ["Ștefan Țurcanu"]
    assert rows[1][8] == "Shortlisted"


def test_exports_as_xlsx_in_the_readers_language(client, recruiter, placement):
    applicant(placement, first="Ioana", last="Pop", status="rejected")
    client.force_login(recruiter)

    with translation.override("ro"):
        response = client.get(
            pipeline_url(placement), {"export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="ro"
        )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]

    assert header[0] == "Student"
    assert header[8] == "Stare"
    assert sheet.cell(row=2, column=1).value == "Ioana Pop"


def test_exports_every_placements_applicants_of_the_organisation_only(
    client, recruiter, organisation, placement, other_placement
):
    applicant(placement, last="Primul")
    applicant(factories.PlacementFactory(organisation=organisation), last="Doilea")
    applicant(other_placement, last="Strainul")
    client.force_login(recruiter)

    response = client.get(reverse("export_applicants"), {"export": "csv"})

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Ana Primul" in text
    assert "Ana Doilea" in text
    assert "Strainul" not in text


def test_the_export_is_refused_to_other_roles_and_organisations(
    client, student, other_company_admin, placement
):
    client.force_login(student)
    assert client.get(reverse("export_applicants")).status_code == 403
    assert client.get(pipeline_url(placement), {"export": "csv"}).status_code == 403
    client.force_login(other_company_admin)
    assert client.get(pipeline_url(placement), {"export": "csv"}).status_code == 404


def test_an_export_with_bad_filters_shows_the_page_with_the_error(client, recruiter, placement):
    applicant(placement)
    client.force_login(recruiter)

    response = client.get(pipeline_url(placement), {"export": "csv", "status": "hacked"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Correct the filters below before exporting." in response.content.decode()


def test_the_htmx_results_carry_where_the_bulk_form_returns(client, recruiter, placement):
    applicant(placement)
    client.force_login(recruiter)

    response = client.get(
        pipeline_url(placement), {"view": "table", "q": "ana"}, HTTP_HX_REQUEST="true"
    )

    assert 'name="next" value="/company/placements/' in response.content.decode()
    assert "view=table&amp;q=ana" in response.content.decode()


@pytest.mark.parametrize(
    "status, shown",
    [
        ("offered", True),
        ("accepted", True),
        ("declined", True),
        ("expired", True),
        ("rescinded", False),
        ("rejected", False),
    ],
)
def test_the_export_gives_the_offer_deadline_only_while_it_means_something(
    client, recruiter, placement, status, shown
):
    deadline = timezone.now() + timedelta(days=3)
    factories.ApplicationFactory(placement=placement, status=status, offer_deadline=deadline)
    client.force_login(recruiter)

    response = client.get(pipeline_url(placement), {"export": "csv", "view": "table"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    column = rows[0].index("Respond to the offer by")
    assert bool(rows[1][column]) is shown
