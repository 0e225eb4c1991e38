from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from interlocal.accounts import services
from interlocal.core.models import Role
from interlocal.core.permissions import SYSTEM
from interlocal.ecosystem.models import Organisation


class Command(BaseCommand):
    help = "Give an existing user a role in an organisation (e.g. the first coordinator of a fresh install)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("organisation", help="The organisation's key, e.g. amb.")
        parser.add_argument("role", help=f"One of: {', '.join(Role.values)}.")

    def handle(self, *args: Any, username: str, organisation: str, role: str, **options: Any) -> None:
        person = User.objects.filter(username=username).first()
        if person is None:
            raise CommandError(
                f"No user is called {username!r}. Create one with `manage.py createsuperuser` or invite one."
            )
        found = Organisation.objects.filter(key=organisation).first()
        if found is None:
            raise CommandError(f"No organisation has the key {organisation!r}.")
        if role not in Role.values:
            raise CommandError(f"Unknown role {role!r}: choose one of {', '.join(Role.values)}.")
        services.role_grant(access=SYSTEM, actor=None, person=person, organisation=found, role=role)
        self.stdout.write(f"{username} is now {role} of {found}.")
