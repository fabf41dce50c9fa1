"""`manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]`: the day's reminders by hand
(the scheduler sends them every day at REMINDERS_HOUR). Safe to run twice: a reminder goes
once."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders import services


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--date: {text!r} is not a date (YYYY-MM-DD).") from error


class Command(BaseCommand):
    help = "Send the reminders due on a day (default: today), each once; --dry-run lists them."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to send for, YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be sent; send nothing."
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        today = day(date) if date else timezone.localdate()
        if dry_run:
            for rule, candidates in services.preview(today).items():
                self.stdout.write(f"{today} {rule.name}: {len(candidates)} to send")
            return
        report = services.send_reminders(today=today)
        for name, rule in report.rules.items():
            busy = " (another run is sending them)" if rule.busy else ""
            self.stdout.write(f"{today} {name}: {rule.sent} sent{busy}")
        self.stdout.write(self.style.SUCCESS(f"{report.sent} reminders sent for {today}."))
