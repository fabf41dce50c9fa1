"""An upload the storage cannot keep (a full disk, a folder that cannot be written) gets a
clear message, changes nothing, and the previous file stays."""

import errno
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from core.services import ServiceError
from internships import services as internship_services
from internships.models import Agreement, Application
from tests import factories

FAILURES = {
    "read-only folder": PermissionError(errno.EACCES, "Permission denied"),
    "disk full": OSError(errno.ENOSPC, "No space left on device"),
}


@pytest.fixture(params=FAILURES.values(), ids=FAILURES.keys())
def storage_fails(request):
    with mock.patch.object(FileSystemStorage, "_save", side_effect=request.param):
        yield


def give_profile_cv(student, content=factories.PDF_BYTES):
    factories.give_cv(student, content=content)
    return student.student_profile


# The profile's CV -------------------------------------------------------------------------


@pytest.fixture
def profile_data(programme):
    return {"year_of_study": "3", "student_number": "S999", "phone": "0722 000 000", "bio": "Nou."}


def test_a_new_cv_that_cannot_be_stored_keeps_the_previous_one(client, student, profile_data):
    profile = give_profile_cv(student)
    before = ([(cv.file.name, cv.uploaded_at) for cv in profile.cvs.all()], profile.bio)
    client.force_login(student)

    with mock.patch.object(FileSystemStorage, "_save", side_effect=OSError(errno.ENOSPC, "full")):
        response = client.post(
            reverse("student_profile"),
            {
                **profile_data,
                "cv_label": "New",
                "cv_upload": factories.pdf_upload(content=factories.pdf_bytes("New")),
            },
        )

    assert response.status_code == 200
    assert "your previous CV is kept" in response.content.decode()
    profile.refresh_from_db()
    assert ([(cv.file.name, cv.uploaded_at) for cv in profile.cvs.all()], profile.bio) == before
    with profile.cvs.get().file.open("rb") as cv:
        assert cv.read() == factories.PDF_BYTES


def test_a_first_cv_that_cannot_be_stored_changes_nothing(
    client, student, profile_data, storage_fails
):
    client.force_login(student)

    response = client.post(
        reverse("student_profile"), {**profile_data, "cv_upload": factories.pdf_upload()}
    )

    assert response.status_code == 200
    assert "could not be stored just now, so nothing was changed" in response.content.decode()
    profile = student.student_profile
    profile.refresh_from_db()
    assert not profile.cvs.exists()
    assert profile.student_number != "S999"


# Applying with a new CV -------------------------------------------------------------------


def test_an_application_whose_cv_cannot_be_stored_is_not_sent(
    client, student, placement, storage_fails
):
    client.force_login(student)

    response = client.post(
        reverse("apply", args=[placement.pk]),
        {"cover_letter": "Vreau să învăț.", "cv_upload": factories.pdf_upload()},
    )

    assert response.status_code == 200
    assert "the application was not sent" in response.content.decode()
    assert not Application.objects.filter(student=student).exists()


def test_the_service_refuses_with_a_message(student, placement, storage_fails):
    with pytest.raises(ServiceError, match="Try again in a few minutes"):
        internship_services.apply(
            by=student, placement=placement, cover_letter="Vreau.", cv_upload=factories.pdf_upload()
        )


# The paper agreement's scan ---------------------------------------------------------------


@pytest.fixture
def internship(student, placement, host_tutor, supervisor):
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    return factories.InternshipFactory(
        application=application,
        host_tutor=host_tutor,
        academic_supervisor=supervisor,
        agreement=False,
    )


def test_a_scan_that_cannot_be_stored_records_nothing(client, staff, internship, storage_fails):
    client.force_login(staff)

    response = client.post(
        reverse("agreement_paper", args=[internship.pk]), {"scan": factories.pdf_upload("scan.pdf")}
    )

    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [
        "The scan could not be stored just now, so nothing was recorded. "
        "Try again in a few minutes."
    ]
    agreement = Agreement.objects.filter(internship=internship).first()
    assert agreement is None or (not agreement.paper_scan and agreement.paper_recorded_at is None)
