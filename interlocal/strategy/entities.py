"""The strategy app's kinds of record, registered for the generic pages and the API."""

from django.utils.translation import gettext_lazy as _

from interlocal.core.entities import Column, EntitySpec, Related, register

from .forms import ActionLineForm, ActionLineLinkForm, AxisForm, ObjectiveForm, PlanForm
from .models import ActionLine, ActionLineLink, Axis, Objective, Plan

PLANS = register(
    EntitySpec(
        key="plans",
        model=Plan,
        form_class=PlanForm,
        columns=[
            Column(_("Plan"), "title", sort="title", link=True),
            Column(_("Kind"), "get_kind_display", sort="kind"),
            Column(_("Organisation"), "organisation", sort="organisation__name"),
            Column(_("From"), "starts_on", sort="starts_on"),
            Column(_("Until"), "ends_on", sort="ends_on"),
        ],
        search_fields=["title", "description", "organisation__name"],
        filter_fields=["kind", "organisation"],
        default_sort="title",
        select_related=["organisation"],
        detail_fields=["title", "kind", "organisation", "starts_on", "ends_on", "description"],
        related=[Related(_("Axes"), "axes", "plan", "plan")],
        api_fields=["id", "title", "kind", "organisation", "starts_on", "ends_on", "description"],
    )
)

AXES = register(
    EntitySpec(
        key="axes",
        model=Axis,
        form_class=AxisForm,
        columns=[
            Column(_("Axis"), "title", sort="title", link=True),
            Column(_("Plan"), "plan", sort="plan__title"),
            Column(_("Position"), "position", sort="position"),
        ],
        search_fields=["title", "description", "plan__title"],
        filter_fields=["plan"],
        default_sort="position",
        select_related=["plan"],
        detail_fields=["plan", "position", "title", "description"],
        related=[Related(_("Objectives"), "objectives", "axis", "axis")],
        api_fields=["id", "plan", "position", "title", "description"],
    )
)

OBJECTIVES = register(
    EntitySpec(
        key="objectives",
        model=Objective,
        form_class=ObjectiveForm,
        columns=[
            Column(_("Objective"), "title", sort="title", link=True),
            Column(_("Code"), "code", sort="code"),
            Column(_("Axis"), "axis", sort="axis__title"),
        ],
        search_fields=["title", "code", "description"],
        filter_fields=["axis", "axis__plan", "sdg_targets"],
        default_sort="code",
        select_related=["axis", "axis__plan"],
        prefetch_related=["sdg_targets"],
        detail_fields=["axis", "code", "title", "description", "sdg_targets"],
        related=[Related(_("Action lines"), "action-lines", "objective", "objective")],
        api_fields=["id", "axis", "code", "title", "description", "sdg_targets"],
        detail_template="strategy/objective_detail.html",
    )
)

ACTION_LINES = register(
    EntitySpec(
        key="action-lines",
        model=ActionLine,
        form_class=ActionLineForm,
        columns=[
            Column(_("Action line"), "title", sort="title", link=True),
            Column(_("Code"), "code", sort="code"),
            Column(_("Objective"), "objective", sort="objective__title"),
        ],
        search_fields=["title", "code", "description"],
        filter_fields=["objective", "objective__axis__plan"],
        default_sort="code",
        select_related=["objective"],
        detail_fields=["objective", "code", "title", "description"],
        related=[
            Related(
                _("Engagements, projects and agreements serving it"), "action-line-links", "action_line", "action_line"
            )
        ],
        api_fields=["id", "objective", "code", "title", "description"],
    )
)

ACTION_LINE_LINKS = register(
    EntitySpec(
        key="action-line-links",
        model=ActionLineLink,
        form_class=ActionLineLinkForm,
        columns=[
            Column(_("Link"), "__str__", link=True),
            Column(_("Action line"), "action_line", sort="action_line__title"),
            Column(_("Note"), "note"),
        ],
        search_fields=["action_line__title", "engagement__title", "project__title", "agreement__title", "note"],
        filter_fields=["action_line", "engagement", "project", "agreement"],
        default_sort="action_line__title",
        select_related=["action_line", "engagement", "project", "agreement"],
        detail_fields=["action_line", "engagement", "project", "agreement", "note"],
        api_fields=["id", "action_line", "engagement", "project", "agreement", "note"],
    )
)
