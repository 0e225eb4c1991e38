from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from interlocal.results.generator import generate_observations


class Command(BaseCommand):
    help = "Add synthetic monthly indicators and their observations for benchmarks (10 million by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--observations", type=int, default=10_000_000)

    def handle(self, *args: Any, **options: Any) -> None:
        generate_observations(observations=options["observations"], log=self.stdout.write)
