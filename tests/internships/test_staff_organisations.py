import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import Organisation
from notifications.models import Event, Notification
from tests.factories import (
    ApplicationFactory,
    InternshipFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

LIST_URL = reverse("staff_organisations")


@pytest.fixture
def pending(db):
    organisation = OrganisationFactory(
        legal_name="Nordic Soft SRL", website="https://www.nordicsoft.ro", status="pending"
    )
    MembershipFactory(
        organisation=organisation,
        user=UserFactory(role="company", email="ana@nordicsoft.ro"),
    )
    return organisation


def verify_url(organisation):
    return reverse("organisation_verify", args=[organisation.pk])


def suspend_url(organisation):
    return reverse("organisation_suspend", args=[organisation.pk])


def test_anonymous_visitors_are_sent_to_log_in(client, pending):
    responses = [
        client.get(LIST_URL),
        client.post(verify_url(pending)),
        client.post(suspend_url(pending), {"note": "Fake"}),
    ]

    assert all(r.status_code == 302 for r in responses)
    assert all(r.url.startswith(reverse("account_login")) for r in responses)
    pending.refresh_from_db()
    assert pending.status == "pending"


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor"])
def test_other_roles_are_forbidden(client, request, role, pending):
    client.force_login(request.getfixturevalue(role))

    assert client.get(LIST_URL).status_code == 403
    assert client.post(verify_url(pending)).status_code == 403
    assert client.post(suspend_url(pending), {"note": "Fake"}).status_code == 403
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_actions_answer_only_to_post(client, staff, pending):
    client.force_login(staff)

    assert client.get(verify_url(pending)).status_code == 405
    assert client.get(suspend_url(pending)).status_code == 405


def test_acting_on_an_unknown_organisation_is_not_found(client, staff):
    client.force_login(staff)

    assert client.post(reverse("organisation_verify", args=[999])).status_code == 404


def test_the_queue_shows_pending_requests_oldest_first_with_their_details(client, staff, pending):
    newer = OrganisationFactory(legal_name="Zeta Labs SRL", status="pending")
    OrganisationFactory(legal_name="Already Verified SRL", status="verified")
    client.force_login(staff)

    response = client.get(LIST_URL)

    page = response.content.decode()
    assert [o.pk for o in response.context["page"]] == [pending.pk, newer.pk]
    assert page.index("Nordic Soft SRL") < page.index("Zeta Labs SRL")
    assert "Already Verified SRL" not in page
    for shown in (
        pending.registration_number,
        "Cluj-Napoca",
        "https://www.nordicsoft.ro",
        "ana@nordicsoft.ro",
        "ago",
    ):
        assert shown in page


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("verified", {"Codează Someș SRL"}),
        ("suspended", {"Gone SRL"}),
        ("all", {"Codează Someș SRL", "Gone SRL", "Nordic Soft SRL"}),
        ("nonsense", {"Nordic Soft SRL"}),
    ],
)
def test_the_queue_is_filtered_by_status(client, staff, pending, organisation, status, expected):
    OrganisationFactory(legal_name="Gone SRL", status="suspended")
    client.force_login(staff)

    response = client.get(LIST_URL, {"status": status})

    assert {o.legal_name for o in response.context["page"]} == expected


def test_the_checks_are_all_shown_as_passing_for_a_sound_organisation(client, staff, pending):
    client.force_login(staff)

    page = client.get(LIST_URL).content.decode()

    assert "✓</span> CUI check digit valid" in page
    assert "✓</span> Admin e-mail domain matches the website" in page
    assert "✓</span> No similar organisation" in page


def test_the_checks_show_an_invalid_cui_a_foreign_domain_and_a_similar_name(
    client, staff, organisation
):
    suspicious = OrganisationFactory(
        legal_name="Codează Someș PFA",
        registration_number="12345678",
        website="https://www.codeaza.ro",
        status="pending",
    )
    MembershipFactory(
        organisation=suspicious, user=UserFactory(role="company", email="boss@gmail.com")
    )
    client.force_login(staff)

    page = client.get(LIST_URL).content.decode()

    assert "✗</span> CUI check digit invalid" in page
    assert "✗</span> Admin e-mail domain does not match the website" in page
    assert "✗</span> Resembles 1 other organisation:" in page
    assert "similar name (100%)" in page


def test_staff_verify_a_pending_organisation(
    client, staff, pending, django_capture_on_commit_callbacks
):
    member = pending.memberships.get().user
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(verify_url(pending), {"note": "Checked with ONRC."}, follow=True)

    pending.refresh_from_db()
    assert pending.status == "verified"
    event = Event.objects.get(
        content_type=ContentType.objects.get_for_model(Organisation), object_id=pending.pk
    )
    assert (event.action, event.actor, event.note) == ("verified", staff, "Checked with ONRC.")
    assert Notification.objects.filter(recipient=member, kind="organisation_verified").exists()
    assert "Nordic Soft SRL is verified" in response.content.decode()


def test_after_an_action_staff_return_to_the_filtered_queue(client, staff, pending):
    client.force_login(staff)

    response = client.post(verify_url(pending), {"next": f"{LIST_URL}?status=all"})

    assert response.url == f"{LIST_URL}?status=all"


def test_a_foreign_next_address_is_ignored(client, staff, pending):
    client.force_login(staff)

    response = client.post(verify_url(pending), {"next": "https://evil.example.com/"})

    assert response.url == LIST_URL


def test_suspending_needs_a_reason(client, staff, pending):
    client.force_login(staff)

    response = client.post(suspend_url(pending), {"note": "  "}, follow=True)

    assert "Give the reason for the suspension." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "pending"
    assert not Event.objects.exists()
    assert not Notification.objects.exists()


def test_staff_suspend_an_organisation_with_a_reason(client, staff, organisation, company_admin):
    client.force_login(staff)

    client.post(suspend_url(organisation), {"note": "Asks students for money."})

    organisation.refresh_from_db()
    assert organisation.status == "suspended"
    notification = Notification.objects.get(recipient=company_admin)
    assert "Asks students for money." in notification.text


def test_suspending_ends_the_open_applications_and_tells_the_students(client, staff, application):
    client.force_login(staff)
    organisation = application.placement.organisation
    accepted = ApplicationFactory(placement=application.placement, status="accepted")
    internship = InternshipFactory(application=accepted)

    client.post(suspend_url(organisation), {"note": "Asks students for money."})

    application.refresh_from_db()
    assert application.status == "closed"
    notice = Notification.objects.get(recipient=application.student, kind="application_closed")
    assert "suspended this organisation" in notice.text
    assert "money" not in notice.text  # the note is for the organisation, not the students
    internship.refresh_from_db()
    assert internship.status == "active"  # an internship already agreed goes on


def test_verifying_an_already_verified_organisation_is_refused_with_a_message(
    client, staff, organisation
):
    client.force_login(staff)

    response = client.post(verify_url(organisation), follow=True)

    assert "This cannot be done now" in response.content.decode()
    assert not Event.objects.exists()


def test_with_htmx_the_row_is_replaced_by_the_outcome(client, staff, pending):
    client.force_login(staff)

    response = client.post(verify_url(pending), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.templates[0].name == "internships/vetting/_outcome.html"
    assert "Nordic Soft SRL is verified" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "verified"


@pytest.mark.parametrize("rows", [3, 30])
def test_the_queue_needs_the_same_queries_for_3_or_30_organisations(
    client, staff, rows, django_assert_max_num_queries
):
    for membership in MembershipFactory.create_batch(rows, organisation__status="pending"):
        MembershipFactory(organisation=membership.organisation, role="recruiter")
    client.force_login(staff)

    with django_assert_max_num_queries(7):
        response = client.get(LIST_URL)

    assert len(response.context["page"]) == min(rows, 20)
