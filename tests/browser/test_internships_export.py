"""Staff filter the internships of one programme and download them as XLSX; the file holds
exactly that programme's interns. The list fits a phone's width."""

import openpyxl
import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import assert_accessible, log_in

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}


def intern_of(programme, organisation, last_name):
    student = factories.StudentFactory(programme=programme, user__last_name=last_name).user
    placement = factories.PlacementFactory(organisation=organisation, programmes=[programme])
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    return factories.InternshipFactory(application=application)


def test_staff_export_one_programmes_interns_as_xlsx(
    site, page, staff, programme, organisation, tmp_path
):
    mathematics = factories.ProgrammeFactory(name="Mathematics", code="MATE")
    wanted = [intern_of(mathematics, organisation, name) for name in ("Albu", "Zamfir")]
    intern_of(programme, organisation, "Popescu")

    page.set_viewport_size(WIDE)
    log_in(page, site, staff)
    page.goto(site.url + "/staff/internships/")
    page.get_by_label("Study programme").select_option(label="Mathematics")
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="2 internships")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)

    assert saved.suffix == ".xlsx"
    rows = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
    header, *lines = rows
    email, programme_column = header.index("E-mail"), header.index("Programme")
    assert sorted(line[email] for line in lines) == sorted(i.student.email for i in wanted)
    assert {line[programme_column] for line in lines} == {"Mathematics"}


@pytest.mark.parametrize("viewport", [WIDE, PHONE])
def test_the_internships_list_does_not_scroll_sideways(
    site, page, staff, programme, organisation, viewport
):
    intern_of(programme, organisation, "Popescu")

    page.set_viewport_size(viewport)
    log_in(page, site, staff)
    page.goto(site.url + "/staff/internships/?sort=name")

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"]
    assert_accessible(page)
