"""Who confirmed the agreement is always said with a name: never "Confirmed by  on"."""

from django.utils import timezone

from documents.pdf.agreement import render_agreement
from internships import services
from tests import factories
from tests.internships.test_agreements import fragment
from tests.pdfs import text_of


def test_a_confirmation_recorded_without_the_person_says_only_when(staff, internship):
    # The factory's agreement, like imported and seeded ones, records no confirmer.
    html = fragment(staff, internship)
    day = timezone.localdate().strftime("%m/%d/%Y")

    assert "Confirmed by  on" not in html
    assert f"Confirmed on {day}" in html
    assert "confirmed by — on" not in text_of(render_agreement(internship))


def test_a_confirmer_without_a_name_is_named_by_e_mail(staff, student, placement):
    nameless = factories.StaffFactory(first_name="", last_name="", email="birou@ubbcluj.ro")
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    fresh = factories.InternshipFactory(application=application, agreement=False)

    services.confirm_agreement(internship=fresh, by=nameless)

    html = fragment(staff, fresh)
    assert "Confirmed by birou@ubbcluj.ro on" in html
    assert "birou@ubbcluj.ro" in text_of(render_agreement(type(fresh).objects.get(pk=fresh.pk)))
