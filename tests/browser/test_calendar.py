from datetime import timedelta

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

    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    page.get_by_role("button", name="Create the feed address").click()
    expect(page).to_have_url(site.url + "/calendar/feed/new/#feed-heading")
    feed_section = page.get_by_role("region", name="Subscribe in your calendar app")
    expect(feed_section.get_by_role("status")).to_have_text(
        "Your calendar feed is ready: copy its address now."
    )
    address = page.get_by_label("Address of your calendar feed")
    expect(address).to_be_visible()
    url = address.input_value()
    assert url.startswith(site.url + "/calendar/") and url.endswith(".ics")
    expect(page.get_by_text("Keep it secret")).to_be_visible()
    assert_accessible(page)

    feed_section.get_by_role("button", name="Copy the address").click()
    expect(feed_section.get_by_text("Copied", exact=True)).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == url

    feed = page.request.get(url)
    assert feed.status == 200
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(feed.body()).walk("VEVENT")
    assert "Self-evaluation due (Codează Someș SRL)" in {str(e["summary"]) for e in events}

    first_hash = CalendarFeed.objects.get().token_hash
    page.reload()
    expect(feed_section.get_by_role("status")).to_have_text(
        "You already have a calendar feed. Reset its address to get a new one."
    )
    expect(page.get_by_label("Address of your calendar feed")).to_have_count(0)
    assert CalendarFeed.objects.get().token_hash == first_hash
    assert page.request.get(url).status == 200

    page.goto(site.url + "/calendar/")
    expect(page.get_by_label("Address of your calendar feed")).to_have_count(0)
    expect(page.get_by_text(url)).to_have_count(0)
    page.get_by_role("button", name="Stop the feed").click()
    expect(page.get_by_text("The calendar feed is stopped")).to_be_visible()
    assert_accessible(page)
    assert CalendarFeed.objects.get().revoked_at is not None
    assert page.request.get(url).status == 404


def test_on_a_phone_the_new_address_shows_whole_beside_its_confirmation(site, page, student):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, site, student)
    page.goto(site.url + "/calendar/")

    page.get_by_role("button", name="Create the feed address").click()

    expect(page.get_by_text("Your calendar feed is ready")).to_be_in_viewport()
    address = page.get_by_label("Address of your calendar feed")
    expect(address).to_be_visible()
    height, shown_height, width, shown_width = address.evaluate(
        "f => [f.scrollHeight, f.clientHeight, f.scrollWidth, f.clientWidth]"
    )
    assert height <= shown_height and width <= shown_width
    assert address.bounding_box()["width"] <= 390
    expect(page.get_by_role("button", name="Copy the address")).to_be_visible()
    assert_accessible(page)


def test_in_romanian_the_deadlines_titles_line_up(site, page, internship, period):
    period.certificates_on = period.ends_on + timedelta(days=60)
    period.save()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, site, internship.student)
    page.get_by_role("button", name="Română").click()
    expect(page.locator("html")).to_have_attribute("lang", "ro")

    for url in ("/", "/calendar/"):
        page.goto(site.url + url)
        titles = page.locator(".deadlines .deadline-what a")
        expect(titles.first).to_be_visible()
        # Whatever today's dates are, one row shows the longest of the year's dates.
        page.locator(".deadlines time").first.evaluate(
            "time => { time.textContent = '28 septembrie 2027'; }"
        )
        lefts = {round(box["x"]) for box in (t.bounding_box() for t in titles.all())}
        assert len(titles.all()) > 1 and len(lefts) == 1, (url, lefts)


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
