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
projects.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from lxml import etree

from interlocal.core.permissions import ANONYMOUS
from interlocal.iati.reference import XML_LANG
from interlocal.projects.models import Project

from .aggregation import area_ids, indicator_table
from .models import Indicator, IndicatorKind, Polarity, Target, TargetKind
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
