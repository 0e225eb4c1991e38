"""Who may read and write what: the one place that decides.

Roles are per organisation: a coordinator may do everything, an editor may
change its own organisation's records, a viewer may read internal records.
Anonymous visitors see public, unarchived records only.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .access import ANONYMOUS, SYSTEM, Access, Author
from .models import Record, Role, UserRole


def access_for(user: Author) -> Access:
    """The user's access, computed with one query and cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached: Access | None = getattr(user, "_interlocal_access", None)
    if cached is not None:
        return cached
    roles = list(UserRole.objects.filter(user=user).values_list("organisation_id", "role"))
    access = Access(
        authenticated=True,
        coordinator=user.is_superuser or any(role == Role.COORDINATOR for _, role in roles),
        member_of=frozenset(org for org, _ in roles),
        edits_for=frozenset(org for org, role in roles if role in (Role.EDITOR, Role.COORDINATOR)),
    )
    setattr(user, "_interlocal_access", access)  # noqa: B010 - one computation per request's user
    return access


def can_read(access: Access, record: Record) -> bool:
    return record.is_visible_to(access)


def can_edit(access: Access, record: Record) -> bool:
    return access.coordinator or bool(record.editing_organisation_ids() & access.edits_for)


def can_create_for(access: Access, owner_id: int | None) -> bool:
    return access.coordinator or (owner_id is not None and owner_id in access.edits_for)


def require_edit(access: Access, record: Record) -> None:
    if not can_edit(access, record):
        raise PermissionDenied(_("You may only change records of your own organisation."))


def require_create(access: Access, owner_id: int | None) -> None:
    if not can_create_for(access, owner_id):
        raise PermissionDenied(_("You may only create records owned by your own organisation."))


__all__ = ["ANONYMOUS", "SYSTEM", "Access", "access_for", "can_create_for", "can_edit", "can_read"]
