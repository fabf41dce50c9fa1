import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from internships.models import Internship, Period
from tests import factories

from .conftest import assert_accessible, log_in, log_out

TUTOR = "ana.muresan@atelierul.ro"
REPRESENTATIVE = "mihai.rusu@atelierul.ro"


def invitation_link(mailoutbox, address: str) -> str:
    (message,) = [m for m in mailoutbox if m.to == [address] and "/invitations/" in m.body]
    return re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)


def join(page, link: str, password: str) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", name="Accept your invitation")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password (again)").fill(password)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def confirm_agreement(page, site, internship) -> None:
    page.goto(site.url + internship.get_absolute_url())
    assert_accessible(page)
    page.locator("#agreement").get_by_role("button", name=re.compile("^Confirm")).click()
    expect(page.locator("#agreement")).to_contain_text("(you)")
    expect(page.get_by_role("button", name=re.compile("^Confirm"))).to_have_count(0)


def test_a_student_proposes_a_host_they_found_staff_approve_the_host_joins_and_all_confirm(
    site, page, student, staff, mailoutbox
):
    today = timezone.localdate()
    Period.objects.create(
        name="Summer 2027",
        starts_on=today,
        ends_on=today + timedelta(days=90),
        applications_open_on=today - timedelta(days=60),
        applications_close_on=today - timedelta(days=1),
        required_hours=120,
    )

    # The student proposes the internship at a host they found, not yet on Practica.
    log_in(page, site, student)
    page.get_by_role("link", name="Propose an internship I found").click()
    expect(page.get_by_role("heading", name="Propose an internship you found")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Find the host on Practica: its name or its CUI").fill("Atelierul")
    page.get_by_role("button", name="Find the host").click()
    expect(page.get_by_text("No organisation on Practica matches this search")).to_be_visible()
    page.get_by_label("It is not on Practica: I describe it below").check()
    page.get_by_label("Legal name").fill("Atelierul de Cod Turda SRL")
    page.get_by_label("Registration number (CUI)").fill("RO" + factories.valid_cui(9001))
    page.get_by_label("County", exact=True).select_option(label="Cluj")
    page.get_by_label("City", exact=True).fill("Turda")
    page.get_by_label("Address", exact=True).fill("Str. Republicii 12")
    page.get_by_label("Sector").select_option(index=1)
    page.get_by_label("Legal representative", exact=True).fill("Mihai Rusu")
    page.get_by_label("Function of the legal representative").fill("Administrator")
    page.get_by_label("E-mail of the legal representative").fill(REPRESENTATIVE)
    page.get_by_label("Tutor's first name").fill("Ana")
    page.get_by_label("Tutor's last name").fill("Mureșan")
    page.get_by_label("Tutor's position").fill("Senior developer")
    page.get_by_label("Tutor's e-mail").fill(TUTOR)
    page.get_by_label("Position", exact=True).fill("Junior web developer")
    page.get_by_label("Start date").fill(today.isoformat())
    page.get_by_label("End date").fill((today + timedelta(days=60)).isoformat())
    page.get_by_label("Hours per week").fill("20")
    page.get_by_label("Working schedule").fill("Monday to Friday, 9:00 to 13:00")
    page.get_by_label("City of the place of work").fill("Turda")
    page.get_by_label("Address of the place of work").fill("Str. Republicii 12")
    page.get_by_label("Activities planned").fill("Build the shop's web pages.")
    page.get_by_role("button", name="Send the proposal").click()
    expect(page.get_by_text("Your proposal was sent.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Awaiting approval")
    assert_accessible(page)
    page.goto(site.url + "/student/")
    page.get_by_role("link", name="My proposed internships").click()
    expect(page.get_by_role("cell", name="Atelierul de Cod Turda SRL")).to_be_visible()
    assert_accessible(page)
    log_out(page)

    # The internship office approves it from its queue.
    log_in(page, site, staff)
    page.get_by_role("link", name="Internships students found, awaiting approval").click()
    assert_accessible(page)
    page.get_by_role("link", name=student.display_name).click()
    assert_accessible(page)
    page.get_by_role("button", name="Approve the internship").click()
    expect(page.get_by_text("The proposal is approved")).to_be_visible()
    assert_accessible(page)
    page.goto(site.url + "/staff/")
    page.get_by_role("link", name="Record an internship signed on paper").click()
    expect(page.get_by_role("heading", name="Record an internship")).to_be_visible()
    assert_accessible(page)
    log_out(page)
    internship = Internship.objects.get()
    assert internship.source == "proposal" and internship.organisation.status == "pending"

    # The host tutor and the legal representative join by the links they were sent.
    join(page, invitation_link(mailoutbox, TUTOR), "Tutore-de-nadejde-2026")
    expect(page.get_by_text("Host tutor at Atelierul de Cod Turda SRL.")).to_be_visible()
    log_out(page)
    internship.refresh_from_db()
    assert internship.host_tutor.email == TUTOR

    join(page, invitation_link(mailoutbox, REPRESENTATIVE), "Reprezentant-legal-2026")
    confirm_agreement(page, site, internship)
    log_out(page)

    # The student and the university confirm too; the office starts the internship.
    log_in(page, site, student)
    confirm_agreement(page, site, internship)
    log_out(page)
    log_in(page, site, staff)
    confirm_agreement(page, site, internship)
    expect(page.locator("#agreement")).to_contain_text("The logbook is open.")
    page.get_by_role("button", name="Start the internship").click()
    expect(page.locator("main")).to_contain_text("Active")
    log_out(page)

    # The logbook opens for the student.
    log_in(page, site, student)
    page.goto(site.url + internship.get_absolute_url())
    page.get_by_role("link", name="Open the logbook").click()
    expect(page.get_by_role("heading", name="Add a day")).to_be_visible()
    assert_accessible(page)
