import re

from playwright.sync_api import expect

from .conftest import assert_accessible, log_in, log_out


def header_messages(page):
    return page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Messages"))


def test_the_student_and_the_host_exchange_messages(
    site, page, student, application, company_admin, mailoutbox
):
    log_in(page, site, student)
    page.goto(site.url + "/student/applications/")
    page.get_by_role("link", name="Backend intern (Django)").click()
    page.get_by_role("link", name="Messages with the organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Messages: Backend intern (Django)")
    expect(page.get_by_text("No messages yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Your message").fill("Bună ziua! Când ar putea fi interviul?")
    page.get_by_role("button", name="Send").click()

    expect(page.get_by_text("Your message was sent.")).to_be_visible()
    expect(page.get_by_text("Bună ziua! Când ar putea fi interviul?")).to_be_visible()
    assert_accessible(page)
    log_out(page)

    [mail] = [m for m in mailoutbox if m.to == [company_admin.email]]
    assert "New message from Ioana Bălan" in mail.subject
    link = re.search(r"https?://\S+/messages/applications/\d+/", mail.body).group(0)

    log_in(page, site, company_admin)
    expect(header_messages(page)).to_have_text("Messages 1 unread")
    page.goto(link)
    expect(page.get_by_text("Bună ziua! Când ar putea fi interviul?")).to_be_visible()
    expect(page.get_by_text("New", exact=True)).to_be_visible()
    expect(header_messages(page)).to_have_text("Messages")
    assert_accessible(page)

    page.get_by_label("Your message").fill("Joi la ora 10, la sediul nostru.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Joi la ora 10, la sediul nostru.")).to_be_visible()
    header_messages(page).click()
    expect(page.get_by_role("heading", level=1, name="Messages")).to_be_visible()
    expect(page.get_by_role("link", name="Backend intern (Django)")).to_be_visible()
    assert_accessible(page)
    log_out(page)

    log_in(page, site, student)
    expect(header_messages(page)).to_have_text("Messages 1 unread")
    page.goto(site.url + "/student/applications/")
    page.get_by_role("link", name="1 unread message").click()
    expect(page.get_by_text("Joi la ora 10, la sediul nostru.")).to_be_visible()
    expect(page.get_by_text("Andrei Pop", exact=True)).to_be_visible()
    expect(header_messages(page)).to_have_text("Messages")
