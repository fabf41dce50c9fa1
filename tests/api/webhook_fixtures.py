"""A real HTTP receiver on 127.0.0.1 (a thread of the test process), and the webhooks'
world: a service account, a webhook, an internship of its faculty."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from accounts.models import Role
from api import webhook_services
from api.models import Scope, ServiceAccount
from tests import factories


class Receiver:
    def __init__(self, status=200, delay=0.0):
        self.status = status
        self.delay = delay
        self.requests = []  # (path, headers dict, body bytes)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.requests.append((self.path, dict(self.headers), body))
                if receiver.delay:
                    time.sleep(receiver.delay)
                try:
                    self.send_response(receiver.status)
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    self.wfile.write(b"ok" if receiver.status < 300 else b"receiver broke")
                except OSError:
                    pass  # the sender gave up waiting

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def make_receiver():
    made = []

    def make(**kwargs):
        receiver = Receiver(**kwargs)
        made.append(receiver)
        return receiver

    yield make
    for receiver in made:
        receiver.close()


@pytest.fixture
def receiver(make_receiver):
    return make_receiver()


@pytest.fixture(autouse=True)
def _local_webhooks(settings):
    settings.WEBHOOK_ALLOW_LOCAL = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.5
    settings.WEBHOOK_RETRY_MINUTES = [1, 5, 30, 120, 720]


@pytest.fixture
def staff(db):
    return factories.StaffFactory()


def make_account(staff, *, scopes=None, faculties=None, name=None):
    user = factories.UserFactory(role=Role.SERVICE)
    if faculties is not None:
        user.all_faculties = False
        user.save(update_fields=["all_faculties"])
        user.faculties.set(faculties)
    return ServiceAccount.objects.create(
        user=user,
        name=name or f"Registry {user.pk}",
        scopes=list(scopes if scopes is not None else [s.value for s in Scope]),
        created_by=staff,
    )


def make_webhook(staff, account, url, events=None):
    from api.models import WebhookEvent

    webhook, secret = webhook_services.create_webhook(
        by=staff,
        account=account,
        url=url,
        events=events or list(WebhookEvent.values),
    )
    return webhook, secret
