"""The logbook entries list is a registered list: staff and mentors choose its file's
columns; staff save it as a report, mentors may not; a saved report says which filter
went stale."""

import pytest
from django.urls import reverse

from core import reports
from office.models import SavedReport
from tests import factories

pytestmark = pytest.mark.django_db

LOGBOOKS = reverse("logbook_entries")


def test_a_mentor_chooses_the_columns_but_is_not_offered_to_save(client, supervisor, internship):
    factories.LogbookEntryFactory(internship=internship)
    client.force_login(supervisor)

    page = client.get(LOGBOOKS)
    exported = client.get(LOGBOOKS, {"export": "csv", "columns": ["student", "hours"]})

    assert 'name="columns" value="hours"' in page.text
    assert 'value="student-number"' not in page.text  # a column for staff only
    assert "Save as report" not in page.text
    assert b"".join(exported.streaming_content).decode("utf-8-sig").splitlines()[0] == (
        "Student,Hours"
    )


def test_a_mentor_may_not_save_the_list_as_a_report(client, supervisor):
    client.force_login(supervisor)

    url = reverse("saved_report_create", args=["logbook-entries"])
    response = client.post(url, {"name": "Mine", "format": "csv"})

    assert response.status_code == 403
    assert not SavedReport.objects.exists()


@pytest.mark.parametrize("slug", ["logbook-entries", "certificates", "vetting"])
def test_staff_save_the_lower_lists_as_reports_and_download_them(client, staff, slug):
    report = reports.get(slug)
    client.force_login(staff)

    page = client.get(report.url())
    saved = client.post(
        reverse("saved_report_create", args=[slug]) + "?columns=" + report.columns[0].key,
        {"name": f"My {slug}", "format": "csv"},
    )
    download = client.get(reverse("saved_report_download", args=[SavedReport.objects.get().pk]))

    assert "Save as report" in page.text
    assert saved.status_code == 302
    assert SavedReport.objects.get().columns == [report.columns[0].key]
    assert download.status_code == 200
    header = b"".join(download.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert header == str(report.columns[0].header)


def test_a_saved_logbooks_report_names_its_stale_filter(client, staff, period):
    client.force_login(staff)
    saved = SavedReport.objects.create(
        owner=staff,
        name="Old period",
        list_slug="logbook-entries",
        params={"period": [str(period.pk + 1000)]},
        columns=["student"],
        format="csv",
    )

    response = client.get(reverse("saved_report_download", args=[saved.pk]))

    assert response.status_code == 409
    assert "The filter “Period” no longer accepts the saved value" in response.text
