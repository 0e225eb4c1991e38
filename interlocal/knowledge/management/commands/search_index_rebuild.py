from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interlocal.core.entities import REGISTRY
from interlocal.knowledge.services import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text search index over practices and every registry record."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kinds", nargs="*", help="Only these kinds of record (entity keys).")

    def handle(self, *args: Any, **options: Any) -> None:
        unknown = [k for k in options["kinds"] if k not in REGISTRY]
        if unknown:
            raise CommandError(f"Unknown kinds: {', '.join(unknown)}. Known: {', '.join(sorted(REGISTRY))}.")
        count = search_index_rebuild(kinds=options["kinds"] or None)
        self.stdout.write(f"Search index: {count} entries written.")
