from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import has_vary_header

from config.middleware import private_cache_for_users


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def test_a_students_page_is_private_and_varies_on_the_cookie(client, student):
    client.force_login(student)

    response = client.get(reverse("student_applications"))

    assert response.status_code == 200
    assert "private" in cache_control(response)
    assert has_vary_header(response, "Cookie")


def test_the_search_of_a_signed_in_student_is_private(client, student, placement):
    client.force_login(student)

    response = client.get(reverse("placement_search"))

    assert "private" in cache_control(response)
    assert has_vary_header(response, "Cookie")


def test_a_staff_export_is_private(client, staff):
    client.force_login(staff)

    response = client.get(reverse("staff_students"), {"export": "csv"})

    assert response.status_code == 200
    assert "private" in cache_control(response)


def test_the_anonymous_search_does_not_say_private(client, placement):
    response = client.get(reverse("placement_search"))

    assert response.status_code == 200
    assert "private" not in cache_control(response)


def test_the_anonymous_public_figures_do_not_say_private(client, db):
    response = client.get(reverse("public_figures"))

    assert response.status_code == 200
    assert "private" not in cache_control(response)


def test_a_response_that_already_says_how_to_cache_it_is_left_alone(rf, student):
    request = rf.get("/")
    request.user = student
    response = HttpResponse()
    response["Cache-Control"] = "max-age=60"

    answered = private_cache_for_users(lambda request: response)(request)

    assert answered["Cache-Control"] == "max-age=60"


def test_a_never_cached_page_of_a_signed_in_user_stays_never_cached(client, student):
    client.force_login(student)

    response = client.get(reverse("healthz"))

    assert cache_control(response) >= {"no-cache", "no-store", "must-revalidate", "private"}
