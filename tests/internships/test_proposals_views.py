"""The pages of a placement the student found: the student's form and list, one proposal,
the reviewers' queue and their decisions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import County, MentorProfile, Sector
from internships.models import Internship, Period, Proposal
from internships.services import proposals as services
from mentors.models import AcademicResult, Evaluation
from notifications.models import Event
from tests import factories

from .test_proposals import new_host_data

NEW = reverse("proposal_create")
QUEUE = reverse("proposal_queue")


def form_post(period, **changes) -> dict:
    """The form as a browser sends it: a new host, every field filled."""
    data = {
        "action": "send",
        "organisation": "new",
        "org_legal_name": "Atelierul de Cod Turda SRL",
        "org_registration_number": "RO " + factories.valid_cui(9001),
        "org_county": County.objects.get(code="CJ").pk,
        "org_city": "Turda",
        "org_address": "Str. Republicii 12",
        "org_sector": Sector.objects.first().pk,
        "org_phone": "0264 111 222",
        "legal_representative": "Mihai Rusu",
        "legal_representative_function": "Administrator",
        "legal_representative_email": "mihai.rusu@atelierul.ro",
        "tutor_first_name": "Ana",
        "tutor_last_name": "Mureșan",
        "tutor_position": "Senior developer",
        "tutor_email": "ana.muresan@atelierul.ro",
        "period": period.pk,
        "title": "Junior web developer",
        "starts_on": period.starts_on.isoformat(),
        "ends_on": (period.starts_on + timedelta(days=50)).isoformat(),
        "hours_per_week": "20",
        "schedule": "Monday to Friday, 9:00 to 13:00",
        "county": County.objects.get(code="CJ").pk,
        "city": "Turda",
        "place": "Str. Republicii 12",
        "work_mode": "on_site",
        "activities": "Build the shop's web pages.",
        "competences": "HTML, Django",
        "academic_supervisor": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def proposal(student, period):
    return services.submit_proposal(by=student, data=new_host_data(period))


# The student's form -------------------------------------------------------------------------


def test_the_student_home_links_to_the_form(client, student):
    client.force_login(student)

    response = client.get(reverse("student_home"))

    assert NEW in response.content.decode()


@pytest.mark.parametrize("role", ["staff", "company_admin", "host_tutor", "supervisor"])
def test_only_students_propose(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(NEW).status_code == 403


def test_anonymous_is_sent_to_log_in(client, db):
    response = client.get(NEW)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_student_sends_a_proposal(client, student, period, staff):
    client.force_login(student)

    response = client.post(NEW, form_post(period))

    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert proposal.org_registration_number == factories.valid_cui(9001)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Awaiting approval" in page and "Atelierul de Cod Turda SRL" in page


def test_finding_lists_the_hosts_and_keeps_what_was_typed(client, student, period, organisation):
    client.force_login(student)

    response = client.post(
        NEW, form_post(period, action="find", find="codeaza", title="Tester în echipă")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert f'name="organisation" value="{organisation.pk}"' in page
    assert organisation.legal_name in page
    assert "Tester în echipă" in page and "errorlist" not in page
    assert not Proposal.objects.exists()


def test_finding_by_cui(client, student, organisation):
    client.force_login(student)

    response = client.get(NEW, {"find": "RO" + organisation.registration_number})

    assert f'name="organisation" value="{organisation.pk}"' in response.content.decode()


def test_a_chosen_host_from_the_search(client, student, period, organisation):
    client.force_login(student)

    client.post(NEW, form_post(period, organisation=organisation.pk, org_legal_name=""))

    assert Proposal.objects.get().organisation == organisation


def test_a_bad_cui_is_refused_beside_its_field(client, student, period):
    client.force_login(student)

    response = client.post(NEW, form_post(period, org_registration_number="12345678"))

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "not a valid Romanian registration code" in errors["org_registration_number"][0]
    assert not Proposal.objects.exists()


def test_a_known_host_under_another_spelling_is_offered_to_choose(
    client, student, period, organisation
):
    client.force_login(student)

    response = client.post(
        NEW,
        form_post(
            period,
            org_legal_name="CODEAZA SOMES S.R.L.",
            # A CUI no organisation has: the match is found by the name alone.
            org_registration_number=factories.valid_cui(987_654),
        ),
    )

    assert response.status_code == 400
    assert "Did you mean Codează Someș SRL" in response.context["form"].errors["org_legal_name"][0]
    assert f'name="organisation" value="{organisation.pk}"' in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_new_host_needs_its_legal_representative(client, student, period):
    client.force_login(student)

    response = client.post(NEW, form_post(period, legal_representative=""))

    assert response.status_code == 400
    assert "legal representative" in response.context["form"].errors["legal_representative"][0]


def test_dates_outside_the_period_and_hours_are_refused(client, student, period):
    client.force_login(student)
    late = (period.ends_on + timedelta(days=1)).isoformat()

    response = client.post(NEW, form_post(period, ends_on=late, hours_per_week="45"))

    errors = response.context["form"].errors
    assert "must end within" in errors["ends_on"][0]
    assert "between 1 and 40" in errors["hours_per_week"][0]
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("text", ["Bine\x00 făcut", "x" * 6000])
def test_nul_characters_and_enormous_text_are_refused(client, student, period, text):
    client.force_login(student)

    response = client.post(NEW, form_post(period, activities=text, title=text))

    assert response.status_code == 400
    assert not Proposal.objects.exists() and not Event.objects.exists()


def test_a_student_with_an_open_proposal_is_told_at_once(client, student, period, proposal):
    client.force_login(student)

    response = client.post(NEW, form_post(period, org_legal_name="Alta SRL"))

    assert "awaits an answer" in response.context["form"].errors["period"][0]
    assert Proposal.objects.count() == 1


# The student's list and one proposal ---------------------------------------------------------


def test_the_list_shows_status_and_the_reviewers_comment(client, student, staff, proposal):
    services.return_proposal(proposal=proposal, by=staff, comment="Which building?")
    client.force_login(student)

    page = client.get(reverse("student_proposals")).content.decode()

    assert "Returned for changes" in page and "Which building?" in page


def test_the_students_list_costs_the_same_for_3_and_30_proposals(
    client, student, period, django_assert_max_num_queries
):
    client.force_login(student)
    url = reverse("student_proposals")
    counts = []
    for total in (3, 30):
        Proposal.objects.all().delete()
        for n in range(total):
            Proposal.objects.create(
                student=student, **_model_fields(period, n), status=Proposal.Status.WITHDRAWN
            )
        with django_assert_max_num_queries(8) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def _model_fields(period, n) -> dict:
    data = new_host_data(period)
    data.pop("organisation")
    data["org_legal_name"] = f"Firma {n} SRL"
    return data


def test_another_students_proposal_is_404(client, other_student, proposal):
    client.force_login(other_student)

    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert client.get(reverse("proposal_edit", args=[proposal.pk])).status_code == 404
    assert client.post(reverse("proposal_withdraw", args=[proposal.pk])).status_code == 404


def test_a_returned_proposal_is_edited_and_sent_again(client, student, staff, proposal):
    services.return_proposal(proposal=proposal, by=staff, comment="Say the schedule.")
    client.force_login(student)
    url = reverse("proposal_edit", args=[proposal.pk])

    page = client.get(url).content.decode()
    response = client.post(url, form_post(proposal.period, schedule="9 to 13"))

    assert "Say the schedule." in page
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.schedule) == ("submitted", "9 to 13")


def test_a_proposal_awaiting_or_approved_has_no_edit_page(client, student, staff, proposal):
    client.force_login(student)
    url = reverse("proposal_edit", args=[proposal.pk])
    assert client.get(url).status_code == 404

    services.approve_proposal(proposal=proposal, by=staff)

    assert client.get(url).status_code == 404
    assert client.post(url, form_post(proposal.period, title="Changed")).status_code == 404
    proposal.refresh_from_db()
    assert proposal.title == "Junior web developer"


def test_the_student_withdraws_an_open_proposal(client, student, proposal):
    client.force_login(student)

    response = client.post(reverse("proposal_withdraw", args=[proposal.pk]))

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN


def test_withdrawing_is_a_post(client, student, proposal):
    client.force_login(student)

    assert client.get(reverse("proposal_withdraw", args=[proposal.pk])).status_code == 405


# The reviewers ---------------------------------------------------------------------------


def test_staff_see_the_queue_and_approve(client, staff, proposal):
    client.force_login(staff)

    queue = client.get(QUEUE).content.decode()
    detail = client.get(proposal.get_absolute_url()).content.decode()
    response = client.post(reverse("proposal_approve", args=[proposal.pk]), {"comment": ""})

    assert proposal.student.display_name in queue
    assert "Approve the internship" in detail
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.APPROVED


def test_the_internship_names_the_invited_tutor_until_they_join(client, staff, proposal):
    client.force_login(staff)
    client.post(reverse("proposal_approve", args=[proposal.pk]), {"comment": ""})
    proposal.refresh_from_db()

    page = client.get(proposal.internship.get_absolute_url()).content.decode()

    assert f"{proposal.tutor_first_name} {proposal.tutor_last_name}" in page
    assert "invited: has not joined yet" in page


def test_returning_without_a_comment_changes_nothing(client, staff, proposal):
    client.force_login(staff)

    response = client.post(reverse("proposal_return", args=[proposal.pk]), {"comment": ""})

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Say what should change" in m for m in messages)


def test_staff_return_with_a_comment(client, staff, proposal):
    client.force_login(staff)

    client.post(reverse("proposal_return", args=[proposal.pk]), {"comment": "Which floor?"})

    proposal.refresh_from_db()
    assert (proposal.status, proposal.review_comment) == ("returned", "Which floor?")


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor"])
def test_others_have_no_queue(client, request, role, proposal):
    client.force_login(request.getfixturevalue(role))

    assert client.get(QUEUE).status_code == 403
    assert client.post(reverse("proposal_approve", args=[proposal.pk])).status_code in (403, 404)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED


def test_approving_is_a_post(client, staff, proposal):
    client.force_login(staff)

    assert client.get(reverse("proposal_approve", args=[proposal.pk])).status_code == 405


@pytest.fixture
def supervisor_period(period):
    period.proposals_reviewed_by = Period.ProposalReviewer.SUPERVISOR
    period.save()
    return period


def test_the_chosen_supervisor_reviews_from_their_queue(
    client, student, supervisor, supervisor_period
):
    proposal = services.submit_proposal(
        by=student, data=new_host_data(supervisor_period, academic_supervisor=supervisor)
    )
    client.force_login(supervisor)

    queue = client.get(QUEUE).content.decode()
    response = client.post(reverse("proposal_return", args=[proposal.pk]), {"comment": "Dates?"})

    assert proposal.student.display_name in queue
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.RETURNED


def test_another_supervisor_sees_nothing(client, student, supervisor, supervisor_period):
    proposal = services.submit_proposal(
        by=student, data=new_host_data(supervisor_period, academic_supervisor=supervisor)
    )
    other = factories.MentorFactory(kind=MentorProfile.Kind.SUPERVISOR, organisation=None).user
    client.force_login(other)

    assert proposal.get_absolute_url() not in client.get(QUEUE).content.decode()
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert client.post(reverse("proposal_approve", args=[proposal.pk])).status_code == 404


def test_the_queue_costs_the_same_for_3_and_30_proposals(
    client, staff, period, programme, django_assert_max_num_queries
):
    client.force_login(staff)
    counts = []
    for total in (3, 30):
        Proposal.objects.all().delete()
        for n in range(total):
            student = factories.StudentFactory(programme=programme).user
            Proposal.objects.create(student=student, **_model_fields(period, n))
        with django_assert_max_num_queries(8) as captured:
            page = client.get(QUEUE)
        assert page.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


# After approval: the internship is like one from an offer ----------------------------------


@pytest.fixture
def approved(student, staff, host_tutor, organisation, period, supervisor):
    """An internship from a proposal at `organisation`, its tutor and supervisor assigned,
    running now."""
    proposal = services.submit_proposal(
        by=student,
        data=new_host_data(
            period,
            organisation=organisation,
            tutor_email=host_tutor.email,
            academic_supervisor=supervisor,
        ),
    )
    services.approve_proposal(proposal=proposal, by=staff)
    internship = Internship.objects.get()
    Internship.objects.filter(pk=internship.pk).update(
        status="active",
        starts_on=timezone.localdate() - timedelta(days=30),
        ends_on=timezone.localdate() + timedelta(days=30),
    )
    internship.refresh_from_db()
    return internship


@pytest.mark.parametrize("role", ["student", "host_tutor", "supervisor", "company_admin", "staff"])
def test_its_pages_open_without_a_placement(client, request, role, approved):
    client.force_login(request.getfixturevalue(role))

    for url in (
        reverse("internship_detail", args=[approved.pk]),
        reverse("logbook", args=[approved.pk]),
        reverse("agreement_pdf", args=[approved.pk]),
        reverse("logbook_pdf", args=[approved.pk]),
        reverse("logbook_csv", args=[approved.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_its_evaluation_and_result_pages_open(client, host_tutor, supervisor, approved):
    client.force_login(host_tutor)
    assert client.get(reverse("evaluation_form", args=[approved.pk, "midterm"])).status_code == 200
    client.force_login(supervisor)
    assert client.get(reverse("result_form", args=[approved.pk])).status_code == 200


def test_its_certificate_is_issued(client, staff, host_tutor, supervisor, approved):
    from documents.models import Certificate

    for _ in range(15):
        factories.LogbookEntryFactory(internship=approved, status="approved", hours=8)
    Evaluation.objects.create(
        internship=approved, kind="final", author=host_tutor, status="submitted"
    )
    AcademicResult.objects.create(
        internship=approved, grade=10, passed=True, credits=5, recorded_by=supervisor
    )
    Internship.objects.filter(pk=approved.pk).update(
        status="completed", completed_at=timezone.now()
    )
    client.force_login(staff)

    client.post(reverse("certificate_issue", args=[approved.pk]))

    certificate = Certificate.objects.get(internship=approved)
    assert (
        client.get(reverse("certificate_download", args=[certificate.pk, "ro"])).status_code == 200
    )
