"""API authentication: bearer tokens for writes; reads work anonymously or with a token."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from interlocal.core.models import ApiToken


def user_for_token(raw: str) -> Any:
    token = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_for(raw)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return user_for_token(token)


def reader(request: HttpRequest) -> Any:
    """The user behind a read: a valid bearer token's user, the session user, or anonymous."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(header[7:].strip())
        if user is not None:
            return user
    return request.user
