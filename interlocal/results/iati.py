"""The projects' indicators as IATI 2.03 ``<result>`` elements (registered with the IATI export in apps.py).

Only what an anonymous visitor may see is published: public indicators, targets and approved
public observations. Mapping, for each indicator linked to an exported project (``Indicator.projects``):

- result: @type from the indicator's kind (ResultType: output 1, outcome 2, impact 3; context
  indicators describe the territory, not a project's results, and are left out); title = its name;
- indicator: @measure 1 (Unit), @ascending from its polarity (omitted when neutral); title = its
  name and unit; description when it has one;
- baseline: the indicator's latest baseline Target, @year and @iso-date from its period;
- period: one per period with an approved value or a target, period-end from the indicator's
  periodicity; target = the Target of that period; actual = the indicator's value for the period.

Values and targets are those of the dashboards: the values over the metropolis they show
(``selectors.default_area``, everything in it, each indicator aggregated by its own rule in
``aggregation``) and the targets set for that metropolis (without one: every territory's, the first
territory's when several set one for the same period). At most five queries whatever the number of
projects. Indicators imported from an IATI activity (key ``iati-…``) are left out for projects whose activity
is kept as published (``ActivityLink.xml``): the kept copy writes their results back as published.

Import (``import_results``, registered with the IATI importer, once per batch of activities): each
result/indicator becomes an ``Indicator`` linked to its project (key ``iati-<hash of the activity
identifier>-<result>-<indicator>``, positions from 1, so a re-import updates it; kind from result/@type,
polarity from @ascending, unit from @measure; the project's owner and visibility). Its values are for the
activity's first recipient country, a ``Territory`` of kind country (``country-mz``, created when
missing): the baseline and each period's target become ``Target`` rows, each period's actual an approved
``Observation`` (a calendar year, quarter or month as such, any other period as the year it starts in).
Without a recipient country the values are not kept (a warning says so); a value that is not a number is
skipped with a warning. A constant number of queries per batch for new records (``core.bulk``);
changed values go through the core services. A re-import archives the indicators, targets and values the
activity no longer has (their history keeps them), and brings back those it has again.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _
from lxml import etree

from interlocal.core import services
from interlocal.core.bulk import insert_links_with_history, insert_with_history
from interlocal.core.hooks import records_created
from interlocal.core.permissions import ANONYMOUS, require_create
from interlocal.iati.mapping import ActivityResults, Mapper
from interlocal.iati.reference import XML_LANG, country_names
from interlocal.projects.models import Project
from interlocal.territory.models import Territory, TerritoryKind

from .aggregation import area_ids, indicator_table
from .models import (
    Aggregation,
    Indicator,
    IndicatorKind,
    Observation,
    ObservationStatus,
    Periodicity,
    Polarity,
    Target,
    TargetKind,
)
from .selectors import default_area

RESULT_TYPES: dict[str, str] = {IndicatorKind.OUTPUT: "1", IndicatorKind.OUTCOME: "2", IndicatorKind.IMPACT: "3"}
MEASURE_UNIT = "1"
ASCENDING: dict[str, str] = {Polarity.HIGHER_IS_BETTER: "true", Polarity.LOWER_IS_BETTER: "false"}
PERIOD_MONTHS = {"year": 12, "quarter": 3, "month": 1}


def period_end(kind: str, start: datetime.date) -> datetime.date:
    """The last day of the year, quarter or month starting on `start`."""
    months = start.month - 1 + PERIOD_MONTHS[kind]
    return datetime.date(start.year + months // 12, months % 12 + 1, 1) - datetime.timedelta(days=1)


def _number(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.0001")).normalize(), "f")


def _titled(parent: etree._Element, tag: str, text: str) -> etree._Element:
    """`<tag><narrative xml:lang=…>text</narrative></tag>`: the indicators are named in the site's language."""
    element = etree.SubElement(parent, tag)
    narrative = etree.SubElement(element, "narrative")
    narrative.set(XML_LANG, settings.LANGUAGE_CODE)
    narrative.text = text
    return element


def result_element(
    indicator: Indicator,
    actuals: dict[datetime.date, Decimal],
    targets: dict[datetime.date, Target],
    baseline: Target | None,
) -> etree._Element:
    result = etree.Element("result", type=RESULT_TYPES[indicator.kind])
    _titled(result, "title", indicator.name)
    measured = etree.SubElement(result, "indicator", measure=MEASURE_UNIT)
    if indicator.polarity in ASCENDING:
        measured.set("ascending", ASCENDING[indicator.polarity])
    _titled(measured, "title", f"{indicator.name} ({indicator.unit})")
    if indicator.description:
        _titled(measured, "description", indicator.description)
    if baseline is not None:
        taken = baseline.period_start
        attributes = {"year": str(taken.year), "iso-date": taken.isoformat(), "value": _number(baseline.value)}
        etree.SubElement(measured, "baseline", attributes)
    for start in sorted(set(actuals) | set(targets)):
        period = etree.SubElement(measured, "period")
        etree.SubElement(period, "period-start", {"iso-date": start.isoformat()})
        etree.SubElement(period, "period-end", {"iso-date": period_end(indicator.periodicity, start).isoformat()})
        if start in targets:
            etree.SubElement(period, "target", value=_number(targets[start].value))
        if start in actuals:
            etree.SubElement(period, "actual", value=_number(actuals[start]))
    return result


def project_results(projects: list[Project]) -> dict[int, list[etree._Element]]:
    """The IATI export's results provider: {project id: [<result> per public indicator of the project]}."""
    links = list(
        Indicator.projects.through.objects.filter(
            project_id__in=[p.pk for p in projects],
            indicator__in=Indicator.objects.visible_to(ANONYMOUS).exclude(kind=IndicatorKind.CONTEXT),
        )
        .exclude(
            Q(indicator__key__startswith=IMPORTED)
            & Q(project__iati_link__isnull=False)
            & ~Q(project__iati_link__xml="")
        )
        .select_related("indicator__numerator", "indicator__denominator")
        .order_by("indicator__name", "indicator_id", "project_id")
    )
    if not links:
        return {}
    indicators = {link.indicator_id: link.indicator for link in links}
    # A ratio's numerator and denominator come along so the table needs no query to find them.
    sources = [s for i in indicators.values() for s in (i.numerator, i.denominator) if s is not None]
    area = default_area()
    table = indicator_table(
        access=ANONYMOUS,
        indicators=[*indicators.values(), *sources],
        territory_ids=area_ids(area) if area is not None else None,
        first=datetime.date.min,
        last=datetime.date.max,
        facts_only=True,  # the IATI file publishes facts, never illustrative values
    )
    chosen_targets = (
        Target.objects.visible_to(ANONYMOUS)
        .filter(indicator_id__in=indicators, illustrative=False)
        .order_by("period_start", "territory_id")
    )
    if area is not None:
        chosen_targets = chosen_targets.filter(territory=area)
    targets: dict[int, dict[datetime.date, Target]] = {}
    baselines: dict[int, Target] = {}
    for target in chosen_targets:
        if target.kind == TargetKind.BASELINE:
            baselines[target.indicator_id] = target  # ordered by period: the latest one stays
        else:
            targets.setdefault(target.indicator_id, {}).setdefault(target.period_start, target)

    actuals = {pk: table.per_period(indicator) for pk, indicator in indicators.items()}
    results: dict[int, list[etree._Element]] = {}
    for link in links:
        pk = link.indicator_id
        element = result_element(indicators[pk], actuals[pk], targets.get(pk, {}), baselines.get(pk))
        results.setdefault(link.project_id, []).append(element)
    return results


# --- import ------------------------------------------------------------------------------------------
IMPORTED = "iati-"
KINDS = {"1": IndicatorKind.OUTPUT, "2": IndicatorKind.OUTCOME, "3": IndicatorKind.IMPACT}
POLARITIES = {"true": Polarity.HIGHER_IS_BETTER, "1": Polarity.HIGHER_IS_BETTER,
              "false": Polarity.LOWER_IS_BETTER, "0": Polarity.LOWER_IS_BETTER}  # fmt: skip
UNITS = {"2": "%"}  # IndicatorMeasure: 1 unit, 2 percentage, 3 nominal, 4 ordinal, 5 qualitative
LARGEST = Decimal("1e16")
REASON = "IATI import"


def imported_key(identifier: str, result: int, indicator: int) -> str:
    """The stable key of an imported indicator: the same activity and positions give the same key."""
    digest = hashlib.sha256(identifier.encode()).hexdigest()[:24]
    return f"{IMPORTED}{digest}-{result}-{indicator}"


def period_of(start: datetime.date, end: datetime.date | None) -> tuple[str, datetime.date]:
    """The period kind and start a period-start/period-end pair is: a calendar year, quarter or month, else the
    year `start` falls in."""
    for kind in (Periodicity.YEAR, Periodicity.QUARTER, Periodicity.MONTH):
        aligned = start.day == 1 and (start.month - 1) % PERIOD_MONTHS[kind] == 0
        if aligned and end == period_end(kind, start):
            return kind, start
    return Periodicity.YEAR, datetime.date(start.year, 1, 1)


@dataclass
class _Imported:
    key: str
    fields: dict[str, Any]
    project_id: int
    owner_id: int
    visibility: str
    country: str | None
    source: str
    targets: list[tuple[str, str, datetime.date, Decimal]] = field(default_factory=list)  # kind, period kind…
    actuals: list[tuple[str, datetime.date, Decimal]] = field(default_factory=list)


def _value(mapper: Mapper, element: etree._Element) -> Decimal | None:
    raw = element.get("value")
    if raw is None:
        return None
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or abs(value) >= LARGEST:
        mapper.warn(element, _("The value “%(value)s” is not a number; it is not kept as a result.") % {"value": raw})
        return None
    return value


def _read(mapper: Mapper, activity: ActivityResults) -> list[_Imported]:
    found: list[_Imported] = []
    source = _("IATI activity %(identifier)s published by %(publisher)s") % {
        "identifier": activity.identifier, "publisher": activity.publisher or "-"
    }  # fmt: skip
    for r, result in enumerate(activity.results, start=1):
        for i, indicator in enumerate(result.iterfind("indicator"), start=1):
            name = Mapper.text(indicator.find("title"), activity.lang) or Mapper.text(
                result.find("title"), activity.lang
            )
            fields = {
                "name": (name or activity.identifier)[:250],
                "description": Mapper.text(indicator.find("description"), activity.lang),
                "kind": KINDS.get(result.get("type", ""), IndicatorKind.OUTPUT),
                "polarity": POLARITIES.get(indicator.get("ascending", "true"), Polarity.NEUTRAL),
                "unit": UNITS.get(indicator.get("measure", ""), ""),
                "aggregation": Aggregation.SUM,
                "periodicity": Periodicity.YEAR,
                "source": source[:300],
            }
            imported = _Imported(imported_key(activity.identifier, r, i), fields, activity.project_id,
                                 activity.owner_id, activity.visibility, activity.country, source[:300])  # fmt: skip
            found.append(imported)
            if activity.country is None:
                if indicator.find("baseline") is not None or indicator.find("period") is not None:
                    message = _("The activity names no recipient country: the indicator's values are not kept.")
                    mapper.warn(indicator, message)
                continue
            for baseline in indicator.iterfind("baseline"):
                year, value = baseline.get("year", ""), _value(mapper, baseline)
                if value is not None and year.isdigit() and 1900 <= int(year) <= 2100:
                    imported.targets.append(
                        (TargetKind.BASELINE, Periodicity.YEAR, datetime.date(int(year), 1, 1), value)
                    )
            for period in indicator.iterfind("period"):
                # The schema has checked both dates; Mapper.date reads them as the project's dates are read.
                begins, ends = period.find("period-start"), period.find("period-end")
                start = mapper.date(begins) if begins is not None else None
                if start is None:
                    continue
                kind, first = period_of(start, mapper.date(ends) if ends is not None else None)
                for target in period.iterfind("target"):
                    if (value := _value(mapper, target)) is not None:
                        imported.targets.append((TargetKind.TARGET, kind, first, value))
                        break
                for actual in period.iterfind("actual"):
                    if (value := _value(mapper, actual)) is not None:
                        imported.actuals.append((kind, first, value))
                        break
    return found


def _territories(mapper: Mapper, imported: list[_Imported]) -> dict[str, int]:
    """{country code: territory pk}, creating the missing country territories (the project's owner).

    A country territory is public once a public activity has values there; until then it is internal,
    so that a hidden activity does not show, even by its country, on public pages."""
    wanted: dict[str, int] = {}
    public: set[str] = set()
    for i in imported:
        if i.country and (i.targets or i.actuals):
            wanted.setdefault(i.country, i.owner_id)
            if i.visibility == "public":
                public.add(i.country)
    if not wanted:
        return {}
    keys = {f"country-{code.lower()}": code for code in wanted}
    existing = {keys[t.key]: t for t in Territory.objects.filter(key__in=keys)}
    for code, territory in existing.items():
        if code in public and territory.visibility != "public":
            services.record_update(access=mapper.access, user=mapper.user, instance=territory,
                                   fields={"visibility": "public"}, reason=REASON)  # fmt: skip
    found = {code: territory.pk for code, territory in existing.items()}
    rows: list[dict[str, Any]] = [
        {"key": key, "name": country_names().get(code, code)[:200], "kind": TerritoryKind.COUNTRY, "country": code,
         "owner_id": wanted[code], "visibility": "public" if code in public else "internal"}
        for key, code in keys.items() if code not in found
    ]  # fmt: skip
    if rows:
        for owner in {row["owner_id"] for row in rows}:
            require_create(mapper.access, owner)
        pks, _versions = insert_with_history(Territory, rows, user=mapper.user, reason=REASON)
        found.update({row["country"]: pk for row, pk in zip(rows, pks, strict=True)})
        records_created(Territory, pks)
    return found


def import_results(mapper: Mapper, activities: list[ActivityResults]) -> None:
    """The IATI importer's results step for one batch (see the module docstring)."""
    imported = [i for activity in activities for i in _read(mapper, activity)]
    _archive_gone_indicators(mapper, activities, imported)
    if not imported:
        return
    territories = _territories(mapper, imported)
    existing = {i.key: i for i in Indicator.objects.filter(key__in=[i.key for i in imported])}
    linked = set(
        Indicator.projects.through.objects.filter(indicator_id__in=[i.pk for i in existing.values()]).values_list(
            "indicator_id", "project_id"
        )
    ) if existing else set()  # fmt: skip
    new = [i for i in imported if i.key not in existing]
    for owner in {i.owner_id for i in new}:
        require_create(mapper.access, owner)
    rows = [{**i.fields, "key": i.key, "owner_id": i.owner_id, "visibility": i.visibility} for i in new]
    pks, versions = insert_with_history(Indicator, rows, user=mapper.user, reason=REASON)
    insert_links_with_history(
        Indicator, "projects", [(pk, i.project_id, v) for i, pk, v in zip(new, pks, versions, strict=True)]
    )
    records_created(Indicator, pks)
    ids = {i.key: pk for i, pk in zip(new, pks, strict=True)}
    for item in imported:
        indicator = existing.get(item.key)
        if indicator is None:
            continue
        ids[item.key] = indicator.pk
        _keep(mapper, indicator)
        changed = {k: v for k, v in item.fields.items() if getattr(indicator, k) != v}
        m2m = None
        if (indicator.pk, item.project_id) not in linked:
            m2m = {"projects": [*indicator.projects.all(), item.project_id]}
        if changed or m2m:
            services.record_update(
                access=mapper.access, user=mapper.user, instance=indicator, fields=changed, m2m=m2m, reason=REASON
            )
    _values(mapper, imported, ids, territories)


def _archive_gone_indicators(mapper: Mapper, activities: list[ActivityResults], imported: list[_Imported]) -> None:
    """An imported indicator its activity no longer has is archived (its history keeps it). A project created
    by this batch has none to archive."""
    earlier = [a.project_id for a in activities if not a.created]
    if not earlier:
        return
    gone = (
        Indicator.objects.filter(projects__in=earlier, key__startswith=IMPORTED, archived_at__isnull=True)
        .exclude(key__in=[i.key for i in imported])
        .distinct()
    )
    for indicator in gone:
        services.record_set_archived(access=mapper.access, user=mapper.user, instance=indicator, archived=True)


def _keep(mapper: Mapper, record: Indicator | Target | Observation) -> None:
    """A record the file has again is brought back from the archive."""
    if record.archived_at is not None:
        services.record_set_archived(access=mapper.access, user=mapper.user, instance=record, archived=False)


def _values(mapper: Mapper, imported: list[_Imported], ids: dict[str, int], territories: dict[str, int]) -> None:
    """The baselines, targets and approved observations: new ones in bulk, changed values through the services."""
    held = [i for i in imported if i.country in territories]
    if not held:
        return
    indicator_ids = [ids[i.key] for i in held]
    targets = {
        (t.indicator_id, t.territory_id, t.kind, t.period_start): t
        for t in Target.objects.filter(indicator_id__in=indicator_ids)
    }
    observations = {
        (o.indicator_id, o.territory_id, o.period_kind, o.period_start): o
        for o in Observation.objects.filter(indicator_id__in=indicator_ids, breakdown="")
    }
    new_targets: list[dict[str, Any]] = []
    new_observations: list[dict[str, Any]] = []
    absent = {Target: set(targets), Observation: set(observations)}  # what the file no longer has is archived
    added: set[tuple[Any, ...]] = set()  # new ones, as rows
    user_id = mapper.user.pk if getattr(mapper.user, "is_authenticated", False) else None
    for item in held:
        indicator, territory = ids[item.key], territories[str(item.country)]
        common = {"indicator_id": indicator, "territory_id": territory, "owner_id": item.owner_id,
                  "visibility": item.visibility}  # fmt: skip
        for kind, period_kind, start, value in item.targets:
            key = (indicator, territory, kind, start)
            absent[Target].discard(key)
            target = targets.get(key)
            if target is None and key not in added:  # a second one for the same period in the file: the first
                added.add(key)
                new_targets.append(
                    {**common, "kind": kind, "period_kind": period_kind, "period_start": start, "value": value}
                )
            elif target is not None:
                _keep(mapper, target)
                if target.value != value:
                    services.record_update(
                        access=mapper.access, user=mapper.user, instance=target, fields={"value": value}, reason=REASON
                    )
        for period_kind, start, value in item.actuals:
            key = (indicator, territory, period_kind, start)
            absent[Observation].discard(key)
            observation = observations.get(key)
            if observation is None and key not in added:
                added.add(key)
                new_observations.append(
                    {**common, "period_kind": period_kind, "period_start": start, "value": value,
                     "status": ObservationStatus.APPROVED, "source": item.source, "entered_by_id": user_id}
                )  # fmt: skip
            elif observation is not None:
                _keep(mapper, observation)
                if observation.value != value:
                    services.record_update(
                        access=mapper.access, user=mapper.user, instance=observation,
                        fields={"value": value, "status": ObservationStatus.APPROVED, "source": item.source},
                        reason=REASON,
                    )  # fmt: skip
    for gone in [*(targets[k] for k in absent[Target]), *(observations[k] for k in absent[Observation])]:
        if gone.archived_at is None:
            services.record_set_archived(access=mapper.access, user=mapper.user, instance=gone, archived=True)
    target_ids, _versions = insert_with_history(Target, new_targets, user=mapper.user, reason=REASON)
    observation_ids, _versions = insert_with_history(Observation, new_observations, user=mapper.user, reason=REASON)
    records_created(Target, target_ids)
    records_created(Observation, observation_ids)
