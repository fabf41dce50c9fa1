import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from internships.models import Internship
from mentors.models import Competency, LogbookEntry

from .conftest import assert_accessible, log_in, log_out


def test_a_week_logged_approved_evaluated_graded_and_the_internship_completes(
    site, page, internship, host_tutor, supervisor
):
    Internship.objects.filter(pk=internship.pk).update(required_hours=40)
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() + 7)

    # The student logs last week, day by day, and hands it to the tutor.
    log_in(page, site, internship.student)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My internship").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ioana Bălan")
    assert_accessible(page)
    page.get_by_role("link", name="Open the logbook").click()
    assert_accessible(page)
    for offset in range(5):
        day = monday + timedelta(days=offset)
        page.get_by_label("Date").fill(day.isoformat())
        page.get_by_role("spinbutton", name="Hours").fill("8")
        page.get_by_label("Activities").fill(f"Ziua {offset + 1}: teste și documentație.")
        page.get_by_role("button", name="Add to my logbook").click()
        expect(page.locator("main")).to_contain_text(f"Ziua {offset + 1}")
    page.get_by_role("button", name=re.compile("^Submit")).click()
    expect(page.get_by_text("Awaiting approval").first).to_be_visible()
    assert_accessible(page)
    assert LogbookEntry.objects.filter(status="submitted").count() == 5
    log_out(page)

    # The host tutor approves the whole week in one action, then writes the final evaluation.
    log_in(page, site, host_tutor)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.goto(site.url + f"/internships/{internship.pk}/logbook/")
    page.get_by_role("button", name=re.compile("Approve this week")).first.click()
    expect(page.get_by_text("Approved").first).to_be_visible()
    assert_accessible(page)
    assert LogbookEntry.objects.filter(status="approved").count() == 5
    page.goto(site.url + f"/internships/{internship.pk}/evaluations/final/")
    assert_accessible(page)
    for competency in Competency.objects.filter(is_active=True):
        page.get_by_role("group", name=re.compile(re.escape(competency.name))).get_by_label(
            re.compile(r"^\s*4 ")
        ).check()
    page.get_by_label("Overall comment").fill("Un stagiar serios și curios.")
    page.get_by_role("button", name=re.compile("^Submit")).click()
    expect(page.get_by_text("Submitted and locked").first).to_be_visible()
    assert_accessible(page)
    log_out(page)

    # The academic supervisor records the result and completes the internship.
    log_in(page, site, supervisor)
    page.goto(site.url + f"/internships/{internship.pk}/result/")
    assert_accessible(page)
    page.get_by_label("Grade").select_option("9")
    page.get_by_role("group", name="Passed").get_by_label("Yes").check()
    page.get_by_role("button", name="Save the result").click()
    expect(page.get_by_text("9").first).to_be_visible()
    page.goto(site.url + f"/internships/{internship.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Complete the internship").click()

    expect(page.locator("main")).to_contain_text("Completed")
    assert_accessible(page)
    internship.refresh_from_db()
    assert internship.status == "completed"
