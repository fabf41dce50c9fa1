"""A student downloads their data, then asks for its erasure; staff see the outcome."""

import io
import json
import zipfile

from playwright.sync_api import expect

from accounts.models import User
from tests import factories

from .conftest import assert_accessible, log_in, log_out

PHONE = {"width": 390, "height": 844}


def fits_a_phone(page):
    page.set_viewport_size(PHONE)
    wide = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert wide <= PHONE["width"], f"{page.url} is {wide} px wide on a phone"


def test_a_student_downloads_their_data_then_has_it_erased(
    site, page, student, staff, placement, host_tutor, supervisor
):
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    internship = factories.InternshipFactory(
        application=application, host_tutor=host_tutor, academic_supervisor=supervisor,
        status="completed",
    )  # fmt: skip
    factories.LogbookEntryFactory(internship=internship, activities="Am scris teste.")
    factories.give_cv(student)
    email = student.email

    log_in(page, site, student)
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Download your data or ask for its erasure").click()
    expect(page.get_by_role("heading", level=1, name="Your data")).to_be_visible()
    assert_accessible(page)
    fits_a_phone(page)

    page.get_by_role("button", name="Prepare a copy").click()
    expect(page.get_by_text("Your copy is being prepared")).to_be_visible()
    # The tasks of the tests run at once: the copy is ready when the page comes back.
    expect(page.get_by_role("cell", name="Ready to download")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the ZIP").click()
    archive = zipfile.ZipFile(io.BytesIO(open(info.value.path(), "rb").read()))  # noqa: SIM115
    assert json.loads(archive.read("logbook_entries.json"))[0]["activities"] == "Am scris teste."
    assert any(name.startswith("files/cvs/") for name in archive.namelist())
    assert_accessible(page)

    page.get_by_label("Type your e-mail address to confirm").fill(email)
    page.get_by_role("button", name="Erase my data").click()
    expect(page.get_by_role("heading", level=1, name="Your erasure is under way")).to_be_visible()
    assert_accessible(page)
    fits_a_phone(page)
    page.get_by_role("link", name="Read the privacy notice").click()
    expect(page.get_by_role("heading", level=1, name="Privacy notice")).to_be_visible()
    assert_accessible(page)
    fits_a_phone(page)

    erased = User.objects.get(pk=student.pk)
    assert erased.email == f"erased-{student.pk}@erased.invalid"

    log_in(page, site, staff)
    page.get_by_role("link", name="Erasure requests").click()
    expect(page.get_by_role("heading", level=1, name="Erasure requests")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=f"Erased user #{student.pk}")
    expect(row).to_contain_text("Done")
    expect(row).to_contain_text("Applications that led to an internship")
    assert_accessible(page)
    fits_a_phone(page)
    page.get_by_label("Status", exact=True).select_option("refused")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No erasure request.")).to_be_visible()
    log_out(page)
