"""Real-browser journeys: Playwright driving Debian's Chromium against live_server."""

import importlib
import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in this thread; Django must still be allowed
# to use the database from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # Marked before pytest-django orders the tests, so that these transactional tests
    # (live_server empties the database) run after the others.
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))
        elif {"page", "browser"} & set(getattr(item, "fixturenames", ())):
            # Playwright's `page` or `browser` outside tests/browser (a fixture of one's own
            # of that name included) shuffles the order of the whole run, so the live-server
            # tests, which empty the database, run before the others: name it otherwise.
            raise pytest.UsageError(f"{item.nodeid} asks for Playwright's `page` or `browser`")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        message = (
            f"Chromium not found at {CHROMIUM}: install it with "
            "`apt-get install chromium` (Debian) to run the browser tests."
        )
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def site(live_server, settings):
    """The live server, with its reference data and e-mail links pointing at it.

    live_server empties the database between tests, data migrations included, so the
    sectors, counties and skills are loaded again the way the migration does it.
    """
    from django.apps import apps

    importlib.import_module("accounts.migrations.0002_reference_data").load(apps, None)
    settings.SITE_URL = live_server.url
    return live_server


_axe = Axe()


def assert_accessible(page):
    """axe-core on the page as it is now: no serious or critical violation."""
    results = _axe.run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    details = "\n".join(
        f"{v['impact']}: {v['id']} — {v['help']} — "
        + "; ".join(
            n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
            for n in v["nodes"][:5]
        )
        for v in blocking
    )
    assert not blocking, f"accessibility violations on {page.url}:\n{details}"


@pytest.fixture(autouse=True)
def _quick_failures(page):
    page.set_default_timeout(10_000)


def log_in(page, site, user, password=None):
    """Log in through the login form, as a person would."""
    from tests.factories import PASSWORD

    page.goto(site.url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password or PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
