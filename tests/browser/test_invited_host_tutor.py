import re

from playwright.sync_api import expect

from tests.factories import PASSWORD

from .conftest import assert_accessible


def test_admin_invites_a_host_tutor_who_accepts_and_lands_on_the_mentor_home(
    site, page, company_admin, organisation, mailoutbox
):
    page.goto(site.url + "/accounts/login/")
    page.get_by_label("Email").fill(company_admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name=organisation.legal_name)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="People and invitations"
    ).click()
    assert_accessible(page)
    page.get_by_label("First name").fill("Ștefan")
    page.get_by_label("Last name").fill("Mureșan")
    page.get_by_label("E-mail address").fill("stefan.muresan@codeaza.ro")
    page.get_by_label("Invite as").select_option(label="Host tutor of the organisation")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to stefan.muresan@codeaza.ro.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Log out").click()

    link = re.search(r"https?://\S+/invitations/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Accept your invitation")).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Ștefan")
    assert_accessible(page)
    page.get_by_label("Password", exact=True).fill("Tutore-2026!")
    page.get_by_label("Password (again)").fill("Tutore-2026!")
    page.get_by_role("button", name="Create my account").click()

    expect(page.get_by_role("heading", name="Welcome, Ștefan")).to_be_visible()
    expect(page.get_by_text(f"Host tutor at {organisation.legal_name}.")).to_be_visible()
    assert_accessible(page)

    page.goto(link)
    expect(page.get_by_text("already been used")).to_be_visible()


def test_the_site_switches_to_romanian(site, page, db):
    page.goto(site.url + "/")
    page.get_by_role("button", name="Română").click()

    expect(
        page.get_by_role("heading", name="Găsiți stagiul care vă pornește cariera")
    ).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "ro")
    assert_accessible(page)
