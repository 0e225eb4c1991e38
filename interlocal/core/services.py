"""The writes every record shares: create, update, archive, restore a past version.

Each runs in one transaction, checks permissions first, and leaves a history
entry naming the user. App services build on these for domain logic.
"""

from typing import Any, TypeVar, cast

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from .access import Author
from .hooks import record_changed
from .models import Record
from .permissions import SYSTEM, Access, require_create, require_edit
from .versions import StaleVersion, version_at

R = TypeVar("R", bound=Record)


def attach_history(instance: Model, *, user: Author, reason: str) -> None:
    """Name the acting user and the reason in the history row the next save of `instance` writes."""
    instance._history_user = user if getattr(user, "is_authenticated", False) else None  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]


def record_create(
    *,
    access: Access,
    user: Author,
    model: type[R],
    fields: dict[str, Any],
    m2m: dict[str, Any] | None = None,
    reason: str = "created",
) -> R:
    require_create(access, getattr(fields.get("owner"), "pk", fields.get("owner_id")))
    with transaction.atomic():
        instance = model(**fields)
        attach_history(instance, user=user, reason=reason)
        instance.save()
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
        record_changed(instance, created=True)
    return instance


def record_update(
    *,
    access: Access,
    user: Author,
    instance: R,
    fields: dict[str, Any],
    m2m: dict[str, Any] | None = None,
    reason: str = "edited",
    version: str | None = None,
) -> R:
    """Change a record; with `version`, only if it is still at the version the edit was made from.

    The owner is compared with the stored one (a bound form has already set the new one on the
    instance): keeping it needs only the right to edit, giving the record away also the new
    owner's rights.
    """
    require_edit(access, instance)
    with transaction.atomic():
        stored = (
            type(instance)
            ._default_manager.select_for_update()  # the row stays as read until this edit commits
            .filter(pk=instance.pk)
            .values_list("updated_at", "owner_id")
            .first()
        )
        if version is not None and (stored is None or version_at(stored[0]) != version):
            raise StaleVersion(instance, version)
        for name, value in fields.items():
            setattr(instance, name, value)
        if stored is None or instance.owner_id != stored[1]:
            require_create(access, instance.owner_id)
        attach_history(instance, user=user, reason=reason)
        instance.save()
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
        record_changed(instance)
    return instance


def record_set_archived(*, access: Access, user: Author, instance: R, archived: bool) -> R:
    require_edit(access, instance)
    with transaction.atomic():
        instance.archived_at = timezone.now() if archived else None
        attach_history(instance, user=user, reason="archived" if archived else "unarchived")
        instance.save(update_fields=["archived_at", "updated_at"])
        record_changed(instance)
    return instance


def record_revert(*, access: Access, user: Author, instance: R, history_id: int) -> R:
    """Restore the field values (and many-to-many sets) a record had in a past version."""
    require_edit(access, instance)
    version = instance.history.get(history_id=history_id)  # type: ignore[attr-defined]
    past = version.instance
    fields = {
        f.attname: getattr(past, f.attname)
        for f in instance._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in ("created_at", "updated_at")
    }
    m2m = {
        field.name: [getattr(row, field.m2m_reverse_field_name() + "_id") for row in getattr(version, field.name).all()]
        for field in getattr(type(version), "_history_m2m_fields", [])
    }
    if fields["owner_id"] != instance.owner_id:  # as in an edit: only a change of owner needs the new one's rights
        require_create(access, fields["owner_id"])
    with transaction.atomic():
        for attname, value in fields.items():
            setattr(instance, attname, value)
        instance.prepare_restore(user)
        attach_history(instance, user=user, reason=f"restored version {history_id}")
        instance.save()
        for name, values in m2m.items():
            getattr(instance, name).set(values)
        record_changed(instance)
    return instance


def create_if_missing(
    model: type[R], lookup: dict[str, Any], fields: dict[str, Any], m2m: dict[str, Any] | None = None
) -> tuple[R, bool]:
    """The record matching `lookup`, created as the system if it does not exist: what keeps default data idempotent."""
    existing = cast(R | None, model._default_manager.filter(**lookup).first())
    if existing is not None:
        return existing, False
    record = record_create(access=SYSTEM, user=None, model=model, fields={**lookup, **fields}, m2m=m2m)
    return record, True
