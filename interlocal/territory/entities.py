from django.utils.translation import gettext_lazy as _

from interlocal.core.entities import Column, EntitySpec, Related, register

from .forms import PopulationFigureForm, TerritoryForm
from .models import PopulationFigure, Territory

TERRITORIES = register(
    EntitySpec(
        key="territories",
        model=Territory,
        form_class=TerritoryForm,
        columns=[
            Column(_("Name"), "name", sort="name", link=True),
            Column(_("Kind"), "get_kind_display", sort="kind"),
            Column(_("Official code"), "official_code", sort="official_code"),
            Column(_("Country"), "country", sort="country"),
            Column(_("Area (km²)"), "area_km2", sort="area_km2"),
            Column(_("Part of"), "parent"),
        ],
        search_fields=["name", "official_code", "key"],
        filter_fields=["kind", "country", "parent", "visibility"],
        default_sort="name",
        select_related=["parent"],
        detail_fields=["name", "kind", "country", "parent", "official_code", "area_km2", "citation"],
        related=[
            Related(_("Population"), "population", "territory", "territory"),
            Related(_("Parts"), "territories", "parent", "parent"),
            Related(_("Organisations"), "organisations", "territory", "territory"),
            Related(_("Facts"), "facts", "territory", "territory"),
        ],
        api_fields=[
            "id",
            "key",
            "name",
            "kind",
            "country",
            "parent",
            "official_code",
            "area_km2",
            "latitude",
            "longitude",
        ],
    )
)

POPULATION = register(
    EntitySpec(
        key="population",
        model=PopulationFigure,
        form_class=PopulationFigureForm,
        columns=[
            Column(_("Territory"), "territory", sort="territory__name", link=True),
            Column(_("Year"), "year", sort="year"),
            Column(_("Population"), "population", sort="population"),
            Column(_("Source"), "source"),
        ],
        search_fields=["territory__name", "source"],
        filter_fields=["territory", "year"],
        default_sort="-year",
        select_related=["territory"],
        detail_fields=["territory", "year", "population", "source"],
        api_fields=["id", "territory", "year", "population", "source"],
    )
)
