from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from PIL import Image

from accounts.models import University
from documents.pdf.logbook import weeks_of
from mentors.models import LogbookEntry
from tests.factories import LogbookEntryFactory
from tests.pdfs import text_of

MONDAY = date(2026, 6, 29)  # ISO week 27 of 2026


@pytest.fixture
def internship(internship):
    """In English, with the terms of its own, a Romanian programme and a dated span."""
    period = internship.period
    period.certificate_language = "en"
    period.name_ro = "Vara 2027"
    period.save()
    programme = internship.student.student_profile.programme
    programme.faculty = "Faculty of Mathematics and Computer Science"
    programme.faculty_ro = "Facultatea de Matematică și Informatică"
    programme.name_ro = "Informatică"
    programme.save()
    internship.starts_on = MONDAY - timedelta(days=7)
    internship.ends_on = MONDAY + timedelta(days=40)
    internship.place = "Str. Memorandumului 28"
    internship.city = "Cluj-Napoca"
    internship.hours_per_week = 20
    internship.save()
    university = University.current()
    university.legal_name = "Universitatea Babeș-Bolyai"
    university.legal_name_en = "Babeș-Bolyai University"
    university.save()
    return internship


def url(internship):
    return reverse("logbook_pdf", args=[internship.pk])


def entry(internship, day, status, hours=6, activities=None):
    return LogbookEntryFactory(
        internship=internship,
        date=day,
        hours=hours,
        status=status,
        activities=activities or f"{status} work on {day.isoformat()}",
    )


def pdf_text(client, user, internship) -> str:
    client.force_login(user)
    response = client.get(url(internship))
    assert response.status_code == 200
    return text_of(response.content)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_header_names_the_university_faculty_programme_student_and_terms(
    client, student, internship
):
    text = flat(pdf_text(client, student, internship))

    assert "Practice file" in text
    assert "Babeș-Bolyai University" in text
    assert "Faculty of Mathematics and Computer Science" in text
    assert "Study programme: Computer Science" in text
    profile = student.student_profile
    assert "Ioana Bălan" in text
    assert profile.student_number in text
    assert f"Year of study {profile.year_of_study}" in text
    assert "Codează Someș SRL" in text
    assert internship.title in text
    assert "Str. Memorandumului 28, Cluj-Napoca" in text
    assert "Hours per week 20" in text
    assert "Summer 2027" in text
    assert "22 June 2026 – 8 August 2026" in text
    assert "Host tutor Ștefan Mureșan" in text
    assert "Academic supervisor Horațiu Crișan" in text


def test_a_romanian_period_prints_the_romanian_names_and_dates(client, student, internship):
    internship.period.certificate_language = "ro"
    internship.period.save()

    text = flat(pdf_text(client, student, internship))

    assert "Universitatea Babeș-Bolyai" in text
    assert "Facultatea de Matematică și Informatică" in text
    assert "Informatică" in text
    assert "Vara 2027" in text
    with translation.override("ro"):
        assert date_format(internship.starts_on, "DATE_FORMAT") in text
    assert "Tutore din partea gazdei" in text


def test_approved_entries_print_submitted_are_marked_drafts_and_returned_never(
    client, student, internship
):
    entry(internship, MONDAY, "approved", activities="Approved: wrote the invoice tests")
    entry(internship, MONDAY + timedelta(days=1), "submitted", activities="Submitted: code review")
    entry(internship, MONDAY + timedelta(days=2), "draft", activities="Draft: not finished")
    entry(internship, MONDAY + timedelta(days=3), "returned", activities="Returned: too vague")

    text = flat(pdf_text(client, student, internship))

    assert "Approved: wrote the invoice tests" in text
    assert "Submitted: code review" in text
    assert "AWAITING APPROVAL" in text
    assert text.count("AWAITING APPROVAL") == 1
    assert "Draft: not finished" not in text
    assert "Returned: too vague" not in text
    assert "Returned for changes" not in text


def test_entries_are_grouped_by_iso_week_with_the_weeks_hours(client, student, internship):
    entry(internship, MONDAY, "approved", hours=6)
    entry(internship, MONDAY + timedelta(days=6), "approved", hours="7.5")  # Sunday
    entry(internship, MONDAY + timedelta(days=2), "submitted", hours=4)
    entry(internship, MONDAY + timedelta(days=7), "approved", hours=8)  # next Monday
    entry(internship, MONDAY + timedelta(days=8), "draft", hours=12)
    entry(internship, MONDAY + timedelta(days=9), "returned", hours=12)

    text = flat(pdf_text(client, student, internship))

    assert "Week 27: 29 June 2026 – 5 July 2026" in text
    assert "Week 28: 6 July 2026 – 12 July 2026" in text
    assert "Week total: 13.5 h approved, 4 h awaiting approval" in text
    assert "Week total: 8 h approved, 0 h awaiting approval" in text
    assert text.index("Week 27") < text.index("Week 28")
    assert "Approved hours 21.5" in text
    assert "Hours awaiting approval 4" in text
    assert "Required hours 120" in text
    assert "Approved hours still needed 98.5" in text


def test_weeks_of_leaves_out_what_is_not_printed_and_sums_each_week(internship):
    entry(internship, MONDAY + timedelta(days=1), "approved", hours="2.5")
    entry(internship, MONDAY, "submitted", hours=3)
    entry(internship, MONDAY + timedelta(days=3), "draft", hours=5)
    entry(internship, MONDAY + timedelta(days=14), "approved", hours=1)

    weeks = weeks_of(LogbookEntry.objects.filter(internship=internship).order_by("-date"))

    assert [(w.number, w.approved, w.awaiting) for w in weeks] == [
        (27, Decimal("2.5"), Decimal(3)),
        (29, Decimal(1), Decimal(0)),
    ]
    assert [e.status for e in weeks[0].entries] == ["submitted", "approved"]


def test_the_requirement_met_leaves_nothing_still_needed(client, student, internship):
    internship.required_hours = 10
    internship.save()
    entry(internship, MONDAY, "approved", hours=12)

    text = flat(pdf_text(client, student, internship))

    assert "Approved hours still needed 0" in text


def test_the_signature_blocks_close_the_file(client, student, internship):
    text = flat(pdf_text(client, student, internship))

    signatures = text[text.index("Approved hours still needed") :]
    for role in ("Student", "Host tutor", "Academic supervisor"):
        assert role in signatures
    assert signatures.count("Signature") == 3
    assert signatures.count("Date:") == 3
    assert "Stamp of the host organisation" in signatures
    assert "Ștefan Mureșan" in signatures
    assert "Horațiu Crișan" in signatures


def test_no_printed_entry_says_so(client, student, internship):
    entry(internship, MONDAY, "draft")

    text = flat(pdf_text(client, student, internship))

    assert "No approved or submitted entries yet." in text


def test_an_internship_a_student_found_has_no_placement_and_still_prints(
    client, student, internship
):
    internship.source = "recorded"
    internship.placement = None
    internship.application = None
    internship.title = "Practică în laborator"
    internship.save()

    text = flat(pdf_text(client, student, internship))

    assert "Practică în laborator" in text


def test_the_logo_of_the_university_is_drawn(client, student, internship):
    png = ContentFile(b"", name="logo.png")
    image = Image.new("RGB", (120, 60), "navy")
    image.save(png.file, format="PNG")
    university = University.current()
    university.logo.save("logo.png", ContentFile(png.file.getvalue()))
    client.force_login(student)

    content = client.get(url(internship)).content

    assert b"/Subtype /Image" in content


def test_a_broken_logo_does_not_stop_the_practice_file(client, student, internship):
    university = University.current()
    university.logo.save("logo.png", ContentFile(b"not a png"))

    assert "Practice file" in pdf_text(client, student, internship)


def test_the_download_is_a_private_attachment(client, student, internship):
    client.force_login(student)

    response = client.get(url(internship))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="practice-file.pdf"'
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("size", [3, 30])
def test_the_query_count_does_not_grow_with_the_entries(
    client, student, internship, size, django_assert_max_num_queries
):
    for number in range(size):
        entry(internship, MONDAY + timedelta(days=number), "approved", hours=1)
    client.force_login(student)

    with django_assert_max_num_queries(8):
        response = client.get(url(internship))

    assert response.status_code == 200
    assert LogbookEntry.objects.filter(internship=internship).count() == size
