from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agenda.queries import OVERDUE_DAYS, deadlines_for
from internships.models import Agreement
from mentors.models import AcademicResult, Evaluation
from tests import factories

TODAY = timezone.localdate


def kinds(deadlines):
    return {(d.kind, d.object_id) for d in deadlines}


def about(deadlines, internship):
    return [d for d in deadlines if d.object_id == internship.pk and "internship" in d.url]


def not_confirmed(internship, **fields):
    Agreement.objects.filter(internship=internship).update(
        **{"student_confirmed_at": None, "organisation_confirmed_at": None, **fields}
    )


# Students --------------------------------------------------------------------------------


def test_a_student_sees_when_applications_close_in_a_period_they_can_apply_to(
    student, placement, period
):
    deadlines = deadlines_for(student)

    (close,) = [d for d in deadlines if d.kind == "applications-close"]
    assert close.on == period.applications_close_on
    assert close.title == "Applications close for Summer 2027"
    assert close.url == f"{reverse('placement_search')}?period={period.pk}"
    assert not close.overdue


def test_applications_close_is_not_shown_to_a_student_who_holds_an_internship_there(
    student, internship
):
    assert "applications-close" not in {d.kind for d in deadlines_for(student)}


def test_applications_close_is_not_shown_without_a_placement_open_to_the_programme(
    placement, period
):
    outsider = factories.StudentFactory().user

    assert deadlines_for(outsider) == []


def test_a_student_sees_their_internship_end_and_self_evaluation(student, internship):
    deadlines = deadlines_for(student)

    assert kinds(deadlines) == {
        ("internship-end", internship.pk),
        ("self-evaluation-due", internship.pk),
    }
    self_evaluation = next(d for d in deadlines if d.kind == "self-evaluation-due")
    assert self_evaluation.on == internship.ends_on
    assert self_evaluation.url == reverse("evaluation_form", args=[internship.pk, "self"])
    assert self_evaluation.title == "Self-evaluation due (Codează Someș SRL)"


def test_the_period_calendar_gives_the_dates(student, internship, period):
    period.final_evaluation_due_on = period.ends_on + timedelta(days=5)
    period.certificates_on = period.ends_on + timedelta(days=40)
    period.save()

    deadlines = {d.kind: d for d in deadlines_for(student, days=365)}

    assert deadlines["self-evaluation-due"].on == period.final_evaluation_due_on
    assert deadlines["certificates"].on == period.certificates_on
    assert deadlines["certificates"].title == "Certificates of Summer 2027 are issued"


def test_a_submitted_self_evaluation_leaves_the_list(student, internship):
    Evaluation.objects.create(
        internship=internship, kind="self", author=student, status="submitted"
    )

    assert "self-evaluation-due" not in {d.kind for d in deadlines_for(student)}


def test_an_unconfirmed_agreement_is_due_and_flagged_once_past(student, internship):
    internship.starts_on = TODAY() - timedelta(days=3)
    internship.save()
    not_confirmed(internship)

    (agreement,) = [d for d in deadlines_for(student) if d.kind == "agreement-due"]

    assert agreement.on == internship.starts_on
    assert agreement.overdue
    assert agreement.title == "Confirm your internship agreement (Codează Someș SRL)"


def test_an_overdue_deadline_leaves_the_list_after_two_weeks(student, internship):
    internship.starts_on = TODAY() - timedelta(days=OVERDUE_DAYS + 1)
    internship.save()
    not_confirmed(internship)

    assert "agreement-due" not in {d.kind for d in deadlines_for(student)}


def test_an_agreement_the_student_confirmed_is_not_listed(student, internship):
    internship.starts_on = TODAY() + timedelta(days=3)
    internship.save()
    not_confirmed(internship, student_confirmed_at=timezone.now())

    kinds_now = {d.kind for d in deadlines_for(student)}
    assert "agreement-due" not in kinds_now
    assert "internship-start" in kinds_now


def test_a_terminated_internship_has_no_deadlines(student, internship):
    internship.status = "terminated"
    internship.save()

    deadlines = deadlines_for(student, days=365)

    assert [d for d in deadlines if d.kind != "applications-close"] == []


def test_deadlines_are_nearest_first(student, internship, placement):
    deadlines = deadlines_for(student)

    assert [d.on for d in deadlines] == sorted(d.on for d in deadlines)


def test_a_deactivated_or_anonymous_person_has_no_deadlines(student, internship):
    from django.contrib.auth.models import AnonymousUser

    student.is_active = False

    assert deadlines_for(student) == []
    assert deadlines_for(AnonymousUser()) == []


# Mentors ---------------------------------------------------------------------------------


def test_the_host_tutor_sees_the_evaluations_due(host_tutor, internship):
    deadlines = {d.kind: d for d in deadlines_for(host_tutor)}

    assert set(deadlines) == {"midterm-evaluation-due", "final-evaluation-due"}
    midterm = deadlines["midterm-evaluation-due"]
    assert midterm.title == "Mid-term evaluation of Ioana Bălan due"
    assert midterm.url == reverse("evaluation_form", args=[internship.pk, "midterm"])
    assert deadlines["final-evaluation-due"].on == internship.ends_on


def test_a_submitted_evaluation_leaves_the_tutors_list(host_tutor, internship):
    Evaluation.objects.create(
        internship=internship, kind="midterm", author=host_tutor, status="submitted"
    )
    Evaluation.objects.create(internship=internship, kind="final", author=host_tutor)

    assert {d.kind for d in deadlines_for(host_tutor)} == {"final-evaluation-due"}


def test_the_supervisor_sees_the_result_due_until_it_is_recorded(supervisor, internship, settings):
    (result,) = deadlines_for(supervisor)

    assert result.kind == "result-due"
    assert result.on == internship.ends_on + timedelta(days=settings.RESULTS_DUE_DAYS)
    assert result.url == reverse("result_form", args=[internship.pk])

    AcademicResult.objects.create(
        internship=internship, grade=9, passed=True, credits=5, recorded_by=supervisor
    )
    assert deadlines_for(supervisor) == []


# Organisations ---------------------------------------------------------------------------


def test_the_organisation_sees_its_placements_deadlines(company_admin, placement, other_placement):
    (deadline,) = deadlines_for(company_admin)

    assert (deadline.kind, deadline.object_id, deadline.on) == (
        "placement-deadline",
        placement.pk,
        placement.deadline,
    )
    assert deadline.title == "Applications close: Backend intern (Django)"
    assert deadline.url == reverse("pipeline", args=[placement.pk])


def test_the_organisation_sees_the_agreements_its_host_has_not_confirmed(
    recruiter, internship, placement
):
    internship.starts_on = TODAY() + timedelta(days=10)
    internship.save()
    not_confirmed(internship, student_confirmed_at=timezone.now())

    deadlines = {d.kind: d for d in deadlines_for(recruiter)}

    assert deadlines["agreement-due"].title == "Confirm the agreement of Ioana Bălan"
    assert deadlines["agreement-due"].on == internship.starts_on


# Staff -----------------------------------------------------------------------------------


def test_staff_see_the_current_periods_calendar_with_what_is_left_to_do(staff, internship, period):
    period.agreements_due_on = period.applications_close_on + timedelta(days=2)
    period.save()
    unconfirmed = factories.InternshipFactory(
        application=factories.ApplicationFactory(
            placement=factories.PlacementFactory(period=period), status="accepted"
        ),
        agreement=False,
    )

    deadlines = {d.kind: d for d in deadlines_for(staff, days=365)}

    agreements = deadlines["period-agreements-due"]
    assert agreements.title == "Summer 2027: agreements due, 1 not yet in force"
    assert agreements.object_id == period.pk
    assert {
        "period-applications-close",
        "period-starts",
        "period-ends",
    } <= set(deadlines)
    assert unconfirmed.period_id == period.pk


def test_staff_see_no_period_that_is_over(staff):
    long_ago = TODAY() - timedelta(days=400)
    factories.PeriodFactory(
        applications_open_on=long_ago,
        applications_close_on=long_ago + timedelta(days=10),
        starts_on=long_ago + timedelta(days=20),
        ends_on=long_ago + timedelta(days=90),
    )

    assert deadlines_for(staff) == []


# Scope -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["student", "host_tutor", "supervisor", "company_admin"])
def test_someone_elses_internship_never_appears(request, role, internship, other_internship):
    not_confirmed(other_internship)
    person = request.getfixturevalue(role)

    deadlines = deadlines_for(person, days=365)

    assert other_internship.pk not in {d.object_id for d in deadlines if "internship" in d.url}
    assert all(str(other_internship.pk) not in d.url.split("/") for d in deadlines)
    assert other_internship.placement_id not in {
        d.object_id for d in deadlines if d.kind == "placement-deadline"
    }


# Query counts ----------------------------------------------------------------------------


def queries_of(person) -> int:
    with CaptureQueriesContext(connection) as context:
        deadlines_for(person, days=365)
    return len(context)


def interns(count, *, host_tutor, supervisor, organisation):
    for _ in range(count):
        factories.InternshipFactory(
            application=factories.ApplicationFactory(
                placement=factories.PlacementFactory(organisation=organisation),
                status="accepted",
            ),
            host_tutor=host_tutor,
            academic_supervisor=supervisor,
            agreement=False,
        )


@pytest.mark.parametrize("role", ["host_tutor", "supervisor", "company_admin", "staff"])
def test_the_query_count_is_the_same_for_1_or_10_internships(
    request, role, host_tutor, supervisor, organisation, django_assert_max_num_queries
):
    person = request.getfixturevalue(role)
    interns(1, host_tutor=host_tutor, supervisor=supervisor, organisation=organisation)
    with django_assert_max_num_queries(3):
        deadlines_for(person)
    few = queries_of(person)

    interns(9, host_tutor=host_tutor, supervisor=supervisor, organisation=organisation)
    with django_assert_max_num_queries(3):
        many = deadlines_for(person)

    assert queries_of(person) == few
    assert len(many) >= 10


def test_the_students_query_count_does_not_grow(student, django_assert_max_num_queries):
    programme = student.student_profile.programme
    for _ in range(10):
        placement = factories.PlacementFactory(programmes=[programme])
        factories.InternshipFactory(
            application=factories.ApplicationFactory(
                placement=placement, student=student, status="accepted"
            ),
            agreement=False,
        )
        factories.PlacementFactory(programmes=[programme])

    with django_assert_max_num_queries(3):
        deadlines = deadlines_for(student)

    assert len(deadlines) >= 10
