"""The student chooses one of their CVs per application; the application keeps a copy."""

import pytest
from django.urls import reverse

from accounts import services as account_services
from accounts.models import StudentExperience, StudentLanguage, StudentLink
from core.services import ServiceError
from internships import services
from internships.models import Application
from tests.factories import give_cv, pdf_bytes

LETTER = "Lucrez cu Django de doi ani și vreau să învăț mai mult."


def test_the_student_applies_with_their_second_cv(client, student, placement):
    give_cv(student, label="Backend", content=pdf_bytes("Backend"))
    data_cv = give_cv(student, label="Data", content=pdf_bytes("Data"))
    backend = student.student_profile.cvs.get(label="Backend")
    client.force_login(student)

    client.post(
        reverse("apply", args=[placement.pk]),
        {"cover_letter": LETTER, "cv_source": str(backend.pk)},
    )

    application = Application.objects.get()
    assert application.cv_label == "Backend"
    with application.cv.open("rb") as copy:
        assert copy.read() == pdf_bytes("Backend")
    assert application.cv.name != backend.file.name != data_cv.file.name


def test_removing_the_cv_later_leaves_the_applications_copy(client, student, placement):
    cv = give_cv(student, label="Backend", content=pdf_bytes("Backend"))
    client.force_login(student)
    client.post(
        reverse("apply", args=[placement.pk]), {"cover_letter": LETTER, "cv_source": str(cv.pk)}
    )

    account_services.remove_student_cv(cv=cv, by=student)

    response = client.get(reverse("application_cv", args=[Application.objects.get().pk]))
    assert b"".join(response.streaming_content) == pdf_bytes("Backend")


def test_another_students_cv_cannot_be_chosen(client, student, other_student, placement):
    give_cv(student, label="Mine")
    theirs = give_cv(other_student, label="Theirs")
    client.force_login(student)

    response = client.post(
        reverse("apply", args=[placement.pk]),
        {"cover_letter": LETTER, "cv_source": str(theirs.pk)},
    )

    assert "Select a valid choice" in response.context["form"].errors["cv_source"][0]
    assert not Application.objects.exists()


def test_the_service_refuses_another_students_cv(student, other_student, placement):
    theirs = give_cv(other_student, label="Theirs")

    with pytest.raises(ServiceError, match="your own CVs"):
        services.apply(by=student, placement=placement, cover_letter=LETTER, cv=theirs)

    assert not Application.objects.exists()


def test_the_host_sees_which_cv_was_sent(client, student, company_admin, placement):
    cv = give_cv(student, label="Data engineering")
    client.force_login(student)
    client.post(
        reverse("apply", args=[placement.pk]), {"cover_letter": LETTER, "cv_source": str(cv.pk)}
    )
    client.force_login(company_admin)

    page = client.get(
        reverse("company_application", args=[Application.objects.get().pk])
    ).content.decode()

    assert "Data engineering" in page


def test_the_host_reads_the_students_links_languages_and_experience(
    client, company_admin, application
):
    profile = application.student.student_profile
    StudentLink.objects.create(profile=profile, kind="github", url="https://github.com/ioana")
    StudentLanguage.objects.create(profile=profile, language="English", level="C1")
    StudentExperience.objects.create(
        profile=profile, title="Timetable planner", organisation="Hackathon", starts_on="2025-03-01"
    )
    client.force_login(company_admin)

    page = client.get(reverse("company_application", args=[application.pk])).content.decode()

    assert 'href="https://github.com/ioana"' in page
    assert "English (C1)" in page
    assert "Timetable planner" in page and "Hackathon" in page


def test_a_cv_uploaded_after_midnight_in_bucharest_shows_that_day(student):
    """22:30 UTC on 4 March is 00:30 on 5 March in Bucharest: the student uploaded it on the 5th."""
    from datetime import UTC, datetime

    from internships.forms.student import ApplicationForm

    cv = give_cv(student, label="Night")
    cv.uploaded_at = datetime(2026, 3, 4, 22, 30, tzinfo=UTC)

    form = ApplicationForm(cvs=[cv])

    label = dict(form.fields["cv_source"].choices)[str(cv.pk)]
    assert "5 March 2026" in label, label
