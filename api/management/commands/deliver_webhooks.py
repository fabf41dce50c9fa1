"""Send the webhook deliveries that are due, here and now (without the task worker)."""

from django.core.management.base import BaseCommand

from api import webhooks


class Command(BaseCommand):
    help = "Send the webhook deliveries that are due (first tries and retries)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, limit, **options):
        sent = webhooks.send_due(limit=limit)
        self.stdout.write(f"{sent} webhook deliveries attempted.")
