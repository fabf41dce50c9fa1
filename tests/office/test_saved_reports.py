"""Saved reports: a staff list with its filters, columns and format, downloaded again."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from office import reports as office_reports
from office.models import SavedReport
from tests import factories

STUDENTS = reverse("staff_students")
SAVED_REPORTS = reverse("saved_reports")


def create_url(slug="students", **query):
    url = reverse("saved_report_create", args=[slug])
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


def save(client, *, name="Monthly", fmt="xlsx", slug="students", query=""):
    url = reverse("saved_report_create", args=[slug])
    return client.post(f"{url}?{query}", {"name": name, "format": fmt})


def make_report(owner, **fields):
    defaults = {
        "name": "Computer Science students",
        "list_slug": "students",
        "params": {},
        "columns": ["last-name", "e-mail"],
        "format": SavedReport.Format.CSV,
    }
    return SavedReport.objects.create(owner=owner, **{**defaults, **fields})


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def csv_rows(response, delimiter=",") -> list[list[str]]:
    text = body(response).decode("utf-8")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def download(client, report):
    return client.get(reverse("saved_report_download", args=[report.pk]))


# Saving ------------------------------------------------------------------------------------


def test_staff_save_a_filtered_list_with_its_columns_as_a_report(client, staff, programme):
    client.force_login(staff)

    response = save(
        client,
        name="CS students",
        fmt="csv-semicolon",
        query=f"programme={programme.pk}&sort=-name&columns=e-mail&columns=last-name&page=2",
    )

    assert response.status_code == 302
    assert response["Location"] == SAVED_REPORTS
    report = SavedReport.objects.get()
    assert report.owner == staff
    assert report.list_slug == "students"
    assert report.params == {"programme": [str(programme.pk)], "sort": ["-name"]}
    assert report.columns == ["last-name", "e-mail"]
    assert report.format == "csv-semicolon"


def test_without_chosen_columns_the_report_keeps_every_column(client, staff):
    client.force_login(staff)

    save(client)

    assert len(SavedReport.objects.get().columns) == len(office_reports.STUDENTS.columns)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Give the report a name."),
        ("   ", "Give the report a name."),
        ("x" * 101, "Give the report a shorter name, of plain text."),
        ("Bad\x00name", "Give the report a shorter name, of plain text."),
    ],
)
def test_a_bad_name_saves_nothing(client, staff, name, message):
    client.force_login(staff)

    response = save(client, name=name)

    assert response.status_code == 302
    assert SavedReport.objects.count() == 0
    assert message in client.get(response["Location"]).content.decode()


def test_a_name_is_unique_per_person_whatever_the_case(client, staff):
    make_report(staff, name="Ștudenți")
    client.force_login(staff)

    response = save(client, name="ȘTUDENȚI")

    assert SavedReport.objects.count() == 1
    assert (
        "You already have a report named “ȘTUDENȚI”."
        in client.get(response["Location"]).content.decode()
    )


def test_another_person_may_use_the_same_name(client, staff):
    make_report(factories.StaffFactory(), name="Monthly")
    client.force_login(staff)

    save(client, name="Monthly")

    assert SavedReport.objects.filter(owner=staff, name="Monthly").exists()


@pytest.mark.parametrize("query", ["columns=password", "colour=red", "programme=999999", "year=9"])
def test_a_list_with_unknown_filters_or_columns_is_not_saved(client, staff, query):
    client.force_login(staff)

    response = save(client, query=query)

    assert response.status_code == 302
    assert response["Location"].startswith(STUDENTS)
    assert SavedReport.objects.count() == 0


def test_an_unknown_format_is_not_saved(client, staff):
    client.force_login(staff)

    save(client, fmt="pdf")

    assert SavedReport.objects.count() == 0


def test_an_unknown_list_is_404(client, staff):
    client.force_login(staff)

    assert save(client, slug="salaries").status_code == 404


@pytest.mark.parametrize("role_user", ["student", "company_admin", "supervisor"])
def test_other_roles_may_not_save_or_see_reports(client, request, role_user):
    client.force_login(request.getfixturevalue(role_user))

    assert save(client).status_code == 403
    assert client.get(SAVED_REPORTS).status_code == 403
    assert SavedReport.objects.count() == 0


def test_saving_needs_post(client, staff):
    client.force_login(staff)

    assert client.get(create_url()).status_code == 405


# Downloading -------------------------------------------------------------------------------


def test_a_report_downloads_todays_rows_of_its_columns(client, staff, programme, student):
    factories.StudentFactory(programme=factories.ProgrammeFactory(name="Law", code="LAW"))
    report = make_report(staff, params={"programme": [str(programme.pk)]})
    client.force_login(staff)

    lines = csv_rows(download(client, report))

    assert lines == [["Last name", "E-mail"], [student.last_name, student.email]]
    report.refresh_from_db()
    assert report.last_downloaded_at is not None


def test_a_report_in_romanian_has_its_columns_named_in_romanian(client, staff, student):
    report = make_report(staff, columns=["last-name", "programme"], format=SavedReport.Format.XLSX)
    client.force_login(staff)

    response = client.get(
        reverse("saved_report_download", args=[report.pk]), HTTP_ACCEPT_LANGUAGE="ro"
    )

    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Nume", "Program de studii")
    assert rows[1] == (student.last_name, "Computer Science")
    assert "studenti-" in response["Content-Disposition"]


def test_a_report_with_semicolons_is_separated_by_semicolons(client, staff, student):
    report = make_report(staff, format=SavedReport.Format.CSV_SEMICOLON)
    client.force_login(staff)

    lines = csv_rows(download(client, report), delimiter=";")

    assert lines[0] == ["Last name", "E-mail"]


def test_a_report_of_no_rows_is_its_header(client, staff, programme):
    report = make_report(staff, params={"programme": [str(programme.pk)]})
    client.force_login(staff)

    assert csv_rows(download(client, report)) == [["Last name", "E-mail"]]


def test_a_report_whose_programme_was_deleted_says_which_filter(client, staff):
    gone = factories.ProgrammeFactory(name="Astrology", code="ASTR")
    report = make_report(staff, params={"programme": [str(gone.pk)]})
    gone.delete()
    client.force_login(staff)

    response = download(client, report)

    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert (
        "The filter “Study programme” no longer accepts the saved value; open the list, "
        "correct it and save the report again." in page
    )
    assert (
        f'href="{STUDENTS}?programme={report.params["programme"][0]}'
        '&amp;columns=last-name&amp;columns=e-mail"'
    ) in page
    report.refresh_from_db()
    assert report.last_downloaded_at is None


def test_a_report_with_a_filter_the_list_no_longer_has_says_which(client, staff):
    report = make_report(staff, params={"faculty": ["FMI"]})
    client.force_login(staff)

    response = download(client, report)

    assert response.status_code == 409
    assert "The filter “faculty” no longer exists" in response.content.decode()


def test_a_report_with_a_column_the_list_no_longer_has_says_which(client, staff):
    report = make_report(staff, columns=["last-name", "shoe-size"])
    client.force_login(staff)

    response = download(client, report)

    assert response.status_code == 409
    assert "The column “shoe-size” is no longer in the list" in response.content.decode()


def test_the_romanian_message_names_the_filter_in_romanian(client, staff):
    gone = factories.PeriodFactory()
    report = make_report(staff, params={"period": [str(gone.pk)]})
    gone.delete()
    client.force_login(staff)

    response = client.get(
        reverse("saved_report_download", args=[report.pk]), HTTP_ACCEPT_LANGUAGE="ro"
    )

    assert response.status_code == 409
    assert "Perioad" in response.content.decode()


def test_another_persons_report_is_404(client, staff):
    report = make_report(factories.StaffFactory())
    client.force_login(staff)

    for name in ("saved_report_download", "saved_report_open", "saved_report_delete"):
        assert client.get(reverse(name, args=[report.pk])).status_code == 404
    for name in ("saved_report_rename", "saved_report_delete"):
        assert client.post(reverse(name, args=[report.pk]), {"name": "Mine"}).status_code == 404
    report.refresh_from_db()
    assert report.name == "Computer Science students"


def test_a_student_may_not_download_a_report(client, staff, student):
    report = make_report(staff)
    client.force_login(student)

    assert download(client, report).status_code == 403


@pytest.mark.parametrize("rows_count", [3, 30])
def test_a_download_needs_the_same_queries_for_3_or_30_rows(
    client, staff, programme, rows_count, django_assert_max_num_queries
):
    for _ in range(rows_count):
        factories.StudentFactory(programme=programme)
    report = make_report(staff, params={"programme": [str(programme.pk)], "sort": ["name"]})
    client.force_login(staff)

    with django_assert_max_num_queries(8):  # 7, and the audit log's line of the file
        lines = csv_rows(download(client, report))

    assert len(lines) == rows_count + 1


# The page of saved reports -----------------------------------------------------------------


def test_the_page_lists_the_owners_reports_with_their_filters_in_words(
    client, staff, programme, period
):
    make_report(
        staff,
        params={"programme": [str(programme.pk)], "period": [str(period.pk)], "placed": ["no"]},
        last_downloaded_at=timezone.now(),
    )
    make_report(factories.StaffFactory(), name="Someone else's")
    client.force_login(staff)

    page = client.get(SAVED_REPORTS).content.decode()

    assert "Computer Science students" in page
    assert "Someone else" not in page
    assert "Study programme: Computer Science" in page
    assert f"{period.display_name}" in page
    assert "Placed: No" in page
    assert "2 columns" in page


def test_the_page_with_no_reports_says_how_to_save_one(client, staff):
    client.force_login(staff)

    assert "No saved reports yet" in client.get(SAVED_REPORTS).content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_the_page_needs_the_same_queries_for_2_or_20_reports(
    client, staff, programme, period, count, django_assert_max_num_queries
):
    lists = ["students", "placements", "applications", "internships", "organisations"]
    for number in range(count):
        slug = lists[number % len(lists)]
        params = (
            {"period": [str(period.pk)]} if slug != "organisations" else {"status": ["verified"]}
        )
        if slug in ("students", "placements", "applications"):
            params["programme"] = [str(programme.pk)]
        make_report(staff, name=f"Report {number}", list_slug=slug, params=params, columns=[])
    client.force_login(staff)

    with django_assert_max_num_queries(6):
        response = client.get(SAVED_REPORTS)

    assert response.content.decode().count('class="item"') == count


def test_open_goes_to_the_list_with_the_reports_filters_and_columns(client, staff, programme):
    report = make_report(staff, params={"programme": [str(programme.pk)]})
    client.force_login(staff)

    response = client.get(reverse("saved_report_open", args=[report.pk]))

    assert response.status_code == 302
    assert response["Location"] == (
        f"{STUDENTS}?programme={programme.pk}&columns=last-name&columns=e-mail"
    )


def test_the_owner_renames_a_report(client, staff):
    report = make_report(staff)
    client.force_login(staff)

    client.post(reverse("saved_report_rename", args=[report.pk]), {"name": "  New   name "})

    report.refresh_from_db()
    assert report.name == "New name"


def test_a_rename_to_a_taken_name_changes_nothing(client, staff):
    make_report(staff, name="Taken")
    report = make_report(staff)
    client.force_login(staff)

    response = client.post(reverse("saved_report_rename", args=[report.pk]), {"name": "taken"})

    report.refresh_from_db()
    assert report.name == "Computer Science students"
    assert "You already have a report named" in client.get(response["Location"]).content.decode()


def test_delete_asks_first_then_deletes_on_post(client, staff):
    report = make_report(staff)
    client.force_login(staff)
    url = reverse("saved_report_delete", args=[report.pk])

    assert "Delete the report" in client.get(url).content.decode()
    assert SavedReport.objects.count() == 1

    client.post(url)

    assert SavedReport.objects.count() == 0


def test_the_dashboard_links_to_saved_reports(client, staff):
    client.force_login(staff)

    assert f'href="{SAVED_REPORTS}"' in client.get(reverse("staff_home")).content.decode()
