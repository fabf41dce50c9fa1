"""Each rule: who is reminded, who is not, and at which threshold."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Organisation
from internships.models import AgreementVersion, Application, Internship, Placement
from mentors.models import AcademicResult, LogbookEntry
from reminders.models import Reminder
from tests import factories

from .helpers import days_ago, run, submit_evaluation, unconfirmed_agreement

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def deactivate(user):
    user.is_active = False
    user.save(update_fields=["is_active"])


# The agreement ------------------------------------------------------------------------


def test_a_student_is_reminded_of_the_agreement_version_waiting_for_them(
    internship, other_internship, student
):
    unconfirmed_agreement(internship)

    assert run(rule="agreement") == [("agreement", "v1", student.pk)]


def test_a_new_version_of_the_agreement_reminds_again(internship, student):
    agreement = unconfirmed_agreement(internship)
    run(rule="agreement")
    AgreementVersion.objects.create(
        agreement=agreement, number=2, language="ro", facts={}, facts_digest="y"
    )

    assert run(rule="agreement") == [
        ("agreement", "v1", student.pk),
        ("agreement", "v2", student.pk),
    ]


def test_no_agreement_reminder_when_confirmed_on_paper_not_sent_or_finished(
    internship, other_internship
):
    agreement = unconfirmed_agreement(internship)
    agreement.paper_recorded_at = timezone.now()
    agreement.save()
    unconfirmed_agreement(other_internship, versions=0)
    finished = factories.InternshipFactory(status="completed", agreement=False)
    unconfirmed_agreement(finished)

    assert run(rule="agreement") == []


def test_an_inactive_student_is_not_reminded(internship, student):
    unconfirmed_agreement(internship)
    deactivate(student)

    assert run(rule="agreement") == []


# The logbook -------------------------------------------------------------------------


def test_a_silent_logbook_reminds_its_student_once_per_spell(internship, student, settings):
    settings.REMINDER_LOGBOOK_SILENT_DAYS = 7

    assert run(rule="logbook_silent") == [
        ("logbook_silent", internship.starts_on.isoformat(), student.pk)
    ]
    assert run(rule="logbook_silent") == [
        ("logbook_silent", internship.starts_on.isoformat(), student.pk)
    ]
    LogbookEntry.objects.create(
        internship=internship, date=TODAY - timedelta(days=8), hours=6, activities="x"
    )
    assert len(run(rule="logbook_silent")) == 2


def test_a_recent_entry_or_a_closed_logbook_or_a_finished_internship_is_not_silent(
    internship, other_internship, settings
):
    settings.REMINDER_LOGBOOK_SILENT_DAYS = 7
    LogbookEntry.objects.create(
        internship=internship, date=TODAY - timedelta(days=6), hours=6, activities="x"
    )
    unconfirmed_agreement(other_internship)  # the logbook is not open yet
    factories.InternshipFactory(status="completed")

    assert run(rule="logbook_silent") == []


def ended_days_ago(internship, days):
    """Its last day was `days` ago, and it is still active: nobody has completed it yet."""
    ends_on = TODAY - timedelta(days=days)
    Internship.objects.filter(pk=internship.pk).update(
        starts_on=ends_on - timedelta(days=60), ends_on=ends_on
    )
    return ends_on


@pytest.mark.parametrize("last_entry_before_the_end", [0, 3, -2])
def test_a_logbook_kept_to_the_end_is_not_silent_after_it(
    internship, settings, last_entry_before_the_end
):
    settings.REMINDER_LOGBOOK_SILENT_DAYS = 7
    ends_on = ended_days_ago(internship, 10)
    LogbookEntry.objects.create(
        internship=internship,
        date=ends_on - timedelta(days=last_entry_before_the_end),
        hours=6,
        activities="x",
    )

    assert run(rule="logbook_silent") == []


def test_a_spell_of_silence_before_the_end_still_reminds(internship, student, settings):
    settings.REMINDER_LOGBOOK_SILENT_DAYS = 7
    ends_on = ended_days_ago(internship, 10)
    last = ends_on - timedelta(days=7)
    LogbookEntry.objects.create(internship=internship, date=last, hours=6, activities="x")

    assert run(rule="logbook_silent") == [("logbook_silent", last.isoformat(), student.pk)]


def test_the_silent_days_come_from_the_settings(internship, settings):
    LogbookEntry.objects.create(
        internship=internship, date=TODAY - timedelta(days=10), hours=6, activities="x"
    )
    settings.REMINDER_LOGBOOK_SILENT_DAYS = 11
    assert run(rule="logbook_silent") == []
    settings.REMINDER_LOGBOOK_SILENT_DAYS = 10
    assert len(run(rule="logbook_silent")) == 1


def test_entries_waiting_remind_their_host_tutor_not_another(
    internship, other_internship, host_tutor, settings
):
    settings.REMINDER_ENTRIES_WAITING_DAYS = 3
    for item, when in ((internship, 4), (other_internship, 3)):
        LogbookEntry.objects.create(
            internship=item,
            date=TODAY - timedelta(days=5),
            hours=6,
            activities="x",
            status=LogbookEntry.Status.SUBMITTED,
            submitted_at=days_ago(when),
        )

    assert run(rule="entries_waiting") == [
        ("entries_waiting", (TODAY - timedelta(days=4)).isoformat(), host_tutor.pk)
    ]


def test_entries_of_an_inactive_tutor_remind_nobody(internship, host_tutor):
    LogbookEntry.objects.create(
        internship=internship,
        date=TODAY - timedelta(days=5),
        hours=6,
        activities="x",
        status=LogbookEntry.Status.SUBMITTED,
        submitted_at=days_ago(5),
    )
    deactivate(host_tutor)

    assert run(rule="entries_waiting") == []


# Evaluations ---------------------------------------------------------------------------


def ending_in(internship, days):
    Internship.objects.filter(pk=internship.pk).update(
        starts_on=TODAY + timedelta(days=days - 60), ends_on=TODAY + timedelta(days=days)
    )


@pytest.mark.parametrize(
    ("days_left", "threshold"),
    [(9, None), (7, "7d"), (5, "7d"), (1, "1d"), (0, "1d"), (-1, "overdue")],
)
def test_the_final_evaluation_reminds_the_host_tutor_at_each_threshold(
    internship, host_tutor, days_left, threshold
):
    ending_in(internship, days_left)

    due = TODAY + timedelta(days=days_left)
    expected = [("final_evaluation", f"{threshold}:{due}", host_tutor.pk)] if threshold else []
    assert run(rule="final_evaluation") == expected


def test_the_evaluation_days_come_from_the_settings(internship, host_tutor, settings):
    settings.REMINDER_EVALUATION_DAYS = [10, 3]
    ending_in(internship, 9)

    due = TODAY + timedelta(days=9)
    assert run(rule="final_evaluation") == [("final_evaluation", f"10d:{due}", host_tutor.pk)]


def test_each_threshold_reminds_once(internship, host_tutor):
    ending_in(internship, 6)
    run()
    run(today=TODAY + timedelta(days=1))
    run(today=TODAY + timedelta(days=5))
    run(today=TODAY + timedelta(days=6))

    due = TODAY + timedelta(days=6)
    assert sorted(
        Reminder.objects.filter(rule="final_evaluation").values_list("threshold", flat=True)
    ) == [f"1d:{due}", f"7d:{due}"]


@pytest.mark.parametrize("moved_by", [2, -2])
def test_a_moved_deadline_reminds_again_of_its_new_date(internship, host_tutor, moved_by):
    ending_in(internship, 5)
    run(rule="final_evaluation")
    ending_in(internship, 5 + moved_by)

    reminders = run(rule="final_evaluation")

    assert [threshold for _rule, threshold, _to in reminders] == sorted(
        [f"7d:{TODAY + timedelta(days=5)}", f"7d:{TODAY + timedelta(days=5 + moved_by)}"]
    )


def test_a_submitted_evaluation_reminds_nobody(internship, host_tutor):
    ending_in(internship, 2)
    submit_evaluation(internship, "final", host_tutor)

    assert run(rule="final_evaluation") == []


def test_the_midterm_evaluation_follows_the_periods_calendar(internship, host_tutor):
    period = internship.period
    period.starts_on, period.ends_on = internship.starts_on, internship.ends_on
    period.midterm_evaluation_due_on = TODAY + timedelta(days=6)
    period.save()

    due = period.midterm_evaluation_due_on
    assert run(rule="midterm_evaluation") == [("midterm_evaluation", f"7d:{due}", host_tutor.pk)]


def test_a_terminated_internship_reminds_nobody(internship):
    ending_in(internship, 1)
    Internship.objects.filter(pk=internship.pk).update(status="terminated")

    assert run() == []


def test_the_self_evaluation_reminds_the_student(internship, student, settings):
    settings.REMINDER_SELF_EVALUATION_DAYS = 7
    ending_in(internship, 5)
    due = TODAY + timedelta(days=5)
    assert run(rule="self_evaluation") == [("self_evaluation", f"7d:{due}", student.pk)]
    assert run(today=due + timedelta(days=1), rule="self_evaluation") == [
        ("self_evaluation", f"7d:{due}", student.pk),
        ("self_evaluation", f"overdue:{due}", student.pk),
    ]


def test_a_submitted_self_evaluation_reminds_nobody(internship, student):
    ending_in(internship, 5)
    submit_evaluation(internship, "self", student)

    assert run(rule="self_evaluation") == []


# Results -------------------------------------------------------------------------------


def test_the_result_reminds_the_supervisor_once_the_final_evaluation_is_in(
    internship, host_tutor, supervisor, settings
):
    settings.RESULTS_DUE_DAYS = 14
    Internship.objects.filter(pk=internship.pk).update(
        status="completed", ends_on=TODAY - timedelta(days=10)
    )
    assert run(rule="result") == []

    submit_evaluation(internship, "final", host_tutor)
    due = TODAY + timedelta(days=4)
    assert run(rule="result") == [("result", f"7d:{due}", supervisor.pk)]


def test_a_recorded_result_reminds_nobody(internship, host_tutor, supervisor):
    Internship.objects.filter(pk=internship.pk).update(ends_on=TODAY - timedelta(days=30))
    submit_evaluation(internship, "final", host_tutor)
    AcademicResult.objects.create(
        internship=internship, grade=9, passed=True, credits=5, recorded_by=supervisor
    )

    assert run(rule="result") == []


# Organisations -------------------------------------------------------------------------


def test_unanswered_applications_remind_each_member_of_the_organisation_once(
    placement, company_admin, recruiter, other_placement, other_company_admin, settings
):
    settings.REMINDER_APPLICATIONS_UNANSWERED_DAYS = 7
    old = factories.ApplicationFactory.create_batch(2, placement=placement)
    factories.ApplicationFactory(placement=placement)  # too recent
    answered = factories.ApplicationFactory(placement=other_placement, status="in_review")
    Application.objects.filter(pk__in=[a.pk for a in [*old, answered]]).update(
        created_at=days_ago(8)
    )

    reminders = run(rule="applications_unanswered")

    since = (TODAY - timedelta(days=8)).isoformat()
    assert reminders == sorted(
        [
            ("applications_unanswered", since, company_admin.pk),
            ("applications_unanswered", since, recruiter.pk),
        ]
    )
    notification = Reminder.objects.filter(recipient=recruiter).get().notification
    assert notification.params["count"] == "2"


# Staff ---------------------------------------------------------------------------------


def test_old_queue_items_remind_staff_once_a_day_with_the_count(placement, staff, student):
    factories.StaffFactory(is_active=False)
    Placement.objects.filter(pk=placement.pk).update(status="submitted", updated_at=days_ago(4))
    organisation = factories.OrganisationFactory(status=Organisation.Status.PENDING)
    Organisation.objects.filter(pk=organisation.pk).update(created_at=days_ago(3))

    assert run() == [("placements_awaiting", TODAY.isoformat(), staff.pk)]
    assert len(run()) == 1
    assert len(run(today=TODAY + timedelta(days=1))) == 3  # organisations now too


def test_an_overdue_evaluation_says_it_was_due(internship, host_tutor):
    ending_in(internship, -2)
    run()

    reminder = Reminder.objects.get(rule="final_evaluation")
    assert reminder.notification.kind == "reminder_final_evaluation_overdue"
    assert "was due on" in reminder.notification.text
