"""`manage.py demo_reminders`: a week of reminders on the console. It walks the last
DAYS days up to today, sends each day's reminders (with that day passed explicitly), and
prints each one: its day, its rule, to whom, and its text in the recipient's language.
Safe to run again: what was sent is not sent twice; a second run prints the same week (and
what is new)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from reminders import services
from reminders.models import Reminder


class Command(BaseCommand):
    help = "Send the reminders of the last week, day by day, and print them."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="How many days (default: 7).")

    def handle(self, *args, days=7, **options):
        today = timezone.localdate()
        total = 0
        for back in range(days - 1, -1, -1):
            day = today - timedelta(days=back)
            report = services.send_reminders(today=day)
            sent = (
                Reminder.objects.filter(sent_on=day)
                .select_related("recipient", "notification")
                .order_by("rule", "recipient__email", "pk")
            )
            for reminder in sent:
                with translation.override(reminder.recipient.reads):
                    text = reminder.notification.text if reminder.notification else ""
                self.stdout.write(f"{day}  {reminder.rule:24} {reminder.recipient.email:40} {text}")
            total += report.sent
        self.stdout.write(
            self.style.SUCCESS(
                f"{total} reminders sent by this run over the {days} days up to {today} "
                "(each goes once: a run again sends only what is new)."
            )
        )
