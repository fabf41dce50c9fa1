"""Every response carries X-Request-ID, every log line of the request the same id, and the
500 page shows it, so that a user's report leads to its traceback."""

import logging
import re

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from core import requestid

HEX_ID = re.compile(r"[0-9a-f]{32}")


@login_not_required
def fails(request):
    logging.getLogger("practica.test").info("about to fail")
    raise RuntimeError("the database ate my homework")


@login_not_required
def answers(request):
    return HttpResponse(requestid.current())


urlpatterns = [path("fails/", fails), path("answers/", answers)]
handler500 = "core.errors.server_error"
pytestmark = pytest.mark.urls(__name__)


def test_every_response_carries_a_new_request_id(client, db):
    first = client.get("/answers/")
    second = client.get("/answers/")

    assert HEX_ID.fullmatch(first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert first.content.decode() == first["X-Request-ID"]


def test_the_id_a_trusted_proxy_sends_is_kept(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    response = client.get("/answers/", headers={"X-Request-ID": "lb-7f3a.2_b"})

    assert response["X-Request-ID"] == "lb-7f3a.2_b"


def test_without_a_trusted_proxy_a_clients_id_is_not_believed(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 0

    response = client.get("/answers/", headers={"X-Request-ID": "chosen-by-the-client"})

    assert HEX_ID.fullmatch(response["X-Request-ID"])


@pytest.mark.parametrize("sent", ["a" * 65, "new\nline", "<script>", "with space"])
def test_an_insane_id_from_the_proxy_is_replaced(client, db, settings, sent):
    settings.TRUSTED_PROXY_COUNT = 1

    response = client.get("/answers/", headers={"X-Request-ID": sent})

    assert HEX_ID.fullmatch(response["X-Request-ID"])


def test_a_500_logs_its_traceback_with_the_request_id_and_shows_the_id(client, db, caplog):
    client.raise_request_exception = False

    with caplog.at_level(logging.INFO):
        response = client.get("/fails/")

    request_id = response["X-Request-ID"]
    assert response.status_code == 500
    assert request_id in response.content.decode()
    error = next(r for r in caplog.records if r.name == "django.request")
    assert error.request_id == request_id
    assert error.exc_info and "the database ate my homework" in str(error.exc_info[1])
    ours = next(r for r in caplog.records if r.name == "practica.test")
    assert ours.request_id == request_id


def test_the_500_page_keeps_the_style_the_policy_allows(client, db):
    client.raise_request_exception = False

    response = client.get("/fails/")

    assert "Content-Security-Policy" in response
    assert "<style>body{" in response.content.decode()


def test_log_lines_outside_a_request_say_so(caplog):
    with caplog.at_level(logging.INFO):
        logging.getLogger("practica.test").info("from a command")

    assert caplog.records[-1].request_id == "-"


def test_the_text_format_shows_the_request_id():
    from django.conf import settings

    line = logging.Formatter(settings.LOGGING["formatters"]["text"]["format"]).format(
        logging.getLogRecordFactory()("x", logging.INFO, __file__, 1, "hello", None, None)
    )

    assert "[-] x: hello" in line
