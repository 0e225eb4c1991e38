from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from interlocal.core.entities import Column, EntitySpec, Related, register
from interlocal.core.permissions import Access

from .forms import (
    FactForm,
    ManagementUnitForm,
    OrganisationForm,
    PersonForm,
    PositionForm,
    UnitYearForm,
)
from .models import Fact, ManagementUnit, Organisation, Person, Position, UnitYear


def person_detail_context(person: Person, access: Access) -> dict[str, Any]:
    """Where those who may change it record or withdraw the person's consent to publication."""
    return {"consent_url": reverse("ecosystem:person-consent", args=[person.pk])}


ORGANISATIONS = register(
    EntitySpec(
        key="organisations",
        model=Organisation,
        form_class=OrganisationForm,
        columns=[
            Column(_("Name"), "name", sort="name", link=True),
            Column(_("Acronym"), "acronym", sort="acronym"),
            Column(_("Kind"), "get_kind_display", sort="kind"),
            Column(_("Country"), "country", sort="country"),
            Column(_("Territory"), "territory"),
        ],
        search_fields=["name", "acronym", "key", "description"],
        filter_fields=["kind", "country", "territory", "themes", "priority_regions", "visibility"],
        default_sort="name",
        select_related=["territory"],
        prefetch_related=["themes", "priority_regions"],
        detail_fields=[
            "name",
            "acronym",
            "kind",
            "country",
            "territory",
            "parent",
            "description",
            "website",
            "themes",
            "priority_regions",
            "citation",
        ],  # fmt: skip
        related=[
            Related(_("Management units"), "units", "organisation", "organisation"),
            Related(_("People"), "positions", "organisation", "organisation"),
            Related(_("Network memberships"), "memberships", "organisation", "organisation"),
            Related(_("Members (as a network)"), "memberships", "network", "network"),
            Related(_("Agreements"), "agreements", "organisation", "organisation"),
            Related(_("Engagements"), "engagements", "participants", "participants"),
            Related(_("Projects led"), "projects", "lead", "lead"),
            Related(_("Projects as partner"), "projects", "partners", ""),
            Related(_("Member organisations"), "organisations", "parent", "parent"),
            Related(_("Facts"), "facts", "organisation", "organisation"),
        ],
        api_fields=[
            "id",
            "key",
            "name",
            "acronym",
            "kind",
            "country",
            "territory",
            "parent",
            "description",
            "website",
            "themes",
            "priority_regions",
        ],  # fmt: skip
    )
)

UNITS = register(
    EntitySpec(
        key="units",
        model=ManagementUnit,
        form_class=ManagementUnitForm,
        columns=[
            Column(_("Unit"), "name", sort="name", link=True),
            Column(_("Organisation"), "organisation", sort="organisation__name"),
            Column(_("Scope"), "get_scope_display", sort="scope"),
        ],
        search_fields=["name", "organisation__name", "organisation__acronym"],
        filter_fields=["scope", "organisation"],
        default_sort="organisation__name",
        select_related=["organisation"],
        detail_fields=["organisation", "name", "scope", "note", "citation"],
        related=[
            Related(_("Staff and budget by year"), "unit-years", "unit", "unit"),
            Related(_("People"), "positions", "unit", "unit"),
        ],
        api_fields=["id", "organisation", "name", "scope", "note"],
    )
)

UNIT_YEARS = register(
    EntitySpec(
        key="unit-years",
        model=UnitYear,
        form_class=UnitYearForm,
        columns=[
            Column(_("Unit"), "unit", sort="unit__name", link=True),
            Column(_("Year"), "year", sort="year"),
            Column(_("Professionals"), "staff", sort="staff"),
            Column(_("Budget (EUR)"), "budget_eur", sort="budget_eur"),
        ],
        search_fields=["unit__name", "unit__organisation__name"],
        filter_fields=["unit", "year"],
        default_sort="-year",
        select_related=["unit", "unit__organisation"],
        detail_fields=["unit", "year", "staff", "budget_eur", "citation"],
        api_fields=["id", "unit", "year", "staff", "budget_eur"],
    )
)

PEOPLE = register(
    EntitySpec(
        key="people",
        model=Person,
        form_class=PersonForm,
        columns=[Column(_("Name"), "name", sort="name", link=True), Column(_("Email"), "email")],
        search_fields=["name", "email"],
        default_sort="name",
        detail_fields=["name", "email", "phone", "web_page", "notes"],
        internal_fields=["notes"],
        related=[Related(_("Positions"), "positions", "person", "person")],
        api_fields=["id", "name", "email", "phone", "web_page", "consent_on", "consent_purpose"],
        detail_template="ecosystem/person_detail.html",
        detail_context=person_detail_context,
    )
)

POSITIONS = register(
    EntitySpec(
        key="positions",
        model=Position,
        form_class=PositionForm,
        columns=[
            Column(_("Person"), "person", sort="person__name", link=True),
            Column(pgettext_lazy("a person's post", "Title"), "title", sort="title"),
            Column(_("Organisation"), "organisation", sort="organisation__name"),
            Column(_("From"), "start_on", sort="start_on"),
            Column(_("Until"), "end_on", sort="end_on"),
        ],
        search_fields=["person__name", "title", "organisation__name"],
        filter_fields=["organisation", "person"],
        default_sort="-start_on",
        select_related=["person", "organisation", "unit"],
        detail_fields=["person", "organisation", "unit", "title", "start_on", "end_on"],
        api_fields=["id", "person", "organisation", "unit", "title", "start_on", "end_on"],
    )
)

FACTS = register(
    EntitySpec(
        key="facts",
        model=Fact,
        form_class=FactForm,
        columns=[
            Column(_("Statement"), "statement", link=True),
            Column(_("Topic"), "get_topic_display", sort="topic"),
            Column(_("Territory"), "territory", sort="territory__name"),
            Column(_("Organisation"), "organisation", sort="organisation__name"),
            Column(_("Value"), "value", sort="value"),
            Column(_("Source"), "citation"),
        ],
        search_fields=["statement", "citation"],
        filter_fields=["topic", "territory", "organisation"],
        default_sort="topic",
        select_related=["territory", "organisation"],
        detail_fields=["territory", "organisation", "topic", "statement", "value", "value_unit", "citation"],
        api_fields=["id", "territory", "organisation", "topic", "statement", "value", "value_unit", "citation"],
    )
)
