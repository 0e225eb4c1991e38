from typing import Any

from django.core.management.base import BaseCommand

from interlocal.metropolis.demo import DEMO_PASSWORD, ensure_demo_users


class Command(BaseCommand):
    help = "Create (once) a demo login for each role and print them."

    def handle(self, *args: Any, **options: Any) -> None:
        for username, role, organisation in ensure_demo_users():
            self.stdout.write(f"  {role:<12} {username:<12} password {DEMO_PASSWORD}   ({organisation})")
