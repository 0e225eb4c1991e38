from typing import Any

from django.core.management.base import BaseCommand

from interlocal.metropolis.defaults import load_default_data


class Command(BaseCommand):
    help = "Load the embedded default data (SDGs, the AMB, the report's facts, illustrative activity). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        load_default_data(log=self.stdout.write)
