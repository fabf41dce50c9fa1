"""Every change to an internship's mentoring goes through here: the lifecycle (start,
completion, termination), the logbook, feedback, evaluations and the academic result, one
module each. Assigning the mentors is internships.services.assignments."""

from .evaluations import AUTHORS, reopen_evaluation, save_evaluation
from .feedback import reply_to_feedback, write_feedback
from .lifecycle import (
    INTERNSHIP_MOVES,
    approved_hours,
    complete_internship,
    start_due_internships,
    start_internship,
    terminate_internship,
)
from .logbook import add_entry, approve_entries, return_entry, submit_entries, update_entry
from .results import record_result

__all__ = [
    "AUTHORS",
    "INTERNSHIP_MOVES",
    "add_entry",
    "approve_entries",
    "approved_hours",
    "complete_internship",
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
    "write_feedback",
]
