import pytest
from django.urls import reverse
from django.utils import timezone

from core.services import ServiceError
from documents import issuing, services
from documents.models import Certificate, IssueJob
from tests import factories

PAGE = reverse("staff_certificates")
START = reverse("issue_job_start")


def completed_internships(period, count):
    placement = factories.PlacementFactory(period=period, positions=count)
    return [
        factories.InternshipFactory(
            application=factories.ApplicationFactory(placement=placement, status="accepted"),
            status="completed",
            completed_at=timezone.now(),
        )
        for _ in range(count)
    ]


def job_url(job):
    return reverse("issue_job", args=[job.pk])


# The job itself ------------------------------------------------------------------------


def test_the_job_issues_one_certificate_per_completed_internship_even_run_twice(
    staff, period, internship
):
    done = completed_internships(period, 3)
    job = IssueJob.objects.create(period=period, started_by=staff)

    first = issuing.run_issue_job(job.pk)
    delivered_again = issuing.run_issue_job(job.pk)
    second = issuing.run_issue_job(IssueJob.objects.create(period=period, started_by=staff).pk)

    assert first.status == "done" and first.done == 3 and first.total == 3
    assert (delivered_again.done, delivered_again.total) == (3, 3)
    assert second.done == 0
    assert Certificate.objects.count() == 3
    assert set(Certificate.objects.values_list("internship", flat=True)) == {i.pk for i in done}
    assert not Certificate.objects.filter(internship=internship).exists()


def test_the_job_skips_internships_that_already_have_a_certificate(staff, period):
    first, _, _ = completed_internships(period, 3)
    services.issue_certificate(internship=first, by=staff)
    job = IssueJob.objects.create(period=period, started_by=staff)

    job = issuing.run_issue_job(job.pk)

    assert job.done == 2
    assert Certificate.objects.filter(internship=first).count() == 1
    assert Certificate.objects.count() == 3


def test_a_second_start_is_refused_while_one_runs(staff, period):
    completed_internships(period, 2)
    job = IssueJob.objects.create(period=period, started_by=staff, status="running")

    with pytest.raises(ServiceError, match="being issued already"):
        services.start_issue_job(period=period, by=staff)

    assert IssueJob.objects.get() == job


def test_starting_twice_issues_each_certificate_once(
    staff, period, django_capture_on_commit_callbacks
):
    completed_internships(period, 3)

    with django_capture_on_commit_callbacks(execute=True):
        services.start_issue_job(period=period, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_issue_job(period=period, by=staff)

    assert Certificate.objects.count() == 3
    assert list(IssueJob.objects.order_by("pk").values_list("done", flat=True)) == [3, 0]


# Starting it from the page -------------------------------------------------------------


def test_starting_needs_staff(client, student, period):
    client.force_login(student)

    assert client.post(START, {"period": period.pk}).status_code == 403
    assert not IssueJob.objects.exists()


def test_starting_is_a_post(client, staff, period):
    client.force_login(staff)

    assert client.get(START, {"period": period.pk}).status_code == 405


def test_starting_without_a_period_says_so(client, staff, period):
    client.force_login(staff)

    response = client.post(START, {"period": "nonsense"}, follow=True)

    assert "Choose one of the periods in the list." in response.content.decode()
    assert not IssueJob.objects.exists()


def test_staff_start_the_job_and_land_on_its_page(
    client, staff, period, django_capture_on_commit_callbacks
):
    completed_internships(period, 2)
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(START, {"period": period.pk})

    job = IssueJob.objects.get()
    assert response.status_code == 302
    assert response.url == job_url(job)
    assert Certificate.objects.count() == 2
    page = client.get(job_url(job)).content.decode()
    assert "Done" in page
    assert "2 of 2 certificates issued" in page


def test_a_start_while_one_runs_gets_a_message(client, staff, period):
    IssueJob.objects.create(period=period, started_by=staff, status="running")
    client.force_login(staff)

    response = client.post(START, {"period": period.pk}, follow=True)

    assert "Certificates for this period are being issued already." in response.content.decode()
    assert IssueJob.objects.count() == 1


# The job's page ------------------------------------------------------------------------


def test_the_job_page_needs_staff(client, company_admin, staff, period):
    job = IssueJob.objects.create(period=period, started_by=staff)
    client.force_login(company_admin)

    assert client.get(job_url(job)).status_code == 403


def test_an_unknown_job_is_404(client, staff):
    client.force_login(staff)

    assert client.get(reverse("issue_job", args=[999])).status_code == 404


def test_a_running_job_shows_its_progress_and_polls(client, staff, period):
    job = IssueJob.objects.create(
        period=period, started_by=staff, status="running", total=10, done=4, skipped=1
    )
    client.force_login(staff)

    content = client.get(job_url(job)).content.decode()

    assert "Running" in content
    assert "4 of 10 certificates issued" in content
    assert "1 skipped" in content
    assert '<progress id="issue-job-progress" max="100" value="50">' in content
    assert '<label for="issue-job-progress">' in content
    assert f'hx-get="{job_url(job)}"' in content
    assert 'hx-trigger="every 2s"' in content
    assert ">Refresh</a>" in content
    assert 'http-equiv="refresh"' not in content


def test_htmx_gets_only_the_fragment(client, staff, period):
    job = IssueJob.objects.create(period=period, started_by=staff, status="queued")
    client.force_login(staff)

    content = client.get(job_url(job), headers={"HX-Request": "true"}).content.decode()

    assert content.lstrip().startswith('<div id="issue-job"')
    assert "<html" not in content
    assert "Queued" in content


def test_a_finished_job_stops_polling_and_links_back(client, staff, period):
    job = IssueJob.objects.create(period=period, started_by=staff, status="done", total=3, done=3)
    client.force_login(staff)

    content = client.get(job_url(job)).content.decode()

    assert "Done" in content
    assert "hx-trigger" not in content
    assert f'href="{PAGE}?period={period.pk}"' in content


# The certificates page -----------------------------------------------------------------


def test_the_page_needs_staff(client, student):
    client.force_login(student)

    assert client.get(PAGE).status_code == 403


def test_the_page_counts_completed_and_certified_internships(client, staff, period, internship):
    first, _, _ = completed_internships(period, 3)
    certificate = services.issue_certificate(internship=first, by=staff)
    client.force_login(staff)

    response = client.get(PAGE, {"period": period.pk})

    content = response.content.decode()
    assert response.context["summary"] == {
        "completed": 3,
        "certified": 1,
        "missing": 2,
        "revoked": 0,
    }
    assert "Issue the missing certificates" in content
    assert certificate.serial in content
    assert "Valid" in content


def test_the_page_lists_revoked_certificates_as_revoked(client, staff, period):
    (first,) = completed_internships(period, 1)
    certificate = services.issue_certificate(internship=first, by=staff)
    services.revoke_certificate(certificate=certificate, by=staff, reason="Greșeală")
    client.force_login(staff)

    response = client.get(PAGE, {"period": period.pk})

    assert "Revoked" in response.content.decode()
    assert response.context["summary"]["certified"] == 0


def test_the_page_shows_the_recent_jobs_of_the_period(client, staff, period):
    job = IssueJob.objects.create(
        period=period, started_by=staff, status="running", total=8, done=2
    )
    client.force_login(staff)

    content = client.get(PAGE, {"period": period.pk}).content.decode()

    assert job_url(job) in content
    assert "2 of 8 issued, 0 skipped" in content


def test_an_unknown_period_shows_the_choice_again(client, staff, period):
    client.force_login(staff)

    response = client.get(PAGE, {"period": "999"})

    assert response.status_code == 200
    assert "Choose one of the periods in the list." in response.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_page_needs_the_same_queries_for_3_or_30_certificates(
    client, staff, period, rows, django_assert_max_num_queries
):
    for internship in completed_internships(period, rows):
        services.issue_certificate(internship=internship, by=staff)
    client.force_login(staff)

    with django_assert_max_num_queries(10):
        response = client.get(PAGE, {"period": period.pk})

    assert len(response.context["page"]) == min(rows, 20)
