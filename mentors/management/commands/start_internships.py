from django.core.management.base import BaseCommand

from mentors import services, tasks


class Command(BaseCommand):
    help = "Start the planned internships whose start date has come (run_scheduler: daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the job for the task worker instead of running it here.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = tasks.start_due_internships.enqueue()
            self.stdout.write(f"Queued as task {result.id}.")
            return
        count = services.start_due_internships()
        self.stdout.write(self.style.SUCCESS(f"{count} internship(s) started."))
