"""Writes of the rankings app: a ranking's indicator and values kept in step with its positions.

Rankings, editions and positions are written by the core record services (forms, API, import); after each
write `ranking_results_sync` brings the ranking's `results.Indicator` and its observations in line with
them, in the same transaction. A position is copied from a published, cited ranking: its value is recorded
approved, as the IATI import records a published activity's actual values (there is no value of ours to
review). Archiving and restoring a past version go through the core services and reach the sync through
the write hook (`apps.py`), once they commit.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from interlocal.core import services
from interlocal.core.access import ANONYMOUS, Author
from interlocal.core.models import Visibility
from interlocal.core.permissions import SYSTEM
from interlocal.results.models import (
    Aggregation,
    Indicator,
    IndicatorKind,
    IndicatorRole,
    Observation,
    ObservationStatus,
    Periodicity,
    Polarity,
)

from .models import Edition, Position, Ranking

INDICATOR_PREFIX = "rankings-"
ORDER = [Visibility.DRAFT, Visibility.INTERNAL, Visibility.PUBLIC]
REASON = "kept in step with its ranking"


def least_visible(*visibilities: str) -> str:
    """The most restricted of the visibilities: a value is public only when its ranking, edition and position are."""
    return min(visibilities, key=lambda v: ORDER.index(Visibility(v)))


def _write(model: Any, instance: Any, fields: dict[str, Any], user: Author) -> Any:
    """Create the record, or change the fields that differ (no history row when nothing changed)."""
    if instance is None:
        return services.record_create(access=SYSTEM, user=user, model=model, fields=fields, reason=REASON)
    changed = {name: value for name, value in fields.items() if getattr(instance, name) != value}
    if changed:
        services.record_update(access=SYSTEM, user=user, instance=instance, fields=changed, reason=REASON)
    return instance


def _publisher_named(ranking: Ranking) -> str:
    """The publisher as the indicator names it: the registry's organisation only when it is public (the indicator
    is read by readers who may not see a draft publisher), else the name as written."""
    publisher = ranking.publisher
    if publisher is not None and publisher.is_visible_to(ANONYMOUS):
        return str(publisher.name)
    return str(ranking.publisher_name)


def _indicator_fields(ranking: Ranking) -> dict[str, Any]:
    return {
        "key": f"{INDICATOR_PREFIX}{ranking.key}",
        "name": ranking.name,
        "description": ranking.better_means,
        "kind": IndicatorKind.RANKING,
        "role": IndicatorRole.OTHER,
        "unit": "position",
        "polarity": Polarity.LOWER_IS_BETTER,
        "aggregation": Aggregation.NONE,
        "periodicity": Periodicity.YEAR,
        "territorial_level": "metropolis",
        "source": _publisher_named(ranking)[:300],
        "owner_id": ranking.owner_id,
        "visibility": ranking.visibility,
        "language": ranking.language,
        "illustrative": ranking.illustrative,
        "citation": ranking.citation,
        "archived_at": ranking.archived_at,
    }


def ranking_results_sync(*, ranking: Ranking, user: Author = None) -> Indicator:
    """The ranking's indicator and one approved value per position of a dated edition, as the positions are now.

    A value whose position went away (archived, or its edition lost its year) is archived, never deleted.
    """
    with transaction.atomic():
        ranking = (
            Ranking.objects.select_related("owner", "publisher").select_for_update(of=("self",)).get(pk=ranking.pk)
        )
        indicator: Indicator = _write(Indicator, ranking.indicator, _indicator_fields(ranking), user)
        if ranking.indicator_id != indicator.pk:
            Ranking.objects.filter(pk=ranking.pk).update(indicator=indicator)
            ranking.indicator = indicator
        expected: dict[tuple[int, datetime.date], dict[str, Any]] = {}
        positions = Position.objects.filter(
            edition__ranking=ranking, edition__year__isnull=False, archived_at__isnull=True
        ).filter(edition__archived_at__isnull=True)
        for position in positions.select_related("edition").order_by("pk"):
            edition = position.edition
            period = datetime.date(edition.year or 1, 1, 1)
            expected[(position.territory_id, period)] = {
                "indicator_id": indicator.pk,
                "territory_id": position.territory_id,
                "period_kind": Periodicity.YEAR,
                "period_start": period,
                "breakdown": "",
                "value": Decimal(position.position),
                "status": ObservationStatus.APPROVED,
                "source": (position.source or edition.source)[:300],
                "owner_id": ranking.owner_id,
                "visibility": least_visible(ranking.visibility, edition.visibility, position.visibility),
                "language": ranking.language,
                "illustrative": ranking.illustrative or edition.illustrative or position.illustrative,
                "citation": (position.citation or edition.citation or ranking.citation)[:300],
                "archived_at": ranking.archived_at,
            }
        existing = Observation.objects.filter(indicator=indicator, period_kind=Periodicity.YEAR, breakdown="")
        for observation in existing:
            fields = expected.pop((observation.territory_id, observation.period_start), None)
            if fields is not None:
                _write(Observation, observation, fields, user)
            elif observation.archived_at is None:
                services.record_set_archived(access=SYSTEM, user=user, instance=observation, archived=True)
        for fields in expected.values():
            _write(Observation, None, fields, user)
    return indicator


CHUNK = 500  # ids per query, under every database's limit on parameters


def rankings_touched(model: type[Any], pks: list[Any]) -> set[Any]:
    """The rankings that records of `model` belong to, and every ranking they belonged to before: an edition or a
    position moved to another ranking leaves values behind in its former one (read from the records' history,
    which holds their current version too)."""
    if model is Ranking:
        return set(pks)
    if model not in (Edition, Position):
        return set()
    touched: set[Any] = set()
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        if model is Position:
            editions: Any = Position.history.filter(id__in=chunk).values("edition_id")
            touched.update(Position.objects.filter(pk__in=chunk).values_list("edition__ranking_id", flat=True))
        else:
            editions = chunk
            touched.update(Edition.objects.filter(pk__in=chunk).values_list("ranking_id", flat=True))
        touched.update(Edition.history.filter(id__in=editions).values_list("ranking_id", flat=True))
    return touched - {None}


def rankings_sync(ids: set[Any], *, user: Author = None) -> None:
    for ranking in Ranking.objects.filter(pk__in=ids).order_by("pk"):
        ranking_results_sync(ranking=ranking, user=user)


def after_record_write(instance: Any) -> None:
    """The write hook (on commit): a ranking, edition or position changed, so its rankings' values follow."""
    rankings_sync(rankings_touched(type(instance), [instance.pk]))


def after_records_write(model: type[Any], instances: list[Any], created: bool) -> None:
    """The write hook's bulk version (an import): each ranking touched is brought in step once, not once per row."""
    rankings_sync(rankings_touched(model, [instance.pk for instance in instances]))
