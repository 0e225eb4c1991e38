from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interlocal.core.models import Visibility
from interlocal.core.numbers import format_number
from interlocal.core.permissions import SYSTEM
from interlocal.ecosystem.home import home_government
from interlocal.ecosystem.models import Organisation
from interlocal.iati.imports import import_activities, max_bytes


class Command(BaseCommand):
    help = (
        "Import IATI 2.03 activity or organisation files (each all or nothing), printing what was created and updated, the "
        "warnings and the rate. Files up to INTERLOCAL_IATI_MAX_BYTES (200 MB by default)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--owner", help="The owning organisation's key (default: the home government).")
        parser.add_argument("--visibility", default=Visibility.INTERNAL, choices=Visibility.values)

    def handle(self, *args: Any, files: list[Path], owner: str | None, visibility: str, **options: Any) -> None:
        organisation = Organisation.objects.filter(key=owner).first() if owner else home_government()
        if organisation is None:
            raise CommandError(f"No organisation has the key {owner!r}." if owner else "Give --owner.")
        refused = 0
        for path in files:
            if not path.is_file():
                raise CommandError(f"{path}: no such file.")
            result = import_activities(
                access=SYSTEM, user=None, raw=path, filename=path.name, owner=organisation,
                visibility=visibility, limit=max_bytes(),
            )  # fmt: skip
            for line in result.warnings.lines(errors=False):
                self.stdout.write(f"  warning: {line}")
            for line in result.errors.lines():
                self.stderr.write(f"  error: {line}")
            status = "imported" if result.ok else "refused, nothing imported"
            if result.kind == "organisations":
                self.stdout.write(
                    f"{path.name}: {status}; {format_number(result.activities, 0)} organisations read, "
                    f"{len(result.organisation_ids)} kept, {result.warnings.count} warnings, "
                    f"{result.errors.count} errors in {result.seconds:.1f} s"
                )
            else:
                self.stdout.write(
                    f"{path.name}: {status}; {format_number(result.activities, 0)} activities read, "
                    f"{len(result.created_ids)} created, {len(result.updated_ids)} updated, "
                    f"{result.warnings.count} warnings, {result.errors.count} errors in {result.seconds:.1f} s "
                    f"({result.rate:.0f} activities/s; {result.cpu_rate:.0f} per second of CPU time)"
                )
            refused += not result.ok
        if refused:
            raise CommandError(f"{refused} of {len(files)} files refused.")
