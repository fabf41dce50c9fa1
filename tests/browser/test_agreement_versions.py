from playwright.sync_api import expect

from internships.models import Agreement, Confirmation, Internship
from tests import factories

from .conftest import assert_accessible, log_in, log_out


def test_the_three_parties_confirm_and_a_change_asks_the_first_again(
    site, page, student, placement, host_tutor, supervisor, company_admin, staff
):
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    internship = factories.InternshipFactory(
        application=application,
        host_tutor=host_tutor,
        academic_supervisor=supervisor,
        agreement=False,
    )
    agreement_section = page.locator("#agreement")

    # The student reads version 1, chooses nothing else, and confirms it.
    log_in(page, site, student)
    page.goto(site.url + internship.get_absolute_url())
    expect(agreement_section).to_contain_text("Version 1 of the agreement.")
    expect(agreement_section.get_by_role("link", name="Read version 1 (PDF)")).to_be_visible()
    assert_accessible(page)
    agreement_section.get_by_role("button", name="Confirm version 1 of the agreement").click()
    expect(page.get_by_text("You have confirmed the internship agreement.")).to_be_visible()
    log_out(page)

    # The schedule changes: version 2, the student is asked again.
    Internship.objects.filter(pk=internship.pk).update(schedule="Luni–vineri, 9:00–13:00")
    log_in(page, site, company_admin)
    page.goto(site.url + internship.get_absolute_url())
    expect(agreement_section).to_contain_text("Version 2 of the agreement.")
    expect(agreement_section).to_contain_text("Confirmed version 1 on")
    assert_accessible(page)
    agreement_section.get_by_role("button", name="Confirm version 2 of the agreement").click()
    expect(page.get_by_text("You have confirmed the internship agreement.")).to_be_visible()
    log_out(page)

    log_in(page, site, staff)
    page.goto(site.url + internship.get_absolute_url())
    agreement_section.get_by_role("button", name="Confirm version 2 of the agreement").click()
    expect(page.get_by_text("You have confirmed the internship agreement.")).to_be_visible()
    log_out(page)

    log_in(page, site, student)
    page.goto(site.url + internship.get_absolute_url())
    agreement_section.get_by_role("button", name="Confirm version 2 of the agreement").click()
    expect(agreement_section).to_contain_text("The logbook is open.")
    assert_accessible(page)

    assert Agreement.objects.get(internship=internship).is_confirmed_by_all
    assert Confirmation.objects.filter(version__number=2).count() == 3
    assert Confirmation.objects.filter(version__number=1, party="student").exists()


def test_staff_edit_the_articles_and_the_university(site, page, staff):
    log_in(page, site, staff)
    page.get_by_role("link", name="Articles of the agreement").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Articles of the agreement")
    assert_accessible(page)
    body = page.get_by_role("textbox", name="Articles")
    body.fill(body.input_value() + "\nUn alineat nou.")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("Version 2 of the articles is saved.")).to_be_visible()
    assert_accessible(page)

    page.goto(site.url + "/staff/university/")
    assert_accessible(page)
    page.get_by_label("Legal representative", exact=True).fill("Daniel David")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The university's details are saved.")).to_be_visible()
