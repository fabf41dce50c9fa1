import io
import zipfile
from pathlib import Path

from playwright.sync_api import expect

from notifications.models import Notification
from tests.factories import PeriodFactory
from tests.office.test_paperwork import make_internship

from .conftest import assert_accessible, log_in


def test_staff_remind_a_cohort_and_download_its_confirmed_agreements(
    site, page, staff, period, programme, organisation, company_admin, supervisor
):
    make_internship(PeriodFactory(name="Autumn 2025"), programme, last_name="Elsewhere")
    confirmed = make_internship(
        period, programme, organisation=organisation, first_name="Ștefan", last_name="Țurcanu"
    )
    make_internship(
        period,
        programme,
        organisation=organisation,
        confirmed=("university",),
        supervisor=supervisor,
        last_name="Bălan",
    )

    log_in(page, site, staff)
    page.get_by_role("link", name="Agreements", exact=True).click()
    expect(page.get_by_role("heading", name="Agreements of a cohort")).to_be_visible()
    page.get_by_label("Period").select_option(label="Summer 2027")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Summer 2027")).to_be_visible()
    expect(page.locator("#count-confirmed")).to_contain_text("1 confirmed by all three")
    expect(page.locator("#count-student")).to_contain_text("1 missing the student")
    expect(page.get_by_role("rowheader", name="Ștefan Țurcanu")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Elsewhere")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Remind those missing").click()
    expect(page.locator("#remind-summary")).to_contain_text("2 people will be reminded.")
    assert_accessible(page)
    page.get_by_role("button", name="Remind 2 people").click()
    expect(page.get_by_text("2 people were reminded")).to_be_visible()
    assert Notification.objects.filter(kind__startswith="agreement_reminder").count() == 2

    page.get_by_role("link", name="Remind those missing").click()
    expect(page.locator("#remind-summary")).to_have_text("No one will be reminded.")
    expect(page.locator("#remind-held-back")).to_contain_text("2 people were reminded recently")
    assert_accessible(page)
    page.get_by_role("link", name="Back to the agreements").click()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the confirmed agreements (ZIP)").click()

    assert download.value.suggested_filename == "agreements-Summer-2027.zip"
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert archive.namelist() == [f"INFO-Turcanu-Stefan-{confirmed.pk}.pdf"]
