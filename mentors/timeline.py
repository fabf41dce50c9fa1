"""The timeline of an internship, in words."""

from django.utils.translation import gettext_lazy

from internships import queries as internship_queries

from .models import Evaluation

ACTION_LABELS = {
    "created": gettext_lazy("Internship created"),
    "started": gettext_lazy("Internship started"),
    "completed": gettext_lazy("Internship completed"),
    "terminated": gettext_lazy("Internship ended early"),
    "assigned_host_tutor": gettext_lazy("Host tutor assigned"),
    "assigned_supervisor": gettext_lazy("Academic supervisor assigned"),
    "logbook_submitted": gettext_lazy("Logbook entries submitted"),
    "logbook_approved": gettext_lazy("Logbook entries approved"),
    "evaluation_submitted": gettext_lazy("Evaluation submitted"),
    "evaluation_reopened": gettext_lazy("Evaluation reopened"),
    "result_recorded": gettext_lazy("Academic result recorded"),
    "agreement_confirmed": gettext_lazy("Agreement confirmed"),
    "agreement_version": gettext_lazy("The agreement changed: a new version to confirm"),
    "agreement_language": gettext_lazy("Language of the agreement chosen"),
    "agreement_overridden": gettext_lazy("Logbook opened without the agreement"),
    "agreement_on_paper": gettext_lazy("Agreement signed on paper"),
    "agreement_signed": gettext_lazy("Agreement signed electronically by the university"),
    "amendment_proposed": gettext_lazy("Amendment to the agreement proposed"),
    "amendment_confirmed": gettext_lazy("Amendment to the agreement confirmed"),
    "amendment_in_force": gettext_lazy("Amendment to the agreement in force"),
    "amendment_withdrawn": gettext_lazy("Amendment to the agreement withdrawn"),
    "amendment_signed": gettext_lazy("Amendment signed electronically by the university"),
    "agreement_reminded": gettext_lazy(
        "The internship office sent a reminder to confirm the agreement"
    ),
    "certificate_issued": gettext_lazy("Certificate issued"),
    "certificate_revoked": gettext_lazy("Certificate revoked"),
    "certificate_issued_again": gettext_lazy("Certificate issued again after a revocation"),
}


KIND_LABELS = dict(Evaluation.Kind.choices)


def label(event, actions=ACTION_LABELS):
    """The words of one event of an internship's timeline, in the reader's language."""
    event.action_label = actions.get(event.action, event.action.replace("_", " "))
    event.from_text = event.from_label
    event.to_text = KIND_LABELS.get(event.to_status) or event.to_label
    return event


def timeline(internship) -> list:
    """The internship's events, oldest first, each with its words."""
    return [label(event) for event in internship_queries.timeline(internship)]
