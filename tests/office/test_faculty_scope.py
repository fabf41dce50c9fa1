"""Staff of one faculty see and act only on the students of its programmes (issue #17)."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.faculties import faculty_scope, in_faculties
from documents import services as documents_services
from documents.models import Certificate
from internships.models import Internship, Proposal
from internships.services import proposals as proposal_services
from office import stats
from tests import factories
from tests.internships.test_proposals import existing_host_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def faculty_a(programme):
    return programme.faculty_unit


@pytest.fixture
def faculty_b(db):
    return factories.FacultyFactory(
        code="FSEGA",
        name="Faculty of Economics and Business Administration",
        name_ro="Facultatea de Științe Economice și Gestiunea Afacerilor",
    )


@pytest.fixture
def programme_b(faculty_b):
    return factories.ProgrammeFactory(
        name="Business Information Systems", code="IE", faculty_unit=faculty_b
    )


@pytest.fixture
def staff_a(faculty_a):
    return factories.StaffFactory(email="fmi@example.org", faculties=[faculty_a])


@pytest.fixture
def student_b(programme_b):
    return factories.StudentFactory(
        programme=programme_b, user__first_name="Zenobia", user__last_name="Zamfirescu"
    ).user


@pytest.fixture
def placement_b(organisation, period, programme, programme_b):
    """Open to both faculties' programmes: placements are shared."""
    return factories.PlacementFactory(
        organisation=organisation, period=period, programmes=[programme, programme_b]
    )


@pytest.fixture
def application_b(placement_b, student_b):
    return factories.ApplicationFactory(placement=placement_b, student=student_b)


@pytest.fixture
def internship_b(placement_b, programme_b, host_tutor, supervisor):
    application = factories.ApplicationFactory(
        placement=placement_b,
        student=factories.StudentFactory(
            programme=programme_b, user__first_name="Xenia", user__last_name="Xulescu"
        ).user,
        status="accepted",
    )
    return factories.InternshipFactory(
        application=application, host_tutor=host_tutor, academic_supervisor=supervisor
    )


@pytest.fixture
def two_faculties(staff, internship, internship_b, application_b):
    """Faculty A: `student` with `internship`; faculty B: `student_b` with an application
    and another student with `internship_b`."""
    return {"a": internship, "b": internship_b}


# The helper -----------------------------------------------------------------------------


def test_staff_of_all_faculties_have_no_scope(staff):
    assert faculty_scope(staff) is None


def test_staff_of_one_faculty_see_its_programmes_only(staff_a, programme, programme_b):
    assert faculty_scope(staff_a) == {programme.pk}


def test_staff_of_no_faculty_at_all_see_nothing(two_faculties, faculty_a):
    nobody = factories.StaffFactory(email="none@example.org", faculties=[])

    assert in_faculties(Internship.objects.all(), nobody).count() == 0


def test_the_scope_is_read_once_per_request(staff_a, django_assert_num_queries):
    faculty_scope(staff_a)

    with django_assert_num_queries(0):
        faculty_scope(staff_a)


# Records: 404 outside the faculty ---------------------------------------------------------


def test_another_facultys_student_application_and_internship_are_not_found(
    client, staff_a, two_faculties, student_b, application_b, internship_b
):
    client.force_login(staff_a)

    for url in (
        reverse("staff_student", args=[student_b.pk]),
        reverse("staff_application", args=[application_b.pk]),
        reverse("internship_detail", args=[internship_b.pk]),
        reverse("logbook_pdf", args=[internship_b.pk]),
        reverse("agreement_pdf", args=[internship_b.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_their_own_facultys_records_open(client, staff_a, two_faculties, student, internship):
    client.force_login(staff_a)

    assert client.get(reverse("staff_student", args=[student.pk])).status_code == 200
    assert client.get(reverse("internship_detail", args=[internship.pk])).status_code == 200


def test_staff_of_all_faculties_open_every_faculty_s_records(
    client, staff, two_faculties, student_b, application_b, internship_b
):
    client.force_login(staff)

    assert client.get(reverse("staff_student", args=[student_b.pk])).status_code == 200
    assert client.get(reverse("staff_application", args=[application_b.pk])).status_code == 200
    assert client.get(reverse("internship_detail", args=[internship_b.pk])).status_code == 200


def completed(internship):
    Internship.objects.filter(pk=internship.pk).update(
        status=Internship.Status.COMPLETED, completed_at=timezone.now()
    )
    internship.refresh_from_db()
    return internship


def test_another_facultys_certificate_is_not_found_nor_issued(
    client, staff, staff_a, two_faculties, internship_b
):
    certificate = documents_services.issue_certificate(internship=completed(internship_b), by=staff)
    client.force_login(staff_a)

    download = reverse("certificate_download", args=[certificate.pk, "ro"])
    assert client.get(download).status_code == 404
    revoke = reverse("certificate_revoke", args=[certificate.pk])
    assert client.post(revoke, {"reason": "Forged."}).status_code == 404
    Certificate.objects.filter(pk=certificate.pk).delete()
    issue = reverse("certificate_issue", args=[internship_b.pk])
    assert client.post(issue).status_code == 404
    assert not Certificate.objects.exists()


def test_the_certificates_page_counts_and_lists_the_faculty_s_only(
    client, staff, staff_a, two_faculties, period
):
    for internship in two_faculties.values():
        documents_services.issue_certificate(internship=completed(internship), by=staff)
    client.force_login(staff_a)

    response = client.get(reverse("staff_certificates"), {"period": period.pk})

    assert response.context["summary"]["completed"] == 1
    assert [c.internship_id for c in response.context["page"]] == [two_faculties["a"].pk]
    assert client.post(reverse("issue_job_start"), {"period": period.pk}).status_code == 403


# Lists and exports -----------------------------------------------------------------------


def rows_of(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("name", ["staff_students", "staff_applications", "staff_internships"])
def test_another_facultys_rows_are_absent_from_the_lists_and_their_exports(
    client, staff_a, two_faculties, name
):
    client.force_login(staff_a)

    page = client.get(reverse(name))
    exported = client.get(reverse(name), {"export": "csv"})

    assert page.status_code == 200
    assert "Zamfirescu" not in page.text and "Xulescu" not in page.text
    rows = rows_of(exported)
    text = "\n".join(";".join(row) for row in rows)
    assert "Zamfirescu" not in text and "Xulescu" not in text
    assert "Bălan" in text
    assert len(rows) == 2  # the header and faculty A's one row


@pytest.mark.parametrize("name", ["staff_students", "staff_applications", "staff_internships"])
def test_staff_of_all_faculties_list_every_faculty(client, staff, two_faculties, name):
    client.force_login(staff)

    exported = client.get(reverse(name), {"export": "csv"})

    assert len(rows_of(exported)) > 2


def test_the_programme_filters_offer_the_faculty_s_programmes_only(
    client, staff_a, two_faculties, programme, programme_b
):
    client.force_login(staff_a)

    for name in ("staff_students", "staff_applications", "staff_internships", "staff_paperwork"):
        choices = client.get(reverse(name)).context["filter"].form.fields["programme"].queryset
        assert list(choices) == [programme], name


def test_filtering_on_another_facultys_programme_is_refused(
    client, staff_a, two_faculties, programme_b
):
    client.force_login(staff_a)

    response = client.get(reverse("staff_students"), {"programme": programme_b.pk, "export": "csv"})

    assert response.status_code == 200  # the page again, with the filter's error; no file
    assert "programme" in response.context["filter"].form.errors


def test_the_students_list_costs_the_same_queries_with_3_or_30_rows(
    client, staff_a, programme, django_assert_max_num_queries
):
    client.force_login(staff_a)
    budgets = []
    for count in (3, 30):
        factories.StudentFactory.create_batch(count, programme=programme)
        with django_assert_max_num_queries(12) as captured:
            client.get(reverse("staff_students"))
        budgets.append(len(captured.captured_queries))
        staff_a.__dict__.pop("_faculty_scope", None)

    assert budgets[0] == budgets[1]


# The dashboard ---------------------------------------------------------------------------


def test_the_dashboard_counts_the_faculty_s_figures_only(staff, staff_a, two_faculties, period):
    mine = stats.dashboard(period, viewer=staff_a)
    everyone = stats.dashboard(period, viewer=staff)

    assert mine["internships"]["active"] == 1
    assert everyone["internships"]["active"] == 2
    assert mine["students"]["students"] < everyone["students"]["students"]


def test_the_dashboard_offers_the_faculty_s_programmes_only(
    client, staff_a, two_faculties, period, programme, programme_b
):
    client.force_login(staff_a)

    response = client.get(reverse("staff_home"), {"period": period.pk, "programme": programme_b.pk})

    assert list(response.context["form"].fields["programme"].queryset) == [programme]
    assert response.context["programme"] is None
    assert response.context["ignored"]


def test_the_internships_without_a_host_tutor_are_the_faculty_s(staff, staff_a, two_faculties):
    Internship.objects.update(host_tutor=None)

    assert stats.queues(viewer=staff_a)["without_host_tutor"] == 1
    assert stats.queues(viewer=staff)["without_host_tutor"] == 2


# Acting: forged ids ----------------------------------------------------------------------


def test_a_forged_supervisor_assignment_of_another_facultys_internship_changes_nothing(
    client, staff_a, two_faculties, internship, internship_b
):
    new_supervisor = factories.MentorFactory(
        kind="supervisor", organisation=None, user__email="new.sup@example.org"
    ).user
    before = {i.pk: i.academic_supervisor_id for i in Internship.objects.all()}
    client.force_login(staff_a)

    response = client.post(
        reverse("staff_assign_supervisor"),
        {"internships": [internship.pk, internship_b.pk], "supervisor": new_supervisor.pk},
        follow=True,
    )

    assert "One of the ticked internships no longer exists." in response.text
    assert {i.pk: i.academic_supervisor_id for i in Internship.objects.all()} == before


def test_a_supervisor_assignment_of_their_own_facultys_internship_is_made(
    client, staff_a, two_faculties, internship
):
    new_supervisor = factories.MentorFactory(
        kind="supervisor", organisation=None, user__email="new.sup@example.org"
    ).user
    client.force_login(staff_a)

    client.post(
        reverse("staff_assign_supervisor"),
        {"internships": [internship.pk], "supervisor": new_supervisor.pk},
    )

    internship.refresh_from_db()
    assert internship.academic_supervisor == new_supervisor


def test_the_paperwork_cohort_is_the_faculty_s(client, staff_a, two_faculties, period):
    client.force_login(staff_a)

    response = client.get(reverse("staff_paperwork"), {"period": period.pk})

    assert [internship.pk for internship, _paperwork in response.context["rows"]] == [
        two_faculties["a"].pk
    ]


def test_the_proposal_queue_holds_the_faculty_s_proposals_only(
    client, staff_a, programme, programme_b, period, organisation
):
    mine = factories.StudentFactory(programme=programme).user
    theirs = factories.StudentFactory(programme=programme_b).user
    for student in (mine, theirs):
        proposal_services.submit_proposal(by=student, data=existing_host_data(period, organisation))
    client.force_login(staff_a)

    page = client.get(reverse("proposal_queue")).context["page"]

    assert [proposal.student_id for proposal in page] == [mine.pk]
    other = Proposal.objects.get(student=theirs)
    assert client.get(reverse("proposal_detail", args=[other.pk])).status_code == 404


def test_staff_of_no_faculty_see_an_empty_home_that_tells_them_to_ask_the_office(
    client, two_faculties, student, student_b
):
    nobody = factories.StaffFactory(email="none@example.org", faculties=[])
    client.force_login(nobody)
    home = client.get(reverse("staff_home"))
    assert home.status_code == 200
    assert "You do not work for any faculty yet" in home.content.decode()
    students = client.get(reverse("staff_students"))
    assert students.status_code == 200
    for name in (student.last_name, student_b.last_name):
        assert name not in students.content.decode()


def test_staff_with_a_faculty_are_not_told_to_ask_for_one(client, staff_a):
    client.force_login(staff_a)
    assert (
        "You do not work for any faculty yet"
        not in client.get(reverse("staff_home")).content.decode()
    )
