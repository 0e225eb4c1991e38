from django.utils.translation import gettext_lazy as _

from interlocal.core.entities import Column, EntitySpec, Related, register

from .forms import FundingForm, ProjectForm
from .models import Funding, Project

PROJECTS = register(
    EntitySpec(
        key="projects",
        model=Project,
        form_class=ProjectForm,
        columns=[
            Column(_("Project"), "title", sort="title", link=True),
            Column(_("Kind"), "get_kind_display", sort="kind"),
            Column(_("Status"), "get_status_display", sort="status"),
            Column(_("Lead"), "lead", sort="lead__name"),
            Column(_("Budget (EUR)"), "budget_eur", sort="budget_eur"),
            Column(_("Start"), "start_on", sort="start_on"),
        ],
        search_fields=["title", "description", "lead__name"],
        filter_fields=["kind", "status", "lead", "partners", "places", "sdg_targets"],
        default_sort="-start_on",
        select_related=["lead"],
        prefetch_related=["partners", "places", "sdg_targets"],
        detail_fields=[
            "title",
            "kind",
            "status",
            "description",
            "lead",
            "partners",
            "budget_eur",
            "start_on",
            "end_on",
            "places",
            "sdg_targets",
        ],  # fmt: skip
        related=[
            Related(_("Funding"), "fundings", "project", "project"),
            Related(_("Engagements"), "engagements", "project", "project"),
        ],
        api_fields=[
            "id",
            "title",
            "kind",
            "status",
            "description",
            "lead",
            "partners",
            "budget_eur",
            "start_on",
            "end_on",
            "places",
            "sdg_targets",
        ],  # fmt: skip
    )
)

FUNDINGS = register(
    EntitySpec(
        key="fundings",
        model=Funding,
        form_class=FundingForm,
        columns=[
            Column(_("Project"), "project", sort="project__title", link=True),
            Column(_("Funder"), "funder", sort="funder__name"),
            Column(_("Amount (EUR)"), "amount_eur", sort="amount_eur"),
        ],
        search_fields=["project__title", "funder__name"],
        filter_fields=["funder", "project"],
        default_sort="project__title",
        select_related=["project", "funder"],
        pages_by_ids=True,
        detail_fields=["project", "funder", "amount_eur"],
        api_fields=["id", "project", "funder", "amount_eur"],
    )
)
