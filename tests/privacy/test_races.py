import threading

import pytest
from django.db import connection

from core.services import ServiceError
from privacy import services
from privacy.models import DataExport, ErasureRequest
from tests import factories


def twice_at_once(service, **kwargs):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    barrier = threading.Barrier(2)
    done, refused = [], []

    def one():
        try:
            barrier.wait()
            done.append(service(**kwargs))
        except ServiceError as error:
            refused.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done, refused


@pytest.mark.django_db(transaction=True)
def test_a_copy_asked_twice_at_once_is_prepared_once(monkeypatch):
    monkeypatch.setattr(services, "_enqueue", lambda export_id: None)
    student = factories.StudentFactory().user

    done, refused = twice_at_once(services.request_export, by=student)

    assert (len(done), len(refused)) == (1, 1)
    assert DataExport.objects.filter(user=student).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_erasure_asked_twice_at_once_is_recorded_once(monkeypatch):
    monkeypatch.setattr(services, "_enqueue_erasure", lambda request_id: None)
    student = factories.StudentFactory().user

    done, refused = twice_at_once(services.request_erasure, by=student, email=student.email)

    assert (len(done), len(refused)) == (1, 1)
    assert ErasureRequest.objects.filter(user=student).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_retention_runs_at_once_ask_one_erasure():
    from privacy import retention

    student = factories.StudentFactory().user

    def ask(**kwargs):
        if retention._ask_erasure(student) is None:
            raise ServiceError("asked already")
        return True

    done, refused = twice_at_once(ask)

    assert (len(done), len(refused)) == (1, 1)
    assert ErasureRequest.objects.filter(user=student).count() == 1
