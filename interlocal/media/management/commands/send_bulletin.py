import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from interlocal.core.models import JobStatus
from interlocal.media.services import bulletins_send, week_of


class Command(BaseCommand):
    help = (
        "Generate the weekly bulletin of a week (last week by default) in each subscribers' language and e-mail it "
        "to the confirmed subscribers. Run it weekly from the scheduler (e.g. Monday morning); a language whose "
        "bulletin of that week was sent is skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--week", help="Any day of the week to send, YYYY-MM-DD (default: last week).")

    def handle(self, *args: Any, **options: Any) -> None:
        day = timezone.localdate() - datetime.timedelta(days=7)
        if options["week"]:
            try:
                day = datetime.date.fromisoformat(options["week"])
            except ValueError as error:
                raise CommandError(f"--week must be a day as YYYY-MM-DD, not {options['week']!r}.") from error
        bulletins = bulletins_send(week_start=week_of(day))
        if not bulletins:
            self.stdout.write(f"Week of {week_of(day)}: every bulletin was sent already.")
        for bulletin in bulletins:
            if bulletin.status == JobStatus.FAILED:
                self.stderr.write(f"Week of {bulletin.week_start} ({bulletin.language}): {bulletin.error}")
            else:
                self.stdout.write(
                    f"Week of {bulletin.week_start} ({bulletin.language}): {bulletin.items} item(s), "
                    f"sent to {bulletin.sent_count} subscriber(s)."
                )
