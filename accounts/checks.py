"""`check --deploy` reminds production to require two-factor authentication of staff and
to verify e-mail addresses (without which sign-up tells whether an address has an account)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def staff_must_use_two_factor(app_configs, **kwargs):
    if getattr(settings, "STAFF_REQUIRE_MFA", False):
        return []
    return [
        checks.Warning(
            "STAFF_REQUIRE_MFA is off: university staff can sign in with a password alone.",
            hint="Set STAFF_REQUIRE_MFA=1 in production (see the README's configuration).",
            id="accounts.W001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def addresses_must_be_verified(app_configs, **kwargs):
    if settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory":
        return []
    return [
        checks.Warning(
            "ACCOUNT_EMAIL_VERIFICATION is not 'mandatory': sign-up then logs a new account in "
            "at once and tells whether an address already has an account.",
            hint="Leave ACCOUNT_EMAIL_VERIFICATION unset (mandatory) in production.",
            id="accounts.W002",
        )
    ]


@checks.register(deploy=True)
def jobs_go_to_the_workers(app_configs, **kwargs):
    if not settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend"):
        return []
    return [
        checks.Warning(
            "TASKS_BACKEND runs background jobs inside the request: certificate batches and "
            "e-mail then run in the web server, and stop with it.",
            hint="Set TASKS_BACKEND=django_tasks_db.DatabaseBackend and run `manage.py "
            "run_worker` (see the README's production section).",
            id="accounts.W003",
        )
    ]
