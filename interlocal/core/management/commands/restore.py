from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interlocal.core.backups import NAMES, BackupError, database_restore


class Command(BaseCommand):
    help = (
        "Replace every table of the database by those of a backup made by `manage.py backup` "
        "(all or nothing). Stop the web server and the worker first; run `manage.py migrate` afterwards."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the backup file")
        parser.add_argument("--database", default="default", help="the DATABASES alias (default: default)")
        parser.add_argument("--no-input", action="store_false", dest="interactive", help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interactive"]:
            answer = input(
                f"Every table of the database {options['database']!r} will be replaced by {options['path']}.\n"
                "Type 'yes' to continue, or anything else to stop: "
            )
            if answer != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            kind = database_restore(path=options["path"], using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{NAMES[kind]} database restored from {options['path']}. Now run `manage.py migrate`.")
