import io
import re

import openpyxl
import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import StudentProfile, User
from core.services import ServiceError
from office import roster as rosters
from office.models import RosterImport
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    ProgrammeFactory,
    StudentFactory,
    UserFactory,
)

UPLOAD_URL = reverse("roster_upload")
HEADER = "first_name,last_name,email,student_number,programme,year\n"


def csv_file(text: str, name="roster.csv", encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def confirm_url(roster):
    return reverse("roster_confirm", args=[roster.pk])


def preview(staff, text: str) -> RosterImport:
    return rosters.preview_roster(by=staff, upload=csv_file(text))


def errors_of(roster) -> dict[int, list[str]]:
    return {row["line"]: row["errors"] for row in roster.rows if row["errors"]}


@pytest.fixture
def maths(db):
    return ProgrammeFactory(name="Mathematics", code="MATE")


@pytest.fixture
def roster_text(programme, maths):
    return (
        HEADER
        + "Ana,Pop,Ana.Pop@stud.example.ro,S1,INFO,1\n"
        + "Radu,Ilieș,radu.ilies@stud.example.ro,S2,Mathematics,3\n"
    )


# Permissions ---------------------------------------------------------------------------


@pytest.fixture
def roster(staff, roster_text):
    return preview(staff, roster_text)


def test_anonymous_visitors_are_sent_to_log_in(client, roster):
    for response in (
        client.get(UPLOAD_URL),
        client.post(UPLOAD_URL, {"file": csv_file(HEADER)}),
        client.get(confirm_url(roster)),
        client.post(confirm_url(roster)),
    ):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert not User.objects.filter(email="ana.pop@stud.example.ro").exists()


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor", "supervisor"])
def test_other_roles_are_forbidden_on_every_roster_url(client, request, role, roster, roster_text):
    client.force_login(request.getfixturevalue(role))

    assert client.get(UPLOAD_URL).status_code == 403
    assert client.post(UPLOAD_URL, {"file": csv_file(roster_text)}).status_code == 403
    assert client.get(confirm_url(roster)).status_code == 403
    assert client.post(confirm_url(roster)).status_code == 403
    assert RosterImport.objects.count() == 1
    assert not User.objects.filter(email="ana.pop@stud.example.ro").exists()


def test_the_roster_pages_answer_only_get_and_post(client, staff, roster):
    client.force_login(staff)

    assert client.put(UPLOAD_URL).status_code == 405
    assert client.delete(confirm_url(roster)).status_code == 405


def test_the_services_refuse_anyone_but_staff(student, roster, roster_text):
    with pytest.raises(PermissionDenied):
        rosters.preview_roster(by=student, upload=csv_file(roster_text))
    with pytest.raises(PermissionDenied):
        rosters.import_roster(roster=roster, by=student)


def test_an_unknown_roster_is_not_found(client, staff):
    client.force_login(staff)

    assert client.get(reverse("roster_confirm", args=[999])).status_code == 404


# The happy path ------------------------------------------------------------------------


def test_staff_upload_a_roster_see_the_preview_and_import_it(
    client, staff, programme, maths, roster_text, mailoutbox, django_capture_on_commit_callbacks
):
    existing = StudentFactory(
        user__email="maria.lazar@stud.example.ro",
        user__first_name="Maria",
        user__last_name="Lazăr",
        programme=programme,
        year_of_study=1,
        student_number="S3",
    ).user
    client.force_login(staff)

    response = client.post(
        UPLOAD_URL,
        {"file": csv_file(roster_text + "Maria,Lazăr,maria.lazar@stud.example.ro,S3,INFO,2\n")},
    )

    roster = RosterImport.objects.get()
    assert response.status_code == 302
    assert response.url == confirm_url(roster)
    assert [row["action"] for row in roster.rows] == ["create", "create", "update"]
    page = client.get(confirm_url(roster)).content.decode()
    for shown in ("ana.pop@stud.example.ro", "Radu", "New student", "Update", ">Import<"):
        assert shown in page
    assert not User.objects.filter(email="ana.pop@stud.example.ro").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url(roster), follow=True)

    assert "The roster is imported." in response.content.decode()
    roster.refresh_from_db()
    assert (roster.status, roster.created_count, roster.updated_count, roster.skipped_count) == (
        "imported",
        2,
        1,
        0,
    )
    ana = User.objects.select_related("student_profile").get(email="ana.pop@stud.example.ro")
    assert (ana.role, ana.first_name, ana.last_name, ana.has_usable_password()) == (
        "student",
        "Ana",
        "Pop",
        False,
    )
    profile = ana.student_profile
    assert (profile.programme, profile.year_of_study, profile.student_number) == (
        programme,
        1,
        "S1",
    )
    assert User.objects.get(email="radu.ilies@stud.example.ro").student_profile.programme == maths
    assert EmailAddress.objects.filter(user=ana, email=ana.email, verified=True).exists()
    existing.student_profile.refresh_from_db()
    assert existing.student_profile.year_of_study == 2
    assert sorted(m.to[0] for m in mailoutbox) == [
        "ana.pop@stud.example.ro",
        "radu.ilies@stud.example.ro",
    ]


def test_the_invited_student_chooses_a_password_by_the_link_and_logs_in(
    client, staff, roster, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rosters.import_roster(roster=roster, by=staff)
    message = next(m for m in mailoutbox if m.to == ["ana.pop@stud.example.ro"])
    link = re.search(r"https?://\S+/password/reset/key/\S+", message.body).group(0)
    assert "Computer Science" in message.body

    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": PASSWORD, "password2": PASSWORD})

    assert response.status_code == 302
    assert client.login(email="ana.pop@stud.example.ro", password=PASSWORD)


def test_a_semicolon_file_with_a_bom_and_romanian_headers_in_another_order(staff, maths):
    text = "\ufeffan;email;nume;prenume;număr matricol;program\n3;dan@x.ro;Rus;Dan;S9;mate\n"

    roster = preview(staff, text)

    assert roster.rows == [
        {
            "line": 2,
            "values": {
                "year": "3",
                "email": "dan@x.ro",
                "last_name": "Rus",
                "first_name": "Dan",
                "student_number": "S9",
                "programme": "mate",
            },
            "errors": [],
            "action": "create",
            "extra": False,
        }
    ]


def test_importing_the_same_file_again_changes_nothing_and_sends_nothing(
    staff, roster, roster_text, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rosters.import_roster(roster=roster, by=staff)
    mailoutbox.clear()
    before = list(StudentProfile.objects.values_list("pk", "updated_at").order_by("pk"))

    again = preview(staff, roster_text)
    with django_capture_on_commit_callbacks(execute=True):
        rosters.import_roster(roster=again, by=staff)

    assert [row["action"] for row in again.rows] == ["unchanged", "unchanged"]
    again.refresh_from_db()
    assert (again.created_count, again.updated_count) == (0, 0)
    assert list(StudentProfile.objects.values_list("pk", "updated_at").order_by("pk")) == before
    assert User.objects.filter(role="student").count() == 2
    assert mailoutbox == []


def test_a_roster_already_imported_cannot_be_imported_again(
    client, staff, roster, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rosters.import_roster(roster=roster, by=staff)
    mailoutbox.clear()
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url(roster))

    assert response.status_code == 400
    assert "This roster has already been imported." in response.content.decode()
    assert User.objects.filter(role="student").count() == 2
    assert mailoutbox == []


def test_the_invitations_are_sent_once_even_if_the_job_runs_twice(
    staff, roster, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rosters.import_roster(roster=roster, by=staff)

    assert rosters.send_invitations(roster.pk) == 0
    assert len(mailoutbox) == 2


# Rows with errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (",Pop,a@x.ro,S1,INFO,1", "The first name is missing."),
        ("Ana,,a@x.ro,S1,INFO,1", "The last name is missing."),
        ("Ana,Pop,,S1,INFO,1", "The e-mail address is missing."),
        ("Ana,Pop,a@x.ro,,INFO,1", "The student number is missing."),
        ("Ana,Pop,a@x.ro,S1,,1", "The programme is missing."),
        ("Ana,Pop,a@x.ro,S1,INFO,", "The year is missing."),
        ("Ana,Pop,not-an-address,S1,INFO,1", "“not-an-address” is not a valid e-mail address."),
        ("Ana,Pop,a@x.ro,S1,INFO,0", "The year must be a whole number from 1 to 6."),
        ("Ana,Pop,a@x.ro,S1,INFO,7", "The year must be a whole number from 1 to 6."),
        ("Ana,Pop,a@x.ro,S1,INFO,second", "The year must be a whole number from 1 to 6."),
        ("Ana,Pop,a@x.ro,S1,Astronomy,1", "No programme has the code or the name “Astronomy”."),
        ("Ana,Pop,a@x.ro,S1,INFO,1,surplus", "more values than the header has columns"),
    ],
)
def test_each_bad_value_is_named_on_its_row(staff, programme, row, error):
    roster = preview(staff, HEADER + row + "\n")

    assert error in " ".join(errors_of(roster)[2])


def test_an_inactive_programme_is_an_error(staff):
    ProgrammeFactory(name="Old Physics", code="OLD", is_active=False)

    roster = preview(staff, HEADER + "Ana,Pop,a@x.ro,S1,OLD,1\n")

    assert errors_of(roster) == {2: ["The programme “Old Physics” is inactive."]}


def test_an_address_of_an_account_that_is_not_a_student_is_an_error(staff, programme):
    MembershipFactory(user=UserFactory(role="company", email="boss@firma.ro"))

    roster = preview(staff, HEADER + "Ana,Pop,Boss@Firma.ro,S1,INFO,1\n")

    assert errors_of(roster) == {
        2: ["boss@firma.ro belongs to an account that is not a student (Host organisation)."]
    }


def test_a_student_number_of_another_student_is_an_error(staff, programme):
    StudentFactory(user__email="first@x.ro", student_number="S1", programme=programme)

    roster = preview(staff, HEADER + "Ana,Pop,a@x.ro,S1,INFO,1\n")

    assert errors_of(roster) == {
        2: ["The student number S1 belongs to another student (first@x.ro)."]
    }


def test_duplicates_inside_the_file_are_errors_on_every_line_involved(staff, programme):
    roster = preview(
        staff,
        HEADER
        + "Ana,Pop,a@x.ro,S1,INFO,1\n"
        + "Ana,Pop,A@x.ro,S2,INFO,1\n"
        + "Dan,Rus,d@x.ro,S2,INFO,1\n"
        + "Eva,Ursu,e@x.ro,S5,INFO,1\n",
    )

    assert errors_of(roster) == {
        2: ["The same e-mail address is also on line 3."],
        3: [
            "The same e-mail address is also on line 2.",
            "The same student number is also on line 4.",
        ],
        4: ["The same student number is also on line 3."],
    }


@pytest.fixture
def roster_with_a_bad_row(staff, programme):
    return preview(staff, HEADER + "Ana,Pop,a@x.ro,S1,INFO,1\nDan,Rus,d@x.ro,S2,Astronomy,1\n")


def test_a_bad_row_blocks_the_import(
    client, staff, roster_with_a_bad_row, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    page = client.get(confirm_url(roster_with_a_bad_row)).content.decode()
    assert "Import the 1 valid row and skip the rest" in page
    assert "No programme has the code or the name “Astronomy”." in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url(roster_with_a_bad_row))

    assert response.status_code == 400
    assert "tick the box to skip them" in response.content.decode()
    assert not User.objects.filter(role="student").exists()
    assert RosterImport.objects.get().status == "preview"
    assert mailoutbox == []


def test_the_service_refuses_bad_rows_unless_they_are_skipped(staff, roster_with_a_bad_row):
    with pytest.raises(ServiceError, match="1 row has errors"):
        rosters.import_roster(roster=roster_with_a_bad_row, by=staff)

    assert not User.objects.filter(role="student").exists()


def test_the_valid_rows_are_imported_when_the_bad_ones_are_explicitly_skipped(
    client, staff, roster_with_a_bad_row, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            confirm_url(roster_with_a_bad_row), {"skip_invalid": "on"}, follow=True
        )

    assert "Skipped" in response.content.decode()
    assert list(User.objects.filter(role="student").values_list("email", flat=True)) == ["a@x.ro"]
    roster = RosterImport.objects.get()
    assert (roster.created_count, roster.skipped_count) == (1, 1)
    assert [m.to for m in mailoutbox] == [["a@x.ro"]]


def test_rows_that_became_wrong_since_the_preview_are_caught_at_import(staff, roster):
    MembershipFactory(user=UserFactory(role="company", email="ana.pop@stud.example.ro"))

    with pytest.raises(ServiceError, match="1 row has errors"):
        rosters.import_roster(roster=roster, by=staff)

    assert not User.objects.filter(role="student").exists()


def test_a_file_where_every_row_is_wrong_offers_no_import(client, staff, programme):
    roster = preview(staff, HEADER + "Ana,Pop,a@x.ro,S1,Astronomy,1\n")
    client.force_login(staff)

    page = client.get(confirm_url(roster)).content.decode()

    assert "No row can be imported" in page
    with pytest.raises(ServiceError, match="nothing to import"):
        rosters.import_roster(roster=roster, by=staff, skip_invalid=True)


def test_the_preview_shows_only_the_rows_asked_for(client, staff, roster_with_a_bad_row):
    client.force_login(staff)

    errors = client.get(confirm_url(roster_with_a_bad_row), {"show": "errors"})
    nonsense = client.get(confirm_url(roster_with_a_bad_row), {"show": "nonsense"})

    assert [row["line"] for row in errors.context["page"]] == [3]
    assert [row["line"] for row in nonsense.context["page"]] == [2, 3]


# Files that are not a roster -----------------------------------------------------------


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["first_name", "last_name", "email", "student_number"])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def too_many_rows() -> bytes:
    rows = "".join(f"A,B,s{n}@x.ro,N{n},INFO,1\n" for n in range(5001))
    return (HEADER + rows).encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"first_name,surname,mail,student_number,programme,year\n",
            "Missing columns: last_name, email. Columns not recognised: surname, mail.",
        ),
        (
            b"Ana,Pop,a@x.ro,S1,INFO,1\n",
            "The first row must name the columns: first_name, last_name, email",
        ),
        (b"email,email,first_name,last_name,student_number,programme,year\n", "named twice"),
        (xlsx_bytes(), "This is an Excel file, not a CSV file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "This is an Excel file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a CSV file: it holds binary data."),
        ("prenume,nume\nŞtefan,Ţurcanu\n".encode("cp1250"), "The file is not UTF-8 text."),
        (b"", "The file is empty."),
        (b"\xef\xbb\xbf \n\n", "The file is empty."),
        (HEADER.encode(), "The file has no students: only the header row."),
        (too_many_rows(), "The file has more than 5,000 students"),
    ],
)
def test_a_file_that_is_not_a_roster_gets_a_clear_message_and_changes_nothing(
    client, staff, programme, content, message
):
    client.force_login(staff)
    users = User.objects.count()

    response = client.post(
        UPLOAD_URL, {"file": SimpleUploadedFile("roster.csv", content, content_type="text/csv")}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert RosterImport.objects.count() == 0
    assert User.objects.count() == users


def test_a_file_is_required(client, staff):
    client.force_login(staff)

    response = client.post(UPLOAD_URL, {})

    assert response.status_code == 400
    assert "Choose the CSV file of the roster." in response.content.decode()


# Pages and their queries ---------------------------------------------------------------


def test_the_upload_page_lists_recent_uploads(client, staff, roster):
    client.force_login(staff)

    response = client.get(UPLOAD_URL)

    page = response.content.decode()
    assert "roster.csv" in page
    assert confirm_url(roster) in page
    assert 'name="file"' in page


@pytest.mark.parametrize("rows", [3, 30])
def test_the_roster_pages_need_the_same_queries_for_3_or_30_rows(
    client, staff, programme, rows, django_assert_max_num_queries
):
    text = HEADER + "".join(f"A,B,s{n}@x.ro,N{n},INFO,1\n" for n in range(rows))
    for _ in range(rows):
        roster = preview(staff, text)
    client.force_login(staff)

    with django_assert_max_num_queries(4):
        response = client.get(confirm_url(roster))
    assert len(response.context["page"]) == min(rows, 20)
    with django_assert_max_num_queries(4):
        response = client.get(UPLOAD_URL)
    assert len(response.context["imports"]) == min(rows, 10)
