"""A walk through every form a person of each role can reach, posting hostile input into
each: a NUL character, a 100,000-character text, and numbers, dates and choices no person
would type. No answer is a server error, and nothing is changed: no record, no event.

The demo data is loaded, each demo account crawls the pages it can reach from its home
(links and GET forms), and every distinct form found is submitted.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.core.management import call_command

from accounts.models import User
from notifications.models import Event

ACCOUNTS = [
    "student@demo.practica.ro",
    "company@demo.practica.ro",
    "mentor@demo.practica.ro",
    "supervisor@demo.practica.ro",
    "staff@demo.practica.ro",
]
NUL = "Bine\x00 făcut"
ENORMOUS = "x" * 100_000
TEXT_TYPES = {"text", "search", "email", "url", "tel", "password", ""}
KEEP = {"csrfmiddlewaretoken", "next"}
HOSTILE_TYPED = {"number": "9" * 30, "date": "9999-12-31", "datetime-local": "0001-01-01T00:00"}
NEVER_FOLLOW = re.compile(r"logout|/admin/|\.pdf|\.ics|/export|/download|/media/|/static/")
MAX_PAGES = 400
SAME_PATTERN = 4  # pages of one kind (a placement, an application ...) visited at most


class Page(HTMLParser):
    """The links and forms of one page, as a browser would see them."""

    def __init__(self):
        super().__init__()
        self.links, self.forms, self._form, self._select, self._textarea = [], [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "fields": [],
            }
            self.forms.append(self._form)
        elif self._form is None or "name" not in attrs:
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                kind = kind + "-unchecked"
            self._form["fields"].append([attrs["name"], kind, attrs.get("value") or ""])
        elif tag == "textarea":
            self._textarea = [attrs["name"], "textarea", ""]
            self._form["fields"].append(self._textarea)
        elif tag == "select":
            self._select = [attrs["name"], "select", None]
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            if self._select[2] in (None, "") or "selected" in attrs:
                self._select[2] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[2] += data


def _pattern(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/N", re.sub(r"/[A-Za-z0-9_-]{20,}(?=/|$)", "/T", path))


def _crawl(client):
    """The pages reachable from the home (a few of each kind) and the forms on them."""
    queue, seen, visits, forms = ["/"], set(), {}, {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        pattern = _pattern(path)
        if path in seen or visits.get(pattern, 0) >= SAME_PATTERN:
            continue
        seen.add(path)
        visits[pattern] = visits.get(pattern, 0) + 1
        response = client.get(path)
        assert response.status_code < 500, path
        if response.status_code in (301, 302) and response["Location"].startswith("/"):
            queue.append(urlsplit(response["Location"]).path)
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = Page()
        page.feed(response.content.decode())
        for href in page.links:
            target = urlsplit(urljoin(path, href))
            if target.netloc or not target.path.startswith("/") or NEVER_FOLLOW.search(href):
                continue
            queue.append(target.path)
        for form in page.forms:
            action = urlsplit(urljoin(path, form["action"] or path)).path
            if NEVER_FOLLOW.search(action):
                continue
            names = tuple(sorted(name for name, *_ in form["fields"]))
            forms.setdefault((form["method"], _pattern(action), names), (action, form["fields"]))
    return forms


def _data(fields, *, text, typed):
    data = {}
    for name, kind, value in fields:
        if kind.endswith("-unchecked"):
            continue
        if name in KEEP:
            data[name] = value
        elif kind in TEXT_TYPES or kind == "textarea":
            data[name] = text
        elif kind in HOSTILE_TYPED and typed:
            data[name] = HOSTILE_TYPED[kind]
        elif kind in ("select", "radio") and typed:
            data[name] = "²"
        else:
            data[name] = value or ""
    return data


def _state():
    return Event.objects.count(), [model.objects.count() for model in _counted_models()]


def _counted_models():
    from django.apps import apps

    ours = {"accounts", "notifications", "internships", "mentors", "documents", "office"}
    return [model for model in apps.get_models() if model._meta.app_label in ours]


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def test_no_form_takes_hostile_input(client, demo):
    walked = {}
    for email in ACCOUNTS:
        client.force_login(User.objects.get(email=email))
        walked[email] = _walk(client)
    assert all(count > 5 for count in walked.values()), walked


def _walk(client) -> int:
    forms = _crawl(client)
    submitted = 0
    for (method, _, _), (action, fields) in sorted(forms.items()):
        free_text = any(kind in TEXT_TYPES or kind == "textarea" for _, kind, _ in fields)
        if not free_text and method == "post":
            continue  # a button without text (accept, approve ...): not a form to type into
        typed_fields = any(
            kind in HOSTILE_TYPED or kind in ("select", "radio") for _, kind, _ in fields
        )
        for text, typed in ((NUL, False), (ENORMOUS, False), ("ok", True)):
            if typed and not typed_fields:
                continue
            data = _data(fields, text=text, typed=typed)
            before = _state()
            if method == "post":
                response = client.post(action, data)
            else:
                response = client.get(action + "?" + urlencode(data))
            submitted += 1
            assert response.status_code < 500, (action, text[:10], data)
            if method == "post" and (text != "ok" or typed):
                assert _state() == before, f"{action} took {text[:10]!r} / typed={typed}"
    return submitted
