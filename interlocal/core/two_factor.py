"""The one rule of two-factor login: what a signed-in person still owes before their session counts.

The back office's middleware (accounts.middleware) sends them to set up an authenticator or to log in
again with its code; the API (core.api.auth) reads such a session as anonymous. A person who has
confirmed an authenticator owes its code in every session, including one opened before they set it up.
"""

from enum import StrEnum
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_otp import user_has_device

from .permissions import access_for


class Owed(StrEnum):
    NOTHING = ""
    SET_UP = "set-up"  # a coordinator, when the deployment requires it, without a confirmed authenticator
    CODE = "code"  # a confirmed authenticator whose code this session has not given


def two_factor_required(user: Any) -> bool:
    """Whether `user` must have an authenticator: coordinators, when INTERLOCAL_REQUIRE_2FA_FOR_COORDINATORS is on."""
    return bool(getattr(settings, "INTERLOCAL_REQUIRE_2FA_FOR_COORDINATORS", False)) and access_for(user).coordinator


def second_factor_owed(request: HttpRequest) -> Owed:
    """What the session's user still owes; NOTHING for anonymous requests and verified sessions.

    Asked twice in an API request (the back office's middleware, then the API's authentication): the answer is kept
    on the request, for as long as the same user with the same verified device is signed in on it.
    """
    user: Any = getattr(request, "user", None)
    asked = (id(user), getattr(user, "otp_device", None))
    kept: tuple[Any, Owed] | None = getattr(request, "_second_factor_owed", None)
    if kept is not None and kept[0] == asked:
        return kept[1]
    owed = _owed(request)
    request._second_factor_owed = (asked, owed)  # type: ignore[attr-defined]
    return owed


def _owed(request: HttpRequest) -> Owed:
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Owed.NOTHING
    is_verified = getattr(user, "is_verified", None)  # installed by django-otp's OTPMiddleware
    if is_verified is not None and is_verified():
        return Owed.NOTHING
    if user_has_device(user, confirmed=True):
        return Owed.CODE
    return Owed.SET_UP if two_factor_required(user) else Owed.NOTHING
