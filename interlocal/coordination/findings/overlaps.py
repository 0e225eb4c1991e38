"""Overlaps: organisations of the metropolis approaching the same place or network at the same time."""

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from interlocal.core.permissions import Access
from interlocal.diplomacy.models import Engagement
from interlocal.ecosystem.models import Organisation

from .base import TRAVEL_KINDS, Finding, Settings, _in_scope, _names


def overlaps(access: Access, settings: Settings) -> list[Finding]:
    """Different organisations going to the same place (or approaching the same network) within the window,
    when no single engagement already brings them together."""
    window = datetime.timedelta(days=settings.window_days)
    horizon = settings.on - datetime.timedelta(days=365)
    rows = list(
        Engagement.objects.visible_to(access)
        .filter(start_on__gte=horizon)
        .filter(Q(place__isnull=False) | Q(network__isnull=False))
        .filter(kind__in=TRAVEL_KINDS)
        .select_related("place", "network")
        .prefetch_related("participants")
        .order_by("start_on", "pk")
    )
    scoped = _scoped_ids(settings)
    groups: dict[tuple[str, int], list[Engagement]] = defaultdict(list)
    for engagement in rows:
        if engagement.place_id:
            groups[("place", engagement.place_id)].append(engagement)
        if engagement.network_id:
            groups[("network", engagement.network_id)].append(engagement)
    findings = []
    for (what, _pk), items in groups.items():
        for cluster in _clusters(items, window):
            actors = {o.pk: o for e in cluster for o in e.participants.all() if scoped is None or o.pk in scoped}
            if len(actors) < 2:
                continue
            if any(set(actors) <= {o.pk for o in e.participants.all()} for e in cluster):
                continue  # one engagement already brings them all together
            target: Any = cluster[0].place if what == "place" else cluster[0].network
            organisations = sorted(actors.values(), key=str)
            first, last = cluster[0].start_on, max(e.end_on or e.start_on for e in cluster)
            findings.append(
                Finding(
                    rule="overlap",
                    title=_("%(count)s organisations approach %(target)s between %(first)s and %(last)s")
                    % {"count": len(organisations), "target": target, "first": first, "last": last},
                    explanation=_(
                        "%(names)s each plan or hold an engagement with %(target)s within %(days)s days of each other, and none of these engagements includes them all."
                    )
                    % {"names": _names(organisations), "target": target, "days": settings.window_days},
                    records=[*cluster, target],
                    organisations=organisations,
                    suggestion=_(
                        "Go together: a joint mission of the metropolis, as Montreal's “Équipe Montréal” organises its missions with the city's leading stakeholders (Study §3)."
                    ),
                    key=f"{what}:{target.pk}",
                    place=target if what == "place" else None,
                    start_on=first,
                )
            )
    return findings


def _scoped_ids(settings: Settings) -> set[int] | None:
    if settings.scope is None:
        return None
    return set(Organisation.objects.filter(_in_scope(settings)).values_list("pk", flat=True))


def _clusters(items: list[Engagement], window: datetime.timedelta) -> list[list[Engagement]]:
    """Runs of engagements (sorted by start) where each starts within the window of the one before."""
    clusters: list[list[Engagement]] = []
    for engagement in items:
        if clusters and engagement.start_on - clusters[-1][-1].start_on <= window:
            clusters[-1].append(engagement)
        else:
            clusters.append([engagement])
    return [c for c in clusters if len(c) > 1]
