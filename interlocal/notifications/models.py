"""What each person should know: notifications, their preferences, the daily digest, calendar feeds.

A notification is about one record and one occurrence of an event (a value returned on a
given day, an agreement ending on a given date…): the database keeps one per user, kind,
record and occurrence, so generating the day's notifications twice creates nothing new.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class NotificationKind(models.TextChoices):
    VALUE_RETURNED = "value_returned", _("Values returned to you")
    REVIEW_WAITING = "review_waiting", _("Values waiting for your review")
    ACTION_ASSIGNED = "action_assigned", _("Follow-up actions assigned to your organisation")
    ACTION_OVERDUE = "action_overdue", _("Overdue follow-up actions")
    AGREEMENT_ENDING = "agreement_ending", _("Agreements ending within 90 days")
    AGREEMENT_DORMANT = "agreement_dormant", _("Agreements newly dormant")


class Notification(models.Model):
    """One event a user should know about, shown in the inbox and listed in a digest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    record_id = models.PositiveBigIntegerField(_("record"))  # of the model the kind names (see events.KIND_MODELS)
    occurrence = models.CharField(_("occurrence"), max_length=64, blank=True)  # a date, a finding's fingerprint
    text = models.TextField(_("text"))  # written in the user's language when the event was found
    url = models.CharField(_("link"), max_length=500)  # a path on this site
    day = models.DateField(_("day"))  # the day of the run that found it
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    in_app = models.BooleanField(_("in the inbox"), default=True)
    in_digest = models.BooleanField(_("in the digest"), default=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "record_id", "occurrence"], name="unique_notification")
        ]
        indexes = [models.Index(fields=["user", "in_app", "read_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return self.text

    @property
    def unread(self) -> bool:
        return self.read_at is None


class Preference(models.Model):
    """Whether a user wants one kind of notification in the inbox and in the digest (both when absent)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    in_app = models.BooleanField(_("in the inbox"), default=True)
    in_digest = models.BooleanField(_("in the daily e-mail"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification preference")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="unique_notification_preference")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"


class DigestSettings(models.Model):
    """A user's language for the e-mails (the site's default when empty)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_settings")
    language = models.CharField(_("language of the e-mails"), max_length=8, choices=settings.LANGUAGES, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("digest settings")

    def __str__(self) -> str:
        return f"{self.user} · {self.language or '-'}"


class DigestDelivery(models.Model):
    """The digest sent to a user for a day: at most one, whatever the number of runs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    count = models.PositiveIntegerField(_("notifications"), default=0)

    class Meta:
        verbose_name = _("digest sent")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="unique_digest_per_day")]

    def __str__(self) -> str:
        return f"{self.user} · {self.day}"


class FeedScope(models.TextChoices):
    MINE = "mine", _("My organisations' engagements and meetings")
    ALL = "all", _("Every engagement and meeting I may see")


class CalendarFeed(models.Model):
    """A secret calendar address of one user. Only the SHA-256 digest of its token is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("what it holds"), max_length=10, choices=FeedScope.choices, default=FeedScope.MINE)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    # The digest stays out of history, as the token's own (core.ApiToken).
    history = HistoricalRecords(excluded_fields=["digest", "last_used_at"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_scope_display()}"

    @staticmethod
    def digest_for(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def new_raw_token() -> str:
        return secrets.token_urlsafe(32)
