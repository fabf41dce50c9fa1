"""Any text the models allow draws: activities and competences of 5,000 characters (prose,
one long word, many short lines) fit the agreement, and so do an amendment's longest
reason and place; a PDF that cannot be drawn leaves the internship's page open."""

import io
import logging
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from documents import agreements as documents_agreements
from documents.amendments import amendment_pdf
from internships import services
from internships.models import Agreement, Amendment, Internship, Period
from mentors.models import Competency, Evaluation, LogbookEntry, Score
from tests import factories
from tests.factories import LogbookEntryFactory

PROSE = ("Scrie cod, teste și documentație pentru serviciile echipei. " * 90)[:5000]
ONE_WORD = "a" * 5000
LINES = "\n".join(["- cod"] * 1000)[:5000]
TEXTS = {"prose": PROSE, "one word": ONE_WORD, "many lines": LINES}


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def fresh(student, placement, host_tutor, supervisor):
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    return factories.InternshipFactory(
        application=application,
        host_tutor=host_tutor,
        academic_supervisor=supervisor,
        agreement=False,
    )


@pytest.mark.parametrize("kind", TEXTS)
def test_the_longest_activities_and_competences_draw(client, staff, fresh, kind):
    Internship.objects.filter(pk=fresh.pk).update(
        activities=TEXTS[kind], competences=TEXTS[kind], schedule="x" * 200, place="y" * 300
    )
    client.force_login(staff)

    page = client.get(reverse("internship_detail", args=[fresh.pk]))
    pdf = client.get(reverse("agreement_pdf", args=[fresh.pk]))

    assert page.status_code == 200
    assert pdf.status_code == 200
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) > 1
    assert "Scrie cod" in text_of(pdf.content) if kind == "prose" else True


def test_the_academic_supervisor_signs_beside_the_university(client, staff, fresh, supervisor):
    services.agreement_of(fresh)
    Agreement.objects.filter(internship=fresh).update(language="en")
    client.force_login(staff)

    text = text_of(client.get(reverse("agreement_pdf", args=[fresh.pk])).content)

    signatures = " ".join(text[text.index("Signatures of the parties") :].split())
    assert signatures.count("Signature:") == 4
    assert f"Academic supervisor: {supervisor.display_name}" in signatures


def test_a_pdf_that_cannot_be_drawn_leaves_the_page_open(client, staff, fresh, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("the drawing failed")

    monkeypatch.setattr(documents_agreements, "render_agreement", broken)
    client.force_login(staff)

    with caplog.at_level(logging.ERROR):
        page = client.get(reverse("internship_detail", args=[fresh.pk]))
        pdf = client.get(reverse("agreement_pdf", args=[fresh.pk]))

    assert page.status_code == 200
    assert "could not be prepared" in page.content.decode()
    assert "Confirm version 1" not in page.content.decode()
    assert "the drawing failed" in caplog.text
    assert pdf.status_code == 302
    assert pdf.url == reverse("internship_detail", args=[fresh.pk])


@pytest.mark.parametrize("reason", ["Motiv. " * 428, "m" * 3000, "m\n" * 1500])
def test_the_longest_amendment_draws(internship, staff, period, reason):
    today = timezone.localdate()
    Period.objects.filter(pk=period.pk).update(
        starts_on=today - timedelta(days=60), ends_on=today + timedelta(days=90)
    )
    amendment = services.propose_amendment(
        internship=internship,
        by=staff,
        terms={"place": "p" * 300, "schedule": "s" * 200, "city": "c" * 100},
        reason=reason[:3000],
    )

    content = amendment_pdf(Amendment.objects.get(pk=amendment.pk))

    assert len(PdfReader(io.BytesIO(content)).pages) >= 1


def test_the_longest_logbook_entry_and_comment_draw(client, student, internship):
    LogbookEntryFactory(
        internship=internship,
        date=internship.starts_on,
        status=LogbookEntry.Status.APPROVED,
        activities="a" * 4000,
        review_comment="c\n" * 1500,
    )
    LogbookEntryFactory(
        internship=internship,
        date=internship.starts_on + timedelta(days=1),
        status=LogbookEntry.Status.APPROVED,
        activities="line\n" * 800,
        review_comment="Good. " * 500,
    )
    client.force_login(student)

    response = client.get(reverse("logbook_pdf", args=[internship.pk]))

    assert response.status_code == 200
    assert len(PdfReader(io.BytesIO(response.content)).pages) > 1


def test_the_longest_evaluation_comments_draw(client, student, internship, host_tutor):
    competency = Competency.objects.create(name=("Teamwork " * 20)[:120], is_active=True)
    evaluation = Evaluation.objects.create(
        internship=internship,
        kind="final",
        author=host_tutor,
        status="submitted",
        submitted_at=timezone.now(),
        comment="o\n" * 2500,
    )
    Score.objects.create(evaluation=evaluation, competency=competency, score=4, comment="s\n" * 500)
    client.force_login(student)

    response = client.get(reverse("evaluation_pdf", args=[internship.pk, "final"]))

    assert response.status_code == 200
    assert len(PdfReader(io.BytesIO(response.content)).pages) > 1
