"""What a student keeps while looking for placements: placements saved for later, and
searches saved with their filters, which may alert them (in their digest) to new matches.

Imported by internships.models, so Django counts these models as the app's."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


class SavedPlacement(models.Model):
    """A placement a student saved to come back to."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_placements",
        verbose_name=_("student"),
    )
    placement = models.ForeignKey(
        "internships.Placement",
        on_delete=models.CASCADE,
        related_name="saved_by",
        verbose_name=_("placement"),
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("saved placement")
        verbose_name_plural = _("saved placements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["student", "placement"], name="saved_placement_once")
        ]

    def __str__(self):
        return f"{self.student_id} → {self.placement_id}"


class SavedSearch(models.Model):
    """A student's search of placements, by its filters (the search page's GET parameters),
    with a name and the alerts they chose: placements published since the last alert that
    match it are listed in their digest, each once."""

    class Alerts(models.TextChoices):
        NONE = "none", _("No alerts")
        DAILY = "daily", _("Daily, in my digest")
        WEEKLY = "weekly", _("Weekly, in my digest")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("student"),
    )
    name = models.CharField(_("name"), max_length=100)
    # {parameter: [values]}: only the search's known filters, checked when saved.
    params = models.JSONField(_("filters"), default=dict, blank=True)
    alerts = models.CharField(
        _("alerts"), max_length=8, choices=Alerts.choices, default=Alerts.WEEKLY
    )
    # Alerts list placements published after this (when the search was saved, or its
    # alerts turned on again), in the window internships.alerts looks back over.
    alerted_until = models.DateTimeField(_("alerted until"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["student", "name"], name="saved_search_name_once")
        ]
        indexes = [models.Index(fields=["alerts", "student"], name="saved_search_alerts")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        url = reverse("placement_search")
        return f"{url}?{self.query_string}" if self.params else url

    @property
    def query_string(self) -> str:
        return urlencode(self.params, doseq=True)


class SavedSearchAlert(models.Model):
    """A placement a saved search alerted its student to: each is alerted once."""

    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.CASCADE, related_name="alerts_sent"
    )
    placement = models.ForeignKey(
        "internships.Placement", on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # The digest job deletes the rows older than the alerts' window.
        indexes = [models.Index(fields=["sent_at"], name="saved_search_alert_sent")]
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "placement"], name="saved_search_alert_once"
            )
        ]

    def __str__(self):
        return f"{self.saved_search_id} → {self.placement_id}"
