import re

from playwright.sync_api import expect

from tests.factories import valid_cui

from .conftest import assert_accessible


def test_organisation_signs_up_and_sees_it_awaits_verification(site, page, mailoutbox):
    page.goto(site.url + "/")
    page.get_by_role("link", name="Sign up").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Register an organisation").click()

    expect(page.get_by_role("heading", name="Register a host organisation")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("First name").fill("Andrei")
    page.get_by_label("Last name").fill("Pop")
    page.get_by_label("Email").fill("andrei.pop@codeaza.ro")
    page.get_by_label("Password", exact=True).fill("Practica-2026!")
    page.get_by_label("Password (again)").fill("Practica-2026!")
    page.get_by_label("Legal name of the organisation").fill("Codează Someș SRL")
    page.get_by_label("Registration number (CUI)").fill("RO" + valid_cui(77))
    page.get_by_label("Sector").select_option(label="Creative industries and ICT")
    page.get_by_label("County").select_option(label="Cluj")
    page.get_by_label("City").fill("Cluj-Napoca")
    page.get_by_label("Street address").fill("Str. Memorandumului nr. 28")
    page.get_by_label("Phone").fill("0264 123 456")
    page.get_by_label("Website").fill("codeaza.ro")
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Email").fill("andrei.pop@codeaza.ro")
    page.get_by_label("Password").fill("Practica-2026!")
    page.get_by_role("button", name="Sign In").click()

    expect(page.get_by_role("heading", name="Codează Someș SRL")).to_be_visible()
    expect(page.get_by_text("Your organisation awaits verification.")).to_be_visible()
    assert_accessible(page)
