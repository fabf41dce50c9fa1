"""Who may do what with interview slots: the placement's organisation publishes, moves and
cancels; the applicant books and asks to reschedule their own booking."""

import rules

from accounts.rules import is_student, organisation_id_of
from internships.rules import is_member_of_placement_org, is_the_applicant


@rules.predicate
def is_member_of_booking_org(user, booking):
    return (
        booking is not None
        and organisation_id_of(user) is not None
        and organisation_id_of(user) == booking.slot.placement.organisation_id
    )


@rules.predicate
def booked_it(user, booking):
    return booking is not None and booking.application.student_id == user.pk


rules.add_perm("interviews.manage_slots", is_member_of_placement_org)
rules.add_perm("interviews.manage_booking", is_member_of_booking_org)
rules.add_perm("interviews.book", is_student & is_the_applicant)
rules.add_perm("interviews.ask_to_reschedule", is_student & booked_it)
