"""Named narrowings of a list that the core cannot compute itself (its layer knows no ecosystem).

An app registers one in its AppConfig.ready(): the ecosystem registers "own", the
records that are the home metropolis's own (`ecosystem.home.own_records`). A list
(`?whose=own`, pages and API alike) then applies it in the same query, and a kind
that has no notion of "own" (territories, facts) is left whole.
"""

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.db.models import Model, QuerySet

QS = TypeVar("QS", bound="QuerySet[Any]")
Narrowing = Callable[["QuerySet[Any]"], "QuerySet[Any]"]
SCOPES: dict[str, tuple[Narrowing, Callable[[type[Model]], bool]]] = {}


def register_scope(name: str, narrow: Narrowing, *, applies_to: Callable[[type[Model]], bool]) -> None:
    SCOPES[name] = (narrow, applies_to)


def scoped(queryset: QS, name: str | None) -> QS:
    """The queryset narrowed by the scope `name`; unchanged for no, an unknown or an inapplicable scope."""
    if not name or name not in SCOPES:
        return queryset
    narrow, applies_to = SCOPES[name]
    return cast(QS, narrow(queryset)) if applies_to(queryset.model) else queryset


def scope_applies(name: str, model: type[Model]) -> bool:
    return name in SCOPES and SCOPES[name][1](model)
