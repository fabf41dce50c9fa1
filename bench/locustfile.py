"""Mixed traffic for Practica, for locust: anonymous searches, students applying and reading
their timelines, companies moving applicants a step, staff opening the dashboard.

Run it through `bench/load.py`, which picks the accounts, starts gunicorn and prints the
figures. Alone:

    PRACTICA_LOAD_ACCOUNTS=accounts.json locust -f bench/locustfile.py --headless \
        --host http://127.0.0.1:8000 -u 20 -r 5 -t 60s [--max-requests 5000]

The accounts file (JSON) names who signs in; nothing here is hard-coded:

    {"password": "...",
     "students": [{"email": "...", "placements": [12, 40]}, ...],
     "companies": [{"email": "...", "placements": [7]}, ...],
     "staff": ["..."]}

A student applies only to the placements listed beside them (open, of their programme, not
applied to yet); a company member moves applicants of the placements listed beside them (or
of those on their "our placements" page). Plain e-mail strings are accepted too.

A request fails when its status is not 2xx/3xx or when the page it ends on shows an error
(a form error, an error message, or the sign-in page). The one refusal taken as a normal
outcome is a student's "open applications" limit, reported as "apply (limit reached)".

Options added to locust's: --max-requests (stop after that many), --think-time MIN:MAX, and
--sign-in-phase-file (the figures until everyone has signed in go there, then start afresh).
"""

import io
import itertools
import json
import os
import random
import re
import time
from html.parser import HTMLParser
from urllib.parse import urlsplit

import gevent
from locust import HttpUser, events, task
from reportlab.pdfgen.canvas import Canvas


def _one_page_pdf(text: str) -> bytes:
    """A valid one-page PDF: the app checks that an uploaded CV parses as one."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(72, 760, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


PDF_CV = _one_page_pdf("Curriculum vitae")
COVER_LETTER = (
    "Bună ziua! Studiez informatica la Cluj și aș vrea să învăț alături de echipa "
    "dumneavoastră: lucrez deja cu Python, SQL și Git."
)
# Each Romanian query in two spellings, as people type them: with diacritics and without.
QUERIES = [
    "Știința datelor",
    "stiinta datelor",
    "programare și lucru în echipă",
    "programare si lucru in echipa",
    "Bistrița",
    "bistrita",
    "Sighetu Marmației",
    "sighetu marmatiei",
    "Someș",
    "somes",
    "Crișana",
    "crisana",
    "Cluj-Napoca",
    "developer",
    "data analyst",
    "laboratory",
    "quality engineering",
]
FILTERS = ("programme", "county", "skills", "work_mode", "paid", "period")
# An error message, a form's errors, a field's errors: what a person would read as "no".
ERROR_ON_PAGE = re.compile(r'class="(?:message message--error|form-errors|errorlist)[ "]')
LIMIT_REACHED = "open applications in this period, the most allowed"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
chance = random.Random()  # noqa: S311 (what simulated people do next: nothing secret)


@events.init_command_line_parser.add_listener
def _options(parser):
    parser.add_argument(
        "--max-requests",
        type=int,
        default=0,
        help="Stop the run after this many requests (0: no limit, only the run time).",
    )
    parser.add_argument(
        "--sign-in-phase-file",
        default="",
        help="When every simulated person has signed in, write the figures so far to this "
        "JSON file and start the figures afresh (the sign-ins keep the workers busy).",
    )
    parser.add_argument(
        "--think-time",
        default="0.5:2.5",
        help="Seconds each simulated person waits between two actions, MIN:MAX.",
    )


@events.init.add_listener
def _stop_after_max_requests(environment, **kwargs):
    limit = environment.parsed_options.max_requests if environment.parsed_options else 0
    if not limit:
        return
    counter = itertools.count(1)

    def count(**kwargs):
        if next(counter) == limit:
            gevent.spawn(environment.runner.quit)

    environment.events.request.add_listener(count)


@events.init.add_listener
def _measure_after_sign_in(environment, **kwargs):
    path = environment.parsed_options.sign_in_phase_file if environment.parsed_options else ""
    if not path:
        return
    started = time.time()

    def once_everyone_signed_in(user_count):
        while PracticaUser.ready < user_count:
            gevent.sleep(0.05)
        stats = environment.runner.stats
        phase = {
            "seconds": time.time() - started,
            "errors": list(stats.serialize_errors().values()),
            "entries": stats.serialize_stats(),
        }
        stats.reset_all()
        with open(path, "w", encoding="utf-8") as file:
            json.dump(phase, file)

    environment.events.spawning_complete.add_listener(
        lambda user_count, **kwargs: gevent.spawn(once_everyone_signed_in, user_count)
    )


def _think_time(user):
    options = user.environment.parsed_options
    low, high = (float(x) for x in (options.think_time if options else "0.5:2.5").split(":"))
    return chance.uniform(low, high)


def _accounts() -> dict:
    path = os.environ.get("PRACTICA_LOAD_ACCOUNTS")
    if not path:
        raise RuntimeError("Set PRACTICA_LOAD_ACCOUNTS to the accounts file (see bench/load.py).")
    with open(path, encoding="utf-8") as file:
        return json.load(file)


class _Options(HTMLParser):
    """The <option> values of each <select> of one page."""

    def __init__(self):
        super().__init__()
        self.options: dict[str, list[str]] = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and attrs.get("value"):
            self.options.setdefault(self._select, []).append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def parse_page(html: str) -> _Options:
    parser = _Options()
    parser.feed(html)
    return parser


def ids_in(html: str, pattern: str) -> list[int]:
    return [int(pk) for pk in dict.fromkeys(re.findall(pattern, html))]


class PracticaUser(HttpUser):
    abstract = True
    wait_time = _think_time
    role = ""  # the accounts file's list this kind of user signs in from

    # Shared by the simulated people of this process (gevent: one thread), so that people
    # beyond the file's list, who share an account, never apply to one placement twice or
    # move one applicant at the same time.
    _next_account: dict[str, itertools.count] = {}
    _placements: dict[str, list[int]] = {}
    _in_hand: set[int] = set()
    ready = 0  # people past their start (signed in, or failed to)

    def on_start(self):
        try:
            self.begin()
        finally:
            PracticaUser.ready += 1

    def begin(self):
        """What this person does once, before the tasks."""

    def check(self, response, *, expect_path: str | None = None, signed_in: bool = True):
        """Fail the request when the page shows an error; return the page's text."""
        text = response.text or ""
        path = urlsplit(response.url or "").path
        if not 200 <= response.status_code < 400:
            response.failure(f"HTTP {response.status_code}")
        elif self.role and signed_in and path.startswith("/accounts/login/"):
            response.failure("sent back to the sign-in page")
        elif match := ERROR_ON_PAGE.search(text):
            rest = text[match.end() : match.end() + 1000].partition(">")[2]
            shown = next((t for t in re.split(r"<[^>]*>", rest) if t.strip()), "")
            response.failure(f"the page shows an error: {' '.join(shown.split())[:120]}")
        elif expect_path and not re.fullmatch(expect_path, path):
            response.failure(f"ended on {path}, not {expect_path}")
        return text

    def get(self, url, name, *, signed_in: bool = True, **kwargs):
        with self.client.get(url, name=name, catch_response=True, **kwargs) as response:
            return self.check(response, signed_in=signed_in)

    def csrf(self, html: str) -> str:
        match = CSRF_INPUT.search(html)
        return match.group(1) if match else ""

    def sign_in(self):
        """Take the next account of this role and sign in through the real form."""
        accounts = _accounts()
        people = accounts.get(self.role) or []
        if not people:
            raise RuntimeError(f"The accounts file lists no {self.role}.")
        index = next(PracticaUser._next_account.setdefault(self.role, itertools.count()))
        person = people[index % len(people)]
        person = {"email": person} if isinstance(person, str) else person
        self.email = person["email"]
        self.placements = PracticaUser._placements.setdefault(
            self.email, list(person.get("placements", []))
        )
        form = self.get("/accounts/login/", "sign-in form", signed_in=False)
        data = {
            "login": self.email,
            "password": accounts["password"],
            "csrfmiddlewaretoken": self.csrf(form),
        }
        with self.client.post(
            "/accounts/login/", data=data, name="sign in", catch_response=True
        ) as response:
            text = self.check(response)
            if response.status_code == 200 and 'action="/accounts/logout/"' not in text:
                response.failure("the account is not signed in")


class AnonymousVisitor(PracticaUser):
    """Searches the placements: words in both spellings, filters, pages, a placement."""

    weight = 5

    def begin(self):
        self.client.headers["Accept-Language"] = chance.choice(["ro", "en", "ro,en;q=0.8"])
        page = self.get("/placements/", "search")
        parsed = parse_page(page)
        self.filters = {name: parsed.options.get(name, []) for name in FILTERS}
        self.placement_ids = ids_in(page, r'href="/placements/(\d+)/"') or [1]
        pages = re.search(r"Pag(?:e|ina) \d+ (?:of|din) (\d+)", page)
        self.last_page = int(pages.group(1)) if pages else 1

    @task(1)
    def landing(self):
        self.get("/", "landing")

    @task(2)
    def search(self):
        page = self.get("/placements/", "search")
        self.placement_ids = ids_in(page, r'href="/placements/(\d+)/"') or self.placement_ids

    @task(4)
    def search_text(self):
        self.get("/placements/", "search ?q", params={"q": chance.choice(QUERIES)})

    @task(3)
    def search_filters(self):
        params = {"open": "on"} if chance.random() < 0.5 else {}
        available = [name for name, values in self.filters.items() if values]
        for name in chance.sample(available, k=min(len(available), chance.randint(1, 3))):
            params[name] = chance.choice(self.filters[name])
        if chance.random() < 0.3:
            params["sort"] = chance.choice(["newest", "deadline"])
        if chance.random() < 0.5:
            self.get(
                "/placements/",
                "search filters (htmx)",
                params=params,
                headers={"HX-Request": "true"},
            )
        else:
            self.get("/placements/", "search filters", params=params)

    @task(2)
    def search_page(self):
        number = chance.randint(2, self.last_page) if self.last_page > 1 else 1
        self.get("/placements/", "search page", params={"page": number})

    @task(3)
    def placement(self):
        self.get(f"/placements/{chance.choice(self.placement_ids)}/", "placement")


class Student(PracticaUser):
    """Signs in once, then reads their applications and a timeline, reads placements, and
    applies with a PDF CV to the placements open to them until the period's limit."""

    weight = 3
    role = "students"

    def begin(self):
        self.can_apply = True
        self.sign_in()
        self.application_ids: list[int] = []

    @task(3)
    def applications_and_timeline(self):
        page = self.get("/student/applications/", "my applications")
        self.application_ids = ids_in(page, r'href="/student/applications/(\d+)/"')
        if self.application_ids:
            pk = chance.choice(self.application_ids)
            self.get(f"/student/applications/{pk}/", "timeline")

    @task(2)
    def read_placements(self):
        page = self.get("/placements/", "search (student)", params={"open": "on"})
        ids = ids_in(page, r'href="/placements/(\d+)/"')
        if ids:
            self.get(f"/placements/{chance.choice(ids)}/", "placement (student)")

    @task(2)
    def apply(self):
        if not (self.can_apply and self.placements):
            return self.applications_and_timeline()
        pk = self.placements.pop(chance.randrange(len(self.placements)))
        self.get(f"/placements/{pk}/", "placement (student)")
        form = self.get(f"/placements/{pk}/apply/", "apply form")
        data = {"cover_letter": COVER_LETTER, "csrfmiddlewaretoken": self.csrf(form)}
        if 'name="cv_source"' in form:
            data["cv_source"] = "upload"
        with self.client.post(
            f"/placements/{pk}/apply/",
            data=data,
            files={"cv_upload": ("cv.pdf", PDF_CV, "application/pdf")},
            name="apply",
            catch_response=True,
        ) as response:
            if response.status_code == 200 and LIMIT_REACHED in response.text:
                self.can_apply = False
                response.request_meta["name"] = "apply (limit reached)"
                response.success()
            else:
                self.check(response, expect_path=r"/student/applications/\d+/")


class CompanyMember(PracticaUser):
    """Signs in once, then opens the organisation's placements and a pipeline, and moves an
    applicant one step (to "in review" or "shortlisted") with the button the page shows."""

    weight = 2
    role = "companies"

    def begin(self):
        self.sign_in()
        page = self.get("/company/placements/", "our placements")
        if not self.placements:
            self.placements = ids_in(page, r'href="/company/placements/(\d+)/applicants/"')

    @task(1)
    def our_placements(self):
        self.get("/company/placements/", "our placements")

    @task(2)
    def pipeline(self):
        if self.placements:
            pk = chance.choice(self.placements)
            self.get(f"/company/placements/{pk}/applicants/", "pipeline")

    @task(3)
    def move_an_applicant(self):
        if not self.placements:
            return self.our_placements()
        pk = chance.choice(self.placements)
        for status in ("submitted", "in_review"):
            page = self.get(
                f"/company/placements/{pk}/applicants/",
                "pipeline ?status",
                params={"status": status},
            )
            free = set(ids_in(page, r'href="/company/applications/(\d+)/"')) - self._in_hand
            if free:
                break
        else:
            if pk in self.placements:  # every applicant has moved past the early steps
                self.placements.remove(pk)
            return None
        application = chance.choice(sorted(free))
        self._in_hand.add(application)
        try:
            self.move(application)
        finally:
            self._in_hand.discard(application)
        return None

    def move(self, application: int):
        page = self.get(f"/company/applications/{application}/", "applicant")
        steps = re.findall(r'name="to" value="(in_review|shortlisted)"', page)
        if not steps:
            return
        with self.client.post(
            f"/company/applications/{application}/move/",
            data={"to": steps[0], "csrfmiddlewaretoken": self.csrf(page)},
            name="move applicant",
            catch_response=True,
        ) as response:
            text = self.check(response, expect_path=rf"/company/applications/{application}/")
            if response.status_code == 200 and "message--success" not in text:
                response.failure("no confirmation on the page")


class StaffMember(PracticaUser):
    """Signs in once, then opens the dashboard and the staff lists."""

    weight = 1
    role = "staff"

    def begin(self):
        self.sign_in()

    @task(3)
    def dashboard(self):
        self.get("/staff/", "dashboard")

    @task(2)
    def a_staff_list(self):
        path = chance.choice(
            [
                "/staff/students/",
                "/staff/placements/",
                "/staff/applications/",
                "/staff/directory/organisations/",
            ]
        )
        self.get(path, "staff list")
