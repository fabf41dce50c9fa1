import hashlib
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from pypdf import PdfReader

from accounts.models import Organisation, University
from documents.amendments import amendment_pdf
from internships import services
from internships.models import Agreement, Amendment, Internship, Period

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _period_around_the_internship(period):
    Period.objects.filter(pk=period.pk).update(
        starts_on=TODAY - timedelta(days=60), ends_on=TODAY + timedelta(days=90)
    )


@pytest.fixture
def parties(internship):
    University.objects.update_or_create(
        pk=1,
        defaults={
            "legal_name": "Universitatea Babeș-Bolyai",
            "legal_name_en": "Babeș-Bolyai University",
            "address": "Str. Mihail Kogălniceanu 1, Cluj-Napoca",
            "registration_number": "4305849",
            "legal_representative": "Daniel David",
            "legal_representative_function": "Rector",
        },
    )
    Organisation.objects.filter(pk=internship.organisation_id).update(
        address="Str. Observatorului 34, Cluj-Napoca",
        legal_representative="Mihai Someșan",
        legal_representative_function="Administrator",
    )


def text_of(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def proposed(internship, by, language="en", **terms):
    Agreement.objects.filter(internship=internship).update(language=language)
    return services.propose_amendment(
        internship=internship, by=by, terms=terms, reason="Proiectul clientului s-a prelungit."
    )


def test_the_pdf_holds_the_parties_the_change_and_the_reason(internship, staff, parties):
    old_end = internship.ends_on
    new_end = old_end + timedelta(days=14)
    amendment = proposed(internship, staff, ends_on=new_end, hours_per_week=25)

    text = text_of(amendment_pdf(amendment))

    assert "ADDENDUM no. 1" in text
    assert "Babeș-Bolyai University" in text
    assert "represented by Daniel David, Rector" in text
    assert "Codează Someș SRL" in text
    assert "represented by Mihai Someșan, Administrator" in text
    assert "Ioana Bălan" in text
    with translation.override("en"):
        before, after = date_format(old_end, "DATE_FORMAT"), date_format(new_end, "DATE_FORMAT")
    assert f"End date {before} {after}" in text
    assert "Hours per week 20 25" in text
    assert "Proiectul clientului s-a prelungit." in text
    assert "All other clauses of the agreement remain unchanged." in text
    assert text.count("Name and function:") == 3


def test_the_pdf_is_in_the_agreements_language_with_dates_day_first(internship, staff, parties):
    Period.objects.filter(pk=internship.period_id).update(
        starts_on=date(2027, 6, 1), ends_on=date(2027, 9, 30)
    )
    Internship.objects.filter(pk=internship.pk).update(
        starts_on=date(2027, 6, 15), ends_on=date(2027, 6, 30)
    )
    internship.refresh_from_db()
    internship.period.refresh_from_db()
    amendment = proposed(internship, staff, language="ro", ends_on=date(2027, 7, 1))

    text = text_of(amendment_pdf(amendment))

    with translation.override("ro"):
        title = gettext("ADDENDUM no. %(number)d") % {"number": 1}
        unchanged = gettext("All other clauses of the agreement remain unchanged.")
    assert title in text
    assert unchanged in text
    assert "Universitatea Babeș-Bolyai" in text
    assert "30 iunie 2027" in text.lower()
    assert "1 iulie 2027" in text.lower()


def test_the_pdf_is_rendered_once_and_its_digest_stored(internship, staff, parties):
    amendment = proposed(internship, staff, hours_per_week=30)

    first = amendment_pdf(amendment)
    second = amendment_pdf(Amendment.objects.get(pk=amendment.pk))

    assert first == second
    amendment.refresh_from_db()
    assert amendment.sha256 == hashlib.sha256(first).hexdigest()


def test_the_pdf_names_a_new_host_tutor(internship, staff, organisation, parties):
    from tests import factories

    tutor = factories.MentorFactory(
        organisation=organisation, user__first_name="Radu", user__last_name="Oltean"
    ).user
    amendment = proposed(internship, staff, host_tutor=tutor)

    text = text_of(amendment_pdf(amendment))

    assert "Host tutor" in text
    assert "Ștefan Mureșan" in text and "Radu Oltean" in text


def test_the_proposal_has_its_pdf_ready_after_the_commit(
    internship, staff, parties, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        amendment = proposed(internship, staff, hours_per_week=30)

    amendment.refresh_from_db()
    assert amendment.pdf and len(amendment.sha256) == 64
