"""One conversation per application, between the student and the placement's organisation.

The application is the thread: a message belongs to one application, and each person keeps
a read marker per application (the last message they have seen), from which the unread
counts are worked out.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from internships.models import Application

MAX_LENGTH = 5000


class Message(models.Model):
    """A message of the applicant or of a member of the placement's organisation. Plain
    text; kept, never edited or deleted."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="messages",
        verbose_name=_("application"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"), max_length=MAX_LENGTH)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["id"]
        indexes = [models.Index(fields=["application", "id"], name="message_thread_idx")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(body=""), name="message_body_not_empty"),
        ]

    def __str__(self):
        return self.body[:60]

    def get_absolute_url(self):
        return reverse("conversation", args=[self.application_id]) + f"#message-{self.pk}"


class ReadMarker(models.Model):
    """How far one person has read one application's conversation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    last_read = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "application"], name="one_read_marker"),
        ]

    def __str__(self):
        return f"{self.user_id} read {self.application_id} up to {self.last_read_id}"
