"""API authentication: bearer tokens for writes; reads work anonymously or with a token."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from interlocal.core.models import ApiToken
from interlocal.core.two_factor import Owed, second_factor_owed


def user_for_token(raw: str) -> Any:
    """The active user behind a token that is neither revoked nor expired; None otherwise (the API answers 401)."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), digest=ApiToken.digest_for(raw), revoked_at=None)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return user_for_token(token)


def reader(request: HttpRequest) -> Any:
    """The user behind a read: a valid bearer token's user, the session user, or anonymous.

    A bearer token that is unknown, revoked or expired, or whose user is deactivated, is refused
    (401) rather than read as anonymous, so a client learns that its credential stopped working.
    A session that still owes its second factor (core.two_factor) reads as anonymous: a password
    alone opens no internal record. Writes take bearer tokens only (TokenAuth).
    """
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(header[7:].strip())
        if user is None:
            raise AuthenticationError
        return user
    if second_factor_owed(request) != Owed.NOTHING:
        return AnonymousUser()
    return request.user
