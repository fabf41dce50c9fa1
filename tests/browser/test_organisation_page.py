from playwright.sync_api import expect

from tests.factories import MembershipFactory, PlacementFactory

from .conftest import assert_accessible, log_in


def test_a_visitor_opens_an_organisation_from_a_placement_and_its_admin_edits_it(site, page):
    membership = MembershipFactory(organisation__description="We build hospital software.")
    organisation = membership.organisation
    placement = PlacementFactory(organisation=organisation, title="Backend intern")

    page.goto(site.url + placement.get_absolute_url())
    page.get_by_role("link", name=organisation.legal_name).first.click()
    expect(page.get_by_role("heading", name=organisation.legal_name, level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Backend intern")).to_be_visible()
    assert_accessible(page)

    log_in(page, site, membership.user)
    page.get_by_role("link", name="Organisation details").click()
    expect(page.get_by_text("Changing the legal name or CUI")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("City").fill("Turda")
    page.get_by_label("Street address").fill("Str. Republicii 1")
    page.get_by_label("Phone").fill("0264 123 456")
    page.get_by_role("button", name="Save the details").click()
    expect(page.get_by_text("The details were saved.")).to_be_visible()
    assert_accessible(page)
