"""Consultations (M14): processes linked to a plan, their phases and sessions, and the contributions heard.

A *consultation* is a participative process an organisation runs while drawing up or revising a
plan (Montreal's ten consultative meetings for its Strategic Framework for International
Relations). Its *sessions* record who took part, by organisation and by sector (`SessionAttendance`:
counts of people, never their names). A *contribution* is what an organisation or a member of the
public said; one sent through the public form waits in the process owner's moderation queue, seen
by no one else, and once accepted it may be linked to the objective or action line it changed,
with a short "what we did".
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from interlocal.core.models import ModeratedRecord, Record


class Sector(models.Model):
    """An activity sector a consultation hears (transport, digital, universities…): reference data."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")

    def __str__(self) -> str:
        return self.name


class ConsultationStatus(models.TextChoices):
    PREPARING = "preparing", _("In preparation")
    OPEN = "open", _("Open for contributions")
    CLOSED = "closed", _("Closed")


class Consultation(Record):
    title = models.CharField(_("title"), max_length=250)
    organisation = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("organisation"),
        help_text=_("The organisation that runs the consultation."),
    )
    plan = models.ForeignKey(
        "strategy.Plan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("plan"),
        help_text=_("The plan the consultation feeds; its objectives are what contributions are tagged to."),
    )
    plan_name = models.CharField(
        _("plan, as named"),
        max_length=250,
        blank=True,
        help_text=_("The plan's name when it is not a plan of the registry."),
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ConsultationStatus.choices, default=ConsultationStatus.PREPARING
    )
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="+", verbose_name=_("themes"))
    sectors = models.ManyToManyField(Sector, blank=True, related_name="+", verbose_name=_("sectors consulted"))
    # What a process reports as a whole, when its sessions are not recorded one by one (a cited source).
    reported_meetings = models.PositiveIntegerField(_("meetings held, as reported"), null=True, blank=True)
    reported_organisations = models.PositiveIntegerField(
        _("organisations consulted, as reported"), null=True, blank=True
    )
    reported_people = models.PositiveIntegerField(_("people consulted, as reported"), null=True, blank=True)
    reported_note = models.TextField(
        _("about the reported figures"),
        blank=True,
        help_text=_("How the source gives them: “approximately”, “over”, which step of the process."),
    )

    history = HistoricalRecords(m2m_fields=[themes, sectors])

    class Meta:
        ordering = ["title"]
        verbose_name = _("consultation")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == ConsultationStatus.OPEN


class ConsultationPhase(Record):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="phases", verbose_name=_("consultation")
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("order in a list", "position"), default=1)
    name = models.CharField(_("name"), max_length=250)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["consultation_id", "position", "pk"]
        verbose_name = _("consultation phase")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="consultation_phase_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class ConsultationSession(Record):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("consultation")
    )
    phase = models.ForeignKey(
        ConsultationPhase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("phase"),
    )
    title = models.CharField(_("title"), max_length=250)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=250, blank=True)
    online = models.BooleanField(_("online"), default=False)
    organisations = models.ManyToManyField(
        "ecosystem.Organisation", blank=True, related_name="consultation_sessions", verbose_name=_("organisations")
    )
    summary = models.TextField(_("what was discussed"), blank=True)

    history = HistoricalRecords(m2m_fields=[organisations])

    class Meta:
        ordering = ["-held_on", "title", "pk"]
        verbose_name = _("consultation session")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%Y-%m-%d})"


class SessionAttendance(Record):
    """How many people of one sector took part in a session: a count, no personal data."""

    session = models.ForeignKey(
        ConsultationSession, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("session")
    )
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+", verbose_name=_("sector"))
    people = models.PositiveIntegerField(
        _("people"), null=True, blank=True, help_text=_("Leave empty when the sector took part but was not counted.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["session_id", "sector__name"]
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendance")
        constraints = [models.UniqueConstraint(fields=["session", "sector"], name="unique_session_sector")]

    def __str__(self) -> str:
        return f"{self.sector} · {self.people if self.people is not None else '—'}"


class ContributionSource(models.TextChoices):
    ORGANISATION = "organisation", _("From an organisation")
    PUBLIC = "public", _("From the public")


class Moderation(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Contribution(ModeratedRecord):
    """What an organisation or a member of the public said to a consultation, and what was done with it."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("consultation")
    )
    source = models.CharField(
        _("from"), max_length=12, choices=ContributionSource.choices, default=ContributionSource.ORGANISATION
    )
    organisation = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_contributions",
        verbose_name=_("contributing organisation"),
    )
    session = models.ForeignKey(
        ConsultationSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("heard at session"),
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("sector")
    )
    text = models.TextField(_("what was said"))
    received_on = models.DateField(_("received on"))
    objectives = models.ManyToManyField(
        "strategy.Objective", blank=True, related_name="+", verbose_name=_("objectives it concerns")
    )
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="+", verbose_name=_("themes"))
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.ACCEPTED, editable=False
    )
    # What was done with it: the objective or action line it changed, and a short account.
    changed_objective = models.ForeignKey(
        "strategy.Objective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("objective it changed"),
    )
    changed_action_line = models.ForeignKey(
        "strategy.ActionLine",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action line it changed"),
    )
    response = models.TextField(_("what we did"), blank=True)
    # Written by a member of the public, as they wrote it: read by the moderators, never published.
    contact_organisation = models.CharField(_("organisation or group, as written"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    history = HistoricalRecords(m2m_fields=[objectives, themes])

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("contribution")

    def __str__(self) -> str:
        words = self.text.split()
        short = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
        return f"{self.consultation} · {short}"

    @property
    def changed(self) -> object:
        """What it changed: the action line, else the objective (None when it changed neither)."""
        return self.changed_action_line or self.changed_objective
