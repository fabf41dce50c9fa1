import pytest

from conversations.models import Message


@pytest.fixture
def write():
    """A message written straight into a thread (the service is tested on its own)."""

    def write(application, author, body="Bună ziua!"):
        return Message.objects.create(application=application, author=author, body=body)

    return write
