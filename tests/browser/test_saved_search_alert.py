"""A student saves a search; a placement matching it is published; the digest job runs;
the alert e-mail lists the placement, and its link opens it; the student saves it, then
applies with the second of their two CVs, answering the placement's screening questions,
and the application shows the CV they chose."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from internships.models import Application, ScreeningQuestion
from notifications.tasks import send_digests
from tests import factories

from .conftest import assert_accessible, log_in


def test_a_saved_search_alerts_the_student_who_applies_with_their_second_cv(
    site, page, student, programme, period, organisation, mailoutbox
):
    python = factories.SkillFactory(name="Python")
    factories.give_cv(student, label="General", content=factories.pdf_bytes("General CV"))
    factories.give_cv(student, label="Data", content=factories.pdf_bytes("Data CV"))
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
    ScreeningQuestion.objects.create(
        placement=placement, text="Which Python libraries have you used?", position=0
    )
    ScreeningQuestion.objects.create(
        placement=placement, text="When could you start?", required=False, position=1
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

    page.get_by_role("link", name="Apply", exact=True).click()
    expect(page.get_by_label("Data (uploaded on")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Cover letter").fill("Am lucrat cu pandas la un proiect de licență.")
    page.get_by_label("General (uploaded on").check()
    page.get_by_label("Which Python libraries have you used?").fill("pandas and Django.")
    page.get_by_label("When could you start?").fill("In June.")
    page.get_by_role("button", name="Send my application").click()

    expect(page.get_by_text("Your application was sent. Good luck!")).to_be_visible()
    expect(page.get_by_text("pandas and Django.")).to_be_visible()
    expect(page.get_by_text("In June.")).to_be_visible()
    expect(page.get_by_text("(General)")).to_be_visible()
    assert_accessible(page)
    application = Application.objects.get()
    assert (application.placement, application.cv_label) == (placement, "General")
    with application.cv.open("rb") as copy:
        assert copy.read() == factories.pdf_bytes("General CV")

    page.get_by_role("link", name="Saved for later").click()
    expect(page.get_by_role("heading", level=1, name="Saved placements")).to_be_visible()
    expect(page.get_by_role("link", name="Python data intern")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Home").click()
    expect(page.get_by_role("heading", name="Recommended for you")).to_be_visible()
    assert_accessible(page)
