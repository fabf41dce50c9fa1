"""`manage.py make_signing_certificate`: a development certificate authority and a signing
certificate it issued, for the demo and for development. Never for production: there the
university's signing certificate comes from a real authority."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from documents.signing import DEVELOPMENT_PASSWORD, make_development_authority


class Command(BaseCommand):
    help = (
        "Make a development certificate authority (ca.pem) and a signing certificate it "
        "issued (signing.p12, with a password) for signing PDFs, and print the settings."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=None,
            help="Folder to write into (default: SIGNING_DEVELOPMENT_DIR, under the private "
            "media).",
        )
        parser.add_argument(
            "--password",
            default=DEVELOPMENT_PASSWORD,
            help="Password of signing.p12 (default: the demo's).",
        )
        parser.add_argument(
            "--name", default=settings.UNIVERSITY_NAME, help="The university, as the subject."
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing when both files exist already (for `make run`).",
        )

    def handle(self, *args, **options):
        directory = options["dir"] or Path(settings.SIGNING_DEVELOPMENT_DIR)
        ca_path, p12_path = directory / "ca.pem", directory / "signing.p12"
        if options["if_missing"] and ca_path.is_file() and p12_path.is_file():
            self.stdout.write(f"The signing certificate exists already: {p12_path}")
            return
        ca_path, p12_path = make_development_authority(
            directory, name=options["name"], password=options["password"]
        )
        self.stdout.write(self.style.SUCCESS(f"Wrote {ca_path} and {p12_path} (development only)."))
        self.stdout.write("Settings (environment) to sign with it:")
        self.stdout.write(f"  SIGNING_CERTIFICATE={p12_path}")
        self.stdout.write(f"  SIGNING_CERTIFICATE_PASSWORD={options['password']}")
        self.stdout.write(f"  SIGNING_TRUST_ROOTS={ca_path}")
