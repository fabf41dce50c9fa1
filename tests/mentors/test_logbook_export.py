import csv
import io
from datetime import timedelta

import pytest
from django.core import checks
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from core import pdf as shared_pdf
from tests.factories import LogbookEntryFactory, SkillFactory
from tests.pdfs import text_of

TODAY = timezone.localdate
ROMANIAN = "Am învățat să scriu teste; Știință și Țară"


def csv_url(internship):
    return reverse("logbook_csv", args=[internship.pk])


def pdf_url(internship):
    return reverse("logbook_pdf", args=[internship.pk])


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def pdf_text(content: bytes) -> str:
    return text_of(content)


# CSV -------------------------------------------------------------------------------------


def test_the_csv_lists_every_entry_with_its_columns(client, student, internship):
    skill = SkillFactory(name="Testare automată")
    approved = LogbookEntryFactory(
        internship=internship,
        date=TODAY() - timedelta(days=3),
        hours="7.5",
        status="approved",
        activities=ROMANIAN,
    )
    approved.skills.set([skill])
    LogbookEntryFactory(
        internship=internship,
        date=TODAY() - timedelta(days=2),
        hours=4,
        status="returned",
        activities="Ședință",
        review_comment="Adaugă detalii.",
    )
    LogbookEntryFactory(internship=internship, date=TODAY() - timedelta(days=1), status="draft")
    client.force_login(student)

    response = client.get(csv_url(internship))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="logbook.csv"'
    rows = csv_rows(response)
    assert rows[0] == ["Date", "Hours", "Status", "Activities", "Skills", "Tutor's comment"]
    assert rows[1] == [
        (TODAY() - timedelta(days=3)).isoformat(),
        "7.5",
        "Approved",
        ROMANIAN,
        "Testare automată",
        "",
    ]
    assert rows[2][2:] == ["Returned for changes", "Ședință", "", "Adaugă detalii."]
    assert rows[3][2] == "Draft"
    assert len(rows) == 4


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_cells_that_look_like_formulas_are_neutralised(client, student, internship, formula):
    LogbookEntryFactory(
        internship=internship, status="returned", activities=formula, review_comment=formula
    )
    client.force_login(student)

    row = csv_rows(client.get(csv_url(internship)))[1]

    assert row[3] == "'" + formula
    assert row[5] == "'" + formula


@pytest.mark.parametrize(
    "reader", ["student", "host_tutor", "supervisor", "company_admin", "staff"]
)
def test_everyone_who_sees_the_internship_exports_it(client, internship, reader, request):
    LogbookEntryFactory(internship=internship)
    client.force_login(request.getfixturevalue(reader))

    assert client.get(csv_url(internship)).status_code == 200
    assert client.get(pdf_url(internship)).status_code == 200


@pytest.mark.parametrize("url", [csv_url, pdf_url])
@pytest.mark.parametrize("outsider", ["other_student", "other_company_admin"])
def test_outsiders_get_404(client, internship, outsider, url, request):
    client.force_login(request.getfixturevalue(outsider))

    assert client.get(url(internship)).status_code == 404


@pytest.mark.parametrize("url", [csv_url, pdf_url])
def test_a_mentor_guessing_another_interns_export_gets_404(
    client, host_tutor, other_internship, url
):
    client.force_login(host_tutor)

    assert client.get(url(other_internship)).status_code == 404


@pytest.mark.parametrize("url", [csv_url, pdf_url])
def test_anonymous_exporting_is_sent_to_login(client, internship, url):
    assert client.get(url(internship)).url.startswith(reverse("account_login"))


@pytest.mark.parametrize("size", [3, 30])
def test_csv_query_count_does_not_grow(
    client, student, internship, size, django_assert_max_num_queries
):
    for days_ago in range(size):
        LogbookEntryFactory(
            internship=internship, date=TODAY() - timedelta(days=1 + days_ago % 28), hours="0.5"
        )
    client.force_login(student)

    with django_assert_max_num_queries(6):
        rows = csv_rows(client.get(csv_url(internship)))

    assert len(rows) == size + 1


# PDF -------------------------------------------------------------------------------------


@pytest.fixture
def english_internship(internship):
    """The practice file is drawn in the period's language: English here."""
    internship.period.certificate_language = "en"
    internship.period.save(update_fields=["certificate_language"])
    return internship


def test_the_pdf_is_the_logbook_with_romanian_text(client, student, english_internship):
    internship = english_internship
    LogbookEntryFactory(internship=internship, status="approved", hours=8, activities=ROMANIAN)
    client.force_login(student)

    response = client.get(pdf_url(internship))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="practice-file.pdf"'
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Practice file" in text
    assert "Activities by week" in text
    assert "Ioana Bălan" in text
    assert "Codează Someș SRL" in text
    assert "Ștefan Mureșan" in text
    assert "Horațiu Crișan" in text
    assert "Știință și Țară" in text
    assert "Page 1 of 1" in text


def test_a_long_pdf_repeats_the_header_and_numbers_its_pages(client, student, english_internship):
    internship = english_internship
    for days_ago in range(1, 29):
        LogbookEntryFactory(
            internship=internship,
            date=TODAY() - timedelta(days=days_ago),
            hours="0.5",
            activities=f"{ROMANIAN}. " * 12,
            status="approved",
        )
    LogbookEntryFactory(
        internship=internship,
        date=TODAY() - timedelta(days=29),
        hours="0.5",
        activities="cuvânt " * 700,
        status="submitted",
    )
    client.force_login(student)

    text = pdf_text(client.get(pdf_url(internship)).content)

    pages = text.split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) > 2
    assert all("Activities" in page for page in pages[1:-1])
    assert f"Page {len(pages)} of {len(pages)}" in text


def test_the_pdf_fonts_are_embedded_not_helvetica(client, student, internship):
    LogbookEntryFactory(internship=internship, activities=ROMANIAN, status="approved")
    client.force_login(student)

    content = client.get(pdf_url(internship)).content

    assert b"DejaVuSans" in content
    assert b"Helvetica" not in content


# Fonts and the system check -------------------------------------------------------------


def test_register_fonts_is_idempotent():
    assert shared_pdf.register_fonts() == shared_pdf.register_fonts()


def test_the_fonts_check_passes_with_the_installed_fonts():
    assert shared_pdf.check_pdf_fonts() == []
    assert "practica.E001" not in [error.id for error in checks.run_checks()]


@override_settings(PDF_FONT_REGULAR="/nowhere/DejaVuSans.ttf")
def test_the_fonts_check_reports_a_missing_font_file():
    errors = [error for error in checks.run_checks() if error.id == "practica.E001"]

    assert len(errors) == 1
    assert "/nowhere/DejaVuSans.ttf" in errors[0].msg
    assert errors[0].hint == (
        "apt-get install fonts-dejavu-core, or set PDF_FONT_REGULAR and PDF_FONT_BOLD"
    )
    assert errors[0].level == checks.ERROR
