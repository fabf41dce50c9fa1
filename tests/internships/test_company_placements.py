from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import MentorProfile
from internships.models import Placement
from notifications.models import Event
from tests import factories

LIST_URL = reverse("company_placements")
CREATE_URL = reverse("placement_create")
ACTIONS = ["placement_submit", "placement_close", "placement_archive", "placement_duplicate"]


def draft(organisation, period, programme, **kwargs):
    return factories.PlacementFactory(
        organisation=organisation,
        period=period,
        programmes=[programme],
        status="draft",
        published_at=None,
        **kwargs,
    )


def placement_data(period, programme, **overrides):
    today = timezone.localdate()
    data = {
        "period": period.pk,
        "title": "Frontend intern (React)",
        "description": "Build the patient portal with a friendly team.",
        "responsibilities": "Components and tests.",
        "learning_outcomes": "React, accessibility.",
        "programmes": [programme.pk],
        "skills": [],
        "county": factories.CountyFactory().pk,
        "city": "Cluj-Napoca",
        "work_mode": "hybrid",
        "starts_on": (today + timedelta(days=40)).isoformat(),
        "ends_on": (today + timedelta(days=100)).isoformat(),
        "hours_per_week": 20,
        "positions": 2,
        "stipend": "",
        "deadline": (today + timedelta(days=20)).isoformat(),
        "host_tutor": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# Access -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST_URL, CREATE_URL])
def test_anonymous_is_sent_to_log_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["student", "host_tutor", "supervisor", "staff"])
@pytest.mark.parametrize("url", [LIST_URL, CREATE_URL])
def test_other_roles_are_refused(client, request, role, url):
    client.force_login(request.getfixturevalue(role))

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("name", [*ACTIONS, "placement_edit"])
def test_other_roles_cannot_touch_a_placement(client, student, staff, placement, name):
    for user in (student, staff):
        client.force_login(user)

        assert client.post(reverse(name, args=[placement.pk])).status_code == 403


@pytest.mark.parametrize("name", ACTIONS)
def test_actions_answer_405_to_get(client, recruiter, placement, name):
    client.force_login(recruiter)

    assert client.get(reverse(name, args=[placement.pk])).status_code == 405


@pytest.mark.parametrize("name", ACTIONS)
def test_anonymous_actions_are_sent_to_log_in(client, placement, name):
    response = client.post(reverse(name, args=[placement.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", [*ACTIONS, "placement_edit"])
def test_another_organisation_gets_404(client, other_company_admin, placement, name):
    client.force_login(other_company_admin)

    response = client.post(reverse(name, args=[placement.pk]))

    assert response.status_code == 404
    placement.refresh_from_db()
    assert placement.status == "published"
    assert Placement.objects.count() == 1


def test_another_organisation_cannot_open_the_edit_page(
    client, other_company_admin, organisation, period, programme
):
    placement = draft(organisation, period, programme)
    client.force_login(other_company_admin)

    assert client.get(reverse("placement_edit", args=[placement.pk])).status_code == 404


# The list -----------------------------------------------------------------------------


def test_list_shows_every_state_with_its_counts(
    client, recruiter, organisation, period, programme, placement, application, other_placement
):
    draft(organisation, period, programme, title="Returned draft", review_comment="Add a stipend.")
    factories.PlacementFactory(
        organisation=organisation,
        period=period,
        programmes=[programme],
        title="Closed one",
        status="closed",
    )
    factories.ApplicationFactory(placement=placement, status="accepted")
    factories.ApplicationFactory(placement=placement, status="rejected")
    client.force_login(recruiter)

    response = client.get(LIST_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Backend intern (Django)" in content
    assert "Returned draft" in content
    assert "Closed one" in content
    assert "Data analyst intern" not in content
    assert "Add a stipend." in content
    row = next(p for p in response.context["page"].object_list if p.pk == placement.pk)
    assert (row.applicants, row.open_applicants, row.accepted) == (3, 1, 1)
    assert reverse("pipeline", args=[placement.pk]) in content
    assert reverse("placement_create") in content


def test_list_offers_the_buttons_each_state_allows(
    client, recruiter, organisation, period, programme, placement
):
    a_draft = draft(organisation, period, programme)
    closed = factories.PlacementFactory(
        organisation=organisation, period=period, programmes=[programme], status="closed"
    )
    client.force_login(recruiter)

    content = client.get(LIST_URL).content.decode()

    assert reverse("placement_edit", args=[a_draft.pk]) in content
    assert reverse("placement_submit", args=[a_draft.pk]) in content
    assert reverse("placement_archive", args=[a_draft.pk]) in content
    assert reverse("placement_close", args=[placement.pk]) in content
    assert reverse("placement_submit", args=[placement.pk]) not in content
    assert reverse("placement_archive", args=[placement.pk]) not in content
    assert reverse("placement_edit", args=[placement.pk]) not in content
    assert reverse("placement_archive", args=[closed.pk]) in content
    assert reverse("placement_close", args=[closed.pk]) not in content
    for item in (a_draft, placement, closed):
        assert reverse("placement_duplicate", args=[item.pk]) in content


def test_list_is_paginated(client, recruiter, organisation, period, programme, settings):
    settings.PAGE_SIZE = 5
    factories.PlacementFactory.create_batch(
        7, organisation=organisation, period=period, programmes=[programme]
    )
    client.force_login(recruiter)

    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": 2})

    assert len(first.context["page"].object_list) == 5
    assert len(second.context["page"].object_list) == 2
    assert "?page=2" in first.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_does_not_grow(
    client, recruiter, organisation, period, programme, django_assert_max_num_queries, rows
):
    for placement in factories.PlacementFactory.create_batch(
        rows, organisation=organisation, period=period, programmes=[programme]
    ):
        factories.ApplicationFactory(placement=placement)
    client.force_login(recruiter)

    with django_assert_max_num_queries(8):
        response = client.get(LIST_URL)

    assert response.status_code == 200


# Creating -----------------------------------------------------------------------------


def test_recruiter_creates_a_draft(client, recruiter, organisation, period, programme, host_tutor):
    skill = factories.SkillFactory(name="React")
    client.force_login(recruiter)

    response = client.post(
        CREATE_URL,
        placement_data(
            period,
            programme,
            skills=[skill.pk],
            host_tutor=host_tutor.pk,
            is_paid="on",
            stipend="1500",
        ),
        follow=True,
    )

    placement = Placement.objects.get()
    assert response.redirect_chain[-1][0] == LIST_URL
    assert "is saved as a draft" in response.content.decode()
    assert placement.status == "draft"
    assert placement.organisation == organisation
    assert placement.created_by == recruiter
    assert placement.host_tutor == host_tutor
    assert placement.stipend == 1500
    assert list(placement.programmes.all()) == [programme]
    assert list(placement.skills.all()) == [skill]
    assert Event.objects.filter(object_id=placement.pk, action="created").exists()


def test_create_form_shows_date_inputs_and_the_organisations_tutors_only(
    client, recruiter, host_tutor
):
    factories.MentorFactory(user__first_name="Outside", user__last_name="Tutor")
    client.force_login(recruiter)

    response = client.get(CREATE_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert 'type="date"' in content
    assert host_tutor.get_full_name() in content
    assert "Outside Tutor" not in content
    assert list(response.context["form"].fields["host_tutor"].queryset) == [host_tutor]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"ends_on": timezone.localdate().isoformat()},
            "ends_on",
            "The end date must come after the start date.",
        ),
        ({"positions": 0}, "positions", "A placement has at least one position."),
        ({"positions": -1}, "positions", "A placement has at least one position."),
        ({"hours_per_week": 41}, "hours_per_week", "Hours per week are between 1 and 40."),
        ({"hours_per_week": 0}, "hours_per_week", "Hours per week are between 1 and 40."),
        (
            {"deadline": (timezone.localdate() - timedelta(days=1)).isoformat()},
            "deadline",
            "The application deadline cannot be in the past.",
        ),
        ({"is_paid": "on"}, "stipend", "A paid placement needs a monthly stipend above zero"),
        ({"is_paid": "on", "stipend": "0"}, "stipend", "A paid placement needs a monthly stipend"),
        ({"programmes": []}, "programmes", "Choose at least one study programme."),
        ({"title": ""}, "title", "This field is required."),
    ],
)
def test_bad_input_is_refused_beside_the_field(
    client, recruiter, period, programme, overrides, field, message
):
    client.force_login(recruiter)

    response = client.post(CREATE_URL, placement_data(period, programme, **overrides))

    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Placement.objects.exists()


def test_a_tutor_of_another_organisation_is_refused(client, recruiter, period, programme):
    outsider = factories.MentorFactory(kind=MentorProfile.Kind.HOST_TUTOR).user
    client.force_login(recruiter)

    response = client.post(CREATE_URL, placement_data(period, programme, host_tutor=outsider.pk))

    assert response.status_code == 400
    assert response.context["form"].errors["host_tutor"]
    assert not Placement.objects.exists()


# Editing ------------------------------------------------------------------------------


def test_recruiter_edits_a_draft(client, recruiter, organisation, period, programme):
    placement = draft(organisation, period, programme, review_comment="Say what they learn.")
    client.force_login(recruiter)
    page = client.get(reverse("placement_edit", args=[placement.pk]))

    response = client.post(
        reverse("placement_edit", args=[placement.pk]),
        placement_data(period, programme, title="Renamed draft", positions=3),
    )

    assert "Say what they learn." in page.content.decode()
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.title, placement.positions, placement.status) == ("Renamed draft", 3, "draft")


def test_bad_input_on_edit_changes_nothing(client, recruiter, organisation, period, programme):
    placement = draft(organisation, period, programme, title="Kept")
    client.force_login(recruiter)

    response = client.post(
        reverse("placement_edit", args=[placement.pk]),
        placement_data(period, programme, title="Lost", positions=0),
    )

    assert response.status_code == 400
    assert "Edit “Kept”" in response.content.decode()
    placement.refresh_from_db()
    assert (placement.title, placement.positions) == ("Kept", 2)


def test_a_published_placement_cannot_be_edited(client, recruiter, placement, period, programme):
    client.force_login(recruiter)
    page = client.get(reverse("placement_edit", args=[placement.pk]))

    response = client.post(
        reverse("placement_edit", args=[placement.pk]),
        placement_data(period, programme, title="Rewritten"),
    )

    assert "Only a draft can be edited" in page.content.decode()
    assert "Only a draft can be edited" in response.content.decode()
    placement.refresh_from_db()
    assert placement.title == "Backend intern (Django)"


# Actions ------------------------------------------------------------------------------


def test_submit_sends_a_draft_for_approval(
    client, recruiter, organisation, period, programme, staff
):
    placement = draft(organisation, period, programme)
    client.force_login(recruiter)

    response = client.post(reverse("placement_submit", args=[placement.pk]), follow=True)

    placement.refresh_from_db()
    assert placement.status == "submitted"
    assert "is sent to the internship office for approval" in response.content.decode()
    assert staff.notifications.filter(kind="placement_submitted").exists()


def test_submit_publishes_directly_when_the_setting_allows(
    client, recruiter, organisation, period, programme, settings
):
    settings.VERIFIED_ORGANISATIONS_PUBLISH_DIRECTLY = True
    placement = draft(organisation, period, programme)
    client.force_login(recruiter)

    response = client.post(reverse("placement_submit", args=[placement.pk]), follow=True)

    placement.refresh_from_db()
    assert placement.status == "published"
    assert "is published" in response.content.decode()


def test_submit_after_the_deadline_shows_the_message(
    client, recruiter, organisation, period, programme
):
    placement = draft(
        organisation, period, programme, deadline=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(recruiter)

    response = client.post(reverse("placement_submit", args=[placement.pk]), follow=True)

    placement.refresh_from_db()
    assert placement.status == "draft"
    assert "The application deadline has passed" in response.content.decode()


def test_close_a_published_placement(client, recruiter, placement):
    client.force_login(recruiter)

    response = client.post(reverse("placement_close", args=[placement.pk]), follow=True)

    placement.refresh_from_db()
    assert placement.status == "closed"
    assert "takes no more applications" in response.content.decode()


def test_archive_a_closed_placement(client, recruiter, organisation, period, programme):
    placement = factories.PlacementFactory(
        organisation=organisation, period=period, programmes=[programme], status="closed"
    )
    client.force_login(recruiter)

    client.post(reverse("placement_archive", args=[placement.pk]))

    placement.refresh_from_db()
    assert placement.status == "archived"


def test_a_published_placement_cannot_be_archived(client, recruiter, placement):
    client.force_login(recruiter)

    response = client.post(reverse("placement_archive", args=[placement.pk]), follow=True)

    placement.refresh_from_db()
    assert placement.status == "published"
    assert "This cannot be done now" in response.content.decode()


def test_duplicate_makes_a_new_draft_and_opens_it(client, recruiter, placement):
    client.force_login(recruiter)

    response = client.post(reverse("placement_duplicate", args=[placement.pk]))

    copy = Placement.objects.exclude(pk=placement.pk).get()
    assert response.status_code == 302
    assert response.url == reverse("placement_edit", args=[copy.pk])
    assert copy.status == "draft"
    assert copy.duplicated_from == placement
    assert copy.title == placement.title
    assert Placement.objects.count() == 2


def test_on_a_phone_each_cell_of_the_list_names_its_column(client, company_admin, placement):
    """The table stacks into one card per placement: each cell carries its column's name,
    written in the page (not left to JavaScript), the actions among them."""
    client.force_login(company_admin)

    page = client.get(LIST_URL).content.decode()

    assert '<table class="company-placements stack">' in page
    for column in ("Placement", "Status", "Period", "Deadline", "Applicants", "Actions"):
        assert f'data-label="{column}"' in page
