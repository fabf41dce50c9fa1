"""On a phone (390 px wide) no page of any role is wider than the screen, and none has a
serious or critical accessibility violation.

"Every page" is every named URL of the project (the URL resolver lists them, the ones of
tests/url_layout.json and those added since), with the ids of a small demo world made by
the factories put in for its arguments, that answers a GET of that role with an HTML page,
and the few pages a route shows in another state (EXTRA_PAGES: the applicants as a table,
an open offer, an interview still to book).
The test client finds which pages those are (quickly, in process); the browser then visits
each and measures it, and runs axe once per kind of page (the first role that sees it),
which keeps the whole run near a minute.
"""

import re

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import MentorProfile
from tests import factories
from tests.browser.conftest import assert_accessible, log_in

PHONE = {"width": 390, "height": 844}

# Paths that answer a GET but are not pages to look at: the admin, probes, feeds.
SKIPPED_PREFIXES = ("admin/", "healthz", "readyz", "metrics", "__")

# Which object a route's <pk> names, by the route's beginning (the first match wins).
PK_BY_ROUTE = [
    (r"^staff/rounds/runs/", "allocation_run"),
    (r"^staff/rounds/", "allocation_round"),
    (r"^company/placements/<int:pk>/interview-slots/", "interview_placement"),
    (r"^company/interview-bookings/<int:pk>/move/", "asked_to_move"),
    (r"^student/applications/<int:pk>/interview-slots/", "booked_application"),
    (r"^messages/applications/", "booked_application"),
    (r"^company/rejection-messages/", "rejection_template"),
    (r"^student/profile/experience/", "experience"),
    (r"^internships/", "internship"),
    (r"^(student|company|staff)/applications/|^applications/", "application"),
    (r"^staff/placements/", "submitted_placement"),
    (r"^(company/)?placements/", "placement"),
    (r"^certificates/", "certificate"),
    (r"^staff/organisations/", "pending_organisation"),
    (r"^organisations/", "organisation"),
    (r"^staff/periods/", "period"),
    (r"^staff/programmes/", "programme"),
    (r"^staff/students/", "student"),
    (r"^staff/rubric/", "competency"),
    (r"^staff/lists/", "skill"),
    (r"^staff/api/", "service_account"),  # api-core (issue #19)
    (r"^student/rounds/<int:pk>/result/", "result_round"),  # a published round (fix-alloc)
    (r"^student/rounds/", "round"),  # allocation rounds (alloc-rank)
    (r"^company/rounds/", "host_round"),
]

# Pages a route shows in more than one state: (route name, object, query string), each
# visited besides the route's own page, by the roles it answers.
EXTRA_PAGES = [
    ("pipeline", "placement", "?view=table"),  # the applicants as a table, not a board
    ("company_application", "offered_application", ""),  # extend or withdraw the offer
    ("student_application", "offered_application", ""),
    ("interview_booking", "shortlisted_application", ""),  # free slots to choose from
    ("company_application", "booked_application", ""),  # the interview booked, messages
    ("student_application", "booked_application", ""),
]

# Elements wider than the screen, innermost first, unless a scroller of their own holds
# them (an absolutely placed element escapes its scroller unless that is positioned).
FIND_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const inScroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className.trim()
       ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const right = el.getBoundingClientRect().right;
    if (right <= width + 1) continue;
    if (inScroller(el) && getComputedStyle(el).position !== 'absolute') continue;
    const wideChild = [...el.children].some(c => c.getBoundingClientRect().right > width + 1);
    if (!wideChild) found.push(name(el) + ' (right edge ' + Math.round(right) + ' px): "'
      + (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 50) + '"');
  }
  return {scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth,
          elements: found.slice(0, 5)};
}"""


def _named_routes():
    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield namespace + pattern.name, prefix + str(pattern.pattern)

    seen = set()
    for name, route in walk(get_resolver().url_patterns):
        if name not in seen and not route.startswith(SKIPPED_PREFIXES):
            seen.add(name)
            yield name, route


def _kwargs_for(route, ids):
    kwargs = {}
    for _converter, argument in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        if argument == "pk":
            key = next((key for pattern, key in PK_BY_ROUTE if re.search(pattern, route)), None)
            if key is None or key not in ids:
                return None
            kwargs["pk"] = ids[key]
        elif argument == "kind":
            kwargs["kind"] = "skills" if route.startswith("staff/lists/") else "midterm"
        elif argument == "language":
            kwargs["language"] = "ro"
        elif argument == "code":
            kwargs["code"] = ids["certificate_code"]
        elif argument == "entry_pk":
            kwargs["entry_pk"] = ids["entry"]
        elif argument == "run_pk" and "allocation_run" in ids:
            kwargs["run_pk"] = ids["allocation_run"]  # a run of the allocation_round
        elif argument in ("placement_pk", "student_pk") and route.startswith("company/rounds/"):
            kwargs[argument] = ids[f"host_round_{argument[:-3]}"]
        else:
            return None  # tokens, keys: nothing a demo world can name
    if "(?P<" in route:
        return None
    return kwargs


def _demo_world(
    *,
    student,
    other_student,
    company_admin,
    host_tutor,
    supervisor,
    staff,
    organisation,
    placement,
    internship,
    programme,
    period,
):
    from documents import services as documents
    from mentors.models import Competency

    for status in ("submitted", "approved", "draft"):
        factories.LogbookEntryFactory(internship=internship, status=status)
    entry = factories.LogbookEntryFactory(internship=internship, status="draft")
    factories.ApplicationFactory(placement=placement, status="interview")
    factories.ApplicationFactory(placement=placement, status="shortlisted")
    factories.PlacementFactory(
        organisation=organisation,
        period=period,
        status="draft",
        programmes=[programme],
        title="Data analyst intern",
    )
    submitted = factories.PlacementFactory(
        organisation=organisation,
        period=period,
        status="submitted",
        programmes=[programme],
        title="Quality engineer intern with a rather long title, as some are",
    )
    pending = factories.OrganisationFactory(status="pending", legal_name="Nouă Tehnologie SRL")
    completed = factories.InternshipFactory(
        application=factories.ApplicationFactory(
            placement=factories.PlacementFactory(
                organisation=organisation,
                period=factories.PeriodFactory(name="Spring 2026"),
                programmes=[programme],
            ),
            student=other_student,
            status="accepted",
        ),
        host_tutor=host_tutor,
        academic_supervisor=supervisor,
        status="completed",
        completed_at=timezone.now(),
    )
    certificate = documents.issue_certificate(internship=completed, by=staff)
    allocation = _allocation_world(
        staff=staff, student=student, placement=placement, programme=programme, period=period
    )
    competency = Competency.objects.first() or Competency.objects.create(name="Teamwork")
    return {
        **_todays_world(
            student=student,
            company_admin=company_admin,
            organisation=organisation,
            placement=placement,
            period=period,
            programme=programme,
        ),
        "internship": internship.pk,
        "application": internship.application_id,
        "placement": placement.pk,
        "submitted_placement": submitted.pk,
        "certificate": certificate.pk,
        "certificate_code": certificate.code,
        "pending_organisation": pending.pk,
        "organisation": organisation.pk,
        "period": period.pk,
        "programme": programme.pk,
        "student": student.pk,
        "competency": competency.pk,
        "skill": factories.SkillFactory().pk,
        "entry": entry.pk,
        "service_account": _a_service_account(staff).pk,  # api-core (issue #19)
        **allocation,
        **_rounds_world(student=student, other_student=other_student, organisation=organisation),
    }


def _rounds_world(*, student, other_student, organisation):
    """Allocation rounds (alloc-rank): one where the student ranks placements (in a period
    where they hold no internship yet), one where the host ranks the students."""
    from datetime import timedelta

    from allocation.models import Round

    programme = student.student_profile.programme
    factories.give_cv(student, label="Allocation")
    ranking = factories.RoundFactory(
        programmes=[programme], name="Autumn allocation round of the Faculty of Mathematics"
    )
    for rank in (1, 2):
        factories.ChoiceFactory(
            round=ranking,
            student=student,
            rank=rank,
            placement=factories.PlacementFactory(
                organisation=organisation,
                period=ranking.period,
                programmes=[programme],
                title="Backend developer intern for hospital software (Django, PostgreSQL)",
            ),
        )
    factories.PlacementFactory(period=ranking.period, programmes=[programme])
    hosts = factories.RoundFactory(programmes=[programme], name="Winter allocation round")
    now = timezone.now()
    Round.objects.filter(pk=hosts.pk).update(
        students_from=now - timedelta(days=5),
        students_until=now - timedelta(days=1),
        hosts_until=now + timedelta(days=2),
    )
    ranked = factories.PlacementFactory(
        organisation=organisation, period=hosts.period, programmes=[programme]
    )
    factories.EntryFactory(round=hosts, student=other_student, cv_label="Data engineering")
    factories.ChoiceFactory(round=hosts, student=other_student, placement=ranked)
    return {
        "round": ranking.pk,
        "host_round": hosts.pk,
        "host_round_placement": ranked.pk,
        "host_round_student": other_student.pk,
    }


def _allocation_world(*, staff, student, placement, programme, period):
    """A round whose ranking has closed, run once: its page, its preview (alloc-staff)."""
    from allocation.models import Match, Pin, Run
    from tests.allocation.staff_world import make_round, rank

    round = make_round(
        staff=staff,
        programmes=[programme],
        period=period,
        name="Autumn allocation round for the third-year students of the faculty",
    )
    rank(round, student, [placement])
    Pin.objects.create(round=round, student=student, placement=placement, created_by=staff)
    figures = {
        "students": 1,
        "placed": 1,
        "unmatched": 0,
        "first_choice": 1,
        "top3": 1,
        "first_choice_share": 100.0,
        "top3_share": 100.0,
        "by_programme": [
            {
                "programme": programme.pk,
                "name": programme.name,
                "students": 1,
                "placed": 1,
                "first_choice": 1,
                "top3": 1,
            }
        ],
    }
    run = Run.objects.create(
        round=round,
        seed=2**62,
        started_by=staff,
        status="done",
        figures=figures,
        progress=1,
        total=1,
    )
    Match.objects.create(run=run, student=student, placement=placement, choice_rank=1, pinned=True)
    return {
        "allocation_round": round.pk,
        "allocation_run": run.pk,
        "result_round": _published_round(staff=staff, student=student, programme=programme),
    }


def _published_round(*, staff, student, programme):
    """A published round that placed the student on their second choice, with the offer to
    answer and why not the first (the student's result page, fix-alloc)."""
    from allocation.models import Match, Round, Run

    round = factories.RoundFactory(
        programmes=[programme],
        name="Spring allocation round for the second-year students of the faculty",
        status=Round.Status.PUBLISHED,
    )
    factories.EntryFactory(round=round, student=student, cv_label="Allocation")
    first, second = (
        factories.PlacementFactory(
            period=round.period,
            programmes=[programme],
            title="Machine learning intern for medical imaging (Python, PyTorch)",
        )
        for _ in range(2)
    )
    run = Run.objects.create(round=round, seed=5, started_by=staff, status="done", total=1)
    offer = factories.ApplicationFactory(
        placement=second,
        student=student,
        status="offered",
        offer_deadline=round.offer_deadline,
    )
    Match.objects.create(
        run=run,
        student=student,
        placement=second,
        choice_rank=2,
        application=offer,
        reasons=[{"placement": first.pk, "rank": 1, "why": "full", "higher": 3}],
    )
    Round.objects.filter(pk=round.pk).update(published_run=run, published_at=timezone.now())
    return round.pk


def _a_service_account(staff):
    """A service account with a token in use and a revoked one (the API's staff pages)."""
    from api import services as api_services

    account = api_services.create_service_account(
        by=staff, name="Student records", scopes=["students:read"], all_faculties=True
    )
    token, _raw = api_services.create_token(account=account, by=staff, name="records server")
    api_services.create_token(account=account, by=staff, name="old")
    api_services.revoke_token(token=account.tokens.exclude(pk=token.pk).get(), by=staff)
    return account


def _a_logo():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (600, 200), "darkgreen").save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")


def _todays_world(*, student, company_admin, organisation, placement, period, programme):
    """What the pages merged since the first version of this test show: the organisation's
    logo, the student's profile (CVs, links, languages, experience), saved placements and
    searches, interview slots and bookings, messages, an offer, saved rejection messages."""
    from datetime import timedelta

    from accounts import services as accounts
    from accounts.models import StudentExperience, StudentLanguage, StudentLink
    from conversations.models import Message
    from internships.models import SavedPlacement, SavedSearch
    from interviews.models import Booking, Slot

    accounts.update_organisation(
        organisation=organisation, by=company_admin, data={}, logo=_a_logo()
    )
    profile = student.student_profile
    factories.give_cv(student, label="Backend and data engineering")
    factories.give_cv(student, label="Frontend")
    StudentLink.objects.create(
        profile=profile,
        kind="linkedin",
        url="https://www.linkedin.com/in/ioana-maria-popescu-cluj-napoca-7b3a9c21d4e5f6/",
    )
    StudentLink.objects.create(profile=profile, kind="github", url="https://github.com/ioana-pop")
    StudentLanguage.objects.create(profile=profile, language="English", level="C1")
    StudentLanguage.objects.create(profile=profile, language="Deutsch", level="B1")
    today = timezone.localdate()
    experience = StudentExperience.objects.create(
        profile=profile,
        kind="work",
        title="Junior developer (part-time)",
        organisation="Societatea Comercială de Dezvoltare Software Transilvania SRL",
        starts_on=today - timedelta(days=400),
        ends_on=today - timedelta(days=40),
        description="Am construit servicii REST în Django și am scris teste automate "
        "pentru fluxul de facturare; https://github.com/ioana-pop/facturare-servicii-rest",
    )
    StudentExperience.objects.create(
        profile=profile,
        kind="project",
        title="Aplicație pentru bibliotecă",
        starts_on=today - timedelta(days=200),
    )

    def published(title):
        return factories.PlacementFactory(
            organisation=organisation, period=period, programmes=[programme], title=title
        )

    interviewing = published("Frontend intern (React, TypeScript, accessibility)")
    choosing = published("Mobile developer intern")
    offering = published("Cloud support intern")
    SavedPlacement.objects.create(student=student, placement=interviewing)
    SavedPlacement.objects.create(student=student, placement=choosing)
    SavedSearch.objects.create(
        student=student,
        name="Remote Python internships in Cluj and Bucharest",
        params={"q": ["python django"], "city": ["Cluj"], "work_mode": ["remote"]},
        alerts="daily",
    )
    SavedSearch.objects.create(student=student, name="Anything", params={}, alerts="none")

    link = "https://meet.example.org/codeaza-somes/interviuri-stagii-vara-2027?pwd=k8Yq2xLw"
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=3)

    def slots(placement, count):
        return [
            Slot.objects.create(
                placement=placement,
                starts_at=start + timedelta(minutes=45 * index),
                minutes=30,
                location=link,
                created_by=company_admin,
            )
            for index in range(count)
        ]

    booked = factories.ApplicationFactory(
        placement=interviewing, student=student, status="interview"
    )
    waiting = factories.ApplicationFactory(placement=interviewing, status="interview")
    factories.ApplicationFactory(placement=interviewing, status="shortlisted")
    first, second, *_free = slots(interviewing, 4)
    Booking.objects.create(slot=first, application=booked)
    asked = Booking.objects.create(
        slot=second,
        application=waiting,
        reschedule_request="Am examen în acea zi; orice oră de joi sau vineri îmi convine.",
        reschedule_requested_at=timezone.now(),
    )
    shortlisted = factories.ApplicationFactory(
        placement=choosing, student=student, status="shortlisted"
    )
    slots(choosing, 3)
    offered = factories.ApplicationFactory(
        placement=offering,
        student=student,
        status="offered",
        offer_deadline=timezone.now() + timedelta(days=7),
        message_to_student="Ne-ar plăcea să lucrezi cu noi în echipa de suport.",
    )
    Message.objects.create(
        application=booked,
        author=student,
        body="Bună ziua! Pot aduce la interviu un proiect personal? Codul este la "
        "https://github.com/ioana-pop/aplicatie-biblioteca-universitara-cluj-napoca",
    )
    Message.objects.create(
        application=booked,
        author=company_admin,
        body="Sigur, ne bucurăm. Vă așteptăm cu laptopul.",
    )
    factories.RejectionTemplateFactory(
        organisation=organisation,
        created_by=company_admin,
        name="Position filled: thank you, and please apply again next year",
    )
    template = factories.RejectionTemplateFactory(
        organisation=organisation, created_by=company_admin
    )
    return {
        "interview_placement": interviewing.pk,
        "booked_application": booked.pk,
        "asked_to_move": asked.pk,
        "shortlisted_application": shortlisted.pk,
        "offered_application": offered.pk,
        "rejection_template": template.pk,
        "experience": experience.pk,
    }


def _pages_of(client, user, ids):
    """The paths that answer this user's GET with an HTML page."""
    client.logout()
    if user is not None:
        client.force_login(user)
    pages = []
    for name, route in _named_routes():
        kwargs = _kwargs_for(route, ids)
        if kwargs is None:
            continue
        path = reverse(name, kwargs=kwargs)
        response = client.get(path)
        if (
            response.status_code == 200
            and "text/html" in response.get("Content-Type", "")
            and b"<html" in response.content[:500]  # a page, not an htmx fragment
        ):
            pages.append((name, path))
    for name, key, query in EXTRA_PAGES:
        path = reverse(name, kwargs={"pk": ids[key]}) + query
        response = client.get(path)
        if response.status_code == 200 and b"<html" in response.content[:500]:
            pages.append((f"{name} {query or key}", path))
    client.logout()
    return pages


def test_no_page_of_any_role_is_wider_than_a_phone(
    site,
    page,
    client,
    settings,
    tmp_path,
    student,
    other_student,
    company_admin,
    host_tutor,
    supervisor,
    staff,
    organisation,
    placement,
    internship,
    programme,
    period,
):
    settings.MEDIA_ROOT = tmp_path  # the organisation's logo
    ids = _demo_world(
        student=student,
        other_student=other_student,
        company_admin=company_admin,
        host_tutor=host_tutor,
        supervisor=supervisor,
        staff=staff,
        organisation=organisation,
        placement=placement,
        internship=internship,
        programme=programme,
        period=period,
    )
    roles = {
        "anonymous": None,
        "student": student,
        "company": company_admin,
        "host tutor": host_tutor,
        "supervisor": supervisor,
        "staff": staff,
    }
    assert MentorProfile.objects.filter(kind=MentorProfile.Kind.SUPERVISOR).exists()
    pages = {role: _pages_of(client, user, ids) for role, user in roles.items()}
    visited = {role: {name for name, _path in found} for role, found in pages.items()}
    # The world is rich enough that the pages with objects in them are visited too.
    assert {"landing", "placement_search", "placement_detail"} <= visited["anonymous"]
    assert {"student_home", "internship_detail", "logbook", "student_application"} <= visited[
        "student"
    ]
    assert {
        "conversations_inbox",
        "conversation",
        "interview_booking",
        "interview_booking shortlisted_application",
        "student_application offered_application",
        "saved_placements",
        "saved_searches",
        "student_profile",
        "add_student_experience",
        "edit_student_experience",
    } <= visited["student"]
    assert {
        "company_placements",
        "pipeline",
        "company_internships",
        "internship_detail",
    } <= visited["company"]
    assert {
        "conversations_inbox",
        "conversation",
        "interview_slots",
        "pipeline ?view=table",
        "company_application offered_application",
        "company_application booked_application",
        "rejection_templates",
        "rejection_template_edit",
        "company_organisation",
    } <= visited["company"]
    assert {"student_rounds", "student_round"} <= visited["student"]  # alloc-rank
    assert "allocation_student_result" in visited["student"]  # fix-alloc
    assert {"host_rounds", "host_round", "host_round_placement"} <= visited["company"]
    assert {"mentor_home", "internship_detail", "logbook", "evaluation_form"} <= visited[
        "host tutor"
    ]
    assert {"mentor_home", "result_form"} <= visited["supervisor"]
    assert {
        "staff_placement_reviews",
        "staff_certificates",
        "staff_student",
        "staff_home",
        "staff_rounds",
        "staff_round",
        "staff_round_run",
        "staff_round_pin",
        "allocation_publish_run",
    } <= visited["staff"]

    page.set_viewport_size(PHONE)
    problems = []
    checked = set()  # axe runs once per kind of page, the overflow check on every page
    for role, user in roles.items():
        page.context.clear_cookies()
        if user is not None:
            log_in(page, site, user)
        for name, path in pages[role]:
            page.goto(site.url + path)
            measured = page.evaluate(FIND_OVERFLOW)
            if measured["scrollWidth"] > measured["width"]:
                problems.append(
                    f"{role} {name} {path}: {measured['scrollWidth']} px wide; "
                    + "; ".join(measured["elements"])
                )
            if name in checked:
                continue
            checked.add(name)
            try:
                assert_accessible(page)
            except AssertionError as error:
                problems.append(f"{role} {name}: {error}")
    assert not problems, "\n".join(problems)
