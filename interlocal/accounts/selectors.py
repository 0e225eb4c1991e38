"""Reads of people and access, for coordinators: the people list, a person's tokens and history."""

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interlocal.core.entities import Column
from interlocal.core.models import ApiToken, Role, UserRole

from .models import Invitation

COLUMNS = [
    Column(_("Username"), "username", sort="username"),
    Column(_("E-mail"), "email", sort="email"),
    Column(_("Organisation and role"), "roles", sort="first_organisation"),
    Column(_("Active"), "is_active", sort="is_active"),
    Column(_("Last login"), "last_login", sort="last_login"),
]
SORTS = {column.sort for column in COLUMNS}


@dataclass
class PeopleListing:
    queryset: "QuerySet[User]"
    search: str
    sort: str
    role: str
    active: str


def people_list(*, params: QueryDict) -> PeopleListing:
    """Everyone who may sign in, with their roles, searched, filtered and sorted as the parameters ask."""
    roles = UserRole.objects.select_related("organisation").order_by("organisation__name")
    queryset = User.objects.annotate(first_organisation=Min("roles__organisation__name")).prefetch_related(
        Prefetch("roles", queryset=roles)
    )
    search = (params.get("q") or "").strip()[:200]
    if search:
        in_organisation = UserRole.objects.filter(user=OuterRef("pk"), organisation__name__icontains=search)
        queryset = queryset.filter(
            Q(username__icontains=search)
            | Q(email__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Exists(in_organisation)
        )
    role = params.get("role") or ""
    if role in Role.values:
        queryset = queryset.filter(Exists(UserRole.objects.filter(user=OuterRef("pk"), role=role)))
    else:
        role = ""
    active = params.get("active") or ""
    if active in ("1", "0"):
        queryset = queryset.filter(is_active=active == "1")
    else:
        active = ""
    sort = params.get("sort") or "username"
    if sort.lstrip("-") not in SORTS:
        sort = "username"
    return PeopleListing(queryset=queryset.order_by(sort, "pk"), search=search, sort=sort, role=role, active=active)


def person_tokens(person: User) -> "QuerySet[ApiToken]":
    return ApiToken.objects.filter(user=person).order_by("-created_at")


def pending_invitations() -> "QuerySet[Invitation]":
    pending = Invitation.objects.filter(accepted_at=None, cancelled_at=None, expires_at__gt=timezone.now())
    return pending.select_related("organisation")


@dataclass
class Change:
    date: Any
    user: Any
    what: str
    changes: list[tuple[str, Any, Any]]


def _changes(rows: list[Any], label: str, describe: Any) -> list[Change]:
    """One entry per history row of one object (rows oldest first): what changed from the row before."""
    result = []
    for before, after in pairwise([None, *rows]):
        if before is None or after.history_type != "~":
            kind = {"+": _("created"), "-": _("deleted"), "~": _("changed")}[after.history_type]
            result.append(
                Change(after.history_date, after.history_user, f"{label} {kind}", [("", "", describe(after))])
            )
            continue
        delta = after.diff_against(before)
        if not delta.changes:
            continue
        fields = [(str(after.instance._meta.get_field(c.field).verbose_name), c.old, c.new) for c in delta.changes]
        result.append(Change(after.history_date, after.history_user, f"{label} {_('changed')}", fields))
    return result


def _by_object(history: "QuerySet[Any]") -> list[list[Any]]:
    """History rows grouped per object, each group oldest first."""
    groups: dict[int, list[Any]] = {}
    for row in history.select_related("history_user").order_by("history_date", "history_id"):
        groups.setdefault(row.id, []).append(row)
    return list(groups.values())


def person_history(person: User) -> list[Change]:
    """Every change to the person, their roles, their tokens and their invitations, newest first."""
    invited = Q(accepted_by_id=person.pk) | (Q(email__iexact=person.email) if person.email else Q(pk__in=[]))
    users: Any = User.history  # type: ignore[attr-defined]  # registered in accounts.models
    kinds: list[tuple[Any, Any, Any]] = [
        (users.filter(id=person.pk), _("Account"), lambda row: row.username),
        (
            UserRole.history.filter(user_id=person.pk).select_related("organisation"),
            _("Role"),
            lambda row: f"{row.get_role_display()} · {row.organisation}",
        ),
        (ApiToken.history.filter(user_id=person.pk), _("API token"), lambda row: row.name),
        (
            Invitation.history.filter(invited).select_related("organisation"),
            _("Invitation"),
            lambda row: f"{row.email} · {row.get_role_display()} · {row.organisation}",
        ),
    ]
    entries: list[Change] = []
    for rows_of_kind, label, describe in kinds:
        for rows in _by_object(rows_of_kind):
            entries += _changes(rows, str(label), describe)
    return sorted(entries, key=lambda entry: entry.date, reverse=True)
