"""Media monitoring and the weekly bulletin (M15).

ACI Medellín's Communications Area "attends to and monitors national and international media", and the
agency "publishes a weekly bulletin" (Study §4, Reputation as a factor for improving the attractiveness of
cities). A *source* is a feed (RSS or Atom, polled by `poll_feeds`) or a place mentions are typed in from;
a *mention* is one article, broadcast or post about the metropolis's international action, linked to the
organisations, engagements and projects it names. The *bulletin* of a week is generated as a job from the
week's public records and e-mailed to the subscribers who confirmed their address.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from interlocal.core.models import Job, Record


class SourceKind(models.TextChoices):
    FEED = "feed", _("RSS or Atom feed")
    MANUAL = "manual", _("Manual entries")


class PollStatus(models.TextChoices):
    NEVER = "", _("Never polled")
    OK = "ok", _("Read")
    FAILED = "failed", _("Failed")


class Source(Record):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=SourceKind.choices, default=SourceKind.FEED)
    feed_url = models.URLField(
        _("feed address"),
        max_length=1000,
        blank=True,
        help_text=_("The http(s) address of the RSS or Atom feed; empty for manual entries."),
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Polled by the scheduled job."))
    # What the last poll found, written by the poll (not a change of the record, so not in its history).
    last_polled_at = models.DateTimeField(_("last polled at"), null=True, blank=True, editable=False)
    last_poll_status = models.CharField(
        _("last poll"), max_length=10, choices=PollStatus.choices, default=PollStatus.NEVER, blank=True, editable=False
    )
    last_poll_error = models.TextField(_("last poll's error"), blank=True, editable=False)
    last_poll_added = models.PositiveIntegerField(_("mentions added by the last poll"), default=0, editable=False)

    history = HistoricalRecords(
        excluded_fields=["last_polled_at", "last_poll_status", "last_poll_error", "last_poll_added"]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("media source")

    def __str__(self) -> str:
        return self.name


class Tone(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")


class Mention(Record):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="mentions", verbose_name=_("source"))
    published_on = models.DateField(_("date"))
    outlet = models.CharField(_("outlet"), max_length=200, blank=True, help_text=_("The newspaper, site or channel."))
    title = models.CharField(_("title"), max_length=500)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    tone = models.CharField(_("tone"), max_length=10, choices=Tone.choices, default=Tone.NEUTRAL)
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="+", verbose_name=_("themes"))
    organisations = models.ManyToManyField(
        "ecosystem.Organisation", blank=True, related_name="mentions", verbose_name=_("organisations")
    )
    engagements = models.ManyToManyField(
        "diplomacy.Engagement", blank=True, related_name="mentions", verbose_name=_("engagements")
    )
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="mentions", verbose_name=_("projects")
    )
    # The feed entry's id (else its link): what makes a second poll of the same feed add nothing.
    entry_key = models.CharField(_("feed entry"), max_length=1000, blank=True, editable=False)

    history = HistoricalRecords(m2m_fields=[themes, organisations, engagements, projects])

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("media mention")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "entry_key"], condition=~Q(entry_key=""), name="unique_mention_per_feed_entry"
            )
        ]
        indexes = [models.Index(fields=["-published_on", "id"], name="mention_newest_first")]

    def __str__(self) -> str:
        return self.title


class FeedPoll(Job):
    """A "poll now" asked for from a source's page, run by the worker."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="polls", verbose_name=_("source"))
    added = models.PositiveIntegerField(_("mentions added"), default=0)

    class Meta(Job.Meta):
        verbose_name = _("feed poll")

    def __str__(self) -> str:
        return f"{self.source} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("media:feed-poll", args=[self.pk])


class Bulletin(Job):
    """The weekly bulletin of one week (Monday to Sunday), in one language: its page, its e-mail, its PDF."""

    week_start = models.DateField(_("week of"))
    language = models.CharField(_("language"), max_length=8, default="en")
    html = models.TextField(_("HTML"), blank=True, editable=False)
    text = models.TextField(_("text"), blank=True, editable=False)
    pdf = models.BinaryField(_("PDF"), blank=True, default=b"", editable=False)
    items = models.PositiveIntegerField(_("items"), default=0, editable=False)
    illustrative = models.BooleanField(_("illustrative"), default=False, editable=False)
    deliver = models.BooleanField(_("send to the subscribers"), default=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)
    sent_count = models.PositiveIntegerField(_("e-mails sent"), default=0, editable=False)

    class Meta(Job.Meta):
        ordering = ["-week_start", "-created_at"]
        verbose_name = _("weekly bulletin")
        verbose_name_plural = _("weekly bulletins")

    def __str__(self) -> str:
        return str(_("Bulletin of the week of %(day)s") % {"day": self.week_start.isoformat()})

    def get_absolute_url(self) -> str:
        return reverse("media:bulletin", args=[self.pk])


class BulletinSubscriber(models.Model):
    """An address that asked for the bulletin; it receives it once confirmed through the link it was sent.

    Unsubscribing deletes the row: nothing is kept about someone who left.
    """

    email = models.EmailField(_("e-mail"), unique=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    created_at = models.DateTimeField(_("subscribed at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("bulletin subscriber")

    def __str__(self) -> str:
        return self.email

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None
