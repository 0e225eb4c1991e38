"""The home metropolis's IATI 2.03 organisation file, and the imported organisation files written back.

The organisation file is the account of the publisher itself (`ecosystem.home.home_government()`), under the
identifier its activities are published under (`identifiers.organisation_identifier`). Its figures come from
the same projects as the activity file (`export.published_projects()`: public, the home ecosystem's, never
illustrative, never a partner's imported activity), with the same rule for a budget (in EUR, the project's
start and end dates known):

- total-budget: one per calendar year, the sum (computed in the database) of the budgets of the projects
  starting that year, as committed (status 2) budgets in EUR;
- recipient-country-budget: one per country and year, each project's budget split among the countries of its
  public places with the percentages its activity states (`export._shares`: even, two decimals, sum 100);
- total-expenditure: none: the model records commitments (fundings), not disbursements or expenditure;
- document-link: the IATI page and the open data package, on ``INTERLOCAL_SITE_URL`` (category B16,
  organisation web page: the codelist has no code for a data set).

``write_organisations(every_stored=True)`` (``manage.py iati_export --organisations``) adds every imported
``<iati-organisation>`` as its publisher published it (kept verbatim at import).
"""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import IO

from django.db.models import QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from interlocal.core.links import site_url
from interlocal.core.permissions import ANONYMOUS
from interlocal.diplomacy.models import PartnerPlace
from interlocal.ecosystem.home import home_government
from interlocal.ecosystem.models import Organisation
from interlocal.projects.models import Project

from .export import (
    CURRENCY,
    ORGANISATION_TYPES,
    VERSION,
    _amount,
    _narrative,
    _shares,
    _sub,
    organisation_refs,
    published_projects,
)
from .identifiers import organisation_identifier
from .models import IatiOrganisation
from .reference import XML_LANG, safe_parser

BUDGET_COMMITTED = "2"
ORGANISATION_WEB_PAGE = "B16"


def home_publisher() -> Organisation | None:
    """The home government, when it is public and has published projects (else there is nothing to publish)."""
    government = home_government()
    if government is None or not Organisation.objects.visible_to(ANONYMOUS).filter(pk=government.pk).exists():
        return None
    return government if published_projects().exists() else None


def _budgeted() -> QuerySet[Project]:
    return published_projects().filter(budget_eur__isnull=False, start_on__isnull=False, end_on__isnull=False)


def total_budgets() -> list[tuple[int, Decimal]]:
    """(year, total budget in EUR) of the published projects starting that year, summed in the database."""
    rows = (
        _budgeted()
        .annotate(year=ExtractYear("start_on"))
        .values("year")
        .annotate(total=Sum("budget_eur"))
        .order_by("year")
    )
    return [(int(row["year"]), Decimal(row["total"])) for row in rows]


def country_budgets() -> list[tuple[str, int, Decimal]]:
    """(country, year, budget in EUR): each budget split among its project's countries as its activity does."""
    budgeted = _budgeted()
    through = Project.places.through
    pairs = (
        through.objects.filter(project__in=budgeted, partnerplace__in=PartnerPlace.objects.visible_to(ANONYMOUS))
        .exclude(partnerplace__country="")
        .values_list("project_id", "partnerplace__country")
        .distinct()
    )
    countries: dict[int, set[str]] = defaultdict(set)
    for project_id, country in pairs:
        countries[project_id].add(str(country).upper())
    totals: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for project_id, budget, start_on in budgeted.filter(pk__in=list(countries)).values_list(
        "pk", "budget_eur", "start_on"
    ):
        names = sorted(countries[project_id])
        assert budget is not None and start_on is not None  # _budgeted() has both
        for country, share in zip(names, _shares(len(names)), strict=True):
            totals[(country, start_on.year)] += budget * Decimal(share) / 100
    return [(country, year, total) for (country, year), total in sorted(totals.items())]


def _period(parent: etree._Element, year: int) -> None:
    _sub(parent, "period-start", iso_date=datetime.date(year, 1, 1).isoformat())
    _sub(parent, "period-end", iso_date=datetime.date(year, 12, 31).isoformat())


def _value(parent: etree._Element, year: int, amount: Decimal) -> None:
    value = _sub(parent, "value", currency=CURRENCY, value_date=datetime.date(year, 1, 1).isoformat())
    value.text = _amount(amount)


def home_organisation_element(government: Organisation) -> etree._Element:
    """The home government's <iati-organisation>, its figures computed from the published projects."""
    refs = organisation_refs()
    identifier = organisation_identifier(government, refs)
    organisation = etree.Element("iati-organisation")
    organisation.set("last-updated-datetime", timezone.now().isoformat(timespec="seconds"))
    organisation.set(XML_LANG, government.language)
    organisation.set("default-currency", CURRENCY)
    _sub(organisation, "organisation-identifier").text = identifier
    _narrative(_sub(organisation, "name"), government.name)
    reporting = _sub(organisation, "reporting-org", ref=identifier, type=ORGANISATION_TYPES.get(government.kind, "90"))
    _narrative(reporting, government.name)
    for year, total in total_budgets():
        budget = _sub(organisation, "total-budget", status=BUDGET_COMMITTED)
        _period(budget, year)
        _value(budget, year, total)
    for country, year, total in country_budgets():
        budget = _sub(organisation, "recipient-country-budget", status=BUDGET_COMMITTED)
        _sub(budget, "recipient-country", code=country)
        _period(budget, year)
        _value(budget, year, total)
    site = site_url()
    documents = [
        (reverse("iati:overview"), "text/html", "IATI open data: the activity and organisation files"),
        (reverse("portal:datapackage-zip"), "application/zip", "Open data package (CSV files and their descriptor)"),
    ]
    for path, media_type, title in documents:
        link = _sub(organisation, "document-link", format=media_type, url=site + path)
        _narrative(_sub(link, "title"), title, "en")
        _sub(link, "category", code=ORGANISATION_WEB_PAGE)
    return organisation


def _root() -> etree._Element:
    root = etree.Element("iati-organisations")
    root.set("version", VERSION)
    root.set("generated-datetime", timezone.now().isoformat(timespec="seconds"))
    return root


def organisation_bytes() -> bytes | None:
    """The home metropolis's organisation file, or None when it has nothing to publish."""
    government = home_publisher()
    if government is None:
        return None
    root = _root()
    root.append(home_organisation_element(government))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def write_organisations(output: IO[bytes], *, every_stored: bool = False) -> int:
    """Write the home organisation file (with `every_stored`, every imported organisation too, as published);
    returns how many organisations were written (0: no file, the schema wants one)."""
    root = _root()
    government = home_publisher()
    if government is not None:
        root.append(home_organisation_element(government))
    if every_stored:
        written = {root[0].findtext("organisation-identifier")} if len(root) else set()
        for identifier, xml in IatiOrganisation.objects.order_by("pk").values_list("identifier", "xml"):
            if identifier not in written:
                root.append(etree.fromstring(xml, safe_parser()))
    if len(root):
        output.write(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
    return len(root)
