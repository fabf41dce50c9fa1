"""`check --deploy` reminds production to require two-factor authentication of staff."""

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
