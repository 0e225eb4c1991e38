"""The metropolitan ecosystem: organisations, their management units, people and facts."""

import datetime

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Upper
from django.db.models.lookups import In
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from interlocal.core.access import Access
from interlocal.core.models import Record


class OrganisationKind(models.TextChoices):
    METROPOLITAN_GOVERNMENT = "metropolitan_government", _("Metropolitan government")
    MUNICIPAL_GOVERNMENT = "municipal_government", _("Municipal government")
    PROVINCIAL_GOVERNMENT = "provincial_government", _("Provincial government")
    REGIONAL_GOVERNMENT = "regional_government", _("Regional government")
    NATIONAL_GOVERNMENT = "national_government", _("National government")
    INVESTMENT_AGENCY = "investment_agency", _("Investment agency")
    PROMOTION_AGENCY = "promotion_agency", _("Promotion agency")
    COOPERATION_AGENCY = "cooperation_agency", _("Cooperation agency")
    PORT = "port", _("Port")
    AIRPORT = "airport", _("Airport")
    FAIR = "fair", _("Fair")
    COMPANY = "company", _("Company")
    BUSINESS_ASSOCIATION = "business_association", _("Business association")
    UNIVERSITY = "university", _("University")
    RESEARCH_CENTRE = "research_centre", _("Research centre")
    NGO = "ngo", _("NGO")
    FOUNDATION = "foundation", _("Foundation")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    CITY_NETWORK = "city_network", _("City network")
    CONSULATE = "consulate", _("Consulate")
    FOREIGN_GOVERNMENT = "foreign_government", _("Foreign government")
    MEDIA = "media", _("Media")
    COORDINATION_BODY = "coordination_body", _("Coordination body")
    OTHER = "other", _("Other")


class WorldRegion(models.Model):
    """A world region an organisation can prioritise (UN M49 groupings, simplified)."""

    loaded_reference = True  # loaded with the release, never edited by the product (core.memo)

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]
        verbose_name = _("world region")

    def __str__(self) -> str:
        return str(_(self.name))


class Organisation(Record):
    owner = models.ForeignKey(  # type: ignore[assignment]
        "self",
        on_delete=models.PROTECT,
        null=True,  # only while the very first organisation is created; forms require it
        related_name="+",
        verbose_name=_("owning organisation"),
        help_text=_("The organisation responsible for this record; its editors may change it."),
    )
    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2 code."))
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("territory"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organisation"),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    themes = models.ManyToManyField("core.Theme", blank=True, verbose_name=_("themes"))
    priority_regions = models.ManyToManyField(WorldRegion, blank=True, verbose_name=_("priority world regions"))

    history = HistoricalRecords(m2m_fields=[themes, priority_regions])

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        indexes = [
            models.Index(fields=["kind", "name"]),
            models.Index(fields=["country"]),
            models.Index(fields=["name", "id"], name="organisation_by_name"),  # the list's usual order
            # a name whatever its case (`name_is_any`: the IATI import's names, found in a seek each)
            models.Index(Upper("name"), name="organisation_name_upper"),
            # a key whatever its case (`key__caseless`: the registry import's rows, matched in a seek each)
            models.Index(Upper("key"), name="organisation_key_upper"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @staticmethod
    def name_is_any(names: list[str]) -> In:
        """Organisations named one of `names`, whatever the case: as `name__iexact` compares (UPPER on both sides,
        in the database), through the index `organisation_name_upper`. An OR of `name__iexact` reads every
        organisation on SQLite (LIKE there seeks no index): 2 s for 300 names among 100,000."""
        return In(Upper("name"), [Upper(Value(name)) for name in names])

    def editing_organisation_ids(self) -> set[int]:
        # An organisation's own editors may edit its record, whoever registered it.
        return {pk for pk in (self.owner_id, self.pk) if pk is not None}


class UnitScope(models.TextChoices):
    RELATIONS = "relations", _("International relations")
    COOPERATION = "cooperation", _("Cooperation")
    ECONOMIC_PROMOTION = "economic_promotion", _("Economic promotion")
    EUROPEAN_AFFAIRS = "european_affairs", _("European affairs")
    KNOWLEDGE_MANAGEMENT = "knowledge_management", _("Knowledge management")


class ManagementUnit(Record):
    """A department, office or team that manages part of an organisation's international action."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="units", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=250)
    scope = models.CharField(_("scope"), max_length=30, choices=UnitScope.choices)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("management unit")

    def __str__(self) -> str:
        return self.name


class UnitYear(Record):
    """Staff and budget of a management unit in one year; null where not known."""

    unit = models.ForeignKey(ManagementUnit, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    staff = models.PositiveIntegerField(_("professionals"), null=True, blank=True)
    budget_eur = models.DecimalField(_("budget (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("unit year")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unique_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year}"


class Person(Record):
    """A contact. Positions change; the person and their history stay.

    Publication is the person's choice, not the position's: someone who holds posts in
    several organisations consents once, for all of them. Consent is recorded with the date it
    was given and what it was given for (`consent_on`, `consent_purpose`) through
    `ecosystem.services.person_consent_give` and withdrawn with `person_consent_withdraw`, which
    clears both; the history keeps who recorded or withdrew it and when.

    Anonymous readers (the portal, the open API, the public pages) see a person only when the
    record is public and consent is recorded (`visible_q`). What is then published is the name,
    the positions (title, unit, organisation) and the professional contact (`email`, `phone`,
    `web_page`); `notes` are internal and never published (EntitySpec.internal_fields).

    A position can be public without its holder: the default data holds the posts the seminar
    report names, with the people who held them as internal records and no consent, since the
    report records none. The portal then shows the post and its source, not the name.
    """

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(
        _("professional e-mail"),
        blank=True,
        help_text=_("A work address, published with the name once the person consents."),
    )
    phone = models.CharField(_("professional phone"), max_length=40, blank=True)
    web_page = models.URLField(_("professional web page"), blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Internal: never published."))
    consent_on = models.DateField(
        _("consent to publication given on"),
        null=True,
        blank=True,
        editable=False,  # written only by the consent services, so each change is recorded as such
    )
    consent_purpose = models.CharField(_("purpose of the consent"), max_length=300, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def visible_q(cls, access: Access, *, prefix: str = "", include_archived: bool = False) -> Q:
        """Readers outside the organisations see a person only with recorded consent to publication."""
        condition = super().visible_q(access, prefix=prefix, include_archived=include_archived)
        if access.can_read_internal:
            return condition
        return condition & Q(**{f"{prefix}consent_on__isnull": False})

    def is_visible_to(self, access: Access) -> bool:
        if not super().is_visible_to(access):
            return False
        return access.can_read_internal or self.consent_on is not None


class Position(Record):
    """A person's position in an organisation over a period."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="positions", verbose_name=_("person"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        ManagementUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("management unit"),
    )
    title = models.CharField(_("title"), max_length=200)
    start_on = models.DateField(_("from"), null=True, blank=True)
    end_on = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_on"]
        verbose_name = _("position")

    def __str__(self) -> str:
        return f"{self.person} · {self.title} · {self.organisation}"

    @staticmethod
    def current_q(today: datetime.date, *, prefix: str = "") -> Q:
        """Positions held on `today`: begun by then (or since a date not known) and not ended before."""
        return (Q(**{f"{prefix}start_on__lte": today}) | Q(**{f"{prefix}start_on__isnull": True})) & (
            Q(**{f"{prefix}end_on__gte": today}) | Q(**{f"{prefix}end_on__isnull": True})
        )


class FactTopic(models.TextChoices):
    GOVERNANCE = "governance", _("Governance")
    PLANNING = "planning", _("Planning")
    UNITS = "units", _("Management units")
    STAKEHOLDERS = "stakeholders", _("Stakeholders")
    NETWORKS = "networks", _("Networks")
    BILATERAL = "bilateral", _("Bilateral relations")
    HOSTED_ORGANISATIONS = "hosted_organisations", _("Hosted organisations")
    REPUTATION = "reputation", _("Reputation and brand")
    INVESTMENT = "investment", _("Investment")
    TALENT = "talent", _("Talent")
    SCIENCE_DIPLOMACY = "science_diplomacy", _("Science diplomacy")
    MEASUREMENT = "measurement", _("Measurement")
    TRANSPARENCY = "transparency", _("Transparency")
    COOPERATION = "cooperation", _("Cooperation")
    OTHER = "other", _("Other")


class Fact(Record):
    """A cited statement about a territory or organisation that has no richer home yet."""

    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facts",
        verbose_name=_("territory"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facts",
        verbose_name=_("organisation"),
    )
    topic = models.CharField(_("topic"), max_length=30, choices=FactTopic.choices)
    statement = models.TextField(_("statement"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=3, null=True, blank=True)
    value_unit = models.CharField(_("unit"), max_length=40, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["topic", "pk"]
        verbose_name = _("fact")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(territory__isnull=False) | models.Q(organisation__isnull=False),
                name="fact_has_subject",
            )
        ]

    def __str__(self) -> str:
        return self.statement[:80]
