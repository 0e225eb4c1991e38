from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interlocal.core.backups import NAMES, BackupError, database_backup


class Command(BaseCommand):
    help = (
        "Write a backup of the whole database to PATH: SQLite's online backup, or a pg_dump archive "
        "(custom format) for PostgreSQL. Safe while the platform runs; `manage.py restore PATH` reads it back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the file to write (replaced once the backup is complete)")
        parser.add_argument("--database", default="default", help="the DATABASES alias (default: default)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            kind = database_backup(path=options["path"], using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = options["path"].stat().st_size
        self.stdout.write(f"{NAMES[kind]} database backed up to {options['path']} ({size:,} bytes).")
