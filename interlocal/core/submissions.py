"""One-time keys of create forms, kept in the session: a form submitted twice creates one record.

A double click, or Back and submit again, sends the same key a second time; the
session remembers the record each key created (the newest `KEPT` keys), so the
second submission leads to it instead of creating a twin. Two submissions
arriving at once are taken one after the other: the first holds a lock on the
user's row until its record and the session holding its key are committed.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest

SESSION_KEY = "interlocal_submissions"
KEPT = 50


def create_once(request: HttpRequest, key: str, create: Callable[[], Any]) -> tuple[Any, str | None]:
    """(record, None) after calling `create`, or (None, url of the record created before) for a used key."""
    if not key or not request.user.is_authenticated or request.session.session_key is None:
        return create(), None
    with transaction.atomic():
        get_user_model()._default_manager.select_for_update().filter(pk=request.user.pk).exists()
        stored = request.session.load()  # as committed by any earlier submission, not as this request read it
        used: dict[str, str] = dict(stored.get(SESSION_KEY, {}))
        if key in used:
            return None, used[key]
        record = create()
        used[key] = record.get_absolute_url()
        request.session[SESSION_KEY] = dict(list(used.items())[-KEPT:])
        request.session.save()  # in this transaction, so a waiting twin sees the key
    return record, None
