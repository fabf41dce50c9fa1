"""The framework agreement's PDF follows the ministry's model: the parties with their legal
representatives, the articles, the signatures and the practice portfolio; each version is
drawn once and downloaded as the same bytes; Romanian dates read "1 iulie 2026"."""

import datetime
import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from accounts.models import University
from core.pdf import document_date
from documents.agreements import version_pdf
from documents.pdf.agreement import render_agreement
from internships import services
from internships.models import Agreement, AgreementVersion
from tests import factories


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 2), "#1f4e8c").save(buffer, "PNG")
    return buffer.getvalue()


PNG_1x1 = _png()


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def university(db):
    university = University.current()
    university.legal_name = "Universitatea Babeș-Bolyai"
    university.legal_name_en = "Babeș-Bolyai University"
    university.address = "Str. Mihail Kogălniceanu 1, Cluj-Napoca"
    university.registration_number = "4305849"
    university.legal_representative = "Daniel David"
    university.legal_representative_function = "Rector"
    university.save()
    return university


@pytest.fixture
def fresh(university, student, placement, host_tutor, supervisor, programme):
    programme.name_ro = "Informatică"
    programme.faculty = "Faculty of Mathematics and Computer Science"
    programme.faculty_ro = "Facultatea de Matematică și Informatică"
    programme.dean = "Adrian Petrușel"
    programme.save()
    period = placement.period
    period.name_ro = "Vara 2027"
    period.save()
    organisation = placement.organisation
    organisation.address = "Str. Fabricii 3"
    organisation.legal_representative = "Mihai Someșan"
    organisation.legal_representative_function = "Administrator"
    organisation.save()
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    return factories.InternshipFactory(
        application=application,
        host_tutor=host_tutor,
        academic_supervisor=supervisor,
        activities="Scrie cod și teste.",
        competences="Django, PostgreSQL, code review.",
        schedule="Luni–vineri, 9:00–13:00",
        place="Str. Fabricii 3",
        starts_on=datetime.date(2026, 7, 1),
        ends_on=datetime.date(2026, 8, 31),
        agreement=False,
    )


def in_english(internship):
    services.agreement_of(internship)
    Agreement.objects.filter(internship=internship).update(language="en")


def pdf_url(internship, **query):
    url = reverse("agreement_pdf", args=[internship.pk])
    return url + "".join(f"?{key}={value}" for key, value in query.items())


def test_the_romanian_agreement_holds_the_parties_articles_signatures_and_annex(
    client, staff, fresh
):
    client.force_login(staff)

    text = text_of(client.get(pdf_url(fresh)).content)

    for expected in [
        "CONVENȚIE-CADRU",
        "privind efectuarea stagiului de practică în cadrul programelor de studii",
        "UNIVERSITATEA BABEȘ-BOLYAI",
        "Daniel David, Rector",
        "4305849",
        "Facultatea de Matematică și Informatică",
        "Adrian Petrușel",
        "Codează Someș SRL",
        "Mihai Someșan, Administrator",
        fresh.organisation.registration_number,
        "Str. Fabricii 3",
        "Ioana Bălan",
        "Informatică",
        "Vara 2027",
        "Art. 1. Obiectul convenției-cadru",
        "Art. 2. Statutul practicantului",
        "Art. 5. Drepturile și obligațiile practicantului",
        "Art. 6. Drepturile și obligațiile partenerului de practică",
        "Art. 7. Drepturile și obligațiile organizatorului de practică",
        "Art. 8. Tutorele și cadrul didactic supervizor",
        "Art. 9. Sănătatea și securitatea în muncă",
        "Art. 10. Confidențialitatea",
        "Art. 11. Modificarea și încetarea convenției",
        "Art. 12. Prevederi finale",
        "1 iulie 2026",
        "31 august 2026",
        "Luni–vineri, 9:00–13:00",
        "Ștefan Mureșan",
        "Horațiu Crișan",
        "Django, PostgreSQL, code review.",
        "Scrie cod și teste.",
        "Versiunea 1",
    ]:
        assert expected in text, expected
    assert "Iulie" not in text


def test_the_english_agreement_holds_the_same_in_english(client, staff, fresh):
    in_english(fresh)
    client.force_login(staff)

    text = text_of(client.get(pdf_url(fresh)).content)

    for expected in [
        "FRAMEWORK AGREEMENT",
        "BABEȘ-BOLYAI UNIVERSITY",
        "Daniel David, Rector",
        "Legal representative",
        "Mihai Someșan, Administrator",
        "Faculty of Mathematics and Computer Science",
        "Computer Science",
        "Summer 2027",
        "Art. 1. Object of the framework agreement",
        "Art. 5. Rights and obligations of the intern",
        "Art. 9. Health and safety at work",
        "Art. 10. Confidentiality",
        "Art. 11. Amendments and termination",
        "Art. 12. Final provisions",
        "Signatures of the parties",
        "Annex: the practice portfolio",
        "Activities planned",
        "How it is assessed",
        "1 July 2026",
        "Credits",
        "Version 1",
    ]:
        assert expected in text, expected


def test_a_version_is_the_same_bytes_when_downloaded_twice(client, staff, student, fresh):
    client.force_login(staff)
    first = client.get(pdf_url(fresh)).content
    client.force_login(student)

    second = client.get(pdf_url(fresh)).content

    assert first == second
    version = services.current_version(fresh)
    assert hashlib.sha256(first).hexdigest() == version.sha256


def test_the_same_facts_draw_the_same_bytes(fresh):
    version = services.current_version(fresh)

    one = render_agreement(facts=version.facts, body=version.text.body, number=1)
    two = render_agreement(facts=version.facts, body=version.text.body, number=1)

    assert one == two


def test_an_older_version_is_downloaded_by_its_number(client, staff, fresh):
    client.force_login(staff)
    first = client.get(pdf_url(fresh)).content
    type(fresh).objects.filter(pk=fresh.pk).update(city="Turda")

    current = client.get(pdf_url(fresh))
    older = client.get(pdf_url(fresh, version=1))

    assert f'filename="agreement-{fresh.pk}-v2.pdf"' in current["Content-Disposition"]
    assert "Versiunea 2" in text_of(current.content)
    assert older.content == first


@pytest.mark.parametrize("number", ["7", "x", "-1"])
def test_a_version_that_does_not_exist_is_404(client, staff, fresh, number):
    client.force_login(staff)

    assert client.get(pdf_url(fresh, version=number)).status_code == 404


def test_someone_elses_agreement_is_404(client, other_student, fresh):
    client.force_login(other_student)

    assert client.get(pdf_url(fresh)).status_code == 404
    assert not AgreementVersion.objects.exists()


def test_the_signed_copy_is_served_once_there_is_one(client, staff, fresh):
    version = services.current_version(fresh)
    version.signed_pdf.save("signed.pdf", ContentFile(b"%PDF-1.7 signed"), save=True)
    client.force_login(staff)

    assert client.get(pdf_url(fresh)).content == b"%PDF-1.7 signed"


def test_the_logo_is_drawn_at_the_top(fresh, university):
    university.logo.save("logo.png", ContentFile(PNG_1x1), save=True)
    version = services.current_version(fresh)

    page = PdfReader(io.BytesIO(version_pdf(version))).pages[0]

    assert list(page.images)


def test_an_unreadable_logo_leaves_the_agreement_without_it(fresh, university):
    university.logo.save("logo.png", ContentFile(b"not an image"), save=True)

    version = services.current_version(fresh)

    assert "CONVENȚIE-CADRU" in text_of(version_pdf(version))


# Romanian dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ro", "1 iulie 2026"), ("en", "1 July 2026")],
)
def test_document_dates_read_day_first_with_the_month_in_the_documents_language(language, expected):
    assert document_date(datetime.date(2026, 7, 1), language) == expected
    assert document_date("2026-07-01", language) == expected


def test_romanian_months_are_lower_case_whatever_the_page_language():
    with translation.override("en"):
        assert document_date(datetime.date(2026, 12, 24), "ro") == "24 decembrie 2026"


def test_romanian_hours_take_de_from_twenty_on():
    from django.utils import translation

    from documents.pdf.agreement import _hours

    with translation.override("ro"):
        assert [_hours(n) for n in (1, 5, 19, 20, 120, 101)] == [
            "1 oră",
            "5 ore",
            "19 ore",
            "20 de ore",
            "120 de ore",
            "101 ore",
        ]
