from typing import Any

from django.core.management.base import BaseCommand

from interlocal.media.services import sources_poll


class Command(BaseCommand):
    help = (
        "Read every active RSS or Atom media source and add its new entries as mentions. "
        "Run it from the scheduler (cron or a systemd timer), e.g. every hour; a second run adds nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for source, outcome in sources_poll():
            if outcome.error:
                self.stderr.write(f"{source}: {outcome.error}")
            else:
                self.stdout.write(f"{source}: {outcome.added} new mention(s).")
