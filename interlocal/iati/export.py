"""The home metropolis's public cooperation projects as an IATI 2.03 iati-activities document.

The file is the metropolis's own publication: it holds the projects its own ecosystem reports
(owned by one of `home_organisations()`: the reporting-org is the owner), never a peer
metropolis's, and never an illustrative project or funding (demo data is not published as fact).

Mapping (the import reads the same mapping back, see imports.py):

- iati-identifier: identifiers.activity_identifier (owner's organisation identifier + "-P<id>");
- reporting-org: the project's owning organisation, @type from its kind (OrganisationType);
- title, description: one narrative each, @xml:lang = the project's language;
- participating-org: the lead with role 2 (Accountable), partners with role 4 (Implementing),
  funders with role 1 (Funding), each with @ref (its organisation identifier) and a narrative name;
- activity-status (ActivityStatus): pipeline 1, active 2, completed 4 (Closed), cancelled 5;
- activity-date (ActivityDateType): start 1 (planned) or 2 (actual), end 3 (planned) or 4 (actual);
  actual once the project has started (start) or is completed/cancelled (end); a project with no
  date gets its registration date as planned start, marked by NO_DATE_NOTE (the schema needs one);
- recipient-country: the countries of the project's places, shares split evenly (sum 100);
- location: one per place, with its GeoNames id (location-id vocabulary G1), name, country
  (administrative vocabulary A4, ISO 3166-1 alpha-2) and point (WGS 84) when known;
- tag vocabulary 3 (UN SDG Targets): one per SDG target (IATI's guidance prefers tags to sectors
  for SDGs because sector percentages must add up to 100);
- budget: the project's budget in EUR as one original (type 1), committed (status 2) budget over
  the project's dates (omitted when the budget or either date is unknown: IATI requires a period);
- transaction: one incoming commitment (type 11) per funding, provider-org = the funder, dated at
  the project's start (or, without one, the funding's creation date);
- result: extension point: functions registered with ``register_results_provider`` add
  ``<result>`` elements (the results app builds them from its indicators).

Organisations imported with a ref keep it (``OrganisationIdentifier``) and are published under it.

An own project imported from an IATI file is generated as above, plus the kept activity's elements of the
kinds the generator never writes (other-identifier, contact-info, sectors, policy markers, documents,
planned disbursements, conditions, crs-add, fss…; its results when the results app publishes none), in the
schema's order, with its activity attributes and default currency. Of the kinds the generator writes, the
kept parts the model has no home for come back too: descriptions of other types (objectives, target
groups…), tags of other vocabularies, funding and extending organisations the fundings do not name, the
title's and description's narratives in other languages (while the project's own text is unchanged), and the
recipient countries' percentages (while the project has the same countries).

A partner's activity (imported, its reporting-org not one of the home organisations) is never in the
metropolis's file. ``write_activities(all=True)`` (``manage.py iati_export --all``) writes every stored
activity: the metropolis's own, generated as above, and every imported activity as its publisher
published it (kept verbatim at import, every element and value), each under its own reporting-org.
"""

import copy
import datetime
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from functools import cache
from typing import IO

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from lxml import etree

from interlocal.core.access import Access
from interlocal.core.permissions import ANONYMOUS, SYSTEM
from interlocal.core.visibility import HiddenRecord
from interlocal.diplomacy.models import PartnerPlace
from interlocal.ecosystem.home import home_territories, in_ecosystem
from interlocal.ecosystem.models import Organisation
from interlocal.projects.models import Funding, Project

from .identifiers import activity_identifier, organisation_identifier
from .models import ActivityLink, OrganisationIdentifier
from .reference import SCHEMA_FILE, XML_LANG, safe_parser

VERSION = "2.03"
CURRENCY = "EUR"

STATUS_CODES = {"pipeline": "1", "active": "2", "completed": "4", "cancelled": "5"}
ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_EXTENDING, ROLE_IMPLEMENTING = "1", "2", "3", "4"
GENERAL_DESCRIPTION = "1"
TAG_SDG_TARGETS = "3"
INCOMING_COMMITMENT = "11"
# A project without dates is published with its registration date as planned start, marked with this
# narrative (IATI requires an activity-date); the import ignores dates carrying it.
NO_DATE_NOTE = "Dates not recorded: this is the date the project was registered."

ORGANISATION_TYPES = {
    "metropolitan_government": "11",  # Local Government
    "municipal_government": "11",
    "provincial_government": "11",
    "regional_government": "11",
    "national_government": "10",  # Government
    "foreign_government": "10",
    "investment_agency": "15",  # Other Public Sector
    "promotion_agency": "15",
    "cooperation_agency": "15",
    "port": "15",
    "airport": "15",
    "coordination_body": "15",
    "company": "70",  # Private Sector
    "business_association": "70",
    "fair": "70",
    "university": "80",  # Academic, Training and Research
    "research_centre": "80",
    "ngo": "22",  # National NGO
    "foundation": "60",  # Foundation
    "international_organisation": "40",  # Multilateral
    "city_network": "40",
    "media": "90",  # Other
    "other": "90",
    "consulate": "10",
}

# Functions adding <result> elements: called once with every exported project, they return
# {project id: [<result> elements]} (see the module docstring). Registered by the results app.
ResultsProvider = Callable[[list[Project]], dict[int, list[etree._Element]]]
_results_providers: list[ResultsProvider] = []


def register_results_provider(provider: ResultsProvider) -> None:
    if provider not in _results_providers:
        _results_providers.append(provider)


def published_projects() -> QuerySet[Project]:
    """The projects the metropolis publishes: public, its own ecosystem's, and cited (not illustrative)."""
    return (
        Project.objects.visible_to(ANONYMOUS)
        # the owner's ecosystem tested on its row, not an IN over every home organisation (which SQLite lists first)
        .filter(in_ecosystem(home_territories(), "owner__"), illustrative=False)
        .exclude(iati_link__partner=True)
    )


def stored_projects(access: Access = SYSTEM) -> QuerySet[Project]:
    """Every project with an activity to write back that `access` may read: the published ones and every
    imported one, own and partners'."""
    stored = Q(pk__in=published_projects().values("pk")) | Q(iati_link__isnull=False)
    return Project.objects.visible_to(access).filter(stored)


def public_projects() -> QuerySet[Project]:
    """The published projects, with everything the export reads, in a fixed number of queries."""
    return _with_everything(published_projects())


def _with_everything(projects: QuerySet[Project]) -> QuerySet[Project]:
    return (
        projects.select_related("owner", "lead", "iati_link")
        .prefetch_related(
            Prefetch("partners", queryset=Organisation.objects.visible_to(ANONYMOUS).order_by("name")),  # type: ignore[type-var]
            Prefetch("places", queryset=PartnerPlace.objects.visible_to(ANONYMOUS)),
            "sdg_targets",
            Prefetch(
                "fundings",
                queryset=Funding.objects.visible_to(ANONYMOUS).filter(illustrative=False).select_related("funder"),
            ),
        )
        .order_by("pk")
    )


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items()})


def _narrative(parent: etree._Element, text: str, lang: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, "narrative")
    if lang:
        element.set(XML_LANG, lang)
    element.text = text
    return element


def _amount(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")), "f")


def _org(parent: etree._Element, tag: str, organisation: Organisation, refs: Mapping[int, str], **attrs: str) -> None:
    if isinstance(organisation, HiddenRecord):  # not public: neither its name nor its identifier
        return
    element = _sub(
        parent,
        tag,
        ref=organisation_identifier(organisation, refs),
        type=ORGANISATION_TYPES.get(organisation.kind, "90"),
    )
    for name, value in attrs.items():
        element.set(name, value)
    _narrative(element, organisation.name)


def _shares(count: int) -> list[str]:
    """`count` percentages with two decimals adding up to exactly 100."""
    base = (Decimal(100) / count).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    return [format(base, "f")] * (count - 1) + [format(Decimal(100) - base * (count - 1), "f")]


def organisation_refs() -> dict[int, str]:
    """The refs organisations were imported with, by organisation id (one query)."""
    return dict(OrganisationIdentifier.objects.values_list("organisation_id", "ref"))


def activity_element(
    project: Project, results: Iterable[etree._Element] = (), refs: Mapping[int, str] | None = None
) -> etree._Element:
    refs = {} if refs is None else refs
    today = timezone.localdate()
    activity = etree.Element("iati-activity")
    activity.set(XML_LANG, project.language)
    activity.set("default-currency", CURRENCY)
    activity.set("last-updated-datetime", project.updated_at.isoformat(timespec="seconds"))
    _sub(activity, "iati-identifier").text = activity_identifier(project, refs)
    _org(activity, "reporting-org", project.owner, refs)
    _narrative(_sub(activity, "title"), project.title, project.language)
    # The schema requires a description; an empty narrative says there is none (the import reads it as "").
    _narrative(_sub(activity, "description", type="1"), project.description, project.language)

    _org(activity, "participating-org", project.lead, refs, role=ROLE_ACCOUNTABLE)
    for partner in project.partners.all():
        _org(activity, "participating-org", partner, refs, role=ROLE_IMPLEMENTING)
    fundings = sorted(project.fundings.all(), key=lambda f: (f.funder.name, f.pk))
    for funding in fundings:
        _org(activity, "participating-org", funding.funder, refs, role=ROLE_FUNDING)

    _sub(activity, "activity-status", code=STATUS_CODES[project.status])
    if project.start_on:
        started = project.start_on <= today or project.status in ("completed", "cancelled")
        _sub(activity, "activity-date", type="2" if started else "1", iso_date=project.start_on.isoformat())
    if not project.start_on and not project.end_on:  # the schema requires one activity-date
        registered = _sub(
            activity, "activity-date", type="1", iso_date=timezone.localdate(project.created_at).isoformat()
        )
        _narrative(registered, NO_DATE_NOTE, "en")
    if project.end_on:
        ended = project.status in ("completed", "cancelled")
        _sub(activity, "activity-date", type="4" if ended else "3", iso_date=project.end_on.isoformat())

    places = sorted(project.places.all(), key=lambda p: (p.country, p.name, p.pk))
    countries = sorted({place.country.upper() for place in places if place.country})
    for country, share in zip(countries, _shares(len(countries)) if countries else [], strict=True):
        element = _sub(activity, "recipient-country", code=country)
        if len(countries) > 1:
            element.set("percentage", share)
    for place in places:
        location = _sub(activity, "location", ref=f"place-{place.pk}")
        if place.geonameid:
            _sub(location, "location-id", vocabulary="G1", code=str(place.geonameid))
        _narrative(_sub(location, "name"), place.name)
        if place.country:
            _sub(location, "administrative", vocabulary="A4", level="0", code=place.country.upper())
        if place.latitude is not None and place.longitude is not None:
            point = _sub(location, "point", srsName="http://www.opengis.net/def/crs/EPSG/0/4326")
            _sub(point, "pos").text = f"{place.latitude} {place.longitude}"

    for target in sorted(project.sdg_targets.all(), key=lambda t: (t.goal_id, t.position)):
        tag = _sub(activity, "tag", vocabulary=TAG_SDG_TARGETS, code=target.code)
        _narrative(tag, target.title_en, "en")

    if project.budget_eur is not None and project.start_on and project.end_on:
        budget = _sub(activity, "budget", type="1", status="2")
        _sub(budget, "period-start", iso_date=project.start_on.isoformat())
        _sub(budget, "period-end", iso_date=project.end_on.isoformat())
        value = _sub(budget, "value", currency=CURRENCY, value_date=project.start_on.isoformat())
        value.text = _amount(project.budget_eur)

    for funding in fundings:
        day: datetime.date = project.start_on or timezone.localdate(funding.created_at)
        transaction = _sub(activity, "transaction", ref=f"funding-{funding.pk}")
        _sub(transaction, "transaction-type", code=INCOMING_COMMITMENT)
        _sub(transaction, "transaction-date", iso_date=day.isoformat())
        _sub(transaction, "value", currency=CURRENCY, value_date=day.isoformat()).text = _amount(funding.amount_eur)
        if not isinstance(funding.funder, HiddenRecord):
            provider = _sub(transaction, "provider-org", ref=organisation_identifier(funding.funder, refs))
            _narrative(provider, funding.funder.name)

    for result in results:
        activity.append(result)
    link: ActivityLink | None = getattr(project, "iati_link", None)
    if link is not None and link.xml:
        _add_kept_elements(activity, etree.fromstring(link.xml, safe_parser()))
    return activity


# What the generated activity writes; the rest of an imported activity is kept and written back.
GENERATED = frozenset(
    ["iati-identifier", "reporting-org", "title", "description", "participating-org", "activity-status",
     "activity-date", "recipient-country", "location", "tag", "budget", "transaction"]
)  # fmt: skip


def _add_kept_elements(activity: etree._Element, kept: etree._Element) -> None:
    """The kept activity's elements the model has no home for (contact-info, sectors, documents…), in the
    schema's order; its results too when the results app publishes none for the project."""
    for name, value in kept.attrib.items():  # humanitarian, hierarchy…; its default currency (ours state theirs)
        if name not in activity.attrib or name == "default-currency":
            activity.set(name, value)
    _keep_translations(activity, kept, "title")
    _keep_translations(activity, kept, f"description[@type='{GENERAL_DESCRIPTION}']")
    _keep_shares(activity, kept)
    has_results = activity.find("result") is not None
    organisations = {_organisation_key(e) for e in activity.iterfind("participating-org")}
    extra = [copy.deepcopy(e) for e in kept if isinstance(e.tag, str) and _goes_back(e, has_results, organisations)]
    if not extra:
        return
    order = activity_order()
    children = sorted([*activity, *extra], key=lambda e: order.get(str(e.tag), len(order)))
    activity[:] = children


def _goes_back(element: etree._Element, has_results: bool, organisations: set[tuple[str, str]]) -> bool:
    """Whether a kept element is written back beside the generated ones."""
    match element.tag:
        case "description":
            return str(element.get("type", GENERAL_DESCRIPTION)) != GENERAL_DESCRIPTION
        case "tag":
            return str(element.get("vocabulary", "1")) != TAG_SDG_TARGETS
        case "participating-org":
            role = element.get("role", "")
            return role in (ROLE_FUNDING, ROLE_EXTENDING) and _organisation_key(element) not in organisations
        case "result":
            return not has_results
    return element.tag not in GENERATED


def _organisation_key(element: etree._Element) -> tuple[str, str]:
    return element.get("role", ""), element.get("ref") or " ".join(element.xpath("narrative/text()"))


def _keep_translations(activity: etree._Element, kept: etree._Element, path: str) -> None:
    """The kept element's narratives in other languages, while its narrative in the project's language is the
    project's text unchanged."""
    generated, original = activity.find(path), kept.find(path)
    if generated is None or original is None or len(generated) != 1:
        return
    ours = generated[0]
    default_language = kept.get(XML_LANG, "")
    narratives = {n.get(XML_LANG, default_language): n for n in original.iterfind("narrative")}
    same = narratives.get(ours.get(XML_LANG))
    if same is None or " ".join((same.text or "").split()) != " ".join((ours.text or "").split()):
        return
    for language, narrative in narratives.items():
        if language != ours.get(XML_LANG):
            translation = copy.deepcopy(narrative)
            translation.set(XML_LANG, language)
            generated.append(translation)


def _keep_shares(activity: etree._Element, kept: etree._Element) -> None:
    """The kept recipient-country percentages, while the project has the same countries."""
    shares = {e.get("code"): e.get("percentage") for e in kept.iterfind("recipient-country")}
    generated = activity.findall("recipient-country")
    if not generated or set(shares) != {e.get("code") for e in generated}:
        return
    for element in generated:
        share = shares[element.get("code")]
        if share is None:
            element.attrib.pop("percentage", None)
        else:
            element.set("percentage", share)


@cache
def activity_order() -> dict[str, int]:
    """The position of each child element of iati-activity in the 2.03 schema's sequence."""
    elements = etree.parse(str(SCHEMA_FILE), safe_parser()).xpath(
        "/xsd:schema/xsd:element[@name='iati-activity']/xsd:complexType/xsd:sequence/xsd:element",
        namespaces={"xsd": "http://www.w3.org/2001/XMLSchema"},
    )
    return {str(e.get("ref") or e.get("name")): position for position, e in enumerate(elements)}


def _elements(projects: list[Project], refs: Mapping[int, str]) -> Iterable[etree._Element]:
    """Each project's activity: a partner's as published, the metropolis's generated with its results."""
    results: dict[int, list[etree._Element]] = {}
    own = [p for p in projects if not _is_partner(p)]
    for provider in _results_providers if own else []:
        for project_id, elements in provider(own).items():
            results.setdefault(project_id, []).extend(elements)
    for project in projects:
        if _is_partner(project):
            yield etree.fromstring(project.iati_link.xml, safe_parser())
        else:
            yield activity_element(project, results.get(project.pk, ()), refs)


def _is_partner(project: Project) -> bool:
    link: ActivityLink | None = getattr(project, "iati_link", None)
    return link is not None and link.partner and bool(link.xml)


def _root() -> etree._Element:
    root = etree.Element("iati-activities")
    root.set("version", VERSION)
    root.set("generated-datetime", timezone.now().isoformat(timespec="seconds"))
    return root


def activities_document(projects: Iterable[Project] | None = None) -> etree._Element:
    """The <iati-activities> element for the given projects (default: every published project)."""
    selected = list(public_projects() if projects is None else projects)
    root = _root()
    root.extend(_elements(selected, organisation_refs()))
    return root


def export_bytes(projects: Iterable[Project] | None = None) -> bytes:
    return bytes(
        etree.tostring(activities_document(projects), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    )


def write_activities(
    output: IO[bytes], *, every_stored: bool = False, access: Access = SYSTEM, chunk: int = 500
) -> int:
    """Write the published projects (or, with `every_stored`, every stored activity `access` may read) to
    `output`, a chunk at a time in bounded memory; returns how many activities were written."""
    projects = _with_everything(stored_projects(access) if every_stored else published_projects())
    refs, count = organisation_refs(), 0
    with etree.xmlfile(output, encoding="UTF-8") as document:
        document.write_declaration()
        root = _root()
        with document.element(root.tag, dict(root.attrib)):
            batch: list[Project] = []
            for project in projects.iterator(chunk_size=chunk):
                batch.append(project)
                if len(batch) >= chunk:
                    count += _write(document, batch, refs)
                    batch = []
            count += _write(document, batch, refs)
    return count


def _write(document: etree.xmlfile, batch: list[Project], refs: Mapping[int, str]) -> int:
    for element in _elements(batch, refs):
        document.write(element, pretty_print=True)
    return len(batch)
