from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from interlocal.results.bench import measure


class Command(BaseCommand):
    help = "Time an import of observations beside the database's own bulk load of the same CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=200_000)

    def handle(self, *args: Any, **options: Any) -> None:
        figures = measure(options["rows"])
        self.stdout.write(
            "import of {rows} rows on {engine} (table of {observations} observations): "
            "bulk load {bulk_rate:,.0f} rows/s, import {import_rate:,.0f} rows/s, "
            "ratio {ratio:.2f} (target at least 0.5)".format(**figures)
        )
