"""Context of the indicator and observation pages (called by the EntitySpecs' detail_context)."""

from typing import Any

from django.urls import reverse

from interlocal.core.memo import memoised
from interlocal.core.permissions import Access, can_edit

from .models import Indicator, IndicatorRole, Observation, ObservationStatus
from .selectors import (
    PROGRESS_READS_FROM,
    contributors_of,
    default_area,
    default_span,
    externality_ledger,
    indicators_progress,
)
from .services import can_review, four_eyes


def indicator_dashboard_context(indicator: Indicator, access: Access) -> dict[str, Any]:
    """Trend against target for the metropolis, and for an attraction its costs beside it: remembered for each class
    of reader until a value, a target, a counterweight or an indicator changes (core.memo). It aggregates every value
    of the indicator and of its costs (some 20,000 each in the bench)."""
    return memoised(
        "indicator_dashboard",
        access,
        PROGRESS_READS_FROM,
        lambda: _indicator_dashboard(indicator, access),
        indicator.pk,
        default_span(),  # the span ends this year
    )


def _indicator_dashboard(indicator: Indicator, access: Access) -> dict[str, Any]:
    within = default_area()
    first, last = default_span()
    indicator = Indicator.objects.filter(pk=indicator.pk).prefetch_related(contributors_of(access)).get()
    item = indicators_progress(access=access, indicators=[indicator], within=within, first=first, last=last)[0]
    ledger = None
    if indicator.role == IndicatorRole.ATTRACTION:
        ledger = externality_ledger(access=access, within=within, first=first, last=last, attraction=indicator)[0]
    return {
        "item": item,
        "area": within,
        "ledger": ledger,
        "trend_url": reverse("results:indicator-trend", args=[indicator.pk]),
        "ledger_url": reverse("results:ledger-chart", args=[indicator.pk]) if ledger else "",
    }


def observation_workflow_context(observation: Observation, access: Access) -> dict[str, Any]:
    status = observation.status
    return {
        "can_submit": can_edit(access, observation) and status in (ObservationStatus.DRAFT, ObservationStatus.RETURNED),
        "can_review": status == ObservationStatus.SUBMITTED and can_review(access, observation.indicator),
        "four_eyes": four_eyes(),
        "workflow_url": reverse("results:observation-workflow", args=[observation.pk]),
    }
