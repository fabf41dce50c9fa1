"""A whole allocation round in a browser: students rank, hosts rank, staff run, preview,
pin, run again and publish; students accept their offers. axe on every page (alloc-publish).

The round's phases follow its dates: between the steps the test moves the dates, as the
clock would."""

from datetime import timedelta

from django.utils import timezone

from allocation.models import Match, Round
from internships.models import Internship
from tests import factories

from .conftest import assert_accessible, log_in, log_out

ORGANISATION = "Codează Someș SRL"


def _world():
    programme = factories.ProgrammeFactory(name="Computer Science", code="INFO")
    period = factories.PeriodFactory(name="Autumn 2027")
    staff = factories.StaffFactory(email="staff@example.org")
    host = factories.MembershipFactory(organisation__legal_name=ORGANISATION).user
    organisation = host.membership.organisation

    def placement(title, positions=1):
        return factories.PlacementFactory(
            organisation=organisation,
            period=period,
            programmes=[programme],
            title=title,
            positions=positions,
        )

    backend, data, design = (
        placement("Backend intern"),
        placement("Data intern"),
        placement("Design intern"),
    )
    students = []
    for first in ("Ana", "Bogdan", "Carmen"):
        student = factories.StudentFactory(
            programme=programme, user__first_name=first, user__email=f"{first.lower()}@example.org"
        ).user
        factories.give_cv(student)
        students.append(student)
    now = timezone.now()
    round = Round.objects.create(
        name="Autumn round",
        period=period,
        students_from=now - timedelta(days=1),
        students_until=now + timedelta(days=1),
        hosts_until=now + timedelta(days=2),
        offer_deadline=now + timedelta(days=9),
        status=Round.Status.OPEN,
        created_by=staff,
    )
    round.programmes.set([programme])
    return round, staff, host, students, (backend, data, design)


def _move_to(round, phase):
    now = timezone.now()
    if phase == "hosts":
        Round.objects.filter(pk=round.pk).update(
            students_from=now - timedelta(days=2), students_until=now - timedelta(minutes=1)
        )
    else:
        Round.objects.filter(pk=round.pk).update(
            students_from=now - timedelta(days=2),
            students_until=now - timedelta(minutes=2),
            hosts_until=now - timedelta(minutes=1),
        )


def _rank(page, site, round, student, titles):
    log_in(page, site, student)
    page.goto(f"{site.url}/student/rounds/{round.pk}/")
    assert_accessible(page)
    for title in titles:
        page.get_by_label("Add a placement").select_option(label=f"{title} · {ORGANISATION}")
        page.get_by_role("button", name="Add to my list").click()
        page.wait_for_load_state()
    page.get_by_role("button", name="Save my list").click()
    page.wait_for_load_state()
    assert_accessible(page)
    log_out(page)


def test_a_whole_round(page, site):
    round, staff, host, (ana, bogdan, carmen), (backend, data, design) = _world()

    # Students rank, as a person would.
    _rank(page, site, round, ana, ["Backend intern", "Data intern"])
    _rank(page, site, round, bogdan, ["Backend intern", "Data intern"])
    _rank(page, site, round, carmen, ["Backend intern"])

    # The host ranks Bogdan first, Ana second, and does not accept Carmen.
    _move_to(round, "hosts")
    log_in(page, site, host)
    page.goto(f"{site.url}/company/rounds/{round.pk}/placements/{backend.pk}/")
    assert_accessible(page)
    page.get_by_label(f"Rank of {bogdan.display_name}").fill("1")
    page.get_by_label(f"Rank of {ana.display_name}").fill("2")
    page.get_by_label(f"{carmen.display_name} is not acceptable").check()
    page.get_by_role("button", name="Save our list").click()
    page.wait_for_load_state()
    assert_accessible(page)
    log_out(page)

    # Staff run the allocation and look at the preview.
    _move_to(round, "closed")
    log_in(page, site, staff)
    page.goto(f"{site.url}/staff/rounds/{round.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Run the allocation").click()
    page.wait_for_load_state()
    assert_accessible(page)
    run = round.runs.get()
    assert dict(Match.objects.filter(run=run).values_list("student_id", "placement_id")) == {
        ana.pk: data.pk,
        bogdan.pk: backend.pk,
        carmen.pk: None,
    }

    # Carmen is pinned to the design placement; the allocation runs again.
    page.get_by_role("link", name=f"pin {carmen.display_name}").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Placement").select_option(label=f"Design intern ({ORGANISATION})")
    page.get_by_role("button", name="Pin", exact=True).click()
    page.wait_for_load_state()
    page.goto(f"{site.url}/staff/rounds/{round.pk}/")
    page.get_by_role("button", name="Run the allocation").click()
    page.wait_for_load_state()
    latest = round.runs.order_by("-pk").first()
    assert Match.objects.get(run=latest, student=carmen).placement == design

    # Publish: the confirmation says how many offers, then the offers are made.
    page.get_by_role("link", name="Publish this result").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert "3 offers are made" in page.content()
    page.get_by_role("button", name="Publish and make the offers").click()
    page.wait_for_load_state()
    assert_accessible(page)
    round.refresh_from_db()
    assert round.status == "published" and round.published_run == latest
    log_out(page)

    # Each student reads their result and accepts the offer.
    for student, placement in ((ana, data), (bogdan, backend), (carmen, design)):
        log_in(page, site, student)
        page.goto(f"{site.url}/student/rounds/{round.pk}/result/")
        assert_accessible(page)
        assert placement.title in page.content()
        page.get_by_role("link", name="Accept the offer").click()
        page.wait_for_load_state()
        assert_accessible(page)
        page.get_by_role("button", name="Yes, accept the offer").click()
        page.wait_for_load_state()
        assert_accessible(page)
        assert Internship.objects.get(student=student).placement == placement
        log_out(page)

    # Ana sees why not her first choice, without the name of who took it.
    log_in(page, site, ana)
    page.goto(f"{site.url}/student/rounds/{round.pk}/result/")
    content = page.content()
    assert "Full: its 1 seat went to a student the host ranked above you." in content
    assert "Bogdan" not in content

    # The result fits a phone (390 px) without scrolling sideways.
    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the result page is {overflow} px too wide at 390 px"
