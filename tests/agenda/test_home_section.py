from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from internships.models import Agreement
from tests import factories


def section(content):
    start = content.index('id="deadlines-heading"')
    return content[start : content.index("</section>", start)]


@pytest.mark.parametrize(
    ("role", "home"),
    [
        ("student", "student_home"),
        ("company_admin", "company_home"),
        ("host_tutor", "mentor_home"),
        ("staff", "staff_home"),
    ],
)
def test_every_home_page_shows_the_coming_deadlines(client, request, role, home, internship):
    client.force_login(request.getfixturevalue(role))

    content = client.get(reverse(home)).content.decode()

    part = section(content)
    assert "Coming deadlines" in part
    assert f'href="{reverse("calendar")}"' in part
    assert "All deadlines and calendar feed" in part


def test_the_students_section_lists_their_deadlines_with_dates_and_links(
    client, student, internship
):
    client.force_login(student)

    part = section(client.get(reverse("student_home")).content.decode())

    assert "Self-evaluation due (Codează Someș SRL)" in part
    assert reverse("evaluation_form", args=[internship.pk, "self"]) in part
    assert f'datetime="{internship.ends_on:%Y-%m-%d}"' in part
    assert "Overdue" not in part


def test_an_overdue_deadline_is_marked_in_words(client, student, internship):
    internship.starts_on = timezone.localdate() - timedelta(days=2)
    internship.save()
    Agreement.objects.filter(internship=internship).update(student_confirmed_at=None)
    client.force_login(student)

    part = section(client.get(reverse("student_home")).content.decode())

    assert "Overdue" in part
    assert "deadline--overdue" in part


def test_the_section_shows_at_most_eight(client, host_tutor, organisation):
    for _ in range(6):
        factories.InternshipFactory(
            application=factories.ApplicationFactory(
                placement=factories.PlacementFactory(organisation=organisation),
                status="accepted",
            ),
            host_tutor=host_tutor,
        )
    client.force_login(host_tutor)

    part = section(client.get(reverse("mentor_home")).content.decode())

    assert part.count("<li") == 8


def test_nothing_due_is_said_plainly(client, staff):
    client.force_login(staff)

    part = section(client.get(reverse("staff_home")).content.decode())

    assert "Nothing is due in the coming weeks." in part
