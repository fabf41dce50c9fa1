"""Who may read and write an application's conversation.

The two sides write: the applicant, and the members (admins and recruiters) of the
placement's organisation. The university's internship office reads without writing: it
answers for its students' placements (vetting, reports of concern, suspensions) and may need
the record, but a third voice in the thread would blur who speaks for whom; the page tells
both sides that the office can read it.
"""

import rules

from accounts.faculties import sees_student
from accounts.rules import is_company_member, is_student, is_university_staff
from internships.rules import is_member_of_application_org, is_the_applicant

is_party_to_the_conversation = (is_student & is_the_applicant) | (
    is_company_member & is_member_of_application_org
)


@rules.predicate
def is_of_viewers_faculties(user, application):
    """The applicant is a student of one of the staff member's faculties."""
    return sees_student(user, application.student)


rules.add_perm("conversations.write", is_party_to_the_conversation)
rules.add_perm(
    "conversations.read",
    is_party_to_the_conversation | (is_university_staff & is_of_viewers_faculties),
)
