"""Transversal coordination: coordination bodies, their meetings, decisions and follow-up actions;
changes of government (for dormant-agreement alerts); and the user's decisions on findings.

The findings themselves (overlaps, gaps, synergies…) are computed on read in `findings.py`;
only what people decide about them is stored, keyed by the finding's fingerprint.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from interlocal.core.models import Record


class GovernmentChange(Record):
    """A change of government (an election, a new mayor or president) in a territory or a partner place."""

    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="government_changes",
        verbose_name=_("territory"),
    )
    partner_place = models.ForeignKey(
        "diplomacy.PartnerPlace",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="government_changes",
        verbose_name=_("partner place"),
    )
    changed_on = models.DateField(_("changed on"))
    description = models.CharField(_("description"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-changed_on"]
        verbose_name = _("change of government")
        verbose_name_plural = _("changes of government")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(territory__isnull=False) | models.Q(partner_place__isnull=False),
                name="government_change_has_place",
            )
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.changed_on})"


class BodyRole(models.TextChoices):
    CONVENER = "convener", _("Convener")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


class BodyMember(Record):
    """An organisation taking part in a coordination body (roundtable, steering committee, council)."""

    body = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        related_name="body_members",
        verbose_name=_("coordination body"),
        limit_choices_to={"kind": "coordination_body"},
    )
    organisation = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        related_name="body_memberships",
        verbose_name=_("member organisation"),
    )
    role = models.CharField(_("role"), max_length=12, choices=BodyRole.choices, default=BodyRole.MEMBER)

    history = HistoricalRecords()

    class Meta:
        ordering = ["body__name", "organisation__name"]
        verbose_name = _("coordination body member")
        constraints = [models.UniqueConstraint(fields=["body", "organisation"], name="unique_body_member")]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.body}"


class Meeting(Record):
    """A meeting of a coordination body, with its agenda and who attended."""

    body = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        related_name="coordination_meetings",
        verbose_name=_("coordination body"),
        limit_choices_to={"kind": "coordination_body"},
    )
    title = models.CharField(_("title"), max_length=250)
    held_on = models.DateField(_("held on"))
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    attendees = models.ManyToManyField(
        "ecosystem.Organisation", blank=True, related_name="meetings_attended", verbose_name=_("attendees")
    )

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("coordination meeting")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on})"


class Decision(Record):
    """A decision taken at a coordination meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("meeting"))
    text = models.TextField(_("decision"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("decision")

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS]


class FollowUpAction(Record):
    """Something someone must do: decided at a meeting, or drawn from a finding."""

    title = models.CharField(_("action"), max_length=250)
    responsible = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        related_name="follow_up_actions",
        verbose_name=_("responsible organisation"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    notes = models.TextField(_("notes"), blank=True)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="actions", verbose_name=_("meeting")
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="actions", verbose_name=_("decision")
    )
    finding = models.CharField(
        _("finding"), max_length=64, blank=True, help_text=_("Fingerprint of the finding this action answers.")
    )
    agreement = models.ForeignKey(
        "diplomacy.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_up_actions",
        verbose_name=_("agreement"),
    )
    partner_place = models.ForeignKey(
        "diplomacy.PartnerPlace",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_up_actions",
        verbose_name=_("partner place"),
    )
    subject = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_up_actions_about",
        verbose_name=_("about organisation or network"),
    )
    engagement = models.ForeignKey(
        "diplomacy.Engagement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_up_actions",
        verbose_name=_("engagement"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up action")
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.title

    def editing_organisation_ids(self) -> set[int]:
        # The organisation responsible for an action may report its progress.
        return {self.owner_id, self.responsible_id}


class DecisionKind(models.TextChoices):
    DISMISSED = "dismissed", _("Dismissed")
    ACTIONED = "actioned", _("Turned into an action")


class FindingDecision(Record):
    """What a person decided about a computed finding (dismissed with a reason, or acted upon)."""

    fingerprint = models.CharField(_("finding"), max_length=64, db_index=True)
    rule = models.CharField(_("rule"), max_length=30)
    summary = models.CharField(_("summary"), max_length=300)
    kind = models.CharField(_("decision"), max_length=12, choices=DecisionKind.choices)
    reason = models.TextField(_("reason"), blank=True)
    action = models.ForeignKey(
        FollowUpAction, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("action")
    )
    engagement = models.ForeignKey(
        "diplomacy.Engagement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("joint mission"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("decision on a finding")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary}"
