from django.core.management.base import BaseCommand
from django.db import transaction

from seed.demo import allocation as allocation_demo
from seed.demo import conversations as conversations_demo
from seed.demo import internships as placements_demo
from seed.demo import mentors as mentoring_demo
from seed.demo import paperwork as paperwork_demo
from seed.demo import reminders as reminders_demo
from seed.demo.accounts import DEMO_LOGINS, DEMO_PASSWORD, Seeder


class Command(BaseCommand):
    help = "Load deterministic demo data (safe to run again: nothing is duplicated)."

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=400)
        parser.add_argument("--organisations", type=int, default=80)
        parser.add_argument("--mentors", type=int, default=50)
        parser.add_argument("--placements", type=int, default=250)
        parser.add_argument("--applications", type=int, default=2000)

    @transaction.atomic
    def handle(self, *args, students, organisations, mentors, placements, applications, **options):
        seeder = Seeder(students=students, organisations=organisations, mentors=mentors)
        seeder.run()
        made = placements_demo.seed(
            seeder.rng, placements=placements, target_applications=applications
        )
        if made["placements"]:
            self.stdout.write(
                f"{made['placements']} placements, {made['applications']} applications and "
                f"{made['internships']} internships created."
            )
        mentoring = mentoring_demo.seed(seeder.rng, running=min(40, students))
        if mentoring["running"] or mentoring["completed"]:
            self.stdout.write(
                f"{mentoring['running']} running internships with logbooks; "
                f"{mentoring['completed']} completed with evaluations and results."
            )
        paperwork = paperwork_demo.seed()
        if paperwork:
            self.stdout.write(
                f"{paperwork['proposals']} internships students found (in every state), "
                f"{paperwork['recorded']} recorded from paper, "
                f"{paperwork['amendments']} amendments."
            )
        reminding = reminders_demo.seed()
        if reminding:
            self.stdout.write(
                f"Something to remind of: {reminding['agreements']} agreements to confirm, "
                f"{reminding['internships']} internships of a winter school near their end."
            )
        if conversations := conversations_demo.seed():
            self.stdout.write(f"{conversations} conversations of the demo student.")
        certificates = placements_demo.seed_certificates()
        if certificates:
            self.stdout.write(f"{certificates} certificates issued (one revoked and reissued).")
        if allocation := allocation_demo.seed():
            self.stdout.write(
                f"An allocation round ready to run: {allocation['students']} students ranked "
                f"{allocation['placements']} placements, the hosts ranked them."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready ({seeder.created} accounts created).")
        )
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        for role, email in DEMO_LOGINS:
            self.stdout.write(f"  {role:30} {email}")
