"""City diplomacy: network memberships, partner places, agreements and engagements."""

from typing import Any

from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from interlocal.core.models import Record


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    EXECUTIVE_BUREAU = "executive_bureau", _("Executive bureau or committee")
    STEERING_COMMITTEE = "steering_committee", _("Steering committee")
    VICE_PRESIDENCY = "vice_presidency", _("Vice-presidency")
    CO_PRESIDENCY = "co_presidency", _("Co-presidency")
    PRESIDENCY = "presidency", _("Presidency")
    SECRETARIAT_HOST = "secretariat_host", _("Secretariat host")
    REGIONAL_OFFICE_HOST = "regional_office_host", _("Regional office host")
    CONGRESS_HOST = "congress_host", _("Congress host")


ROLE_LABELS = dict(MembershipRole.choices)  # translated as each is written out


class Membership(Record):
    """An organisation's membership of a city network, in one role, over a period."""

    organisation = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("member"),
    )
    network = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        related_name="network_memberships",
        verbose_name=_("network"),
        limit_choices_to={"kind": "city_network"},
    )
    role = models.CharField(_("role"), max_length=30, choices=MembershipRole.choices)
    main_link = models.CharField(_("main link"), max_length=300, blank=True)
    start_on = models.DateField(_("from"), null=True, blank=True)
    end_on = models.DateField(_("until"), null=True, blank=True)
    annual_fee_eur = models.DecimalField(_("annual fee (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True)
    priority = models.BooleanField(_("priority"), default=False)
    # The network's name, copied at each save (and by `signals.network_renamed`): lists sort memberships by their
    # network, and a sort on the joined name reads and sorts every membership for a page of 25.
    network_name = models.CharField(_("network name"), max_length=250, editable=False, default="")

    history = HistoricalRecords(excluded_fields=["network_name"])  # a copy, not the record's own data

    class Meta:
        ordering = ["network_name", "organisation__name"]
        verbose_name = _("network membership")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "network", "role"], name="unique_membership_role")
        ]
        indexes = [models.Index(fields=["network_name", "id"], name="membership_network_order")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "network" in update_fields:  # not an archiving, which keeps the network
            self.network_name = self.network.name
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "network_name"}
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        # The role's label read from its choices by value: get_role_display hashes every translated label per call,
        # and a finding about a network names a thousand memberships.
        return f"{self.organisation} · {self.network} · {ROLE_LABELS.get(self.role, self.role)}"


class PlaceKind(models.TextChoices):
    CITY = "city", _("City")
    REGION = "region", _("Region")


class PartnerPlace(Record):
    """A foreign city or region the metropolis relates to, located with GeoNames data."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=PlaceKind.choices, default="city")
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code."))
    geonameid = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True, unique=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner place")

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class AgreementKind(models.TextChoices):
    TWINNING = "twinning", _("Twinning")
    COLLABORATION = "collaboration", _("Collaboration")
    MOU = "mou", _("Memorandum of understanding")
    TECHNICAL_COOPERATION = "technical_cooperation", _("Technical cooperation")
    OTHER = "other", _("Other")


class AgreementStatus(models.TextChoices):
    NEGOTIATION = "negotiation", _("In negotiation")
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    ENDED = "ended", _("Ended")


class Agreement(Record):
    """A bilateral agreement between an organisation of the metropolis and a partner place."""

    organisation = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("organisation"),
    )
    partner_place = models.ForeignKey(
        PartnerPlace, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("partner")
    )
    parties = models.ManyToManyField(
        "ecosystem.Organisation",
        blank=True,
        related_name="agreements_as_party",
        verbose_name=_("other parties"),
    )
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=30, choices=AgreementKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=AgreementStatus.choices, default="active")
    aims = models.TextField(_("aims"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    themes = models.ManyToManyField("core.Theme", blank=True, verbose_name=_("themes"))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    document_url = models.URLField(_("document link"), blank=True)
    sdg_targets = models.ManyToManyField(
        "core.SdgTarget", blank=True, related_name="agreements", verbose_name=_("SDG targets")
    )

    history = HistoricalRecords(m2m_fields=[parties, themes, sdg_targets])

    class Meta:
        ordering = ["-signed_on", "title"]
        verbose_name = _("agreement")
        indexes = [
            models.Index(fields=["kind", "status"]),
            # the home page's agreements to watch: active ones by signature date and by end date
            models.Index(fields=["status", "signed_on"], name="agreement_status_signed"),
            models.Index(fields=["status", "ends_on"], name="agreement_status_ends"),
            models.Index(fields=["-signed_on", "id"], name="agreement_newest_first"),  # the list's usual order
            # a title whatever its case (`title__caseless`: an imported row naming its agreement)
            models.Index(Upper("title"), name="agreement_title_upper"),
        ]

    def __str__(self) -> str:
        return self.title


class EngagementKind(models.TextChoices):
    INCOMING_DELEGATION = "incoming_delegation", _("Incoming delegation")
    OUTGOING_MISSION = "outgoing_mission", _("Outgoing mission")
    VISIT = "visit", _("Visit")
    MEETING = "meeting", _("Meeting")
    EVENT_HOSTED = "event_hosted", _("Event hosted")
    CONFERENCE = "conference", _("Conference participation")


class Engagement(Record):
    """A delegation, mission, visit, meeting or event; a joint mission has many participants."""

    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=30, choices=EngagementKind.choices)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)
    place = models.ForeignKey(
        PartnerPlace,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
        verbose_name=_("place"),
    )
    participants = models.ManyToManyField(
        "ecosystem.Organisation", related_name="engagements", verbose_name=_("participants")
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
        verbose_name=_("agreement served"),
    )
    network = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="network_engagements",
        verbose_name=_("network served"),
        limit_choices_to={"kind": "city_network"},
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
        verbose_name=_("project served"),
    )
    outcome = models.TextField(_("outcome notes"), blank=True)

    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        ordering = ["-start_on"]
        verbose_name = _("engagement")
        indexes = [
            models.Index(fields=["kind", "start_on"]),
            # the list's usual order; read from both ends, the first and last years of the portal
            models.Index(fields=["-start_on", "id"], name="engagement_newest_first"),
            # an agreement's engagements since a date (the dashboard's dormant agreements): one seek per agreement,
            # whatever the statistics say of the dates
            models.Index(fields=["agreement", "start_on"], name="engagement_agreement_since"),
        ]

    def __str__(self) -> str:
        return self.title
