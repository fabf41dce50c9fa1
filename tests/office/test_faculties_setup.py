"""Staff of all faculties manage the faculties, the programmes and who works for which;
staff of one faculty enrol and record their own faculty's students only (issue #17)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Faculty, Programme, StudentProfile, User
from core.services import ServiceError
from internships.forms.proposals import RecordInternshipForm
from notifications.models import Event
from office import roster as rosters
from office import services
from tests import factories

pytestmark = pytest.mark.django_db
FACULTIES = reverse("staff_faculties")


@pytest.fixture
def faculty_a(programme):
    return programme.faculty_unit


@pytest.fixture
def faculty_b(db):
    return factories.FacultyFactory(code="FSEGA", name="Faculty of Economics")


@pytest.fixture
def programme_b(faculty_b):
    return factories.ProgrammeFactory(name="Economics", code="ECO", faculty_unit=faculty_b)


@pytest.fixture
def staff_a(faculty_a):
    return factories.StaffFactory(email="fmi@example.org", faculties=[faculty_a])


# Managing faculties -----------------------------------------------------------------------


def test_staff_of_all_faculties_add_a_faculty(client, staff):
    client.force_login(staff)

    response = client.post(
        FACULTIES,
        {"name": "Faculty of Law", "name_ro": "Facultatea de Drept", "code": "DREPT"},
    )

    assert response.status_code == 302
    faculty = Faculty.objects.get(code="DREPT")
    assert faculty.name_in("ro") == "Facultatea de Drept"
    assert Event.objects.filter(action="faculty_created", object_id=faculty.pk).exists()


def test_a_faculty_code_taken_is_refused_and_nothing_is_saved(client, staff, faculty_a):
    client.force_login(staff)

    response = client.post(FACULTIES, {"name": "Another", "code": faculty_a.code})

    assert response.status_code == 400
    assert Faculty.objects.count() == 1


@pytest.mark.parametrize("role", ["student", "company_admin", "supervisor"])
def test_other_roles_are_forbidden(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(FACULTIES).status_code == 403


def test_staff_of_one_faculty_do_not_manage_faculties_nor_programmes(
    client, staff_a, programme, programme_b
):
    client.force_login(staff_a)

    assert client.get(FACULTIES).status_code == 403
    assert client.post(FACULTIES, {"name": "X", "code": "X"}).status_code == 403
    data = {"name": "New", "code": "NEW", "faculty_unit": programme.faculty_unit_id}
    assert client.post(reverse("staff_programmes"), data).status_code == 403
    assert client.get(reverse("staff_programme_edit", args=[programme.pk])).status_code == 403
    assert client.get(reverse("staff_programme_edit", args=[programme_b.pk])).status_code == 404
    listed = client.get(reverse("staff_programmes")).context["page"]
    assert list(listed) == [programme]
    assert Faculty.objects.count() == 2 and Programme.objects.count() == 2


def test_a_programme_is_added_to_the_faculty_chosen(client, staff, faculty_a, faculty_b):
    client.force_login(staff)

    client.post(
        reverse("staff_programmes"),
        {"name": "Economics", "code": "ECO", "faculty_unit": faculty_b.pk, "is_active": "on"},
    )

    programme = Programme.objects.get(code="ECO")
    assert programme.faculty_unit == faculty_b
    assert programme.faculty_in("en") == "Faculty of Economics"  # printed on the agreements


def test_a_new_programme_without_a_faculty_among_several_is_refused(
    client, staff, faculty_a, faculty_b
):
    client.force_login(staff)

    response = client.post(reverse("staff_programmes"), {"name": "Economics", "code": "ECO"})

    assert response.status_code == 400
    assert "Choose the faculty of the programme." in response.text
    assert not Programme.objects.filter(code="ECO").exists()


def test_staff_of_all_faculties_give_a_colleague_faculties(client, staff, faculty_a, faculty_b):
    colleague = factories.StaffFactory(email="colleague@example.org")
    client.force_login(staff)

    response = client.post(
        reverse("staff_member_faculties", args=[colleague.pk]), {"faculties": [faculty_b.pk]}
    )

    assert response.status_code == 302
    colleague.refresh_from_db()
    assert not colleague.all_faculties
    assert list(colleague.faculties.all()) == [faculty_b]
    assert Event.objects.get(action="faculties_changed").note == "all → FSEGA"


def test_no_faculty_at_all_is_refused_and_nothing_changes(client, staff, faculty_a):
    colleague = factories.StaffFactory(email="colleague@example.org")
    client.force_login(staff)

    response = client.post(reverse("staff_member_faculties", args=[colleague.pk]), {})

    assert response.status_code == 400
    assert "Choose at least one faculty, or all of them." in response.text
    colleague.refresh_from_db()
    assert colleague.all_faculties


def test_only_staff_accounts_get_faculties(staff, student, faculty_a):
    with pytest.raises(ServiceError):
        services.set_faculties_of(
            by=staff, member=student, all_faculties=False, faculties=[faculty_a]
        )


def test_the_faculties_page_costs_the_same_queries_with_3_or_30_staff(
    client, staff, faculty_a, django_assert_max_num_queries
):
    client.force_login(staff)
    counts = []
    for count in (3, 30):
        for n in range(count):
            factories.StaffFactory(email=f"s{count}-{n}@example.org", faculties=[faculty_a])
        with django_assert_max_num_queries(12) as captured:
            client.get(FACULTIES)
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1]


# Enrolling and recording: their faculty's students only -------------------------------------


def roster(text: str) -> SimpleUploadedFile:
    header = "first_name,last_name,email,student_number,programme,year\n"
    return SimpleUploadedFile("roster.csv", (header + text).encode(), content_type="text/csv")


def test_a_roster_row_of_another_facultys_programme_is_an_error(staff_a, programme, programme_b):
    imported = rosters.preview_roster(
        by=staff_a,
        upload=roster(
            "Ana,Pop,ana@stud.example.ro,S1,INFO,1\nRadu,Ilieș,radu@stud.example.ro,S2,ECO,1\n"
        ),
    )

    errors = {row["line"]: row["errors"] for row in imported.rows if row["errors"]}
    assert errors == {3: ["The programme “ECO” is not one of your faculties'."]}


def test_a_roster_cannot_move_another_facultys_student(staff_a, programme, programme_b):
    theirs = factories.StudentFactory(programme=programme_b, student_number="S9").user
    imported = rosters.preview_roster(
        by=staff_a, upload=roster(f"Ana,Pop,{theirs.email},S9,INFO,1\n")
    )

    with pytest.raises(ServiceError):
        rosters.import_roster(roster=imported, by=staff_a)
    assert StudentProfile.objects.get(user=theirs).programme == programme_b
    assert f"{theirs.email} is a student of another faculty." in imported.rows[0]["errors"]


def test_staff_of_one_faculty_see_their_own_roster_imports_only(client, staff, staff_a, programme):
    theirs = rosters.preview_roster(by=staff, upload=roster("A,B,a@stud.example.ro,S1,INFO,1\n"))
    client.force_login(staff_a)

    assert client.get(reverse("roster_confirm", args=[theirs.pk])).status_code == 404
    assert list(client.get(reverse("roster_upload")).context["imports"]) == []


def test_recording_an_internship_finds_the_faculty_s_students_only(staff_a, student, programme_b):
    theirs = factories.StudentFactory(programme=programme_b).user

    def student_field(text):
        form = RecordInternshipForm({"student": text}, viewer=staff_a)
        form.is_valid()
        return form.cleaned_data.get("student"), form.errors.get("student")

    assert student_field(student.email) == (student, None)
    assert student_field(theirs.email)[0] is None
    assert User.objects.filter(pk=theirs.pk).exists()
