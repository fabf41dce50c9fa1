import io
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from core.services import ServiceError
from internships import services
from internships.models import Agreement
from internships.queries import agreement_versions
from mentors import services as mentoring
from mentors.models import LogbookEntry
from mentors.queries import internship_detail
from tests import factories

PARTIES = ["student", "company_admin", "staff", "supervisor"]
FIELD_OF = {
    "student": "student_confirmed_at",
    "company_admin": "organisation_confirmed_at",
    "staff": "university_confirmed_at",
    "supervisor": "university_confirmed_at",
}
IN_SCOPE = ["student", "host_tutor", "supervisor", "company_admin", "recruiter", "staff"]


@pytest.fixture
def fresh(student, placement, host_tutor, supervisor):
    """An active internship with no agreement yet: nobody has confirmed."""
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    return factories.InternshipFactory(
        application=application,
        host_tutor=host_tutor,
        academic_supervisor=supervisor,
        activities=placement.responsibilities,
        competences=placement.learning_outcomes,
        agreement=False,
    )


def url(name, internship):
    return reverse(name, args=[internship.pk])


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def agreement_of(internship) -> Agreement | None:
    return Agreement.objects.filter(internship=internship).first()


def confirm(internship, person):
    """Confirm the version the person would be shown, by its PDF's digest."""
    sha256 = services.current_version(internship).sha256
    return services.confirm_agreement(internship=internship, by=person, sha256=sha256)


def confirm_by_all(internship, student, company_admin, staff):
    for person in (student, company_admin, staff):
        confirm(internship, person)


def shown_digest(internship) -> dict:
    return {"sha256": services.current_version(internship).sha256}


def scan_upload(name="scan.pdf", content=factories.PDF_BYTES):
    return factories.pdf_upload(name=name, content=content)


# The PDF ---------------------------------------------------------------------------------


def test_the_pdf_holds_the_parties_period_hours_and_objectives(client, staff, fresh):
    client.force_login(staff)

    response = client.get(url("agreement_pdf", fresh))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="agreement-{fresh.pk}-v1.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert "CONVENȚIE-CADRU" in text
    assert "Ioana Bălan" in text
    assert "Codează Someș SRL" in text
    assert fresh.organisation.registration_number in text
    assert "Horațiu Crișan" in text
    assert "Ștefan Mureșan" in text
    assert "Summer 2027" in text
    assert "Backend intern (Django)" in text
    assert "Django, PostgreSQL, code review." in text
    assert "Write code and tests." in text
    assert "Versiunea 1" in text  # the agreement is in Romanian unless a party chose English


def test_the_pdf_does_not_change_when_someone_confirms(client, fresh, student, staff):
    client.force_login(staff)
    before = client.get(url("agreement_pdf", fresh)).content

    confirm(fresh, student)

    assert client.get(url("agreement_pdf", fresh)).content == before


def test_the_pdf_is_drawn_in_the_agreements_language(client, staff, fresh):
    services.agreement_of(fresh)
    Agreement.objects.filter(internship=fresh).update(language="en")
    client.force_login(staff)

    with translation.override("ro"):
        text = pdf_text(client.get(url("agreement_pdf", fresh)).content)

    assert "FRAMEWORK AGREEMENT" in text
    assert "Codează Someș SRL" in text
    assert "Horațiu Crișan" in text


@pytest.mark.parametrize("role", IN_SCOPE)
def test_everyone_concerned_downloads_the_pdf(client, request, internship, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(url("agreement_pdf", internship))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


# Who may do what -------------------------------------------------------------------------


VIEWS = [
    ("agreement_pdf", "get"),
    ("agreement_confirm", "post"),
    ("agreement_override", "post"),
    ("agreement_paper", "post"),
    ("agreement_scan", "get"),
]


@pytest.mark.parametrize(("name", "method"), VIEWS)
def test_anonymous_is_sent_to_log_in(client, internship, name, method):
    response = getattr(client, method)(url(name, internship))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "method"), VIEWS)
@pytest.mark.parametrize("role", ["other_student", "other_company_admin"])
def test_another_students_internship_is_404(client, request, fresh, name, method, role):
    client.force_login(request.getfixturevalue(role))

    response = getattr(client, method)(url(name, fresh))

    assert response.status_code == 404
    assert agreement_of(fresh) is None


@pytest.mark.parametrize(("name", "method"), VIEWS)
def test_an_internship_that_does_not_exist_is_404(client, staff, internship, name, method):
    client.force_login(staff)

    response = getattr(client, method)(reverse(name, args=[internship.pk + 999]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["agreement_confirm", "agreement_override", "agreement_paper"])
def test_actions_are_post_only(client, staff, internship, name):
    client.force_login(staff)

    assert client.get(url(name, internship)).status_code == 405


# Confirming ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", PARTIES)
def test_each_party_confirms_once(client, request, fresh, role):
    person = request.getfixturevalue(role)
    client.force_login(person)

    response = client.post(url("agreement_confirm", fresh), shown_digest(fresh))

    assert response.status_code == 302
    assert response.url == fresh.get_absolute_url()
    assert messages_of(response) == ["You have confirmed the internship agreement."]
    agreement = agreement_of(fresh)
    assert getattr(agreement, FIELD_OF[role]) is not None
    assert not agreement.is_confirmed_by_all
    if role in ("company_admin", "staff", "supervisor"):
        by = "organisation" if role == "company_admin" else "university"
        assert getattr(agreement, f"{by}_confirmed_by") == person


@pytest.mark.parametrize("role", ["recruiter", "host_tutor"])
def test_who_does_not_sign_gets_403(client, request, fresh, role):
    client.force_login(request.getfixturevalue(role))

    response = client.post(url("agreement_confirm", fresh), shown_digest(fresh))

    assert response.status_code == 403
    agreement = agreement_of(fresh)
    assert agreement is None or not (
        agreement.student_confirmed_at
        or agreement.organisation_confirmed_at
        or agreement.university_confirmed_at
    )


def test_confirming_twice_is_refused_and_changes_nothing(client, student, fresh):
    confirm(fresh, student)
    first = agreement_of(fresh).student_confirmed_at
    client.force_login(student)

    response = client.post(url("agreement_confirm", fresh), shown_digest(fresh))

    assert response.status_code == 302
    assert messages_of(response) == ["You have already confirmed this agreement."]
    assert agreement_of(fresh).student_confirmed_at == first


def test_the_supervisor_cannot_confirm_after_staff_did_for_the_university(
    client, staff, supervisor, fresh
):
    confirm(fresh, staff)
    client.force_login(supervisor)

    response = client.post(url("agreement_confirm", fresh), shown_digest(fresh))

    assert messages_of(response) == ["You have already confirmed this agreement."]
    assert agreement_of(fresh).university_confirmed_by == staff


def test_a_finished_internship_is_not_confirmed(client, student, placement):
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    finished = factories.InternshipFactory(
        application=application, status="completed", agreement=False
    )
    client.force_login(student)

    response = client.post(url("agreement_confirm", finished), {"sha256": "0" * 64})

    assert messages_of(response) == ["The agreement is confirmed before and during the internship."]
    agreement = agreement_of(finished)
    assert agreement is None or agreement.student_confirmed_at is None


# The logbook opens when all three have confirmed -----------------------------------------


def add_entry(internship, student):
    return mentoring.add_entry(
        internship=internship,
        by=student,
        date=timezone.localdate() - timedelta(days=1),
        hours=6,
        activities="Am citit documentația.",
    )


def test_the_logbook_is_closed_until_all_three_have_confirmed(
    fresh, student, company_admin, supervisor
):
    confirm(fresh, student)
    confirm(fresh, company_admin)

    with pytest.raises(ServiceError, match="The logbook opens once"):
        add_entry(internship_detail(student, fresh.pk), student)
    assert not LogbookEntry.objects.filter(internship=fresh).exists()

    confirm(fresh, supervisor)
    entry = add_entry(internship_detail(student, fresh.pk), student)

    assert entry.internship_id == fresh.pk
    assert agreement_of(fresh).is_confirmed_by_all


def test_the_third_confirmation_through_the_page_opens_the_logbook(
    client, fresh, student, company_admin, staff
):
    confirm(fresh, student)
    confirm(fresh, company_admin)
    client.force_login(staff)

    client.post(url("agreement_confirm", fresh), shown_digest(fresh))

    assert agreement_of(fresh).opens_logbook
    assert add_entry(internship_detail(student, fresh.pk), student).pk


# Staff open the logbook without it -------------------------------------------------------


def test_staff_open_the_logbook_with_a_reason(client, staff, student, fresh):
    client.force_login(staff)

    response = client.post(
        url("agreement_override", fresh), {"override_reason": "Semnată la secretariat."}
    )

    assert response.status_code == 302
    assert response.url == fresh.get_absolute_url()
    assert messages_of(response) == [
        "The logbook is open without every confirmation of the agreement."
    ]
    agreement = agreement_of(fresh)
    assert agreement.override_reason == "Semnată la secretariat."
    assert agreement.overridden_by == staff
    assert add_entry(internship_detail(student, fresh.pk), student).pk


@pytest.mark.parametrize("reason", ["", "   "])
def test_opening_the_logbook_needs_a_reason(client, staff, fresh, reason):
    client.force_login(staff)

    response = client.post(url("agreement_override", fresh), {"override_reason": reason})

    assert response.status_code == 302
    assert messages_of(response) == [
        "Give the reason for opening the logbook without the agreement."
    ]
    agreement = agreement_of(fresh)
    assert agreement is None or agreement.overridden_at is None


@pytest.mark.parametrize("role", ["student", "company_admin", "supervisor"])
def test_only_staff_open_the_logbook_without_it(client, request, fresh, role):
    client.force_login(request.getfixturevalue(role))

    response = client.post(url("agreement_override", fresh), {"override_reason": "Because."})

    assert response.status_code == 403
    agreement = agreement_of(fresh)
    assert agreement is None or agreement.overridden_at is None


# A paper agreement -----------------------------------------------------------------------


def test_staff_record_a_paper_agreement_and_everyone_concerned_reads_the_scan(
    client, staff, student, fresh
):
    client.force_login(staff)

    response = client.post(url("agreement_paper", fresh), {"scan": scan_upload()})

    assert response.status_code == 302
    assert messages_of(response) == ["The paper agreement is recorded and the logbook is open."]
    agreement = agreement_of(fresh)
    assert agreement.paper_recorded_by == staff
    assert agreement.opens_logbook
    client.force_login(student)
    scan = client.get(url("agreement_scan", fresh))
    assert scan.status_code == 200
    assert scan["Content-Type"] == "application/pdf"
    assert b"".join(scan.streaming_content) == factories.PDF_BYTES


def test_a_scan_gone_from_the_storage_is_a_page_not_a_server_error(client, staff, student, fresh):
    client.force_login(staff)
    client.post(url("agreement_paper", fresh), {"scan": scan_upload()})
    scan = agreement_of(fresh).paper_scan
    scan.storage.delete(scan.name)
    client.force_login(student)

    response = client.get(url("agreement_scan", fresh))

    assert response.status_code == 404
    assert "File not found" in response.content.decode()
    assert "scan the signed agreement again" in response.content.decode()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (scan_upload("scan.pdf", b"MZ\x90\x00 a program, renamed"), "The file must be a PDF"),
        (scan_upload("scan.pdf", b""), "The file is empty."),
        (None, "Choose the PDF scan of the signed agreement."),
    ],
    ids=["renamed-exe", "empty", "missing"],
)
def test_a_paper_agreement_must_be_a_pdf(client, staff, fresh, upload, message):
    client.force_login(staff)

    response = client.post(url("agreement_paper", fresh), {"scan": upload} if upload else {})

    assert response.status_code == 302
    assert any(message in text for text in messages_of(response))
    agreement = agreement_of(fresh)
    assert agreement is None or not (agreement.paper_recorded_at or agreement.paper_scan)


def test_an_agreement_the_three_confirmed_needs_no_paper(client, staff, internship):
    client.force_login(staff)

    page = client.get(internship.get_absolute_url()).content.decode()
    response = client.post(url("agreement_paper", internship), {"scan": scan_upload()})

    assert "Record a paper agreement" not in page
    assert any("it needs no paper" in text for text in messages_of(response))
    assert not agreement_of(internship).paper_recorded_at


@pytest.mark.parametrize("role", ["student", "company_admin", "supervisor"])
def test_only_staff_record_a_paper_agreement(client, request, fresh, role):
    client.force_login(request.getfixturevalue(role))

    response = client.post(url("agreement_paper", fresh), {"scan": scan_upload()})

    assert response.status_code == 403
    agreement = agreement_of(fresh)
    assert agreement is None or agreement.paper_recorded_at is None


def test_there_is_no_scan_to_download_without_a_paper_agreement(client, staff, internship):
    client.force_login(staff)

    assert client.get(url("agreement_scan", internship)).status_code == 404


def test_another_students_scan_is_404(client, staff, other_student, fresh):
    services.record_paper_agreement(internship=fresh, by=staff, scan=scan_upload())
    client.force_login(other_student)

    assert client.get(url("agreement_scan", fresh)).status_code == 404


# The fragment on the internship page -----------------------------------------------------


def fragment(user, internship):
    request = RequestFactory().get(internship.get_absolute_url())
    request.user = user
    version = services.current_version(internship) if internship.is_running else None
    agreement = (
        Agreement.objects.select_related(
            "organisation_confirmed_by",
            "university_confirmed_by",
            "overridden_by",
            "paper_recorded_by",
        )
        .filter(internship=internship)
        .first()
    )
    return render_to_string(
        "internships/agreements/_agreement.html",
        {
            "internship": internship,
            "agreement": agreement,
            "agreement_version": version,
            "agreement_versions": agreement_versions(agreement),
        },
        request=request,
    )


@pytest.mark.parametrize("role", IN_SCOPE)
def test_the_fragment_renders_for_everyone_concerned_before_any_agreement(request, fresh, role):
    user = request.getfixturevalue(role)

    html = fragment(user, fresh)

    assert "Internship agreement" in html
    assert url("agreement_pdf", fresh) in html
    assert html.count("Not confirmed yet") == 3
    assert "The logbook opens once all three have confirmed." in html
    assert ("Confirm version 1 of the agreement" in html) is (role in PARTIES)
    assert (url("agreement_override", fresh) in html) is (role == "staff")
    assert (url("agreement_paper", fresh) in html) is (role == "staff")


def test_the_fragment_says_who_confirmed_and_hides_the_button_of_who_did(
    fresh, student, supervisor, company_admin
):
    confirm(fresh, supervisor)

    html = fragment(supervisor, fresh)
    day = timezone.localdate().strftime("%d.%m.%Y")

    assert f"Confirmed by Horațiu Crișan on {day}" in html
    assert html.count("Not confirmed yet") == 2
    assert "Confirm version 1 of the agreement" not in html
    assert "Confirm version 1 of the agreement" in fragment(student, fresh)
    assert "Confirm version 1 of the agreement" in fragment(company_admin, fresh)


def test_the_fragment_says_the_logbook_is_open_once_all_confirmed(
    fresh, student, company_admin, staff
):
    confirm_by_all(fresh, student, company_admin, staff)

    html = fragment(staff, fresh)

    assert "The logbook is open." in html
    assert "Not confirmed yet" not in html
    assert "Confirm version 1 of the agreement" not in html
    assert url("agreement_override", fresh) not in html


def test_the_fragment_tells_of_an_override_and_a_paper_agreement(fresh, staff, student):
    services.override_agreement(internship=fresh, by=staff, reason="Semnată la secretariat.")
    services.record_paper_agreement(internship=fresh, by=staff, scan=scan_upload())

    html = fragment(student, fresh)

    assert "Elena Mărginean opened the logbook without every confirmation" in html
    assert "Semnată la secretariat." in html
    assert "Signed on paper: recorded by Elena Mărginean" in html
    assert url("agreement_scan", fresh) in html
    assert "The logbook is open." in html


def test_the_fragment_offers_no_confirmation_on_a_finished_internship(student, placement):
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    finished = factories.InternshipFactory(
        application=application, status="completed", agreement=False
    )

    assert "Confirm version 1 of the agreement" not in fragment(student, finished)


def test_the_fragment_reads_nothing_more_from_the_database(
    fresh, staff, student, company_admin, django_assert_max_num_queries
):
    services.override_agreement(internship=fresh, by=staff, reason="Semnată la secretariat.")
    services.record_paper_agreement(internship=fresh, by=staff, scan=scan_upload())
    confirm_by_all(fresh, student, company_admin, staff)
    internship = internship_detail(company_admin, fresh.pk)
    agreement = Agreement.objects.select_related(
        "organisation_confirmed_by", "university_confirmed_by", "overridden_by", "paper_recorded_by"
    ).get(internship=fresh)
    viewer = type(company_admin).objects.select_related("membership").get(pk=company_admin.pk)

    with django_assert_max_num_queries(0):
        html = render_to_string(
            "internships/agreements/_agreement.html",
            {"internship": internship, "agreement": agreement, "user": viewer},
        )

    assert "Confirmed by Andrei Pop" in html
