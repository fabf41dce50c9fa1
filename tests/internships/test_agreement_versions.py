"""The agreement is versioned: each party confirms one version, by the SHA-256 of the PDF it
was shown; a change of the facts after a confirmation makes a new version and asks again."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from core.services import ServiceError
from internships import services
from internships.models import Agreement, AgreementText, AgreementVersion, Amendment, Confirmation
from internships.services.agreement_texts import save_agreement_text
from internships.signals import agreement_confirmed_by_all
from notifications.models import Notification
from tests import factories


@pytest.fixture
def fresh(student, placement, host_tutor, supervisor):
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    return factories.InternshipFactory(
        application=application,
        host_tutor=host_tutor,
        academic_supervisor=supervisor,
        agreement=False,
    )


def confirm(internship, person):
    sha256 = services.current_version(internship).sha256
    return services.confirm_agreement(internship=internship, by=person, sha256=sha256)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def agreement(internship) -> Agreement:
    return Agreement.objects.get(internship=internship)


# Versions ------------------------------------------------------------------------------


def test_the_first_reading_makes_version_1_with_its_pdf_and_the_same_facts_keep_it(fresh):
    first = services.current_version(fresh)

    again = services.current_version(fresh)

    assert first.number == 1
    assert len(first.sha256) == 64
    assert again.pk == first.pk
    assert AgreementVersion.objects.filter(agreement__internship=fresh).count() == 1


def test_the_facts_hold_what_the_contract_names(fresh, host_tutor):
    facts = services.agreement_facts(fresh)

    assert facts["starts_on"] == fresh.starts_on.isoformat()
    assert facts["ends_on"] == fresh.ends_on.isoformat()
    assert facts["required_hours"] == 120
    assert facts["hours_per_week"] == fresh.hours_per_week
    assert facts["host_tutor"]["name"] == host_tutor.display_name
    assert set(facts["host_tutor"]) == {"name", "email", "position", "phone"}
    assert facts["text"]["version"] == 1
    assert facts["language"] == "ro"


def test_a_change_after_a_confirmation_makes_a_new_version_and_asks_again(
    fresh, student, company_admin
):
    confirm(fresh, student)
    confirm(fresh, company_admin)
    first = services.current_version(fresh)
    type(fresh).objects.filter(pk=fresh.pk).update(schedule="Luni–vineri, 9:00–13:00")

    second = services.current_version(fresh)

    assert second.number == 2
    assert second.sha256 != first.sha256
    assert second.facts["schedule"] == "Luni–vineri, 9:00–13:00"
    current = agreement(fresh)
    assert current.student_confirmed_at is None
    assert current.organisation_confirmed_at is None
    assert current.organisation_confirmed_by is None
    kept = Confirmation.objects.get(version=first, party="student")
    assert kept.sha256 == first.sha256
    assert kept.by == student
    asked = Notification.objects.filter(kind="agreement_changed")
    assert {n.recipient for n in asked} == {student, company_admin}
    assert asked.first().params["number"] == "2"


def test_the_new_version_is_confirmed_again_by_its_own_digest(fresh, student):
    confirm(fresh, student)
    type(fresh).objects.filter(pk=fresh.pk).update(place="Str. Memorandumului 28")

    confirm(fresh, student)

    versions = {c.version.number: c.sha256 for c in Confirmation.objects.filter(party="student")}
    assert set(versions) == {1, 2}
    assert versions[1] != versions[2]
    assert agreement(fresh).student_confirmed_at is not None


def test_nobody_is_asked_when_nobody_had_confirmed(fresh):
    services.current_version(fresh)
    type(fresh).objects.filter(pk=fresh.pk).update(city="Turda")

    assert services.current_version(fresh).number == 2
    assert not Notification.objects.filter(kind="agreement_changed").exists()


def test_an_agreement_confirmed_by_all_stands_until_an_amendment(
    fresh, student, company_admin, staff
):
    for person in (student, company_admin, staff):
        confirm(fresh, person)
    type(fresh).objects.filter(pk=fresh.pk).update(city="Turda")

    version = services.current_version(fresh)

    assert version.number == 1
    assert agreement(fresh).is_confirmed_by_all


def test_effective_facts_apply_the_confirmed_amendments(fresh, staff):
    version = services.current_version(fresh)
    Amendment.objects.create(
        agreement=version.agreement,
        number=1,
        status=Amendment.Status.CONFIRMED,
        changes={"city": [version.facts["city"], "Turda"], "required_hours": [120, 160]},
        reason="Mutare.",
        proposed_by=staff,
    )
    Amendment.objects.create(
        agreement=version.agreement,
        number=2,
        status=Amendment.Status.WITHDRAWN,
        changes={"city": ["Turda", "Dej"]},
        reason="Renunțat.",
        proposed_by=staff,
    )

    facts = services.effective_facts(version)

    assert facts["city"] == "Turda"
    assert facts["required_hours"] == 160
    assert version.facts["city"] != "Turda"
    type(fresh).objects.filter(pk=fresh.pk).update(city="Turda", required_hours=160)
    assert services.current_version(fresh).number == 1


def test_a_new_tutor_after_a_confirmation_asks_again_at_once(fresh, student, company_admin):
    confirm(fresh, student)
    new_tutor = factories.MentorFactory(
        organisation=fresh.organisation, user__first_name="Ilinca", user__last_name="Pop"
    ).user

    services.assign_host_tutor(internship=fresh, mentor=new_tutor, by=company_admin)

    latest = AgreementVersion.objects.filter(agreement__internship=fresh).order_by("-number")[0]
    assert latest.number == 2
    assert latest.facts["host_tutor"]["name"] == "Ilinca Pop"
    assert agreement(fresh).student_confirmed_at is None
    assert Notification.objects.filter(kind="agreement_changed", recipient=student).exists()


def test_an_agreement_keeps_its_articles_when_staff_edit_them(client, fresh, student, staff):
    """An agreement records which version of the articles it used: editing the articles
    resets no agreement in progress."""
    confirm(fresh, student)
    first = services.current_version(fresh)
    body = AgreementText.objects.get(language="ro", version=1).body
    save_agreement_text(by=staff, language="ro", body=body + "\nUn alineat nou.")
    client.force_login(student)

    page = client.get(reverse("internship_detail", args=[fresh.pk]))

    assert page.status_code == 200
    assert services.current_version(fresh).pk == first.pk
    assert AgreementVersion.objects.filter(agreement__internship=fresh).count() == 1
    assert agreement(fresh).student_confirmed_at is not None
    assert not Notification.objects.filter(kind="agreement_changed").exists()


def test_a_change_of_the_facts_keeps_the_articles_the_agreement_used(fresh, student, staff):
    confirm(fresh, student)
    body = AgreementText.objects.get(language="ro", version=1).body
    save_agreement_text(by=staff, language="ro", body=body + "\nUn alineat nou.")
    type(fresh).objects.filter(pk=fresh.pk).update(schedule="Doar dimineața")

    second = services.current_version(fresh)

    assert second.number == 2
    assert second.text.version == 1


def test_a_new_agreement_takes_the_latest_articles(fresh, staff, other_student, placement):
    services.current_version(fresh)
    body = AgreementText.objects.get(language="ro", version=1).body
    save_agreement_text(by=staff, language="ro", body=body + "\nUn alineat nou.")
    application = factories.ApplicationFactory(
        placement=placement, student=other_student, status="accepted"
    )
    newer = factories.InternshipFactory(application=application, agreement=False)

    assert services.current_version(newer).text.version == 2
    assert services.current_version(fresh).text.version == 1


def test_a_new_language_takes_the_latest_articles_of_that_language(fresh, student, staff):
    services.current_version(fresh)
    english = AgreementText.objects.filter(language="en").order_by("-version").first()
    english = english or services.latest_text("en")
    save_agreement_text(by=staff, language="en", body=english.body + "\nA new paragraph.")
    save_agreement_text(
        by=staff,
        language="ro",
        body=AgreementText.objects.get(language="ro", version=1).body + "\nUn alineat nou.",
    )

    services.set_agreement_language(internship=fresh, by=student, language="en")
    in_english = services.current_version(fresh)
    services.set_agreement_language(internship=fresh, by=student, language="ro")
    in_romanian = services.current_version(fresh)

    assert (in_english.language, in_english.text.language) == ("en", "en")
    assert in_english.text.version == english.version + 1
    assert (in_romanian.language, in_romanian.text.version) == ("ro", 2)


# Confirming ----------------------------------------------------------------------------


def test_a_stale_digest_is_refused_and_changes_nothing(fresh, student):
    old = services.current_version(fresh).sha256
    type(fresh).objects.filter(pk=fresh.pk).update(schedule="Doar dimineața")

    with pytest.raises(ServiceError, match="The agreement changed since you opened it"):
        services.confirm_agreement(internship=fresh, by=student, sha256=old)

    assert not Confirmation.objects.exists()
    assert agreement(fresh).student_confirmed_at is None


def test_the_page_refuses_a_stale_digest_with_a_clear_message(client, fresh, student):
    old = services.current_version(fresh).sha256
    type(fresh).objects.filter(pk=fresh.pk).update(schedule="Doar dimineața")
    client.force_login(student)

    response = client.post(reverse("agreement_confirm", args=[fresh.pk]), {"sha256": old})

    assert response.status_code == 302
    assert messages_of(response) == [
        "The agreement changed since you opened it: read the new version, then confirm."
    ]
    assert not Confirmation.objects.exists()


@pytest.mark.parametrize("posted", [{}, {"sha256": "not-a-digest"}], ids=["missing", "bad"])
def test_a_confirmation_without_a_digest_is_refused(client, fresh, student, posted):
    client.force_login(student)

    response = client.post(reverse("agreement_confirm", args=[fresh.pk]), posted)

    assert messages_of(response) == ["Read the agreement (PDF) first, then confirm it."]
    assert not Confirmation.objects.exists()


def test_the_third_confirmation_tells_the_documents_app_on_commit(
    fresh, student, company_admin, staff, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, version, **kwargs):
        received.append(version.number)

    agreement_confirmed_by_all.connect(receiver)
    try:
        confirm(fresh, student)
        confirm(fresh, company_admin)
        assert received == []
        with django_capture_on_commit_callbacks(execute=True):
            confirm(fresh, staff)
    finally:
        agreement_confirmed_by_all.disconnect(receiver)

    assert received == [1]


def test_the_page_shows_which_version_each_party_confirmed(client, fresh, student, staff):
    confirm(fresh, student)
    type(fresh).objects.filter(pk=fresh.pk).update(schedule="Doar dimineața")
    services.current_version(fresh)
    confirm(fresh, staff)
    client.force_login(staff)

    content = client.get(fresh.get_absolute_url()).content.decode()

    assert "Version 2 of the agreement." in content
    assert "Confirmed version 1 on" in content
    assert "(version 2)" in content
    assert f"{reverse('agreement_pdf', args=[fresh.pk])}?version=1" in content


def test_the_confirm_form_carries_the_digest_of_the_version_shown(client, fresh, student):
    client.force_login(student)

    content = client.get(fresh.get_absolute_url()).content.decode()

    version = services.current_version(fresh)
    assert f'name="sha256" value="{version.sha256}"' in content
    assert "Confirm version 1 of the agreement" in content


# The language ---------------------------------------------------------------------------


def test_a_party_chooses_english_before_anyone_confirms(client, fresh, student):
    services.current_version(fresh)
    client.force_login(student)

    response = client.post(reverse("agreement_language", args=[fresh.pk]), {"language": "en"})

    assert messages_of(response) == ["The language of the agreement is saved."]
    version = services.current_version(fresh)
    assert version.number == 2
    assert version.language == "en"
    assert version.facts["text"]["id"] == AgreementText.objects.get(language="en", version=1).pk


def test_the_language_is_not_changed_after_a_confirmation(client, fresh, student, staff):
    confirm(fresh, staff)
    client.force_login(student)

    response = client.post(reverse("agreement_language", args=[fresh.pk]), {"language": "en"})

    assert messages_of(response) == ["The language is chosen before anyone confirms the agreement."]
    assert agreement(fresh).language == "ro"


@pytest.mark.parametrize(("role", "status"), [("recruiter", 403), ("other_student", 404)])
def test_who_does_not_sign_cannot_choose_the_language(client, request, fresh, role, status):
    client.force_login(request.getfixturevalue(role))

    response = client.post(reverse("agreement_language", args=[fresh.pk]), {"language": "en"})

    assert response.status_code == status
    assert not Agreement.objects.filter(internship=fresh, language="en").exists()


def test_an_unknown_language_is_refused(client, fresh, student):
    client.force_login(student)

    response = client.post(reverse("agreement_language", args=[fresh.pk]), {"language": "fr"})

    assert response.status_code == 302
    assert "fr" not in Agreement.objects.filter(internship=fresh).values_list("language", flat=True)


def test_the_language_form_is_shown_before_anyone_confirms(client, fresh, student, staff):
    client.force_login(student)
    assert (
        reverse("agreement_language", args=[fresh.pk])
        in client.get(fresh.get_absolute_url()).content.decode()
    )

    confirm(fresh, staff)

    assert (
        reverse("agreement_language", args=[fresh.pk])
        not in client.get(fresh.get_absolute_url()).content.decode()
    )


def test_confirmations_name_their_time(fresh, student):
    before = timezone.now()

    confirm(fresh, student)

    assert Confirmation.objects.get().confirmed_at >= before
