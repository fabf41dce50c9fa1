"""On a phone (390 px wide) no page of any role is wider than the screen, and none has a
serious or critical accessibility violation.

"Every page" is every named URL of the project (the URL resolver lists them, the ones of
tests/url_layout.json and those added since), with the ids of a small demo world made by
the factories put in for its arguments, that answers a GET of that role with an HTML page.
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
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield pattern.name, prefix + str(pattern.pattern)

    seen = set()
    for name, route in walk(get_resolver().url_patterns):
        if name not in seen and not route.startswith(SKIPPED_PREFIXES):
            seen.add(name)
            yield name, route


def _kwargs_for(route, ids):
    kwargs = {}
    for converter, argument in re.findall(r"<(?:(\w+):)?(\w+)>", route):
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
        else:
            return None  # tokens, keys: nothing a demo world can name
    if "(?P<" in route:
        return None
    return kwargs


def _demo_world(*, student, other_student, company_admin, host_tutor, supervisor, staff,
                organisation, placement, internship, programme, period):
    from documents import services as documents
    from mentors.models import Competency

    for status in ("submitted", "approved", "draft"):
        factories.LogbookEntryFactory(internship=internship, status=status)
    entry = factories.LogbookEntryFactory(internship=internship, status="draft")
    factories.ApplicationFactory(placement=placement, status="interview")
    factories.ApplicationFactory(placement=placement, status="shortlisted")
    factories.PlacementFactory(organisation=organisation, period=period, status="draft",
                               programmes=[programme], title="Data analyst intern")
    submitted = factories.PlacementFactory(
        organisation=organisation, period=period, status="submitted", programmes=[programme],
        title="Quality engineer intern with a rather long title, as some are",
    )
    pending = factories.OrganisationFactory(status="pending", legal_name="Nouă Tehnologie SRL")
    completed = factories.InternshipFactory(
        application=factories.ApplicationFactory(
            placement=factories.PlacementFactory(
                organisation=organisation, period=factories.PeriodFactory(name="Spring 2026"),
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
    competency = Competency.objects.first() or Competency.objects.create(name="Teamwork")
    return {
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
    client.logout()
    return pages


def test_no_page_of_any_role_is_wider_than_a_phone(
    site, page, client, student, other_student, company_admin, host_tutor, supervisor, staff,
    organisation, placement, internship, programme, period,
):
    ids = _demo_world(
        student=student, other_student=other_student, company_admin=company_admin,
        host_tutor=host_tutor, supervisor=supervisor, staff=staff, organisation=organisation,
        placement=placement, internship=internship, programme=programme, period=period,
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
    assert {"student_home", "internship_detail", "logbook", "student_application"} <= visited["student"]
    assert {"company_placements", "pipeline", "company_internships", "internship_detail"} <= visited["company"]
    assert {"mentor_home", "internship_detail", "logbook", "evaluation_form"} <= visited["host tutor"]
    assert {"mentor_home", "result_form"} <= visited["supervisor"]
    assert {"staff_placement_reviews", "staff_certificates", "staff_student", "staff_home"} <= visited["staff"]

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
