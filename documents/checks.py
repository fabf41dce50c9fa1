"""System checks of signing: a signing certificate that is set must load (at start, not at
the first certificate issued), and production is reminded when PDFs go out unsigned."""

from django.conf import settings
from django.core import checks

from . import signing


@checks.register()
def signing_certificate_loads(app_configs, **kwargs):
    problem = signing.load_problem()
    errors = []
    if problem:
        errors.append(
            checks.Error(
                problem,
                hint="Set SIGNING_CERTIFICATE to the PKCS#12 file and "
                "SIGNING_CERTIFICATE_PASSWORD to its password, or unset SIGNING_CERTIFICATE "
                "to issue unsigned PDFs.",
                id="documents.E001",
            )
        )
    for path in settings.SIGNING_TRUST_ROOTS:
        problem = signing.trust_root_problem(path)
        if problem:
            errors.append(
                checks.Warning(
                    problem,
                    hint="SIGNING_TRUST_ROOTS names PEM files of the authorities /verify/ trusts.",
                    id="documents.W002",
                )
            )
    return errors


@checks.register(deploy=True)
def pdfs_are_signed(app_configs, **kwargs):
    if signing.signing_configured():
        return []
    return [
        checks.Warning(
            "SIGNING_CERTIFICATE is not set: certificates and agreements go out unsigned.",
            hint="Set SIGNING_CERTIFICATE, SIGNING_CERTIFICATE_PASSWORD and "
            "SIGNING_TRUST_ROOTS (see the README's configuration).",
            id="documents.W001",
        )
    ]
