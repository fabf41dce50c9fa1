from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import StudentCV, StudentProfile
from tests import factories

STUDENTS = reverse("staff_students")
ORGANISATIONS = reverse("staff_organisation_directory")
PLACEMENTS = reverse("staff_placements")
APPLICATIONS = reverse("staff_applications")
LISTS = [STUDENTS, ORGANISATIONS, PLACEMENTS, APPLICATIONS]


def rows(response) -> list:
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def names(response) -> list[str]:
    return [user.get_full_name() for user in rows(response)]


def new_student(programme, first_name="Ana", last_name="Pop", **kwargs):
    return factories.StudentFactory(
        programme=programme, user__first_name=first_name, user__last_name=last_name, **kwargs
    ).user


# Who may see the lists ------------------------------------------------------------------


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("export", [None, "csv", "xlsx"])
def test_anonymous_visitors_are_sent_to_log_in(client, db, url, export):
    response = client.get(url, {"export": export} if export else {})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor", "supervisor"])
@pytest.mark.parametrize("export", [None, "csv", "xlsx"])
def test_other_roles_are_forbidden_the_list_and_its_exports(client, request, url, role, export):
    client.force_login(request.getfixturevalue(role))

    response = client.get(url, {"export": export} if export else {})

    assert response.status_code == 403


# Students -------------------------------------------------------------------------------


def test_the_students_list_shows_each_student_with_what_staff_need(
    client, staff, student, application
):
    StudentProfile.objects.filter(user=student).update(phone="0740 123 456", year_of_study=3)
    client.force_login(staff)

    response = client.get(STUDENTS)

    [row] = rows(response)
    assert row == student
    assert row.application_count == 1
    assert row.is_placed is False
    content = response.content.decode()
    assert reverse("staff_student", args=[student.pk]) in content
    assert student.email in content
    assert student.student_profile.student_number in content
    assert "Computer Science" in content
    assert "0740 123 456" in content


def test_only_students_are_listed(client, staff, student, company_admin, host_tutor):
    client.force_login(staff)

    assert rows(client.get(STUDENTS)) == [student]


def test_students_are_found_by_name_e_mail_or_student_number(client, staff, programme):
    ana = new_student(programme, "Ana", "Pop", user__email="ana.pop@stud.ubbcluj.ro")
    radu = new_student(programme, "Radu", "Ilie", student_number="S777001")
    new_student(programme, "Ioana", "Bălan")
    client.force_login(staff)

    assert rows(client.get(STUDENTS, {"q": "ana pop"})) == [ana]
    assert rows(client.get(STUDENTS, {"q": "stud.ubbcluj"})) == [ana]
    assert rows(client.get(STUDENTS, {"q": "S777001"})) == [radu]
    assert rows(client.get(STUDENTS, {"q": "nobody"})) == []


def test_students_are_filtered_by_programme_and_year(client, staff, programme):
    other_programme = factories.ProgrammeFactory(name="Mathematics", code="MATE")
    first_year = new_student(programme, "Ana", year_of_study=1)
    third_year = new_student(programme, "Dan", year_of_study=3)
    mathematician = new_student(other_programme, "Eva", year_of_study=3)
    client.force_login(staff)

    assert rows(client.get(STUDENTS, {"programme": other_programme.pk})) == [mathematician]
    assert set(rows(client.get(STUDENTS, {"year": 3}))) == {third_year, mathematician}
    assert rows(client.get(STUDENTS, {"programme": programme.pk, "year": 1})) == [first_year]


def test_placed_and_the_applications_count_are_of_the_chosen_period(
    client, staff, student, other_student, internship, programme
):
    later = factories.PeriodFactory(name="Winter 2028")
    later_placement = factories.PlacementFactory(period=later, programmes=[programme])
    factories.ApplicationFactory(placement=later_placement, student=other_student)
    client.force_login(staff)

    in_summer = {"period": internship.period_id}
    in_winter = {"period": later.pk}
    assert rows(client.get(STUDENTS, {**in_summer, "placed": "yes"})) == [student]
    assert rows(client.get(STUDENTS, {**in_summer, "placed": "no"})) == [other_student]
    assert rows(client.get(STUDENTS, {**in_winter, "placed": "yes"})) == []
    counts = {s: s.application_count for s in rows(client.get(STUDENTS, in_winter))}
    assert counts == {student: 0, other_student: 1}
    assert "Applications and placement in Winter 2028" in client.get(
        STUDENTS, in_winter
    ).content.decode("utf-8")


def test_an_internship_ended_early_does_not_count_as_placed(client, staff, student, internship):
    internship.status = "terminated"
    internship.save()
    client.force_login(staff)

    assert rows(client.get(STUDENTS, {"placed": "yes"})) == []


def test_students_are_filtered_by_having_a_cv(client, staff, programme):
    with_cv = new_student(programme, "Ana")
    without_cv = new_student(programme, "Dan")
    StudentCV.objects.create(
        profile=with_cv.student_profile, label="CV", file="private/cv/1/cv.pdf"
    )
    client.force_login(staff)

    assert rows(client.get(STUDENTS, {"has_cv": "yes"})) == [with_cv]
    assert rows(client.get(STUDENTS, {"has_cv": "no"})) == [without_cv]


def test_students_are_sorted_by_the_chosen_order(client, staff, programme, placement):
    bianca = new_student(programme, "Bianca", "Zamfir", student_number="S3")
    andrei = new_student(programme, "Andrei", "Albu", student_number="S2")
    carmen = new_student(programme, "Carmen", "Moga", student_number="S1")
    factories.ApplicationFactory(placement=placement, student=carmen)
    client.force_login(staff)

    assert rows(client.get(STUDENTS)) == [andrei, carmen, bianca]
    assert rows(client.get(STUDENTS, {"sort": "-name"})) == [bianca, carmen, andrei]
    assert rows(client.get(STUDENTS, {"sort": "number"})) == [carmen, andrei, bianca]
    assert rows(client.get(STUDENTS, {"sort": "applications"}))[0] == carmen


# Organisations ---------------------------------------------------------------------------


def test_the_directory_shows_each_organisation_with_contacts_and_counts(
    client, staff, organisation, company_admin, recruiter, internship, other_internship
):
    factories.PlacementFactory(organisation=organisation, status="draft")
    client.force_login(staff)

    response = client.get(ORGANISATIONS)

    by_name = {o.legal_name: o for o in rows(response)}
    ours = by_name["Codează Someș SRL"]
    assert (ours.placement_count, ours.intern_count) == (2, 1)
    assert [m.user for m in ours.admin_memberships] == [company_admin]
    content = response.content.decode()
    assert company_admin.email in content
    assert recruiter.email not in content
    assert organisation.registration_number in content
    assert "Creative industries and ICT" in content
    assert "Cluj" in content


def test_organisations_are_filtered_by_text_status_sector_and_county(client, staff):
    bihor = factories.CountyFactory(code="BH", name="Bihor")
    health = factories.SectorFactory(name="Health")
    nordic = factories.OrganisationFactory(legal_name="Nordic Soft SRL", status="pending")
    oradea = factories.OrganisationFactory(legal_name="Oradea Med SA", county=bihor, sector=health)
    factories.MembershipFactory(
        organisation=oradea, user__email="hr@oradeamed.ro", user__role="company"
    )
    client.force_login(staff)

    assert rows(client.get(ORGANISATIONS, {"q": "nordic"})) == [nordic]
    assert rows(client.get(ORGANISATIONS, {"q": nordic.registration_number})) == [nordic]
    assert rows(client.get(ORGANISATIONS, {"q": "hr@oradeamed"})) == [oradea]
    assert rows(client.get(ORGANISATIONS, {"status": "pending"})) == [nordic]
    assert rows(client.get(ORGANISATIONS, {"sector": health.pk})) == [oradea]
    assert rows(client.get(ORGANISATIONS, {"county": bihor.pk})) == [oradea]


def test_organisations_are_sorted_by_the_chosen_order(client, staff, period):
    alfa = factories.OrganisationFactory(legal_name="Alfa SRL")
    zeta = factories.OrganisationFactory(legal_name="Zeta SRL")
    factories.PlacementFactory(organisation=zeta, period=period)
    client.force_login(staff)

    assert rows(client.get(ORGANISATIONS)) == [alfa, zeta]
    assert rows(client.get(ORGANISATIONS, {"sort": "-name"})) == [zeta, alfa]
    assert rows(client.get(ORGANISATIONS, {"sort": "placements"})) == [zeta, alfa]


# Placements ------------------------------------------------------------------------------


def test_the_placements_list_shows_every_state_with_its_counts(
    client, staff, placement, internship
):
    factories.ApplicationFactory(placement=placement)
    draft = factories.PlacementFactory(status="draft", title="Draft role")
    client.force_login(staff)

    response = client.get(PLACEMENTS)

    by_title = {p.title: p for p in rows(response)}
    assert set(by_title) == {placement.title, draft.title}
    assert (
        by_title[placement.title].applicant_count,
        by_title[placement.title].accepted_count,
    ) == (
        2,
        1,
    )
    assert reverse("placement_detail", args=[placement.pk]) in response.content.decode()


def test_placements_are_filtered_by_each_filter(client, staff, placement, programme, period):
    bihor = factories.CountyFactory(code="BH", name="Bihor")
    mathematics = factories.ProgrammeFactory(name="Mathematics", code="MATE")
    later = factories.PeriodFactory(name="Winter 2028")
    remote = factories.PlacementFactory(
        title="Data analyst",
        status="closed",
        work_mode="remote",
        county=bihor,
        city="Oradea",
        period=later,
        programmes=[mathematics],
    )
    client.force_login(staff)

    def found(**params):
        return rows(client.get(PLACEMENTS, params))

    assert found(q="analyst") == [remote]
    assert found(q="Codează") == [placement]
    assert found(q="oradea") == [remote]
    assert found(status="closed") == [remote]
    assert found(period=period.pk) == [placement]
    assert found(programme=mathematics.pk) == [remote]
    assert found(organisation=placement.organisation_id) == [placement]
    assert found(county=bihor.pk) == [remote]
    assert found(work_mode="remote") == [remote]
    assert found(work_mode="hybrid", period=later.pk) == []


def test_placements_are_sorted_by_the_chosen_order(client, staff, organisation, period):
    soon = factories.PlacementFactory(
        organisation=organisation,
        period=period,
        title="Zzz later title",
        deadline=timezone.localdate() + timedelta(days=2),
    )
    later = factories.PlacementFactory(
        organisation=organisation,
        period=period,
        title="Aaa first title",
        deadline=timezone.localdate() + timedelta(days=9),
    )
    factories.ApplicationFactory(placement=soon)
    client.force_login(staff)

    assert rows(client.get(PLACEMENTS)) == [later, soon]
    assert rows(client.get(PLACEMENTS, {"sort": "deadline"})) == [soon, later]
    assert rows(client.get(PLACEMENTS, {"sort": "title"})) == [later, soon]
    assert rows(client.get(PLACEMENTS, {"sort": "applicants"})) == [soon, later]


# Applications ----------------------------------------------------------------------------


def test_the_applications_list_links_each_application_to_its_staff_page(
    client, staff, application, student
):
    client.force_login(staff)

    response = client.get(APPLICATIONS)

    assert rows(response) == [application]
    content = response.content.decode()
    assert reverse("staff_application", args=[application.pk]) in content
    assert student.email in content
    assert "Computer Science" in content
    assert "Codează Someș SRL" in content
    assert "Summer 2027" in content


def test_applications_are_filtered_by_each_filter(
    client, staff, application, other_placement, programme
):
    mathematics = factories.ProgrammeFactory(name="Mathematics", code="MATE")
    later = factories.PeriodFactory(name="Winter 2028")
    elsewhere = factories.ApplicationFactory(
        placement=other_placement,
        student=new_student(mathematics, "Radu", "Ilie"),
        status="offered",
    )
    in_winter = factories.ApplicationFactory(
        placement=factories.PlacementFactory(period=later, programmes=[programme])
    )
    client.force_login(staff)

    def found(**params):
        return rows(client.get(APPLICATIONS, params))

    assert found(status="offered") == [elsewhere]
    assert found(period=later.pk) == [in_winter]
    assert found(programme=mathematics.pk) == [elsewhere]
    assert found(organisation=other_placement.organisation_id) == [elsewhere]
    assert found(q="radu ilie") == [elsewhere]
    assert found(q="Data analyst") == [elsewhere]
    assert found(q=application.student.student_profile.student_number) == [application]
    # Each word may be found in a different place: the student's name and the organisation's.
    organisation_word = other_placement.organisation.legal_name.split()[0]
    assert found(q=f"radu {organisation_word}") == [elsewhere]


def test_applications_are_sorted_by_the_chosen_order(client, staff, placement, programme):
    first = factories.ApplicationFactory(
        placement=placement, student=new_student(programme, "Zoe", "Zamfir")
    )
    second = factories.ApplicationFactory(
        placement=placement, student=new_student(programme, "Adi", "Albu"), status="offered"
    )
    client.force_login(staff)

    assert rows(client.get(APPLICATIONS)) == [second, first]
    assert rows(client.get(APPLICATIONS, {"sort": "oldest"})) == [first, second]
    assert rows(client.get(APPLICATIONS, {"sort": "student"})) == [second, first]


# Nonsense in the URL ---------------------------------------------------------------------


@pytest.mark.parametrize("url", LISTS)
def test_nonsense_filters_are_named_and_change_nothing(client, staff, application, url):
    client.force_login(staff)

    response = client.get(
        url,
        {
            "status": "zzz",
            "period": "abc",
            "programme": "-1",
            "year": "9",
            "placed": "maybe",
            "sort": "sideways",
            "page": "many",
        },
    )

    assert response.status_code == 200
    assert response.context["filter"].errors
    content = response.content.decode()
    assert "Some filters could not be used" in content
    assert "Select a valid choice." in content
    assert len(rows(response)) == 1


# Queries ---------------------------------------------------------------------------------


def _students(n, programme, placement):
    for _ in range(n):
        factories.ApplicationFactory(
            placement=placement, student=factories.StudentFactory(programme=programme).user
        )


def _organisations(n, programme, placement):
    for _ in range(n):
        membership = factories.MembershipFactory()
        factories.PlacementFactory(
            organisation=membership.organisation,
            period=placement.period,
            programmes=[programme],
            county=placement.county,
        )


def _placements(n, programme, placement):
    for _ in range(n):
        factories.PlacementFactory(
            organisation=placement.organisation, period=placement.period, programmes=[programme]
        )


def _applications(n, programme, placement):
    _students(n, programme, placement)


SORTED_BY_A_COUNT = {
    STUDENTS: "applications",
    ORGANISATIONS: "placements",
    PLACEMENTS: "applicants",
    APPLICATIONS: "student",
}


@pytest.mark.parametrize("rows_count", [3, 30])
@pytest.mark.parametrize(
    ("url", "build", "budget"),
    [
        (STUDENTS, _students, 7),
        (ORGANISATIONS, _organisations, 8),
        (PLACEMENTS, _placements, 9),
        (APPLICATIONS, _applications, 8),
    ],
)
def test_each_list_needs_the_same_queries_for_3_or_30_rows(
    client,
    staff,
    programme,
    placement,
    rows_count,
    url,
    build,
    budget,
    django_assert_max_num_queries,
):
    build(rows_count, programme, placement)
    client.force_login(staff)

    with django_assert_max_num_queries(budget):
        response = client.get(url, {"sort": SORTED_BY_A_COUNT[url]})

    page = response.context["page"]
    assert page.paginator.count >= rows_count
    assert len(page) == min(page.paginator.count, 20)
