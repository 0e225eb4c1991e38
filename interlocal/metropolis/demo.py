"""Demo logins, one per role, for `make demo` (never created in production)."""

from django.contrib.auth import get_user_model

from interlocal.core.models import Role, UserRole
from interlocal.ecosystem.models import Organisation

DEMO_PASSWORD = "interlocal-demo"  # noqa: S105 - printed on the console for the local demo
DEMO_USERS = [
    ("coordinator", Role.COORDINATOR, "amb"),
    ("editor", Role.EDITOR, "barcelona-city-council"),
    ("viewer", Role.VIEWER, "gava-city-council"),
]


def ensure_demo_users() -> list[tuple[str, str, str]]:
    User = get_user_model()
    created = []
    for username, role, organisation_key in DEMO_USERS:
        organisation = Organisation.objects.get(key=organisation_key)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, password=DEMO_PASSWORD)
        UserRole.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
        created.append((username, str(role.label), organisation.name))
    return created
