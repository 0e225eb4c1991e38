"""Base models every domain record builds on, plus roles, API tokens and reference data.

A *record* (territory, organisation, agreement, project…) has an owning
organisation, a visibility, an archive date instead of deletion, and a full
change history kept by django-simple-history.
"""

import functools
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .access import Access, Author
from .visibility import RecordQuerySet, rule_allows, rule_q

# A record's key in its detail URL is replaced by this one once, then by each record's: `reverse` takes tens of
# microseconds, and a page or an API list links hundreds of records.
_KEY_IN_URL = 987_654_321_012


@functools.cache
def _choice_labels(field: models.Field) -> dict[Any, Any]:  # type: ignore[type-arg]
    """A choice field's labels by value, each translated when it is read."""
    return dict(field.flatchoices)


@functools.cache
def _url_around_key(name: str, urlconf: str | None, script_prefix: str) -> tuple[str, str]:
    """The URL named `name` for a record, before and after its key (for this URL conf and prefix)."""
    before, key, after = reverse(name, args=[_KEY_IN_URL], urlconf=urlconf).rpartition(str(_KEY_IN_URL))
    assert key, name
    return before, after


class Visibility(models.TextChoices):
    DRAFT = "draft", _("Draft")
    INTERNAL = "internal", _("Internal")
    PUBLIC = "public", _("Public")


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


class Record(models.Model):
    """Abstract base of every domain record."""

    owner = models.ForeignKey(
        "ecosystem.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owning organisation"),
        help_text=_("The organisation responsible for this record; its editors may change it."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Generated example data, not a cited fact."),
    )
    citation = models.CharField(_("citation"), max_length=300, blank=True, help_text=_("Where this fact comes from."))
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        name = f"{self._meta.app_label}:{self._meta.model_name}-detail"
        if self.pk is None:  # not saved: no URL, as reverse says
            return reverse(name, args=[self.pk])
        before, after = _url_around_key(name, get_urlconf(), get_script_prefix())
        return f"{before}{self.pk}{after}"

    def _get_FIELD_display(self, field: models.Field) -> Any:  # type: ignore[type-arg]  # noqa: N802 - Django's name
        """A choice's label (`get_<field>_display`), looked up in a table made once per field: Django makes it
        again at every call, some 75 times for a list of 25 records."""
        value = getattr(self, field.attname)
        return force_str(_choice_labels(field).get(value, value), strings_only=True)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def prepare_restore(self, user: Author) -> None:
        """Called when a past version's fields have been set back, before the save (core.services.record_revert).

        A kind whose fields must not come back as they were, such as a review workflow's
        status, sets them here; by default everything comes back.
        """

    @classmethod
    def visible_q(cls, access: Access, *, prefix: str = "", include_archived: bool = False) -> Q:
        """Who may read a record of this kind, as a filter on fields reached through `prefix`.

        Anonymous readers see public records; members of any organisation also internal ones
        and their own organisations' drafts; coordinators everything. Archived records only
        for signed-in readers who ask for them. A kind with a stricter rule overrides this.
        """
        return rule_q(access, prefix=prefix, include_archived=include_archived)

    @classmethod
    def history_q(cls, access: Access) -> Q:
        """Which past versions a signed-in reader may read, as a filter on the history rows: by default
        those from when the record was visible to them. A kind holding personal data narrows it."""
        return cls.visible_q(access, include_archived=True)

    def is_visible_to(self, access: Access) -> bool:
        """The rule of `visible_q` on this record (archived records only for signed-in readers)."""
        return rule_allows(access, self)

    def editing_organisation_ids(self) -> set[int]:
        """Organisations whose editors may change this record."""
        return {self.owner_id}


class ModeratedRecord(Record):
    """A record sent by the public (a request about a practice, a contribution to a consultation): until it is
    accepted, only those who moderate it read it, its owner's editors and the coordinators.

    The kind has a `moderation` field whose accepted value is "accepted".
    """

    ACCEPTED = "accepted"

    class Meta:
        abstract = True

    @classmethod
    def visible_q(cls, access: Access, *, prefix: str = "", include_archived: bool = False) -> Q:
        condition = super().visible_q(access, prefix=prefix, include_archived=include_archived)
        if access.coordinator:
            return condition
        accepted = Q(**{f"{prefix}moderation": cls.ACCEPTED})
        return condition & (accepted | Q(**{f"{prefix}owner_id__in": access.edits_for}))

    def is_visible_to(self, access: Access) -> bool:
        if not super().is_visible_to(access):
            return False
        moderation = getattr(self, "moderation", None)
        return access.coordinator or moderation == self.ACCEPTED or self.owner_id in access.edits_for


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """Abstract base of every background job (an import, a report): who started it and how far it got.

    Its fields are written only by the services of `core.jobs`, so every job moves through the same
    statuses and a page can follow any of them with the same progress partial.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        return min(100, int(100 * self.done / self.total)) if self.total else 0


class UserRole(models.Model):
    """A user's role within one organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    organisation = models.ForeignKey("ecosystem.Organisation", on_delete=models.CASCADE, related_name="user_roles")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("user role")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_user_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class ApiToken(models.Model):
    """A bearer token for API writes. Only its SHA-256 digest is stored; revoked tokens are kept for history."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    # last_used_at is written with update(), which history does not see: a use is not a change.
    # The digest stays out of history, so a copy of the history tables lets no one match a token.
    history = HistoricalRecords(excluded_fields=["digest", "last_used_at"])

    class Meta:
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @staticmethod
    def digest_for(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def new_raw_token() -> str:
        return "il_" + secrets.token_urlsafe(32)


class Theme(models.Model):
    """A thematic area of international action (mobility, climate, culture…)."""

    loaded_reference = True  # loaded with the release, never edited by the product (core.memo)

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")

    def __str__(self) -> str:
        return self.name


class SdgGoal(models.Model):
    """One of the 17 Sustainable Development Goals, with its titles in our languages."""

    number = models.PositiveSmallIntegerField(primary_key=True)
    title_en = models.TextField()
    title_ca = models.TextField()
    title_es = models.TextField()
    short_en = models.CharField(max_length=120)
    short_ca = models.CharField(max_length=120)
    short_es = models.CharField(max_length=120)

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG goal")

    def __str__(self) -> str:
        return f"SDG {self.number}: {translated(self, 'short')}"


class SdgTarget(models.Model):
    loaded_reference = True  # loaded with the release, never edited by the product (core.memo)
    code = models.CharField(max_length=8, primary_key=True)  # "11.4", "17.19", "11.a"
    position = models.PositiveSmallIntegerField()  # order within the goal: 11.1 … 11.7, 11.a
    goal = models.ForeignKey(SdgGoal, on_delete=models.CASCADE, related_name="targets")
    title_en = models.TextField()
    title_ca = models.TextField()
    title_es = models.TextField()

    class Meta:
        ordering = ["goal_id", "position"]
        verbose_name = _("SDG target")

    def __str__(self) -> str:
        return f"{self.code} {translated(self, 'title')[:90]}"


def translated(obj: models.Model, field: str) -> str:
    """The value of `<field>_<active language>`, falling back to English."""
    language = (get_language() or "en")[:2]
    return str(getattr(obj, f"{field}_{language}", None) or getattr(obj, f"{field}_en"))
