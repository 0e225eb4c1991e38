import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from interlocal.notifications.services import digest_run


class Command(BaseCommand):
    help = (
        "Find the day's notifications for every user and e-mail each user one digest. "
        "Run daily (cron or a systemd timer); running it again the same day sends nothing new."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="The day to run for, YYYY-MM-DD (default: today).")

    def handle(self, *args: Any, **options: Any) -> None:
        day = timezone.localdate()
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date must be a day as YYYY-MM-DD, not {options['date']!r}.") from error
        created, sent = digest_run(day=day)
        self.stdout.write(f"{day}: {created} new notification(s), {sent} digest(s) sent.")
