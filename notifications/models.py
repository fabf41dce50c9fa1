"""What happened and who is told: each workflow's timeline, and each person's notices."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import AppendOnlyError

from . import kinds, notes


class AppendOnlyQuerySet(models.QuerySet):
    """A record's rows are written once: no bulk update or delete (nor bulk_update, which
    updates through here)."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows are never changed.")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} rows are never deleted.")

    update.queryset_only = True
    delete.queryset_only = True


class AppendOnlyModel(models.Model):
    """A line of the audit record: saved once, never changed nor deleted. On PostgreSQL a
    trigger refuses UPDATE and DELETE too (migration 0006), whoever connects."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows are never deleted.")


class Event(AppendOnlyModel):
    """One recorded change: who, when, from, to and a note, for the timelines and the audit
    log. Kept when its subject is deleted (a removed CV, say): the line says it happened."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    note = models.TextField(blank=True)
    # A note the platform wrote is stored as a kind and its parameters (notifications.notes)
    # and shown in the reader's language; `note` keeps what a person wrote (a reason).
    note_kind = models.CharField(max_length=40, blank=True)
    note_params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "internships_event"
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "created_at"]),
            # The audit log: newest first, all of it or one action or one person's.
            models.Index(fields=["-created_at", "-id"], name="event_newest"),
            models.Index(fields=["action", "-created_at"], name="event_action_newest"),
            models.Index(fields=["actor", "-created_at"], name="event_actor_newest"),
        ]

    def __str__(self):
        return f"{self.action}: {self.from_status} → {self.to_status}"

    def _label(self, code: str) -> str:
        """A status code in words, by the subject's own Status choices (cached content type)."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        choices = getattr(model, "Status", None)
        if not code or choices is None or code not in choices.values:
            return code
        return choices(code).label

    @property
    def note_text(self) -> str:
        """The note in the reader's language: the platform's sentence of its kind (which
        carries what a person wrote as a parameter, when it frames it), else what was written;
        both when a person's words were kept beside a kind that does not frame them."""
        if not self.note_kind:
            return self.note
        text = notes.render(self.note_kind, self.note_params)
        return f"{text}\n{self.note}" if self.note else text

    @property
    def from_label(self) -> str:
        return self._label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)


class Access(AppendOnlyModel):
    """One opening of a personal file: who, when, which kind of file, of which object. The
    address it came from is not kept: the person is known (every such file needs a sign-in),
    and an address would be one more personal datum to keep and erase (GDPR minimisation)."""

    class Kind(models.TextChoices):
        CV = "cv", _("CV")
        AGREEMENT = "agreement", _("Agreement")
        AGREEMENT_SCAN = "agreement_scan", _("Scan of a paper agreement")
        AMENDMENT = "amendment", _("Amendment to an agreement")
        LOGBOOK = "logbook", _("Practice file")
        EVALUATION = "evaluation", _("Evaluation")
        RESULT = "result", _("Academic result")
        CERTIFICATE = "certificate", _("Certificate")
        AGREEMENTS_ZIP = "agreements_zip", _("Agreements of a cohort (ZIP)")
        EXPORT = "export", _("Export of a list")
        DATA_COPY = "data_copy", _("Copy of a person's data")
        API_CALL = "api_call", _("API call")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    kind = models.CharField(_("kind of file"), max_length=20, choices=Kind.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    label = models.CharField(_("file"), max_length=300, blank=True)
    # An export's format, filters (the query string) and, when known, its number of rows.
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("file opened")
        verbose_name_plural = _("files opened")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="access_newest"),
            models.Index(fields=["user", "-created_at"], name="access_user_newest"),
            models.Index(fields=["kind", "-created_at"], name="access_kind_newest"),
            models.Index(fields=["content_type", "object_id", "created_at"], name="access_subject"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.label}"


class Notification(models.Model):
    """In-app notice for one person; the same text goes out by e-mail in a background job."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # How it reaches its reader besides the app, decided by the e-mail job from their
    # choices: blank until then; "digest" waits (emailed_at empty) for the next digest.
    delivery = models.CharField(
        _("delivery"), max_length=10, blank=True, choices=list(kinds.CHANNELS.items())
    )

    class Meta:
        db_table = "internships_notification"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"]),
            models.Index(
                fields=["recipient"],
                condition=models.Q(delivery="digest", emailed_at=None),
                name="notification_digest_pending",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        return kinds.render_text(self.kind, self.params)


class NotificationSettings(models.Model):
    """One person's notification choices; a person without a row has the groups' defaults
    and a daily digest (notifications.choices)."""

    class Digest(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("user"),
    )
    digest = models.CharField(
        _("digest"), max_length=8, choices=Digest.choices, default=Digest.DAILY
    )
    digest_weekday = models.PositiveSmallIntegerField(_("day of the weekly digest"), default=0)
    # {group: channel}; a group absent has its default channel (kinds.GROUPS).
    choices = models.JSONField(_("channel of each group"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digest_weekday__lte=6), name="notification_digest_weekday"
            )
        ]

    def __str__(self):
        return f"{self.user_id}: {self.digest}"


class Digest(models.Model):
    """One person's digest of one day: made in the transaction that queues its e-mail and
    marks its notifications, so that a person gets at most one a day, however many runs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digests",
        verbose_name=_("user"),
    )
    on = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("notifications listed"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [models.UniqueConstraint(fields=["user", "on"], name="one_digest_a_day")]

    def __str__(self):
        return f"{self.user_id} {self.on}"
