import re

from playwright.sync_api import expect

from notifications.choices import choices_of
from notifications.services import notify

from .conftest import assert_accessible, log_in, log_out


def test_a_student_sends_a_group_to_the_digest_then_unsubscribes_from_an_email(
    site, page, student, mailoutbox
):
    log_in(page, site, student)
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", level=1, name="Notifications and language")).to_be_visible()
    expect(page.get_by_text("An offer made to you is always e-mailed.")).to_be_visible()
    expect(page.get_by_role("group", name="Placements and vetting")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("group", name="Logbook and notes").get_by_label("In the digest").check()
    page.get_by_label("Weekly", exact=True).check()
    page.get_by_label("Day of the weekly digest").select_option(label="Friday")
    page.get_by_role("button", name="Save choices").click()

    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
    expect(
        page.get_by_role("group", name="Logbook and notes").get_by_label("In the digest")
    ).to_be_checked()
    assert_accessible(page)
    assert choices_of(student).channel_of("logbook") == "digest"
    log_out(page)

    notify([student], "application_rejected", url="/applications/", placement="Backend intern")
    link = re.search(r"https?://\S+/notifications/unsubscribe/\S+/", mailoutbox[-1].body).group(0)
    assert mailoutbox[-1].extra_headers["List-Unsubscribe"] == f"<{link}>"
    page.goto(link)
    expect(
        page.get_by_role("heading", level=1, name="Unsubscribe from Applications and interviews")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe").click()

    expect(page.get_by_role("heading", level=1, name="You are unsubscribed")).to_be_visible()
    expect(page.get_by_role("link", name="Change all your notification choices")).to_be_visible()
    assert_accessible(page)
    assert choices_of(student).channel_of("applications") == "in_app"

    page.goto(link)
    expect(
        page.get_by_text("E-mails about Applications and interviews are already turned off")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Unsubscribe")).to_have_count(0)
