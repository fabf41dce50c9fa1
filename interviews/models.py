"""Interview slots a host publishes for a placement, and the students' bookings of them."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from internships.models import Application, Placement


class Slot(models.Model):
    """A time a host can interview one student: published, then booked, moved or cancelled.
    A cancelled slot is kept (cancelled_at), never deleted."""

    placement = models.ForeignKey(
        Placement,
        on_delete=models.PROTECT,
        related_name="interview_slots",
        verbose_name=_("placement"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("length in minutes"))
    location = models.CharField(_("place or video link"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    created_at = models.DateTimeField(_("published"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["placement", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=24 * 60),
                name="interview_slot_minutes",
            )
        ]

    def __str__(self):
        when = formats.date_format(timezone.localtime(self.starts_at), "DATETIME_FORMAT")
        return f"{self.placement} · {when}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Booking(models.Model):
    """One student's booking of one slot. Moving it keeps the booking (and its calendar
    UID) and raises its `sequence`, so that calendar apps update the event they hold."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")

    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("slot")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="interview_bookings",
        verbose_name=_("application"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.BOOKED
    )
    # The host member who organises the interview (the calendar event's ORGANIZER): the
    # slot's publisher when booked, kept when the booking moves to another member's slot.
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organiser"),
    )
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    reschedule_request = models.CharField(_("request to reschedule"), max_length=500, blank=True)
    reschedule_requested_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("booked"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("interview booking")
        verbose_name_plural = _("interview bookings")
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            # The last word in a race: one live booking a slot, one an application.
            models.UniqueConstraint(
                fields=["slot"],
                condition=models.Q(status="booked"),
                name="one_booking_a_slot",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status="booked"),
                name="one_booking_an_application",
            ),
        ]

    def __str__(self):
        return f"{self.application} · {self.slot}"

    @property
    def is_booked(self) -> bool:
        return self.status == self.Status.BOOKED
