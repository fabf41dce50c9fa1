"""A download not bound to a language is written in the language of whoever downloads it.

The lists' exports (CSV, XLSX) and the logbook's CSV follow the reader's language. The
practice file, the evaluation forms, certificates and agreements are paperwork: drawn in
the period's documents language (or the agreement's), whoever downloads them.
"""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import LogbookEntryFactory
from tests.pdfs import text_of

STUDENTS = reverse("staff_students")


@pytest.fixture(autouse=True)
def _language_restored():
    """A request of a Romanian reader leaves Romanian active in this thread: the tests that
    follow read in the language they began with."""
    language = translation.get_language()
    yield
    translation.activate(language)


def reading(user, language):
    user.language = language
    user.save(update_fields=["language"])
    return user


def streamed(response) -> str:
    assert response.status_code == 200
    with translation.override("en"):  # the rows are written while the response is sent
        return b"".join(response.streaming_content).decode("utf-8")


def test_a_romanian_reader_exports_a_list_with_romanian_headers(client, staff, student):
    client.force_login(reading(staff, "ro"))

    response = client.get(STUDENTS, {"export": "csv"})

    header, *rows = csv.reader(io.StringIO(streamed(response)[1:]))
    assert header[:4] == ["Nume", "Prenume", "E-mail", "Număr matricol"]
    assert len(rows) == 1


def test_an_english_reader_exports_the_same_list_in_english(client, staff, student):
    client.force_login(reading(staff, "en"))

    response = client.get(STUDENTS, {"export": "csv"})

    header = next(csv.reader(io.StringIO(streamed(response)[1:])))
    assert header[:2] == ["Last name", "First name"]


def test_a_romanian_reader_gets_a_spreadsheet_with_romanian_headers(client, staff, student):
    client.force_login(reading(staff, "ro"))

    response = client.get(STUDENTS, {"export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [cell.value for cell in sheet[1]][:2] == ["Nume", "Prenume"]


def test_a_romanian_reader_downloads_the_logbook_csv_in_romanian(client, student, internship):
    LogbookEntryFactory(internship=internship, status="approved", hours=8)
    client.force_login(reading(student, "ro"))

    response = client.get(reverse("logbook_csv", args=[internship.pk]))

    header, row = csv.reader(io.StringIO(response.content.decode("utf-8")[1:]))
    assert header[:4] == ["Data", "Ore", "Stare", "Activități"]
    assert row[2] == "Aprobată"


@pytest.mark.parametrize(
    ("period_language", "words"), [("ro", "Caiet de practică"), ("en", "Practice file")]
)
@pytest.mark.parametrize("reader", ["en", "ro"])
def test_the_practice_file_is_in_the_periods_language_whoever_reads_it(
    client, student, internship, period_language, words, reader
):
    internship.period.certificate_language = period_language
    internship.period.save(update_fields=["certificate_language"])
    LogbookEntryFactory(internship=internship, status="approved", hours=8)
    client.force_login(reading(student, reader))

    response = client.get(reverse("logbook_pdf", args=[internship.pk]))

    assert words in text_of(response.content)


@pytest.mark.parametrize(
    ("reader", "names"),
    [("ro", ["Informatică", "Vara 2027"]), ("en", ["Computer Science", "Summer 2027"])],
)
def test_an_export_names_the_programme_and_period_in_the_readers_language(
    client, staff, application, reader, names
):
    programme = application.student.student_profile.programme
    programme.name_ro = "Informatică"
    programme.save(update_fields=["name_ro"])
    period = application.placement.period
    period.name_ro = "Vara 2027"
    period.save(update_fields=["name_ro"])
    client.force_login(reading(staff, reader))

    response = client.get(reverse("staff_applications"), {"export": "csv"})

    header, row = csv.reader(io.StringIO(streamed(response)[1:]))
    cells = dict(zip(header, row, strict=True))
    programme_header, period_header = (
        ("Program de studii", "Perioadă") if reader == "ro" else ("Programme", "Period")
    )
    assert [cells[programme_header], cells[period_header]] == names
