"""Every change to placements, applications, vetting, offers, internships, their mentors and
agreements goes through here."""

from .agreements import (
    agreement_facts,
    agreement_of,
    confirm_agreement,
    current_version,
    effective_facts,
    override_agreement,
    reconsider_agreement,
    record_paper_agreement,
    set_agreement_language,
)
from .amendments import (
    assign_host_tutor,
    confirm_amendment,
    propose_amendment,
    why_no_amendment,
    withdraw_amendment,
)
from .applications import (
    BulkOutcome,
    add_note,
    apply,
    invite_to_interview,
    make_offer,
    move_application,
    move_applications,
    refusal_to_apply,
    reject_application,
    reject_applications,
    reject_remaining,
    withdraw_application,
)
from .assignments import assign_supervisor, lock_internship
from .closing import close_placement, close_placements_past_deadline
from .offers import accept_offer, decline_offer, expire_offers, extend_offer, rescind_offer
from .placements import (
    approve_placement,
    archive_placement,
    create_placement,
    duplicate_placement,
    return_placement,
    submit_placement,
    update_placement,
    withdraw_submission,
)
from .rejection_templates import (
    archive_rejection_template,
    create_rejection_template,
    update_rejection_template,
)
from .vetting import report_concern, resolve_report, suspend_organisation, verify_organisation

__all__ = [
    "BulkOutcome",
    "archive_rejection_template",
    "create_rejection_template",
    "move_applications",
    "reject_applications",
    "update_rejection_template",
    "extend_offer",
    "rescind_offer",
    "close_placements_past_deadline",
    "assign_host_tutor",
    "assign_supervisor",
    "lock_internship",
    "accept_offer",
    "agreement_facts",
    "agreement_of",
    "current_version",
    "effective_facts",
    "reconsider_agreement",
    "set_agreement_language",
    "confirm_amendment",
    "propose_amendment",
    "why_no_amendment",
    "withdraw_amendment",
    "confirm_agreement",
    "override_agreement",
    "record_paper_agreement",
    "add_note",
    "apply",
    "approve_placement",
    "archive_placement",
    "close_placement",
    "create_placement",
    "decline_offer",
    "duplicate_placement",
    "expire_offers",
    "invite_to_interview",
    "make_offer",
    "move_application",
    "reject_application",
    "refusal_to_apply",
    "reject_remaining",
    "report_concern",
    "resolve_report",
    "return_placement",
    "submit_placement",
    "suspend_organisation",
    "update_placement",
    "verify_organisation",
    "withdraw_application",
    "withdraw_submission",
]
from .saved import (  # noqa: E402
    change_search_alerts,
    delete_search,
    save_placement,
    save_search,
    search_params,
    unsave_placement,
)

__all__ += [
    "change_search_alerts",
    "delete_search",
    "save_placement",
    "save_search",
    "search_params",
    "unsave_placement",
]
