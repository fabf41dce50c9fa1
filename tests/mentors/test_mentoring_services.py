from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import MentorProfile
from core.services import ServiceError
from internships import services as internship_services
from internships.models import Agreement, MentorAssignment
from mentors import services
from mentors.models import Competency, Evaluation, LogbookEntry
from notifications.models import Notification
from tests.factories import LogbookEntryFactory, MentorFactory

TODAY = timezone.localdate


def near_the_end(internship, days=10):
    """The internship ends in `days` days: within the window, its final evaluation is open."""
    internship.ends_on = TODAY() + timedelta(days=days)
    internship.save(update_fields=["ends_on"])
    return internship


def final_submitted(internship, by):
    near_the_end(internship)
    return services.save_evaluation(
        internship=internship, kind="final", by=by, scores=full_scores(), submit=True
    )


def add(internship, *, days_ago=1, hours=6, by=None):
    return services.add_entry(
        internship=internship,
        by=by or internship.student,
        date=TODAY() - timedelta(days=days_ago),
        hours=hours,
        activities="Am documentat API-ul de plăți.",
    )


# Logbook -----------------------------------------------------------------------------


def test_the_intern_logs_a_day(internship):
    entry = add(internship, hours="7.5")

    assert (entry.status, entry.hours) == ("draft", Decimal("7.5"))


@pytest.mark.parametrize("hours", ["0", "0.4", "12.5", "13"])
def test_hours_outside_half_to_twelve_are_refused(internship, hours):
    with pytest.raises(ServiceError, match="between 0.5 and 12"):
        add(internship, hours=hours)
    assert not LogbookEntry.objects.exists()


def test_no_more_than_twelve_hours_in_one_day_across_entries(internship):
    add(internship, hours=8)

    with pytest.raises(ServiceError, match="at most 12 hours"):
        add(internship, hours="4.5")
    assert LogbookEntry.objects.count() == 1


@pytest.mark.parametrize("offset", [-31, 31])
def test_a_date_outside_the_internship_is_refused(internship, offset):
    date = internship.starts_on - timedelta(days=1) if offset < 0 else internship.ends_on
    with pytest.raises(ServiceError):
        services.add_entry(
            internship=internship,
            by=internship.student,
            date=date + timedelta(days=1 if offset > 0 else 0),
            hours=4,
            activities="x",
        )


def test_only_the_intern_keeps_the_logbook(internship, host_tutor, other_student):
    for user in (host_tutor, other_student):
        with pytest.raises(PermissionDenied):
            add(internship, by=user)


def test_an_approved_entry_is_locked(internship, host_tutor):
    entry = add(internship)
    services.submit_entries(internship=internship, by=internship.student)
    services.approve_entries(internship=internship, by=host_tutor, entry_ids=[entry.pk])

    with pytest.raises(ServiceError, match="can no longer be changed"):
        services.update_entry(
            entry=entry, by=internship.student, date=entry.date, hours=2, activities="changed"
        )
    entry.refresh_from_db()
    assert entry.hours == Decimal("6")


def test_the_tutor_approves_a_week_at_once(internship, host_tutor):
    monday = TODAY() - timedelta(days=TODAY().weekday() + 7)
    for day in range(5):
        LogbookEntryFactory(
            internship=internship, date=monday + timedelta(days=day), status="submitted"
        )
    other_week = LogbookEntryFactory(
        internship=internship, date=monday - timedelta(days=3), status="submitted"
    )

    count = services.approve_entries(internship=internship, by=host_tutor, week_of=monday)

    assert count == 5
    other_week.refresh_from_db()
    assert other_week.status == "submitted"
    assert services.approved_hours(internship) == Decimal("30")
    assert Notification.objects.filter(
        recipient=internship.student, kind="logbook_approved"
    ).exists()


def test_only_the_host_tutor_approves(internship, supervisor):
    add(internship)
    services.submit_entries(internship=internship, by=internship.student)

    with pytest.raises(PermissionDenied):
        services.approve_entries(internship=internship, by=supervisor)


def test_a_returned_entry_goes_back_to_the_student_with_the_comment(internship, host_tutor):
    entry = add(internship)
    services.submit_entries(internship=internship, by=internship.student)

    with pytest.raises(ServiceError):
        services.return_entry(entry=entry, by=host_tutor, comment=" ")
    services.return_entry(entry=entry, by=host_tutor, comment="Detaliază ce ai testat.")

    entry.refresh_from_db()
    assert (entry.status, entry.review_comment) == ("returned", "Detaliază ce ai testat.")
    assert entry.is_editable


def test_the_logbook_opens_only_while_active(internship):
    internship.status = "planned"
    internship.save()

    with pytest.raises(ServiceError, match="while the internship is active"):
        add(internship)


# Assignment --------------------------------------------------------------------------


def test_the_admin_reassigns_the_host_tutor_and_the_history_stays(
    internship, company_admin, organisation
):
    MentorAssignment.objects.create(
        internship=internship,
        mentor=internship.host_tutor,
        kind="host_tutor",
        assigned_by=company_admin,
    )
    new_tutor = MentorFactory(organisation=organisation, user__first_name="Ana").user
    # Before the three parties have all confirmed the agreement (after, through an amendment).
    Agreement.objects.filter(internship=internship).update(university_confirmed_at=None)

    internship_services.assign_host_tutor(internship=internship, mentor=new_tutor, by=company_admin)

    history = list(MentorAssignment.objects.filter(internship=internship, kind="host_tutor"))
    assert [a.mentor for a in history][-1] == new_tutor
    assert history[0].ended_at is not None and history[-1].ended_at is None
    internship.refresh_from_db()
    assert internship.host_tutor == new_tutor


def test_a_tutor_of_another_organisation_cannot_be_assigned(
    internship, company_admin, other_internship
):
    with pytest.raises(ServiceError, match="mentor of your organisation"):
        internship_services.assign_host_tutor(
            internship=internship, mentor=other_internship.host_tutor, by=company_admin
        )


def test_a_recruiter_cannot_assign(internship, recruiter, host_tutor):
    with pytest.raises(PermissionDenied):
        internship_services.assign_host_tutor(
            internship=internship, mentor=host_tutor, by=recruiter
        )


def test_staff_assign_a_supervisor_in_bulk_and_hear_about_the_limit(
    internship, other_internship, staff, supervisor
):
    MentorProfile.objects.filter(user=supervisor).update(max_interns=1)

    warnings = internship_services.assign_supervisor(
        internships=[internship, other_internship], mentor=supervisor, by=staff
    )

    other_internship.refresh_from_db()
    assert other_internship.academic_supervisor == supervisor
    assert warnings and "more than the 1" in warnings[0]


# Evaluations, result, completion --------------------------------------------------------


def full_scores(value=4):
    return {c.pk: (value, "") for c in Competency.objects.filter(is_active=True)}


def test_the_default_rubric_has_seven_competencies(db):
    assert Competency.objects.filter(is_active=True).count() == 7


@pytest.mark.parametrize("value", [0, 6])
def test_a_score_outside_one_to_five_is_refused(internship, host_tutor, value):
    near_the_end(internship)
    with pytest.raises(ServiceError, match="from 1 to 5"):
        services.save_evaluation(
            internship=internship,
            kind="final",
            by=host_tutor,
            scores=full_scores(value),
            submit=True,
        )
    assert not Evaluation.objects.filter(status="submitted").exists()


def test_a_submitted_evaluation_is_locked_until_staff_reopen_it(internship, host_tutor, staff):
    evaluation = final_submitted(internship, host_tutor)

    with pytest.raises(ServiceError, match="locked"):
        services.save_evaluation(
            internship=internship, kind="final", by=host_tutor, scores=full_scores(2)
        )
    services.reopen_evaluation(evaluation=evaluation, by=staff, reason="Scor greșit.")
    services.save_evaluation(
        internship=internship, kind="final", by=host_tutor, scores=full_scores(2), submit=True
    )

    assert set(evaluation.scores.values_list("score", flat=True)) == {2}


def test_submitting_needs_every_competency(internship, host_tutor):
    scores = full_scores()
    scores.popitem()

    with pytest.raises(ServiceError, match="Score every competency"):
        services.save_evaluation(
            internship=internship, kind="midterm", by=host_tutor, scores=scores, submit=True
        )


def test_the_student_rates_the_host(internship):
    evaluation = services.save_evaluation(
        internship=internship,
        kind="host_rating",
        by=internship.student,
        task_relevance=5,
        mentoring_quality=4,
        would_recommend=True,
        submit=True,
    )

    assert (evaluation.task_relevance, evaluation.would_recommend) == (5, True)


def test_the_wrong_person_cannot_evaluate(internship, supervisor, host_tutor):
    with pytest.raises(PermissionDenied):
        services.save_evaluation(
            internship=internship, kind="final", by=supervisor, scores=full_scores()
        )
    with pytest.raises(PermissionDenied):
        services.save_evaluation(
            internship=internship, kind="self", by=host_tutor, scores=full_scores()
        )


def test_completing_needs_the_hours_and_the_final_evaluation(internship, host_tutor, supervisor):
    with pytest.raises(ServiceError, match="not reached"):
        services.complete_internship(internship=internship, by=supervisor)
    for day in range(10):
        LogbookEntryFactory(
            internship=internship,
            date=TODAY() - timedelta(days=day + 1),
            hours=12,
            status="approved",
        )
    with pytest.raises(ServiceError, match="final evaluation"):
        services.complete_internship(internship=internship, by=supervisor)
    services.save_evaluation(
        internship=internship, kind="final", by=host_tutor, scores=full_scores(), submit=True
    )

    services.complete_internship(internship=internship, by=supervisor)

    internship.refresh_from_db()
    assert internship.status == "completed"
    assert Notification.objects.filter(
        recipient=internship.student, kind="internship_completed"
    ).exists()


def test_the_supervisor_records_the_result(internship, supervisor, host_tutor):
    final_submitted(internship, host_tutor)
    with pytest.raises(PermissionDenied):
        services.record_result(
            internship=internship, by=host_tutor, grade=9, passed=True, credits=5
        )
    with pytest.raises(ServiceError, match="1 to 10"):
        services.record_result(
            internship=internship, by=supervisor, grade=11, passed=True, credits=5
        )

    result = services.record_result(
        internship=internship, by=supervisor, grade=9, passed=True, credits=5
    )

    assert (result.grade, result.passed, result.credits) == (9, True, 5)


def test_terminating_needs_a_reason(internship, staff):
    with pytest.raises(ServiceError, match="reason"):
        services.terminate_internship(internship=internship, by=staff, reason="")

    services.terminate_internship(internship=internship, by=staff, reason="Mutare în alt oraș.")

    internship.refresh_from_db()
    assert (internship.status, internship.termination_reason) == (
        "terminated",
        "Mutare în alt oraș.",
    )


def test_planned_internships_start_on_their_date(internship):
    internship.status = "planned"
    internship.save()

    assert services.start_due_internships() == 1
    assert services.start_due_internships() == 0
    internship.refresh_from_db()
    assert internship.status == "active"


def test_staff_only_feedback_is_hidden_from_the_student(internship, host_tutor, student):
    from mentors import queries

    services.write_feedback(
        internship=internship, by=host_tutor, body="Vede studentul.", visibility="student"
    )
    services.write_feedback(
        internship=internship, by=host_tutor, body="Doar staff.", visibility="staff"
    )

    seen = [n.body for n in queries.feedback_for(student, internship)]
    assert seen == ["Vede studentul."]
    assert len(queries.feedback_for(host_tutor, internship)) == 2


def test_the_start_command_and_task(internship, capsys):
    from django.core.management import call_command

    from mentors import tasks

    internship.status = "planned"
    internship.save()

    call_command("start_internships")
    assert "1 internship(s) started." in capsys.readouterr().out
    assert tasks.start_due_internships.enqueue().return_value == 0


def test_mentors_are_not_reassigned_once_the_internship_is_over(internship, staff, supervisor):
    internship.status = "completed"
    internship.save()

    with pytest.raises(ServiceError, match="planned or active"):
        internship_services.assign_supervisor(internships=[internship], mentor=supervisor, by=staff)


def test_the_logbook_is_frozen_after_the_internship_ends(internship, host_tutor, staff):
    entry = LogbookEntryFactory(internship=internship, status="submitted")
    services.terminate_internship(internship=internship, by=staff, reason="Plecat.")

    with pytest.raises(ServiceError, match="while the internship is active"):
        services.approve_entries(internship=internship, by=host_tutor, entry_ids=[entry.pk])
    entry.refresh_from_db()
    assert entry.status == "submitted"


def test_the_final_evaluation_of_a_completed_internship_stays(internship, host_tutor, staff):
    evaluation = final_submitted(internship, host_tutor)
    internship.status = "completed"
    internship.save()

    with pytest.raises(ServiceError, match="stays"):
        services.reopen_evaluation(evaluation=evaluation, by=staff, reason="Typo.")


def test_the_host_tutor_is_not_told_of_the_students_rating(internship, host_tutor, supervisor):
    services.save_evaluation(
        internship=internship,
        kind="host_rating",
        by=internship.student,
        task_relevance=2,
        mentoring_quality=2,
        would_recommend=False,
        submit=True,
    )

    assert not Notification.objects.filter(
        recipient=host_tutor, kind="evaluation_submitted"
    ).exists()
    assert Notification.objects.filter(recipient=supervisor, kind="evaluation_submitted").exists()


def test_accepting_an_offer_opens_the_host_tutor_history(placement, student, host_tutor):
    from internships import services as placement_services

    placement.host_tutor = host_tutor
    placement.save()
    from tests.factories import ApplicationFactory

    offer = ApplicationFactory(
        placement=placement,
        student=student,
        status="offered",
        offer_deadline=timezone.now() + timedelta(days=1),
    )
    internship = placement_services.accept_offer(application=offer, by=student)

    assignment = MentorAssignment.objects.get(internship=internship)
    assert (assignment.mentor, assignment.kind, assignment.ended_at) == (
        host_tutor,
        "host_tutor",
        None,
    )
