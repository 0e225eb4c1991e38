from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


class Command(BaseCommand):
    help = "Print the number of SQL queries each given page or API call issues (for `make bench`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("urls", nargs="+")

    def handle(self, *args: Any, **options: Any) -> None:
        client = Client(SERVER_NAME="127.0.0.1")
        for url in options["urls"]:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            self.stdout.write(f"{url}\t{response.status_code}\t{len(queries)} queries")
