"""Talent and diaspora networks (M15): Barcelona Alumni, the Seoul Club and their like.

A *network* keeps in touch with people who studied, worked or lived in the metropolis; its
*members* are people, so privacy comes first (README, "Talent and diaspora networks"):

- Whoever is a member of the organisation that keeps the member (the member's owner, or the
  network's), and the coordinators, see every member of it.
- Everyone else, anonymous visitors and other organisations' readers alike, sees a member only
  while a consent to publication is in force (`Consent`), on top of the usual visibility rule:
  no page, list, CSV, API answer, map or search ever shows or counts a member without it.
- A member's past versions are read by the member's organisation and the coordinators only
  (`history_q`): earlier values (an old e-mail) are not part of what the member consented to.
- The e-mail is never published: pages show it to the member's organisation only, the list and
  API exports leave it out, the member's own data export carries it.

Consents are written only by the consent services, and a member's data is exported and erased by
its organisation's editors (`services.member_export`, `services.member_erase`); erasure blanks the
personal fields of the member and of every one of its history rows, and leaves a trace without them.
"""

import datetime

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from interlocal.core.access import Access
from interlocal.core.models import Record


class TalentNetwork(Record):
    """A network of people tied to the metropolis: alumni of its universities, former residents, its diaspora."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="talent_networks",
        verbose_name=_("organisation record of the network"),
        help_text=_("The network as an organisation of the registry, when it has one."),
    )
    run_by = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="talent_networks_run",
        verbose_name=_("run by"),
        help_text=_("The organisation that runs the network."),
    )
    purpose = models.TextField(_("purpose"), blank=True)
    audience = models.TextField(_("who may join"), blank=True)
    website = models.URLField(_("website"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("talent network")
        verbose_name_plural = _("talent networks")

    def __str__(self) -> str:
        return self.name


class Sector(models.TextChoices):
    SCIENCE = "science", _("Science and research")
    TECHNOLOGY = "technology", _("Technology")
    INNOVATION = "innovation", _("Innovation and start-ups")
    BUSINESS = "business", _("Business")
    ACADEMIA = "academia", _("Universities and education")
    PUBLIC = "public", _("Public sector")
    CULTURE = "culture", _("Culture")
    OTHER = "other", _("Other")


class MemberRole(models.TextChoices):
    MEMBER = "member", _("Member")
    AMBASSADOR = "ambassador", _("Ambassador")


class ConsentPurpose(models.TextChoices):
    PUBLICATION = (
        "publication",
        _(
            "Publication: name, city, country, sector, organisation and role shown to the public and to other organisations"
        ),
    )
    CONTACT = "contact", _("Contact: news and invitations from the network")


def consent_in_force_q(
    *, prefix: str = "", purpose: str = ConsentPurpose.PUBLICATION, on: datetime.date | None = None
) -> Q:
    """Members (reached through `prefix`) with a consent of `purpose` in force on `on` (today by default).

    A consent is in force from the day it was given until the day it is withdrawn. The member is
    matched by `id`, which a member and its history rows share.
    """
    on = on or timezone.localdate()
    consents = Consent.objects.filter(member_id=OuterRef(f"{prefix}id"), purpose=purpose, given_on__lte=on).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)
    )
    return Q(Exists(consents))


class Member(Record):
    """A person in a talent network. Personal data: see the module's docstring for who sees it."""

    network = models.ForeignKey(
        TalentNetwork, on_delete=models.PROTECT, related_name="members", verbose_name=_("network")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Never published; shown to the network's team only.")
    )
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2 code."))
    city = models.CharField(_("city"), max_length=120, blank=True, help_text=_("Where the member lives now."))
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    organisation = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="talent_members",
        verbose_name=_("organisation in the registry"),
    )
    organisation_name = models.CharField(
        _("organisation"), max_length=250, blank=True, help_text=_("Where the member works, when not in the registry.")
    )
    member_since = models.DateField(_("member since"), null=True, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        indexes = [models.Index(fields=["network", "country", "city"], name="talent_member_place")]

    def __str__(self) -> str:
        if self.erased_at is not None or not self.name:
            return gettext("Erased member %(id)s") % {"id": self.pk}
        return self.name

    @classmethod
    def visible_q(cls, access: Access, *, prefix: str = "", include_archived: bool = False) -> Q:
        """The record rule, a network the reader may see, and, outside the member's organisation, consent in force."""
        condition = super().visible_q(access, prefix=prefix, include_archived=include_archived)
        if access.coordinator:
            return condition
        condition &= TalentNetwork.visible_q(access, prefix=f"{prefix}network__", include_archived=True)
        keepers = Q(**{f"{prefix}owner_id__in": access.member_of}) | Q(
            **{f"{prefix}network__owner_id__in": access.member_of}
        )
        return condition & (keepers | consent_in_force_q(prefix=prefix))

    @classmethod
    def history_q(cls, access: Access) -> Q:
        """Past versions: for the member's organisation and the coordinators only."""
        return Q() if access.coordinator else Q(owner_id__in=access.member_of)

    def is_visible_to(self, access: Access) -> bool:
        if not super().is_visible_to(access) or not self.network.is_visible_to(access):
            return False
        if self.kept_by(access):
            return True
        return Member.objects.filter(consent_in_force_q(), pk=self.pk).exists()

    def kept_by(self, access: Access) -> bool:
        """Whether the reader sees every member of this member's organisation (and so this one whatever its consent)."""
        return access.coordinator or bool({self.owner_id, self.network.owner_id} & access.member_of)


class Consent(models.Model):
    """A member's consent: given on a date for a purpose, in force until withdrawn. Written by the consent services."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="consents", verbose_name=_("member"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("consent")
        indexes = [models.Index(fields=["member", "purpose"], name="talent_consent_member")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.given_on}"

    def in_force(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.given_on <= on and (self.withdrawn_on is None or self.withdrawn_on > on)


class NetworkEvent(Record):
    """A gathering of a network's members: where, when, how many came."""

    network = models.ForeignKey(
        TalentNetwork, on_delete=models.PROTECT, related_name="events", verbose_name=_("network")
    )
    title = models.CharField(_("title"), max_length=250)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("City, venue, or online."))
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2 code."))
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True, help_text=_("People who came."))
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("network event")
        verbose_name_plural = _("network events")

    def __str__(self) -> str:
        return self.title
