"""A number in the request that is no number we use (a superscript, 5,000 digits) is refused
or ignored, never a server error."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("pk", ["9" * 5000, "9" * 30, "²", "١"])
@pytest.mark.parametrize("action", ["send", "find"])
def test_a_chosen_host_that_is_no_number_is_no_error(client, student, period, pk, action):
    client.force_login(student)

    response = client.post(reverse("proposal_create"), {"organisation": pk, "action": action})

    assert response.status_code in (200, 400)
