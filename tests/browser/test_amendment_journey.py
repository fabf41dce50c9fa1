from datetime import timedelta

from django.utils import translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from internships.models import Amendment, Internship, Period

from .conftest import assert_accessible, log_in, log_out


def test_staff_move_the_end_date_and_the_three_parties_confirm_it(
    site, page, internship, staff, company_admin
):
    Period.objects.filter(pk=internship.period_id).update(
        starts_on=internship.starts_on - timedelta(days=10),
        ends_on=internship.ends_on + timedelta(days=60),
    )
    new_end = internship.ends_on + timedelta(days=21)
    with translation.override("en"):
        old_shown = date_format(internship.ends_on, "SHORT_DATE_FORMAT")
        new_shown = date_format(new_end, "SHORT_DATE_FORMAT")
        new_in_words = date_format(new_end, "DATE_FORMAT")

    # The internship office proposes a later end date, saying why, and confirms it.
    log_in(page, site, staff)
    page.goto(site.url + internship.get_absolute_url())
    page.get_by_role("link", name="Propose an amendment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose an amendment")
    assert_accessible(page)
    page.get_by_label("End date").fill(new_end.isoformat())
    page.get_by_label("Reason for the amendment").fill("Proiectul clientului s-a prelungit.")
    page.get_by_role("button", name="Propose the amendment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amendment no. 1")
    expect(page.get_by_role("row", name="End date")).to_contain_text(new_in_words)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm the amendment").click()
    expect(page.get_by_text("You have confirmed the amendment.")).to_be_visible()
    log_out(page)

    # The student reads it from the internship page and confirms it: nothing changes yet.
    log_in(page, site, internship.student)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My internship").click()
    page.get_by_role("link", name="Amendment no. 1").click()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm the amendment").click()
    expect(page.get_by_text("You have confirmed the amendment.")).to_be_visible()
    internship.refresh_from_db()
    assert internship.ends_on == new_end - timedelta(days=21)
    log_out(page)

    # The host organisation's admin confirms last: the amendment is in force.
    log_in(page, site, company_admin)
    page.goto(site.url + internship.get_absolute_url())
    page.get_by_role("link", name="Amendment no. 1").click()
    page.get_by_role("button", name="Confirm the amendment").click()
    expect(page.get_by_text("It is in force")).to_be_visible()
    expect(page.get_by_text("In force").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the internship").click()

    dates = page.locator("dl.facts").first
    expect(dates).to_contain_text(new_shown)
    expect(dates).not_to_contain_text(old_shown)
    assert_accessible(page)
    internship.refresh_from_db()
    assert internship.ends_on == new_end
    assert Amendment.objects.get().status == Amendment.Status.CONFIRMED
    assert Internship.objects.get().status == "active"
