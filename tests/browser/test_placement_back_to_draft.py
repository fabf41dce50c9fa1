from playwright.sync_api import expect

from internships.models import Placement
from tests.factories import PlacementFactory

from .conftest import assert_accessible, log_in


def test_company_takes_a_submitted_placement_back_to_draft_after_confirming(
    site, page, company_admin, organisation, period, programme
):
    placement = PlacementFactory(
        organisation=organisation,
        period=period,
        programmes=[programme],
        title="Mobile developer intern",
        status="submitted",
        published_at=None,
    )

    log_in(page, site, company_admin)
    page.goto(site.url + "/company/placements/")
    confirm = page.get_by_role("button", name="Yes, take back to draft Mobile developer intern")
    expect(confirm).to_be_hidden()
    page.locator("summary", has_text="Back to draft").click()
    expect(confirm).to_be_visible()
    assert_accessible(page)
    confirm.click()

    expect(page.get_by_text("is a draft again")).to_be_visible()
    assert_accessible(page)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.DRAFT
    expect(page.get_by_role("link", name="Edit Mobile developer intern")).to_be_visible()
