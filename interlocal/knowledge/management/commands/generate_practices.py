from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interlocal.knowledge.generator import generate_practices


class Command(BaseCommand):
    help = "Add illustrative practices in bulk (default 100,000) and index them, to measure search."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2019)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["count"] < 1:
            raise CommandError("--count must be at least 1.")
        try:
            generate_practices(options["count"], seed=options["seed"], log=self.stdout.write)
        except ValueError as error:
            raise CommandError(str(error)) from error
