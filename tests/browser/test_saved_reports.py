import io
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect

from office.models import SavedReport
from tests.factories import ProgrammeFactory, StudentFactory

from .conftest import assert_accessible, log_in

KEPT = ["Last name", "E-mail", "Programme"]


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_staff_save_a_filtered_list_with_three_columns_and_download_it(
    site, page, staff, student, programme
):
    StudentFactory(programme=ProgrammeFactory(name="Law", code="LAW"))
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, site, staff)
    page.goto(site.url + "/staff/students/")
    page.get_by_label("Study programme").select_option(label="Computer Science")
    page.locator("summary", has_text="Columns in the file").click()
    for checkbox in page.locator('input[name="columns"]').all():
        label = checkbox.evaluate("box => box.parentElement.textContent.trim()")
        checkbox.set_checked(label in KEPT)
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page.get_by_role("link", name=student.display_name)).to_be_visible()
    assert "columns=e-mail" in page.url
    assert_accessible(page)
    assert no_sideways_scroll(page)

    page.locator("summary", has_text="Save as report").click()
    page.get_by_label("Name", exact=True).fill("Computer Science students")
    page.get_by_label("File format").select_option("xlsx")
    page.get_by_role("button", name="Save the report").click()

    expect(page.get_by_role("heading", name="Saved reports", level=1)).to_be_visible()
    expect(page.get_by_text("Study programme: Computer Science")).to_be_visible()
    expect(page.get_by_text("3 columns")).to_be_visible()
    assert_accessible(page)
    assert no_sideways_scroll(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download Computer Science students").click()

    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == KEPT
    assert rows[1:] == [(student.last_name, student.email, "Computer Science")]
    assert SavedReport.objects.get().last_downloaded_at is not None

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.get_by_role("link", name="Download Computer Science students")).to_be_visible()
    assert_accessible(page)
    assert no_sideways_scroll(page)
    page.goto(site.url + "/staff/students/?columns=e-mail")
    assert_accessible(page)
    assert no_sideways_scroll(page)


def test_the_file_and_the_report_take_the_columns_ticked_without_pressing_filter(
    site, page, staff, student, programme
):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, site, staff)
    page.goto(site.url + "/staff/students/")
    page.locator("summary", has_text="Columns in the file").click()
    for checkbox in page.locator('input[name="columns"]').all():
        label = checkbox.evaluate("box => box.parentElement.textContent.trim()")
        checkbox.set_checked(label in KEPT)

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV with commas").click()

    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == ",".join(KEPT)

    page.locator("summary", has_text="Save as report").click()
    page.get_by_label("Name", exact=True).fill("Three columns")
    page.get_by_role("button", name="Save the report").click()

    expect(page.get_by_text("3 columns")).to_be_visible()
    assert SavedReport.objects.get().columns == ["last-name", "e-mail", "programme"]
