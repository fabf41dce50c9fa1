import threading

import pytest
from django.db import connection

from conversations import services
from conversations.models import Message
from core.services import ServiceError
from internships.models import Application
from internships.services import reject_application
from notifications.models import Event


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_a_message_and_a_rejection_at_once_never_leave_a_message_after_the_end(
    attempt, student, application, company_admin
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    barrier = threading.Barrier(2)
    outcomes = {}

    def post():
        try:
            barrier.wait()
            services.post_message(application=application, by=student, body="Bună ziua!")
            outcomes["post"] = "sent"
        except ServiceError:
            outcomes["post"] = "refused"
        finally:
            connection.close()

    def reject():
        try:
            barrier.wait()
            reject_application(application=application, by=company_admin)
            outcomes["reject"] = "rejected"
        finally:
            connection.close()

    threads = [threading.Thread(target=post), threading.Thread(target=reject)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes["reject"] == "rejected"
    assert Application.objects.get(pk=application.pk).status == "rejected"
    rejected_at = Event.objects.get(object_id=application.pk, to_status="rejected").created_at
    sent = list(Message.objects.all())
    assert len(sent) == (1 if outcomes["post"] == "sent" else 0)
    assert all(message.created_at <= rejected_at for message in sent)
