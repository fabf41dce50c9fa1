from django.core.management.base import BaseCommand

from internships import services, tasks


class Command(BaseCommand):
    help = "Expire the offers whose answer deadline has passed (run_scheduler queues it hourly)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the job for the task worker instead of running it here.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = tasks.expire_offers.enqueue()
            self.stdout.write(f"Queued as task {result.id}.")
            return
        count = services.expire_offers()
        self.stdout.write(self.style.SUCCESS(f"{count} offer(s) expired."))
