from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from interlocal.iati.export import write_activities


class Command(BaseCommand):
    help = (
        "Write the metropolis's IATI 2.03 activity file (its published projects) to FILE; with --all, every "
        "stored activity, own and partners', each under its own reporting-org (partners' as they published them)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--all", action="store_true", dest="every_stored")

    def handle(self, *args: Any, file: Path, every_stored: bool, **options: Any) -> None:
        with file.open("wb") as output:
            count = write_activities(output, every_stored=every_stored)
        self.stdout.write(f"{count} activities written to {file}.")
