"""Writes of the results app: observations and their approval workflow.

draft → submitted → approved, or → returned (with a note) → submitted again.
Only approved values count in aggregates. Editing a value sends it back to draft.
Whoever may edit an observation may submit it; a coordinator, or an editor of
the organisation that owns the indicator, approves or returns it.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from interlocal.core import services
from interlocal.core.permissions import SYSTEM, Access, can_edit, require_edit

from .models import Indicator, Observation, ObservationStatus


def can_review(access: Access, indicator: Indicator) -> bool:
    return access.coordinator or can_edit(access, indicator)


def observation_create(*, access: Access, user: Any, fields: dict[str, Any]) -> Observation:
    fields = {**fields, "status": ObservationStatus.DRAFT, "review_note": ""}
    if getattr(user, "is_authenticated", False):
        fields.setdefault("entered_by", user)
    return services.record_create(access=access, user=user, model=Observation, fields=fields)


def observation_update(*, access: Access, user: Any, instance: Observation, fields: dict[str, Any]) -> Observation:
    """A changed value has to be approved again."""
    return services.record_update(
        access=access, user=user, instance=instance, fields={**fields, "status": ObservationStatus.DRAFT}
    )


def _transition(
    *, access: Access, user: Any, observation: Observation, allowed_from: set[str], to: str, note: str = ""
) -> Observation:
    if observation.status not in allowed_from:
        raise ValidationError(
            _("“%(observation)s” is %(status)s and cannot be %(action)s.")
            % {"observation": observation, "status": observation.get_status_display().lower(), "action": to}
        )
    # The caller has checked the permission: a reviewer need not own the observation.
    return services.record_update(
        access=SYSTEM,
        user=user,
        instance=observation,
        fields={"status": to, "review_note": note},
        reason=to,
    )


def observations_submit(*, access: Access, user: Any, observations: Iterable[Observation]) -> int:
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
            )
            count += 1
    return count


def _require_review(access: Access, observation: Observation) -> None:
    if not can_review(access, observation.indicator):
        raise PermissionDenied(_("Only a coordinator or an editor of the indicator's organisation may review values."))


def observations_approve(*, access: Access, user: Any, observations: Iterable[Observation]) -> int:
    count = 0
    with transaction.atomic():
        for observation in observations:
            _require_review(access, observation)
            _transition(
                access=access,
                user=user,
                observation=observation,
                allowed_from={ObservationStatus.SUBMITTED},
                to=ObservationStatus.APPROVED,
            )
            count += 1
    return count


def observation_return(*, access: Access, user: Any, observation: Observation, note: str) -> Observation:
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


def observations_bulk_create(*, access: Access, user: Any, observations: list[Observation], reason: str) -> int:
    """Create many observations in one transaction, each with its history entry (imports, default data).

    The rows go to the database with `executemany` on both the observation and
    its history table, without the ORM's per-object SQL compilation: an import
    of a million values must stay near the database's own bulk load.
    """
    from interlocal.core.permissions import require_create

    for owner_id in {o.owner_id for o in observations}:
        require_create(access, owner_id)
    if not observations:
        return 0
    ops = connection.ops
    now = timezone.now()
    stamp = ops.adapt_datetimefield_value(now)
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    columns = [str(f.column) for f in Observation._meta.concrete_fields if not f.primary_key]
    fields = [f for f in Observation._meta.concrete_fields if not f.primary_key]

    def row(observation: Observation) -> list[Any]:
        return [
            observation.owner_id, observation.visibility, observation.language, observation.illustrative,
            observation.citation, None, stamp, stamp, observation.indicator_id, observation.territory_id,
            observation.period_kind, ops.adapt_datefield_value(observation.period_start),
            ops.adapt_decimalfield_value(observation.value, 20, 4), observation.breakdown, observation.status,
            observation.review_note, observation.source, observation.entered_by_id, observation.import_run_id,
        ]  # fmt: skip

    assert [f.attname for f in fields] == [  # noqa: S101 - the row layout above must follow the model
        "owner_id", "visibility", "language", "illustrative", "citation", "archived_at", "created_at", "updated_at",
        "indicator_id", "territory_id", "period_kind", "period_start", "value", "breakdown", "status",
        "review_note", "source", "entered_by_id", "import_run_id",
    ]  # fmt: skip
    table = connection.ops.quote_name(Observation._meta.db_table)
    history = Observation.history.model  # type: ignore[attr-defined]
    history_table = connection.ops.quote_name(history._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with transaction.atomic(), connection.cursor() as cursor:
        rows = [row(o) for o in observations]
        for start in range(0, len(rows), 5000):
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows[start : start + 5000])  # noqa: S608
        # The new rows' ids, found by their unique key among the rows written at this instant.
        indicator_ids = sorted({o.indicator_id for o in observations})
        cursor.execute(
            f"SELECT id, indicator_id, territory_id, period_kind, period_start, breakdown FROM {table} "  # noqa: S608
            f"WHERE created_at = %s AND indicator_id IN ({', '.join(['%s'] * len(indicator_ids))})",
            [stamp, *indicator_ids],
        )
        ids = {
            (i, t, k, d if isinstance(d, str) else ops.adapt_datefield_value(d), b): pk
            for pk, i, t, k, d, b in cursor.fetchall()
        }
        history_columns = ["id", *columns, "history_date", "history_change_reason", "history_type", "history_user_id"]
        history_rows = [[ids[(r[8], r[9], r[10], r[11], r[13])], *r, stamp, reason[:100], "+", user_id] for r in rows]
        history_quoted = ", ".join(connection.ops.quote_name(c) for c in history_columns)
        history_marks = ", ".join(["%s"] * len(history_columns))
        for start in range(0, len(history_rows), 5000):
            cursor.executemany(
                f"INSERT INTO {history_table} ({history_quoted}) VALUES ({history_marks})",  # noqa: S608
                history_rows[start : start + 5000],
            )
    return len(observations)
