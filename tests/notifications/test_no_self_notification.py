"""Nobody is notified of their own action: notify() leaves out the person who acted."""

from datetime import timedelta

from mentors.models import Competency
from mentors.services import record_result, save_evaluation, terminate_internship
from notifications.models import Notification
from notifications.services import notify
from tests import factories


def test_notify_leaves_out_the_actor(student, other_student):
    notify([student, other_student], "certificate_issued", by=student, serial="PRA-1")

    assert list(Notification.objects.values_list("recipient", flat=True)) == [other_student.pk]


def test_the_supervisor_is_not_told_of_the_result_they_recorded(
    internship, supervisor, student, host_tutor
):
    internship.ends_on = internship.starts_on + timedelta(days=35)  # in its last days
    internship.save(update_fields=["ends_on"])
    save_evaluation(
        internship=internship,
        kind="final",
        by=host_tutor,
        scores={c.pk: (4, "") for c in Competency.objects.filter(is_active=True)},
        submit=True,
    )
    record_result(internship=internship, by=supervisor, grade=9, passed=True, credits=5)

    told = set(
        Notification.objects.filter(kind="result_recorded").values_list("recipient", flat=True)
    )
    assert supervisor.pk not in told
    assert student.pk in told


def test_staff_ending_an_internship_are_not_told_but_their_colleagues_are(internship, staff):
    colleague = factories.StaffFactory()

    terminate_internship(internship=internship, by=staff, reason="Firma s-a închis.")

    told = set(
        Notification.objects.filter(kind="internship_terminated").values_list(
            "recipient", flat=True
        )
    )
    assert staff.pk not in told
    assert colleague.pk in told
    assert internship.student_id in told
