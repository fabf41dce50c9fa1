"""Staff set what the agreements print: the university's details and logo, the articles in
each language (every save a new version, the history kept), and the Romanian names and dean
of programmes and periods."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import University
from internships.models import AgreementText
from notifications.models import Event
from tests import factories


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 2), "#1f4e8c").save(buffer, "PNG")
    return buffer.getvalue()


PNG_1x1 = _png()
UNIVERSITY = {
    "legal_name": "Universitatea Babeș-Bolyai",
    "legal_name_en": "Babeș-Bolyai University",
    "address": "Str. Mihail Kogălniceanu 1, Cluj-Napoca",
    "registration_number": "4305849",
    "legal_representative": "Daniel David",
    "legal_representative_function": "Rector",
    "phone": "+40264405300",
    "email": "contact@ubbcluj.ro",
    "website": "https://www.ubbcluj.ro",
}
PAGES = [
    reverse("staff_university"),
    reverse("staff_agreement_text", args=["ro"]),
    reverse("staff_agreement_text", args=["en"]),
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("role", ["student", "company_admin", "supervisor"])
def test_only_staff_open_the_pages(client, request, url, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(url).status_code == 403
    assert client.post(url, {"body": "## X", **UNIVERSITY}).status_code == 403
    assert AgreementText.objects.count() == 2
    assert University.current().legal_name != UNIVERSITY["legal_name"]


# The university -----------------------------------------------------------------------


def test_staff_save_the_university_with_its_logo(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("staff_university"),
        {**UNIVERSITY, "logo_upload": SimpleUploadedFile("logo.png", PNG_1x1, "image/png")},
    )

    assert response.status_code == 302
    university = University.current()
    assert university.legal_representative == "Daniel David"
    assert university.registration_number == "4305849"
    assert university.logo
    assert Event.objects.filter(action="university_edited").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00 a program renamed", "The logo must be a PNG or JPEG image."),
        (b"\x89PNG\r\n\x1a\n truncated", "The logo must be a PNG or JPEG image."),
        (b"\x89PNG\r\n\x1a\n" + b"0" * (600 * 1024), "The logo is larger than 512 KB."),
    ],
    ids=["renamed", "broken", "too-large"],
)
def test_a_logo_is_checked_by_its_content(client, staff, content, message):
    client.force_login(staff)

    response = client.post(
        reverse("staff_university"),
        {**UNIVERSITY, "logo_upload": SimpleUploadedFile("logo.png", content, "image/png")},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    university = University.current()
    assert not university.logo
    assert university.legal_name != UNIVERSITY["legal_name"]


def test_the_legal_name_is_required(client, staff):
    client.force_login(staff)

    response = client.post(reverse("staff_university"), {**UNIVERSITY, "legal_name": ""})

    assert response.status_code == 400
    assert University.current().legal_representative == ""


# The articles --------------------------------------------------------------------------


def test_the_page_shows_the_current_text_and_its_history(client, staff):
    client.force_login(staff)

    content = client.get(reverse("staff_agreement_text", args=["ro"])).content.decode()

    assert "Obiectul convenției-cadru" in content
    assert "The default text" in content


def test_saving_makes_a_new_version_and_keeps_the_old(client, staff):
    old = AgreementText.objects.get(language="en", version=1)
    client.force_login(staff)

    response = client.post(
        reverse("staff_agreement_text", args=["en"]),
        {"body": old.body + "\nA new paragraph."},
    )

    assert response.status_code == 302
    versions = AgreementText.objects.filter(language="en").order_by("version")
    assert [t.version for t in versions] == [1, 2]
    assert versions[0].body == old.body
    assert versions[1].body.endswith("A new paragraph.")
    assert versions[1].created_by == staff
    page = client.get(reverse("staff_agreement_text", args=["en"])).content.decode()
    assert staff.display_name in page
    assert AgreementText.objects.filter(language="ro").count() == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Fără titluri.", "The articles need at least one heading"),
        ("## Obiect\nText.", "Keep these markers, each on its own line"),
    ],
)
def test_bad_articles_are_refused_and_change_nothing(client, staff, body, message):
    client.force_login(staff)

    response = client.post(reverse("staff_agreement_text", args=["ro"]), {"body": body})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert AgreementText.objects.filter(language="ro").count() == 1


def test_an_unchanged_text_makes_no_version(client, staff):
    client.force_login(staff)
    body = AgreementText.objects.get(language="ro").body

    response = client.post(reverse("staff_agreement_text", args=["ro"]), {"body": body})

    assert response.status_code == 400
    assert AgreementText.objects.filter(language="ro").count() == 1


def test_an_unknown_language_is_404(client, staff):
    client.force_login(staff)

    assert client.get(reverse("staff_agreement_text", args=["fr"])).status_code == 404


# Programmes and periods -----------------------------------------------------------------


def test_staff_set_the_romanian_names_and_the_dean_of_a_programme(client, staff, programme):
    client.force_login(staff)

    response = client.post(
        reverse("staff_programme_edit", args=[programme.pk]),
        {
            "name": programme.name,
            "name_ro": "Informatică",
            "code": programme.code,
            "faculty": "Faculty of Mathematics and Computer Science",
            "faculty_ro": "Facultatea de Matematică și Informatică",
            "dean": "Adrian Petrușel",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name_in("ro") == "Informatică"
    assert programme.faculty_in("ro") == "Facultatea de Matematică și Informatică"
    assert programme.dean == "Adrian Petrușel"


def test_staff_set_the_romanian_name_of_a_period_and_who_reviews_proposals(client, staff, period):
    client.force_login(staff)
    data = {
        "name": period.name,
        "name_ro": "Vara 2027",
        "starts_on": period.starts_on.isoformat(),
        "ends_on": period.ends_on.isoformat(),
        "applications_open_on": period.applications_open_on.isoformat(),
        "applications_close_on": period.applications_close_on.isoformat(),
        "required_hours": period.required_hours,
        "credits": period.credits,
        "proposals_reviewed_by": "supervisor",
    }

    response = client.post(reverse("staff_period_edit", args=[period.pk]), data)

    assert response.status_code == 302
    period.refresh_from_db()
    assert period.name_in("ro") == "Vara 2027"
    assert period.proposals_reviewed_by == "supervisor"


def test_the_dashboard_links_the_agreement_settings(client, staff):
    factories.PeriodFactory()
    client.force_login(staff)

    content = client.get(reverse("staff_home")).content.decode()

    assert reverse("staff_university") in content
    assert reverse("staff_agreement_text", args=["ro"]) in content
