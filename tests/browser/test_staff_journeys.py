import re

from playwright.sync_api import expect

from accounts.models import Organisation, User
from internships.models import Placement
from tests.factories import MembershipFactory, OrganisationFactory, PlacementFactory, UserFactory

from .conftest import assert_accessible, log_in, log_out


def test_staff_import_a_roster_and_the_new_students_are_invited(
    site, page, staff, programme, tmp_path, mailoutbox
):
    roster = tmp_path / "roster-2027.csv"
    roster.write_text(
        "prenume;nume;email;numar_matricol;program;an\n"
        "Ana;Pop;ana.pop@stud.example.ro;S1001;INFO;1\n"
        "Radu;Ilieș;radu.ilies@stud.example.ro;S1002;Computer Science;2\n",
        encoding="utf-8",
    )

    log_in(page, site, staff)
    page.goto(site.url + "/staff/roster/")
    expect(page.get_by_role("heading", name="Import a student roster")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Roster file (CSV)").set_input_files(str(roster))
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", name="Roster “roster-2027.csv”")).to_be_visible()
    expect(page.get_by_role("cell", name="ana.pop@stud.example.ro")).to_be_visible()
    expect(page.get_by_role("cell", name="New student")).to_have_count(2)
    assert_accessible(page)
    assert not User.objects.filter(email="ana.pop@stud.example.ro").exists()
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.get_by_text("The roster is imported.")).to_be_visible()
    expect(page.get_by_role("heading", name="Imported", exact=True)).to_be_visible()
    assert_accessible(page)
    ana = User.objects.get(email="ana.pop@stud.example.ro")
    assert (ana.role, ana.student_profile.student_number) == ("student", "S1001")
    assert sorted(message.to[0] for message in mailoutbox) == [
        "ana.pop@stud.example.ro",
        "radu.ilies@stud.example.ro",
    ]

    page.goto(site.url + f"/staff/students/{ana.pk}/")
    expect(page.get_by_role("heading", name="Ana Pop")).to_be_visible()
    expect(page.get_by_text("Invited: no password chosen yet")).to_be_visible()
    assert_accessible(page)


def test_staff_verify_an_organisation_from_the_queue(site, page, staff):
    organisation = OrganisationFactory(
        legal_name="Nordic Soft SRL", website="https://www.nordicsoft.ro", status="pending"
    )
    MembershipFactory(
        organisation=organisation, user=UserFactory(role="company", email="ana@nordicsoft.ro")
    )

    log_in(page, site, staff)
    page.goto(site.url + "/staff/organisations/")
    expect(page.get_by_role("heading", name="Organisations to vet")).to_be_visible()
    expect(page.get_by_role("heading", name="Nordic Soft SRL")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Verify Nordic Soft SRL").click()

    expect(page.get_by_text("Nordic Soft SRL is verified")).to_be_visible()
    assert_accessible(page)
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.VERIFIED
    page.get_by_role("link", name="Reload the list").click()
    expect(page.get_by_text("No organisations here.")).to_be_visible()
    assert_accessible(page)


def test_staff_approve_a_placement_and_it_is_published(
    site, page, staff, organisation, period, programme
):
    placement = PlacementFactory(
        organisation=organisation,
        period=period,
        programmes=[programme],
        title="Frontend developer intern",
        status="submitted",
        published_at=None,
    )

    log_in(page, site, staff)
    page.get_by_role("link", name=re.compile("placements? awaiting review")).click()
    expect(page.get_by_role("heading", name="Placements awaiting approval")).to_be_visible()
    expect(page.get_by_role("link", name="Frontend developer intern")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Comment (optional)").fill("Clear description, thank you.")
    page.get_by_role("button", name="Approve Frontend developer intern").click()

    expect(page.get_by_text("“Frontend developer intern” is published.")).to_be_visible()
    assert_accessible(page)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PUBLISHED
    log_out(page)

    page.goto(site.url + "/placements/")
    expect(page.get_by_role("link", name="Frontend developer intern")).to_be_visible()
    assert_accessible(page)


def test_staff_open_the_dashboard_and_export_the_filtered_internships_as_xlsx(
    site, page, staff, internship, other_internship
):
    import io
    from pathlib import Path

    from openpyxl import load_workbook

    log_in(page, site, staff)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Internships", exact=True
    ).click()
    assert_accessible(page)
    # The box suggests the organisations whose names hold what was typed.
    name = internship.organisation.legal_name
    page.get_by_role("combobox", name="Organisation").press_sequentially(name[:4].lower(), delay=50)
    expect(page.locator(f'#id_organisation-suggestions option[value="{name}"]')).to_have_count(1)
    page.get_by_role("combobox", name="Organisation").fill(name)
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name=internship.student.get_full_name()).first).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)", exact=True).click()

    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 2  # the header and the one filtered internship
    assert internship.student.email in rows[1]
