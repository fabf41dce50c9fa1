"""Links, languages and experience on the student's profile, and how complete it is."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import StudentExperience, StudentLanguage, StudentLink
from tests.factories import SkillFactory, StudentFactory, give_cv

URL = reverse("student_profile")
BASICS = {"year_of_study": "3", "student_number": "", "phone": "", "bio": ""}


def rows(prefix, entries, total=5):
    data = {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}
    for n, entry in enumerate(entries):
        data.update({f"{prefix}-{n}-{key}": value for key, value in entry.items()})
    return data


def test_a_student_adds_links_and_languages(client, student):
    client.force_login(student)
    data = {
        **BASICS,
        **rows("links", [{"kind": "github", "url": "https://github.com/ana"}]),
        **rows(
            "languages",
            [{"language": "English", "level": "C1"}, {"language": "Română", "level": "native"}],
        ),
    }

    response = client.post(URL, data, follow=True)

    assert "Your profile was saved." in response.content.decode()
    assert list(StudentLink.objects.values_list("kind", "url")) == [
        ("github", "https://github.com/ana")
    ]
    assert list(StudentLanguage.objects.values_list("language", "level")) == [
        ("English", "C1"),
        ("Română", "native"),
    ]


def test_an_emptied_row_removes_the_link(client, student):
    StudentLink.objects.create(profile=student.student_profile, kind="github", url="https://g.io")
    client.force_login(student)

    client.post(URL, {**BASICS, **rows("links", [{"kind": "github", "url": ""}])})

    assert not StudentLink.objects.exists()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "not a link", "ftp://files.example.ro"])
def test_a_bad_link_is_refused_beside_the_field_and_nothing_is_saved(client, student, url):
    client.force_login(student)

    response = client.post(
        URL, {**BASICS, "bio": "Changed", **rows("links", [{"kind": "other", "url": url}])}
    )

    assert response.context["links"].forms[0].errors["url"]
    assert not StudentLink.objects.exists()
    student.student_profile.refresh_from_db()
    assert student.student_profile.bio == ""


def test_a_language_without_a_level_or_listed_twice_is_refused(client, student):
    client.force_login(student)
    entries = [
        {"language": "English", "level": ""},
        {"language": "German", "level": "A2"},
        {"language": "german", "level": "B1"},
    ]

    response = client.post(URL, {**BASICS, **rows("languages", entries)})

    forms = response.context["languages"].forms
    assert "Choose the level." in forms[0].errors["level"]
    assert "already listed" in forms[2].errors["language"][0]
    assert not StudentLanguage.objects.exists()


def test_a_student_adds_edits_and_removes_experience(client, student):
    client.force_login(student)
    entry = {
        "kind": "project",
        "title": "Orar pentru facultate",
        "organisation": "Hackathon Cluj",
        "starts_on": "2025-03-01",
        "ends_on": "2025-05-31",
        "description": "Django și htmx.",
    }

    response = client.post(reverse("add_student_experience"), entry, follow=True)

    assert "Orar pentru facultate" in response.content.decode()
    experience = StudentExperience.objects.get()
    client.post(
        reverse("edit_student_experience", args=[experience.pk]), {**entry, "title": "Orar 2"}
    )
    experience.refresh_from_db()
    assert experience.title == "Orar 2"
    client.post(reverse("remove_student_experience", args=[experience.pk]))
    assert not StudentExperience.objects.exists()


def test_experience_that_ends_before_it_starts_is_refused(client, student):
    client.force_login(student)

    response = client.post(
        reverse("add_student_experience"),
        {"kind": "work", "title": "Intern", "starts_on": "2025-05-01", "ends_on": "2025-01-01"},
    )

    assert "cannot be before" in response.context["form"].errors["ends_on"][0]
    assert not StudentExperience.objects.exists()


def test_another_students_experience_is_not_found(client, student, other_student):
    experience = StudentExperience.objects.create(
        profile=other_student.student_profile, title="Theirs", starts_on="2025-01-01"
    )
    client.force_login(student)

    assert client.get(reverse("edit_student_experience", args=[experience.pk])).status_code == 404
    response = client.post(reverse("remove_student_experience", args=[experience.pk]))
    assert response.status_code == 404
    assert StudentExperience.objects.filter(pk=experience.pk).exists()


def test_removing_experience_needs_a_post(client, student):
    experience = StudentExperience.objects.create(
        profile=student.student_profile, title="Mine", starts_on="2025-01-01"
    )
    client.force_login(student)

    response = client.get(reverse("remove_student_experience", args=[experience.pk]))

    assert response.status_code == 405


def test_a_company_member_cannot_add_experience(client, company_admin):
    client.force_login(company_admin)

    assert client.get(reverse("add_student_experience")).status_code == 403


def test_an_empty_profile_says_what_is_missing(client, student):
    client.force_login(student)

    page = client.get(reverse("student_home")).content.decode()

    assert "Still missing:" in page
    assert "a CV" in page and "the languages you speak" in page


def test_a_full_profile_is_complete_on_the_profile_and_the_home(client):
    profile = StudentFactory(
        year_of_study=2, phone="0722 000 000", bio="Îmi place să construiesc aplicații web utile."
    )
    student = profile.user
    profile.skills.set([SkillFactory()])
    give_cv(student)
    StudentLink.objects.create(profile=profile, kind="github", url="https://github.com/ana")
    StudentLanguage.objects.create(profile=profile, language="English", level="B2")
    StudentExperience.objects.create(profile=profile, title="Tutor", starts_on="2024-10-01")
    client.force_login(student)

    for page in (client.get(URL), client.get(reverse("student_home"))):
        assert page.context["completeness"].percent == 100
        assert "Your profile is complete." in page.content.decode()


def test_the_profile_page_reads_the_same_queries_however_many_entries(
    client, student, django_assert_max_num_queries
):
    def fill(first, count):
        profile = student.student_profile
        for n in range(first, first + count):
            StudentLink.objects.create(profile=profile, kind="other", url=f"https://e.ro/{n}")
            StudentLanguage.objects.create(profile=profile, language=f"L{n}", level="B1")
            StudentExperience.objects.create(profile=profile, title=f"E{n}", starts_on="2024-01-01")

    client.force_login(student)
    fill(0, 3)
    with django_assert_max_num_queries(16):
        assert client.get(URL).status_code == 200
    fill(3, 27)
    with django_assert_max_num_queries(16):
        assert client.get(URL).status_code == 200


def test_one_entry_of_experience_past_the_most_allowed_is_refused_beside_the_form(
    client, student, settings
):
    settings.STUDENT_MAX_EXPERIENCES = 2
    profile = student.student_profile
    for n in range(2):
        StudentExperience.objects.create(
            profile=profile, kind="project", title=f"Proiect {n}", starts_on="2025-01-01"
        )
    client.force_login(student)
    entry = {"kind": "project", "title": "Încă unul", "starts_on": "2025-02-01", "ends_on": ""}

    response = client.post(reverse("add_student_experience"), entry)

    assert response.status_code == 400
    assert "the most allowed" in response.context["form"].non_field_errors()[0]
    assert "the most allowed" in response.content.decode()
    assert profile.experiences.count() == 2
    edited = profile.experiences.first()
    client.post(
        reverse("edit_student_experience", args=[edited.pk]), {**entry, "title": "Schimbat"}
    )
    edited.refresh_from_db()
    assert edited.title == "Schimbat"  # editing one of them is still allowed


def test_the_service_holds_the_limit_too(student, settings):
    from accounts import services
    from core.services import ServiceError

    settings.STUDENT_MAX_EXPERIENCES = 1
    profile = student.student_profile
    services.save_student_experience(
        profile=profile,
        by=student,
        data={"kind": "work", "title": "Primul", "starts_on": date(2025, 1, 1)},
    )

    with pytest.raises(ServiceError):
        services.save_student_experience(
            profile=profile,
            by=student,
            data={"kind": "work", "title": "Al doilea", "starts_on": date(2025, 2, 1)},
        )
    assert profile.experiences.count() == 1
