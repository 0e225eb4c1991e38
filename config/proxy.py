"""The client's address behind reverse proxies, for login throttling (AXES_CLIENT_IP_CALLABLE)."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address the outermost trusted proxy received the request from.

    Each of the INTERLOCAL_TRUSTED_PROXY_COUNT proxies appends the address it was reached from to
    X-Forwarded-For (nginx: `proxy_add_x_forwarded_for`), so the client is that many entries from
    the right; whatever a client wrote further left is its own claim and ignored. With no trusted
    proxy (the default) the header is ignored and REMOTE_ADDR is the client.
    """
    remote: str | None = request.META.get("REMOTE_ADDR")
    count: int = settings.INTERLOCAL_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [hop.strip() for hop in header.split(",") if hop.strip()]
    if len(forwarded) < count:  # did not come through every proxy: the nearest one is all we know
        return remote
    return forwarded[-count]
