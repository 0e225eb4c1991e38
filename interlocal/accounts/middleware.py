"""Sessions that owe a second factor (core.two_factor) reach nothing that needs one.

A session without the code of its person's confirmed authenticator (one opened before it was set up)
is ended, and the request goes on anonymously: pages that need a login ask for the password and the code.
A coordinator who must set up an authenticator is sent to do so first.
"""

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from interlocal.core.two_factor import Owed, second_factor_owed

# What a coordinator may still reach before setting up two-factor login: the set-up page, logging out,
# the language switch, static files, the public portal, and the API (which reads their session as anonymous).
OPEN_PREFIXES = ("/static/", "/i18n/", "/portal/", "/accounts/logout/", "/api/")


def require_two_factor_for_coordinators(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/static/"):
            return get_response(request)
        owed = second_factor_owed(request)
        if owed == Owed.CODE:
            logout(request)
        elif owed == Owed.SET_UP and not _setting_up(request):
            return HttpResponseRedirect(reverse("accounts:two-factor"))
        return get_response(request)

    return middleware


def _setting_up(request: HttpRequest) -> bool:
    return request.path.startswith(OPEN_PREFIXES) or request.path == reverse("accounts:two-factor")
