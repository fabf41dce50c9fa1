import pytest
from django.urls import reverse

from internships.models import Agreement, Internship, MentorAssignment
from tests import factories


@pytest.fixture
def agreement_awaits_the_university(internship):
    """The admin names the tutor directly until the three parties have confirmed the
    agreement (after that, through an amendment: tests/mentors/test_tutor_after_agreement.py)."""
    Agreement.objects.filter(internship=internship).update(university_confirmed_at=None)


COMPANY_LIST = reverse("company_internships")
STAFF_LIST = reverse("staff_internships")
BULK = reverse("staff_assign_supervisor")


def tutor_url(internship):
    return reverse("assign_host_tutor", args=[internship.pk])


def host_tutor_of(internship):
    return Internship.objects.get(pk=internship.pk).host_tutor


def supervisor_of(internship):
    return Internship.objects.get(pk=internship.pk).academic_supervisor


def new_tutor(organisation, last_name="Pop", **kwargs):
    return factories.MentorFactory(
        organisation=organisation, user__first_name="Radu", user__last_name=last_name, **kwargs
    ).user


def new_supervisor(last_name="Vlad", **kwargs):
    return factories.MentorFactory(
        kind="supervisor",
        organisation=None,
        user__first_name="Dana",
        user__last_name=last_name,
        **kwargs,
    ).user


def intern_at(organisation, **kwargs):
    placement = factories.PlacementFactory(organisation=organisation)
    application = factories.ApplicationFactory(placement=placement, status="accepted")
    return factories.InternshipFactory(application=application, **kwargs)


# The host tutor -----------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, internship, organisation):
    response = client.post(tutor_url(internship), {"mentor": new_tutor(organisation).pk})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_assigning_a_host_tutor_answers_405_to_get(client, company_admin, internship):
    client.force_login(company_admin)

    assert client.get(tutor_url(internship)).status_code == 405


@pytest.mark.parametrize("role", ["recruiter", "student", "host_tutor", "supervisor"])
def test_only_the_organisations_admin_and_staff_name_the_host_tutor(
    client, request, internship, organisation, host_tutor, role
):
    tutor = new_tutor(organisation)
    client.force_login(request.getfixturevalue(role))

    assert client.post(tutor_url(internship), {"mentor": tutor.pk}).status_code == 403
    assert host_tutor_of(internship) == host_tutor


def test_another_organisations_admin_gets_404(
    client, other_company_admin, internship, organisation
):
    client.force_login(other_company_admin)

    response = client.post(tutor_url(internship), {"mentor": new_tutor(organisation).pk})

    assert response.status_code == 404


@pytest.mark.usefixtures("agreement_awaits_the_university")
def test_the_admin_names_a_mentor_of_the_organisation(
    client, company_admin, internship, organisation
):
    tutor = new_tutor(organisation)
    client.force_login(company_admin)

    response = client.post(tutor_url(internship), {"mentor": tutor.pk}, follow=True)

    content = response.content.decode()
    assert host_tutor_of(internship) == tutor
    assert "Radu Pop is now the host tutor of Ioana Bălan." in content
    assert "Host tutor assigned" in content


def test_a_tutor_of_another_organisation_is_refused(
    client, company_admin, internship, host_tutor, other_internship
):
    client.force_login(company_admin)

    response = client.post(
        tutor_url(internship), {"mentor": other_internship.host_tutor_id}, follow=True
    )

    assert "The host tutor must be a mentor of your organisation." in response.content.decode()
    assert host_tutor_of(internship) == host_tutor
    assert not MentorAssignment.objects.exists()


def test_no_mentor_chosen_is_refused(client, company_admin, internship, host_tutor):
    client.force_login(company_admin)

    response = client.post(tutor_url(internship), {"mentor": ""}, follow=True)

    assert "Choose the host tutor." in response.content.decode()
    assert host_tutor_of(internship) == host_tutor


@pytest.mark.usefixtures("agreement_awaits_the_university")
def test_a_reassignment_keeps_the_history(client, company_admin, internship, organisation):
    first, second = new_tutor(organisation, "Pop"), new_tutor(organisation, "Lazăr")
    client.force_login(company_admin)

    client.post(tutor_url(internship), {"mentor": first.pk})
    client.post(tutor_url(internship), {"mentor": second.pk})

    old, current = MentorAssignment.objects.filter(internship=internship, kind="host_tutor")
    assert (old.mentor, current.mentor) == (first, second)
    assert old.ended_at is not None
    assert current.ended_at is None
    assert host_tutor_of(internship) == second


@pytest.mark.usefixtures("agreement_awaits_the_university")
def test_a_tutor_past_their_maximum_is_warned(client, company_admin, internship, organisation):
    tutor = new_tutor(organisation, max_interns=1)
    intern_at(organisation, host_tutor=tutor)
    client.force_login(company_admin)

    response = client.post(tutor_url(internship), {"mentor": tutor.pk}, follow=True)

    content = response.content.decode()
    assert host_tutor_of(internship) == tutor
    assert 'class="message message--warning"' in content
    assert "Radu Pop now mentors 2 interns, more than the 1 they accept." in content


def test_the_next_page_is_followed_when_it_is_local(
    client, company_admin, internship, organisation
):
    tutor = new_tutor(organisation)
    client.force_login(company_admin)

    local = client.post(tutor_url(internship), {"mentor": tutor.pk, "next": COMPANY_LIST})
    foreign = client.post(
        tutor_url(internship), {"mentor": tutor.pk, "next": "https://evil.example/"}
    )

    assert local.url == COMPANY_LIST
    assert foreign.url == internship.get_absolute_url()


# The organisation's interns -----------------------------------------------------------


def test_the_company_list_needs_a_login(client):
    response = client.get(COMPANY_LIST)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["student", "host_tutor", "staff"])
def test_the_company_list_is_for_organisations(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(COMPANY_LIST).status_code == 403


def test_the_company_list_shows_only_the_organisations_interns(
    client, recruiter, internship, other_internship
):
    factories.LogbookEntryFactory(internship=internship, status="approved", hours=6)
    client.force_login(recruiter)

    response = client.get(COMPANY_LIST)

    content = response.content.decode()
    assert list(response.context["page"]) == [internship]
    assert "Ioana Bălan" in content
    assert "Backend intern (Django)" in content
    assert "Active" in content
    assert "Ștefan Mureșan" in content
    assert "6 of 120 hours approved" in content
    assert tutor_url(internship) not in content


def test_the_admin_gets_a_host_tutor_select_on_each_row(
    client, company_admin, internship, organisation
):
    new_tutor(organisation)
    client.force_login(company_admin)

    content = client.get(COMPANY_LIST).content.decode()

    assert tutor_url(internship) in content
    assert f'<label for="host-tutor-{internship.pk}">' in content
    assert f'name="next" value="{COMPANY_LIST}"' in content
    assert "Radu Pop" in content


@pytest.mark.parametrize("rows", [3, 30])
def test_the_company_list_needs_the_same_queries_for_3_or_30_rows(
    client, company_admin, organisation, rows, django_assert_max_num_queries
):
    tutor = new_tutor(organisation)
    for _ in range(rows):
        intern_at(organisation, host_tutor=tutor)
    client.force_login(company_admin)

    with django_assert_max_num_queries(8):
        response = client.get(COMPANY_LIST)

    assert len(response.context["page"]) == min(rows, 20)


# The internship office's list ----------------------------------------------------------


def test_the_staff_list_needs_a_login(client):
    assert client.get(STAFF_LIST).status_code == 302
    assert client.post(BULK).status_code == 302


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor", "supervisor"])
def test_the_staff_list_is_for_staff(client, request, internship, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(STAFF_LIST).status_code == 403
    response = client.post(
        BULK, {"internships": [internship.pk], "supervisor": new_supervisor().pk}
    )
    assert response.status_code == 403


def test_bulk_assignment_answers_405_to_get(client, staff):
    client.force_login(staff)

    assert client.get(BULK).status_code == 405


def test_the_staff_list_shows_every_internship(client, staff, internship, other_internship):
    client.force_login(staff)

    response = client.get(STAFF_LIST)

    content = response.content.decode()
    assert set(response.context["page"]) == {internship, other_internship}
    assert f'name="internships" value="{internship.pk}"' in content
    assert "Computer Science" in content
    assert "Codează Someș SRL" in content
    assert "Horațiu Crișan" in content
    assert "Assign to the selected internships" in content


def test_the_staff_list_finds_internships_without_a_supervisor(
    client, staff, internship, organisation
):
    unassigned = intern_at(organisation)
    client.force_login(staff)

    response = client.get(STAFF_LIST, {"supervisor": "none"})

    assert list(response.context["page"]) == [unassigned]


def test_the_staff_list_filters_by_supervisor_status_and_organisation(
    client, staff, internship, other_internship, supervisor, organisation
):
    finished = intern_at(organisation, status="completed")
    client.force_login(staff)

    by_supervisor = client.get(STAFF_LIST, {"supervisor": supervisor.pk})
    by_status = client.get(STAFF_LIST, {"status": "completed"})
    by_organisation = client.get(STAFF_LIST, {"organisation": organisation.pk})

    assert list(by_supervisor.context["page"]) == [internship]
    assert list(by_status.context["page"]) == [finished]
    assert set(by_organisation.context["page"]) == {internship, finished}


def test_the_staff_list_filters_by_programme_and_period(
    client, staff, internship, other_internship
):
    other_programme = factories.ProgrammeFactory(name="Mathematics", code="MATE")
    other_internship.student.student_profile.programme = other_programme
    other_internship.student.student_profile.save()
    client.force_login(staff)

    by_programme = client.get(STAFF_LIST, {"programme": other_programme.pk})
    by_period = client.get(STAFF_LIST, {"period": internship.period_id})

    assert list(by_programme.context["page"]) == [other_internship]
    assert set(by_period.context["page"]) == {internship, other_internship}


def test_staff_give_several_internships_one_supervisor(
    client, staff, internship, other_internship, organisation
):
    third = intern_at(organisation)
    chosen = new_supervisor()
    back = f"{STAFF_LIST}?supervisor=none&status=active"
    client.force_login(staff)

    response = client.post(
        BULK,
        {"internships": [internship.pk, third.pk], "supervisor": chosen.pk, "next": back},
    )

    assert response.url == back
    assert supervisor_of(internship) == chosen
    assert supervisor_of(third) == chosen
    assert supervisor_of(other_internship) != chosen
    content = client.get(response.url).content.decode()
    assert "Dana Vlad is now the academic supervisor of 2 internships." in content
    old = MentorAssignment.objects.get(internship=third, kind="supervisor")
    assert old.mentor == chosen and old.ended_at is None


def test_one_internship_is_assigned_with_one_checkbox(client, staff, organisation):
    unassigned = intern_at(organisation)
    chosen = new_supervisor()
    client.force_login(staff)

    response = client.post(
        BULK, {"internships": [unassigned.pk], "supervisor": chosen.pk}, follow=True
    )

    assert supervisor_of(unassigned) == chosen
    assert "Dana Vlad is now the academic supervisor of 1 internship." in (
        response.content.decode()
    )


def test_a_supervisor_past_their_maximum_is_warned(client, staff, organisation):
    chosen = new_supervisor(max_interns=1)
    interns = [intern_at(organisation), intern_at(organisation)]
    client.force_login(staff)

    response = client.post(
        BULK, {"internships": [i.pk for i in interns], "supervisor": chosen.pk}, follow=True
    )

    content = response.content.decode()
    assert 'class="message message--warning"' in content
    assert "Dana Vlad now mentors 2 interns, more than the 1 they accept." in content


def test_nothing_ticked_is_refused(client, staff, internship, supervisor):
    client.force_login(staff)

    response = client.post(BULK, {"supervisor": new_supervisor().pk}, follow=True)

    assert "Tick at least one internship." in response.content.decode()
    assert supervisor_of(internship) == supervisor


def test_a_host_tutor_cannot_be_made_supervisor(client, staff, internship, supervisor, host_tutor):
    client.force_login(staff)

    response = client.post(
        BULK, {"internships": [internship.pk], "supervisor": host_tutor.pk}, follow=True
    )

    assert "Choose an academic supervisor of the university." in response.content.decode()
    assert supervisor_of(internship) == supervisor
    assert not MentorAssignment.objects.exists()


def test_a_foreign_next_is_ignored(client, staff, internship):
    client.force_login(staff)

    response = client.post(
        BULK,
        {
            "internships": [internship.pk],
            "supervisor": new_supervisor().pk,
            "next": "//evil.example/",
        },
    )

    assert response.url == STAFF_LIST


@pytest.mark.parametrize("rows", [3, 30])
def test_the_staff_list_needs_the_same_queries_for_3_or_30_rows(
    client, staff, organisation, rows, django_assert_max_num_queries
):
    supervisor = new_supervisor()
    for _ in range(rows):
        intern_at(organisation, academic_supervisor=supervisor)
    client.force_login(staff)

    with django_assert_max_num_queries(10):
        response = client.get(STAFF_LIST, {"status": "active"})

    assert len(response.context["page"]) == min(rows, 20)
