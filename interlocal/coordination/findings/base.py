"""What every finding rule shares: the thresholds, the finding itself, the scope."""

import datetime
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from interlocal.core.visibility import HiddenRecord
from interlocal.ecosystem.home import home_territory, in_ecosystem
from interlocal.ecosystem.models import Organisation
from interlocal.territory.models import Territory

from ..models import FindingDecision

RULES = {
    "overlap": _("Overlaps"),
    "network_shared": _("Several organisations in one network"),
    "network_idle": _("Network fees without role or activity"),
    "gap": _("Priorities with no activity"),
    "synergy": _("Synergies"),
    "dormant": _("Dormant agreements"),
}
TRAVEL_KINDS = ["outgoing_mission", "visit", "meeting", "conference"]
# A finding's explanation names this many organisations and the page and the API this many records, then each says
# how many more (a network may have a thousand members in the metropolis; its records are all in the finding, and in
# its fingerprint).
NAMED = SHOWN = 20


@dataclass(frozen=True)
class Settings:
    """The thresholds of the rules, set on the findings page."""

    window_days: int = 60  # overlaps: engagements this close in time
    dormant_months: int = 24  # agreements: no engagement for this long
    activity_months: int = 24  # gaps and network activity: look this far back
    today: datetime.date | None = None
    scope: Territory | None = None  # organisations of this metropolis's ecosystem (None: every organisation)

    @property
    def on(self) -> datetime.date:
        return self.today or timezone.localdate()


@dataclass
class Finding:
    rule: str
    title: str
    explanation: str
    records: list[Any]  # the records behind the finding, each with get_absolute_url
    organisations: list[Organisation] = field(default_factory=list)
    suggestion: str = ""
    key: str = ""  # what makes the finding itself (place, network, pair…), hashed with the records
    place: Any = None  # overlaps: where a joint mission could go
    start_on: datetime.date | None = None
    decision: FindingDecision | None = None

    @cached_property
    def fingerprint(self) -> str:
        parts = [self.rule, self.key, *sorted(f"{r._meta.label_lower}:{r.pk}" for r in self.records)]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]

    @property
    def mentions_hidden(self) -> bool:
        """Whether the finding is about a record the reader may not see (it is then not shown)."""
        return any(isinstance(r, HiddenRecord) for r in [*self.records, *self.organisations, self.place])

    @property
    def shown_records(self) -> list[Any]:
        """The records named on the page and in the API; `more_records` says how many are left out."""
        return self.records[:SHOWN]

    @property
    def more_records(self) -> int:
        return max(len(self.records) - SHOWN, 0)

    @property
    def shown_organisations(self) -> list[Organisation]:
        return self.organisations[:SHOWN]

    @property
    def rule_label(self) -> str:
        return str(RULES[self.rule])

    @property
    def illustrative(self) -> bool:
        return any(getattr(r, "illustrative", False) for r in self.records)


def months_before(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return datetime.date(year, month + 1, min(day.day, 28))


def default_scope() -> Territory | None:
    """The home metropolis (`ecosystem.home`): the findings are about its own ecosystem."""
    return home_territory()


def _in_scope(settings: Settings, prefix: str = "") -> Q:
    """Organisations of the scope's ecosystem: based in it or its municipalities and districts, except
    what it only hosts (networks, international organisations, consulates), as `ecosystem.home` counts."""
    if settings.scope is None:
        return Q()
    t = settings.scope
    return in_ecosystem(Territory.objects.filter(Q(pk=t.pk) | Q(parent=t) | Q(parent__parent=t)), prefix)


def _names(organisations: list[Organisation]) -> str:
    names = sorted(str(o) for o in organisations)
    if len(names) <= NAMED:
        return ", ".join(names)
    more = len(names) - NAMED
    return ngettext("%(names)s and %(count)s more", "%(names)s and %(count)s more", more) % {
        "names": ", ".join(names[:NAMED]),
        "count": more,
    }
