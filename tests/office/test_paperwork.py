import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from accounts.models import OrganisationMembership
from internships.models import Agreement, AgreementVersion
from notifications.models import Event, Notification
from office import services
from office.models import AgreementReminder
from office.paperwork import cohort as cohort_of
from office.paperwork import zip_name
from tests import factories
from tests.races import at_once

URL = reverse("staff_paperwork")
REMIND = reverse("staff_paperwork_remind")
ZIP = reverse("staff_paperwork_zip")
ALL = ("student", "organisation", "university")


def make_internship(
    period,
    programme,
    *,
    organisation=None,
    confirmed=ALL,
    agreement=True,
    supervisor=None,
    status="active",
    first_name="Ana",
    last_name="Pop",
    **agreement_fields,
):
    """An internship of `period` whose agreement `confirmed` parties confirmed (no Agreement
    row at all with agreement=False)."""
    placement = factories.PlacementFactory(
        period=period,
        programmes=[programme],
        **({"organisation": organisation} if organisation else {}),
    )
    student = factories.StudentFactory(
        programme=programme, user__first_name=first_name, user__last_name=last_name
    ).user
    application = factories.ApplicationFactory(
        placement=placement, student=student, status="accepted"
    )
    internship = factories.InternshipFactory(
        application=application, agreement=False, academic_supervisor=supervisor, status=status
    )
    if agreement:
        now = timezone.now()
        Agreement.objects.create(
            internship=internship,
            **{f"{party}_confirmed_at": now for party in confirmed},
            **agreement_fields,
        )
    return internship


@pytest.fixture
def cohort(period, programme, organisation, company_admin, supervisor):
    """Five internships of `period` at `organisation`: confirmed by all three; missing the
    student; missing the host; missing the university (no supervisor); no agreement row."""
    return {
        "confirmed": make_internship(
            period, programme, organisation=organisation, first_name="Ștefan", last_name="Țurcanu"
        ),
        "student": make_internship(
            period,
            programme,
            organisation=organisation,
            confirmed=("organisation", "university"),
            last_name="Bălan",
        ),
        "organisation": make_internship(
            period,
            programme,
            organisation=organisation,
            confirmed=("student", "university"),
            last_name="Crișan",
        ),
        "university": make_internship(
            period,
            programme,
            organisation=organisation,
            confirmed=("student", "organisation"),
            last_name="Dobre",
        ),
        "none": make_internship(
            period,
            programme,
            organisation=organisation,
            agreement=False,
            supervisor=supervisor,
            last_name="Enache",
        ),
    }


def listed(response):
    return [internship.pk for internship, _paper in response.context["rows"]]


# The list ------------------------------------------------------------------------------


def test_staff_see_the_cohort_with_counts_and_missing_parties(client, staff, period, cohort):
    client.force_login(staff)

    response = client.get(URL, {"period": period.pk})

    assert response.status_code == 200
    assert response.context["counts"] == {
        "total": 5,
        "confirmed": 1,
        "student": 2,
        "organisation": 2,
        "university": 2,
        "none": 1,
        "paper": 0,
        "overridden": 0,
    }
    missing = {internship.pk: paper.missing for internship, paper in response.context["rows"]}
    assert missing == {
        cohort["confirmed"].pk: (),
        cohort["student"].pk: ("student",),
        cohort["organisation"].pk: ("organisation",),
        cohort["university"].pk: ("university",),
        cohort["none"].pk: ALL,
    }
    assert "Țurcanu" in response.content.decode()


def test_the_latest_period_is_shown_when_none_is_chosen(client, staff, programme, cohort):
    client.force_login(staff)
    later = factories.PeriodFactory(
        starts_on=timezone.localdate() + timedelta(days=400),
        ends_on=timezone.localdate() + timedelta(days=460),
    )
    make_internship(later, programme, last_name="Later")

    response = client.get(URL)

    assert response.context["period"] == later
    assert len(response.context["rows"]) == 1


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("confirmed", {"confirmed"}),
        ("student", {"student", "none"}),
        ("organisation", {"organisation", "none"}),
        ("university", {"university", "none"}),
        ("none", {"none"}),
    ],
)
def test_the_state_filter_picks_the_missing_party(client, staff, period, cohort, state, expected):
    client.force_login(staff)

    response = client.get(URL, {"period": period.pk, "state": state})

    assert set(listed(response)) == {cohort[key].pk for key in expected}
    assert response.context["counts"]["total"] == 5  # the counts are of the whole cohort


def test_programme_filter_and_other_periods_are_left_out(client, staff, period, programme, cohort):
    other_programme = factories.ProgrammeFactory(code="MATE")
    in_other_programme = make_internship(period, other_programme, last_name="Ilie")
    make_internship(factories.PeriodFactory(), programme, last_name="Elsewhere")
    client.force_login(staff)

    everyone = client.get(URL, {"period": period.pk})
    one_programme = client.get(URL, {"period": period.pk, "programme": other_programme.pk})

    assert everyone.context["counts"]["total"] == 6
    assert listed(one_programme) == [in_other_programme.pk]
    assert one_programme.context["counts"]["total"] == 1


def test_terminated_internships_are_not_part_of_the_cohort(client, staff, period, programme):
    make_internship(period, programme, status="terminated")
    completed = make_internship(period, programme, status="completed")
    client.force_login(staff)

    response = client.get(URL, {"period": period.pk})

    assert listed(response) == [completed.pk]


def test_paper_and_override_and_the_version_are_shown(client, staff, period, programme):
    now = timezone.now()
    internship = make_internship(
        period, programme, confirmed=(), paper_recorded_at=now, overridden_at=now
    )
    AgreementVersion.objects.create(
        agreement=internship.agreement, number=1, language="ro", facts_digest="a"
    )
    AgreementVersion.objects.create(
        agreement=internship.agreement, number=2, language="ro", facts_digest="b"
    )
    client.force_login(staff)

    response = client.get(URL, {"period": period.pk})

    (row, paper), *_ = response.context["rows"]
    assert row.version_number == 2
    assert paper.paper_recorded_at and paper.overridden_at
    assert response.context["counts"]["paper"] == 1
    page = response.content.decode()
    assert "Recorded on paper" in page and "Logbook opened without it" in page


def test_a_bad_filter_is_shown_and_left_out(client, staff, period, cohort):
    client.force_login(staff)

    response = client.get(URL, {"period": period.pk, "state": "zzz"})

    assert response.status_code == 200
    assert "state" in response.context["filter"].errors
    assert len(listed(response)) == 5


def test_a_period_that_does_not_exist_asks_for_one(client, staff, period, cohort):
    client.force_login(staff)

    response = client.get(URL, {"period": "999999"})

    assert response.status_code == 200
    assert "period" in response.context["filter"].errors
    assert "Choose one of the periods above." in response.content.decode()


@pytest.mark.parametrize("role", ["student", "company_admin", "host_tutor", "supervisor"])
@pytest.mark.parametrize("url", [URL, REMIND, ZIP])
def test_only_staff_open_the_paperwork(client, request, role, url):
    client.force_login(request.getfixturevalue(role))

    assert client.get(url).status_code == 403
    assert client.post(REMIND).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    assert client.get(URL).status_code == 302
    assert client.get(ZIP).status_code == 302


@pytest.mark.parametrize("rows_count", [20, 60])
def test_the_list_costs_the_same_queries_whatever_the_cohort(
    client, staff, period, programme, supervisor, rows_count, django_assert_max_num_queries
):
    for number in range(rows_count):
        internship = make_internship(
            period,
            programme,
            confirmed=ALL[: number % 4],
            supervisor=supervisor if number % 2 else None,
            last_name=f"Student{number:03}",
        )
        AgreementReminder.objects.create(
            internship=internship, party="student", recipient=internship.student, sent_by=staff
        )
    client.force_login(staff)

    with django_assert_max_num_queries(11):
        response = client.get(URL, {"period": period.pk, "programme": programme.pk})

    assert len(response.context["rows"]) == 20
    assert response.context["page"].paginator.count == rows_count


# Reminders -----------------------------------------------------------------------------


def test_the_confirmation_page_says_how_many_people_will_be_reminded(client, staff, period, cohort):
    client.force_login(staff)

    response = client.get(REMIND, {"period": period.pk})

    plan = response.context["plan"]
    # Two students (Bălan, Enache), one host admin, one supervisor (Enache's).
    assert plan.people == 4
    assert (plan.students, plan.host_admins, plan.supervisors) == (2, 1, 1)
    assert [internship.pk for internship in plan.unreachable] == [cohort["university"].pk]
    assert "4 people will be reminded" in response.content.decode()
    assert not Notification.objects.exists()


def test_remind_notifies_every_missing_party_once(
    client, staff, period, cohort, company_admin, supervisor, django_capture_on_commit_callbacks
):
    second_admin = factories.MembershipFactory(organisation=company_admin.membership.organisation)
    factories.MembershipFactory(
        organisation=company_admin.membership.organisation,
        role=OrganisationMembership.Role.RECRUITER,
    )
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REMIND, {"period": period.pk}, follow=True)

    notices = sorted(
        (n.recipient_id, n.kind, n.params.get("student") or n.params.get("organisation"))
        for n in Notification.objects.all()
    )
    none, missing_student, missing_host = cohort["none"], cohort["student"], cohort["organisation"]
    name = lambda internship: internship.student.display_name  # noqa: E731
    host = missing_host.organisation.legal_name
    assert notices == sorted(
        [
            (missing_student.student_id, "agreement_reminder_student", host),
            (none.student_id, "agreement_reminder_student", host),
            (company_admin.pk, "agreement_reminder", name(missing_host)),
            (company_admin.pk, "agreement_reminder", name(none)),
            (second_admin.user.pk, "agreement_reminder", name(missing_host)),
            (second_admin.user.pk, "agreement_reminder", name(none)),
            (supervisor.pk, "agreement_reminder", name(none)),
        ]
    )
    assert AgreementReminder.objects.count() == 7
    events = Event.objects.filter(action="agreement_reminded")
    assert sorted(event.note_text for event in events) == [
        "The host organisation",
        "The student",
        "The student, The host organisation, The university",
    ]
    assert "5 people were reminded" in response.content.decode()


def test_a_second_click_reminds_nobody_twice(client, staff, period, cohort):
    client.force_login(staff)
    client.post(REMIND, {"period": period.pk})
    sent = Notification.objects.count()

    response = client.post(REMIND, {"period": period.pk}, follow=True)

    assert Notification.objects.count() == sent
    assert AgreementReminder.objects.count() == sent
    page = response.content.decode()
    assert "was reminded less than 24 hours ago, last on" in page
    assert "nothing was sent again" in page


def test_after_the_interval_they_are_reminded_again(client, staff, period, cohort):
    client.force_login(staff)
    client.post(REMIND, {"period": period.pk})
    AgreementReminder.objects.update(sent_at=timezone.now() - timedelta(hours=25))
    sent = Notification.objects.count()

    client.post(REMIND, {"period": period.pk})

    assert Notification.objects.count() == 2 * sent


def test_a_new_internship_is_reminded_while_the_others_are_held_back(
    client, staff, period, programme, cohort
):
    client.force_login(staff)
    client.post(REMIND, {"period": period.pk})
    newcomer = make_internship(period, programme, confirmed=("organisation", "university"))

    response = client.post(REMIND, {"period": period.pk}, follow=True)

    assert Notification.objects.filter(recipient=newcomer.student).count() == 1
    page = response.content.decode()
    assert "1 person was reminded" in page
    assert "were reminded recently" in page


def test_completed_or_paper_agreements_are_not_reminded(client, staff, period, programme):
    completed = make_internship(period, programme, confirmed=(), status="completed")
    on_paper = make_internship(period, programme, confirmed=(), paper_recorded_at=timezone.now())
    client.force_login(staff)

    response = client.post(REMIND, {"period": period.pk}, follow=True)

    assert not Notification.objects.filter(
        recipient__in=[completed.student, on_paper.student]
    ).exists()
    assert "There is no one to remind" in response.content.decode()


def test_only_the_filtered_programme_is_reminded(client, staff, period, programme, cohort):
    other = make_internship(period, factories.ProgrammeFactory(), confirmed=())
    client.force_login(staff)

    client.post(
        REMIND, {"period": period.pk, "programme": other.student.student_profile.programme_id}
    )

    assert set(Notification.objects.values_list("recipient", flat=True)) == {other.student_id}


def test_remind_is_a_staff_action(client, period, cohort, company_admin):
    client.force_login(company_admin)

    response = client.post(REMIND, {"period": period.pk})

    assert response.status_code == 403
    assert not AgreementReminder.objects.exists()
    assert not Notification.objects.exists()


def test_remind_without_a_period_changes_nothing(client, staff, cohort):
    client.force_login(staff)

    response = client.post(REMIND, {"period": "abc"}, follow=True)

    assert "Choose a period" in response.content.decode()
    assert not Notification.objects.exists()


# The ZIP -------------------------------------------------------------------------------


def zip_of(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_zip_holds_only_the_fully_confirmed_agreements(
    client, staff, period, programme, cohort
):
    second = make_internship(period, programme, first_name="Ioana Maria", last_name="Șerban-Ță")
    make_internship(factories.PeriodFactory(), programme, last_name="Elsewhere")
    client.force_login(staff)

    response = client.get(ZIP, {"period": period.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    archive = zip_of(response)
    assert sorted(archive.namelist()) == sorted(
        [
            f"INFO-Turcanu-Stefan-{cohort['confirmed'].pk}.pdf",
            f"INFO-Serban-Ta-Ioana-Maria-{second.pk}.pdf",
        ]
    )
    for name in archive.namelist():
        text = PdfReader(io.BytesIO(archive.read(name))).pages[0].extract_text()
        assert text


@pytest.mark.parametrize("reader", ["en", "ro"])
def test_the_zip_is_named_by_the_periods_english_name_whoever_downloads(period, programme, reader):
    period.name_ro = "Vară 2027"
    period.save(update_fields=["name_ro"])

    with translation.override(reader):
        assert zip_name({"period": period}) == "agreements-Summer-2027.zip"
        assert zip_name({"period": period, "programme": programme}) == (
            "agreements-Summer-2027-INFO.zip"
        )


def test_the_zip_uses_the_signed_pdf_of_the_current_version(
    client, staff, period, programme, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    internship = make_internship(period, programme)
    old = AgreementVersion(
        agreement=internship.agreement, number=1, language="ro", facts_digest="a"
    )
    old.signed_pdf.save(
        "v1-signed.pdf", ContentFile(factories.pdf_bytes("Old version")), save=False
    )
    old.save()
    current = AgreementVersion(
        agreement=internship.agreement, number=2, language="ro", facts_digest="b"
    )
    current.signed_pdf.save(
        "v2-signed.pdf", ContentFile(factories.pdf_bytes("Signed version two")), save=False
    )
    current.save()
    client.force_login(staff)

    archive = zip_of(client.get(ZIP, {"period": period.pk, "programme": programme.pk}))

    (name,) = archive.namelist()
    text = PdfReader(io.BytesIO(archive.read(name))).pages[0].extract_text()
    assert "Signed version two" in text


def test_a_cohort_with_nothing_confirmed_gets_a_message_not_an_empty_zip(
    client, staff, period, programme
):
    make_internship(period, programme, confirmed=("student",))
    client.force_login(staff)

    response = client.get(ZIP, {"period": period.pk}, follow=True)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "nothing to download" in response.content.decode()


def test_the_zip_follows_the_state_and_programme_filters(client, staff, period, cohort):
    client.force_login(staff)

    response = client.get(ZIP, {"period": period.pk, "state": "student"}, follow=True)

    assert "nothing to download" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_remind_each_person_once(staff, period, cohort):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")

    def remind():
        services.remind_missing_parties(
            by=staff, internships=cohort_of(staff).filter(period=period)
        )

    outcomes = at_once(remind, remind)

    assert sorted(outcome.split(":")[0] for outcome in outcomes) == ["done", "refused"]
    assert AgreementReminder.objects.count() == Notification.objects.count() == 5


def test_the_staff_menu_and_dashboard_link_to_the_cohort_agreements(client, staff, period):
    client.force_login(staff)

    page = client.get(reverse("staff_home"), {"period": period.pk}).content.decode()

    assert f'href="{URL}"' in page
    assert f'href="{URL}?period={period.pk}"' in page
