"""A university staff member required to use two-factor authentication sets up an
authenticator app from the secret on the page, then signs in with a code."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from tests.factories import PASSWORD

from .conftest import assert_accessible, log_in, log_out


def code_for(secret: str) -> str:
    """What the authenticator app shows now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_staff_set_up_an_authenticator_app_and_sign_in_with_a_code(site, page, staff, settings):
    settings.STAFF_REQUIRE_MFA = True

    log_in(page, site, staff)

    # Held until a second factor is set up: first the password again, then the app.
    expect(page.get_by_text("set up an authenticator app to continue")).to_be_visible()
    expect(page.get_by_role("heading", name="Confirm Access")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Activate Authenticator App")).to_be_visible()
    expect(
        page.get_by_role("img", name="QR code to scan with your authenticator app")
    ).to_be_visible()
    assert_accessible(page)
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(code_for(secret))
    page.get_by_role("button", name="Activate").click()

    expect(page.get_by_text("Authenticator app activated.")).to_be_visible()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Two-factor authentication").click()
    expect(page.get_by_text("Authentication using an authenticator app is active.")).to_be_visible()
    assert_accessible(page)
    log_out(page)

    log_in(page, site, staff)
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_text("Incorrect code.")).to_be_visible()
    page.get_by_label("Code").fill(code_for(secret))
    page.get_by_role("button", name="Sign In").click()

    expect(page.get_by_role("link", name="Two-factor authentication")).to_be_visible()
    expect(page).to_have_url(site.url + "/staff/")
