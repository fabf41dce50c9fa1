"""The student's home lists every internship they hold, the running one first, each a link."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests import factories


def test_a_planned_and_an_active_internship_are_both_reachable(
    client, student, internship, django_assert_max_num_queries
):
    later = factories.PlacementFactory(period=factories.PeriodFactory(name="Winter 2028"))
    planned = factories.InternshipFactory(
        application=factories.ApplicationFactory(
            placement=later, student=student, status="accepted"
        ),
        status="planned",
        starts_on=timezone.localdate() + timedelta(days=60),
        ends_on=timezone.localdate() + timedelta(days=120),
    )
    client.force_login(student)

    # 12, and 3 for the recommended placements (internships.discovery).
    with django_assert_max_num_queries(15):
        html = client.get(reverse("student_home")).content.decode()

    active_at = html.index(f'href="{internship.get_absolute_url()}"')
    planned_at = html.index(f'href="{planned.get_absolute_url()}"')
    assert active_at < planned_at
    assert "Your internships" in html
    assert client.get(planned.get_absolute_url()).status_code == 200


def test_a_student_without_an_internship_sees_no_internship_list(client, student):
    client.force_login(student)

    html = client.get(reverse("student_home")).content.decode()

    assert "internships-heading" not in html
