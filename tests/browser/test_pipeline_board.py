from playwright.sync_api import expect

from internships.models import Application
from tests.factories import ApplicationFactory, RejectionTemplateFactory, StudentFactory

from .conftest import assert_accessible, log_in


def test_host_moves_three_applicants_at_once_then_declines_one_with_a_saved_message(
    site, page, recruiter, organisation, placement
):
    names = ["Ana Bălan", "Ștefan Țurcanu", "Ioana Pop", "Radu Munteanu"]
    applications = {}
    for name in names:
        first, last = name.split()
        profile = StudentFactory(
            programme=placement.programmes.first(), user__first_name=first, user__last_name=last
        )
        applications[name] = ApplicationFactory(placement=placement, student=profile.user)
    RejectionTemplateFactory(
        organisation=organisation, name="Politicos", body="Vă mulțumim; am ales alți candidați."
    )

    log_in(page, site, recruiter)
    page.goto(f"{site.url}/company/placements/{placement.pk}/applicants/")
    expect(page.get_by_role("link", name="Board")).to_have_attribute("aria-current", "page")
    assert_accessible(page)
    for name in names[:3]:
        page.get_by_label(f"Select {name}").check()
    page.get_by_label("Move to").select_option(label="Shortlisted")
    page.get_by_role("button", name="Move selected").click()

    expect(page.get_by_text("3 applicants moved to “Shortlisted”.")).to_be_visible()
    shortlisted = page.locator(".board-column", has=page.locator("#column-shortlisted"))
    for name in names[:3]:
        expect(shortlisted.get_by_role("link", name=name)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Select Ioana Pop").check()
    page.get_by_label("Message", exact=True).select_option(label="Politicos")
    page.get_by_role("button", name="Reject selected").click()

    expect(page.get_by_text("1 applicant declined and told.")).to_be_visible()
    expect(page.get_by_label("Select Ioana Pop")).to_have_count(0)
    expect(page.get_by_text("1 ended application")).to_be_visible()
    assert_accessible(page)
    statuses = {name: Application.objects.get(pk=a.pk).status for name, a in applications.items()}
    assert statuses == {
        "Ana Bălan": "shortlisted",
        "Ștefan Țurcanu": "shortlisted",
        "Ioana Pop": "rejected",
        "Radu Munteanu": "submitted",
    }
    rejected = Application.objects.get(pk=applications["Ioana Pop"].pk)
    assert rejected.message_to_student == "Vă mulțumim; am ales alți candidați."
