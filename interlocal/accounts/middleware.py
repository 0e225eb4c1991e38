"""When the setting asks for it, coordinators without a confirmed authenticator set one up before anything else."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from interlocal.core.permissions import access_for

# What a coordinator may still reach before setting up two-factor login: the set-up page, logging out,
# the language switch, static files, and the public portal.
OPEN_PREFIXES = ("/static/", "/i18n/", "/portal/", "/accounts/logout/", "/api/")


def require_two_factor_for_coordinators(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        if getattr(settings, "INTERLOCAL_REQUIRE_2FA_FOR_COORDINATORS", False) and _must_set_up(request):
            return HttpResponseRedirect(reverse("accounts:two-factor"))
        return get_response(request)

    return middleware


def _must_set_up(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.path.startswith(OPEN_PREFIXES):
        return False
    if request.path == reverse("accounts:two-factor") or not access_for(user).coordinator:
        return False
    return not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
