from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files, with a manifest (release, migrations, "
        "time, checksums), into a new folder <to>/<UTC time>/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", type=Path, default=None, help="folder to write into (default: BACKUP_DIR)"
        )
        parser.add_argument(
            "--storage",
            default="",
            help="also copy the backup into this storage of STORAGES (e.g. object storage)",
        )

    def handle(self, *args, to=None, storage="", **options):
        try:
            folder = backup.create_backup(to or settings.BACKUP_DIR)
            if storage:
                backup.upload_backup(folder, storage)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(folder))
