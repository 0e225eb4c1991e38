"""Mapping IATI activities to projects, a batch at a time (the step after reading.py).

Each activity is read into an ``Activity`` (the project's fields, its partners, places, SDG targets,
fundings, publisher and the activity's XML as published) while its element is alive; the batch is
then written: new projects in bulk (rows, history, many-to-many rows and their history, links,
fundings), the search index once per batch (``core.hooks.records_changed``); a project already
imported or exported under the same identifier is updated through the core services, one at a time.

A partner's activity keeps its publisher: the reporting-org's ref and name and the whole activity are
kept on the project's ``ActivityLink``, organisations keep the refs the file gives them
(``OrganisationIdentifier``), and the export writes the activity back as published (export.py).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.apps import apps
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from lxml import etree

from interlocal.core import services
from interlocal.core.hooks import records_changed
from interlocal.core.models import SdgTarget
from interlocal.core.permissions import Access, can_edit, require_create
from interlocal.diplomacy.models import PartnerPlace
from interlocal.ecosystem.home import home_organisations
from interlocal.ecosystem.models import Organisation
from interlocal.projects.models import Funding, Project

from .export import NO_DATE_NOTE
from .identifiers import activity_identifier, organisation_key, project_id
from .models import ActivityLink, OrganisationIdentifier
from .reading import Problems, problem
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
    m2m: dict[str, list[Any]]
    fundings: dict[Organisation, Decimal]
    publisher_ref: str
    publisher_name: str
    partner: bool
    xml: str
    line: int | None = None


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
        self.organisations: dict[tuple[str, str], Organisation] = {}
        self.by_ref: dict[str, Organisation | None] = {}
        self.places: dict[tuple[Any, ...], PartnerPlace] = {}
        self.targets = {t.code: t for t in SdgTarget.objects.all()}
        self.home_ids = set(home_organisations().values_list("pk", flat=True))
        self.identifiers_seen: set[str] = set()

    def error(self, element: etree._Element | None, message: str) -> None:
        self.errors.add(problem(self.filename, element, message))

    def warn(self, element: etree._Element | None, message: str) -> None:
        self.warnings.add(problem(self.filename, element, message))

    def create(self, model: Any, fields: dict[str, Any], m2m: dict[str, Any] | None = None) -> Any:
        return services.record_create(access=self.access, user=self.user, model=model, fields=fields, m2m=m2m)

    # --- reading helpers -------------------------------------------------------------------
    @staticmethod
    def text(element: etree._Element | None, lang: str) -> str:
        """The narrative in `lang`, else the first non-empty one."""
        if element is None:
            return ""
        narratives = [n for n in element.iterfind("narrative") if (n.text or "").strip()]
        for narrative in narratives:
            if (narrative.get(XML_LANG) or lang) == lang:
                return str(narrative.text).strip()
        return str(narratives[0].text).strip() if narratives else ""

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

    # --- finding or creating records ---------------------------------------------------------
    def organisation_by_ref(self, ref: str) -> Organisation | None:
        if ref not in self.by_ref:
            found = None
            key = organisation_key(ref)
            if key:
                found = Organisation.objects.filter(key=key).first()
            if found is None:
                link = OrganisationIdentifier.objects.select_related("organisation").filter(ref=ref).first()
                found = link.organisation if link is not None else None
            self.by_ref[ref] = found
        return self.by_ref[ref]

    def organisation(self, element: etree._Element, lang: str) -> Organisation | None:
        ref = (element.get("ref") or "").strip()
        name = self.text(element, lang)[:250] or ref[:250]
        if not name:
            self.warn(element, _("An organisation with neither a @ref nor a name is kept only in the activity."))
            return None
        cache_key = (ref, name.lower())
        if cache_key in self.organisations:
            return self.organisations[cache_key]
        found = self.organisation_by_ref(ref) if ref else None
        if found is None:
            found = Organisation.objects.visible_to(self.access).filter(name__iexact=name).order_by("pk").first()
        if found is None:
            base = slugify(name)[:60] or "organisation"
            slug, n = base, 1
            while Organisation.objects.filter(key=slug).exists():
                n += 1
                slug = f"{base}-{n}"
            kind = KINDS.get(element.get("type", ""), "other")
            fields = {"key": slug, "name": name, "kind": kind, "owner": self.owner, "visibility": self.visibility}
            if ref:
                fields["citation"] = _("IATI identifier %(ref)s") % {"ref": ref}
            found = self.create(Organisation, fields)
        unknown_ref = ref and self.organisation_by_ref(ref) is None and organisation_key(ref) is None
        if unknown_ref and not OrganisationIdentifier.objects.filter(organisation=found).exists():
            OrganisationIdentifier.objects.create(ref=ref[:250], organisation=found)
            self.by_ref[ref] = found
        self.organisations[cache_key] = found
        return found

    def place(self, location: etree._Element, country: str | None) -> PartnerPlace | None:
        geonames = location.xpath("location-id[@vocabulary='G1']/@code")
        geonameid = int(geonames[0]) if geonames and str(geonames[0]).isdigit() else None
        name = self.text(location.find("name"), "en")[:200]
        countries = [c for c in location.xpath("administrative[@vocabulary='A4']/@code") if c in codelist("Country")]
        country = str(countries[0]).upper() if countries else country
        cache_key = (geonameid,) if geonameid else (name.lower(), country)
        if cache_key in self.places:
            return self.places[cache_key]
        found = PartnerPlace.objects.filter(geonameid=geonameid).first() if geonameid else None  # unique
        if found is None and name and country:
            places = PartnerPlace.objects.visible_to(self.access).filter(name__iexact=name, country=country)
            found = places.order_by("pk").first()
        if found is None:
            if not name or not country:
                message = _("A location needs a name and a country to become a place; it is kept in the activity.")
                self.warn(location, message)
                return None
            fields: dict[str, Any] = {
                "name": name,
                "country": country,
                "geonameid": geonameid,
                "owner": self.owner,
                "visibility": self.visibility,
            }
            pos = location.findtext("point/pos")
            if pos:
                try:
                    fields["latitude"], fields["longitude"] = (float(x) for x in pos.split())
                except ValueError:
                    self.warn(location, _("The point “%(pos)s” is not “latitude longitude”.") % {"pos": pos})
            found = self.create(PartnerPlace, fields)
        self.places[cache_key] = found
        return found

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
        description = "\n\n".join(self.text(d, lang) for d in activity.iterfind("description") if self.text(d, lang))

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
        partner = publisher is None or publisher.pk not in self.home_ids

        lead = None
        partners: list[Organisation] = []
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
        partners = [p for p in partners if p != lead]

        fundings: dict[Organisation, Decimal] = defaultdict(Decimal)
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

        countries = [str(c).upper() for c in activity.xpath("recipient-country/@code") if c in codelist("Country")]
        places = [
            p
            for loc in activity.iterfind("location")
            if (p := self.place(loc, countries[0] if len(countries) == 1 else None))
        ]
        codes = [
            str(c)
            for c in activity.xpath("tag[@vocabulary='3']/@code | sector[@vocabulary='8']/@code")
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
            "lead": lead,
            "language": language,
        }
        if status:
            fields["status"] = status
        if not identifier:
            self.warn(activity, _("The activity has no identifier: importing it again will create a new project."))
        return Activity(
            identifier=identifier,
            fields=fields,
            m2m={"partners": partners, "places": list(dict.fromkeys(places)), "sdg_targets": targets},
            fundings=dict(fundings),
            publisher_ref=publisher_ref[:250],
            publisher_name=publisher_name[:250],
            partner=partner,
            xml=etree.tostring(activity, encoding="unicode", with_tail=False),
            line=activity.sourceline,
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
        existing = self.existing([a.identifier for a in batch if a.identifier])
        fresh = [a for a in batch if a.identifier not in existing]
        for activity in batch:
            if activity.identifier in existing:
                self.update(existing[activity.identifier], activity)
        if fresh:
            self.create_all(fresh)

    def update(self, project: Project, activity: Activity) -> None:
        services.record_update(
            access=self.access, user=self.user, instance=project, fields=activity.fields, m2m=activity.m2m,
            reason=REASON,
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
        self.set_fundings(project, activity.fundings)

    def create_all(self, batch: list[Activity]) -> None:
        """New projects in bulk: rows and history, many-to-many rows and their history, links and fundings."""
        require_create(self.access, self.owner.pk)
        user = self.user if getattr(self.user, "is_authenticated", False) else None
        projects = []
        for activity in batch:
            source = _("IATI activity %(identifier)s, imported from %(file)s") % {
                "identifier": activity.identifier or "-",
                "file": self.filename,
            }
            projects.append(
                Project(**activity.fields, owner=self.owner, visibility=self.visibility, kind="other",
                        citation=source[:300])
            )  # fmt: skip
        with transaction.atomic():
            projects = Project.objects.bulk_create(projects)
            history = Project.history.bulk_history_create(projects, default_user=user, default_change_reason=REASON)
            for name in ("partners", "places", "sdg_targets"):
                _bulk_m2m(Project, name, projects, [a.m2m[name] for a in batch], history)
            ActivityLink.objects.bulk_create(
                ActivityLink(
                    identifier=a.identifier, project=p, reporting_org_ref=a.publisher_ref,
                    reporting_org_name=a.publisher_name, partner=a.partner, xml=a.xml,
                )
                for a, p in zip(batch, projects, strict=True)
                if a.identifier
            )  # fmt: skip
            fundings = [
                Funding(project=p, funder=funder, amount_eur=amount, owner=self.owner, visibility=self.visibility)
                for a, p in zip(batch, projects, strict=True)
                for funder, amount in a.fundings.items()
            ]
            if fundings:
                fundings = Funding.objects.bulk_create(fundings)
                Funding.history.bulk_history_create(fundings, default_user=user, default_change_reason=REASON)
            records_changed(Project, projects, created=True)
            if fundings:
                records_changed(Funding, fundings, created=True)
        self.outcome.created.extend(p.pk for p in projects)

    def set_fundings(self, project: Project, amounts: dict[Organisation, Decimal]) -> None:
        current = {f.funder_id: f for f in Funding.objects.filter(project=project)}
        for funder, amount in amounts.items():
            funding = current.pop(funder.pk, None)
            if funding is None:
                self.create(Funding, {"project": project, "funder": funder, "amount_eur": amount, "owner": project.owner,
                                      "visibility": project.visibility})  # fmt: skip
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


def _bulk_m2m(
    model: type[models.Model], name: str, rows: list[Any], values: list[list[Any]], history: list[Any]
) -> None:
    """The many-to-many rows of `name` for new records, and the copy simple-history keeps beside each version."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.ManyToManyField)
    through = cast(type[models.Model], field.remote_field.through)
    source, target = field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"
    links = through._default_manager.bulk_create(
        [
            through(**{source: row.pk, target: value.pk})
            for row, chosen in zip(rows, values, strict=True)
            for value in chosen
        ]
    )
    if history and links:
        historical_through = apps.get_model(model._meta.app_label, f"{type(history[0]).__name__}_{name}")
        version_of = {row.pk: version.pk for row, version in zip(rows, history, strict=True)}
        historical_through._default_manager.bulk_create(
            [
                historical_through(
                    id=link.pk, history_id=version_of[getattr(link, source)], **{source: getattr(link, source),
                    target: getattr(link, target)}
                )
                for link in links
            ]
        )  # fmt: skip
