from playwright.sync_api import expect
from post_office.models import STATUS, Email, Log

from .conftest import assert_accessible, log_in


def test_staff_find_a_failed_email_and_send_it_again(site, page, staff, mailoutbox):
    email = Email.objects.create(
        to=["ana.pop@example.org"],
        subject="[Practica] You have an offer",
        message="Body",
        from_email="no-reply@practica.local",
        status=STATUS.failed,
        number_of_retries=1,
    )
    Log.objects.create(
        email=email,
        status=STATUS.failed,
        exception_type="SMTPRecipientsRefused",
        message="{'ana.pop@example.org': (550, b'5.1.1 Mailbox unavailable')}",
    )

    log_in(page, site, staff)
    page.get_by_role("link", name="Undelivered e-mail").click()
    expect(page.get_by_role("heading", level=1, name="Undelivered e-mail")).to_be_visible()
    expect(page.get_by_role("cell", name="[Practica] You have an offer")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Send again the e-mail to ana.pop@example.org").click()

    expect(page.get_by_text("The e-mail is queued again")).to_be_visible()
    expect(page.get_by_text("No undelivered e-mail")).to_be_visible()
    assert_accessible(page)
    assert [m.to for m in mailoutbox] == [["ana.pop@example.org"]]
