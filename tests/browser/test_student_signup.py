import re

from playwright.sync_api import expect

from .conftest import assert_accessible


def test_student_signs_up_confirms_the_email_and_reaches_the_student_home(
    site, page, programme, mailoutbox
):
    page.goto(site.url + "/")
    assert_accessible(page)
    page.get_by_role("link", name="Sign up as a student").first.click()

    expect(page.get_by_role("heading", name="Sign up as a student")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("First name").fill("Ioana")
    page.get_by_label("Last name").fill("Bălan")
    page.get_by_label("Email").fill("ioana.balan@stud.example.ro")
    page.get_by_label("Password", exact=True).fill("Practica-2026!")
    page.get_by_label("Password (again)").fill("Practica-2026!")
    page.get_by_label("Study programme").select_option(label="Computer Science")
    page.get_by_label("Year of study").select_option("2")
    page.get_by_role("button", name="Create my account").click()

    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    assert_accessible(page)
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group(0)

    page.goto(link)
    expect(page.get_by_role("heading", name="Confirm Email Address")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Sign In")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email").fill("ioana.balan@stud.example.ro")
    page.get_by_label("Password").fill("Practica-2026!")
    page.get_by_role("button", name="Sign In").click()

    expect(page.get_by_role("heading", name="Welcome, Ioana")).to_be_visible()
    expect(page.get_by_text("Computer Science")).to_be_visible()
    assert_accessible(page)


def test_sign_up_with_bad_input_shows_errors_beside_the_fields(site, page, programme, student):
    page.goto(site.url + "/accounts/signup/student/")
    page.get_by_label("First name").fill("Ioana")
    page.get_by_label("Last name").fill("Bălan")
    page.get_by_label("Email").fill(student.email)
    page.get_by_label("Password", exact=True).fill("123")
    page.get_by_label("Password (again)").fill("123")
    page.get_by_role("button", name="Create my account").click()

    expect(page.get_by_text("This password is too short.", exact=False)).to_be_visible()
    expect(page.get_by_label("Password", exact=True)).to_have_attribute("aria-invalid", "true")
    # The address has an account, and the page does not tell (enumeration prevention).
    expect(page.get_by_text("already registered")).to_have_count(0)
    expect(page.get_by_label("Email")).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Please correct the errors below.")).to_be_visible()
    assert_accessible(page)
