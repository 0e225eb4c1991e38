"""Context of the indicator and observation pages (called by the EntitySpecs' detail_context)."""

from typing import Any

from django.urls import reverse

from interlocal.core.permissions import Access, can_edit

from .models import Indicator, IndicatorRole, Observation, ObservationStatus
from .selectors import contributors_of, default_area, default_span, externality_ledger, indicators_progress
from .services import can_review, four_eyes


def indicator_dashboard_context(indicator: Indicator, access: Access) -> dict[str, Any]:
    """Trend against target for the metropolis, and for an attraction its costs beside it."""
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
