from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from internships import signals


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents and certificates")

    def ready(self):
        # Register the texts of this app's notifications, and its panel on the internship page.
        from . import checks, health, notices, panels, reports  # noqa: F401
        from .agreements import draw_when_needed
        from .amendments import render_when_proposed
        from .tasks import on_agreement_confirmed_by_all, on_amendment_confirmed_by_all

        signals.amendment_proposed.connect(
            render_when_proposed, dispatch_uid="documents.amendment_pdf"
        )
        signals.agreement_version_needs_pdf.connect(
            draw_when_needed, dispatch_uid="documents.agreement_pdf"
        )
        health.register()  # the workers' heartbeat, for /readyz and the metrics
        # The public figures (counted by internships, below) include the valid certificates.
        from internships.figures import public_count

        from .models import Certificate

        public_count("certificates", lambda: Certificate.objects.filter(revoked_at=None).count())
        # Internships tell when the three parties have confirmed; documents signs the PDF.
        signals.agreement_confirmed_by_all.connect(
            on_agreement_confirmed_by_all, dispatch_uid="documents.sign_agreement_version"
        )
        signals.amendment_confirmed_by_all.connect(
            on_amendment_confirmed_by_all, dispatch_uid="documents.sign_amendment"
        )
