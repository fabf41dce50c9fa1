from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.services import ServiceError
from internships import services
from internships.models import Application
from tests.accounts.test_pdf_uploads import ACTIVE_PDFS
from tests.factories import (
    PDF_BYTES,
    ApplicationFactory,
    PlacementFactory,
    ProgrammeFactory,
    give_cv,
    newest_cv,
    pdf_upload,
)

LETTER = "Lucrez cu Django de doi ani și vreau să învăț mai mult."


def url(placement):
    return reverse("apply", args=[placement.pk])


def give_profile_cv(student, content=PDF_BYTES):
    give_cv(student, content=content)
    return content


def test_anonymous_is_sent_to_login(client, placement):
    response = client.get(url(placement))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_company_member_is_forbidden(client, company_admin, placement):
    client.force_login(company_admin)

    assert client.get(url(placement)).status_code == 403


def test_a_draft_placement_is_404(client, student, organisation, period, programme):
    draft = PlacementFactory(
        organisation=organisation, period=period, programmes=[programme], status="draft"
    )
    client.force_login(student)

    assert client.get(url(draft)).status_code == 404
    assert client.post(url(draft), {"cover_letter": LETTER}).status_code == 404


def test_form_offers_the_profile_cvs_when_there_are_some(client, student, placement):
    give_cv(student, label="Backend")
    client.force_login(student)

    page = client.get(url(placement)).content.decode()

    assert "Backend (uploaded on" in page
    assert 'for="id_cover_letter"' in page
    assert 'accept="application/pdf"' in page
    assert 'enctype="multipart/form-data"' in page


def test_form_asks_for_an_upload_when_the_profile_has_no_cv(client, student, placement):
    client.force_login(student)

    page = client.get(url(placement)).content.decode()

    assert "Use the CV in my profile" not in page
    assert "Your profile has no CV yet" in page


def test_student_applies_with_an_uploaded_pdf(client, student, placement):
    client.force_login(student)

    response = client.post(
        url(placement), {"cover_letter": LETTER, "cv_upload": pdf_upload()}, follow=True
    )

    application = Application.objects.get(student=student, placement=placement)
    assert response.redirect_chain[-1][0] == reverse("student_application", args=[application.pk])
    assert "Your application was sent." in response.content.decode()
    assert application.cover_letter == LETTER
    assert application.status == "submitted"
    with application.cv.open("rb") as cv:
        assert cv.read() == PDF_BYTES


def test_student_applies_with_the_cv_of_the_profile(client, student, placement):
    content = give_profile_cv(student)
    client.force_login(student)

    response = client.post(
        url(placement), {"cover_letter": LETTER, "cv_source": newest_cv(student)}
    )

    assert response.status_code == 302
    application = Application.objects.get(student=student, placement=placement)
    with application.cv.open("rb") as cv:
        assert cv.read() == content


def test_an_uploaded_file_wins_over_the_profile_cv(client, student, placement):
    give_profile_cv(student)
    client.force_login(student)

    client.post(
        url(placement),
        {"cover_letter": LETTER, "cv_source": newest_cv(student), "cv_upload": pdf_upload()},
    )

    with Application.objects.get(student=student).cv.open("rb") as cv:
        assert cv.read() == PDF_BYTES


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (pdf_upload("cv.pdf", b"MZ\x90\x00 this is an executable renamed"), "must be a PDF"),
        (pdf_upload("cv.pdf", b""), "The file is empty."),
        (pdf_upload("cv.pdf", PDF_BYTES + b"0" * (6 * 1024 * 1024)), "larger than 5 MB"),
    ],
    ids=["renamed-exe", "empty", "six-megabytes"],
)
def test_a_bad_cv_file_is_refused_beside_the_field(client, student, placement, upload, message):
    client.force_login(student)

    response = client.post(url(placement), {"cover_letter": LETTER, "cv_upload": upload})

    assert response.status_code == 200
    assert message in response.context["form"].errors["cv_upload"][0]
    assert message in response.content.decode()
    assert Application.objects.count() == 0


def test_no_cv_at_all_is_refused(client, student, placement):
    client.force_login(student)

    response = client.post(url(placement), {"cover_letter": LETTER})

    assert "Upload your CV as a PDF" in response.context["form"].errors["cv_upload"][0]
    assert Application.objects.count() == 0


def test_choosing_upload_without_a_file_is_refused(client, student, placement):
    give_profile_cv(student)
    client.force_login(student)

    response = client.post(url(placement), {"cover_letter": LETTER, "cv_source": "upload"})

    assert "Choose the PDF file" in response.context["form"].errors["cv_upload"][0]
    assert Application.objects.count() == 0


def test_an_empty_cover_letter_is_refused(client, student, placement):
    client.force_login(student)

    response = client.post(url(placement), {"cover_letter": "  ", "cv_upload": pdf_upload()})

    assert "Write a few words" in response.context["form"].errors["cover_letter"][0]
    assert Application.objects.count() == 0


def test_applying_twice_is_refused(client, student, application):
    client.force_login(student)

    response = client.post(
        url(application.placement), {"cover_letter": LETTER, "cv_upload": pdf_upload()}
    )

    assert response.status_code == 200
    assert "You have already applied to this placement." in response.content.decode()
    assert Application.objects.count() == 1


def test_applying_after_the_deadline_is_refused(client, student, organisation, period, programme):
    placement = PlacementFactory(
        organisation=organisation,
        period=period,
        programmes=[programme],
        deadline=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(student)

    response = client.post(url(placement), {"cover_letter": LETTER, "cv_upload": pdf_upload()})

    assert response.status_code == 200
    assert (
        "The deadline for applications to this placement has passed." in response.content.decode()
    )
    assert Application.objects.count() == 0


def test_a_programme_that_is_not_eligible_is_refused(client, student, organisation, period):
    placement = PlacementFactory(
        organisation=organisation, period=period, programmes=[ProgrammeFactory(name="Law")]
    )
    client.force_login(student)

    response = client.post(url(placement), {"cover_letter": LETTER, "cv_upload": pdf_upload()})

    assert "not open to students of your programme" in response.content.decode()
    assert Application.objects.count() == 0


def test_too_many_open_applications_in_the_period_is_refused(
    client, student, placement, other_placement, settings
):
    settings.MAX_OPEN_APPLICATIONS_PER_PERIOD = 1
    ApplicationFactory(placement=other_placement, student=student)
    client.force_login(student)

    response = client.post(url(placement), {"cover_letter": LETTER, "cv_upload": pdf_upload()})

    assert "the most allowed" in response.content.decode()
    assert Application.objects.count() == 1


def javascript_pdf() -> bytes:
    return ACTIVE_PDFS["javascript"]()


@pytest.mark.parametrize(
    ("stored", "problem"),
    [
        (lambda: b"%PDF-1.4 stored before the checks", "must be a PDF document"),
        (javascript_pdf, "carries scripts"),
    ],
    ids=["not_a_pdf", "with_a_script"],
)
def test_a_stored_cv_that_fails_the_checks_now_is_refused_on_reuse(
    client, student, placement, stored, problem
):
    give_profile_cv(student, content=stored())
    client.force_login(student)

    response = client.post(
        url(placement), {"cover_letter": LETTER, "cv_source": newest_cv(student)}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "The CV in your profile does not pass our checks any more" in page
    assert problem in page
    assert Application.objects.count() == 0


def test_the_service_checks_the_stored_cv_again(student, placement):
    give_profile_cv(student, content=javascript_pdf())

    with pytest.raises(ServiceError, match="does not pass our checks"):
        services.apply(by=student, placement=placement, cover_letter=LETTER)

    assert Application.objects.count() == 0


def test_a_stored_cv_whose_file_is_gone_is_refused(client, student, placement):
    give_profile_cv(student)
    cv = student.student_profile.cvs.get()
    cv.file.storage.delete(cv.file.name)
    client.force_login(student)

    response = client.post(
        url(placement), {"cover_letter": LETTER, "cv_source": newest_cv(student)}
    )

    assert "cannot be read any more" in response.content.decode()
    assert Application.objects.count() == 0
