"""How many contributions one client address may send an hour, through the public form and the API together.

Counted in Django's cache (several server processes need a cache they share), per client address
as login throttling reads it (`AXES_CLIENT_IP_CALLABLE`, proxies known). The allowance is
`INTERLOCAL_CONTRIBUTIONS_PER_HOUR` (5 by default).
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.module_loading import import_string

RATE_WINDOW = 3600  # seconds: the allowance is per hour


def per_hour() -> int:
    return int(settings.INTERLOCAL_CONTRIBUTIONS_PER_HOUR)


def _key(request: HttpRequest) -> str:
    client_ip = import_string(settings.AXES_CLIENT_IP_CALLABLE)
    return f"participation:public-contributions:{client_ip(request) or 'unknown'}"


def allowance_left(request: HttpRequest) -> bool:
    return int(cache.get(_key(request), 0)) < per_hour()


def spend_allowance(request: HttpRequest) -> None:
    key = _key(request)
    if not cache.add(key, 1, RATE_WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, RATE_WINDOW)
