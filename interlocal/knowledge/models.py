"""The knowledge catalogue (M9): practices, knowledge-transfer requests, and the search index.

A *practice* is a living, documented solution one organisation offers others
(Medellín's catalogue of living practices, Seoul Solution). A *transfer request*
records a peer asking about it and the engagement that answers; one sent through
the public form waits in its practice's owner's moderation queue, seen by no one
else, and its requester follows it through a private link. `SearchEntry` is
the denormalised full-text index over practices and every registry record; its
engine side (an FTS5 table on SQLite, a tsvector column on PostgreSQL) is kept in
step by database triggers created in migration 0002.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from interlocal.core.models import ModeratedRecord, Record, Visibility


class Practice(Record):
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    problem = models.TextField(_("problem addressed"), blank=True)
    solution = models.TextField(_("solution"), blank=True)
    results = models.TextField(
        _("results"),
        blank=True,
        help_text=_("What changed, in words; indicators are linked from the results framework."),
    )
    # Extension point for the results framework (M6): link indicators to practices with
    # a model in that app pointing here (related_name="practice_indicators"), and list
    # them through `interlocal.knowledge.selectors.RESULT_INDICATOR_PROVIDERS`.
    partners = models.ManyToManyField(
        "ecosystem.Organisation", blank=True, related_name="practices", verbose_name=_("partners")
    )
    places = models.ManyToManyField(
        "diplomacy.PartnerPlace", blank=True, related_name="practices", verbose_name=_("places")
    )
    sdg_targets = models.ManyToManyField("core.SdgTarget", blank=True, related_name="+", verbose_name=_("SDG targets"))
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="+", verbose_name=_("themes"))
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True, help_text=_("Leave empty if still running."))
    contacts = models.ManyToManyField(
        "ecosystem.Person", blank=True, related_name="practices", verbose_name=_("contacts")
    )
    transferability = models.TextField(
        _("transferability"), blank=True, help_text=_("What another city needs to adopt it.")
    )
    lessons = models.TextField(_("lessons learnt"), blank=True)
    what_failed = models.TextField(_("what failed"), blank=True, help_text=_("Honest lessons: what did not work."))
    documents = models.JSONField(
        _("documents"), default=list, blank=True, help_text=_("Title and address of each document.")
    )

    history = HistoricalRecords(m2m_fields=[partners, places, sdg_targets, themes, contacts])

    class Meta:
        ordering = ["title"]
        verbose_name = _("practice")
        indexes = [
            models.Index(fields=["title", "id"], name="practice_title"),  # the lists' order
            models.Index(fields=["-started_on", "title", "id"], name="practice_newest"),  # the portal's catalogue
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="practice_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title


class TransferStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")


class Moderation(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected as spam")


class TransferRequest(ModeratedRecord):
    """A peer city or organisation asks to learn about a practice."""

    practice = models.ForeignKey(
        Practice, on_delete=models.PROTECT, related_name="transfer_requests", verbose_name=_("practice")
    )
    requester = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfer_requests",
        verbose_name=_("requesting organisation"),
    )
    requester_place = models.ForeignKey(
        "diplomacy.PartnerPlace",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfer_requests",
        verbose_name=_("requesting city or region"),
    )
    question = models.TextField(_("what they ask"))
    received_on = models.DateField(_("received on"))
    status = models.CharField(
        _("status"), max_length=12, choices=TransferStatus.choices, default=TransferStatus.RECEIVED
    )
    engagement = models.ForeignKey(
        "diplomacy.Engagement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfer_requests",
        verbose_name=_("answering engagement"),
        help_text=_("The delegation, visit or meeting that answers the request."),
    )
    answer = models.TextField(
        _("answer notes"),
        blank=True,
        help_text=_("A request sent through the public form shows these notes to its requester."),
    )
    # A request sent through the public form: who wrote it, as they wrote it, and where it stands.
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.ACCEPTED, editable=False
    )
    contact_organisation = models.CharField(_("organisation or city, as written"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    # SHA-256 of the requester's private link; the link itself is only in the e-mail they were sent.
    link_digest = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["link_digest"])

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("knowledge-transfer request")

    def __str__(self) -> str:
        asker = self.requester_place or self.requester or self.contact_organisation
        return f"{self.practice} ← {asker}" if asker else str(self.practice)

    @staticmethod
    def digest_for(link_token: str) -> str:
        return hashlib.sha256(link_token.encode()).hexdigest()


class SearchEntry(models.Model):
    """One searchable record: its text and what the permission filter needs (mirrors Record)."""

    kind = models.CharField(max_length=40)  # the EntitySpec key
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    # The title and body as the engines index them: words folded and stemmed in `language` (search.py).
    title_terms = models.TextField(blank=True, editable=False)
    body_terms = models.TextField(blank=True, editable=False)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    visibility = models.CharField(max_length=10, choices=Visibility.choices)
    owner_id = models.BigIntegerField()
    archived_at = models.DateTimeField(null=True, blank=True)
    illustrative = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id}: {self.title}"
