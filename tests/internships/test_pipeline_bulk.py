"""Several applicants of one placement changed at once, from the board or the table."""

import pytest
from django.urls import reverse

from internships import services
from internships.models import Application
from notifications.models import Event, Notification
from tests import factories
from tests.races import at_once


def bulk_url(placement):
    return reverse("pipeline_bulk", args=[placement.pk])


def applicants(placement, *statuses):
    return [factories.ApplicationFactory(placement=placement, status=s) for s in statuses]


def statuses(applications):
    return [Application.objects.get(pk=a.pk).status for a in applications]


def test_anonymous_is_sent_to_log_in(client, placement):
    response = client.post(bulk_url(placement))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["student", "host_tutor", "supervisor", "staff"])
def test_other_roles_are_refused(client, request, placement, role):
    chosen = applicants(placement, "submitted")
    client.force_login(request.getfixturevalue(role))

    response = client.post(
        bulk_url(placement), {"applications": [chosen[0].pk], "action": "move", "to": "in_review"}
    )

    assert response.status_code == 403
    assert statuses(chosen) == ["submitted"]


def test_another_organisation_gets_404(client, other_company_admin, placement):
    chosen = applicants(placement, "submitted")
    client.force_login(other_company_admin)

    response = client.post(
        bulk_url(placement), {"applications": [chosen[0].pk], "action": "move", "to": "in_review"}
    )

    assert response.status_code == 404
    assert statuses(chosen) == ["submitted"]


def test_get_is_not_allowed(client, recruiter, placement):
    client.force_login(recruiter)

    assert client.get(bulk_url(placement)).status_code == 405


def test_moves_the_selected_applicants_and_tells_each(client, recruiter, placement):
    chosen = applicants(placement, "submitted", "submitted", "in_review")
    untouched = applicants(placement, "submitted")
    client.force_login(recruiter)

    response = client.post(
        bulk_url(placement),
        {"applications": [a.pk for a in chosen], "action": "move", "to": "shortlisted"},
        follow=True,
    )

    assert statuses(chosen) == ["shortlisted"] * 3
    assert statuses(untouched) == ["submitted"]
    assert "3 applicants moved to “Shortlisted”." in response.content.decode()
    assert Notification.objects.filter(kind="application_moved").count() == 3
    assert Event.objects.filter(action="moved").count() == 3


def test_reports_those_that_could_not_move_and_why(client, recruiter, placement):
    waiting, withdrawn = applicants(placement, "submitted", "withdrawn")
    client.force_login(recruiter)

    response = client.post(
        bulk_url(placement),
        {"applications": [waiting.pk, withdrawn.pk], "action": "move", "to": "in_review"},
        follow=True,
    )

    content = response.content.decode()
    assert statuses([waiting, withdrawn]) == ["in_review", "withdrawn"]
    assert "1 applicant moved to “In review”." in content
    assert "1 applicant was not moved" in content
    assert withdrawn.student.display_name in content
    assert "it is “Withdrawn”" in content


def test_rejects_with_a_saved_message(client, recruiter, organisation, placement):
    template = factories.RejectionTemplateFactory(
        organisation=organisation, body="Am ales alți candidați."
    )
    chosen = applicants(placement, "submitted", "shortlisted")
    client.force_login(recruiter)

    response = client.post(
        bulk_url(placement),
        {"applications": [a.pk for a in chosen], "action": "reject", "template": template.pk},
        follow=True,
    )

    assert statuses(chosen) == ["rejected", "rejected"]
    assert {Application.objects.get(pk=a.pk).message_to_student for a in chosen} == {
        "Am ales alți candidați."
    }
    assert Notification.objects.filter(kind="application_rejected").count() == 2
    assert "2 applicants declined and told." in response.content.decode()


def test_rejects_without_a_message(client, recruiter, placement):
    chosen = applicants(placement, "submitted")
    client.force_login(recruiter)

    client.post(bulk_url(placement), {"applications": [chosen[0].pk], "action": "reject"})

    assert statuses(chosen) == ["rejected"]
    assert Application.objects.get(pk=chosen[0].pk).message_to_student == ""


def test_another_organisations_template_is_refused(client, recruiter, placement):
    foreign = factories.RejectionTemplateFactory()
    chosen = applicants(placement, "submitted")
    client.force_login(recruiter)

    response = client.post(
        bulk_url(placement),
        {"applications": [chosen[0].pk], "action": "reject", "template": foreign.pk},
        follow=True,
    )

    assert statuses(chosen) == ["submitted"]
    assert "Select a valid choice" in response.content.decode()


def test_an_archived_template_is_refused(client, recruiter, organisation, placement):
    archived = factories.RejectionTemplateFactory(organisation=organisation, is_archived=True)
    chosen = applicants(placement, "submitted")
    client.force_login(recruiter)

    client.post(
        bulk_url(placement),
        {"applications": [chosen[0].pk], "action": "reject", "template": archived.pk},
    )

    assert statuses(chosen) == ["submitted"]


def test_another_placements_applicant_cannot_be_slipped_in(
    client, recruiter, organisation, placement, other_placement
):
    ours = applicants(placement, "submitted")[0]
    same_org_other_placement = factories.ApplicationFactory(
        placement=factories.PlacementFactory(organisation=organisation)
    )
    foreign = factories.ApplicationFactory(placement=other_placement)
    client.force_login(recruiter)

    for stranger in (same_org_other_placement, foreign):
        response = client.post(
            bulk_url(placement),
            {"applications": [ours.pk, stranger.pk], "action": "move", "to": "in_review"},
            follow=True,
        )
        assert "not on this list any more" in response.content.decode()

    assert statuses([ours, same_org_other_placement, foreign]) == ["submitted"] * 3


@pytest.mark.parametrize(
    "data, message",
    [
        ({"action": "move", "to": "in_review"}, "Select at least one applicant."),
        ({"action": "move"}, "Choose the step to move them to."),
        ({"action": "move", "to": "accepted"}, "Select a valid choice"),
        ({"action": "explode"}, "Select a valid choice"),
    ],
)
def test_bad_input_changes_nothing(client, recruiter, placement, data, message):
    chosen = applicants(placement, "submitted")
    if "Select at least" not in message:
        data = {**data, "applications": [chosen[0].pk]}
    client.force_login(recruiter)

    response = client.post(bulk_url(placement), data, follow=True)

    assert message in response.content.decode()
    assert statuses(chosen) == ["submitted"]
    assert not Event.objects.filter(action="moved").exists()


def test_returns_to_the_page_it_came_from(client, recruiter, placement):
    chosen = applicants(placement, "submitted")
    client.force_login(recruiter)
    back = reverse("pipeline", args=[placement.pk]) + "?view=table&sort=name"

    response = client.post(
        bulk_url(placement),
        {"applications": [chosen[0].pk], "action": "move", "to": "in_review", "next": back},
    )

    assert response.url == back


def test_an_outside_next_is_ignored(client, recruiter, placement):
    chosen = applicants(placement, "submitted")
    client.force_login(recruiter)

    response = client.post(
        bulk_url(placement),
        {"applications": [chosen[0].pk], "action": "move", "to": "in_review",
         "next": "https://evil.example/"},
    )  # fmt: skip

    assert response.url == reverse("pipeline", args=[placement.pk])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_number", range(3))
def test_a_bulk_rejection_racing_a_withdrawal_ends_each_one_way(postgresql, round_number):  # noqa: F811
    placement = factories.PlacementFactory()
    host = factories.MembershipFactory(organisation=placement.organisation).user
    chosen = applicants(placement, "submitted", "submitted", "shortlisted")
    leaving = chosen[1]
    outcome = []

    outcomes = at_once(
        lambda: outcome.append(services.reject_applications(applications=chosen, by=host)),
        lambda: services.withdraw_application(application=leaving, by=leaving.student),
    )

    done, refused = outcome[0].done, outcome[0].refused
    assert outcomes[0] == "done"
    assert outcomes[1] in {"done", "refused: This cannot be done now: it is “Not selected”."}
    assert statuses([chosen[0], chosen[2]]) == ["rejected", "rejected"]
    assert statuses([leaving]) == (["withdrawn"] if outcomes[1] == "done" else ["rejected"])
    assert len(done) + len(refused) == 3
    assert [a.pk for a, _reason in refused] == ([leaving.pk] if outcomes[1] == "done" else [])


# What a move says about those it did not move ----------------------------------------


def test_those_already_at_the_step_are_left_and_said_so(client, recruiter, placement):
    waiting, already = applicants(placement, "submitted", "shortlisted")
    client.force_login(recruiter)

    response = client.post(
        bulk_url(placement),
        {"applications": [waiting.pk, already.pk], "action": "move", "to": "shortlisted"},
        follow=True,
    )

    content = response.content.decode()
    assert statuses([waiting, already]) == ["shortlisted", "shortlisted"]
    assert "1 applicant moved to “Shortlisted”." in content
    assert f"1 applicant was already “Shortlisted”: {already.student.display_name}." in content
    assert "not moved" not in content
    assert "cannot be done now" not in content
    assert Event.objects.filter(action="moved").count() == 1


def test_an_offered_applicant_is_not_moved_back_and_the_reason_reads_plainly(
    client, recruiter, placement
):
    offered, interviewed = applicants(placement, "offered", "interview")
    client.force_login(recruiter)

    response = client.post(
        bulk_url(placement),
        {"applications": [offered.pk, interviewed.pk], "action": "move", "to": "shortlisted"},
        follow=True,
    )

    content = response.content.decode()
    assert statuses([offered, interviewed]) == ["offered", "interview"]
    assert "2 applicants were not moved" in content
    assert f"{offered.student.display_name} (“Offer made” comes after “Shortlisted”)" in content
    assert "cannot be done now" not in content


def test_the_move_form_says_who_stays_where_they_are(client, recruiter, placement):
    applicants(placement, "offered")
    client.force_login(recruiter)

    content = client.get(reverse("pipeline", args=[placement.pk])).content.decode()

    assert "An offer is withdrawn on the applicant’s page, with a reason." in content


def test_a_decline_that_cannot_apply_says_so(client, recruiter, placement):
    waiting, withdrawn = applicants(placement, "submitted", "withdrawn")
    client.force_login(recruiter)

    response = client.post(
        bulk_url(placement),
        {"applications": [waiting.pk, withdrawn.pk], "action": "reject"},
        follow=True,
    )

    content = response.content.decode()
    assert statuses([waiting, withdrawn]) == ["rejected", "withdrawn"]
    assert f"1 applicant could not be declined: {withdrawn.student.display_name} (" in content


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"action": "reject"}, ["1 applicant could not be declined", "Withdraw the offer"]),
        ({"action": "move", "to": "in_review"}, ["1 applicant was not moved", "comes after"]),
    ],
    ids=["reject", "move"],
)
def test_an_offer_is_not_ended_in_bulk(client, recruiter, placement, data, said):
    """Withdrawing an offer takes a reason, on the applicant's page: the bulk form leaves
    an offered applicant as they are, and says where to do it."""
    waiting, offered = applicants(placement, "submitted", "offered")
    client.force_login(recruiter)

    response = client.post(
        bulk_url(placement), {"applications": [waiting.pk, offered.pk], **data}, follow=True
    )

    content = response.content.decode()
    assert statuses([offered]) == ["offered"]
    assert statuses([waiting]) != ["submitted"]
    assert all(text in content for text in said), said
    assert not Notification.objects.filter(recipient=offered.student).exists()
