"""A student saves a search; a placement matching it is published; the digest job runs;
the alert e-mail lists the placement, and its link opens it."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from notifications.tasks import send_digests
from tests import factories

from .conftest import assert_accessible, log_in


def test_a_saved_search_alerts_the_student_to_a_new_placement(
    site, page, student, programme, period, organisation, mailoutbox
):
    python = factories.SkillFactory(name="Python")
    log_in(page, site, student)
    page.goto(site.url + "/placements/")
    expect(page.get_by_label("Only placements I can apply to")).to_be_checked()
    page.get_by_role("textbox", name="Search").fill("python")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=python"))
    expect(page.get_by_role("heading", name="0 placements found")).to_be_visible()
    page.wait_for_load_state("networkidle")  # the form's change and submit both ask htmx
    page.get_by_text("Save this search").click()
    page.get_by_label("Name").fill("Python placements")
    page.get_by_label("Alerts of new placements").select_option(label="Daily, in my digest")
    assert_accessible(page)
    page.get_by_role("button", name="Save the search").click()

    expect(page.get_by_role("heading", level=1, name="Saved searches")).to_be_visible()
    expect(page.get_by_text("Search “Python placements” saved.")).to_be_visible()
    expect(page.get_by_label("Alerts")).to_have_value("daily")
    assert_accessible(page)

    placement = factories.PlacementFactory(
        title="Python data intern",
        organisation=organisation,
        period=period,
        programmes=[programme],
        skills=[python],
        published_at=timezone.now(),
    )
    send_digests.enqueue(timezone.localdate().isoformat())

    body = mailoutbox[-1].body
    assert mailoutbox[-1].to == [student.email]
    assert "1 new placement for your saved search “Python placements”:" in body
    assert "Python data intern, at Codează Someș SRL" in body
    link = re.search(rf"{re.escape(site.url)}/placements/\d+/", body).group(0)
    assert link.endswith(f"/placements/{placement.pk}/")

    page.goto(link)
    expect(page.get_by_role("heading", level=1, name="Python data intern")).to_be_visible()
    page.get_by_role("button", name="Save Python data intern").click()
    expect(page.get_by_role("button", name="Unsave Python data intern")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Saved for later").click()
    expect(page.get_by_role("heading", level=1, name="Saved placements")).to_be_visible()
    expect(page.get_by_role("link", name="Python data intern")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Home").click()
    expect(page.get_by_role("heading", name="Recommended for you")).to_be_visible()
    assert_accessible(page)
