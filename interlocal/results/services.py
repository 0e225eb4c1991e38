"""Writes of the results app: observations and their approval workflow.

draft → submitted → approved, or → returned (with a note) → submitted again.
Only approved values count in aggregates. Editing a value sends it back to draft.
Whoever may edit an observation may submit it; a coordinator, or an editor of
the organisation that owns the indicator, approves or returns it. Four eyes: no
one approves a value they entered or submitted, unless the setting
INTERLOCAL_FOUR_EYES is off (a one-person office), and then history says so.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from interlocal.core import services
from interlocal.core.access import Author
from interlocal.core.permissions import SYSTEM, Access, can_edit, require_edit

from .models import Indicator, Observation, ObservationStatus
from .signals import send_values_changed

APPROVED_BY_AUTHOR = "approved by its own author (four eyes off)"


class SelfApproval(PermissionDenied):
    """Four eyes: the person who entered or submitted a value may not approve it."""


def can_review(access: Access, indicator: Indicator) -> bool:
    return access.coordinator or can_edit(access, indicator)


def four_eyes() -> bool:
    return bool(getattr(settings, "INTERLOCAL_FOUR_EYES", True))


def own_value(user: Author, observation: Observation) -> str:
    """How `user` had a hand in the value: "entered" (or last changed), "submitted" or "" (none)."""
    if user is None or not user.is_authenticated:
        return ""
    if observation.entered_by_id == user.pk:
        return "entered"
    return "submitted" if observation.submitted_by_id == user.pk else ""


def may_approve_own(user: Author, observation: Observation) -> bool:
    """False when four eyes forbid this user to approve this value."""
    return not (four_eyes() and own_value(user, observation))


def observation_create(*, access: Access, user: Author, fields: dict[str, Any]) -> Observation:
    fields = {**fields, "status": ObservationStatus.DRAFT, "review_note": ""}
    if getattr(user, "is_authenticated", False):
        fields.setdefault("entered_by", user)
    return services.record_create(access=access, user=user, model=Observation, fields=fields)


def observation_update(
    *, access: Access, user: Author, instance: Observation, fields: dict[str, Any], version: str | None = None
) -> Observation:
    """A changed value has to be approved again, and whoever changed it has entered it.

    `entered_by` names who entered the value as it is now (history keeps who entered it
    first): so four eyes count the last editor, and a reviewer who edits someone's value
    cannot then approve it once its author submits it.
    """
    changed = {**fields, "status": ObservationStatus.DRAFT, "submitted_by": None}
    if getattr(user, "is_authenticated", False):
        changed["entered_by"] = user
    return services.record_update(access=access, user=user, instance=instance, fields=changed, version=version)


def _transition(
    *,
    access: Access,
    user: Author,
    observation: Observation,
    allowed_from: set[str],
    to: str,
    note: str = "",
    extra: dict[str, Any] | None = None,
    reason: str = "",
) -> Observation:
    if observation.status not in allowed_from:
        raise ValidationError(
            _("“%(observation)s” is %(status)s and cannot be %(action)s.")
            % {
                "observation": observation,
                "status": observation.get_status_display().lower(),
                "action": ObservationStatus(to).label.lower(),
            }
        )
    # The caller has checked the permission: a reviewer need not own the observation.
    return services.record_update(
        access=SYSTEM,
        user=user,
        instance=observation,
        fields={"status": to, "review_note": note, **(extra or {})},
        reason=reason or to,
    )


def observations_submit(*, access: Access, user: Author, observations: Iterable[Observation]) -> int:
    count = 0
    with transaction.atomic():
        for observation in observations:
            require_edit(access, observation)
            _transition(
                access=access,
                user=user,
                observation=observation,
                allowed_from={ObservationStatus.DRAFT, ObservationStatus.RETURNED},
                to=ObservationStatus.SUBMITTED,
                extra={"submitted_by": user if getattr(user, "is_authenticated", False) else None},
            )
            count += 1
    return count


def _require_review(access: Access, observation: Observation) -> None:
    if not can_review(access, observation.indicator):
        raise PermissionDenied(_("Only a coordinator or an editor of the indicator's organisation may review values."))


def _require_other_eyes(user: Author, observation: Observation) -> str:
    """The history reason of the approval; refused when the approver entered or submitted the value."""
    hand = own_value(user, observation)
    if not hand:
        return ""
    if not four_eyes():
        return APPROVED_BY_AUTHOR
    if hand == "entered":
        message = _("You entered “%(observation)s”: someone else has to approve it (four eyes).")
    else:
        message = _("You submitted “%(observation)s”: someone else has to approve it (four eyes).")
    raise SelfApproval(message % {"observation": observation})


def observations_approve(*, access: Access, user: Author, observations: Iterable[Observation]) -> int:
    """Approve values, all or none: one the user may not approve refuses the whole batch."""
    count = 0
    with transaction.atomic():
        for observation in observations:
            _require_review(access, observation)
            reason = _require_other_eyes(user, observation)
            _transition(
                access=access,
                user=user,
                observation=observation,
                allowed_from={ObservationStatus.SUBMITTED},
                to=ObservationStatus.APPROVED,
                reason=reason,
            )
            count += 1
        if count:
            send_values_changed()
    return count


def observation_return(*, access: Access, user: Author, observation: Observation, note: str) -> Observation:
    note = note.strip()
    if not note:
        raise ValidationError(_("Say why the value is returned, so its author can correct it."))
    _require_review(access, observation)
    return _transition(
        access=access,
        user=user,
        observation=observation,
        allowed_from={ObservationStatus.SUBMITTED},
        to=ObservationStatus.RETURNED,
        note=note,
    )


# One value to create in bulk (imports, default data), in the order of its columns:
# (indicator_id, territory_id, period_kind, period_start, value, breakdown, source).
# A plain tuple: an import makes hundreds of thousands of them.
Measurement = tuple[int, int, str, datetime.date, Decimal, str, str]


class Shared(NamedTuple):
    """What every value of a bulk write shares: its owner, visibility, status and provenance."""

    owner_id: int
    visibility: str
    status: str = ObservationStatus.DRAFT
    illustrative: bool = False
    citation: str = ""
    entered_by_id: int | None = None
    import_run_id: int | None = None
    submitted_by_id: int | None = None


MEASURED = ["indicator_id", "territory_id", "period_kind", "period_start", "value", "breakdown", "source"]
BULK_COLUMNS = [
    "owner_id", "visibility", "language", "illustrative", "citation", "archived_at", "created_at", "updated_at",
    "indicator_id", "territory_id", "period_kind", "period_start", "value", "breakdown", "status",
    "review_note", "source", "entered_by_id", "import_run_id", "submitted_by_id",
]  # fmt: skip


def observations_bulk_create(
    *, access: Access, user: Author, shared: Shared, values: list[Measurement], reason: str
) -> int:
    """Create many observations sharing `shared` in one transaction, each with its history entry.

    Imports of hundreds of thousands of values must stay near the database's own
    bulk load (`make bench` measures it), so the rows skip the ORM and go in the
    way the database loads fastest: `COPY` on PostgreSQL; on SQLite, an
    unindexed staging table and one `INSERT … SELECT`. The database then copies
    the new rows into the history table itself, with one more `INSERT … SELECT`.
    """
    from interlocal.core.permissions import require_create

    require_create(access, shared.owner_id)
    if not values:
        return 0
    assert [f.attname for f in Observation._meta.concrete_fields if not f.primary_key] == BULK_COLUMNS  # noqa: S101
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(timezone.now())
    table = ops.quote_name(Observation._meta.db_table)
    history_table = ops.quote_name(Observation.history.model._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in BULK_COLUMNS)
    user_id = user.pk if user is not None and user.is_authenticated else None
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        before = cursor.fetchone()[0]
        if connection.vendor == "postgresql":
            _copy(cursor, table, columns, stamp, shared, values)
        else:
            _stage_and_insert(cursor, table, columns, stamp, shared, values)
        cursor.execute(
            f"INSERT INTO {history_table} (id, {columns}, history_date, history_change_reason, history_type, "  # noqa: S608
            f"history_user_id) SELECT id, {columns}, %s, %s, '+', %s FROM {table} WHERE id > %s AND created_at = %s",
            [stamp, reason[:100], user_id, before, stamp],
        )
    return len(values)


def _copy(cursor: Any, table: str, columns: str, stamp: Any, shared: Shared, values: list[Measurement]) -> None:
    """PostgreSQL: the rows straight into the table with COPY."""
    s = shared
    with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for indicator_id, territory_id, kind, start, value, breakdown, source in values:
            # a clash raises Django's IntegrityError, as an INSERT would
            copy.write_row(
                (
                    s.owner_id, s.visibility, "en", s.illustrative, s.citation, None, stamp, stamp, indicator_id,
                    territory_id, kind, start, value, breakdown, s.status, "", source, s.entered_by_id,
                    s.import_run_id, s.submitted_by_id,
                )
            )  # fmt: skip


def _stage_and_insert(
    cursor: Any, table: str, columns: str, stamp: Any, shared: Shared, values: list[Measurement]
) -> None:
    """SQLite: the values into a staging table without indexes, then into the table in one statement."""
    cursor.execute(f"CREATE TEMP TABLE bulk_observation ({', '.join(MEASURED)})")
    try:
        cursor.executemany(  # Django's SQLite adapters write the dates and decimals as it reads them
            f"INSERT INTO bulk_observation VALUES ({', '.join(['%s'] * len(MEASURED))})",  # noqa: S608
            values,
        )
        s = shared
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT %s, %s, 'en', %s, %s, NULL, %s, %s, indicator_id, "  # noqa: S608
            "territory_id, period_kind, period_start, value, breakdown, %s, '', source, %s, %s, %s "
            "FROM bulk_observation ORDER BY rowid",
            [s.owner_id, s.visibility, s.illustrative, s.citation, stamp, stamp, s.status, s.entered_by_id,
             s.import_run_id, s.submitted_by_id],
        )  # fmt: skip
    finally:
        cursor.execute("DROP TABLE bulk_observation")
