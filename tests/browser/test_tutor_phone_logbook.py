import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from mentors.models import LogbookEntry
from tests import factories

from .conftest import assert_accessible, log_in

PHONE = {"width": 390, "height": 844}


def assert_fits_the_screen(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths}"


def test_a_host_tutor_on_a_phone_returns_an_entry_and_approves_a_week(
    site, page, internship, host_tutor
):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() + 7)
    entries = [
        factories.LogbookEntryFactory(
            internship=internship,
            date=monday + timedelta(days=offset),
            hours=6,
            activities=f"Ziua {offset + 1}: teste pentru modulul de facturare.",
            status="submitted",
        )
        for offset in range(3)
    ]
    returned = entries[1]
    page.set_viewport_size(PHONE)

    log_in(page, site, host_tutor)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_fits_the_screen(page)
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("entries awaiting approval")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Logbook of")
    assert_fits_the_screen(page)
    assert_accessible(page)

    row = page.locator(f"#entry-{returned.pk}")
    row.locator("summary", has_text="Return").click()
    row.get_by_label("What should the student change?").fill("Descrieți ce teste ați scris.")
    assert_fits_the_screen(page)
    assert_accessible(page)
    row.get_by_role("button", name="Return to the student").click()
    expect(page.locator(".messages")).to_contain_text("was returned to the student")
    assert_fits_the_screen(page)
    assert_accessible(page)

    page.get_by_role("button", name=re.compile("Approve this week")).first.click()
    expect(page.locator(".messages")).to_contain_text("2 entries approved.")
    assert_fits_the_screen(page)
    assert_accessible(page)

    statuses = dict(LogbookEntry.objects.filter(internship=internship).values_list("pk", "status"))
    assert statuses == {
        entries[0].pk: "approved",
        returned.pk: "returned",
        entries[2].pk: "approved",
    }
    assert LogbookEntry.objects.get(pk=returned.pk).review_comment == (
        "Descrieți ce teste ați scris."
    )
