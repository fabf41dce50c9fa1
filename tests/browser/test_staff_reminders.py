from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from reminders.services import send_reminders
from tests import factories

from .conftest import assert_accessible, log_in


def intern(first_name, last_name):
    student = factories.InternshipFactory().student
    student.first_name, student.last_name = first_name, last_name
    student.save(update_fields=["first_name", "last_name"])


def test_staff_see_what_reminders_go_out_today_and_which_went_out(site, page, staff):
    intern("Ana", "Mureșan")
    send_reminders(today=timezone.localdate() - timedelta(days=1))
    intern("Radu", "Pop")

    log_in(page, site, staff)
    page.get_by_role("link", name="Reminders").click()

    expect(page.get_by_role("heading", level=1, name="Reminders")).to_be_visible()
    expect(page.get_by_role("heading", name="Logbook silent: 1")).to_be_visible()
    expect(page.get_by_role("cell", name="Radu Pop")).to_be_visible()
    expect(page.get_by_role("cell", name="Ana Mureșan")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Reminder").select_option(label="Logbook silent")
    page.get_by_role("button", name="Filter").click()

    expect(page.get_by_role("cell", name="Ana Mureșan")).to_be_visible()
    assert_accessible(page)
