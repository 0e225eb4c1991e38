"""Mapping IATI activities to projects, a batch at a time (the step after reading.py).

Each activity is read into an ``Activity`` (the project's fields, its partners, places, SDG targets,
fundings, publisher, its ``<result>`` elements and the activity's XML as published) while its element is alive; organisations and
places are read as keys. The batch is then written: the organisations and places it names are found
together (by ref or GeoNames id, then by name) and the others created in bulk with their history; new
projects in bulk through ``core.bulk`` (rows, history, many-to-many rows and their history, links,
fundings), the search index once per kind (``core.hooks.records_created``); a project already imported
or exported under the same identifier is updated through the core services, one at a time.

Results: the functions registered with ``register_results_importer`` (the results app's, ``results/iati.py``)
get each batch's written projects with their ``<result>`` elements (``ActivityResults``), once per batch.

A partner's activity keeps its publisher: the reporting-org's ref and name and the whole activity are
kept on the project's ``ActivityLink``, organisations keep the refs the file gives them
(``OrganisationIdentifier``), and the export writes the activity back as published (export.py).
"""

import copy
import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from lxml import etree

from interlocal.core import services
from interlocal.core.bulk import insert_links_with_history, insert_rows, insert_with_history
from interlocal.core.hooks import records_created
from interlocal.core.models import SdgTarget
from interlocal.core.permissions import Access, can_edit, require_create
from interlocal.diplomacy.models import PartnerPlace
from interlocal.ecosystem.home import home_organisations
from interlocal.ecosystem.models import Organisation
from interlocal.projects.models import Funding, Project

from .export import NO_DATE_NOTE
from .identifiers import activity_identifier, organisation_key, project_id
from .models import ActivityLink, OrganisationIdentifier
from .reading import Problem, Problems, problem
from .reference import XML_LANG, codelist

DATE_TYPES = {"1", "2", "3", "4"}  # planned start, actual start, planned end, actual end
STATUSES = {"1": "pipeline", "2": "active", "3": "completed", "4": "completed", "5": "cancelled", "6": "active"}
KINDS = {
    "10": "national_government",
    "11": "municipal_government",
    "15": "other",
    "21": "ngo",
    "22": "ngo",
    "23": "ngo",
    "24": "ngo",
    "30": "other",
    "40": "international_organisation",
    "60": "foundation",
    "70": "company",
    "71": "company",
    "72": "company",
    "73": "company",
    "80": "university",
    "90": "other",
}
MAX_AMOUNT = Decimal("999999999999.99")
LANGUAGES = {"en", "ca", "es"}
REASON = "IATI import"


@dataclass
class Activity:
    """One activity, read: what its project and link are set to."""

    identifier: str
    fields: dict[str, Any]
    lead: tuple[str, str]  # organisation keys (Mapper.organisation), found or created when the batch is written
    partners: list[tuple[str, str]]
    places: list[tuple[Any, ...]]  # place keys (Mapper.place)
    targets: list[Any]  # SDG target keys
    fundings: dict[tuple[str, str], Decimal]
    publisher_ref: str
    publisher_name: str
    partner: bool
    xml: str
    line: int | None = None
    country: str | None = None  # the first recipient country
    lang: str = "en"
    results: list[etree._Element] = field(default_factory=list)  # copies: the activity is cleared once read


@dataclass
class ActivityResults:
    """A written project's ``<result>`` elements, for the results importers."""

    project_id: int
    owner_id: int
    visibility: str
    identifier: str
    publisher: str
    lang: str
    country: str | None
    results: list[etree._Element]
    created: bool = False  # the project is new in this batch: it has nothing of an earlier import to archive


ResultsImporter = Callable[["Mapper", list[ActivityResults]], None]
_results_importers: list[ResultsImporter] = []


def register_results_importer(importer: ResultsImporter) -> None:
    """Called once per batch with its written projects' results (the results app registers one)."""
    if importer not in _results_importers:
        _results_importers.append(importer)


@dataclass
class Outcome:
    """The ids of the projects written (ids, not records: a 150 MB file's 40,000 projects stay out of memory)."""

    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)


class Mapper:
    """Reads activities (``read``) and writes them a batch at a time (``write``), inside the caller's transaction."""

    def __init__(
        self, *, access: Access, user: Any, owner: Organisation, visibility: str, filename: str,
        errors: Problems, warnings: Problems,
    ) -> None:  # fmt: skip
        self.access, self.user, self.owner, self.visibility, self.filename = access, user, owner, visibility, filename
        self.errors, self.warnings = errors, warnings
        self.outcome = Outcome()
        self.organisations: dict[tuple[str, str], int | _New] = {}  # found or created, by (ref, lowercase name)
        self.named: dict[tuple[str, str], tuple[str, str]] = {}  # named in this batch, not yet found: name, kind
        self.by_ref: dict[str, int | _New | None] = {}
        self.places: dict[tuple[Any, ...], int | _New] = {}
        self.located: dict[tuple[Any, ...], _Location] = {}
        self.targets: dict[str, Any] = dict(SdgTarget.objects.values_list("code", "pk"))
        self.home: dict[int, bool] = {}  # publishers seen: whether each is of the home ecosystem
        self.identifiers_seen: set[str] = set()

    def error(self, element: etree._Element | None, message: str) -> None:
        self.errors.add(problem(self.filename, element, message))

    def warn(self, element: etree._Element | None, message: str) -> None:
        self.warnings.add(problem(self.filename, element, message))

    # --- reading helpers -------------------------------------------------------------------
    @staticmethod
    def text(element: etree._Element | None, lang: str) -> str:
        """The narrative in `lang`, else the first non-empty one."""
        if element is None:
            return ""
        first = ""
        for narrative in element.iterfind("narrative"):
            text = (narrative.text or "").strip()
            if not text:
                continue
            if (narrative.get(XML_LANG) or lang) == lang:
                return text
            first = first or text
        return first

    def date(self, element: etree._Element) -> datetime.date | None:
        value = element.get("iso-date", "")
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            self.error(element, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value})
            return None

    def amount(self, value: etree._Element, default_currency: str | None) -> Decimal | None:
        """The value in EUR, or None for other currencies (the activity, kept as published, keeps them)."""
        currency = value.get("currency") or default_currency
        if currency != "EUR":
            return None
        try:
            amount = Decimal((value.text or "").strip())
        except InvalidOperation:
            self.error(value, _("“%(value)s” is not an amount.") % {"value": value.text})
            return None
        if abs(amount) > MAX_AMOUNT:
            self.error(value, _("The amount is too large."))
            return None
        return amount

    def budget(
        self, activity: etree._Element, currency: str | None, start_on: datetime.date | None,
        end_on: datetime.date | None,
    ) -> Decimal | None:  # fmt: skip
        """The project's whole budget: the sum of the revised budgets (else the original ones) when they are all
        in EUR and their periods cover the activity's dates; otherwise none. Each budget keeps its own period,
        type, status and currency in the activity as published."""
        budgets = activity.findall("budget")
        kind = "2" if any(b.get("type") == "2" for b in budgets) else "1"
        total, first, last = Decimal(0), datetime.date.max, datetime.date.min
        chosen = [b for b in budgets if b.get("type", "1") == kind]
        for budget in chosen:
            value = budget.find("value")
            amount = self.amount(value, currency) if value is not None else None
            bounds = [budget.find("period-start"), budget.find("period-end")]
            try:
                period = [datetime.date.fromisoformat(str(b.get("iso-date"))[:10]) for b in bounds if b is not None]
            except ValueError:
                return None
            if len(period) != 2:
                return None
            if amount is None:
                return None
            total, first, last = total + amount, min(first, period[0]), max(last, period[1])
        if not chosen or (start_on and first > start_on) or (end_on and last < end_on):
            return None
        return total

    # --- organisations and places, as elements name them ---------------------------------------
    def organisation_by_ref(self, ref: str) -> "int | _New | None":
        """The organisation an IATI organisation identifier names (its pk), or one this import creates with it."""
        if ref not in self.by_ref:
            self.refs_looked_up([ref])
        return self.by_ref[ref]

    def refs_looked_up(self, refs: list[str]) -> None:
        """Look up in two queries the refs not yet known: configured or derived identifiers, then kept ones."""
        refs = [r for r in dict.fromkeys(refs) if r and r not in self.by_ref]
        if not refs:
            return
        keys = {r: k for r in refs if (k := organisation_key(r))}
        by_key = dict(Organisation.objects.filter(key__in=set(keys.values())).values_list("key", "pk")) if keys else {}
        kept = dict(OrganisationIdentifier.objects.filter(ref__in=refs).values_list("ref", "organisation_id"))
        for ref in refs:
            self.by_ref[ref] = by_key.get(keys.get(ref, "")) or kept.get(ref)

    def is_home(self, pk: int) -> bool:
        """Whether an organisation is of the home ecosystem: one query per publisher, where a file has a few."""
        if pk not in self.home:
            self.home[pk] = home_organisations().filter(pk=pk).exists()
        return self.home[pk]

    def organisation(self, element: etree._Element, lang: str) -> tuple[str, str] | None:
        """The organisation an element names, as a key found or created when the batch is written."""
        ref = (element.get("ref") or "").strip()
        name = self.text(element, lang)[:250] or ref[:250]
        if not name:
            self.warn(element, _("An organisation with neither a @ref nor a name is kept only in the activity."))
            return None
        key = (ref, name.lower())
        if key not in self.organisations and key not in self.named:
            self.named[key] = (name, KINDS.get(element.get("type", ""), "other"))
        return key

    def place(self, location: etree._Element, country: str | None) -> tuple[Any, ...] | None:
        """The place a location names, as a key found or created when the batch is written."""
        geonames = codes_of(location, "location-id[@vocabulary='G1']")
        geonameid = int(geonames[0]) if geonames and str(geonames[0]).isdigit() else None
        name = self.text(location.find("name"), "en")[:200]
        countries = [c for c in codes_of(location, "administrative[@vocabulary='A4']") if c in codelist("Country")]
        country = str(countries[0]).upper() if countries else country
        key: tuple[Any, ...] = (geonameid,) if geonameid else (name.lower(), country)
        if key in self.places or key in self.located:
            return key
        fields: dict[str, Any] = {"name": name, "country": country, "geonameid": geonameid}
        pos = location.findtext("point/pos")
        warning = None
        if pos:
            try:
                fields["latitude"], fields["longitude"] = (float(x) for x in pos.split())
            except ValueError:
                warning = _("The point “%(pos)s” is not “latitude longitude”.") % {"pos": pos}
        self.located[key] = _Location(fields, location.sourceline, warning)
        return key

    def organisations_written(self) -> None:
        """Find the organisations the batch names (by ref, then by name) and create the others, in bulk."""
        named, self.named = self.named, {}
        if not named:
            return
        self.refs_looked_up([ref for ref, _name in named])
        wanted = [name for (ref, _lower), (name, _kind) in named.items() if not (ref and self.by_ref.get(ref))]
        by_name: dict[str, int | _New] = {}
        if wanted:
            named_so = Organisation.name_is_any(list(dict.fromkeys(wanted)))
            for pk, name in (
                Organisation.objects.visible_to(self.access).filter(named_so).order_by("-pk").values_list("pk", "name")
            ):
                by_name[name.lower()] = pk  # the lowest pk last: it wins
        candidates = [x for x in [*self.by_ref.values(), *by_name.values()] if isinstance(x, int)]
        identified: set[int | _New] = set(
            OrganisationIdentifier.objects.filter(organisation_id__in=candidates).values_list(
                "organisation_id", flat=True
            )
        )
        new: list[_New] = []
        identifiers: list[tuple[str, int | _New]] = []
        for (ref, lower), (name, kind) in named.items():
            found = self.by_ref.get(ref) if ref else None
            if found is None:
                found = by_name.get(lower)
            if found is None:
                fields = {"name": name, "kind": kind, "owner_id": self.owner.pk, "visibility": self.visibility}
                if ref:
                    fields["citation"] = _("IATI identifier %(ref)s") % {"ref": ref}
                found = _New(fields)
                new.append(found)
                by_name[lower] = found
            if ref and self.by_ref.get(ref) is None and organisation_key(ref) is None and found not in identified:
                identifiers.append((ref[:250], found))
                identified.add(found)
                self.by_ref[ref] = found
            self.organisations[(ref, lower)] = found
        if new:
            require_create(self.access, self.owner.pk)
            self.keys_chosen(new)
            _created(Organisation, new, user=self.user, reason="created")
        if identifiers:
            insert_rows(
                OrganisationIdentifier,
                [{"ref": ref, "organisation_id": _pk(found)} for ref, found in identifiers],
            )

    def keys_chosen(self, new: list["_New"]) -> None:
        """A unique key for each new organisation: its name's slug, numbered when taken."""
        bases = [slugify(n.fields["name"])[:60] or "organisation" for n in new]
        taken = set(Organisation.objects.filter(key__in=set(bases)).values_list("key", flat=True))
        for row, base in zip(new, bases, strict=True):
            slug, n = base, 1
            while slug in taken or (n > 1 and Organisation.objects.filter(key=slug).exists()):
                n += 1
                slug = f"{base}-{n}"
            taken.add(slug)
            row.fields["key"] = slug

    def places_written(self) -> None:
        """Find the places the batch names (by GeoNames id, then by name and country) and create the others."""
        located, self.located = self.located, {}
        if not located:
            return
        ids = [key[0] for key in located if len(key) == 1]
        by_id: dict[Any, int | _New] = dict(
            PartnerPlace.objects.filter(geonameid__in=ids).values_list("geonameid", "pk")
        ) if ids else {}  # fmt: skip
        condition = models.Q()
        for location in located.values():
            name, country = location.fields["name"], location.fields["country"]
            if name and country:
                condition |= models.Q(name__iexact=name, country=country)
        by_name: dict[tuple[str, Any], int | _New] = {}
        if condition:
            places = PartnerPlace.objects.visible_to(self.access).filter(condition).order_by("-pk")
            for pk, name, country in places.values_list("pk", "name", "country"):
                by_name[(name.lower(), country)] = pk
        new: list[_New] = []
        for key, location in located.items():
            fields = location.fields
            name_key = (fields["name"].lower(), fields["country"])
            found = by_id.get(fields["geonameid"]) if fields["geonameid"] else None
            if found is None and fields["name"] and fields["country"]:
                found = by_name.get(name_key)
            if found is None:
                if not fields["name"] or not fields["country"]:
                    message = _("A location needs a name and a country to become a place; it is kept in the activity.")
                    self.warnings.add(Problem(self.filename, location.line, "location", message))
                    continue
                if location.warning:
                    self.warnings.add(Problem(self.filename, location.line, "location", location.warning))
                found = _New({**fields, "owner_id": self.owner.pk, "visibility": self.visibility})
                new.append(found)
                by_name[name_key] = found
                if fields["geonameid"]:
                    by_id[fields["geonameid"]] = found
            self.places[key] = found
        if new:
            require_create(self.access, self.owner.pk)
            _created(PartnerPlace, new, user=self.user, reason="created")

    # --- one activity ------------------------------------------------------------------------
    def read(self, activity: etree._Element) -> Activity | None:  # noqa: C901, PLR0912, PLR0915
        """The activity's project, read; None (with errors) when it cannot become one."""
        errors_before = self.errors.count
        lang = (activity.get(XML_LANG) or "en").lower()
        language = lang if lang in LANGUAGES else "en"
        identifier = (activity.findtext("iati-identifier") or "").strip()
        default_currency = activity.get("default-currency")
        if len(identifier) > 250:
            self.error(activity.find("iati-identifier"), _("The identifier is longer than 250 characters."))
        if identifier and identifier in self.identifiers_seen:
            self.error(activity, _("The identifier %(id)s is used twice in the file.") % {"id": identifier})
        self.identifiers_seen.add(identifier)

        title = self.text(activity.find("title"), lang)
        if not title:
            self.error(activity.find("title"), _("The title has no text; a project needs a title."))
        elif len(title) > 250:
            self.error(activity.find("title"), _("The title is longer than 250 characters."))
        # The general description (type 1, the default); the others (objectives, target groups…) stay in the kept
        # activity, which the export writes back.
        general = [d for d in activity.iterfind("description") if d.get("type", "1") == "1"]
        description = "\n\n".join(t for d in general if (t := self.text(d, lang)))

        status_element = activity.find("activity-status")
        status = STATUSES.get(status_element.get("code", "")) if status_element is not None else None

        dates: dict[str, datetime.date | None] = {}
        for element in activity.iterfind("activity-date"):
            if element.get("type") not in DATE_TYPES or element.findtext("narrative") == NO_DATE_NOTE:
                continue
            dates[element.get("type", "")] = self.date(element)
        start_on = dates.get("2") or dates.get("1")
        end_on = dates.get("4") or dates.get("3")
        if start_on and end_on and end_on < start_on:
            self.error(activity, _("The end date comes before the start date."))

        budget_eur = self.budget(activity, default_currency, start_on, end_on)
        if budget_eur is not None and budget_eur > MAX_AMOUNT:
            self.error(activity, _("The total budget is too large."))

        reporting = activity.find("reporting-org")
        publisher_ref = (reporting.get("ref") or "").strip() if reporting is not None else ""
        publisher_name = self.text(reporting, lang) if reporting is not None else ""
        publisher = self.organisation_by_ref(publisher_ref) if publisher_ref else None
        partner = not isinstance(publisher, int) or not self.is_home(publisher)

        lead = None
        partners: list[tuple[str, str]] = []
        for element in activity.iterfind("participating-org"):
            role = element.get("role")
            if role not in ("2", "4"):
                continue
            organisation = self.organisation(element, lang)
            if organisation is None:
                continue
            if role == "2" and lead is None:
                lead = organisation
            elif organisation not in partners:
                partners.append(organisation)
        if lead is None and partners:
            lead, partners = partners[0], partners[1:]
        if lead is None and reporting is not None:
            lead = self.organisation(reporting, lang)
        if lead is None:
            self.error(activity, _("No usable lead organisation (participating-org role 2 or 4, or reporting-org)."))

        fundings: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        for element in activity.iterfind("transaction"):
            kind = element.find("transaction-type")
            if kind is None or kind.get("code") not in ("1", "11"):
                continue  # kept in the activity as published
            provider, value = element.find("provider-org"), element.find("value")
            amount = self.amount(value, default_currency) if value is not None else None
            if provider is None or amount is None:
                continue
            funder = self.organisation(provider, lang)
            if funder is not None:
                fundings[funder] += amount

        countries = [str(c).upper() for c in codes_of(activity, "recipient-country") if c in codelist("Country")]
        places = [
            p
            for loc in activity.iterfind("location")
            if (p := self.place(loc, countries[0] if len(countries) == 1 else None))
        ]
        codes = [
            str(c)
            for c in [*codes_of(activity, "tag[@vocabulary='3']"), *codes_of(activity, "sector[@vocabulary='8']")]
            if c in codelist("UNSDG-Targets")
        ]
        targets = []
        for code in dict.fromkeys(codes):
            if code in self.targets:
                targets.append(self.targets[code])
            else:
                self.warn(activity, _("SDG target %(code)s is not in this instance's SDG list.") % {"code": code})

        if self.errors.count > errors_before or lead is None:
            return None
        fields: dict[str, Any] = {
            "title": title,
            "description": description,
            "start_on": start_on,
            "end_on": end_on,
            "budget_eur": budget_eur,
            "language": language,
        }
        if status:
            fields["status"] = status
        if not identifier:
            self.warn(activity, _("The activity has no identifier: importing it again will create a new project."))
        return Activity(
            identifier=identifier,
            fields=fields,
            lead=lead,
            partners=partners,
            places=list(dict.fromkeys(places)),
            targets=targets,
            fundings=dict(fundings),
            publisher_ref=publisher_ref[:250],
            publisher_name=publisher_name[:250],
            partner=partner,
            xml=etree.tostring(activity, encoding="unicode", with_tail=False),
            line=activity.sourceline,
            country=countries[0] if countries else None,
            lang=lang,
            results=[copy.deepcopy(r) for r in activity.iterfind("result")] if _results_importers else [],
        )

    # --- writing a batch ---------------------------------------------------------------------
    def existing(self, identifiers: list[str]) -> dict[str, Project]:
        """The projects already imported (or exported by this instance) under these identifiers."""
        found = {
            link.identifier: link.project
            for link in ActivityLink.objects.select_related("project__owner", "project__iati_link").filter(
                identifier__in=identifiers
            )
        }
        own = {pk: i for i in identifiers if i not in found and (pk := project_id(i)) is not None}
        for project in Project.objects.select_related("owner", "iati_link").filter(pk__in=own):
            if activity_identifier(project) == own[project.pk]:
                found[own[project.pk]] = project
        return found

    def write(self, batch: list[Activity]) -> None:
        self.organisations_written()
        self.places_written()
        existing = self.existing([a.identifier for a in batch if a.identifier])
        fresh = [a for a in batch if a.identifier not in existing]
        written: list[ActivityResults] = []
        for activity in batch:
            if activity.identifier in existing:
                project = existing[activity.identifier]
                self.update(project, activity)
                written.append(self.activity_results(activity, project.pk, project.owner_id, project.visibility))
        if fresh:
            for activity, pk in zip(fresh, self.create_all(fresh), strict=True):
                written.append(self.activity_results(activity, pk, self.owner.pk, self.visibility, created=True))
        # An update that removed an activity's results goes to the importers too: they archive what is gone.
        written = [w for w in written if w.results or not w.created]
        for importer in _results_importers if written else []:
            importer(self, written)

    @staticmethod
    def activity_results(
        activity: Activity, pk: int, owner_id: int, visibility: str, created: bool = False
    ) -> ActivityResults:
        return ActivityResults(
            project_id=pk, owner_id=owner_id, visibility=visibility, identifier=activity.identifier,
            publisher=activity.publisher_name or activity.publisher_ref, lang=activity.lang,
            country=activity.country, results=activity.results, created=created,
        )  # fmt: skip

    def resolved(self, activity: Activity) -> tuple[int, dict[str, list[int]], dict[int, Decimal]]:
        """The activity's lead, many-to-many values and fundings as primary keys, once its batch's records exist."""
        lead = _pk(self.organisations[activity.lead])
        partners = [pk for key in activity.partners if (pk := _pk(self.organisations[key])) != lead]
        places = [_pk(self.places[key]) for key in activity.places if key in self.places]
        fundings: dict[int, Decimal] = defaultdict(Decimal)
        for key, amount in activity.fundings.items():
            fundings[_pk(self.organisations[key])] += amount
        m2m = {"partners": list(dict.fromkeys(partners)), "places": list(dict.fromkeys(places)),
               "sdg_targets": activity.targets}  # fmt: skip
        return lead, m2m, dict(fundings)

    def update(self, project: Project, activity: Activity) -> None:
        lead, m2m, fundings = self.resolved(activity)
        services.record_update(
            access=self.access, user=self.user, instance=project, fields={**activity.fields, "lead_id": lead},
            m2m=m2m, reason=REASON,
        )  # fmt: skip
        self.outcome.updated.append(project.pk)
        ActivityLink.objects.update_or_create(
            identifier=activity.identifier,
            defaults={
                "project": project,
                "reporting_org_ref": activity.publisher_ref,
                "reporting_org_name": activity.publisher_name,
                "partner": activity.partner,
                "xml": activity.xml,
            },
        )
        self.set_fundings(project, fundings)

    def create_all(self, batch: list[Activity]) -> list[int]:
        """New projects in bulk: rows and history, many-to-many rows and their history, links and fundings."""
        require_create(self.access, self.owner.pk)
        resolved = [self.resolved(activity) for activity in batch]
        rows = []
        for activity, (lead, _m2m, _fundings) in zip(batch, resolved, strict=True):
            source = _("IATI activity %(identifier)s, imported from %(file)s") % {
                "identifier": activity.identifier or "-",
                "file": self.filename,
            }
            rows.append({**activity.fields, "lead_id": lead, "owner_id": self.owner.pk, "visibility": self.visibility,
                         "kind": "other", "citation": source[:300]})  # fmt: skip
        with transaction.atomic():
            projects, versions = insert_with_history(Project, rows, user=self.user, reason=REASON)
            for name in ("partners", "places", "sdg_targets"):
                links = [
                    (project, value, version)
                    for project, version, (_lead, m2m, _fundings) in zip(projects, versions, resolved, strict=True)
                    for value in m2m[name]
                ]
                insert_links_with_history(Project, name, links)
            insert_rows(
                ActivityLink,
                [
                    {"identifier": a.identifier, "project_id": project, "reporting_org_ref": a.publisher_ref,
                     "reporting_org_name": a.publisher_name, "partner": a.partner, "xml": a.xml}
                    for a, project in zip(batch, projects, strict=True)
                    if a.identifier
                ],
                returning=False,
            )  # fmt: skip
            fundings = [
                {"project_id": project, "funder_id": funder, "amount_eur": amount, "owner_id": self.owner.pk,
                 "visibility": self.visibility}
                for project, (_lead, _m2m, amounts) in zip(projects, resolved, strict=True)
                for funder, amount in amounts.items()
            ]  # fmt: skip
            funding_ids, _versions = insert_with_history(Funding, fundings, user=self.user, reason=REASON)
            records_created(Project, projects)
            records_created(Funding, funding_ids)
        self.outcome.created.extend(projects)
        return projects

    def set_fundings(self, project: Project, amounts: dict[int, Decimal]) -> None:
        current = {f.funder_id: f for f in Funding.objects.filter(project=project)}
        for funder, amount in amounts.items():
            funding = current.pop(funder, None)
            if funding is None:
                services.record_create(
                    access=self.access, user=self.user, model=Funding,
                    fields={"project": project, "funder_id": funder, "amount_eur": amount, "owner": project.owner,
                            "visibility": project.visibility},
                )  # fmt: skip
            elif funding.amount_eur != amount or funding.is_archived:
                services.record_update(
                    access=self.access,
                    user=self.user,
                    instance=funding,
                    fields={"amount_eur": amount, "archived_at": None},
                )
        for funding in current.values():  # funders the file no longer names
            if not funding.is_archived and can_edit(self.access, funding):
                services.record_set_archived(access=self.access, user=self.user, instance=funding, archived=True)


class _New:
    """A record this import creates: its fields until the batch is written, then its primary key."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields
        self.pk: int | None = None


@dataclass
class _Location:
    fields: dict[str, Any]
    line: int | None
    warning: str | None


def _pk(found: "int | _New") -> int:
    pk = found.pk if isinstance(found, _New) else found
    assert pk is not None
    return pk


def _created(model: type[models.Model], new: list[_New], *, user: Any, reason: str) -> None:
    """Create the new records in bulk, with their history and search-index entries."""
    pks, _versions = insert_with_history(model, [n.fields for n in new], user=user, reason=reason)
    for row, pk in zip(new, pks, strict=True):
        row.pk, row.fields = pk, {}
    records_created(model, pks)


def codes_of(element: etree._Element, path: str) -> list[str]:
    """The @code of each child `path` names (ElementPath: per call, far cheaper than an XPath)."""
    return [str(code) for child in element.iterfind(path) if (code := child.get("code")) is not None]
