"""Test-only middleware: the live server of the browser tests handles one request at a time.

With the in-memory SQLite test database, Django's live server shares the test's single
connection with every request thread. A page that fetches two things at once (a chart and
a map) then ran two queries on that connection together, which can deadlock.
"""

import threading
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_lock = threading.Lock()


def one_request_at_a_time(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        with _lock:
            return get_response(request)

    return middleware
