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
    for item, when in ((internship, 3), (other_internship, 2)):
        LogbookEntry.objects.create(
            internship=item,
            date=TODAY - timedelta(days=5),
            hours=6,
            activities="x",
            status=LogbookEntry.Status.SUBMITTED,
            submitted_at=days_ago(when),
        )

    assert run(rule="entries_waiting") == [
        ("entries_waiting", (TODAY - timedelta(days=3)).isoformat(), host_tutor.pk)
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

    expected = [("final_evaluation", threshold, host_tutor.pk)] if threshold else []
    assert run(rule="final_evaluation") == expected


def test_the_evaluation_days_come_from_the_settings(internship, host_tutor, settings):
    settings.REMINDER_EVALUATION_DAYS = [10, 3]
    ending_in(internship, 9)

    assert run(rule="final_evaluation") == [("final_evaluation", "10d", host_tutor.pk)]


def test_each_threshold_reminds_once(internship, host_tutor):
    ending_in(internship, 6)
    run()
    run()
    ending_in(internship, 1)
    run()

    assert sorted(
        Reminder.objects.filter(rule="final_evaluation").values_list("threshold", flat=True)
    ) == ["1d", "7d"]


def test_a_submitted_evaluation_reminds_nobody(internship, host_tutor):
    ending_in(internship, 2)
    submit_evaluation(internship, "final", host_tutor)

    assert run(rule="final_evaluation") == []


def test_the_midterm_evaluation_follows_the_periods_calendar(internship, host_tutor):
    period = internship.period
    period.starts_on, period.ends_on = internship.starts_on, internship.ends_on
    period.midterm_evaluation_due_on = TODAY + timedelta(days=6)
    period.save()

    assert run(rule="midterm_evaluation") == [("midterm_evaluation", "7d", host_tutor.pk)]


def test_a_terminated_internship_reminds_nobody(internship):
    ending_in(internship, 1)
    Internship.objects.filter(pk=internship.pk).update(status="terminated")

    assert run() == []


def test_the_self_evaluation_reminds_the_student(internship, student, settings):
    settings.REMINDER_SELF_EVALUATION_DAYS = 7
    ending_in(internship, 5)
    assert run(rule="self_evaluation") == [("self_evaluation", "7d", student.pk)]
    ending_in(internship, -1)
    assert run(rule="self_evaluation")[-1] == ("self_evaluation", "overdue", student.pk)


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
    assert run(rule="result") == [("result", "7d", supervisor.pk)]


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
    Organisation.objects.filter(pk=organisation.pk).update(created_at=days_ago(2))

    assert run() == [("placements_awaiting", TODAY.isoformat(), staff.pk)]
    assert len(run()) == 1
    assert len(run(today=TODAY + timedelta(days=1))) == 3  # organisations now too


def test_an_overdue_evaluation_says_it_was_due(internship, host_tutor):
    ending_in(internship, -2)
    run()

    reminder = Reminder.objects.get(rule="final_evaluation")
    assert reminder.notification.kind == "reminder_final_evaluation_overdue"
    assert "was due on" in reminder.notification.text
