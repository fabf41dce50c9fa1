"""The database down: pages answer 503 "briefly unavailable" with Retry-After, not 500, in
the visitor's language, carrying the request's reference when there is one."""

import base64
import hashlib
import re
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, RequestFactory
from django.urls import reverse

from core.outage import unavailable_page

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def database_down():
    """From now on, every query of the request fails as when PostgreSQL is stopped."""

    def refuse(self):
        raise OperationalError("connection refused: is the server running?")

    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", refuse):
        yield


@pytest.fixture
def visitor():
    # A real client sees the page Django answers, not the exception behind it.
    return Client(raise_request_exception=False)


def test_a_page_of_an_anonymous_visitor_answers_503_with_retry_after(
    visitor, placement, database_down
):
    response = visitor.get(reverse("placement_search"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "briefly unavailable" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_a_signed_in_user_gets_the_503_page_too(visitor, student):
    # The session and the user are read by middleware, before any view runs.
    visitor.force_login(student)
    with mock.patch.object(
        BaseDatabaseWrapper,
        "ensure_connection",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = visitor.get(reverse("student_home"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "briefly unavailable" in response.content.decode()


def test_a_closed_connection_is_an_outage_too(visitor, placement):
    with mock.patch.object(
        BaseDatabaseWrapper, "ensure_connection", side_effect=InterfaceError("connection closed")
    ):
        response = visitor.get(reverse("placement_search"))

    assert response.status_code == 503


def test_the_page_speaks_romanian_to_a_romanian_browser(visitor, placement, database_down):
    response = visitor.get(reverse("placement_search"), HTTP_ACCEPT_LANGUAGE="ro")

    assert response.status_code == 503
    assert '<html lang="ro">' in response.content.decode()
    assert response["Content-Language"] == "ro"


def test_the_language_cookie_wins_over_the_browser(visitor, placement, database_down):
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "ro"

    response = visitor.get(reverse("placement_search"), HTTP_ACCEPT_LANGUAGE="en")

    assert '<html lang="ro">' in response.content.decode()


def test_the_page_carries_the_security_headers_and_no_inline_script(
    visitor, placement, database_down
):
    response = visitor.get(reverse("placement_search"))

    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "<script" not in response.content.decode()


def test_the_page_quotes_the_request_reference_when_there_is_one():
    request = RequestFactory().get("/")
    request.request_id = "4f1c2a9e<b>"

    body = unavailable_page(request).content.decode()

    assert "4f1c2a9e&lt;b&gt;" in body


def test_without_a_request_reference_the_page_says_nothing_of_it():
    body = unavailable_page(RequestFactory().get("/")).content.decode()

    assert "reference" not in body


def test_healthz_keeps_its_own_503(visitor, db, database_down):
    response = visitor.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


def test_another_error_is_still_a_500(visitor, placement):
    with mock.patch(
        "internships.views.public.queries.placements_for_search", side_effect=RuntimeError("bug")
    ):
        response = visitor.get(reverse("placement_search"))

    assert response.status_code == 500


def test_the_pages_inline_style_is_the_one_the_policy_allows():
    page = (ROOT / "templates/503.html").read_text()
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()

    assert settings.ERROR_PAGE_STYLE_HASH == f"'sha256-{digest}'"


def test_a_query_error_while_the_database_answers_is_a_500_not_a_503(client, placement):
    """A missing table, a statement timeout, a deadlock: the database is there, the fault is
    ours, so the operator must see it as an error, not as 'briefly unavailable'."""
    from unittest import mock

    from django.db import OperationalError

    client.raise_request_exception = False
    with mock.patch(
        "internships.views.public.queries.placement_detail",
        side_effect=OperationalError("no such table: internships_placement"),
    ):
        response = client.get(placement.get_absolute_url())

    assert response.status_code == 500
