"""Who is reading: the roles a person holds, computed once per request.

Kept apart from the models so that the model layer (`Record.visible_q`,
`RecordQuerySet.visible_to`) can take an `Access` without an import circle.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


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


# Who writes or reads: a signed-in user, an anonymous visitor, or None for the platform itself
# (default data, background jobs). History names the user; `access_for` turns it into an Access.
Author: TypeAlias = "User | AnonymousUser | None"
