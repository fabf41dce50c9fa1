"""Staff filter the logbooks and the certificates lists and download their files."""

import csv
import io
from datetime import timedelta

import openpyxl
from django.utils import timezone
from playwright.sync_api import expect

from tests.documents.test_certificates_export import certificate
from tests.factories import LogbookEntryFactory

from .conftest import assert_accessible, log_in


def test_staff_filter_logbooks_and_certificates_and_download_their_files(
    site, page, staff, internship, host_tutor, tmp_path
):
    today = timezone.localdate()
    LogbookEntryFactory(
        internship=internship,
        date=today - timedelta(days=2),
        status="approved",
        activities="Am scris teste de integrare",
        reviewed_by=host_tutor,
        reviewed_at=timezone.now(),
    )
    LogbookEntryFactory(internship=internship, date=today - timedelta(days=1), status="submitted")
    valid = certificate(staff, internship=internship)
    certificate(
        staff,
        internship=internship,
        issued_at=timezone.now() - timedelta(days=3),
        revoked_at=timezone.now() - timedelta(days=1),
        revoked_by=staff,
        revocation_reason="Perioadă greșită",
        replaced_by=valid,
    )

    log_in(page, site, staff)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Logbooks").click()
    expect(page.get_by_role("heading", name="Logbooks", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="2 logbook entries")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Status of the entry").select_option("approved")
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page.get_by_role("heading", name="1 logbook entry")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(info.value.path().read_bytes())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert info.value.suggested_filename == f"logbook-entries-{today.isoformat()}.xlsx"
    assert len(rows) == 2 and rows[1][11] == "Am scris teste de integrare"

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Certificates").click()
    expect(page.get_by_role("heading", name="Certificates", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("combobox", name="Status", exact=True).select_option("revoked")
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page.get_by_role("heading", name="1 certificate", exact=True)).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV with semicolons").click()
    text = open(info.value.path(), encoding="utf-8-sig").read()
    header, row = csv.reader(io.StringIO(text), delimiter=";")
    assert header[0] == "Serial number"
    assert row[11:15] == ["Revoked", row[12], "Perioadă greșită", valid.serial]
