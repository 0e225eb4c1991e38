from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from interlocal.metropolis.defaults import load_default_data


class Command(BaseCommand):
    help = (
        "Load the embedded default data (SDGs, the AMB, the report's facts). Idempotent. "
        "--illustrative adds generated example activity for a demonstration, never for production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--illustrative",
            action="store_true",
            help="Also load illustrative activity data (engagements, projects, indicator values) for a demo.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        load_default_data(log=self.stdout.write, illustrative=options["illustrative"])
