"""Benchmark data at national scale (see seed/scale/__init__.py); run seed_demo first."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from seed import bulk, scale


class Command(BaseCommand):
    help = (
        "Seed the benchmark data on top of the demo: 50,000 students, 2,000 organisations, "
        "5,000 placements, 250,000 applications, 20,000 internships, about 1,000,000 logbook "
        "entries (use --scale or the size options for a smaller run). Runs once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiply every full size by this (0.01 gives a quick run on SQLite).",
        )
        for key, value in scale.FULL.items():
            parser.add_argument(f"--{key}", type=int, help=f"Default {value:,} times --scale.")

    def handle(self, *args, **options):
        if count := scale.already_seeded():
            self.stdout.write(f"Benchmark data is there already ({count} accounts); nothing done.")
            return
        sizes = scale.scaled(options["scale"])
        sizes.update({k: options[k] for k in scale.FULL if options.get(k) is not None})
        if sizes["pipeline"] > sizes["students"]:
            raise CommandError("--pipeline cannot exceed --students.")
        self.stdout.write("Seeding: " + ", ".join(f"{k} {v:,}" for k, v in sizes.items()))
        started = time.perf_counter()
        with transaction.atomic():
            counts = scale.seed(sizes, log=self.stdout.write)
        written = time.perf_counter() - started
        bulk.analyse()
        self.stdout.write(
            self.style.SUCCESS(
                f"{sum(counts.values()):,} rows written in {written:.0f} s; statistics "
                f"refreshed in {time.perf_counter() - started - written:.0f} s."
            )
        )
