"""Writes of the benchmark: a self-assessment registers its metropolis and its profile."""

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from interlocal.core import services
from interlocal.core.access import Author
from interlocal.core.permissions import Access, require_create
from interlocal.territory.models import Territory

from .models import Profile, ProfileKind


def profile_self_assess(*, access: Access, user: Author, metropolis_name: str, fields: dict[str, Any]) -> Profile:
    """Create a self-assessed profile and, unless it exists, the metropolis it describes."""
    require_create(access, fields["owner"].pk)
    with transaction.atomic():
        key = slugify(fields["name"])[:80]
        territory = Territory.objects.filter(kind="metropolis", name__iexact=metropolis_name).first()
        if territory is None:
            territory = services.record_create(
                access=access,
                user=user,
                model=Territory,
                fields={
                    "key": _free_territory_key(key),
                    "name": metropolis_name,
                    "kind": "metropolis",
                    "country": fields["country"],
                    "owner": fields["owner"],
                    "visibility": fields["visibility"],
                },
            )
        return services.record_create(
            access=access,
            user=user,
            model=Profile,
            fields={**fields, "key": key, "territory": territory, "kind": ProfileKind.SELF_ASSESSMENT},
        )


def _free_territory_key(key: str) -> str:
    candidate, n = key, 1
    while Territory.objects.filter(key=candidate).exists():
        n += 1
        candidate = f"{key}-{n}"
    return candidate
