"""Who may read and write what: the one place that decides.

Roles are per organisation: a coordinator may do everything, an editor may
change its own organisation's records, a viewer may read internal records.
Anonymous visitors see public, unarchived records only.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Record, Role, UserRole, Visibility


@dataclass(frozen=True)
class Access:
    authenticated: bool
    coordinator: bool
    member_of: frozenset[int]  # organisations where the user has any role
    edits_for: frozenset[int]  # organisations whose records the user may change

    @property
    def can_read_internal(self) -> bool:
        return self.coordinator or bool(self.member_of)

    @property
    def can_write(self) -> bool:
        return self.coordinator or bool(self.edits_for)


ANONYMOUS = Access(authenticated=False, coordinator=False, member_of=frozenset(), edits_for=frozenset())
SYSTEM = Access(authenticated=True, coordinator=True, member_of=frozenset(), edits_for=frozenset())


def access_for(user: Any) -> Access:
    """The user's access, computed with one query and cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_interlocal_access", None)
    if cached is not None:
        return cached
    roles = list(UserRole.objects.filter(user=user).values_list("organisation_id", "role"))
    access = Access(
        authenticated=True,
        coordinator=user.is_superuser or any(role == Role.COORDINATOR for _, role in roles),
        member_of=frozenset(org for org, _ in roles),
        edits_for=frozenset(org for org, role in roles if role in (Role.EDITOR, Role.COORDINATOR)),
    )
    user._interlocal_access = access
    return access


def visible_q(access: Access, *, include_archived: bool = False) -> Q:
    """The filter selecting the records this access may read."""
    if access.coordinator:
        condition = Q()
    elif access.can_read_internal:
        condition = Q(visibility__in=[Visibility.PUBLIC, Visibility.INTERNAL]) | Q(owner_id__in=access.member_of)
    else:
        condition = Q(visibility=Visibility.PUBLIC)
    if not (include_archived and access.authenticated):
        condition &= Q(archived_at__isnull=True)
    return condition


def can_read(access: Access, record: Record) -> bool:
    if record.is_archived and not access.authenticated:
        return False
    if access.coordinator or record.visibility == Visibility.PUBLIC:
        return True
    if record.visibility == Visibility.INTERNAL:
        return access.can_read_internal
    return record.owner_id in access.member_of


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
