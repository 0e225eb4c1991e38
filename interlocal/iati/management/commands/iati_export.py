from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interlocal.iati.export import write_activities
from interlocal.iati.organisation_file import write_organisations


class Command(BaseCommand):
    help = (
        "Write the metropolis's IATI 2.03 activity file (its published projects) to FILE; with --all, every "
        "stored activity, own and partners', each under its own reporting-org (partners' as they published them). "
        "With --organisation, the metropolis's organisation file instead; with --organisations, that and every "
        "imported organisation file's organisations, as published."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        kind = parser.add_mutually_exclusive_group()
        kind.add_argument("--all", action="store_true", dest="every_stored")
        kind.add_argument("--organisation", action="store_true")
        kind.add_argument("--organisations", action="store_true")

    def handle(
        self, *args: Any, file: Path, every_stored: bool, organisation: bool, organisations: bool, **options: Any
    ) -> None:
        if organisation or organisations:
            with file.open("wb") as output:
                count = write_organisations(output, every_stored=organisations)
            if not count:
                file.unlink()
                raise CommandError("No organisation to write: the home government has no public project yet.")
            self.stdout.write(f"{count} organisations written to {file}.")
            return
        with file.open("wb") as output:
            count = write_activities(output, every_stored=every_stored)
        self.stdout.write(f"{count} activities written to {file}.")
