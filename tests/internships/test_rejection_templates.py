"""The organisation's saved rejection messages, managed by its members under /company/."""

import pytest
from django.urls import reverse

from internships.models import RejectionTemplate
from notifications.models import Event
from tests import factories

LIST_URL = reverse("rejection_templates")


def edit_url(template):
    return reverse("rejection_template_edit", args=[template.pk])


def remove_url(template):
    return reverse("rejection_template_archive", args=[template.pk])


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["student", "host_tutor", "supervisor", "staff"])
def test_other_roles_are_refused(client, request, organisation, role):
    template = factories.RejectionTemplateFactory(organisation=organisation)
    client.force_login(request.getfixturevalue(role))

    assert client.get(LIST_URL).status_code == 403
    assert client.post(LIST_URL, {"name": "x", "body": "y"}).status_code == 403
    assert client.get(edit_url(template)).status_code == 403
    assert client.post(remove_url(template)).status_code == 403
    assert RejectionTemplate.objects.count() == 1


def test_a_member_saves_a_message(client, recruiter, organisation):
    client.force_login(recruiter)

    response = client.post(
        LIST_URL, {"name": "Politicos", "body": "Vă mulțumim pentru aplicare."}, follow=True
    )

    template = RejectionTemplate.objects.get()
    assert (template.organisation, template.name, template.created_by) == (
        organisation,
        "Politicos",
        recruiter,
    )
    assert "The message is saved." in response.content.decode()
    assert "Vă mulțumim pentru aplicare." in response.content.decode()
    assert Event.objects.filter(action="created", object_id=template.pk).exists()


def test_the_list_shows_only_the_organisations_own_messages(client, recruiter, organisation):
    factories.RejectionTemplateFactory(organisation=organisation, name="Al nostru")
    factories.RejectionTemplateFactory(name="Al altora")
    factories.RejectionTemplateFactory(organisation=organisation, name="Scos", is_archived=True)
    client.force_login(recruiter)

    content = client.get(LIST_URL).content.decode()

    assert "Al nostru" in content
    assert "Al altora" not in content
    assert "Scos" not in content


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "body": "Text"}, "This field is required."),
        ({"name": "Nume", "body": "   "}, "This field is required."),
        ({"name": "N" * 101, "body": "Text"}, "at most 100 characters"),
    ],
)
def test_bad_input_saves_nothing(client, recruiter, data, message):
    client.force_login(recruiter)

    response = client.post(LIST_URL, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RejectionTemplate.objects.exists()


def test_two_messages_cannot_share_a_name(client, recruiter, organisation):
    factories.RejectionTemplateFactory(organisation=organisation, name="Politicos")
    client.force_login(recruiter)

    response = client.post(LIST_URL, {"name": "politicos", "body": "Alt text"})

    assert response.status_code == 400
    assert "already has a message named" in response.content.decode()
    assert RejectionTemplate.objects.count() == 1


def test_a_member_edits_a_message(client, recruiter, organisation):
    template = factories.RejectionTemplateFactory(organisation=organisation, name="Vechi")
    client.force_login(recruiter)

    response = client.post(edit_url(template), {"name": "Nou", "body": "Text nou"})

    template.refresh_from_db()
    assert response.status_code == 302
    assert (template.name, template.body) == ("Nou", "Text nou")
    assert Event.objects.filter(action="changed", object_id=template.pk).exists()


def test_a_member_removes_a_message(client, recruiter, organisation):
    template = factories.RejectionTemplateFactory(organisation=organisation)
    client.force_login(recruiter)

    response = client.post(remove_url(template), follow=True)

    template.refresh_from_db()
    assert template.is_archived
    assert "The message is removed." in response.content.decode()
    assert client.get(edit_url(template)).status_code == 404


def test_removing_answers_405_to_get(client, recruiter, organisation):
    template = factories.RejectionTemplateFactory(organisation=organisation)
    client.force_login(recruiter)

    assert client.get(remove_url(template)).status_code == 405


def test_another_organisations_message_is_404(client, other_company_admin, organisation):
    template = factories.RejectionTemplateFactory(organisation=organisation, name="Al nostru")
    client.force_login(other_company_admin)

    assert client.get(edit_url(template)).status_code == 404
    assert client.post(edit_url(template), {"name": "Furat", "body": "x"}).status_code == 404
    assert client.post(remove_url(template)).status_code == 404
    template.refresh_from_db()
    assert (template.name, template.is_archived) == ("Al nostru", False)


@pytest.mark.parametrize("rows", [3, 30])
def test_query_count_does_not_grow(
    client, recruiter, organisation, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        factories.RejectionTemplateFactory(organisation=organisation)
    client.force_login(recruiter)

    with django_assert_max_num_queries(7):
        response = client.get(LIST_URL)

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["Politicos", "POLITICOS"])
def test_a_double_submit_is_refused_not_a_500(recruiter, organisation, monkeypatch, name):
    """Two submits of the same form both pass the check before either inserts: the
    database's case-insensitive unique index refuses the second, as a clear message."""
    from core.services import ServiceError
    from internships.services import rejection_templates

    rejection_templates.create_rejection_template(
        organisation=organisation, by=recruiter, name="Politicos", body="Text"
    )
    monkeypatch.setattr(
        rejection_templates,
        "_clean_template",
        lambda *, organisation, name, body, exclude=None: (name, body),
    )

    with pytest.raises(ServiceError, match="already has a message named"):
        rejection_templates.create_rejection_template(
            organisation=organisation, by=recruiter, name=name, body="Text"
        )
    assert RejectionTemplate.objects.count() == 1


def test_an_edit_racing_into_a_taken_name_is_refused(recruiter, organisation, monkeypatch):
    from core.services import ServiceError
    from internships.services import rejection_templates

    factories.RejectionTemplateFactory(organisation=organisation, name="Politicos")
    other = factories.RejectionTemplateFactory(organisation=organisation, name="Alt")
    monkeypatch.setattr(
        rejection_templates,
        "_clean_template",
        lambda *, organisation, name, body, exclude=None: (name, body),
    )

    with pytest.raises(ServiceError, match="already has a message named"):
        rejection_templates.update_rejection_template(
            template=other, by=recruiter, name="politicos", body="Text"
        )
    other.refresh_from_db()
    assert other.name == "Alt"
