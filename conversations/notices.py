"""What conversations tell people: a new message."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import register

register(
    "message_received",
    _("New message from %(author)s about “%(placement)s”."),
    group="messages",
)
