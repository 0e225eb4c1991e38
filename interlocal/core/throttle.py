"""How many times one client address may do something an hour: the public forms that need no account.

Counted in Django's cache (several server processes need a cache they share, such as Django's database
cache), per client address as login throttling reads it (`AXES_CLIENT_IP_CALLABLE`, proxies known). Each
allowance names its setting: a request about a practice, a contribution to a consultation, a subscription
to the weekly bulletin.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.module_loading import import_string

RATE_WINDOW = 3600  # seconds: the allowance is per hour


@dataclass(frozen=True)
class HourlyAllowance:
    name: str  # the cache key's prefix
    setting: str  # the setting giving how many an hour

    def per_hour(self) -> int:
        return int(getattr(settings, self.setting))

    def _key(self, request: HttpRequest) -> str:
        client_ip = import_string(settings.AXES_CLIENT_IP_CALLABLE)
        return f"{self.name}:{client_ip(request) or 'unknown'}"

    def left(self, request: HttpRequest) -> bool:
        return int(cache.get(self._key(request), 0)) < self.per_hour()

    def spend(self, request: HttpRequest) -> None:
        key = self._key(request)
        if not cache.add(key, 1, RATE_WINDOW):
            try:
                cache.incr(key)
            except ValueError:  # expired between the two calls
                cache.set(key, 1, RATE_WINDOW)
