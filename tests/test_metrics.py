"""Metrics for Prometheus: staff or an internal address only; requests, latency, the job
queue, failed jobs, and the gauges apps register."""

from unittest import mock

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import metrics

URL = "/metrics"


@pytest.fixture
def outside(settings):
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    return {"REMOTE_ADDR": "203.0.113.9"}


def test_an_anonymous_visitor_from_outside_finds_nothing(client, db, outside):
    response = client.get(URL, **outside)

    assert response.status_code == 404


def test_a_student_from_outside_finds_nothing(client, student, outside):
    client.force_login(student)

    assert client.get(URL, **outside).status_code == 404


def test_staff_read_the_metrics_from_anywhere(client, staff, outside):
    client.force_login(staff)
    response = client.get(URL, **outside)

    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    for name in (
        "django_http_requests_total_by_method",
        "django_http_requests_latency_seconds_by_view_method",
        "practica_jobs_waiting",
        "practica_jobs_failed",
    ):
        assert name in body


def test_an_internal_address_reads_them_without_signing_in(client, db, settings):
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]

    response = client.get(URL, REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 200


def test_behind_a_proxy_the_forwarded_address_counts_not_the_proxys(client, db, settings):
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    settings.TRUSTED_PROXY_COUNT = 1

    response = client.get(URL, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert response.status_code == 404


def test_the_queue_gauges_count_waiting_and_failed_jobs(client, db, settings):
    settings.METRICS_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    for status in ("READY", "READY", "FAILED"):
        DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="x",
            backend_name="default",
            run_after=timezone.now(),
        )

    body = client.get(URL, REMOTE_ADDR="127.0.0.1").content.decode()

    assert "practica_jobs_waiting 2.0" in body
    assert "practica_jobs_failed 1.0" in body


def test_apps_register_their_gauges_and_a_broken_one_is_left_out(client, db, settings):
    settings.METRICS_ALLOWED_NETWORKS = ["127.0.0.1/32"]

    def broken():
        raise RuntimeError("no table yet")

    gauges = {
        "practica_mail_undelivered": ("E-mails not yet accepted.", lambda: 4),
        "practica_broken": ("Broken.", broken),
    }
    with mock.patch.dict(metrics.GAUGES, gauges):
        response = client.get(URL, REMOTE_ADDR="127.0.0.1")

    body = response.content.decode()
    assert response.status_code == 200
    assert "practica_mail_undelivered 4.0" in body
    assert "practica_broken" not in body


def test_the_undelivered_mail_is_a_metric(client, staff):
    from post_office.models import STATUS, Email

    Email.objects.create(
        from_email="no-reply@practica.local",
        to=["someone@example.org"],
        subject="Stuck",
        message="Body",
        status=STATUS.failed,
    )
    client.force_login(staff)

    text = client.get("/metrics").content.decode()

    assert "practica_mail_waiting 0.0" in text
    assert "practica_mail_failed 1.0" in text


def test_by_default_no_network_reads_the_metrics_unsigned_not_even_loopback(client, db):
    """Behind a proxy on the same host every visitor would come from 127.0.0.1."""
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
