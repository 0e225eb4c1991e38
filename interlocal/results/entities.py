"""The results app's kinds of record, registered for the generic pages and the API."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from interlocal.core.entities import Column, EntitySpec, Related, register

from .forms import CounterweightForm, IndicatorForm, ObservationForm, TargetForm
from .models import Counterweight, Indicator, Observation, Target


def indicator_context(record: Indicator, access: Any) -> dict[str, Any]:
    from .dashboards import indicator_dashboard_context

    return indicator_dashboard_context(record, access)


def observation_context(record: Observation, access: Any) -> dict[str, Any]:
    from .dashboards import observation_workflow_context

    return observation_workflow_context(record, access)


INDICATORS = register(
    EntitySpec(
        key="indicators",
        model=Indicator,
        form_class=IndicatorForm,
        columns=[
            Column(_("Indicator"), "name", sort="name", link=True),
            Column(_("Kind"), "get_kind_display", sort="kind"),
            Column(_("Role"), "get_role_display", sort="role"),
            Column(_("Unit"), "unit"),
            Column(_("Aggregation"), "get_aggregation_display", sort="aggregation"),
            Column(_("Periodicity"), "get_periodicity_display", sort="periodicity"),
        ],
        search_fields=["name", "key", "description", "source"],
        filter_fields=["kind", "role", "polarity", "aggregation", "periodicity", "territorial_level", "objectives"],
        default_sort="name",
        select_related=["numerator", "denominator"],
        prefetch_related=["objectives", "projects", "contributes_to"],
        detail_fields=[
            "key",
            "name",
            "description",
            "kind",
            "role",
            "unit",
            "polarity",
            "aggregation",
            "numerator",
            "denominator",
            "scale",
            "periodicity",
            "territorial_level",
            "source",
            "objectives",
            "projects",
        ],  # fmt: skip
        related=[
            Related(_("Counterweights (its costs)"), "counterweights", "attraction", "attraction"),
            Related(_("Weighs against (the gains it is the cost of)"), "counterweights", "cost", "cost"),
            Related(_("Baselines and targets"), "indicator-targets", "indicator", "indicator"),
        ],
        api_fields=[
            "id",
            "key",
            "name",
            "description",
            "kind",
            "role",
            "unit",
            "polarity",
            "aggregation",
            "numerator",
            "denominator",
            "scale",
            "periodicity",
            "territorial_level",
            "source",
            "objectives",
            "contributes_to",
            "projects",
        ],  # fmt: skip
        detail_template="results/indicator_detail.html",
        detail_context=indicator_context,
    )
)

COUNTERWEIGHTS = register(
    EntitySpec(
        key="counterweights",
        model=Counterweight,
        form_class=CounterweightForm,
        columns=[
            Column(_("Attraction"), "attraction", sort="attraction__name", link=True),
            Column(_("Cost"), "cost", sort="cost__name"),
            Column(_("Rationale"), "rationale"),
        ],
        search_fields=["attraction__name", "cost__name", "rationale"],
        filter_fields=["attraction", "cost"],
        default_sort="attraction__name",
        select_related=["attraction", "cost"],
        detail_fields=["attraction", "cost", "rationale", "citation"],
        api_fields=["id", "attraction", "cost", "rationale"],
    )
)

OBSERVATIONS = register(
    EntitySpec(
        key="observations",
        model=Observation,
        form_class=ObservationForm,
        columns=[
            Column(_("Indicator"), "indicator", sort="indicator__name"),
            Column(_("Territory"), "territory", sort="territory__name"),
            Column(_("Period"), "period_label", sort="period_start", link=True),
            Column(_("Value"), "value_display", sort="value"),
            Column(_("Breakdown"), "breakdown"),
            Column(_("Status"), "get_status_display", sort="status"),
        ],
        search_fields=["indicator__name", "territory__name", "source"],
        filter_fields=["indicator", "territory", "status", "period_kind", "import_run"],
        default_sort="-period_start",
        select_related=["indicator", "territory", "entered_by", "submitted_by", "import_run"],
        pages_by_ids=True,
        detail_fields=[
            "indicator",
            "territory",
            "period_kind",
            "period_start",
            "value",
            "breakdown",
            "status",
            "review_note",
            "source",
            "entered_by",
            "submitted_by",
            "import_run",
        ],  # fmt: skip
        # Who entered, submitted and imported a value is the team's business: not published.
        internal_fields=["entered_by", "submitted_by", "import_run"],
        api_fields=[
            "id",
            "indicator",
            "territory",
            "period_kind",
            "period_start",
            "value",
            "breakdown",
            "status",
            "review_note",
            "source",
            "import_run",
        ],  # fmt: skip
        detail_template="results/observation_detail.html",
        detail_context=observation_context,
    )
)

TARGETS = register(
    EntitySpec(
        key="indicator-targets",
        model=Target,
        form_class=TargetForm,
        columns=[
            Column(_("Indicator"), "indicator", sort="indicator__name", link=True),
            Column(_("Kind"), "get_kind_display", sort="kind"),
            Column(_("Territory"), "territory", sort="territory__name"),
            Column(_("Period"), "period_start", sort="period_start"),
            Column(_("Value"), "value_display", sort="value"),
        ],
        search_fields=["indicator__name", "territory__name"],
        filter_fields=["indicator", "territory", "kind"],
        default_sort="indicator__name",
        select_related=["indicator", "territory"],
        pages_by_ids=True,
        detail_fields=["indicator", "territory", "kind", "period_kind", "period_start", "value"],
        api_fields=["id", "indicator", "territory", "kind", "period_kind", "period_start", "value"],
    )
)
