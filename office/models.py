"""The office's own records: the roster files staff upload, the reminders staff send."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RosterImport(models.Model):
    """A roster file staff uploaded: previewed row by row, imported once confirmed."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Awaiting confirmation")
        IMPORTED = "imported", _("Imported")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    # One dict per row: the parsed values, and the row's errors (empty when it is fine).
    rows = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PREVIEW)
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "accounts_rosterimport"
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name


class AgreementReminder(models.Model):
    """One reminder staff sent to one person whose confirmation of an internship's agreement
    is awaited. Kept so that a second click, or a colleague's, within the reminder interval
    does not remind the same person about the same agreement again."""

    class Party(models.TextChoices):
        STUDENT = "student", _("The student")
        ORGANISATION = "organisation", _("The host organisation")
        UNIVERSITY = "university", _("The university")

    internship = models.ForeignKey(
        "internships.Internship", on_delete=models.PROTECT, related_name="+"
    )
    # The number of the agreement's version then current; 0 when it had none yet.
    version = models.PositiveIntegerField(_("version"), default=0)
    party = models.CharField(_("party"), max_length=16, choices=Party.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement reminder")
        verbose_name_plural = _("agreement reminders")
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(fields=["internship", "recipient", "-sent_at"], name="reminder_recent_idx")
        ]

    def __str__(self):
        return f"{self.get_party_display()}: {self.internship_id} ({self.sent_at:%Y-%m-%d %H:%M})"


class SavedReport(models.Model):
    """A staff list saved by a member of staff with its filters, sort order, columns and
    file format, under a name, to download again with the day's data in one click."""

    class Format(models.TextChoices):
        XLSX = "xlsx", _("Excel (XLSX)")
        CSV_SEMICOLON = "csv-semicolon", _("CSV with semicolons")
        CSV = "csv", _("CSV with commas")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_reports",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=100)
    # The slug of the list in core.reports.REPORTS.
    list_slug = models.CharField(_("list"), max_length=40)
    # {parameter: [values]}: the list's filters and sort order, checked when saved.
    params = models.JSONField(_("filters"), default=dict, blank=True)
    # The keys of the chosen columns (core.exports.Column.key), in the list's order.
    columns = models.JSONField(_("columns"), default=list, blank=True)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_downloaded_at = models.DateTimeField(_("last downloaded"), null=True, blank=True)

    class Meta:
        verbose_name = _("saved report")
        verbose_name_plural = _("saved reports")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "owner", name="saved_report_name_once_per_owner")
        ]

    def __str__(self):
        return self.name
