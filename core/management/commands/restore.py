from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into an empty database and an empty media "
        "storage, after checking its checksums and migrations."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="the backup's folder")
        parser.add_argument(
            "--storage",
            default="",
            help="fetch the backup named by --from from this storage of STORAGES first",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore over a database and media that are not empty (replaces them)",
        )

    def handle(self, *args, source, storage="", force=False, **options):
        try:
            folder = Path(source)
            if storage:
                folder = backup.download_backup(source, storage, backup.temporary_folder())
            result = backup.restore_backup(folder, force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result["manifest"]
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} (release {manifest['release']}): "
            f"the database and {result['files']} files."
        )
        if result["to_migrate"]:
            self.stdout.write(
                f"This release has {len(result['to_migrate'])} migrations the backup lacks: "
                "run `manage.py migrate`."
            )
