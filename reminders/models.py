from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    """One reminder sent: by which rule, at which threshold, to whom and about what. There is
    one per rule, threshold, person and subject, ever: the unique constraint is what makes a
    reminder go once, however many runs there are. The record is kept."""

    rule = models.CharField(_("rule"), max_length=64)
    # A step before a due date with the date ("7d:2027-05-01", "overdue:2027-05-01"), a date
    # or a version ("" when the rule has a single threshold).
    threshold = models.CharField(_("threshold"), max_length=32, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    due_on = models.DateField(_("due on"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"))
    notification = models.ForeignKey(
        "notifications.Notification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "threshold", "recipient", "content_type", "object_id"],
                name="reminder_once_per_subject_and_threshold",
            )
        ]
        indexes = [
            models.Index(fields=["sent_on", "rule"]),
            # The daily run reads what a rule sent about today's subjects only.
            models.Index(fields=["rule", "object_id"]),
        ]

    def __str__(self):
        return f"{self.rule} {self.threshold} → {self.recipient_id} ({self.sent_on})"
