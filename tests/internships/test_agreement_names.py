"""Who confirmed the agreement is always said with a name: never "Confirmed by  on".

(The PDF of a version states no confirmations: it never changes once drawn.)"""

from django.utils import timezone

from internships import services
from tests import factories
from tests.internships.test_agreements import fragment


def test_a_confirmation_recorded_without_the_person_says_only_when(staff, internship):
    # The factory's agreement, like imported and seeded ones, records no confirmer.
    html = fragment(staff, internship)
    day = timezone.localdate().strftime("%d.%m.%Y")

    assert "Confirmed by  on" not in html
    assert f"Confirmed on {day}" in html


def test_a_confirmer_without_a_name_is_named_by_e_mail(staff, student, placement):
    nameless = factories.StaffFactory(first_name="", last_name="", email="birou@ubbcluj.ro")
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    fresh = factories.InternshipFactory(application=application, agreement=False)

    sha256 = services.current_version(fresh).sha256
    services.confirm_agreement(internship=fresh, by=nameless, sha256=sha256)

    html = fragment(staff, fresh)
    assert "Confirmed by birou@ubbcluj.ro on" in html
    assert "(version 1)" in html
