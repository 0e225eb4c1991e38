"""Import of a partner's IATI 2.03 activity file: all or nothing, every problem named.

Three steps, each refusing the file with named errors (file, line, element, why):

1. ``validate``: the size limit (checked before parsing), the hardened parser (no DOCTYPE, no
   entity declarations, no DTD, no network, no huge trees), then the official 2.03 schema. Every
   file the schema accepts passes this step, even one the product cannot map.
2. ``check_codes``: codes checked against the IATI codelists. As in the IATI Datastore, only the
   schema refuses a file: a code outside its codelist is a warning naming the element, and what it
   carries is not imported (an unknown activity status sets no status, an unknown date type or
   role is skipped, an amount in an unknown currency or a place in an unknown country is left
   out). The schema's own should-pass files, whose codes are placeholders ("xx"), import.
3. mapping, in one transaction through the core services: each iati-activity becomes a project
   (or updates the project it was imported or exported as), its organisations and places are found
   or created, fundings set from incoming transactions. Content the product has no place for
   (results, documents, sectors other than SDG targets, budgets in other currencies…) is listed as a
   warning and not imported; content it needs but cannot read (an empty title, an unusable date)
   is an error and nothing is imported.

The mapping is the one export.py writes, read back.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from lxml import etree

from interlocal.core import services
from interlocal.core.jobs import JobRefused, job_progress, job_run
from interlocal.core.models import SdgTarget
from interlocal.core.permissions import Access, access_for, can_edit
from interlocal.diplomacy.models import PartnerPlace
from interlocal.ecosystem.models import Organisation
from interlocal.projects.models import Funding, Project

from .export import NO_DATE_NOTE
from .identifiers import activity_identifier, organisation_key, project_id
from .models import ActivityLink, ImportJob
from .reference import XML_LANG, codelist, safe_parser, schema

MAX_BYTES = 5 * 1024 * 1024
HOSTILE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
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


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    element: str
    message: str

    def __str__(self) -> str:
        where = _("line %(line)s") % {"line": self.line} if self.line else _("whole file")
        return f"{self.file}, {where}, <{self.element}>: {self.message}"


@dataclass
class ImportResult:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    created: list[Project] = field(default_factory=list)
    updated: list[Project] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _problem(filename: str, element: etree._Element | None, message: str) -> Problem:
    if element is None:
        return Problem(filename, None, "iati-activities", message)
    tag = element.tag if isinstance(element.tag, str) else "?"
    return Problem(filename, element.sourceline, tag, message)


def validate(raw: bytes, filename: str) -> tuple[etree._Element | None, list[Problem]]:
    """Step 1: size, hostile constructs, well-formedness, the official schema."""
    if len(raw) > MAX_BYTES:
        limit = {"size": MAX_BYTES // (1024 * 1024)}
        return None, [Problem(filename, None, "iati-activities", _("The file is larger than %(size)s MB.") % limit)]
    if HOSTILE.search(raw):
        line = raw[: HOSTILE.search(raw).start()].count(b"\n") + 1  # type: ignore[union-attr]
        message = _("DOCTYPE and entity declarations are refused (they can expand or fetch content).")
        return None, [Problem(filename, line, "!DOCTYPE", message)]
    try:
        root = etree.fromstring(raw, safe_parser())
    except etree.XMLSyntaxError as error:
        return None, [Problem(filename, error.lineno, "?", _("Not well-formed XML: %(why)s") % {"why": error.msg})]
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:  # e.g. a UTF-16 file hiding its DOCTYPE
        return None, [Problem(filename, 1, "!DOCTYPE", _("DOCTYPE and entity declarations are refused."))]
    if root.tag != "iati-activities":
        return None, [_problem(filename, root, _("The root element must be <iati-activities> (IATI 2.03)."))]
    validator = schema()
    if validator.validate(root):
        return root, []
    problems = []
    for entry in validator.error_log:
        element_name = entry.path.rsplit("/", 1)[-1].split("[", 1)[0] if entry.path else "?"
        problems.append(Problem(filename, entry.line, element_name, entry.message))
    return None, problems


# (xpath relative to an activity, attribute, codelist); the mapping reads only the codes it knows
CODE_CHECKS: list[tuple[str, str, str]] = [
    ("activity-status", "code", "ActivityStatus"),
    ("activity-date", "type", "ActivityDateType"),
    ("participating-org", "role", "OrganisationRole"),
    ("transaction/transaction-type", "code", "TransactionType"),
    ("recipient-country", "code", "Country"),
    (".//value", "currency", "Currency"),
    ("tag[@vocabulary='3']", "code", "UNSDG-Targets"),
    ("sector[@vocabulary='8']", "code", "UNSDG-Targets"),
    ("location/administrative[@vocabulary='A4']", "code", "Country"),
    ("reporting-org", "type", "OrganisationType"),
    ("participating-org", "type", "OrganisationType"),
    ("transaction/provider-org", "type", "OrganisationType"),
    ("budget", "type", "BudgetType"),
    ("budget", "status", "BudgetStatus"),
    ("tag", "vocabulary", "TagVocabulary"),
    ("tag[@vocabulary='2']", "code", "UNSDG-Goals"),
    ("sector", "vocabulary", "SectorVocabulary"),
    ("sector[@vocabulary='7']", "code", "UNSDG-Goals"),
    ("description", "type", "DescriptionType"),
    ("location/location-id", "vocabulary", "GeographicVocabulary"),
    ("location/administrative", "vocabulary", "GeographicVocabulary"),
]


def check_codes(root: etree._Element, filename: str) -> list[Problem]:
    """Step 2: codes against the codelists; returns the warnings (an unknown code never refuses the file)."""
    warnings: list[Problem] = []
    if root.get("version") != "2.03":
        message = _("@version “%(version)s” is not 2.03; the file is read as IATI 2.03.")
        warnings.append(_problem(filename, root, message % {"version": root.get("version")}))
    for activity in root.iterfind("iati-activity"):
        default_currency = activity.get("default-currency")
        if default_currency and default_currency not in codelist("Currency"):
            message = _("Default currency “%(code)s” is not on the Currency codelist; amounts in it are not imported.")
            warnings.append(_problem(filename, activity, message % {"code": default_currency}))
        for path, attribute, name in CODE_CHECKS:
            for element in activity.xpath(path):
                code = element.get(attribute)
                if code is None or code in codelist(name):
                    continue
                message = _("@%(attribute)s “%(code)s” is not on the %(codelist)s codelist. Not imported.") % {
                    "attribute": attribute,
                    "code": code,
                    "codelist": name,
                }
                warnings.append(_problem(filename, element, message))
        for element in activity.iter():
            lang = element.get(XML_LANG)
            if lang and lang.lower() not in codelist("Language"):
                message = _("@xml:lang “%(code)s” is not on the Language codelist.") % {"code": lang}
                warnings.append(_problem(filename, element, message))
    return warnings


class _Rollback(Exception):
    pass


class _Mapper:
    """Step 3: activities to projects, inside one transaction."""

    def __init__(self, *, access: Access, user: Any, owner: Organisation, visibility: str, filename: str) -> None:
        self.access, self.user, self.owner, self.visibility, self.filename = access, user, owner, visibility, filename
        self.result = ImportResult()
        self.organisations: dict[tuple[str, str], Organisation] = {}
        self.places: dict[tuple[str, str, str], PartnerPlace] = {}
        self.targets = {t.code: t for t in SdgTarget.objects.all()}

    def error(self, element: etree._Element | None, message: str) -> None:
        self.result.errors.append(_problem(self.filename, element, message))

    def warn(self, element: etree._Element | None, message: str) -> None:
        self.result.warnings.append(_problem(self.filename, element, message))

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
        """The value in EUR, or None (with a warning) for other currencies."""
        currency = value.get("currency") or default_currency
        if currency != "EUR":
            message = _("Amount in %(currency)s not imported: projects record amounts in EUR.")
            self.warn(value, message % {"currency": currency or _("an unstated currency")})
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

    # --- finding or creating records ---------------------------------------------------------
    def organisation(self, element: etree._Element, lang: str) -> Organisation | None:
        ref = (element.get("ref") or "").strip()
        name = self.text(element, lang)[:250] or ref[:250]
        if not name:
            self.warn(element, _("An organisation with neither a @ref nor a name cannot be imported."))
            return None
        cache_key = (ref, name.lower())
        if cache_key in self.organisations:
            return self.organisations[cache_key]
        found = None
        key = organisation_key(ref) if ref else None
        if key:
            found = Organisation.objects.visible_to(self.access).filter(key=key).first()
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
        self.organisations[cache_key] = found
        return found

    def place(self, location: etree._Element, country: str | None) -> PartnerPlace | None:
        geonames = location.xpath("location-id[@vocabulary='G1']/@code")
        geonameid = int(geonames[0]) if geonames and str(geonames[0]).isdigit() else None
        name = self.text(location.find("name"), "en")[:200]
        countries = [c for c in location.xpath("administrative[@vocabulary='A4']/@code") if c in codelist("Country")]
        country = str(countries[0]).upper() if countries else country
        found = PartnerPlace.objects.filter(geonameid=geonameid).first() if geonameid else None  # unique
        if found is None and name and country:
            places = PartnerPlace.objects.visible_to(self.access).filter(name__iexact=name, country=country)
            found = places.order_by("pk").first()
        if found is not None:
            return found
        if not name or not country:
            self.warn(location, _("A location needs a name and a country (one recipient-country or A4) to be kept."))
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
        return self.create(PartnerPlace, fields)  # type: ignore[no-any-return]

    # --- one activity ------------------------------------------------------------------------
    def existing(self, identifier: str) -> Project | None:
        link = ActivityLink.objects.select_related("project").filter(identifier=identifier).first()
        if link is not None:
            return link.project
        pk = project_id(identifier)
        if pk is not None:
            project = Project.objects.select_related("owner", "iati_link").filter(pk=pk).first()
            if project is not None and activity_identifier(project) == identifier:
                return project
        return None

    def activity(self, activity: etree._Element) -> None:
        errors_before = len(self.result.errors)
        lang = (activity.get(XML_LANG) or "en").lower()
        language = lang if lang in LANGUAGES else "en"
        identifier = (activity.findtext("iati-identifier") or "").strip()
        default_currency = activity.get("default-currency")

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

        budgets: dict[str, Decimal] = defaultdict(Decimal)
        for budget in activity.iterfind("budget"):
            value = budget.find("value")
            amount = self.amount(value, default_currency) if value is not None else None
            if amount is not None:
                budgets[budget.get("type", "1")] += amount
        budget_eur = budgets.get("2", budgets.get("1"))
        if budget_eur is not None and budget_eur > MAX_AMOUNT:
            self.error(activity, _("The total budget is too large."))

        reporting = activity.find("reporting-org")
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
                self.warn(element, _("Only incoming funds and commitments (types 1 and 11) become fundings."))
                continue
            provider, value = element.find("provider-org"), element.find("value")
            amount = self.amount(value, default_currency) if value is not None else None
            if provider is None or amount is None:
                if provider is None:
                    self.warn(element, _("A transaction without a provider-org is not imported."))
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
        for tag in ("result", "document-link", "planned-disbursement", "policy-marker", "related-activity"):
            if activity.find(tag) is not None:
                self.warn(activity.find(tag), _("Not imported: projects have no place for this element."))

        if len(self.result.errors) > errors_before or lead is None:
            return
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
        m2m = {"partners": partners, "places": list(dict.fromkeys(places)), "sdg_targets": targets}
        project = self.existing(identifier) if identifier else None
        if project is not None:
            services.record_update(
                access=self.access, user=self.user, instance=project, fields=fields, m2m=m2m, reason="IATI import"
            )
            self.result.updated.append(project)
        else:
            source = _("IATI activity %(identifier)s, imported from %(file)s") % {
                "identifier": identifier or "-",
                "file": self.filename,
            }
            fields.update(owner=self.owner, visibility=self.visibility, kind="other", citation=source[:300])
            project = self.create(Project, fields, m2m)
            self.result.created.append(project)
            if identifier:
                ActivityLink.objects.update_or_create(identifier=identifier, defaults={"project": project})
            else:
                self.warn(activity, _("The activity has no identifier: importing it again will create a new project."))
        self.set_fundings(project, fundings)

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


def import_activities(
    *, access: Access, user: Any, raw: bytes, filename: str, owner: Organisation, visibility: str = "internal"
) -> ImportResult:
    """Validate, check codes and map a file; all or nothing."""
    root, errors = validate(raw, filename)
    if root is None:
        return ImportResult(errors=errors)
    warnings = check_codes(root, filename)
    mapper = _Mapper(access=access, user=user, owner=owner, visibility=visibility, filename=filename)
    mapper.result.warnings.extend(warnings)
    try:
        with transaction.atomic():
            for activity in root.iterfind("iati-activity"):
                try:
                    with transaction.atomic():
                        mapper.activity(activity)
                except PermissionDenied as denied:
                    mapper.error(activity, str(denied))
            if mapper.result.errors:
                raise _Rollback
    except _Rollback:
        mapper.result.created, mapper.result.updated = [], []
    return mapper.result


def run_job(job_id: int) -> ImportJob:
    """Import one uploaded file (the background task's body), with the uploader's current rights."""
    job = ImportJob.objects.select_related("user", "owner").get(pk=job_id)
    return job_run(job=job, work=_import_job, end_fields={"raw": b""})  # the file is not kept once imported


def _import_job(job: ImportJob) -> dict[str, Any]:
    """The job's work (see core.jobs): the projects' ids, or JobRefused with every problem."""
    if job.user is None:
        raise JobRefused(_("The person who uploaded the file no longer has an account."))
    job_progress(job=job, done=0, step=_("Checking and importing"))
    result = import_activities(
        access=access_for(job.user),
        user=job.user,
        raw=bytes(job.raw),
        filename=job.filename,
        owner=job.owner,
        visibility=job.visibility,
    )
    outcome = {
        "errors": [str(e) for e in result.errors],
        "warnings": [str(w) for w in result.warnings],
        "created_ids": [p.pk for p in result.created],
        "updated_ids": [p.pk for p in result.updated],
    }
    if not result.ok:
        raise JobRefused(_("The file was refused: nothing was imported."), results=outcome)
    return outcome
