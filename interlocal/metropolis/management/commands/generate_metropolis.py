from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from interlocal.metropolis.generator import generate_metropolis


class Command(BaseCommand):
    help = "Add a large synthetic metropolis for benchmarks (100,000 organisations and 500,000 relations by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisations", type=int, default=100_000)

    def handle(self, *args: Any, **options: Any) -> None:
        generate_metropolis(organisations=options["organisations"], log=self.stdout.write)
