"""Saving placements: the button on the cards and the placement's page (htmx, or a plain
form), and the page of saved placements."""

import pytest
from django.urls import reverse

from internships.models import SavedPlacement
from tests import factories


def save_url(placement):
    return reverse("placement_save", args=[placement.pk])


def unsave_url(placement):
    return reverse("placement_unsave", args=[placement.pk])


def test_a_student_saves_a_placement_without_javascript(client, student, placement):
    client.force_login(student)

    response = client.post(save_url(placement), {"next": "/placements/?q=django"})

    assert response.status_code == 302
    assert response.url == "/placements/?q=django"
    assert SavedPlacement.objects.filter(student=student, placement=placement).exists()


def test_htmx_gets_the_button_to_unsave(client, student, placement):
    client.force_login(student)

    response = client.post(save_url(placement), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert unsave_url(placement) in response.text
    assert "Unsave" in response.text
    assert '<span class="badge badge--ok" role="status">Saved to your list</span>' in response.text
    assert "<html" not in response.text


def test_saving_twice_keeps_one(client, student, placement):
    client.force_login(student)
    client.post(save_url(placement))
    client.post(save_url(placement))

    assert SavedPlacement.objects.count() == 1


def test_a_student_unsaves(client, student, placement):
    SavedPlacement.objects.create(student=student, placement=placement)
    client.force_login(student)

    response = client.post(unsave_url(placement), headers={"HX-Request": "true"})

    assert save_url(placement) in response.text
    assert not SavedPlacement.objects.exists()


def test_unsaving_leaves_other_students_saved_placements(client, student, other_student, placement):
    SavedPlacement.objects.create(student=other_student, placement=placement)
    client.force_login(student)

    client.post(unsave_url(placement))

    assert SavedPlacement.objects.filter(student=other_student).count() == 1


def test_anonymous_is_sent_to_log_in(client, placement):
    response = client.post(save_url(placement))

    assert response.status_code == 302
    assert "/login/" in response.url
    assert not SavedPlacement.objects.exists()


def test_other_roles_may_not_save(client, company_admin, placement):
    client.force_login(company_admin)

    assert client.post(save_url(placement)).status_code == 403
    assert not SavedPlacement.objects.exists()


def test_a_get_is_refused(client, student, placement):
    client.force_login(student)

    assert client.get(save_url(placement)).status_code == 405


def test_a_placement_not_public_is_not_found(client, student, placement):
    draft = factories.PlacementFactory(status="draft", organisation=placement.organisation)
    client.force_login(student)

    assert client.post(save_url(draft)).status_code == 404
    assert not SavedPlacement.objects.exists()


def test_a_closed_placement_the_student_applied_to_cannot_be_saved(client, student, application):
    placement = application.placement
    placement.status = "closed"
    placement.save(update_fields=["status"])
    client.force_login(student)

    response = client.post(save_url(placement), follow=True)

    assert "not public any more" in response.text
    assert not SavedPlacement.objects.exists()


def test_the_search_cards_and_the_page_show_the_button_for_students_only(
    client, student, placement
):
    SavedPlacement.objects.create(student=student, placement=placement)
    assert save_url(placement) not in client.get(reverse("placement_search")).text

    client.force_login(student)

    assert unsave_url(placement) in client.get(reverse("placement_search")).text
    assert unsave_url(placement) in client.get(placement.get_absolute_url()).text


def test_the_saved_page_lists_the_students_own_only(client, student, other_student, placement):
    mine = factories.PlacementFactory(title="Mine to keep")
    SavedPlacement.objects.create(student=student, placement=mine)
    SavedPlacement.objects.create(student=other_student, placement=placement)
    client.force_login(student)

    response = client.get(reverse("saved_placements"))

    assert "Mine to keep" in response.text
    assert placement.title not in response.text


@pytest.mark.parametrize("count", [3, 30])
def test_the_saved_page_needs_the_same_queries_for_3_or_30(
    client, student, count, django_assert_max_num_queries
):
    for placement in factories.PlacementFactory.create_batch(
        count, skills=[factories.SkillFactory()]
    ):
        SavedPlacement.objects.create(student=student, placement=placement)
    client.force_login(student)

    with django_assert_max_num_queries(7):
        response = client.get(reverse("saved_placements"))

    assert response.status_code == 200


def test_the_saved_page_is_for_students(client, company_admin):
    client.force_login(company_admin)

    assert client.get(reverse("saved_placements")).status_code == 403


def test_htmx_says_why_a_placement_cannot_be_saved(client, student, application):
    placement = application.placement
    placement.status = "closed"
    placement.save(update_fields=["status"])
    client.force_login(student)

    response = client.post(save_url(placement), headers={"HX-Request": "true"})

    assert "not public any more" in response.text
    assert save_url(placement) in response.text


def test_a_closed_placement_offers_no_save_button_but_can_be_unsaved(client, student, application):
    placement = application.placement
    placement.status = "closed"
    placement.save(update_fields=["status"])
    client.force_login(student)

    assert save_url(placement) not in client.get(placement.get_absolute_url()).text
    SavedPlacement.objects.create(student=student, placement=placement)
    assert unsave_url(placement) in client.get(placement.get_absolute_url()).text
    assert (
        f'href="{placement.get_absolute_url()}"' not in client.get(reverse("saved_placements")).text
    )


def test_a_saved_placement_no_longer_public_can_be_unsaved(client, student, placement):
    SavedPlacement.objects.create(student=student, placement=placement)
    placement.status = "archived"
    placement.save(update_fields=["status"])
    client.force_login(student)

    response = client.post(unsave_url(placement), {"next": reverse("saved_placements")})

    assert response.status_code == 302
    assert response.url == reverse("saved_placements")
    assert not SavedPlacement.objects.exists()


def test_unsaving_a_placement_no_longer_public_saved_by_another_is_not_found(
    client, student, other_student, placement
):
    SavedPlacement.objects.create(student=other_student, placement=placement)
    placement.status = "archived"
    placement.save(update_fields=["status"])
    client.force_login(student)

    assert client.post(unsave_url(placement)).status_code == 404
    assert SavedPlacement.objects.filter(student=other_student).exists()
