import re

from playwright.sync_api import expect

from tests import factories

from .conftest import assert_accessible, log_in


def two_faculties(period, organisation):
    """Faculty A's student Ana Albu with an internship; faculty B's Bogdan Zamfir with one."""
    faculty_a = factories.FacultyFactory()
    faculty_b = factories.FacultyFactory(
        code="FSEGA", name="Faculty of Economics and Business Administration"
    )
    programme_a = factories.ProgrammeFactory(
        name="Computer Science", code="INFO", faculty_unit=faculty_a
    )
    programme_b = factories.ProgrammeFactory(
        name="Business Information Systems", code="IE", faculty_unit=faculty_b
    )
    placement = factories.PlacementFactory(
        organisation=organisation, period=period, programmes=[programme_a, programme_b]
    )
    internships = {}
    for key, programme, first, last in (
        ("a", programme_a, "Ana", "Albu"),
        ("b", programme_b, "Bogdan", "Zamfir"),
    ):
        student = factories.StudentFactory(
            programme=programme, user__first_name=first, user__last_name=last
        ).user
        application = factories.ApplicationFactory(
            placement=placement, student=student, status="accepted"
        )
        internships[key] = factories.InternshipFactory(application=application)
    return faculty_a, internships


def test_a_faculty_staff_member_sees_only_their_faculty(site, page, period, organisation):
    faculty_a, internships = two_faculties(period, organisation)
    member = factories.StaffFactory(email="fmi@example.org", faculties=[faculty_a])

    log_in(page, site, member)
    page.goto(site.url + "/staff/students/")
    expect(page.get_by_role("link", name="Ana Albu")).to_be_visible()
    expect(page.get_by_text("Zamfir")).to_have_count(0)
    assert_accessible(page)

    page.goto(site.url + "/staff/internships/")
    expect(page.get_by_text("Ana Albu").first).to_be_visible()
    expect(page.get_by_text("Zamfir")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Ana Albu").first.click()
    expect(page).to_have_url(re.compile(rf"/internships/{internships['a'].pk}/$"))
    assert_accessible(page)

    other = internships["b"].student
    response = page.goto(site.url + f"/staff/students/{other.pk}/")
    assert response.status == 404


def test_staff_of_all_faculties_give_a_colleague_one_faculty(site, page, staff):
    faculty = factories.FacultyFactory()
    colleague = factories.StaffFactory(
        email="colleague@example.org", first_name="Radu", last_name="Ciobanu"
    )

    log_in(page, site, staff)
    page.goto(site.url + "/staff/faculties/")
    expect(page.get_by_role("heading", name="Faculties", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Radu Ciobanu").click()
    page.get_by_label("All faculties").uncheck()
    page.get_by_label(faculty.name).check()
    assert_accessible(page)
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_text("The faculties of Radu Ciobanu are saved.")).to_be_visible()
    colleague.refresh_from_db()
    assert not colleague.all_faculties
    assert list(colleague.faculties.all()) == [faculty]
