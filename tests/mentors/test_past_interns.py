from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from internships.models import MentorAssignment
from mentors.models import AcademicResult, FeedbackNote, LogbookEntry
from tests import factories

PAST = reverse("past_interns")
TODAY = timezone.localdate


def ended_internship(
    *, tutor=None, supervisor=None, status="completed", last_name="Bălan", period=None
):
    """An internship that ended last month, with a submitted entry left in its logbook."""
    organisation = tutor.mentor_profile.organisation if tutor else factories.OrganisationFactory()
    placement = factories.PlacementFactory(
        organisation=organisation, **({"period": period} if period else {})
    )
    application = factories.ApplicationFactory(
        placement=placement,
        status="accepted",
        student=factories.StudentFactory(user__first_name="Ana", user__last_name=last_name).user,
    )
    internship = factories.InternshipFactory(
        application=application,
        host_tutor=tutor,
        academic_supervisor=supervisor,
        status=status,
        starts_on=TODAY() - timedelta(days=90),
        ends_on=TODAY() - timedelta(days=30),
        completed_at=timezone.now() if status == "completed" else None,
        termination_reason="" if status == "completed" else "Moved abroad.",
    )
    factories.LogbookEntryFactory(
        internship=internship, date=TODAY() - timedelta(days=40), status="submitted"
    )
    return internship


def replace_host_tutor(internship, *, former, by):
    """The history the assignment service keeps: `former` tutored it, then someone else."""
    MentorAssignment.objects.create(
        internship=internship,
        mentor=former,
        kind="host_tutor",
        assigned_by=by,
        ended_at=timezone.now(),
    )
    successor = factories.MentorFactory(organisation=internship.organisation).user
    MentorAssignment.objects.create(
        internship=internship, mentor=successor, kind="host_tutor", assigned_by=by
    )
    internship.host_tutor = successor
    internship.save(update_fields=["host_tutor"])
    return successor


def record_pages(internship):
    pk = internship.pk
    return [
        reverse("internship_detail", args=[pk]),
        reverse("logbook", args=[pk]),
        reverse("logbook_csv", args=[pk]),
        reverse("evaluation_form", args=[pk, "final"]),
        reverse("result_form", args=[pk]),
    ]


# Who sees the list --------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(PAST)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["student", "company_admin", "staff"])
def test_the_list_is_for_mentors(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(PAST).status_code == 403


def test_the_mentor_home_links_to_past_interns(client, host_tutor):
    client.force_login(host_tutor)

    assert f'href="{PAST}"' in client.get(reverse("mentor_home")).content.decode()


# What it lists ------------------------------------------------------------------------


def test_a_host_tutor_sees_completed_and_terminated_interns_not_running_ones(
    client, host_tutor, internship
):
    completed = ended_internship(tutor=host_tutor, last_name="Completă")
    terminated = ended_internship(tutor=host_tutor, status="terminated", last_name="Oprită")
    AcademicResult.objects.create(
        internship=completed, grade=9, passed=True, credits=5, recorded_by=host_tutor
    )
    client.force_login(host_tutor)

    content = client.get(PAST).content.decode()

    assert "Ana Completă" in content
    assert "Ana Oprită" in content
    assert internship.student.display_name not in content
    assert "Grade 9" in content
    assert "Terminated" in content
    assert reverse("logbook", args=[completed.pk]) in content
    assert reverse("result_form", args=[terminated.pk]) in content


def test_a_supervisor_sees_the_interns_they_supervised(client, supervisor, host_tutor):
    supervised = ended_internship(tutor=host_tutor, supervisor=supervisor, last_name="Supervizată")
    ended_internship(tutor=host_tutor, last_name="Altcineva")
    client.force_login(supervisor)

    content = client.get(PAST).content.decode()

    assert "Ana Supervizată" in content
    assert "Ana Altcineva" not in content
    assert supervised.organisation.legal_name in content
    assert "Academic supervisor" in content


def test_another_mentors_past_interns_are_not_listed(client, host_tutor, organisation):
    colleague = factories.MentorFactory(organisation=organisation).user
    ended_internship(tutor=colleague, last_name="Colegului")
    client.force_login(host_tutor)

    assert "Ana Colegului" not in client.get(PAST).content.decode()


def test_a_former_host_tutor_sees_the_intern_once_the_internship_has_ended(
    client, host_tutor, staff
):
    internship = ended_internship(tutor=host_tutor, last_name="Predată")
    replace_host_tutor(internship, former=host_tutor, by=staff)
    client.force_login(host_tutor)

    content = client.get(PAST).content.decode()

    assert "Ana Predată" in content
    assert "replaced" in content


def test_a_former_host_tutor_of_a_running_internship_sees_nothing(client, host_tutor, staff):
    internship = ended_internship(tutor=host_tutor, status="active", last_name="Încă")
    replace_host_tutor(internship, former=host_tutor, by=staff)
    client.force_login(host_tutor)

    assert "Ana Încă" not in client.get(PAST).content.decode()
    assert client.get(internship.get_absolute_url()).status_code == 404


def test_an_assignment_history_without_the_mentor_gives_nothing(client, host_tutor, staff):
    internship = ended_internship(tutor=factories.MentorFactory().user, last_name="Străină")
    replace_host_tutor(internship, former=internship.host_tutor, by=staff)
    client.force_login(host_tutor)

    assert "Ana Străină" not in client.get(PAST).content.decode()


def test_the_list_filters_by_period_and_searches_by_name(client, host_tutor):
    spring = factories.PeriodFactory(name="Spring 2026")
    ended_internship(tutor=host_tutor, last_name="Primăvară", period=spring)
    ended_internship(tutor=host_tutor, last_name="Toamnă")
    client.force_login(host_tutor)

    by_period = client.get(PAST, {"period": spring.pk}).content.decode()
    by_name = client.get(PAST, {"q": "toamna"}).content.decode()

    assert "Ana Primăvară" in by_period and "Ana Toamnă" not in by_period
    assert "Ana Toamnă" in by_name and "Ana Primăvară" not in by_name


def test_a_period_that_is_not_a_number_filters_nothing(client, host_tutor):
    ended_internship(tutor=host_tutor, last_name="Rămasă")
    client.force_login(host_tutor)

    response = client.get(PAST, {"period": "abc"})

    assert response.status_code == 200
    assert "Ana Rămasă" in response.content.decode()


def test_a_search_that_matches_no_one_says_so(client, host_tutor):
    ended_internship(tutor=host_tutor)
    client.force_login(host_tutor)

    content = client.get(PAST, {"q": "Zamfir"}).content.decode()

    assert "No past intern matches these filters." in content


def test_the_list_is_paged(client, host_tutor, settings):
    settings.PAGE_SIZE = 2
    for name in ("Unu", "Doi", "Trei"):
        ended_internship(tutor=host_tutor, last_name=name)
    client.force_login(host_tutor)

    first, second = (
        client.get(PAST).content.decode(),
        client.get(PAST, {"page": 2}).content.decode(),
    )

    assert "3 past interns" in first
    assert first.count('<th scope="row">') == 2
    assert second.count('<th scope="row">') == 1


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_takes_a_fixed_number_of_queries(
    client, host_tutor, rows, django_assert_max_num_queries
):
    for number in range(rows):
        internship = ended_internship(tutor=host_tutor, last_name=f"N{number}")
        AcademicResult.objects.create(
            internship=internship, grade=8, passed=True, credits=5, recorded_by=host_tutor
        )
    client.force_login(host_tutor)

    with django_assert_max_num_queries(6):
        response = client.get(PAST, {"q": "Ana"})

    assert response.status_code == 200


# The record of a past intern: readable, and nothing in it can be changed ------------------


@pytest.mark.parametrize("status", ["completed", "terminated"])
def test_every_page_of_a_past_interns_record_opens_for_the_host_tutor(client, host_tutor, status):
    internship = ended_internship(tutor=host_tutor, status=status)
    client.force_login(host_tutor)

    assert [client.get(url).status_code for url in record_pages(internship)] == [200] * 5


def test_every_page_of_a_past_interns_record_opens_for_the_supervisor(client, supervisor):
    internship = ended_internship(supervisor=supervisor)
    client.force_login(supervisor)

    assert [client.get(url).status_code for url in record_pages(internship)] == [200] * 5


def test_every_page_opens_for_a_former_host_tutor(client, host_tutor, staff):
    internship = ended_internship(tutor=host_tutor)
    replace_host_tutor(internship, former=host_tutor, by=staff)
    client.force_login(host_tutor)

    assert [client.get(url).status_code for url in record_pages(internship)] == [200] * 5


def test_a_mentor_who_was_never_on_the_internship_gets_404(client, host_tutor, organisation):
    colleague = factories.MentorFactory(organisation=organisation).user
    internship = ended_internship(tutor=colleague)
    client.force_login(host_tutor)

    assert [client.get(url).status_code for url in record_pages(internship)] == [404] * 5


def test_the_logbook_of_an_ended_internship_offers_no_review(client, host_tutor):
    internship = ended_internship(tutor=host_tutor)
    client.force_login(host_tutor)

    content = client.get(reverse("logbook", args=[internship.pk])).content.decode()

    assert reverse("logbook_approve", args=[internship.pk]) not in content
    assert "/return/" not in content
    assert 'id="logbook-closed"' in content


def test_approving_or_returning_on_an_ended_internship_changes_nothing(client, host_tutor):
    internship = ended_internship(tutor=host_tutor)
    entry = internship.logbook.get()
    client.force_login(host_tutor)

    client.post(reverse("logbook_approve", args=[internship.pk]), {"entry_ids": entry.pk})
    client.post(reverse("logbook_return", args=[internship.pk, entry.pk]), {"comment": "Mai mult."})

    entry.refresh_from_db()
    assert entry.status == LogbookEntry.Status.SUBMITTED


def test_a_former_host_tutor_may_not_review_or_write(client, host_tutor, staff):
    internship = ended_internship(tutor=host_tutor)
    entry = internship.logbook.get()
    replace_host_tutor(internship, former=host_tutor, by=staff)
    client.force_login(host_tutor)

    approve = client.post(reverse("logbook_approve", args=[internship.pk]), {"entry_ids": entry.pk})
    note = client.post(
        reverse("feedback_write", args=[internship.pk]), {"body": "Bravo", "visibility": "student"}
    )
    result = client.post(
        reverse("result_form", args=[internship.pk]), {"grade": 9, "passed": "on", "credits": 5}
    )

    assert (approve.status_code, note.status_code, result.status_code) == (403, 403, 403)
    entry.refresh_from_db()
    assert entry.status == LogbookEntry.Status.SUBMITTED
    assert not FeedbackNote.objects.filter(internship=internship).exists()


def test_no_feedback_is_written_on_an_ended_internship(client, supervisor):
    internship = ended_internship(supervisor=supervisor)
    client.force_login(supervisor)

    page = client.get(internship.get_absolute_url()).content.decode()
    response = client.post(
        reverse("feedback_write", args=[internship.pk]), {"body": "Bravo", "visibility": "student"}
    )

    assert reverse("feedback_write", args=[internship.pk]) not in page
    assert response.status_code == 403
    assert not FeedbackNote.objects.filter(internship=internship).exists()


def test_the_internship_page_of_a_past_intern_offers_no_action(client, supervisor):
    internship = ended_internship(supervisor=supervisor, status="terminated")
    client.force_login(supervisor)

    content = client.get(internship.get_absolute_url()).content.decode()

    for name in (
        "internship_start",
        "internship_complete",
        "internship_terminate",
        "feedback_write",
    ):
        assert reverse(name, args=[internship.pk]) not in content


def test_an_invalid_period_is_shown_as_an_error_and_the_search_still_applies(client, host_tutor):
    ended_internship(tutor=host_tutor, last_name="Căutată")
    ended_internship(tutor=host_tutor, last_name="Alta")
    client.force_login(host_tutor)

    response = client.get(PAST, {"period": "abc", "q": "cautata"})

    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["period"]
    assert "Please correct the errors below." in content
    assert "Ana Căutată" in content and "Ana Alta" not in content
