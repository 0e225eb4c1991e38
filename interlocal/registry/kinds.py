"""The columns of each kind of registry file, and how a row finds the record it updates (its natural key).

A column fills the field of the record's page form that has its name, so an imported row obeys the
rules of that form. Its header is the field's label in the reader's language; a file may use the
header in English, Catalan or Spanish, or the column's code (`name`). Columns whose code starts with
`position_` fill the person's position (kind "people"), through the position's page form.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from interlocal.core.forms import RecordForm
from interlocal.diplomacy.forms import AgreementForm, EngagementForm, MembershipForm
from interlocal.diplomacy.models import Agreement, Engagement, Membership
from interlocal.ecosystem.forms import OrganisationForm, PersonForm, PositionForm
from interlocal.ecosystem.models import Organisation, Person, Position
from interlocal.projects.forms import ProjectForm
from interlocal.projects.models import Project

from .models import ImportKind

HEADER_LANGUAGES = ("en", "ca", "es")
LIST_SEPARATOR = ";"

# How a cell is read (imports.CellReader), and what the help page says of it.
FORMATS: dict[str, Any] = {
    "id": _("The record's number on this platform (optional): the row then updates that record."),
    "text": _("Text."),
    "date": _("A date: 2025-03-31 (or 31/03/2025)."),
    "choice": _("One of the codes listed (or its label)."),
    "bool": _("yes or no."),
    "number": _("A number: 1500 or 1500.50 (a decimal comma is accepted)."),
    "organisation": _("An organisation's key."),
    "organisations": _("Organisations' keys, separated by “;”."),
    "territory": _("A territory's key or official code."),
    "place": _("A partner city: “Lyon, FR”, or a GeoNames id; a city not yet registered is registered."),
    "places": _("Partner cities separated by “;”, each “Lyon, FR” or a GeoNames id."),
    "themes": _("Themes' codes (slugs), separated by “;”."),
    "regions": _("World regions' codes (slugs), separated by “;”."),
    "sdg_targets": _("SDG target codes, separated by “;”: 11.4; 17.17."),
    "agreement": _("An agreement's number on this platform, or its exact title."),
    "project": _("A project's number on this platform, or its exact title."),
}


@dataclass(frozen=True)
class Column:
    name: str  # the code of the column: the form field it fills, "position_…" for a person's position
    kind: str = "text"  # a key of FORMATS
    required: bool = False
    label: Any = None  # the header; the model field's verbose name when None
    help: Any = ""


@dataclass(frozen=True)
class Sheet:
    kind: str
    model: type[Model]
    form_class: type[RecordForm]
    columns: tuple[Column, ...]
    key_help: Any  # how a row finds the record it updates
    extra_model: type[Model] | None = None  # the position, for people
    extra_form_class: type[RecordForm] | None = None
    headers: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)

    def field_name(self, column: Column) -> str:
        return column.name.removeprefix("position_")

    def model_for(self, column: Column) -> type[Model]:
        if column.name.startswith("position_") and self.extra_model is not None:
            return self.extra_model
        return self.model

    def label(self, column: Column) -> str:
        """The column's header in the active language."""
        if column.label is not None:
            return str(capfirst(column.label))
        if column.name == "id":
            return "id"
        model_field = self.model_for(column)._meta.get_field(self.field_name(column))
        return str(capfirst(getattr(model_field, "verbose_name", column.name)))

    def choices(self, column: Column) -> list[tuple[str, Any]]:
        model_field = self.model_for(column)._meta.get_field(self.field_name(column))
        return list(getattr(model_field, "choices", None) or [])

    def column_for_header(self, header: str) -> Column | None:
        """The column a header names: its code, or its label in English, Catalan or Spanish."""
        if not self.headers:
            for column in self.columns:
                for language in HEADER_LANGUAGES:
                    with override(language):
                        self.headers.setdefault(_normal(self.label(column)), {"name": column.name})
                self.headers.setdefault(_normal(column.name), {"name": column.name})
        found = self.headers.get(_normal(header))
        return next((c for c in self.columns if found and c.name == found["name"]), None)


def _normal(header: str) -> str:
    return " ".join(str(header).replace("*", " ").split()).lower()


def _columns(*columns: Column) -> tuple[Column, ...]:
    return (Column("id", "id"), *columns, Column("citation"))


SHEETS: dict[str, Sheet] = {
    ImportKind.ORGANISATIONS: Sheet(
        ImportKind.ORGANISATIONS,
        Organisation,
        OrganisationForm,
        _columns(
            Column("key", required=True, help=_("A short code of lower-case letters, digits and hyphens: amb, upf.")),
            Column("name", required=True),
            Column("acronym"),
            Column("kind", "choice", required=True),
            Column("country", help=_("ISO 3166-1 alpha-2 code: ES, FR.")),
            Column("territory", "territory"),
            Column("parent", "organisation"),
            Column("description"),
            Column("website", help=_("A full address: https://…")),
            Column("themes", "themes"),
            Column("priority_regions", "regions"),
        ),
        key_help=_("An organisation is matched by its key."),
    ),
    ImportKind.PEOPLE: Sheet(
        ImportKind.PEOPLE,
        Person,
        PersonForm,
        _columns(
            Column("name", required=True),
            Column("email"),
            Column("phone"),
            Column("notes"),
            Column("position_organisation", "organisation", help=_("Fill it to record the person's position.")),
            Column("position_title", label=_("position"), help=_("Required when an organisation is given.")),
            Column("position_start_on", "date"),
            Column("position_end_on", "date"),
        ),
        key_help=_(
            "A person is matched by e-mail address, or by name when the row has none; their position by person, "
            "organisation and position title. A person with two positions takes two rows."
        ),
        extra_model=Position,
        extra_form_class=PositionForm,
    ),
    ImportKind.AGREEMENTS: Sheet(
        ImportKind.AGREEMENTS,
        Agreement,
        AgreementForm,
        _columns(
            Column("organisation", "organisation", required=True),
            Column("partner_place", "place", required=True),
            Column("title", required=True),
            Column("kind", "choice", required=True),
            Column("status", "choice"),
            Column("parties", "organisations"),
            Column("aims"),
            Column("resources"),
            Column("themes", "themes"),
            Column("sdg_targets", "sdg_targets"),
            Column("signed_on", "date"),
            Column("ends_on", "date"),
            Column("document_url"),
        ),
        key_help=_("An agreement is matched by organisation, partner place and title."),
    ),
    ImportKind.MEMBERSHIPS: Sheet(
        ImportKind.MEMBERSHIPS,
        Membership,
        MembershipForm,
        _columns(
            Column("organisation", "organisation", required=True),
            Column(
                "network", "organisation", required=True, help=_("The key of an organisation of kind city network.")
            ),
            Column("role", "choice", required=True),
            Column("main_link"),
            Column("start_on", "date"),
            Column("end_on", "date"),
            Column("annual_fee_eur", "number"),
            Column("priority", "bool"),
        ),
        key_help=_("A membership is matched by member, network and role."),
    ),
    ImportKind.ENGAGEMENTS: Sheet(
        ImportKind.ENGAGEMENTS,
        Engagement,
        EngagementForm,
        _columns(
            Column("title", required=True),
            Column("kind", "choice", required=True),
            Column("start_on", "date", required=True),
            Column("end_on", "date"),
            Column("place", "place"),
            Column("participants", "organisations", required=True),
            Column("agreement", "agreement"),
            Column("network", "organisation"),
            Column("project", "project"),
            Column("outcome"),
        ),
        key_help=_("An engagement is matched by title and start date."),
    ),
    ImportKind.PROJECTS: Sheet(
        ImportKind.PROJECTS,
        Project,
        ProjectForm,
        _columns(
            Column("title", required=True),
            Column("kind", "choice", required=True),
            Column("status", "choice"),
            Column("description"),
            Column("lead", "organisation", required=True),
            Column("partners", "organisations"),
            Column("budget_eur", "number"),
            Column("start_on", "date"),
            Column("end_on", "date"),
            Column("places", "places"),
            Column("sdg_targets", "sdg_targets"),
        ),
        key_help=_("A project is matched by title and lead organisation."),
    ),
}


def column_help(sheet: Sheet) -> list[dict[str, Any]]:
    """Each column of a kind in the active language: header, code, required, format and allowed codes."""
    rows = []
    for column in sheet.columns:
        codes: Iterable[tuple[str, Any]] = sheet.choices(column) if column.kind == "choice" else []
        rows.append(
            {
                "header": sheet.label(column),
                "name": column.name,
                "required": column.required,
                "format": str(FORMATS[column.kind]),
                "help": str(column.help or ""),
                "codes": [(code, str(label)) for code, label in codes],
            }
        )
    return rows
