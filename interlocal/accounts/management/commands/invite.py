from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.urls import reverse

from interlocal.accounts import services
from interlocal.core.models import Role
from interlocal.core.permissions import SYSTEM
from interlocal.ecosystem.models import Organisation


class Command(BaseCommand):
    help = "Invite a person by e-mail to take a role in an organisation; prints the one-time link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--organisation", required=True, help="The organisation's key, e.g. amb.")
        parser.add_argument("--role", required=True, help=f"One of: {', '.join(Role.values)}.")
        parser.add_argument(
            "--site", default="http://127.0.0.1:8000", help="The address people open the site at (for the link)."
        )

    def handle(self, *args: Any, email: str, organisation: str, role: str, site: str, **options: Any) -> None:
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an e-mail address.") from None
        found = Organisation.objects.filter(key=organisation).first()
        if found is None:
            raise CommandError(f"No organisation has the key {organisation!r}.")
        if role not in Role.values:
            raise CommandError(f"Unknown role {role!r}: choose one of {', '.join(Role.values)}.")
        issued = services.invitation_create(
            access=SYSTEM,
            actor=None,
            email=email,
            organisation=found,
            role=role,
            link_for=lambda secret: site.rstrip("/") + reverse("accounts:invitation", args=[secret]),
        )
        self.stdout.write(
            f"Invited {issued.invitation.email} as {role} of {found}. The link, valid once for "
            f"{services.INVITATION_DAYS} days:"
        )
        self.stdout.write(site.rstrip("/") + reverse("accounts:invitation", args=[issued.secret]))
        whereabouts = services.invitation_mail_whereabouts()
        if whereabouts:
            self.stdout.write(whereabouts)
