from icalendar import Calendar
from playwright.sync_api import expect

from agenda.models import CalendarFeed

from .conftest import assert_accessible, log_in


def test_a_student_sees_coming_deadlines_and_subscribes_to_the_feed(site, page, internship):
    log_in(page, site, internship.student)

    deadlines = page.get_by_role("region", name="Coming deadlines")
    expect(deadlines).to_contain_text("Self-evaluation due (Codează Someș SRL)")
    assert_accessible(page)

    deadlines.get_by_role("link", name="All deadlines and calendar feed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deadlines and calendar")
    expect(page.get_by_role("region", name="Your deadlines for the coming year")).to_contain_text(
        "Your internship at Codează Someș SRL ends"
    )
    assert_accessible(page)

    page.get_by_role("button", name="Create the feed address").click()
    address = page.get_by_label("Address of your calendar feed")
    expect(address).to_be_visible()
    url = address.input_value()
    assert url.startswith(site.url + "/calendar/") and url.endswith(".ics")
    expect(page.get_by_text("Keep it secret")).to_be_visible()
    assert_accessible(page)

    feed = page.request.get(url)
    assert feed.status == 200
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(feed.body()).walk("VEVENT")
    assert "Self-evaluation due (Codează Someș SRL)" in {str(e["summary"]) for e in events}

    page.reload()
    expect(page.get_by_label("Address of your calendar feed")).to_have_count(0)
    page.get_by_role("button", name="Stop the feed").click()
    expect(page.get_by_text("The calendar feed is stopped")).to_be_visible()
    assert_accessible(page)
    assert CalendarFeed.objects.get().revoked_at is not None
    assert page.request.get(url).status == 404


def test_staff_set_a_periods_calendar_and_a_date_out_of_order_is_explained(
    site, page, staff, period
):
    log_in(page, site, staff)
    page.goto(site.url + f"/staff/periods/{period.pk}/")
    calendar = page.get_by_role("group", name="Calendar")
    expect(calendar).to_be_visible()
    assert_accessible(page)

    calendar.get_by_label("Mid-term evaluations due").fill(period.ends_on.isoformat())
    page.get_by_role("button", name="Save period").click()

    expect(page.get_by_text("Mid-term evaluations are due during the internship")).to_be_visible()
    assert_accessible(page)
    period.refresh_from_db()
    assert period.midterm_evaluation_due_on is None

    middle = period.starts_on + (period.ends_on - period.starts_on) / 2
    page.get_by_role("group", name="Calendar").get_by_label("Mid-term evaluations due").fill(
        middle.isoformat()
    )
    page.get_by_role("button", name="Save period").click()

    expect(page.get_by_text("Period “Summer 2027” saved.")).to_be_visible()
    period.refresh_from_db()
    assert period.midterm_evaluation_due_on == middle
