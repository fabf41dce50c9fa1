from django.urls import reverse
from playwright.sync_api import expect

from tests import factories

from .conftest import assert_accessible, log_in, log_out


def test_staff_find_who_opened_a_students_cv(site, page, staff, student, other_student):
    cv = factories.give_cv(student, label="Main")
    factories.give_cv(other_student, label="Other")
    log_in(page, site, student)
    assert page.request.get(site.url + reverse("student_cv_file", args=[cv.pk])).ok
    log_out(page)

    log_in(page, site, staff)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1, name="Audit log")).to_be_visible()
    page.get_by_label("Person").fill(student.email)
    page.get_by_role("button", name="Filter").click()

    log = page.get_by_role("region", name="Newest lines")
    expect(log.get_by_role("cell", name="File opened: CV")).to_have_count(1)
    expect(log.get_by_text(student.email)).to_be_visible()
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= 390")
    assert_accessible(page)
