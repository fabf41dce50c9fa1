"""Every change to an internship's mentoring goes through here: the lifecycle (start,
completion, termination), the logbook, feedback, evaluations and the academic result, one
module each. Assigning the mentors is internships.services.assignments."""

from .evaluations import AUTHORS, reopen_evaluation, save_evaluation
from .feedback import reply_to_feedback, write_feedback
from .lifecycle import (
    INTERNSHIP_MOVES,
    agreement_in_force,
    approved_hours,
    complete_internship,
    final_evaluation_submitted,
    start_due_internships,
    start_internship,
    terminate_internship,
    why_final_evaluation_closed,
    why_not_completable,
    why_not_startable,
)
from .logbook import add_entry, approve_entries, return_entry, submit_entries, update_entry
from .profile import update_mentor_profile
from .results import pass_mark_refusal, record_result, why_no_result_yet

__all__ = [
    "AUTHORS",
    "INTERNSHIP_MOVES",
    "add_entry",
    "agreement_in_force",
    "approve_entries",
    "approved_hours",
    "complete_internship",
    "final_evaluation_submitted",
    "pass_mark_refusal",
    "record_result",
    "reopen_evaluation",
    "reply_to_feedback",
    "return_entry",
    "save_evaluation",
    "start_due_internships",
    "start_internship",
    "submit_entries",
    "terminate_internship",
    "update_entry",
    "update_mentor_profile",
    "why_final_evaluation_closed",
    "why_no_result_yet",
    "why_not_completable",
    "why_not_startable",
    "write_feedback",
]
